"""Box transforms must move boxes exactly as Pillow moves pixels."""

import numpy as np
import pytest
from PIL import Image

from links_detector.common import images
from links_detector.common.boxes import EXIF_TRANSPOSE, Box, problem, transpose, transposed_size


def ink_box(img: Image.Image, threshold: int = 128) -> Box:
    a = np.asarray(img.convert("L")) > threshold
    ys, xs = np.nonzero(a)
    return Box(xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)


def marked(w: int, h: int, box: Box, mode: str = "L") -> Image.Image:
    img = Image.new(mode, (w, h), 0)
    img.paste(255 if mode == "L" else (255, 255, 255), tuple(int(v) for v in box))
    return img


@pytest.mark.parametrize("orientation", sorted(EXIF_TRANSPOSE))
def test_transpose_matches_pillow(orientation):
    method = EXIF_TRANSPOSE[orientation]
    w, h, box = 40, 30, Box(3, 5, 17, 11)
    out = marked(w, h, box).transpose(method)
    assert out.size == transposed_size(method, w, h)
    assert transpose(box, method, w, h) == ink_box(out)


def test_resize_and_crop_match_pixels(processed_cfg):
    # A 2048x3000 portrait photo: resized to width 1024, then centre-cropped to 1024x1024.
    box = Box(400, 1300, 1000, 1500)
    loaded = images.Loaded(marked(2048, 3000, box), orientation=1)
    img, geo = images.preprocess(loaded, processed_cfg)
    assert img.size == geo.size == (1024, 1024)
    mapped = geo.map(box)
    # 1300/2048*1024 = 650, minus the crop offset (1500-1024)//2 = 238 -> 412
    assert mapped == Box(200, 412, 500, 512)
    assert np.allclose(mapped, ink_box(img), atol=1)


def test_exif_rotation_then_resize_matches_pixels(processed_cfg, tmp_path):
    box = Box(700, 40, 900, 90)
    raw = marked(1600, 1200, box, "RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown rotated 90 degrees clockwise
    path = tmp_path / "rotated.jpg"
    raw.save(path, exif=exif, quality=95)
    loaded = images.load(path)
    assert loaded.orientation == 6
    img, geo = images.preprocess(loaded, processed_cfg)
    assert img.size == (1024, 1024)
    assert np.allclose(geo.map(box), ink_box(img), atol=1.5)


def test_clip_and_problems():
    assert Box(-5, -5, 10, 10).clip(8, 8) == Box(0, 0, 8, 8)
    assert problem(Box(1, 1, 5, 5), 10, 10) is None
    assert problem(Box(5, 1, 1, 5), 10, 10)[0] == "inverted box"
    assert problem(Box(1, 1, 1, 5), 10, 10)[0] == "zero-area box"
    assert problem(Box(20, 20, 30, 30), 10, 10)[0] == "box outside image"
    assert problem(Box(-5, 2, 5, 4), 10, 10) is None  # sticks out: clipped, not rejected
    assert Box(1.2, 2.7, 5.01, 6.0).rounded() == Box(1, 2, 6, 6)
