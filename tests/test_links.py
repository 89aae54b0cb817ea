"""The links stage's scoring and its view of the test split; Tesseract through its C API."""

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image, ImageDraw

from links_detector.common import voc
from links_detector.common.boxes import Box
from links_detector.dataset import labels
from links_detector.evaluation import links
from links_detector.reading import ocr
from links_detector.synth import fonts


def test_score_urls_counts_multisets():
    printed = ["https://a.org", "https://a.org", "http://b.io/x"]
    assert links.score_urls(["https://a.org", "http://b.io/y"], printed) == (1, 2, 3)
    assert links.score_urls(["https://a.org"] * 3, printed) == (2, 3, 3)
    assert links.score_urls([], []) == (0, 0, 0)


def _write(folder, stem, size, objects, exif=None):
    folder.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", size, "white")
    kw = {}
    if exif:
        e = Image.Exif()
        e[0x0112] = exif
        kw["exif"] = e
    img.save(folder / f"{stem}.jpg", **kw)
    ann = voc.Annotation(f"{stem}.jpg", size[0], size[1], 3, tuple(objects))
    voc.write(folder / f"{stem}.xml", ann)


def test_test_split_maps_to_original_photos(tmp_path):
    gen, photos = tmp_path / "generated", tmp_path / "photos"
    obj = voc.VocObject(Box(10, 20, 50, 30), url="https://x.org", link_box=Box(10, 20, 90, 30))
    _write(gen, "page-00001", (200, 300), [obj])
    _write(photos, "IMG_7", (300, 200), [voc.VocObject(Box(1, 2, 30, 12))], exif=6)
    csv = tmp_path / "test.csv"
    labels.write_csv(
        csv,
        [
            {"filename": "page-00001.jpg", "url": "https://x.org"},
            {"filename": "photo-IMG_7.jpg", "url": ""},
        ],
    )
    got = links.test_photos(csv, gen, photos)
    assert [(n, i.name, x.name) for n, i, x in got] == [
        ("page-00001.jpg", "page-00001.jpg", "page-00001.xml"),
        ("photo-IMG_7.jpg", "IMG_7.jpg", "IMG_7.xml"),
    ]
    assert [o.url for o in links.truth(got[0][2], got[0][1])] == ["https://x.org"]
    # a photo labelled in its stored frame: boxes move to the displayed (EXIF-rotated) frame
    (turned,) = links.truth(got[1][2], got[1][1])
    assert turned.box == Box(188, 1, 198, 30)


def test_heldout_names_map_to_the_heldout_folder(tmp_path):
    gen, held = tmp_path / "generated", tmp_path / "heldout"
    obj = voc.VocObject(Box(10, 20, 50, 30), url="https://y.org", truncated=True)
    _write(gen, "page-00001", (200, 300), [])
    _write(held, "page-00001", (200, 300), [obj])
    csv = tmp_path / "heldout.csv"
    labels.write_csv(csv, [{"filename": "heldout-page-00001.jpg", "url": "https://y.org"}])
    ((name, image, xml),) = links.test_photos(csv, gen, tmp_path, held)
    assert name == "heldout-page-00001.jpg" and image.parent == held and xml.parent == held
    assert links.truth(xml, image)[0].truncated


def test_what_shows_of_a_cut_link_is_not_held_against_precision():
    cut = ["https://example.org/a/long/path"]
    found = ["https://example.org/a/lo", "https://other.org", "https://example.org/a/long/path"]
    assert links._without_cut(found, cut) == ["https://other.org"]
    assert links._without_cut(found, []) == found
    # ... but a URL printed whole on the page too is scored as often as it is printed
    cut, found = ["http://kaggle.com/x"], ["http://kaggle.com", "http://kaggle.com"]
    assert links._without_cut(found, cut, ["http://kaggle.com"]) == ["http://kaggle.com"]
    assert links._without_cut(found, cut) == []


def test_baseline_reads_urls_off_a_plain_page(tmp_path):
    """The whole-page baseline (Tesseract psm 3 + the URL regex) really reads a page."""
    from links_detector.synth import generate

    from .conftest import FLAT, ns, tiny_params

    cfg = ns(
        tiny_params(
            raw__width=1000,
            raw__height=1000,
            raw__font_px_min=30,
            raw__font_px_max=30,
            raw__links_min=4,
            raw__links_max=5,
            raw__dark_ratio=0.0,
            raw__fonts=["liberation-serif"],
            raw__layouts=["book"],
            **FLAT,
        )["raw"]
    )
    hits = printed = 0
    for i in range(3):
        img, ann = generate.render_page(i, 5, cfg)
        path = tmp_path / f"{i}.jpg"
        img.save(path, quality=95)
        found, ms = links.baseline(path, 4096)
        assert ms > 0
        urls_ = [o.url for o in ann.objects if not o.truncated]
        hits += links.score_urls(found, urls_)[0]
        printed += len(urls_)
    assert printed >= 3 and hits >= 1


def test_test_split_names_a_missing_original(tmp_path):
    csv = tmp_path / "test.csv"
    labels.write_csv(csv, [{"filename": "page-00009.jpg"}])
    with pytest.raises(FileNotFoundError, match="page-00009"):
        links.test_photos(csv, tmp_path, tmp_path)


def test_tesseract_words_have_boxes_left_to_right():
    img = Image.new("L", (700, 70), 255)
    font = fonts.load("DejaVuSerif.ttf", 32)
    ImageDraw.Draw(img).text((20, 15), "https://keras.io/api and more", font=font, fill=0)
    words = ocr.engine().words(img, psm=7)
    assert [w.text for w in words] == ["https://keras.io/api", "and", "more"]
    lefts = [w.left for w in words]
    assert lefts == sorted(lefts)
    assert 10 <= words[0].left <= 30 and words[0].right < words[1].left
    assert ocr.read(np.asarray(img), psm=7) == "https://keras.io/api and more"


def test_the_line_engine_reads_without_the_word_list_and_still_knows_words():
    """``ocr.line_engine``: another engine than the page baseline's, the LSTM decoder without
    the word list (``lstm_use_matrix 0``); its ``is_word`` asks the thread's engine that has
    one. Words come with Tesseract's confidence: high for clean print, low for a smudge."""
    lines, page = ocr.line_engine(), ocr.engine()
    assert lines is not page and lines is ocr.line_engine()
    assert page.word_list and not lines.word_list
    assert lines.is_word("network") and not lines.is_word("xqzvt")
    img = Image.new("L", (700, 70), 255)
    font = fonts.load("DejaVuSerif.ttf", 32)
    ImageDraw.Draw(img).text((20, 15), "https://keras.io/api and more", font=font, fill=0)
    words = lines.words(img, psm=7, invert=False)
    assert [w.text for w in words] == ["https://keras.io/api", "and", "more"]
    assert all(80 <= w.conf <= 100 for w in words)
    noise = np.random.default_rng(0).integers(0, 256, (70, 300), dtype=np.uint8)
    smudged = lines.words(np.hstack([np.asarray(img)[:, :320], noise]), psm=7, invert=False)
    assert smudged and min(w.conf for w in smudged) < 50


def test_url_figures_per_kind_of_photo(tmp_path, monkeypatch):
    """``score_set`` reports the reader's URL recall and precision per kind of photo (the
    annotation's ``kind``; ``none`` without one), adding up to the set's."""
    cases = {  # name: (kind, printed URL, what the reader reads)
        "a": ("card", "https://a.org", ["https://a.org"]),
        "b": ("card", "https://b.org", ["https://x.org"]),
        "c": ("", "https://c.org", []),
    }
    items = []
    for name, (kind, url, _) in cases.items():
        image = tmp_path / f"{name}.png"
        Image.new("RGB", (64, 48), "white").save(image)
        obj = voc.VocObject(Box(1, 1, 20, 9), url=url, link_box=Box(1, 1, 60, 9))
        voc.write(
            tmp_path / f"{name}.xml", voc.Annotation(image.name, 64, 48, 3, (obj,), kind=kind)
        )
        items.append((image.name, image, tmp_path / f"{name}.xml"))

    class FakeReader:
        def read(self, image):
            found = cases[Path(image).stem][2]
            return SimpleNamespace(
                links=[SimpleNamespace(url=u, text=u) for u in found],
                detected=[],
                detected_scores=[],
                detect_ms=1.0,
                ocr_ms=1.0,
                total_ms=2.0,
            )

    monkeypatch.setattr(links, "baseline", lambda image, side: ([], 5.0))
    metrics, records = links.score_set(
        items, FakeReader(), SimpleNamespace(max_side=4096), 0.5, "t"
    )
    by_kind = metrics["reader"]["by_kind"]
    assert by_kind["card"] == {
        "images": 2,
        "printed_links": 2,
        "url_recall": 0.5,
        "url_precision": 0.5,
    }
    assert by_kind["none"]["printed_links"] == 1 and by_kind["none"]["url_recall"] == 0.0
    assert metrics["reader"]["url_recall"] == round(1 / 3, 5)
    assert [r["kind"] for r in records] == ["card", "card", "none"]
