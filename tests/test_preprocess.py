"""The processed stage on bad input: clear messages naming files, good files still go through."""

import logging

import numpy as np
import pytest
from PIL import Image

from links_detector.common import voc
from links_detector.common.boxes import Box
from links_detector.dataset import preprocess

from .test_boxes import ink_box

GOOD = Box(100, 150, 200, 180)


def page(w=600, h=400, box=GOOD) -> Image.Image:
    img = Image.new("RGB", (w, h), (0, 0, 0))
    img.paste((255, 255, 255), tuple(int(v) for v in box))
    return img


def xml_for(folder, stem, image_name, w, h, *boxes, name="http"):
    objs = tuple(voc.VocObject(b, name=name, url="https://a.org/x") for b in boxes)
    voc.write(folder / f"{stem}.xml", voc.Annotation(image_name, w, h, objects=objs))


@pytest.fixture
def photos(tmp_path):
    d = tmp_path / "photos"
    d.mkdir()
    good = Box(100, 150, 200, 180)
    page().save(d / "good.jpg", quality=95)
    xml_for(d, "good", "good.jpg", 600, 400, good)
    # truncated and garbage images
    data = (d / "good.jpg").read_bytes()
    (d / "truncated.jpg").write_bytes(data[: len(data) // 2])
    xml_for(d, "truncated", "truncated.jpg", 600, 400, good)
    (d / "garbage.jpg").write_bytes(b"this is not a jpeg" * 10)
    xml_for(d, "garbage", "garbage.jpg", 600, 400, good)
    # XML naming a missing image; image without XML; unreadable XML
    xml_for(d, "orphan", "missing.jpg", 600, 400, good)
    page().save(d / "lonely.jpg")
    page().save(d / "brokenxml.jpg")
    (d / "brokenxml.xml").write_text("<annotation><filename>brokenxml.jpg</filename>")
    # bad boxes next to good ones
    page().save(d / "boxes.jpg", quality=95)
    xml_for(
        d,
        "boxes",
        "boxes.jpg",
        600,
        400,
        Box(200, 150, 100, 180),  # inverted
        Box(100, 150, 100, 180),  # zero-area
        Box(700, 500, 800, 600),  # outside
        Box(300, 380, 360, 420),  # sticks out: clipped
        good,
    )
    xml_for(d, "wrongclass", "boxes.jpg", 600, 400, good, name="url")
    # image modes
    rgba = page().convert("RGBA")
    rgba.putalpha(200)
    rgba.save(d / "rgba.png")
    page().convert("P").save(d / "palette.png")
    sixteen = np.asarray(page().convert("L")).astype(np.uint16) * 257
    Image.fromarray(sixteen).save(d / "sixteen.png")
    page().convert("CMYK").save(d / "cmyk.jpg", quality=95)
    for stem, ext in (("rgba", "png"), ("palette", "png"), ("sixteen", "png"), ("cmyk", "jpg")):
        xml_for(d, stem, f"{stem}.{ext}", 600, 400, good)
    # EXIF-rotated photos: boxes in the stored frame, and in the rotated frame
    exif = Image.Exif()
    exif[0x0112] = 6
    page().save(d / "exif6.jpg", exif=exif, quality=95)
    xml_for(d, "exif6", "exif6.jpg", 600, 400, good)
    exif[0x0112] = 8
    page().save(d / "exif8.jpg", exif=exif, quality=95)
    # ROTATE_90 (counter-clockwise) of a 600x400 image: (x, y) -> (y, 600 - x)
    xml_for(d, "exif8", "exif8.jpg", 400, 600, Box(150, 400, 180, 500))
    # size that fits neither frame
    page().save(d / "mismatch.jpg")
    xml_for(d, "mismatch", "mismatch.jpg", 640, 480, good)
    (d / "README.md").write_text("ignored")
    return d


def test_bad_inputs_are_reported_and_good_ones_go_through(photos, tmp_path, processed_cfg, caplog):
    out = tmp_path / "processed"
    with caplog.at_level(logging.INFO):
        s = preprocess.run([(photos, "photo-")], out, processed_cfg, workers=2)
    log = caplog.text
    written = {p.stem for p in out.glob("*.jpg")}
    assert written == {
        f"photo-{s}"
        for s in ("good", "boxes", "rgba", "palette", "sixteen", "cmyk", "exif6", "exif8")
    }
    assert s["written"] == 8
    assert s["skipped"] == {
        "annotation without image": 1,
        "image without annotation": 1,
        "no valid objects": 1,
        "size mismatch": 1,
        "unreadable annotation": 1,
        "unreadable image": 2,
    }
    assert s["objects_dropped"] == {
        "box outside image": 1,
        "inverted box": 1,
        "wrong class": 1,
        "zero-area box": 1,
    }
    assert s["boxes_clipped"] == 1 and s["exif_rotated"] == 2
    assert s["converted_modes"] == {"CMYK": 1, "I;16": 1, "P": 1, "RGBA": 1}
    for needle in (
        f"{photos}/truncated.jpg: cannot read image",
        f"{photos}/garbage.jpg: cannot read image",
        f"{photos}/orphan.xml: names image 'missing.jpg', which does not exist",
        f"{photos}/lonely.jpg: no LabelImg annotation",
        f"{photos}/brokenxml.xml: not readable XML",
        f"{photos}/boxes.xml: object 0: inverted box",
        f"{photos}/boxes.xml: object 1: zero-area box",
        f"{photos}/boxes.xml: object 2: box (700, 500, 800, 600) lies outside",
        f"{photos}/wrongclass.xml: object 0: class 'url' is not 'http'",
        f"{photos}/wrongclass.xml: none of its 1 objects is usable",
        f"{photos}/mismatch.xml: <size> 640x480 does not match",
    ):
        assert needle in log
    assert (out / "summary.json").exists()


def test_boxes_follow_the_pixels(photos, tmp_path, processed_cfg):
    out = tmp_path / "processed"
    preprocess.run([(photos, "photo-")], out, processed_cfg, workers=1)
    for stem in ("good", "rgba", "palette", "sixteen", "cmyk", "exif6", "exif8"):
        ann = voc.read(out / f"photo-{stem}.xml")
        img = Image.open(out / f"photo-{stem}.jpg")
        assert img.size == (ann.width, ann.height) and ann.width == ann.height
        (obj,) = ann.objects
        assert np.allclose(obj.box, ink_box(img), atol=1.5), stem
    boxes = voc.read(out / "photo-boxes.xml").objects
    assert len(boxes) == 2 and boxes[0].truncated  # the clipped one is marked truncated


def test_objects_cut_by_the_crop_are_dropped(tmp_path, processed_cfg):
    d = tmp_path / "in"
    d.mkdir()
    page(600, 400).save(d / "wide.jpg")
    # the 600x400 photo is cropped to x in [100, 500): a box at x 20..80 is gone, one at
    # 80..140 keeps 40/60 of its width (>= min_visible 0.5), one at 60..120 keeps 1/3.
    xml_for(
        d,
        "wide",
        "wide.jpg",
        600,
        400,
        Box(20, 10, 80, 30),
        Box(80, 50, 140, 70),
        Box(60, 90, 120, 110),
    )
    s = preprocess.run([(d, "")], tmp_path / "out", processed_cfg, workers=1)
    assert s["objects_kept"] == 1 and s["objects_dropped"] == {"cut by crop": 2}
    (obj,) = voc.read(tmp_path / "out" / "wide.xml").objects
    assert obj.box == Box(0, 50, 40, 70) and obj.truncated


def test_interrupted_run_leaves_previous_output(photos, tmp_path, processed_cfg, monkeypatch):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "previous.txt").write_text("kept")
    calls = []

    def explode(job):
        calls.append(job)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(job)

    real = preprocess.process_pair
    monkeypatch.setattr(preprocess, "process_pair", explode)
    with pytest.raises(KeyboardInterrupt):
        preprocess.run([(photos, "photo-")], out, processed_cfg, workers=1)
    assert [p.name for p in out.iterdir()] == ["previous.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_same_inputs_same_bytes(photos, tmp_path, processed_cfg):
    """DVC sees a re-run as unchanged only if the output is byte-identical."""
    digests = []
    for name in ("a", "b"):
        out = tmp_path / name / "processed"
        preprocess.run([(photos, "photo-")], out, processed_cfg, workers=2)
        digests.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert digests[0] == digests[1] and len(digests[0]) == 2 * 8 + 1


def _pillow_enhance(img, b, c, s):
    from PIL import ImageEnhance

    for enhancer, factor in (
        (ImageEnhance.Brightness, b),
        (ImageEnhance.Contrast, c),
        (ImageEnhance.Sharpness, s),
    ):
        if factor != 1.0:
            img = enhancer(img).enhance(factor)
    return img


@pytest.mark.parametrize(
    "b, c", [(2.0, 1.3), (1.0, 1.3), (2.0, 1.0), (0.7, 0.8), (1.5, 2.5), (1.0, 1.0)]
)
def test_the_grey_enhancement_is_pillows_to_the_bit(b, c):
    """``images.enhance`` does brightness and contrast of a greyscale image with one look-up
    table; the pixels are exactly those of Pillow's ``ImageEnhance`` steps one after the other
    (what the model was trained on), on noise, a dark, a light and a flat image and a page."""
    from types import SimpleNamespace

    from links_detector.common import images

    from .test_reader import pages

    rng = np.random.default_rng(3)
    levels = [(0, 256), (0, 12), (230, 256)]
    grey = [rng.integers(lo, hi, (40, 70), dtype=np.uint8) for lo, hi in levels]
    tests = [Image.fromarray(a) for a in grey] + [Image.new("L", (9, 9), 77), pages(1)[0][0]]
    cfg = SimpleNamespace(greyscale=True, brightness=b, contrast=c, sharpness=1.0)
    for img in tests:
        want = _pillow_enhance(img.convert("L"), b, c, 1.0)
        assert np.array_equal(np.asarray(images.enhance(img, cfg)), np.asarray(want))
    cfg.sharpness = 1.5  # not a per-pixel table: Pillow's own steps
    want = _pillow_enhance(tests[0], b, c, 1.5)
    assert np.array_equal(np.asarray(images.enhance(tests[0], cfg)), np.asarray(want))
