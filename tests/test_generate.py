import hashlib
import shutil
import subprocess

import cv2
import numpy as np
import pytest

from links_detector import generate, voc
from links_detector.boxes import Box

from .conftest import ns, tiny_params


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_params_same_bytes_whatever_the_workers(tmp_path):
    cfg = ns(tiny_params()["raw"])
    generate.generate(tmp_path / "a", cfg, seed=5, workers=1)
    generate.generate(tmp_path / "b", cfg, seed=5, workers=2)
    a = digest(tmp_path / "a")
    assert len(a) == 2 * cfg.num_images and a == digest(tmp_path / "b")
    generate.generate(tmp_path / "c", cfg, seed=6, workers=1)
    assert digest(tmp_path / "c") != a


def test_labels_follow_the_rotation():
    """A label pixel lands where cv2 puts the page pixel under the same matrix."""
    W, H = 200, 100
    labels = np.zeros((H, W), np.int32)
    labels[20:30, 50:60] = 1  # prefix of link 0
    labels[20:30, 60:120] = 2  # rest of link 0
    page = np.where(labels > 0, 255, 0).astype(np.uint8)
    m = cv2.getRotationMatrix2D(((W - 1) / 2, (H - 1) / 2), 7.0, 1.0)
    warped = cv2.warpAffine(page, m, (W, H), flags=cv2.INTER_NEAREST)
    (obj,) = generate._objects_from_labels(labels, m, ["https://x.org"], W, H)
    ys, xs = np.nonzero(warped == 255)
    assert np.allclose(obj.link_box, (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1), atol=1)
    assert obj.box.xmax < obj.link_box.xmax and not obj.truncated


def ink(page: np.ndarray, box: Box) -> np.ndarray:
    """Dark-ink mask of the page inside ``box`` (the page is dark-on-light)."""
    x0, y0, x1, y1 = (int(v) for v in box)
    crop = page[y0:y1, x0:x1]
    return crop < (int(crop.max()) + int(crop.min())) // 2


@pytest.mark.parametrize("rotation", [0.0, 3.0])
def test_prefix_boxes_are_tight_around_the_glyphs(rotation):
    cfg = ns(
        tiny_params(
            raw__width=900,
            raw__height=900,
            raw__font_px_min=30,
            raw__font_px_max=30,
            raw__rotation_deg=rotation,
            raw__dark_ratio=0.0,
            raw__links_min=4,
            raw__links_max=4,
            raw__fonts=["dejavu-serif"],
        )["raw"]
    )
    checked = 0
    for index in range(3):
        img, ann = generate.render_page(index, 11, cfg)
        page = np.asarray(img)
        for obj in ann.objects:
            m = ink(page, obj.box)
            # Ink reaches every side of the box (within 2 px): the box is not loose ...
            rows, cols = np.nonzero(m)
            assert rows.min() <= 2 and cols.min() <= 2, obj
            assert rows.max() >= m.shape[0] - 3 and cols.max() >= m.shape[1] - 3, obj
            # ... and the prefix is the left part of its link.
            assert abs(obj.box.xmin - obj.link_box.xmin) <= 2 and obj.box.xmax < obj.link_box.xmax
            checked += 1
    assert checked >= 10


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr not installed")
def test_prefix_box_holds_the_scheme_text(tmp_path):
    """Tesseract reads the scheme inside each prefix box: the box sits on the right glyphs."""
    cfg = ns(
        tiny_params(
            raw__width=900,
            raw__height=900,
            raw__font_px_min=36,
            raw__font_px_max=36,
            raw__rotation_deg=0.0,
            raw__dark_ratio=0.0,
            raw__links_min=4,
            raw__links_max=4,
            raw__http_ratio=0.5,
            raw__fonts=["liberation-sans"],
        )["raw"]
    )
    img, ann = generate.render_page(0, 3, cfg)
    assert len(ann.objects) == 4
    read = 0
    for i, obj in enumerate(ann.objects):
        crop = img.crop(tuple(int(v) for v in obj.box.shift(0, 0))).convert("L")
        path = tmp_path / f"{i}.png"
        # pad with paper colour so Tesseract has a margin
        padded = np.pad(np.asarray(crop), 12, constant_values=int(np.asarray(crop).max()))
        cv2.imwrite(str(path), padded)
        text = subprocess.run(
            ["tesseract", str(path), "-", "--psm", "7"], capture_output=True, text=True
        ).stdout.strip()
        read += text.replace(" ", "") == obj.url.split("//")[0] + "//"
    assert read >= 3, "prefix crops should read as their scheme"


def test_written_pages_match_their_xml(tmp_path):
    cfg = ns(tiny_params()["raw"])
    summary = generate.generate(tmp_path, cfg, seed=1, workers=1)
    anns = [voc.read(p) for p in sorted(tmp_path.glob("*.xml"))]
    assert len(anns) == cfg.num_images
    assert summary["links"] == sum(len(a.objects) for a in anns) > 0
    for a in anns:
        assert (tmp_path / a.filename).exists() and (a.width, a.height) == (cfg.width, cfg.height)
        for o in a.objects:
            assert o.url.startswith(("https://", "http://")) and o.name == "http"
            assert 0 <= o.box.xmin < o.box.xmax <= cfg.width
