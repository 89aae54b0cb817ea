"""The OCR path with known prefix boxes (oracle detections) on generated pages."""

import re
import threading

import cv2
import numpy as np
import pytest
from PIL import Image

from links_detector.common.boxes import Box
from links_detector.reading import lines, ocr, recognize
from links_detector.synth import generate

from .conftest import FLAT, ns, tiny_params


def pages(n, **raw):
    """Flat, sharp pages (a scan, not a photo): the OCR path's own accuracy, not the camera's."""
    raw = {**FLAT, "raw__layouts": ["book"], **raw}
    cfg = ns(
        tiny_params(raw__width=1024, raw__height=1024, raw__links_min=1, raw__links_max=3, **raw)[
            "raw"
        ]
    )
    return [generate.render_page(i, 21, cfg) for i in range(n)]


def test_no_prefix_no_tesseract(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("tesseract called")

    monkeypatch.setattr(ocr.Engine, "read", boom)
    monkeypatch.setattr(ocr.Engine, "words", boom)
    img, _ = pages(1)[0]
    assert recognize.read_links(img, []).links == []
    assert recognize.read_links(img, [], threads=2).links == []


def test_lines_read_on_two_threads_read_the_same(monkeypatch):
    """``threads=2``: two engines read the lines at once, and read what one engine reads."""
    img, ann = next(p for p in pages(12) if len(p[1].objects) >= 2)
    boxes = [o.box for o in ann.objects]
    one = recognize.read_links(img, boxes, threads=1)
    seen = set()
    words = ocr.Engine.words

    def spy(self, *a, **k):
        seen.add((threading.get_ident(), id(self)))
        return words(self, *a, **k)

    monkeypatch.setattr(ocr.Engine, "words", spy)
    two = recognize.read_links(img, boxes, threads=2)
    assert [(k.text, k.url, k.link_box) for k in two.links] == [
        (k.text, k.url, k.link_box) for k in one.links
    ]
    assert len(seen) == 2 and len({t for t, _ in seen}) == 2 and len({e for _, e in seen}) == 2


def test_a_line_that_reads_like_a_link_but_cleans_into_none_is_read_again(monkeypatch):
    """Read again at RETRY_LINE_PX when the text has a scheme but no URL cleans out of it; a
    line with nothing like a scheme (a false detection) is not read twice."""
    img, ann = pages(1)[0]
    box = ann.objects[0].box
    texts = {48: "http i/ /data.co", 64: "http://data.co"}
    calls = []

    def fake(grey, prefix, line_px=48, **kw):
        calls.append(line_px)
        return texts[line_px], prefix

    monkeypatch.setattr(recognize, "read_one", fake)
    assert [k.url for k in recognize.read_links(img, [box]).links] == ["http://data.co"]
    assert calls == [48, 64]
    calls.clear()
    texts[48] = "early library. The official"
    assert [k.url for k in recognize.read_links(img, [box]).links] == [None]
    assert calls == [48]


def test_a_link_tesseract_is_unsure_of_is_read_again_and_the_surer_reading_kept(monkeypatch):
    """A link whose least sure word has a confidence under RETRY_BELOW_CONF is read again at
    RETRY_LINE_PX, and the reading Tesseract is surer of is kept; a sure one is read once."""
    img, ann = pages(1)[0]
    box = ann.objects[0].box
    texts = {48: ("http://dala.co", 30.0), 64: ("http://data.co", 90.0)}
    calls = []

    def fake(grey, prefix, line_px=48, **kw):
        calls.append(line_px)
        return recognize.LineText(*texts[line_px]), prefix

    monkeypatch.setattr(recognize, "read_one", fake)
    assert [k.url for k in recognize.read_links(img, [box]).links] == ["http://data.co"]
    assert calls == [48, 64]
    calls.clear()
    texts[64] = ("http://dat.co", 20.0)  # read again, less sure: the first reading stays
    assert [k.url for k in recognize.read_links(img, [box]).links] == ["http://dala.co"]
    assert calls == [48, 64]
    calls.clear()
    texts[48] = ("http://dala.co", recognize.RETRY_BELOW_CONF + 1)
    assert [k.url for k in recognize.read_links(img, [box]).links] == ["http://dala.co"]
    assert calls == [48]


def test_link_extent_finds_the_end_of_the_link():
    """The layout's end of each link, within 0.6 line heights; at most one link in eight ends
    early, at a gap inside it as wide as a word space (a full stop's in some faces:
    ``doi.org/10. 1538``), which the recognizers read past (their crop takes one word more)."""
    found = []
    for img, ann in pages(8, raw__font_px_min=26, raw__font_px_max=34):
        grey = np.asarray(img.convert("L"))
        for obj in ann.objects:
            got = lines.link_extent(grey, obj.box)
            found.append((obj.url, (got.xmax - obj.link_box.xmax) / obj.box.height))
    assert len(found) >= 8
    assert all(off <= 0.6 for _, off in found), found  # never past the link
    assert sum(abs(off) > 0.6 for _, off in found) <= len(found) // 8, found


@pytest.mark.parametrize(
    "fonts",
    [
        ["dejavu-serif", "liberation-serif", "nimbus-roman"],
        ["dejavu-sans", "liberation-sans", "free-sans"],
    ],
)
def test_oracle_boxes_read_exactly(fonts):
    """With exact prefix boxes, plain generated pages read back URL for URL."""
    total = exact = 0
    misses = []
    for img, ann in pages(
        10, raw__fonts=fonts, raw__font_px_min=28, raw__font_px_max=36, raw__dark_ratio=0.0
    ):
        got = recognize.read_links(img, [o.box for o in ann.objects])
        for obj, link in zip(ann.objects, got.links, strict=True):
            if obj.truncated:  # cut by the photo's border
                continue
            total += 1
            exact += link.url == obj.url
            if link.url != obj.url:
                misses.append((obj.url, link.text, link.url))
    assert total >= 8
    # the benchmark (benchmarks/oracle_ocr.py) measures the rate on more pages; this guards it
    assert exact / total >= 0.7, misses


@pytest.mark.parametrize("angle", [-6.0, -1.2, 0.0, 0.8, 4.4])
def test_skew_recovers_a_known_rotation(angle):
    img, _ = pages(1, raw__font_px_min=24, raw__font_px_max=24)[0]
    g = np.asarray(img.convert("L"))
    m = cv2.getRotationMatrix2D((512, 512), angle, 1.0)
    turned = cv2.warpAffine(g, m, (1024, 1024), borderValue=int(np.median(g)))
    assert lines.skew(turned) == pytest.approx(angle, abs=0.2)


def test_row_sharpness_of_many_angles_at_once_is_each_angles_own():
    """The trial angles are projected in one pass, each into a profile of its own: the same
    sharpness as each angle projected alone, and the sharpest is the level one."""
    img, _ = pages(1, raw__font_px_min=24, raw__font_px_max=24)[0]
    g = np.asarray(img.convert("L"))[200:500, 100:700]
    m = cv2.getRotationMatrix2D((300, 150), 3.0, 1.0)
    turned = cv2.warpAffine(g, m, (600, 300), borderValue=int(np.median(g)))
    sharpness = lines._row_sharpness(lines.ink_mask(turned, window=9), 300, 150)
    angles = np.arange(-6.0, 6.01, 1.0)
    together = sharpness(angles)
    alone = [sharpness(np.array([a]))[0] for a in angles]
    assert together == pytest.approx(alone, rel=1e-9)
    assert len(set(np.round(together, 3))) == len(angles)  # no two profiles alike
    assert lines._sharpest(sharpness, angles) == 3.0


@pytest.mark.parametrize("deskew", [False, True])
def test_rotated_pages_read(deskew):
    """Pages photographed at an angle: each link's line is levelled where it is, with or
    without the whole page levelled first."""
    total = exact = 0
    for img, ann in pages(
        6,
        raw__rotation_deg=3.0,
        raw__font_px_min=28,
        raw__font_px_max=36,
        raw__fonts=["dejavu-serif", "liberation-sans"],
    ):
        got = recognize.read_links(img, [o.box for o in ann.objects], deskew=deskew)
        total += len(ann.objects)
        exact += sum(link.url == o.url for link, o in zip(got.links, ann.objects, strict=True))
    assert exact / total >= 0.75, (exact, total)


def test_light_on_dark_page():
    ((img, ann),) = [
        p
        for p in pages(
            40,
            raw__dark_ratio=1.0,
            raw__font_px_min=30,
            raw__font_px_max=30,
            raw__fonts=["dejavu-sans"],
        )[:1]
    ]
    got = recognize.read_links(img, [o.box for o in ann.objects])
    assert (
        sum(link.url == o.url for link, o in zip(got.links, ann.objects, strict=True))
        >= len(ann.objects) - 1
    )


@pytest.mark.parametrize("angle", [-3.0, 2.5, -8.0])
def test_a_tilted_line_is_levelled_where_the_link_is(angle):
    """Perspective and curl tilt lines against the page: the reader finds the line's own angle
    around each prefix (no page-wide deskew here) and reads it level."""
    img, ann = pages(1, raw__font_px_min=28, raw__font_px_max=28)[0]
    g = np.asarray(img.convert("L"))
    m = cv2.getRotationMatrix2D((512, 512), angle, 1.0)
    turned = cv2.warpAffine(g, m, (1024, 1024), borderValue=int(np.median(g)))
    checked = 0
    for obj in ann.objects:
        box = lines.rotate_box(obj.box, m)
        found = lines.level_line(turned, box)
        assert found is not None, obj.url
        _, _, back = found
        assert -np.degrees(np.arctan2(back[0, 1], back[0, 0])) == pytest.approx(angle, abs=0.5)
        checked += 1
    assert checked >= 2
    assert lines.level_line(g, ann.objects[0].box) is None  # a level line is left alone
    # read tilted, each line levelled where it is, the links read as on the level page
    level = recognize.read_links(img, [o.box for o in ann.objects], recognizer="ppocr")
    got = recognize.read_links(
        Image.fromarray(turned),
        [lines.rotate_box(o.box, m) for o in ann.objects],
        recognizer="ppocr",
    )
    assert [link.url for link in got.links] == [link.url for link in level.links]
    assert sum(link.url == o.url for link, o in zip(got.links, ann.objects, strict=True)) >= 2


@pytest.mark.parametrize(
    "box", [Box(-40, 100, -5, 130), Box(-30, 52, -1.2, 80), Box(990, 1030, 1060, 1060)]
)
def test_a_box_off_the_page_reads_nothing(box):
    """A detection at the border, turned off the page by the deskew, is no crash."""
    img, _ = pages(1)[0]
    got = recognize.read_links(img, [box], deskew=False)
    assert [link.url for link in got.links] == [None]
    text, link = recognize.read_one(np.asarray(img.convert("L")), box)
    assert text == "" and link.xmin <= link.xmax


def test_the_quick_look_fits_a_box_that_sits_off_its_line():
    """The detector places a box up to a third of a line too high or too low: the quick look
    at a doubtful prefix fits the box onto its line first, as the whole read does (without
    that, 3 of these 10 shifted boxes read as noise)."""
    seen = 0
    for img, ann in pages(6):
        g = np.asarray(img.convert("L"))
        for o in ann.objects:
            for off in (0.35, -0.35):
                assert recognize.looks_like_prefix(g, o.box.shift(0, off * o.box.height)), o.url
                seen += 1
    assert seen >= 10


def test_a_doubtful_detection_is_read_only_when_its_prefix_looks_like_one(monkeypatch):
    """``doubtful`` boxes (scores below links.score_threshold, from candidate_threshold up):
    a quick OCR of the prefix alone decides whether the whole line is read."""
    img, ann = pages(1, raw__font_px_min=30, raw__font_px_max=30)[0]
    g = np.asarray(img.convert("L"))
    real = ann.objects[0].box
    # a box of the same size over body text: the first line of words above the first link
    words = next(
        b
        for k in (*range(-2, -20, -1), *range(2, 20))
        if (b := real.shift(0, k * real.height)).ymin > 0
        and b.ymax < g.shape[0]
        and lines.ink_mask(g[int(b.ymin) : int(b.ymax), int(b.xmin) : int(b.xmax)]).mean() > 0.05
    )
    assert recognize.looks_like_prefix(g, real)
    assert not recognize.looks_like_prefix(g, words)
    full = []
    read_one = recognize.read_one

    def counted(*a, **k):
        if not k.get("quick"):
            full.append(a[1])
        return read_one(*a, **k)

    monkeypatch.setattr(recognize, "read_one", counted)
    got = recognize.read_links(img, [real, words], doubtful=[True, True])
    assert [link.url for link in got.links] == [ann.objects[0].url, None]
    assert full and all(b == real for b in full)  # the false one's line was never read whole


def test_a_doubtful_box_with_no_ink_is_not_read(monkeypatch):
    """A doubtful detection on blank paper (no ink in its box) is dropped without calling
    Tesseract; one on the prefix still gets its quick look."""
    img, box = _paragraph(["see https://youtube.com/v2 for it"])
    g = np.asarray(img.convert("L"))
    blank = box.shift(0, 3 * box.height)  # below the only line: paper
    assert lines.ink_level(g[int(blank.ymin) : int(blank.ymax), :]) is None
    calls = []
    read = ocr.Engine.read

    def counted(self, *a, **k):
        calls.append(a)
        return read(self, *a, **k)

    monkeypatch.setattr(ocr.Engine, "read", counted)
    assert not recognize.looks_like_prefix(g, blank) and calls == []
    assert recognize.looks_like_prefix(g, box) and calls


def _line_with_gap(mark: str, next_line_below: bool = False) -> tuple[np.ndarray, Box]:
    """A white strip with a row of 'letters' (x-height 20 px, baseline at y 60), a 30 px gap
    at x 200-230 holding ``mark``, and the link box around the letters."""
    grey = np.full((120, 400), 255, np.uint8)
    for x in range(20, 380, 14):
        if not 196 <= x <= 232:
            grey[40:61, x : x + 9] = 0  # small letters
        if x % 42 == 20 and not 196 <= x <= 232:
            grey[30:40, x : x + 3] = 0  # an ascender now and then
    if mark == "_":
        grey[63:66, 201:229] = 0
    elif mark == "-":
        grey[49:52, 203:227] = 0
    if next_line_below:
        grey[75:100, 190:240] = 0  # the next line's letters, under the gap
    return grey, Box(20, 30, 380, 66)


@pytest.mark.parametrize(
    "mark, below, want",
    [("_", False, "_"), ("-", False, "-"), ("", False, ""), ("", True, ""), ("_", True, "_")],
)
def test_a_dropped_underscore_or_hyphen_is_found_in_the_gap(mark, below, want):
    grey, box = _line_with_gap(mark, below)
    marks = recognize._GapMarks(grey, box, box.xmax)
    assert marks.between(199, 232) == want
    assert marks.between(150, 160) == ""  # inside a letter's gap: too narrow for a mark


@pytest.mark.parametrize("shift", [-0.35, 0.35])
def test_a_box_off_its_line_is_moved_back_onto_it(shift):
    """A detected box a third of a line too high or too low (the 320 px detector does this)
    is moved back onto its text line: the crop then keeps the descenders, and the links read
    as with exact boxes (3 and 1 of 10 read before the boxes were fitted)."""
    total = exact = fitted = boxes_seen = 0
    for img, ann in pages(10, raw__font_px_min=24, raw__font_px_max=36):
        grey = np.asarray(img.convert("L"))
        boxes = [o.box.shift(0, shift * o.box.height) for o in ann.objects]
        for obj, box in zip(ann.objects, boxes, strict=True):
            assert lines.fit_line(grey, obj.box) == obj.box, obj.url  # on its line: left be
            error = abs(lines.fit_line(grey, box).ymin - obj.box.ymin) / obj.box.height
            assert error <= abs(shift) + 0.01, obj.url  # never moved farther off
            boxes_seen += 1
            fitted += error <= 0.12
        for obj, link in zip(ann.objects, recognize.read_links(img, boxes).links, strict=True):
            if not obj.truncated:
                total += 1
                exact += link.url == obj.url
    assert fitted >= 0.8 * boxes_seen  # 10 of 11 (a footnote's 14 px box stays off)
    assert total >= 8 and exact / total >= 0.8


def test_a_link_printed_lighter_than_the_text_is_judged_by_its_own_ink():
    """Grey (or blue) link letters among black text: halfway between the black and the paper
    they are no ink, and gaps open inside the link; judged by the prefix's own ink they are."""
    win = np.full((40, 300), 255, np.uint8)
    win[10:30, 0:60:6] = 170  # a grey prefix's strokes
    win[10:30, 150:200] = 0  # black text after it
    plain, own = lines._link_ink(win, slice(5, 35), slice(0, 60))
    assert not plain[10:30, 0:60].any() and (plain == lines.ink_mask(win)).all()
    assert own[10:30, 0:60:6].all() and own[10:30, 150:200].all() and not own[:, 61:149].any()
    win[10:30, 0:60:6] = 0  # a black prefix: judged as any line
    assert lines._link_ink(win, slice(5, 35), slice(0, 60))[1] is None


def test_a_box_left_of_its_prefix_reads_the_link_once():
    """A detected box a little left of its prefix takes in the end of the word before
    (``st http://...``): the link is read from its scheme on; and when a second box finds the
    same link, the same URL is not given twice (the old reader: 4 of 10 read from the shifted
    box; 5 of 10 read once from both)."""
    total = shifted = once = 0
    for img, ann in pages(10, raw__font_px_min=24, raw__font_px_max=36):
        for obj in ann.objects:
            if obj.truncated or recognize.read_links(img, [obj.box]).links[0].url != obj.url:
                continue  # (only links read right from their own box say anything here)
            left = obj.box.shift(-0.3 * obj.box.width, 0)
            total += 1
            shifted += recognize.read_links(img, [left]).links[0].url == obj.url
            both = recognize.read_links(img, [obj.box, left], [0.9, 0.5]).links
            once += [link.url for link in both if link.url] == [obj.url]
    assert total >= 6 and shifted >= 0.8 * total and once >= 0.8 * total


def test_one_url_per_printed_link():
    def link(url, score, x, y=0, h=10):
        return recognize.Link(url, score, Box(x, y, x + 40, y + h), Box(x, y, x + 200, y + h))

    found = [link("https://a.org", 0.4, 0), link("https://a.org", 0.9, 20), link(None, 0.8, 30)]
    found += [link("https://a.org", 0.5, 500), link("https://b.org", 0.3, 10)]
    # a thin box set half a line down on the same prefix reads it from another crop
    found += [link("https://a.orq", 0.2, 24, y=5, h=6)]
    # a link on the next line, its box reaching into this one's, is a link of its own
    found += [link("https://c.org", 0.3, 20, y=8)]
    recognize._drop_repeats(found)
    # the lower-scored read of the same link goes; the same URL printed elsewhere stays; another
    # reading of the same prefix (its box shares over half of the better one's) goes
    assert [f.url for f in found] == [
        None,
        "https://a.org",
        None,
        "https://a.org",
        None,
        None,
        "https://c.org",
    ]


def test_a_line_mode_7_drops_is_read_as_a_raw_line():
    """A blue underlined link on a dark page (generated, as the reader crops it): Tesseract's
    single-line mode reads nothing at all, the raw-line mode reads the link."""
    from pathlib import Path

    from links_detector.reading import ocr, urls

    line = Image.open(Path(__file__).parent / "data" / "underlined-line.png")
    engine = ocr.engine()
    assert engine.words(line, psm=7) == [] and engine.read(line, psm=7) == ""
    text = " ".join(w.text for w in engine.line_words(line))
    assert engine.read_line(line).split() == text.split()
    assert urls.clean(urls.from_scheme(text)).startswith("http://www.algocode.io/fa")
    # a line mode 7 reads is read by it alone
    ((page, ann),) = pages(1, raw__dark_ratio=0.0)
    h = lines.line_image(np.asarray(page.convert("L")), ann.objects[0].link_box)[0]
    assert engine.line_words(h) == engine.words(h, psm=7) != []


def test_line_reads_do_not_try_a_line_inverted():
    """By default Tesseract reads a line it is unsure of a second time, turned light-on-dark.
    The reader's crops are dark on light already (``line_image``), so its line reads skip that
    (a tenth of the time of a quick look); whole-page reads (the baseline) keep it."""
    from PIL import ImageOps

    from links_detector.reading import ocr

    ((page, ann),) = pages(1, raw__dark_ratio=0.0)
    line = lines.line_image(np.asarray(page.convert("L")), ann.objects[0].link_box)[0]
    inverted = ImageOps.invert(line)
    engine = ocr.engine()
    # a word of the link's host, as Tesseract reads the line (dark on light)
    host = ann.objects[0].url.split("//")[1].split("/")[0]
    word = max((w for w in re.findall(r"[a-z]{3,}", host) if w in engine.read(line)), key=len)
    assert word in engine.read(inverted)
    assert word not in engine.read(inverted, 7, invert=False)
    assert word not in engine.read_line(inverted)
    assert word not in " ".join(w.text for w in engine.line_words(inverted))


def _paragraph(lines, font_file="DejaVuSerif.ttf", size=30, left=60, width=1000, dark=False):
    """A page of ``lines`` drawn left-aligned in one column; the box of the first
    ``http``-prefix drawn (``https://`` or ``http://``)."""
    from PIL import ImageDraw

    from links_detector.synth import fonts

    font = fonts.load(font_file, size)
    pitch = int(size * 1.5)
    img = Image.new("L", (width, pitch * (len(lines) + 4)), 20 if dark else 235)
    draw = ImageDraw.Draw(img)
    box = None
    for i, line in enumerate(lines):
        y = pitch * (i + 2)
        draw.text((left, y), line, font=font, fill=230 if dark else 25)
        at = line.find("http")
        if at >= 0 and box is None:
            scheme = "https://" if line.startswith("https://", at) else "http://"
            x0 = left + draw.textlength(line[:at], font=font)
            x1 = left + draw.textlength(line[: at + len(scheme)], font=font)
            _, top, _, bottom = draw.textbbox((left, y), line, font=font)
            box = Box(x0, top, x1, bottom)
    return img.convert("RGB"), box


FILLER = [
    "Text set in one column on a page of a book about the ways we",
    "train detectors, and where to find the code:",
]


@pytest.mark.parametrize(
    "first, second, url",
    [
        (
            "the code is at https://github.com/tensorflow/",
            "models/research/object_detection and it runs.",
            "https://github.com/tensorflow/models/research/object_detection",
        ),
        (
            "see http://docs.python.org/3/library/data-",
            "classes.html for the details of the module.",
            "http://docs.python.org/3/library/data-classes.html",
        ),
        # ... not when the next line starts a sentence, or the link ends before the line does
        (
            "the code is at https://github.com/tensorflow/",
            "For the details, read the guide of the module.",
            "https://github.com/tensorflow/",
        ),
        (
            "the code is at https://github.com/tensorflow/ and",
            "models are trained there for every one of us.",
            "https://github.com/tensorflow/",
        ),
        (
            "the code is at https://github.com/tensorflow",
            "models are trained there for every one of us.",
            "https://github.com/tensorflow",
        ),
        (
            "the code is at https://github.com/tensorflow/",
            "and the models are trained there for all of us.",
            "https://github.com/tensorflow/",
        ),
        (
            "the links: https://github.com/tensorflow/",
            "https://pypi.org/project/tf-models/ and more.",
            "https://github.com/tensorflow/",
        ),
        (
            "[52] A. Chen. Notes. https://press.org/abs/.",
            "[53] C. Novak. Important graphs for all.",
            "https://press.org/abs/",
        ),
        (
            "see https://neural.ai/research/papers.pdf#tree",
            "1 Each image in the set is read again here.",
            "https://neural.ai/research/papers.pdf#tree",
        ),
        # a break inside a word, the next line's first word plainly URL text
        (
            "the code is at https://github.com/tensor",
            "flow/models/research and it runs well enough.",
            "https://github.com/tensorflow/models/research",
        ),
    ],
)
@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("recognizer", ["tesseract", "ppocr"])
def test_a_link_that_wraps_is_joined_when_the_layout_shows_it_continues(
    first, second, url, dark, recognizer
):
    img, box = _paragraph([*FILLER, first, second, "The end of the paragraph is here."], dark=dark)
    (link,) = recognize.read_links(img, [box], recognizer=recognizer).links
    assert link.url == url, link.text


@pytest.mark.parametrize("angle", [-2.0, 1.0, 3.0])
@pytest.mark.parametrize("recognizer", ["tesseract", "ppocr"])
def test_a_link_that_wraps_on_a_tilted_photo_is_joined(angle, recognizer):
    """The line is levelled in a window about the prefix; the next line's start, at the
    column's left edge, lies outside that window and is found in a wider one turned alike."""
    img, box = _paragraph(
        [
            *FILLER,
            "the code is at https://github.com/tensorflow/",
            "models/research/object_detection and it runs.",
            "The end of the paragraph is here.",
        ]
    )
    g = np.asarray(img.convert("L"))
    h, w = g.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(g, m, (w, h), borderValue=235)
    corners = np.array([[x, y, 1] for x in (box.xmin, box.xmax) for y in (box.ymin, box.ymax)])
    pts = corners @ m.T
    tilted = Box(pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max())
    (link,) = recognize.read_links(Image.fromarray(turned), [tilted], recognizer=recognizer).links
    assert link.url == "https://github.com/tensorflow/models/research/object_detection"


@pytest.mark.parametrize("gutter", [1.6, 2.5])
def test_a_link_at_a_columns_end_is_read_without_the_next_column(gutter):
    """A gap of a line height and a half or more after the link is the column's edge: the crop
    OCR reads stops there, not one word into the next column (whose first word, read with
    the gutter, ran on into the link: ``tutorial — jackaoe``)."""
    from PIL import ImageDraw

    from links_detector.synth import fonts

    size = 30
    font = fonts.load("DejaVuSerif.ttf", size)
    img, box = _paragraph(["as we have seen at https://youtube.com/v2"], size=size, width=1200)
    draw = ImageDraw.Draw(img)
    line_end = box.xmin + draw.textlength("https://youtube.com/v2", font=font)
    draw.text((line_end + gutter * box.height, 2 * int(size * 1.5)), "packages", font=font, fill=25)
    grey = np.asarray(img.convert("L"))
    _, after, _ = lines.extent(grey, box)
    assert after < line_end + gutter * box.height
    (link,) = recognize.read_links(img, [box]).links
    assert link.url == "https://youtube.com/v2" and "pack" not in link.text, link.text


def test_the_word_after_a_link_ending_in_a_slash_is_not_joined():
    """A space after a link's last ``/`` is a space: only a gap of half a word space at most
    (a monospace ``/`` in its wide cell) is taken for part of the link. On pages of the
    default data (as ``benchmarks/oracle_ocr.py`` renders them), no link that ends in a ``/``
    is read with the next word joined on (``examples/and``, ``wiki/section``)."""
    from pathlib import Path

    from links_detector.config.params import load

    params = load(Path(__file__).parents[1] / "params.yaml")
    cfg = ns(
        {**vars(params.raw), "width": 1024, "height": 1024, "layouts": ["book", "columns", "list"]}
    )
    read = []
    for page in range(60):
        img, ann = generate.render_page(page, params.base.seed + 1000, cfg)
        for want in ann.objects:
            if want.url.endswith("/") and not want.truncated:
                (link,) = recognize.read_links(img, [want.box]).links
                read.append((want.url, link.url))
    assert len(read) >= 5
    assert not [(w, g) for w, g in read if g and g != w and g.startswith(w)], read
    assert sum(w == g for w, g in read) >= 0.5 * len(read), read


@pytest.mark.parametrize("recognizer", ["ppocr", "tesseract"])
def test_a_line_under_light_that_falls_off_across_it_is_measured_whole(monkeypatch, recognizer):
    """Light falling off across the page darkens the paper at one end of a line below the
    middle of the line's ink and paper as a whole: judged as a whole, the line there is all
    ink, or (its paper mostly dark) light-on-dark, and the link's box stopped short of its
    end. The paper's change along the line is taken out first (``_flat``)."""
    from PIL import ImageDraw

    from links_detector.synth import fonts

    text = "a book at https://github.com/tensorflow/models/tree/master and"
    img, box = _paragraph(["many more lines of it", text, "to come"], width=1100)
    end = 60 + ImageDraw.Draw(img).textlength(
        text[: text.index(" and")], fonts.load("DejaVuSerif.ttf", 30)
    )
    grey = np.asarray(img.convert("L")).astype(np.float32)
    x = np.arange(grey.shape[1], dtype=np.float32) / grey.shape[1]
    dim = Image.fromarray((grey * (1.0 - 0.65 * x**2)[None, :]).astype(np.uint8))

    def read() -> recognize.Link:
        return recognize.read_links(dim, [box], recognizer=recognizer).links[0]

    link = read()
    assert link.url == "https://github.com/tensorflow/models/tree/master", link.text
    assert abs(link.link_box.xmax - end) < box.height
    monkeypatch.setattr(lines, "_flat", lambda strip: strip)
    link = read()  # the paper past the middle grey: the line's end is lost
    assert link.url != "https://github.com/tensorflow/models/tree/master"


def test_a_word_tesseract_sets_close_after_a_link_is_left_to_the_text_to_judge():
    # Tesseract's two words closer than a space: joined when the boundary is a URL mark or the
    # word is none; a dictionary word after a letter is the sentence's next word
    assert not recognize._next_word("https:", "//www.dev.com", inside=False)
    assert not recognize._next_word("https://dev.com/", "examples", inside=False)
    assert not recognize._next_word("https://dev.com/tutor", "ials3", inside=False)
    assert recognize._next_word("https://www.dev.com/examples.pdf", "the", inside=False)
    assert recognize._next_word("https://link.science/guide.pdf", "supports", inside=False)
    # a word whose box lies inside the one before it: the gap is not known
    assert recognize._next_word("http://openreview.net/faq/latest", "Each", inside=True)
    assert recognize._next_word("https://a.com/x", "Qzv", inside=True)
    assert not recognize._next_word("https://a.com/x", "Qzv", inside=False)
    # a word OCR split in two is one word of the link
    assert not recognize._next_word("https://a.com/research/note", "books", inside=False)
    # and the link's text then says where it ends
    for words, url in [
        (["https://www.dev.com/examples.pdf", "the", "figure"], "https://www.dev.com/examples.pdf"),
        (["http://openreview.net/faq/latest", "Each"], "http://openreview.net/faq/latest"),
    ]:
        assert recognize.url_of(" ".join(words)) == url


def test_tesseract_keeps_its_progress_notes_out_of_the_log(capfd):
    """Tesseract prints notes to stderr from C++ (``Image too small to scale!!`` on a sliver
    of a line, ``Detected 12 diacritics``); the engines send them to their debug file."""
    from links_detector.reading import ocr

    sliver = Image.new("L", (2, 40), 255)
    capfd.readouterr()
    assert ocr.engine().read(sliver, psm=7).strip() == ""
    assert ocr.line_engine().read(sliver, psm=7).strip() == ""
    assert capfd.readouterr().err == ""
