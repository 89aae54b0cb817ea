"""Reading photos of any common kind, and the article's preprocessing applied to pixels and boxes.

``load`` turns what users drop in (RGBA, palette, 16-bit, CMYK, EXIF-rotated, ...) into an
8-bit RGB or greyscale image and says what it converted. ``preprocess`` applies the article's
steps (EXIF transpose, resize to a width, centre square crop, greyscale, brightness, contrast,
sharpness) and returns a ``Geometry`` that maps boxes exactly as the pixels moved.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from PIL import Image, ImageEnhance, ImageStat

from links_detector.common.boxes import EXIF_TRANSPOSE, Box, transpose

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp")
EXIF_ORIENTATION = 0x0112
MAX_PIXELS = 200_000_000  # larger images are refused rather than risking memory


class ImageError(ValueError):
    """An image that cannot be used; the message names the file and the problem."""


@dataclass
class Loaded:
    image: Image.Image  # mode "RGB" or "L", stored orientation (EXIF not yet applied)
    orientation: int  # EXIF orientation tag, 1 when absent
    converted_from: str | None = None  # original mode when it was not RGB or L


def _to_8bit(img: Image.Image) -> Image.Image:
    arr = np.asarray(img)
    if arr.dtype == np.uint8:
        return Image.fromarray(arr, "L")
    arr = arr.astype(np.float64)
    # 16-bit data (I;16 or PNG 16-bit read as I) spans 0..65535; float data 0..1
    hi = 65535.0 if arr.max(initial=0) > 255 else (1.0 if img.mode == "F" else 255.0)
    return Image.fromarray(np.clip(arr / hi * 255.0 + 0.5, 0, 255).astype(np.uint8), "L")


def to_rgb_or_l(img: Image.Image) -> tuple[Image.Image, str | None]:
    """Convert any Pillow mode to 8-bit "RGB" or "L"; the second value is the mode converted."""
    mode = img.mode
    if mode in ("RGB", "L"):
        return img, None
    if mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB"), mode
    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        return _to_8bit(img), mode
    if img.mode == "1":
        return img.convert("L"), mode
    return img.convert("RGB"), mode  # P, CMYK, YCbCr, LAB, HSV


def load(path: str | os.PathLike) -> Loaded:
    path = Path(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
            if img.width * img.height > MAX_PIXELS:
                raise ImageError(f"{path}: {img.width}x{img.height} is over {MAX_PIXELS:,} pixels")
            img.load()
            orientation = int(img.getexif().get(EXIF_ORIENTATION, 1) or 1)
    except ImageError:
        raise
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as e:
        raise ImageError(f"{path}: cannot read image: {e}") from None
    if orientation not in range(1, 9):
        orientation = 1
    img, converted = to_rgb_or_l(img)
    return Loaded(img, orientation, converted)


@dataclass
class Geometry:
    """The chain of geometric steps preprocessing applied, to replay on boxes."""

    steps: list = field(default_factory=list)
    size: tuple[int, int] = (0, 0)  # output (width, height)
    exif: bool = False  # whether the first step is the EXIF transpose

    def map(self, box: Box, skip_exif: bool = False) -> Box:
        """Move ``box`` as the pixels moved; ``skip_exif`` for boxes already in the EXIF frame."""
        for step in self.steps[1:] if skip_exif and self.exif else self.steps:
            box = step(box)
        return box


def preprocess(loaded: Loaded, cfg: SimpleNamespace) -> tuple[Image.Image, Geometry]:
    """The article's preprocessing, driven by the ``processed`` params section."""
    img = loaded.image
    geo = Geometry()
    method = EXIF_TRANSPOSE.get(loaded.orientation)
    if method is not None:
        w, h = img.size
        img = img.transpose(method)
        geo.steps.append(lambda b, m=method, w=w, h=h: transpose(b, m, w, h))
        geo.exif = True
    w, h = img.size
    if w > cfg.width:  # only ever downscale, as the article did
        th = max(1, int(h * cfg.width / w))
        img = img.resize((cfg.width, th), Image.Resampling.BICUBIC)
        geo.steps.append(lambda b, sx=cfg.width / w, sy=th / h: b.scale(sx, sy))
    if cfg.square_crop:
        w, h = img.size
        side = min(w, h)
        left, top = (w - side) // 2, (h - side) // 2
        if (w, h) != (side, side):
            img = img.crop((left, top, left + side, top + side))
            geo.steps.append(lambda b, dx=-left, dy=-top: b.shift(dx, dy))
    img = enhance(img, cfg)
    geo.size = img.size
    return img, geo


def enhance(img: Image.Image, cfg: SimpleNamespace) -> Image.Image:
    """The pixel steps of the preprocessing (greyscale, brightness, contrast, sharpness)."""
    if cfg.greyscale:
        img = img.convert("L")
    if img.mode == "L" and cfg.sharpness == 1.0:
        return img.point(_grey_lut(img, cfg.brightness, cfg.contrast))
    for enhancer, factor in (
        (ImageEnhance.Brightness, cfg.brightness),
        (ImageEnhance.Contrast, cfg.contrast),
        (ImageEnhance.Sharpness, cfg.sharpness),
    ):
        if factor != 1.0:
            img = enhancer(img).enhance(factor)
    return img


_RAMP = Image.frombytes("L", (256, 1), bytes(range(256)))


def _grey_lut(img: Image.Image, brightness: float, contrast: float) -> list[int]:
    """Pillow's ``ImageEnhance`` brightness then contrast of the greyscale ``img`` as one
    look-up table, the same values to the bit: each is ``Image.blend`` of the pixel with a
    constant (black; the brightened image's rounded mean, from its histogram as
    ``ImageStat`` takes it), so applying them to the 256 grey levels gives the table, and one
    ``point`` call does the work of two full-size blends and a histogram of the blended
    image."""
    lut = list(ImageEnhance.Brightness(_RAMP).enhance(brightness).tobytes())
    if contrast != 1.0:
        hist = [0] * 256
        for level, count in enumerate(img.histogram()):
            hist[lut[level]] += count
        mean = int(ImageStat.Stat(hist).mean[0] + 0.5)
        stretch = Image.blend(Image.new("L", (256, 1), mean), _RAMP, contrast).tobytes()
        lut = [stretch[v] for v in lut]
    return lut
