"""The text line beside a prefix, in pixels: the geometry step of reading a link.

Given a detected prefix box on a greyscale page, this module finds what the rest of the
reading needs before OCR (``recognize.read_one`` calls it):

- the ink: which pixels are ink on a line, dark-on-light or light-on-dark, with the paper's
  slow change along the line taken out and a link printed lighter than its text judged by
  its own ink (``ink_level``, ``ink_mask``, ``_flat``, ``_link_ink``);
- the angle: the whole page's (``skew``) or the line's own where the prefix is
  (``level_line``, ``turn``), and boxes mapped through those turns (``rotate_box``,
  ``bounds``);
- the line: the prefix box moved onto its text line (``fit_line``), the link's extent to
  the first word-wide gap (``extent``, ``link_extent``) and the crop OCR reads, dark on
  light and upscaled (``line_image``);
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageOps

from links_detector.common.boxes import Box


def off_page(grey: np.ndarray, prefix: Box) -> bool:
    """Whether ``prefix`` lies off the page ``grey`` (within a pixel of its edges or beyond)."""
    H, W = grey.shape
    return prefix.ymax <= 1 or prefix.ymin >= H - 1 or prefix.xmax <= 1 or prefix.xmin >= W - 1


def percentiles(a: np.ndarray, qs: tuple[float, ...]) -> list[float]:
    """Percentiles ``qs`` of the uint8 array ``a`` from its histogram (``np.percentile`` sorts,
    slow on a whole page), lower values as ``np.percentile(..., method="lower")``."""
    if a.dtype != np.uint8:
        return [float(v) for v in np.percentile(a, qs, method="lower")]
    cum = np.cumsum(np.bincount(a.ravel(), minlength=256))
    return [float(np.searchsorted(cum, q / 100 * (cum[-1] - 1), side="right")) for q in qs]


def ink_level(strip: np.ndarray) -> tuple[float, bool, float, float] | None:
    """The grey level halfway between a strip's ink and its paper, whether its text is dark
    on light, and its ink's and paper's levels (2nd and 98th percentiles); None when the
    strip is all one grey (less than 20 levels between them)."""
    lo, med, hi = percentiles(strip, (2, 50, 98))
    if hi - lo < 20:
        return None
    mid = (lo + hi) / 2
    return mid, med > mid, lo, hi  # dark text: mostly paper, and paper is light


def ink_mask(strip: np.ndarray, window: int = 0) -> np.ndarray:
    """Ink pixels of a greyscale strip, for dark-on-light or light-on-dark text.

    With ``window``, ink is judged against the paper near it (the brightest paper within
    ``window`` px): for a whole photo, unevenly lit, perhaps showing the table beyond the page.
    A text line is judged as a whole (halfway between its paper and its ink)."""
    if strip.size == 0:
        return np.zeros_like(strip, bool)
    found = ink_level(strip)
    if found is None:
        return np.zeros_like(strip, bool)
    mid, dark_text, lo, hi = found
    if not window:
        return strip < mid if dark_text else strip > mid
    s = strip if dark_text else 255 - strip
    paper = cv2.dilate(s, np.ones((window, window), np.uint8)).astype(np.float32)
    ink = lo if dark_text else 255 - hi  # the darkest ink
    return s < (paper + ink) / 2  # halfway between the paper here and the ink


def _gaps(ink: np.ndarray) -> list[tuple[int, int]]:
    """(start, length) of the runs of inkless columns between inked ones."""
    cols = np.flatnonzero(ink)
    if len(cols) < 2:
        return []
    d = np.diff(cols)
    return [(int(c) + 1, int(g) - 1) for c, g in zip(cols[:-1], d, strict=True) if g > 1]


def word_gap(gaps: list[int], prefix_gaps: list[int], height: float) -> float:
    """The narrowest gap taken for a word space on a text line of prefix height ``height``.

    A word space is at least about a quarter of the line height in the faces books use; wider
    than most gaps between letters on the line (their 75th percentile); and wider than the
    widest gap inside the printed prefix, whose ``:`` and ``/`` are spaced like the link's own
    ``.`` and ``/`` (wide in monospace faces, where a space is wider still).
    """
    letters = float(np.percentile(gaps, 75)) if gaps else 0.0
    return max(3.0, 0.25 * height, 1.8 * letters, 1.4 * max(prefix_gaps, default=0))


def extent(grey: np.ndarray, prefix: Box) -> tuple[Box, int, float]:
    """The link's box (to the first word-wide gap after the prefix), the right end of the
    word after it (OCR sees that word too, in case the gap was inside the link), and the
    width of the narrowest word space on the line.

    A link printed lighter than the text around it (grey, or a colour such as blue) is
    measured twice: once with ink judged by the line's darkest text, as any line, and once
    by the prefix's own ink (``_link_ink``). The faint ink lost the first way opens gaps
    inside the link (``w3.o rg``), so the farther end of the two is taken."""
    H, W = grey.shape
    # the prefix spans ascenders to descenders; an underscore can sit a little lower
    y0 = int(max(0, prefix.ymin))
    y1 = int(min(H, np.ceil(prefix.ymax + 0.15 * prefix.height)))
    pre_start, pre_end = int(max(0, prefix.xmin)), int(min(W, np.ceil(prefix.xmax)))
    strip = grey[y0:y1, :]
    plain, lighter = _link_ink(strip, slice(None), slice(pre_start, pre_end))
    found = _extent_in(plain, prefix, pre_start, pre_end)
    if lighter is not None:
        light = _extent_in(lighter, prefix, pre_start, pre_end)
        if light[1] > found[1]:
            found = light
    return found


def _extent_in(
    mask: np.ndarray, prefix: Box, pre_start: int, pre_end: int
) -> tuple[Box, int, float]:
    """``extent`` on the line's ink ``mask``."""
    mask = mask & ~rules(mask, prefix.height)  # an underline joins the link's letters and words
    ink = mask.any(axis=0)
    gaps = _gaps(ink)
    inside = [length for start, length in gaps if pre_start <= start and start + length <= pre_end]
    threshold = word_gap([length for _, length in gaps], inside, prefix.height)
    letter = float(np.median(inside)) if inside else 0.0
    start = _word_start(ink, pre_start, prefix.height, letter)
    wide = [start for start, length in gaps if start >= pre_end - 1 and length >= threshold]
    cols = np.flatnonzero(ink[pre_end:])
    last = pre_end + (int(cols[-1]) + 1 if len(cols) else 0)
    end = wide[0] if wide else last
    after = wide[1] if len(wide) > 1 else last
    # a gap of a line height and a half is the column's edge, not a space: the word after it
    # is the next column's (OCR of the gutter and that word ran on into the link)
    gutter = [
        start for start, length in gaps if start >= pre_end - 1 and length >= 1.5 * prefix.height
    ]
    if gutter:
        end, after = min(end, gutter[0]), min(after, gutter[0])
    end = max(end, pre_end)
    return Box(start, prefix.ymin, end, prefix.ymax), max(end, after), threshold


def _word_start(ink: np.ndarray, x: int, height: float, letter: float = 0.0) -> float:
    """Where the inked word at column ``x`` starts: a detected box can cut off the ``h``, so
    the start moves left over ink and letter gaps (``letter``: the prefix's median gap, wide in
    monospace), up to 0.6 line heights, until a wider gap."""
    gap_min = max(2, int(0.12 * height), int(np.ceil(1.5 * letter)))
    run = 0
    for c in range(x - 1, max(-1, x - 1 - int(0.6 * height)), -1):
        if ink[c]:
            run = 0
            continue
        run += 1
        if run >= gap_min:
            return float(c + run)
    return float(x)


def rules(mask: np.ndarray, height: float) -> np.ndarray:
    """Underlines in an ink mask: horizontal runs of ink longer than 3 line heights (serifs
    touching along a baseline make shorter ones), a pixel thicker above and below so a slanted
    one goes too."""
    k = max(8, int(3 * height))
    runs = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, np.ones((1, k), np.uint8))
    return cv2.dilate(runs, np.ones((3, 1), np.uint8)).astype(bool)


def link_extent(grey: np.ndarray, prefix: Box) -> Box:
    """The box of the whole link that starts with ``prefix`` on the page ``grey``: it runs
    right until the first gap as wide as a word space on that line (a link has no spaces)."""
    return extent(grey, prefix)[0]


BORDER = 16


def _even(crop: np.ndarray, height: float) -> np.ndarray:
    """A dark-on-light line crop with its paper made white and its ink black, column by column
    (a shadow or the gutter darkens one end of a line; the border added for OCR is white)."""
    if crop.size == 0:
        return crop
    k = max(3, int(height))
    paper = cv2.dilate(crop.max(axis=0)[None, :], np.ones((1, k), np.uint8)).astype(np.float32)
    ink = float(np.percentile(crop, 2))
    out = (crop.astype(np.float32) - ink) * 255.0 / np.maximum(paper - ink, 1.0)
    return np.clip(out, 0, 255).astype(np.uint8)


def line_image(
    grey: np.ndarray, link: Box, line_px: int = 48
) -> tuple[Image.Image, float, float] | None:
    """The link's crop, dark text on light, about ``line_px`` tall, with a margin; and the
    page x of the crop's first column and the upscale factor (to map OCR boxes back). None
    when the box lies off the page."""
    H, W = grey.shape
    pad = 0.15 * link.height  # above and below; left and right, just a pixel
    x0, y0 = int(max(0, link.xmin - 1)), int(max(0, link.ymin - pad))
    x1, y1 = int(min(W, link.xmax + 1)), int(min(H, link.ymax + pad))
    crop = grey[y0:y1, x0:x1]
    if crop.size == 0:
        return None  # the box lies off the page
    if np.median(crop) < (int(crop.min()) + int(crop.max())) / 2:
        crop = 255 - crop  # light-on-dark page
    # (an underline stays: painting it over takes the descenders that cross it with it)
    img = Image.fromarray(_even(crop, link.height))
    scale = min(4.0, max(1.0, line_px / max(1, y1 - y0)))
    if scale > 1.0:
        img = img.resize(
            (round(img.width * scale), round(img.height * scale)), Image.Resampling.BICUBIC
        )
    return ImageOps.expand(img, border=BORDER, fill=255), x0, scale


def skew(grey: np.ndarray, max_deg: float = 10.0, step: float = 0.25) -> float:
    """The page's text angle in degrees (counter-clockwise), by projection profiles.

    Text lines are sharpest in the row profile of the page turned back by their angle; the
    search runs on a 512 px copy, coarse then fine.
    """
    scale = 512 / max(grey.shape)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    sharpness = _row_sharpness(ink_mask(small, window=9), w / 2, h / 2)
    coarse = _sharpest(sharpness, np.arange(-max_deg, max_deg + 1e-9, 1.0))
    return _sharpest(sharpness, np.arange(coarse - 1, coarse + 1 + 1e-9, step))


def _row_sharpness(ink: np.ndarray, cx: float, cy: float):
    """``sharpness(angles)``: for each of ``angles`` (degrees), how sharp the row profile of the
    ink mask ``ink`` is when it is turned back by that angle about (cx, cy) (text lines make
    sharp rows when level).

    The inked pixels are projected, not the image warped: each lands on the row its turned
    centre falls in, split linearly between two rows, as a bilinear warp would spread it. All
    the angles are projected at once (one pass over the pixels, not one an angle: the same
    profiles, for less time)."""
    h = ink.shape[0]
    ys, xs = np.nonzero(ink)
    pts = np.stack([xs, ys, np.ones_like(xs)]).astype(np.float64)

    def sharpness(angles: np.ndarray) -> np.ndarray:
        turns = np.array([cv2.getRotationMatrix2D((cx, cy), -float(a), 1.0)[1] for a in angles])
        y = turns @ pts  # one row of turned y per angle
        which, i = np.nonzero((y >= 0) & (y < h - 1))
        y = y[which, i]
        row = np.floor(y)
        f = y - row
        row = row.astype(np.intp) + which * h  # each angle's profile in a block of its own
        n = len(turns) * h
        rows = np.bincount(row, 1 - f, minlength=n) + np.bincount(row + 1, f, minlength=n)
        return np.square(np.diff(rows.reshape(len(turns), h), axis=1)).sum(axis=1)

    return sharpness


def _sharpest(sharpness, angles: np.ndarray) -> float:
    """The first of ``angles`` whose row profile is sharpest (``_row_sharpness``)."""
    return float(angles[int(np.argmax(sharpness(angles)))])


def rotate_box(box: Box, m: np.ndarray) -> Box:
    """The box of the same size centred where ``m`` (2x3 affine) takes its centre."""
    cx, cy = (box.xmin + box.xmax) / 2, (box.ymin + box.ymax) / 2
    nx, ny = m @ np.array([cx, cy, 1.0])
    return Box(nx - box.width / 2, ny - box.height / 2, nx + box.width / 2, ny + box.height / 2)


def bounds(box: Box, m: np.ndarray) -> Box:
    """The axis-aligned bounds of ``box``'s corners mapped by ``m`` (2x3 affine)."""
    corners = np.array(
        [
            [box.xmin, box.ymin, 1],
            [box.xmax, box.ymin, 1],
            [box.xmin, box.ymax, 1],
            [box.xmax, box.ymax, 1],
        ],
        dtype=np.float64,
    )
    pts = corners @ m.T
    return Box(*pts.min(axis=0), *pts.max(axis=0))


def level_line(grey: np.ndarray, prefix: Box, max_deg: float = 10.0, reach: float = 40.0):
    """Where the photo's tilt, its perspective or the page's curl tilts the line at
    ``prefix``: a window around the line, turned about the prefix's centre so the line runs
    level, its offset in ``grey``, and the turn (2x3); None when the line is level already.
    (Up to ``max_deg``: as far as the whole page's ``skew`` looks, so the page needs no
    deskew of its own first.)"""
    H, W = grey.shape
    h = max(prefix.height, 4.0)
    x0, x1 = int(max(0, prefix.xmin - 2 * h)), int(min(W, prefix.xmin + reach * h))
    y0, y1 = int(max(0, prefix.ymin - 3 * h)), int(min(H, prefix.ymax + 3 * h))
    win = grey[y0:y1, x0:x1]
    if win.size == 0 or x1 - x0 < 8 * h:
        return None
    cx, cy = (prefix.xmin + prefix.xmax) / 2 - x0, (prefix.ymin + prefix.ymax) / 2 - y0
    f = min(1.0, 12.0 / h)  # the angle search needs no more than ~12 px per line
    small = cv2.resize(win, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else win
    sharpness = _row_sharpness(ink_mask(small, window=max(3, int(h * f))), cx * f, cy * f)
    coarse = _sharpest(sharpness, np.arange(-max_deg, max_deg + 1e-9, 1.0))
    angle = _sharpest(sharpness, np.arange(coarse - 0.5, coarse + 0.51, 0.25))
    if abs(angle) < 0.5:
        return None
    level, m = turn(win, cx, cy, -angle)
    return level, (x0, y0), m


def turn(win: np.ndarray, cx: float, cy: float, deg: float) -> tuple[np.ndarray, np.ndarray]:
    """``win`` turned by ``deg`` (counter-clockwise) about (``cx``, ``cy``), the corners it
    uncovers filled with its paper's grey; and the turn (2x3)."""
    m = cv2.getRotationMatrix2D((cx, cy), deg, 1.0)
    (paper,) = percentiles(win, (50,))
    size = (win.shape[1], win.shape[0])
    return cv2.warpAffine(win, m, size, flags=cv2.INTER_LINEAR, borderValue=int(paper)), m


def level_around(
    grey: np.ndarray, prefix: Box, link: Box, m: np.ndarray
) -> tuple[np.ndarray, tuple[int, int]] | None:
    """A window of ``grey`` wide enough for the line after ``link``'s (from 40 line heights
    left of ``prefix``, where its column starts, to just past ``link``), turned level as
    ``level_line``'s turn ``m`` about the prefix's centre; and its origin on the page. ``link``
    is in the page's pixels before the turn is undone. None off the page."""
    H, W = grey.shape
    h = max(prefix.height, 4.0)
    x0, x1 = int(max(0, prefix.xmin - 40 * h)), int(min(W, link.xmax + 3 * h))
    y0, y1 = int(max(0, prefix.ymin - 3 * h)), int(min(H, prefix.ymax + 3 * h))
    win = grey[y0:y1, x0:x1]
    if win.size == 0:
        return None
    cx, cy = (prefix.xmin + prefix.xmax) / 2 - x0, (prefix.ymin + prefix.ymax) / 2 - y0
    level, _ = turn(win, cx, cy, float(np.degrees(np.arctan2(m[0, 1], m[0, 0]))))
    return level, (x0, y0)


def _flat(strip: np.ndarray) -> np.ndarray:
    """``strip`` with its paper's slow change along the line taken out: light falling off
    across a page darkens one end of a line below the other's ink, and a line judged as a
    whole then loses its letters there, or takes its paper for a light-on-dark page's. The
    paper's level in each column is a grey level of the column on the paper's side: first
    its median, which says whether the paper is light (the strip flattened by the medians is
    judged by ``ink_level``); then its 90th percentile for dark text on light paper, or its
    10th for light text on dark. Each is smoothed over two strip heights: letters ink too few
    of a column's pixels, and too few columns, to move it. Light that hardly changes along
    the line (by less than ``FLAT_MIN`` of the ink-to-paper range) leaves the strip as it
    is."""
    if strip.size == 0 or strip.shape[1] < 3 or strip.shape[0] < 2:
        return strip
    k = min(strip.shape[1], max(3, 2 * strip.shape[0]))
    ranked = np.sort(strip, axis=0)  # each column's grey levels, darkest first
    last = strip.shape[0] - 1

    def paper(q: float) -> np.ndarray:
        col = ranked[round(q / 100 * last)].astype(np.float32)
        padded = np.pad(col, (k // 2, k - 1 - k // 2), mode="edge")
        return np.convolve(padded, np.ones(k, np.float32) / k, mode="valid")

    def flattened(level: np.ndarray) -> np.ndarray:
        out = strip.astype(np.float32) - level[None, :] + float(np.median(level))
        return np.clip(out, 0, 255).astype(np.uint8)

    found = ink_level(flattened(paper(50)))
    if found is None:
        return strip
    level = paper(90 if found[1] else 10)
    # light that hardly changes along the line: the line as it is (judged as a whole)
    if np.ptp(level) < FLAT_MIN * (found[3] - found[2]):
        return strip
    return flattened(level)


FLAT_MIN = 0.25


def _link_ink(strip: np.ndarray, rows: slice, cols: slice) -> tuple[np.ndarray, np.ndarray | None]:
    """The ink mask of a text line ``strip`` (as ``ink_mask``, with the paper's change along
    the line taken out first: ``_flat``), and the one judged by the ink of its prefix
    (``strip[rows, cols]``) when the link is printed lighter than the text around it (grey or
    blue among black: its letters lie more than a quarter of the way from the darkest ink to
    the paper; else None)."""
    strip = _flat(strip)
    prefix = strip[rows, cols]
    found = ink_level(strip) if strip.size else None
    if found is None:
        return np.zeros_like(strip, bool), None
    mid, dark_text, lo, hi = found
    plain = strip < mid if dark_text else strip > mid
    if prefix.size == 0:
        return plain, None
    (own,) = percentiles(prefix, (2,) if dark_text else (98,))
    if abs(own - (lo if dark_text else hi)) <= 0.25 * (hi - lo):
        return plain, None
    return plain, strip < (own + hi) / 2 if dark_text else strip > (own + lo) / 2


def fit_line(grey: np.ndarray, prefix: Box) -> Box:
    """``prefix`` moved up or down onto its text line, on the level page ``grey``.

    A detector that sees the page at low resolution can place a box a third of a line too
    high or too low; a crop from it cuts off the descenders (``g`` reads as ``a`` or ``q``,
    ``p`` as ``o``) or the tops of the letters. The line's x-height band is the run of rows
    where the prefix and the text after it hold the most ink (underlines aside). In a
    labelled prefix box that band's middle lies about 0.54 of the way down, so a box whose
    band lies a fifth of its height or more from there is moved by the difference. The box
    stays as it is when no band of a plausible height (0.25 to 0.8 of the box) overlaps
    it."""
    H, W = grey.shape
    h = prefix.height
    if h < 4:
        return prefix
    x0, x1 = int(max(0, prefix.xmin)), int(min(W, np.ceil(prefix.xmax + 2 * prefix.width)))
    y0, y1 = int(max(0, prefix.ymin - h)), int(min(H, np.ceil(prefix.ymax + h)))
    win = grey[y0:y1, x0:x1]
    if win.size == 0 or x1 - x0 < h:
        return prefix
    plain, lighter = _link_ink(
        win, slice(int(prefix.ymin) - y0, int(prefix.ymax) - y0), slice(0, int(prefix.width))
    )
    mask = lighter if lighter is not None else plain
    rows = (mask & ~rules(mask, h)).sum(axis=1).astype(np.float32)  # an underline is no text
    if not rows.any():
        return prefix
    k = max(1, round(0.15 * h))  # smoothed: the tops, middles and feet of letters ink more
    smooth = np.convolve(rows, np.ones(k) / k, mode="same")
    inside = smooth[int(prefix.ymin) - y0 : int(prefix.ymax) - y0 + 1]
    bands = _runs(smooth >= 0.3 * inside.max(initial=0))
    top, bottom = prefix.ymin - y0, prefix.ymax - y0
    fits = [(a, b) for a, b in bands if 0.25 * h <= b - a <= 0.8 * h and a < bottom and b > top]
    if not fits:
        return prefix
    want = top + 0.54 * h
    a, b = min(fits, key=lambda ab: abs((ab[0] + ab[1]) / 2 - want))
    shift = (a + b) / 2 - want
    return prefix.shift(0, shift) if abs(shift) > 0.2 * h else prefix


def _runs(dense: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in the 1-D ``dense``, end exclusive."""
    runs, start = [], None
    for r, d in enumerate([*dense, False]):
        if d and start is None:
            start = r
        elif not d and start is not None:
            runs.append((start, r))
            start = None
    return runs


def line_ends(grey: np.ndarray, link: Box):
    """When ``link`` runs to the end of its line (no ink in the line height and a half after
    it), the line's ink columns, its ink test and where the link's ink ends; else None."""
    H, W = grey.shape
    h = link.height
    y0, y1 = int(max(0, link.ymin)), int(min(H, np.ceil(link.ymax)))
    found = ink_level(grey[y0:y1, :]) if h >= 4 and y1 > y0 else None
    if found is None:
        return None
    mid, dark_text, _, _ = found

    def inked(rows: np.ndarray) -> np.ndarray:
        return rows < mid if dark_text else rows > mid

    ink = inked(grey[y0:y1, :]).any(axis=0)
    x_end = int(np.ceil(link.xmax + max(2.0, 0.25 * h)))
    if x_end + 1.5 * h >= W or ink[x_end : int(x_end + 1.5 * h)].any():
        return None  # more on this line, or the photo's edge close: nothing to say it wraps
    return ink, inked, x_end


def next_line_start(grey: np.ndarray, link: Box) -> tuple[int, Box] | None:
    """Where the line after ``link``'s starts, when ``link`` runs to the end of its line (no
    ink in the line height and a half after it: a link a book breaks there may go on at the
    next line's start): the x of that line's first ink at the left edge of the link's column,
    and that line's box, one line pitch below (the lag at which the column's rows of ink
    repeat). None when the line goes on, or its column's start or the next line is not in
    view."""
    ends = line_ends(grey, link)
    if ends is None:
        return None
    ink, inked, x_end = ends
    left = _column_left(ink, int(max(0, link.xmin)), link.height)
    if left is None:
        return None  # the line runs on to the crop's (or photo's) edge: its start is not in view
    pitch = _line_pitch(grey, inked, link, left, x_end)
    if pitch is None:
        return None
    return _next_line_start(grey, inked, link, left, x_end, pitch)


def _column_left(ink: np.ndarray, x: int, h: float) -> int | None:
    """Where the line holding column ``x`` starts (after a 1.5 ``h`` gap); None: not in view."""
    left, run = x, 0
    for c in range(x - 1, -1, -1):
        if ink[c]:
            left, run = c, 0
        else:
            run += 1
            if run >= 1.5 * h:
                return left
    return None


def _line_pitch(grey: np.ndarray, inked, link: Box, left: int, x_end: int) -> int | None:
    """The line pitch: the lag at which the column's rows of ink repeat best (None: no lag)."""
    H = grey.shape[0]
    h = link.height
    top, bottom = int(max(0, link.ymin - 3 * h)), int(min(H, np.ceil(link.ymax + 3 * h)))
    rows = inked(grey[top:bottom, left:x_end]).sum(axis=1).astype(np.float32)
    rows -= rows.mean()
    lags = [lag for lag in range(max(1, int(h)), int(2.2 * h) + 1) if lag < len(rows) // 2]
    if not lags:
        return None
    return max(lags, key=lambda lag: float(np.dot(rows[:-lag], rows[lag:])))


def _next_line_start(
    grey: np.ndarray, inked, link: Box, left: int, x_end: int, pitch: int
) -> tuple[int, Box] | None:
    """The x where the line one ``pitch`` below starts at the column's edge, and its box."""
    H = grey.shape[0]
    h = link.height
    below = fit_line(grey, Box(left, link.ymin + pitch, left + 2 * h, link.ymax + pitch))
    if below.ymax >= H or below.ymin < link.ymin + 0.6 * h:
        return None
    b0, b1 = int(max(0, below.ymin)), int(min(H, np.ceil(below.ymax)))
    cols = np.flatnonzero(inked(grey[b0:b1, max(0, int(left - 0.5 * h)) : x_end]).any(axis=0))
    if not len(cols):
        return None
    start = max(0, int(left - 0.5 * h)) + int(cols[0])
    if start > left + 1.5 * h:
        return None  # the next line starts further in: a new paragraph, or none here
    return start, below
