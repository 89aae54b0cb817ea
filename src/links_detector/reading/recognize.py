"""Reading printed links: detected prefixes -> the text line to their right -> Tesseract -> URL.

``read_links(image, prefix_boxes, scores)`` is the recognition half, usable with any source of
prefix boxes (the detector, or exact labels as an oracle). For each prefix it:

1. takes the text line to its right: the line's height comes from the prefix box (moved onto
   its line when it sits a third of a line off, ``lines.fit_line``), and the crop runs right until
   the first gap as wide as a word space on that line (a link has no spaces);
2. makes the crop dark-on-light, upscales it so the line is about ``line_px`` tall (Tesseract
   misses small text), pads it, and OCRs it in single-line mode;
3. when the link runs to the end of its line, reads the start of the next line and joins it
   when it continues the link (``continuation``: a link that wraps);
4. cleans the text into a URL (``urls.clean``): the scheme read from the prefix, the host on
   the Public Suffix List; text that is no URL gives none.

When there is no prefix, Tesseract is not called at all (the article's rule).
"""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import cv2
import numpy as np
from PIL import Image

from links_detector.common.boxes import Box
from links_detector.reading import lines, ocr, ppocr, urls

QUICK_LEFT, QUICK_RIGHT = 0.25, 1.5


@dataclass
class Link:
    url: str | None
    score: float
    prefix_box: Box
    link_box: Box
    text: str = ""  # what Tesseract read


@dataclass
class Reading:
    links: list[Link] = field(default_factory=list)
    ocr_seconds: float = 0.0


class LineText(str):
    """A link's OCR text (``read_one``) with ``conf``: Tesseract's confidence (0-100) in the
    least sure word of the link on its own line."""

    conf: float

    def __new__(cls, text: str, conf: float) -> LineText:
        self = super().__new__(cls, text)
        self.conf = conf
        return self


def confidence(text: str) -> float:
    """``text``'s ``LineText.conf``; 100 for text with none (nothing read, a quick look)."""
    return getattr(text, "conf", 100.0)


def read_one(
    grey: np.ndarray,
    prefix: Box,
    line_px: int = 48,
    level: bool = True,
    quick: bool = False,
    wrap: bool = True,
) -> tuple[str, Box]:
    """OCR text of the link that starts at ``prefix`` on the level page ``grey``, and its box.

    The crop runs to the link's end as the layout shows it, and one word further in case that
    gap was inside the link. Tesseract's word boxes then say where its spaces are real: words
    closer than a word space on this line are joined (a printed link has no spaces, whatever
    OCR puts in), and ``urls.url_span`` decides from the text whether a word after a real
    space still belongs to the link. A gap holding an underscore or a hyphen OCR dropped is
    no space: the mark goes back in (``_GapMarks``). With ``wrap``, a link that runs to the
    end of its line gets the next line's text when that continues it (``continuation``).
    """
    if lines.off_page(grey, prefix):
        return "", prefix  # off the page (a box turned with it by the deskew)
    # (the quick look needs the angle of the prefix's own stretch of line only)
    levelled = lines.level_line(grey, prefix, reach=12.0 if quick else 40.0) if level else None
    if levelled is not None:  # the line runs at an angle of its own here (perspective, curl)
        return _read_levelled(grey, prefix, levelled, line_px, quick, wrap)
    prefix = lines.fit_line(grey, prefix)
    if quick:
        return _quick_look(grey, prefix, line_px)
    link, after, space = lines.extent(grey, prefix)
    line = lines.line_image(grey, Box(link.xmin, link.ymin, after, link.ymax), line_px)
    if line is None:
        return "", link
    groups = _word_groups(grey, prefix, link, after, space, line)
    if not groups:
        return "", link
    text, sure, box, whole = _where_link_ends(groups, link, grey.shape[1])
    if wrap and whole and (more := continuation(grey, box, text, line_px)):
        text += more  # the link wraps: its end is the first word of the next line
    return LineText(text, sure), box


def _read_levelled(
    grey: np.ndarray,
    prefix: Box,
    levelled: tuple[np.ndarray, tuple[int, int], np.ndarray],
    line_px: int,
    quick: bool,
    wrap: bool,
) -> tuple[str, Box]:
    """``read_one`` in the window ``lines.level_line`` turned level, the box mapped back."""
    window, (wx, wy), m = levelled
    text, box = read_one(
        window, prefix.shift(-wx, -wy), line_px, level=False, quick=quick, wrap=False
    )
    whole = len(urls.url_span(text).split()) >= len(text.split())
    if wrap and not quick and text and whole and lines.line_ends(window, box):
        more = _continuation_levelled(grey, prefix, box.shift(wx, wy), m, text, line_px)
        text = LineText(text + more, confidence(text))
    return text, lines.bounds(box, cv2.invertAffineTransform(m)).shift(wx, wy)


def _quick_look(grey: np.ndarray, prefix: Box, line_px: int) -> tuple[str, Box]:
    """OCR of the fitted prefix alone, and a little to either side (a box can sit off its text)."""
    h = prefix.height
    box = Box(prefix.xmin - QUICK_LEFT * h, prefix.ymin, prefix.xmax + QUICK_RIGHT * h, prefix.ymax)
    line = lines.line_image(grey, box, line_px)
    return ("" if line is None else ocr.line_engine().read_line(line[0])), box


def _word_groups(
    grey: np.ndarray,
    prefix: Box,
    link: Box,
    after: float,
    space: float,
    line: tuple[Image.Image, float, float],
) -> list[list]:
    """Tesseract's words on ``line``, joined where no space parts them: [text, right x, conf]."""
    img, x0, scale = line
    # Tesseract splits words where there is no space at all (around ``/`` and ``:``); a gap
    # that might be a space is left for url_span to judge (a monospace link's letter gaps can
    # be as wide as the word spaces of the serif text around it)
    join = min(space, 0.15 * prefix.height)
    marks = _GapMarks(grey, link, after)
    groups: list[list] = []
    for w in ocr.line_engine().line_words(img):
        left = x0 + (w.left - lines.BORDER) / scale
        right = x0 + (w.right - lines.BORDER) / scale
        mark = _dropped_mark(groups[-1], w, left, join, marks) if groups else ""
        if groups and _same_word(groups[-1], w, left, right, link, space, join, mark):
            groups[-1][0] += mark + w.text
            groups[-1][1] = max(groups[-1][1], right)
            groups[-1][2] = min(groups[-1][2], w.conf)
        else:
            groups.append([w.text, right, w.conf])
    return groups


def _dropped_mark(group: list, w: ocr.Word, left: float, join: float, marks: _GapMarks) -> str:
    """The ``_`` or ``-`` OCR dropped in the gap between ``group`` and ``w``, or ""."""
    # looked for only in a gap that might be a space, with no ``.`` ``/`` ``-`` ``_`` beside it
    gap = left - group[1]
    if gap >= join and not group[0].endswith(_MARKED) and not w.text.startswith(_MARKED):
        return marks.between(group[1], left)
    return ""


def _same_word(
    group: list,
    w: ocr.Word,
    left: float,
    right: float,
    link: Box,
    space: float,
    join: float,
    mark: str,
) -> bool:
    """Whether ``w`` (page x ``left`` to ``right``) is one word with the ``group`` before it."""
    gap = left - group[1]
    return bool(
        # a word that starts past the word-wide gap the layout saw is a word of its own,
        # whatever box OCR gave the word before it ("en-1488" reaching over "converts")
        left < link.xmax + 0.5 * space
        and (
            (gap < join and not _next_word(group[0], w.text, right <= group[1]))
            # a monospace ". " or "/ " gap, half a space at most in the link's own face (a
            # wider one after a "/" is the space before the next word: "examples/ and"; so is
            # one wider than a letter's before a word of the dictionary)
            or (
                gap < 0.5 * space
                and (group[0].endswith(("/", ".")) or w.text[:1] in "/.")
                and not (gap >= join and _dictionary_word(w.text))
            )
            or mark
        )
    )


def _dictionary_word(text: str) -> bool:
    """Whether ``text`` is a word of Tesseract's dictionary in small letters (``and``)."""
    return len(text) >= 2 and text.isalpha() and text.islower() and ocr.engine().is_word(text)


def _where_link_ends(groups: list[list], link: Box, width: int) -> tuple[str, float, Box, bool]:
    """The line's text, the link's least confidence, its box, and whether it takes every word."""
    # the link ends where ``urls.url_span`` says, at the right edge of its last word group
    text = " ".join(g[0] for g in groups)
    kept = len(urls.url_span(text).split())
    right = groups[max(kept, 1) - 1][1]
    sure = min(g[2] for g in groups[: max(kept, 1)])
    box = Box(link.xmin, link.ymin, min(max(right, link.xmin + 1), width), link.ymax)
    return text, sure, box, kept >= len(groups)


def _next_word(before: str, word: str, inside: bool) -> bool:
    """Whether Tesseract's ``word``, closer to the text ``before`` it than a space, is still
    the next word of the sentence: a dictionary word after a letter or digit (``examples.pdf``
    ``the``, ``guide.pdf`` ``supports``: the space was narrow, a letter's overhang) unless the
    two make one word of the dictionary (``note`` ``books``: a word OCR split), or any word
    whose box lies inside the one before (``latest`` ``Each`` when the box of
    ``https://.../latest`` runs on over ``Each``: the gap is not known). ``urls.url_span``
    then ends the link before it."""
    letters = re.match(r"[A-Za-z]+", word)
    if letters is None or not before[-1:].isalnum():
        return False
    if inside:
        return True
    is_word = ocr.engine().is_word
    head = re.search(r"[A-Za-z]*$", before)[0]
    if head and is_word((head + letters[0]).lower()):
        return False
    return len(letters[0]) >= 2 and is_word(letters[0].lower())


def _continuation_levelled(
    grey: np.ndarray, prefix: Box, link: Box, m: np.ndarray, text: str, line_px: int
) -> str:
    """``continuation`` of a link on a line levelled by ``m`` (``lines.level_line``'s turn about
    the prefix's centre; ``link`` in the page's pixels before the turn is undone): in a wider
    window turned the same way, from 40 line heights left of the prefix (where its column
    starts) to just past the link."""
    wide = lines.level_around(grey, prefix, link, m)
    if wide is None:
        return ""
    level, (x0, y0) = wide
    return continuation(level, link.shift(-x0, -y0), text, line_px)


# what a link that a book breaks at a line's end can end with there, but not where it ends


def continuation(grey: np.ndarray, link: Box, text: str, line_px: int = 48) -> str:
    """The rest of a link that wraps onto the next line (that line's OCR text), or "".
    ``text`` is the OCR text of the link, all of it (no word of the sentence after it).

    The layout shows a link may continue when it reaches the end of its line: no ink in the
    line height and a half after it (the column's edge). Then the next line is read from
    the left edge of the link's column, one line pitch below (the lag at which the column's
    rows of ink repeat), its first word and one more. Its first word continues the link when
    it reads like URL text (a ``/`` ``_`` ``=`` ``?`` ``#`` ``&`` or a dot before a letter:
    ``models/research``, ``classes.html``), or when the link cannot end where it broke
    (``data-``, ``?id=``, no valid URL yet: ``https://www.``) and the word starts with a
    small letter (``classes``). A word that starts a sentence, a number, a reference's
    ``[3]``, or a new link does not (``For``, ``and`` after ``tensorflow/``, ``https://``)."""
    found = lines.next_line_start(grey, link) if text.strip() else None
    if found is None:
        return ""
    start, below = found
    more = _read_line_start(grey, start, below, link.height, line_px)
    return more if urls.continues(more, _cannot_end(text)) else ""


def _cannot_end(text: str) -> bool:
    """Whether the link ``text`` cannot end where its line does (``data-``, no valid URL yet)."""
    # then a word may continue it; else (after a ``/`` or a whole URL) only URL text does
    # (``models/research``, not ``and``). Judged from the scheme on, as the link is cleaned: a
    # scrap of the word before the box ("n_ https://...") is no sign that the link goes on
    span = urls.from_scheme(text)
    return text.rstrip().endswith(urls.CANNOT_END) or span is None or urls.clean(span) is None


def _read_line_start(grey: np.ndarray, start: int, below: Box, h: float, line_px: int) -> str:
    """OCR text of the first two words of the line ``below``, from page x ``start`` on."""
    # as for the link's own line, one word more than the layout shows: the text decides
    word, after, _ = lines.extent(grey, Box(start, below.ymin, start + 0.5 * h, below.ymax))
    crop = lines.line_image(grey, Box(word.xmin, below.ymin, after, below.ymax), line_px)
    return ocr.line_engine().read_line(crop[0]).strip() if crop is not None else ""


_MARKED = tuple("./-_")  # no mark between these and a word


class _GapMarks:
    """What is printed in a gap OCR left between two words of a link: Tesseract drops an
    underscore or a hyphen now and then and sees a space there (``object detection``,
    ``intro 1780/``), but the ink is still on the page: a stroke across the gap below the
    line's baseline is an underscore, one at mid-height of its small letters a hyphen."""

    def __init__(self, grey: np.ndarray, link: Box, right: float):
        self.grey, self.link, self.right = grey, link, right
        self.x0 = int(max(0, link.xmin))
        self.band: tuple[int, int] | None = None
        self.mask: np.ndarray | None = None  # made on the first gap (most lines have none)

    def _measure(self) -> None:
        H, W = self.grey.shape
        h = self.link.height
        y0 = int(max(0, self.link.ymin - 0.1 * h))
        y1 = int(min(H, np.ceil(self.link.ymax + 0.3 * h)))
        mask = lines.ink_mask(self.grey[y0:y1, self.x0 : int(min(W, np.ceil(self.right)))])
        self.mask = mask & ~lines.rules(mask, h)  # an underline is no underscore
        rows = self.mask.sum(axis=1)
        body = np.flatnonzero(rows >= 0.5 * rows.max()) if rows.size and rows.max() else []
        # the small letters' band (x-height): the rows most of the line's letters ink
        self.band = (int(body[0]), int(body[-1])) if len(body) else None

    def between(self, left: float, right: float) -> str:
        """``_``, ``-`` or ``""`` for the gap from page x ``left`` to ``right``."""
        if self.mask is None:
            self._measure()
        if self.band is None:
            return ""
        a, b = int(np.ceil(left - self.x0)) + 1, int(right - self.x0) - 1
        if b - a < 2 or a < 0 or b > self.mask.shape[1]:
            return ""
        gap = self.mask[:, a:b]
        top, base = self.band
        x_height = base - top + 1
        if b - a < 0.4 * x_height:  # narrower than a letter: a full stop's foot, a serif
            return ""
        # an underscore lies close under the baseline (not as low as the next line's letters)
        slab = gap[base + max(1, x_height // 8) : base + int(0.6 * x_height) + 1]
        below = slab.any(axis=0).mean() if slab.size else 0.0
        rows = np.flatnonzero(slab.any(axis=1))
        thin = len(rows) and rows[-1] - rows[0] + 1 <= max(2, 0.3 * x_height)
        middle = gap[top + x_height // 4 : base - x_height // 4 + 1].any(axis=0).mean()
        high = gap[: top + x_height // 4].any(axis=0).mean()
        if below >= 0.7 and thin and middle <= 0.1 and high <= 0.1:
            return "_"
        if middle >= 0.7 and below <= 0.1 and high <= 0.1:
            return "-"
        return ""


def looks_like_prefix(grey: np.ndarray, prefix: Box, line_px: int = 48) -> bool:
    """A quick look at a doubtful detection: does OCR of the prefix alone (and a little to
    either side: a box can sit off its text) read like ``http(s)://`` anywhere in it? The
    prefix is levelled and fitted onto its line first, as ``read_one`` does: a box a third of
    a line off its text reads as noise, and a real prefix would be rejected though its whole
    line reads well.

    A box with no ink in it (paper, a margin, the table beyond the page: all one grey) has
    nothing to read, and Tesseract is not called: many doubtful detections are such, and a
    real prefix never is."""
    H, W = grey.shape
    inside = grey[
        int(max(0, prefix.ymin)) : int(min(H, np.ceil(prefix.ymax))),
        int(max(0, prefix.xmin)) : int(min(W, np.ceil(prefix.xmax))),
    ]
    if inside.size == 0 or lines.ink_level(inside) is None:
        return False
    return urls.contains_scheme(read_one(grey, prefix, line_px, quick=True)[0])


_pools: dict[int, ThreadPoolExecutor] = {}


def ocr_pool(threads: int) -> ThreadPoolExecutor:
    """The process's pool of ``threads`` OCR threads, each with its Tesseract engine loaded
    (on first use: so that no photo's timing pays for loading the model)."""
    if threads not in _pools:
        pool = ThreadPoolExecutor(threads, thread_name_prefix="ocr")
        ready = threading.Barrier(threads)  # one task per thread: each loads its engine

        def load() -> None:
            ocr.engine()  # is_word's (Tesseract's word list)
            ocr.line_engine()
            ready.wait()

        for f in [pool.submit(load) for _ in range(threads)]:
            f.result()
        _pools[threads] = pool
    return _pools[threads]


def _overlap(a: Box, b: Box) -> bool:
    return min(a.xmax, b.xmax) > max(a.xmin, b.xmin) and min(a.ymax, b.ymax) > max(a.ymin, b.ymin)


def _shared(a: Box, b: Box) -> float:
    """The share of the smaller of ``a`` and ``b`` that lies in both."""
    w = min(a.xmax, b.xmax) - max(a.xmin, b.xmin)
    h = min(a.ymax, b.ymax) - max(a.ymin, b.ymin)
    smaller = min(a.width * a.height, b.width * b.height)
    return w * h / smaller if w > 0 and h > 0 and smaller > 0 else 0.0


SAME_PREFIX = 0.5  # two prefix boxes sharing this much of the smaller are one printed prefix


def _drop_repeats(found: list[Link]) -> None:
    """One URL per printed link, the best-scored detection's reading. A second detection on the
    same line (one on the word before it, read from there) gives the same URL with an
    overlapping box; a second box on the same prefix, set off it, reads its line from another
    crop, and what it reads differently is a misreading. The lower-scored one's URL is dropped.
    The same URL printed twice on a page, in two places, stays twice."""
    kept: list[Link] = []
    for i in sorted(range(len(found)), key=lambda i: -found[i].score):
        link = found[i]
        if link.url is None:
            continue
        if any(
            (k.url == link.url and _overlap(k.link_box, link.link_box))
            or _shared(k.prefix_box, link.prefix_box) >= SAME_PREFIX
            for k in kept
        ):
            found[i] = replace(link, url=None)
        else:
            kept.append(link)


# the heights (px) a line that read like a link but cleaned into none is read again at:
# Tesseract's misreads change with the scale, and a false detection's text seldom reads like
# a scheme, so the second read is rare and costs little
RETRY_LINE_PX = (64,)
# a link whose least sure word Tesseract gives a confidence under this (0-100) is read again at
# RETRY_LINE_PX, and the surer reading kept: links Tesseract is unsure of are wrong far more
# often than the others, and a higher bar would read many more lines twice for little gain
RETRY_BELOW_CONF = 50.0


def url_of(text: str) -> str | None:
    """The URL in a line's OCR text, from its scheme on (``urls.clean``), or None."""
    span = urls.from_scheme(text)
    return urls.clean(span) if span else None


def read_links(
    image: Image.Image,
    prefix_boxes: list[Box],
    scores: list[float] | None = None,
    deskew: bool = False,
    line_px: int = 48,
    threads: int = 1,
    doubtful: list[bool] | None = None,
    passed: list[bool] | None = None,
    recognizer: str = "tesseract",
) -> Reading:
    """OCR the link to the right of each prefix box (boxes in ``image``'s pixels).

    A box marked in ``doubtful`` (a low score) is read only when ``looks_like_prefix``: its
    link is then None without the cost of reading a whole line beside a false detection. A
    doubtful box not ``passed`` (by the prefix check, ``check.PrefixCheck``) is not looked at.

    ``recognizer`` reads the lines: ``tesseract`` (its text cleaned by ``urls``) or ``ppocr``
    (``ppocr.read_link``: the PP-OCR recognizer, decoded under the URL grammar).

    With ``threads`` > 1, that many lines are read at once (engines of their own, on as many
    cores).

    Each link's line is levelled where it is (a link on a page tilted by 2 degrees drifts a
    whole line over its length). With ``deskew``, the whole page is levelled first. ``link_box``
    is mapped back to ``image``'s pixels (the bounds of the levelled box turned back).
    """
    reading = Reading()
    if not prefix_boxes:
        return reading  # nothing detected: no Tesseract at all
    t0 = time.perf_counter()
    grey = np.asarray(image.convert("L"))
    scores = scores if scores is not None else [1.0] * len(prefix_boxes)
    boxes, back = list(prefix_boxes), None
    if deskew:
        grey, boxes, back = _deskewed(grey, boxes)
    doubts = _doubts(doubtful, passed, len(boxes))

    def one(box: Box, doubt: bool | None) -> tuple[str, Box, str | None]:
        return _read_box(grey, box, doubt, line_px, recognizer)

    if threads > 1 and len(boxes) > 1:
        read = list(ocr_pool(threads).map(one, boxes, doubts))
    else:
        read = [one(b, d) for b, d in zip(boxes, doubts, strict=True)]
    for prefix, (text, link, url), score in zip(prefix_boxes, read, scores, strict=True):
        if back is not None:
            link = lines.bounds(link, back)
        reading.links.append(Link(url, float(score), prefix, link, text))
    _drop_repeats(reading.links)
    reading.ocr_seconds = time.perf_counter() - t0
    return reading


def _deskewed(
    grey: np.ndarray, boxes: list[Box]
) -> tuple[np.ndarray, list[Box], np.ndarray | None]:
    """The page turned level (``lines.skew``), ``boxes`` moved with it, and the turn back."""
    angle = lines.skew(grey)
    if not angle:
        return grey, boxes, None
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    (paper,) = lines.percentiles(grey, (50,))
    level = cv2.warpAffine(
        grey,
        m,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=int(paper),
    )
    return level, [lines.rotate_box(b, m) for b in boxes], cv2.invertAffineTransform(m)


def _doubts(doubtful: list[bool] | None, passed: list[bool] | None, n: int) -> list[bool | None]:
    """Each box's doubt: False (read), True (read if it ``looks_like_prefix``), None (skip)."""
    doubtful = doubtful or [False] * n
    passed = passed or [True] * n
    return [None if d and not p else d for d, p in zip(doubtful, passed, strict=True)]


def _read_box(
    grey: np.ndarray, box: Box, doubt: bool | None, line_px: int, recognizer: str = "tesseract"
) -> tuple[str, Box, str | None]:
    """The text, link box and URL (or None) of the link at the prefix ``box`` (``_doubts``)."""
    if doubt is None:  # doubtful, and the prefix check says no
        return "", box, None
    if doubt and not looks_like_prefix(grey, box, line_px):
        return "", box, None
    if recognizer == "ppocr":
        return ppocr.read_link(grey, box)
    text, link = read_one(grey, box, line_px)
    return _read_again(grey, box, text, link, url_of(text))


def _read_again(
    grey: np.ndarray, box: Box, text: str, link: Box, url: str | None
) -> tuple[str, Box, str | None]:
    """The reading given, or a better one at ``RETRY_LINE_PX`` when it is doubtful."""
    # a line that reads like a link but cleans into none, or a link Tesseract is unsure of,
    # is read again: Tesseract's misreads change with the scale (``h ttps i/ /data.co`` at
    # one, the link at another). Of two links, the one Tesseract is surer of is kept
    unsure = url is not None and confidence(text) < RETRY_BELOW_CONF
    for px in RETRY_LINE_PX if unsure or (url is None and urls.contains_scheme(text)) else ():
        again, again_link = read_one(grey, box, px)
        again_url = url_of(again)
        if again_url is not None and (url is None or confidence(again) > confidence(text)):
            text, link, url = again, again_link, again_url
    return text, link, url
