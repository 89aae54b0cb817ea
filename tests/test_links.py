"""The links stage's scoring and its view of the test split; Tesseract through its C API."""

import json
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
        cfg = SimpleNamespace(recognizer="ppocr")

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
        items, {"reader": FakeReader()}, SimpleNamespace(max_side=4096), 0.5, "t"
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


class OracleDetector:
    """A stand-in for the exported detector that finds exactly the labelled prefixes: the
    pages' ``prefixes``, keyed by the photo's pixels as the reader hands them over (grey, at
    full size: ``pre.width`` is wider than any page)."""

    prefixes: dict[bytes, list[Box]] = {}
    model_file = Path("oracle.tflite")
    runtime = "oracle"

    def __init__(self, model_dir, processed, tflite=True):
        self.pre = SimpleNamespace(width=4096, greyscale=True)

    def detect(self, image, score_threshold, iou_threshold, tile_px=0, squares=None):
        boxes = self.prefixes[np.asarray(image).tobytes()]
        return list(boxes), [0.9] * len(boxes)


PAGES = {  # name: (kind, its lines: the text before each link, the link, the text after)
    "page-a": (
        "book",
        [("See ", "https://keras.io/api", " for more."), ("", "http://www.ai.com/faq", "")],
    ),
    "page-b": (
        "card",
        [("Code: ", "https://github.com/x/y", ""), ("", "http://example.org/docs", ".")],
    ),
    "page-c": ("", [("Slides at ", "https://tensorflow.org/lite", " and")]),
}


def _page(folder: Path, name: str) -> str:
    """Page ``name`` of ``PAGES`` in large print with its XML in ``folder``; its prefixes known
    to ``OracleDetector``."""
    from links_detector.reading.reader import load_photo

    kind, lines = PAGES[name]
    folder.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", (900, 120 * len(lines) + 60), "white")
    draw, font = ImageDraw.Draw(img), fonts.load("DejaVuSerif.ttf", 32)
    objects = []
    for i, (before, url, after) in enumerate(lines):
        x, y = 30 + font.getlength(before), 40 + 120 * i
        draw.text((30, y), before + url + after, font=font, fill=0)
        scheme = url[: url.index("//") + 2]
        prefix = Box(*draw.textbbox((x, y), scheme, font=font))
        objects.append(
            voc.VocObject(prefix, url=url, link_box=Box(*draw.textbbox((x, y), url, font=font)))
        )
    img.save(folder / f"{name}.jpg", quality=95)
    voc.write(
        folder / f"{name}.xml",
        voc.Annotation(f"{name}.jpg", *img.size, 3, tuple(objects), kind=kind),
    )
    grey = load_photo(folder / f"{name}.jpg", 4096)[0].convert("L")
    OracleDetector.prefixes[np.asarray(grey).tobytes()] = [o.box for o in objects]
    return f"{name}.jpg"


def test_links_stage_reads_with_each_recognizer(tmp_path, monkeypatch):
    """``links.run`` end to end with the real recognizers and baseline (the detector an oracle
    of the labelled prefixes): ``reader`` is the params' recognizer, ``reader-tesseract`` the
    other, each with the same figures, in a pass of its own, on the test split and the
    held-out styles; pages.jsonl says what each read."""
    from links_detector.reading import reader, recognize

    from .conftest import ns, tiny_params

    monkeypatch.setattr(reader, "Detector", OracleDetector)
    monkeypatch.setattr(OracleDetector, "prefixes", {})
    used = []
    read_links = recognize.read_links

    def spy(*args, **kwargs):
        used.append(kwargs["recognizer"])
        return read_links(*args, **kwargs)

    monkeypatch.setattr(recognize, "read_links", spy)
    gen, held, out = tmp_path / "generated", tmp_path / "heldout", tmp_path / "links"
    test = [_page(gen, "page-a"), _page(gen, "page-b")]
    labels.write_csv(tmp_path / "test.csv", [{"filename": n} for n in test])
    held_names = [f"{labels.HELDOUT_PREFIX}{_page(held, 'page-c')}"]
    labels.write_csv(tmp_path / "heldout.csv", [{"filename": n} for n in held_names])
    raw = tiny_params(links__letter_px=0.0, links__zooms=[], links__ocr_threads=1)
    params = SimpleNamespace(**{k: ns(v) for k, v in raw.items()})
    assert params.links.recognizer == "ppocr"
    m = links.run(tmp_path, tmp_path / "test.csv", gen, tmp_path, out, None, params, held)

    assert json.loads((out / "metrics.json").read_text()) == m
    # each pass reads every photo with one recognizer: the params' first, then the other
    assert used == ["ppocr"] * 2 + ["tesseract"] * 2 + ["ppocr", "tesseract"]
    for split, n, printed in ((m, 2, 4), (m["heldout"], 1, 1)):
        assert split["images"] == n and split["printed_links"] == printed
        assert split["reader"]["recognizer"] == "ppocr"
        assert split["reader-tesseract"]["recognizer"] == "tesseract"
        assert set(split["reader-tesseract"]) == set(split["reader"])
        assert "reader-ppocr" not in split and split["speedup_median"] > 0
        for who in ("reader", "reader-tesseract"):
            r = split[who]
            assert 0.0 <= r["url_precision"] <= 1.0 and 0.5 <= r["url_recall"] <= 1.0, who
            assert r["prefix_recall"] == 1.0  # the oracle's boxes, scored for each reader
            assert set(r["ms"]) == {"detect", "ocr", "total"} and r["ms"]["ocr"]["median"] > 0
            assert r["ms"]["total"]["p90"] >= r["ms"]["total"]["median"] > 0
            assert sum(k["images"] for k in r["by_kind"].values()) == n
    assert set(m["reader-tesseract"]["by_kind"]) == {"book", "card"}
    assert set(m["heldout"]["reader-tesseract"]["by_kind"]) == {"none"}
    records = [json.loads(line) for line in (out / "pages.jsonl").open()]
    assert [r["image"] for r in records] == test + held_names
    for r in records:
        for who in ("reader", "reader-tesseract"):
            assert r[f"{who}_ms"] > 0 and len(r[f"{who}_texts"]) >= len(r[who])
    # each reader's figures are its own reading's, photo by photo
    for split, rows in ((m, records[:2]), (m["heldout"], records[2:])):
        for who in ("reader", "reader-tesseract"):
            hits, output, printed = map(
                sum, zip(*(links.score_urls(r[who], r["printed"]) for r in rows), strict=True)
            )
            assert output == split[who]["urls_output"] and printed == split["printed_links"]
            assert split[who]["url_recall"] == round(hits / printed, 5)


def test_the_params_recognizer_is_the_reader_whichever_it_is(monkeypatch):
    """With ``links.recognizer: tesseract``, ``reader`` reads with Tesseract and
    ``reader-ppocr`` with PP-OCR; the params themselves are left as they are."""
    from links_detector.reading import reader

    from .conftest import ns, tiny_params

    monkeypatch.setattr(reader, "Detector", OracleDetector)
    raw = tiny_params(links__recognizer="tesseract")
    params = SimpleNamespace(**{k: ns(v) for k, v in raw.items()})
    got = links.reader_per_recognizer(Path("unused"), params)
    assert {k: r.cfg.recognizer for k, r in got.items()} == {
        "reader": "tesseract",
        "reader-ppocr": "ppocr",
    }
    assert list(got) == ["reader", "reader-ppocr"] and params.links.recognizer == "tesseract"
    assert got["reader-ppocr"].cfg.line_px == params.links.line_px  # the rest as the params
