"""The scale at which the detector sees a photo: its print as tall as training showed it.

The detector learned prefixes from generated pages seen at ``processed.width``, whose small
print (the lower quartile of a page's letter heights) is about ``links.letter_px`` tall there
(the training photos' median). A user's photo has its own scale: a business card on a table in
a 4000 px phone photo has letters about as tall as a book page's at 1024 px; a page
photographed close has them three times taller. So the reader measures the photo's letters
(``letters``: the inked blobs that stand in lines beside others of their height, dark on light
or light on dark), scales the photo so that its small print is ``letter_px`` tall (``plan``;
never smaller than training's resize, whose larger print training saw), cuts the scaled photo
into squares of ``processed.width``, as training saw them, and gives the detector only the
squares that hold letters, plus the fullest of them enlarged once more (``links.zooms``), at
most ``links.max_calls`` squares in all (a photo that needs more is seen a little smaller).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from scipy.spatial import cKDTree

ANALYSIS_WIDTH = 1024  # letters are measured on a copy this wide (or the photo, when smaller)
STROKE_PX = 15  # the widest strokes found, px of that copy: letters up to about 3x that tall
MIN_CONTRAST = 25  # grey levels a stroke must stand out from the paper around it
MAX_BLOBS = 4000  # blobs tested for lines (a sample of them on textured photos): a bounded cost
SMALL_PRINT_PERCENTILE = 25  # the photo's letter height: this percentile of its letters'
MIN_LETTERS = 12  # fewer letters in lines than this: no text found, the photo is seen whole


@dataclass(frozen=True)
class Letters:
    """Letter-shaped blobs that stand in text lines: boxes (x, y, w, h) in the photo's px."""

    boxes: np.ndarray  # [N, 4]

    def __len__(self) -> int:
        return len(self.boxes)

    @property
    def height(self) -> float:
        """The height of the photo's small print, px: the lower quartile of its letters'
        heights (0 with too few letters to tell). Links are seldom the largest text on a page
        (footers, footnotes, a card's contact lines), and this quartile follows the size of a
        prefix more closely than the median across kinds of page."""
        if len(self) < MIN_LETTERS:
            return 0.0
        return float(np.percentile(self.boxes[:, 3], SMALL_PRINT_PERCENTILE))

    @property
    def centres(self) -> np.ndarray:
        b = self.boxes
        return np.stack([b[:, 0] + b[:, 2] / 2, b[:, 1] + b[:, 3] / 2], axis=1)


def _blobs(ink: np.ndarray) -> np.ndarray:
    """Boxes of the letter-shaped blobs of a mask: not wider than twice their height, from 4
    px to 3 strokes tall."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    x, y, w, h = (stats[1:, i] for i in range(4))
    keep = (h >= 4) & (h <= 3 * STROKE_PX) & (w <= 2 * h) & (w * h >= 6)
    return np.stack([x[keep], y[keep], w[keep], h[keep]], axis=1).astype(np.float64)


def in_lines(boxes: np.ndarray, rng: np.random.Generator | None = None) -> np.ndarray:
    """The blobs with at least two neighbours of their line: about as tall (0.6x to 1.7x), on
    the same baseline (within a third of their height) and near (within 1.6 heights). Text
    stands in lines; grain, texture and speckles mostly do not."""
    if len(boxes) > MAX_BLOBS:
        rng = rng or np.random.default_rng(0)
        boxes = boxes[np.sort(rng.choice(len(boxes), MAX_BLOBS, replace=False))]
    if len(boxes) < 3:
        return boxes[:0]
    x, y, w, h = boxes.T
    cx, cy, base = x + w / 2, y + h / 2, y + h
    tree = cKDTree(np.stack([cx, cy], axis=1))
    near = tree.query_ball_point(np.stack([cx, cy], axis=1), r=1.6 * h + w / 2)
    keep = np.zeros(len(boxes), bool)
    for i, js in enumerate(near):
        js = np.array([j for j in js if j != i], int)
        if len(js) < 2:
            continue
        ratio = h[js] / h[i]
        ok = (
            (ratio > 0.6)
            & (ratio < 1.7)
            & (np.abs(base[js] - base[i]) < 0.35 * np.maximum(h[js], h[i]))
            & (np.abs(cx[js] - cx[i]) > 0.3 * h[i])
        )
        keep[i] = ok.sum() >= 2
    return boxes[keep]


def letters(grey: np.ndarray) -> Letters:
    """The letters of a greyscale photo (``in_lines`` blobs of its strokes), in its px.

    Strokes are found on a copy ``ANALYSIS_WIDTH`` wide by a black-hat filter (what is darker
    than the paper within ``STROKE_PX``), and again on the negative (light print on dark);
    the polarity with more letters in lines wins (letters' holes would count in the other)."""
    f = min(1.0, ANALYSIS_WIDTH / max(1, grey.shape[1]))
    small = cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else grey
    kernel = np.ones((STROKE_PX, STROKE_PX), np.uint8)
    best = np.zeros((0, 4))
    for s in (small, 255 - small):
        hat = cv2.morphologyEx(s, cv2.MORPH_BLACKHAT, kernel)
        otsu, _ = cv2.threshold(hat, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        found = in_lines(_blobs(hat > max(otsu, MIN_CONTRAST)))
        if len(found) > len(best):
            best = found
    return Letters(best / f)


@dataclass(frozen=True)
class View:
    """The photo scaled by ``factor`` and the ``squares`` of it the detector sees (left, top,
    side in px of the scaled photo; a square may reach past its border, padded there)."""

    factor: float
    squares: list[tuple[int, int, int]]


@dataclass(frozen=True)
class Plan:
    """How the detector sees a photo: one view or more, at different scales."""

    views: list[View]
    letter_px: float  # the photo's small-print height (its px), 0 when it shows no text

    @property
    def calls(self) -> int:
        """Detector calls: the squares of every view."""
        return sum(len(v.squares) for v in self.views)

    @property
    def factor(self) -> float:
        """The scale of the first view, the one matched to the training photos' print."""
        return self.views[0].factor


def starts(length: int, side: int) -> list[int]:
    """Evenly spaced starts of squares of ``side`` covering ``length`` (one, centred, when
    ``length`` is shorter)."""
    if length <= side:
        return [(length - side) // 2]
    n = -(-length // side)
    return [round(i * (length - side) / (n - 1)) for i in range(n)]


def squares(
    width: int, height: int, side: int, centres: np.ndarray | None = None
) -> list[tuple[int, int, int]]:
    """The squares of ``side`` covering a ``width`` x ``height`` image; when ``centres``
    (letters' centres, same px) are given, only those holding at least three, the fullest
    first."""
    grid = [(x, y, side) for y in starts(height, side) for x in starts(width, side)]
    if centres is None or len(grid) == 1:
        return grid
    held = []
    for x, y, s in grid:
        inside = (
            (centres[:, 0] >= x)
            & (centres[:, 0] < x + s)
            & (centres[:, 1] >= y)
            & (centres[:, 1] < y + s)
        )
        n = int(np.count_nonzero(inside))
        if n >= 3:
            held.append((n, (x, y, s)))
    held.sort(key=lambda t: -t[0])
    return [sq for _, sq in held] or grid


def plan(
    size: tuple[int, int],
    found: Letters,
    letter_px: float,
    side: int,
    max_calls: int,
    max_zoom: float,
    zooms: tuple[float, ...] = (),
) -> Plan:
    """The views of a photo of ``size`` whose letters are ``found``, for the detector.

    The first is scaled so that its small print is ``letter_px`` tall: enlarged when smaller
    (no more than ``max_zoom`` times), never smaller than training saw photos (``side`` wide,
    training's ``processed.width``: larger print is what training showed at that size). It is
    cut into squares of ``side`` that hold letters; at most ``max_calls`` of them (seen
    smaller, step by step, until they fit). Each of ``zooms`` (a multiple of the first view's
    scale) adds a view of the squares that hold the most letters, as many as
    ``max_calls`` leaves. A photo without letters in lines is seen as training saw a photo:
    ``side`` wide, in squares of its short side."""
    w, h = size
    base = min(1.0, side / w)
    height = found.height
    if height <= 0 or not letter_px:
        sw, sh = round(w * base), round(h * base)
        return Plan([View(base, squares(sw, sh, min(side, sw, sh)))], 0.0)
    factor = max(base, min(max_zoom, letter_px / height))
    while True:
        sw, sh = max(1, round(w * factor)), max(1, round(h * factor))
        first = squares(sw, sh, side, found.centres * factor)
        if len(first) <= max(1, max_calls) or max(sw, sh) <= side:
            break
        factor *= 0.85
    views = [View(factor, first)]
    budget = max_calls - len(first)
    for z in zooms:
        f = factor * z
        if budget <= 0:
            break
        sw, sh = max(1, round(w * f)), max(1, round(h * f))
        chosen = squares(sw, sh, side, found.centres * f)[:budget]
        views.append(View(f, chosen))
        budget -= len(chosen)
    return Plan(views, height)
