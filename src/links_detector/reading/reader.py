"""Photos in, links out: load a photo, detect prefixes on it, read the link beside each.

The glue of the reading pipeline: ``detector`` finds the prefixes, ``check`` screens the
doubtful ones, and ``recognize`` reads the link beside each (with ``lines``, ``ocr`` and
``urls``).

``Reader(model_dir, cfg)`` loads the exported detector once; ``Reader.read(path)`` gives a
``Page``: the photo's size, its links (URL, score, prefix and link boxes in the photo's own
pixels) and the time spent detecting and reading. ``Page.as_json()`` is the record the
``links-detector read --json`` command prints, and ``html()`` the page ``--html`` writes.
"""

from __future__ import annotations

import base64
import html as htmlmod
import io
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import cv2
import numpy as np
from PIL import Image

from links_detector.common import images
from links_detector.common.boxes import EXIF_TRANSPOSE, Box
from links_detector.reading import ppocr, recognize, scale
from links_detector.reading.check import PrefixCheck
from links_detector.reading.detector import Detector, nms

_SWAPS_SIDES = (
    Image.Transpose.ROTATE_90,
    Image.Transpose.ROTATE_270,
    Image.Transpose.TRANSPOSE,
    Image.Transpose.TRANSVERSE,
)
HUGE_PIXELS = 400_000_000  # non-JPEG images beyond this are refused (decoding them needs GBs)


@dataclass
class Page:
    image: str
    width: int  # the photo as displayed (EXIF orientation applied), full resolution
    height: int
    links: list[recognize.Link] = field(default_factory=list)
    detect_ms: float = 0.0
    ocr_ms: float = 0.0
    total_ms: float = 0.0
    detections: int = 0  # prefixes detected (a detection whose text is no URL has no link)
    detected: list[Box] = field(default_factory=list)  # every detected prefix box
    detected_scores: list[float] = field(default_factory=list)
    plan: scale.Plan | None = None  # how the detector saw the photo: scale and squares

    def as_json(self) -> dict:
        r = lambda b: [round(v, 1) for v in b]  # noqa: E731
        return {
            "image": self.image,
            "width": self.width,
            "height": self.height,
            "links": [
                {
                    "url": link.url,
                    "score": round(link.score, 4),
                    "prefix_box": r(link.prefix_box),
                    "link_box": r(link.link_box),
                }
                for link in self.links
            ],
            "timings_ms": {
                "detect": round(self.detect_ms, 1),
                "ocr": round(self.ocr_ms, 1),
                "total": round(self.total_ms, 1),
            },
        }


def load_photo(path: Path, max_side: int) -> tuple[Image.Image, int, int]:
    """The photo upright (EXIF applied), in RGB or L, no side over ``max_side``; and its full
    size as displayed. A JPEG is decoded at a reduced scale when it is huge (cheap)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
            try:
                img = Image.open(path)
            finally:
                Image.MAX_IMAGE_PIXELS = limit
            w, h = img.size
            orientation = int(img.getexif().get(images.EXIF_ORIENTATION, 1) or 1)
            if max(w, h) > max_side and img.format == "JPEG":
                k = max_side / max(w, h)
                img.draft(
                    img.mode if img.mode in ("L", "RGB") else "RGB",
                    (max(1, int(w * k)), max(1, int(h * k))),
                )
            elif w * h > HUGE_PIXELS:
                raise images.ImageError(
                    f"{path}: {w}x{h} is too large to decode ({w * h:,} pixels; over "
                    f"{HUGE_PIXELS:,} only JPEG is read, at a reduced scale)"
                )
            img.load()
    except images.ImageError:
        raise
    except (OSError, SyntaxError, ValueError) as e:
        raise images.ImageError(f"{path}: cannot read image: {e}") from None
    img, _ = images.to_rgb_or_l(img)
    method = EXIF_TRANSPOSE.get(orientation)
    if method is not None:
        img = img.transpose(method)
        if method in _SWAPS_SIDES:
            w, h = h, w
    if max(img.size) > max_side:
        img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return img, w, h


class Reader:
    """The detector loaded once, and the ``links`` params section (``cfg``)."""

    def __init__(
        self,
        model_dir: Path,
        cfg: SimpleNamespace,
        processed: SimpleNamespace,
        tflite: bool = True,
        check: Path | None = None,
    ):
        """``check``: the prefix check's file or folder (the ``check`` stage's), or None: then
        every doubtful detection gets Tesseract's quick look (slower, as good)."""
        self.cfg = cfg
        self.detector = Detector(Path(model_dir), processed, tflite=tflite)
        self.check = PrefixCheck(check) if check is not None and cfg.check_threshold else None
        if cfg.ocr_threads > 1:
            recognize.ocr_pool(cfg.ocr_threads)  # the engines load now, not in a photo's timing
        if cfg.recognizer == "ppocr":
            ppocr.recognizer()  # (as does the recognizer's model)

    def plan(self, photo: Image.Image, grey: Image.Image | None = None) -> scale.Plan:
        """The views of ``photo`` the detector sees (``scale.plan``): scaled so that its small
        print is as tall as training showed it, and zoomed further by ``links.zooms``.
        ``grey``: the photo in greyscale when the caller has it already."""
        cfg = self.cfg
        found = (
            scale.letters(np.asarray(grey if grey is not None else photo.convert("L")))
            if cfg.letter_px
            else scale.Letters(np.zeros((0, 4)))
        )
        return scale.plan(
            photo.size,
            found,
            cfg.letter_px,
            self.detector.pre.width,
            cfg.max_calls,
            cfg.max_zoom,
            tuple(cfg.zooms),
        )

    def detect(
        self, photo: Image.Image, score_threshold: float, grey: Image.Image | None = None
    ) -> tuple[list[Box], list[float], scale.Plan]:
        """The prefixes detected on ``photo`` (boxes in its px, scores from ``score_threshold``
        up, best first; a prefix found in two views is one box, the better scored), and the
        plan of the views it was seen in. ``grey``: the photo in greyscale when the caller has
        it already (it is converted once)."""
        grey = grey if grey is not None else photo.convert("L")
        seen = self.plan(photo, grey)
        boxes: list[Box] = []
        scores: list[float] = []
        # the detector sees grey when it was trained on grey: three times fewer pixels to scale
        pixels = np.asarray(grey if self.detector.pre.greyscale else photo)
        for view in seen.views:
            size = (
                max(1, round(photo.width * view.factor)),
                max(1, round(photo.height * view.factor)),
            )
            work = Image.fromarray(_resized(pixels, size))
            found, s = self.detector.detect(
                work, score_threshold, self.cfg.nms_iou_threshold, squares=view.squares
            )
            back = photo.width / work.width, photo.height / work.height
            boxes += [b.scale(*back) for b in found]
            scores += s
        if len(seen.views) > 1 and boxes:
            keep = nms(np.array(boxes, np.float64), np.array(scores), self.cfg.nms_iou_threshold)
            boxes, scores = [boxes[i] for i in keep], [scores[i] for i in keep]
        return boxes, scores, seen

    def read(self, path: str | Path) -> Page:
        t0 = time.perf_counter()
        photo, full_w, full_h = load_photo(Path(path), self.cfg.max_side)
        t1 = time.perf_counter()
        lowest = min(self.cfg.score_threshold, self.cfg.candidate_threshold)
        grey = photo.convert("L")
        boxes, scores, seen = self.detect(photo, lowest, grey)
        doubtful = [s < self.cfg.score_threshold for s in scores]
        passed = None
        if self.check is not None and any(doubtful):
            which = [i for i, d in enumerate(doubtful) if d]
            prob = self.check.probability(
                np.asarray(grey), [boxes[i] for i in which], [scores[i] for i in which]
            )
            passed = [True] * len(boxes)
            for i, p in zip(which, prob, strict=True):
                passed[i] = bool(p >= self.cfg.check_threshold)
        t2 = time.perf_counter()
        got = recognize.read_links(
            grey,
            boxes,
            scores,
            deskew=self.cfg.deskew,
            line_px=self.cfg.line_px,
            threads=self.cfg.ocr_threads,
            doubtful=doubtful,
            passed=passed,
            recognizer=self.cfg.recognizer,
        )
        t3 = time.perf_counter()
        sx, sy = full_w / photo.width, full_h / photo.height
        links = [
            recognize.Link(
                link.url,
                link.score,
                _clip(link.prefix_box.scale(sx, sy), full_w, full_h),
                _clip(link.link_box.scale(sx, sy), full_w, full_h),
                link.text,
            )
            for link in got.links
            if link.url is not None
        ]
        return Page(
            str(path),
            full_w,
            full_h,
            links,
            detect_ms=1000 * (t2 - t1),
            ocr_ms=1000 * (t3 - t2),
            total_ms=1000 * (t3 - t0),
            detections=len(boxes),
            detected=[_clip(b.scale(sx, sy), full_w, full_h) for b in boxes],
            detected_scores=list(scores),
            plan=seen,
        )


def _resized(pixels: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``pixels`` at ``size`` (width, height): averaged over the source pixels when shrunk
    (no aliasing), bicubic when enlarged; as they are when the size is theirs."""
    h, w = pixels.shape[:2]
    if (w, h) == size:
        return pixels
    shrink = size[0] * size[1] < w * h
    return cv2.resize(pixels, size, interpolation=cv2.INTER_AREA if shrink else cv2.INTER_CUBIC)


def _clip(b: Box, w: int, h: int) -> Box:
    return Box(max(0.0, b.xmin), max(0.0, b.ymin), min(float(w), b.xmax), min(float(h), b.ymax))


def html(pages: list[tuple[Page, Path]], title: str = "links-detector") -> str:
    """One self-contained page: each photo (embedded) with its links as clickable areas where
    they sit, and the list of its URLs beside it."""
    parts = []
    for page, path in pages:
        img, _, _ = load_photo(path, 1600)
        buf = io.BytesIO()
        img.convert("RGB").save(buf, "JPEG", quality=85)
        data = base64.b64encode(buf.getvalue()).decode()
        areas, items = [], []
        for i, link in enumerate(page.links, 1):
            b = link.link_box
            url = htmlmod.escape(link.url, quote=True)
            x, y = 100 / page.width, 100 / page.height
            style = (
                f"left:{x * b.xmin:.3f}%;top:{y * b.ymin:.3f}%;"
                f"width:{x * b.width:.3f}%;height:{y * b.height:.3f}%"
            )
            areas.append(
                f'<a class="link" href="{url}" title="{url}" style="{style}" '
                f'target="_blank" rel="noopener"><span>{i}</span></a>'
            )
            items.append(
                f'<li><a href="{url}" target="_blank" rel="noopener">{htmlmod.escape(link.url)}'
                f"</a> <small>({link.score:.2f})</small></li>"
            )
        name = htmlmod.escape(page.image)
        parts.append(
            f'<section><h2>{name}</h2><div class="row"><div class="photo">'
            f'<img src="data:image/jpeg;base64,{data}" alt="{name}">{"".join(areas)}</div>'
            f"<ol>{''.join(items) or '<li><em>no links found</em></li>'}</ol></div></section>"
        )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{htmlmod.escape(title)}</title>
<style>
body {{ font-family: sans-serif; margin: 1em; }}
.row {{ display: flex; gap: 1.5em; align-items: flex-start; }}
.photo {{ position: relative; max-width: 60%; }}
.photo img {{ width: 100%; display: block; }}
.link {{ position: absolute; border: 2px solid #1a73e8; background: rgba(26,115,232,.15); }}
.link span {{ position: absolute; left: -1.4em; top: -.2em; font-size: 12px; color: #1a73e8; }}
ol {{ word-break: break-all; }}
</style></head><body><h1>{htmlmod.escape(title)}</h1>
{"".join(parts)}
</body></html>
"""
