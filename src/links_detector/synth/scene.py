"""What the kinds of printed things other than book pages are drawn with (``kinds.py``).

A ``Scene`` is a canvas with paper on it: one page filling the canvas (a paper, a printed web
page), or paper shapes on a surface (cards on a table, a receipt's strip, a flyer on a wall, a
screen in its bezel). On the paper lie areas painted in a colour (``page.Fill``: bands, logos,
coloured cards, chat bubbles, a hand), painted in order: a later one hides an earlier one where
they overlap, exactly, because the earlier one's coverage is cut there. Text is drawn by a
``page.Writer``, so links get their labels as on book pages, in ink, in the link colour, in a
fill's colour (a coloured headline) or knocked out in the paper's colour (light type on a dark
band). Something lying on the paper (a thumb) hides the text and the labels under it.

Lines (``Line``) hold tokens and runs of pseudo-CJK characters (``Glyphs``), aligned left,
centre or right, sometimes after a mark (a logo, a QR-like block) or with a second part
right-aligned (a receipt's prices).
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass, field
from types import SimpleNamespace

import cv2
import numpy as np
from PIL import Image

from links_detector.synth import marks, page

# Colours the kinds print with, besides the paper, ink and link colours the camera chooses.
ACCENTS = (
    (190, 30, 45),
    (25, 55, 120),
    (20, 110, 70),
    (225, 110, 20),
    (95, 40, 125),
    (0, 110, 125),
)
BRIGHT = ((250, 200, 40), (90, 200, 240), (240, 120, 160), (140, 220, 120))  # on dark paper
DARK_TINTS = ((25, 35, 60), (20, 20, 22), (60, 20, 30), (30, 50, 40))
LIGHT_TINTS = ((215, 190, 150), (235, 225, 200), (200, 215, 225), (235, 210, 210))
SKIN = ((224, 172, 140), (198, 134, 96), (141, 85, 54), (241, 194, 163), (170, 112, 78))


def jitter(rng: random.Random, rgb, spread: float = 12.0) -> tuple:
    return tuple(float(np.clip(c + rng.uniform(-spread, spread), 0, 255)) for c in rgb)


def accent(rng: random.Random, dark: bool) -> tuple:
    """A strong colour for bands and logos (a bright one when the paper is dark)."""
    return jitter(rng, rng.choice(BRIGHT if dark else ACCENTS))


def small_px(cfg: SimpleNamespace) -> int:
    """The smallest print of cards and receipts: 0.75 x ``raw.font_px_min``."""
    return max(6, round(0.75 * cfg.font_px_min))


@dataclass
class Glyphs:
    """A run of pseudo-CJK characters at ``size`` px, a full-width cell each."""

    ids: tuple[int, ...]
    size: int

    @property
    def width(self) -> float:
        return len(self.ids) * self.size * 1.04

    @property
    def is_link(self) -> bool:
        return False


def glyphs(rng: random.Random, n: int, size: int) -> Glyphs:
    return Glyphs(tuple(rng.randrange(marks.CJK_GLYPHS) for _ in range(n)), size)


@dataclass
class Line:
    """One line of a card, a receipt, a flyer or a screen: what it holds and how it is drawn."""

    items: list  # tokens and glyph runs
    size: float  # px of its largest type (places the baseline)
    height: float  # px from its top to the next line's top
    align: str = "l"  # l, c or r
    right: list = field(default_factory=list)  # items right-aligned on the same baseline
    paint: tuple | None = None  # the words painted in this colour (a coloured headline)
    mark: np.ndarray | None = None  # before the items: a logo (in ``paint``) or a QR (ink)
    knock: bool = False  # drawn in the paper's colour (on a dark band or card)
    group: int = 0  # cards: which block of the card (company, name, contacts)
    prio: float = 0.0  # cards: lower is kept first when not all fit


class Scene:
    """A canvas of ``width`` x ``height``: paper, fills, and a Writer for the text.

    ``full``: the paper covers the whole canvas (a page that fills the photo, as book pages do);
    otherwise ``sheet`` and ``paint`` lay paper on the surface."""

    def __init__(self, rng, cfg, style, width: int, height: int, n_links: int, full=False):
        self.rng, self.cfg, self.style = rng, cfg, style
        self.width, self.height = width, height
        self.w = page.Writer(rng, cfg, style, width, height, n_links)
        self.paper = None if full else np.zeros((height, width), np.uint8)
        self.fills: list[page.Fill] = []
        self.label_counts: np.ndarray | None = None  # set when something hides labels

    # -- paper and fills ------------------------------------------------------------------------
    def sheet(self, box) -> None:
        """Paper over the (x0, y0, x1, y1) rectangle."""
        if self.paper is not None:
            x0, y0, x1, y1 = self._clip(box)
            self.paper[y0:y1, x0:x1] = 255

    def sheet_polygon(self, points) -> None:
        """Paper over a polygon (a receipt's torn strip)."""
        if self.paper is not None:
            pts = np.round(np.asarray(points)).astype(np.int32)
            cv2.fillPoly(self.paper, [pts], 255, cv2.LINE_AA)

    def paint(self, rgb, mask: np.ndarray, x: int = 0, y: int = 0) -> None:
        """Paint ``mask`` (uint8 coverage) in colour ``rgb`` with its top-left corner at (x, y),
        over everything painted before; paper grows under it. At most 3 colours per scene."""
        h, w = mask.shape
        x0, y0, x1, y1 = self._clip((x, y, x + w, y + h))
        if x0 >= x1 or y0 >= y1:
            return
        m = mask[y0 - y : y1 - y, x0 - x : x1 - x]
        key = tuple(round(float(c)) for c in rgb)
        fill = next((f for f in self.fills if f.rgb == key), None)
        if fill is None:
            assert len(self.fills) < 3, "a scene paints in at most 3 colours"
            fill = page.Fill(np.zeros((self.height, self.width), np.uint8), key)
            self.fills.append(fill)
        keep = cv2.bitwise_not(m)
        for f in self.fills:
            if f is not fill:
                region = f.cov[y0:y1, x0:x1]
                region[:] = cv2.multiply(region, keep, scale=1 / 255)
        np.maximum(fill.cov[y0:y1, x0:x1], m, out=fill.cov[y0:y1, x0:x1])
        if self.paper is not None:
            np.maximum(self.paper[y0:y1, x0:x1], m, out=self.paper[y0:y1, x0:x1])

    def rect(self, rgb, box, radius: float = 0.0) -> None:
        """Paint a rectangle, its corners rounded by ``radius`` px."""
        x0, y0, x1, y1 = (round(v) for v in box)
        if x1 > x0 and y1 > y0:
            w, h = x1 - x0, y1 - y0
            mask = marks.rounded(w, h, radius) if radius >= 1 else np.full((h, w), 255, np.uint8)
            self.paint(rgb, mask, x0, y0)

    def hand(self, box, skin) -> None:
        """A hand holding the card ``box``: its thumb hides what is printed under it."""
        behind, thumb = marks.hand(self.rng, box, self.width, self.height)
        self.paint(skin, np.maximum(behind, thumb))
        self.hide(thumb)

    def hide(self, mask: np.ndarray) -> None:
        """Nothing printed shows under ``mask`` (something lying on the paper): text cut, label
        pixels removed, and their counts from before kept, so that a prefix half hidden is
        labelled by the visibility rule as one half cut by the photo's border is."""
        w = self.w
        keep = cv2.bitwise_not(mask)
        for layer in {id(x): x for x in (w.ink, w.col, w.knock) if x is not None}.values():
            layer.a = cv2.multiply(layer.a, keep, scale=1 / 255)
        self.label_counts = w.label_counts()
        if self.label_counts is None:
            labels = np.asarray(w.lab_img).ravel()
            self.label_counts = np.bincount(labels, minlength=2 * len(w.urls) + 3)
        hidden = mask >= 128
        w.lab_img.paste(0, (0, 0), Image.fromarray(hidden.view(np.uint8) * 255))
        H, W = hidden.shape
        w.prefix_points = [
            p[~hidden[p[:, 1].clip(0, H - 1), p[:, 0].clip(0, W - 1)]] for p in w.prefix_points
        ]

    def _clip(self, box) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = (round(v) for v in box)
        return max(x0, 0), max(y0, 0), min(x1, self.width), min(y1, self.height)

    # -- text -----------------------------------------------------------------------------------
    def words(self, text: str, face: str = "regular", px: float | None = None) -> list:
        """``text``'s words as tokens in ``face`` at ``px`` (the body size when None)."""
        f = self.w.font(face, 1.0 if px is None else px / self.style.size)
        return [self.w.word(t, f) for t in text.split()]

    def text(self, text: str, face: str, px: float, width: float, lead=1.35, cut=True, **kw):
        """A line of ``text`` at ``px`` no wider than ``width``: words dropped from its end
        (``cut``), or none at all (a phone number cut short is no phone number)."""
        words = self.words(text, face, px)
        return Line(fit(words, width) if cut else whole(words, width), px, px * lead, **kw)

    def link_line(self, px: float, width: float, label: str = "", face="regular", **kw):
        """A line of a label (``Web:``) and a bare link at ``px``, or None when no link fits."""
        lab = self.words(label, face, px) if label else []
        room = width - row_width(lab) - px * 0.4 * bool(lab)
        tok = self.w.link(px / self.style.size, room, bare=True)
        return None if tok is None else Line([*lab, tok], px, px * 1.35, **kw)

    def wrap(self, words: list[str], face: str, px: float, width: float) -> list[list]:
        """``words`` broken into rows no wider than ``width`` (each row's tokens)."""
        rows, current = [], []
        for word in words:
            toks = [*current, *self.words(word, face, px)]
            if current and row_width(toks) > width:
                rows.append(current)
                toks = self.words(word, face, px)
            current = toks
        return [*rows, current] if current else rows

    def row(self, items: list, x0: float, x1: float, y: float, align="l", paint=None) -> float:
        """Draw tokens and glyph runs on one line at baseline ``y``, aligned ``l``, ``c`` or
        ``r`` between ``x0`` and ``x1``, words painted in colour ``paint`` when given (links
        are always drawn as links); return the line's width."""
        if not items:
            return 0.0
        space = _space(items)
        width = row_width(items)
        x = {"l": x0, "c": (x0 + x1 - width) / 2, "r": x1 - width}[align]
        for it in items:
            if isinstance(it, Glyphs):
                top = round(y - 0.86 * it.size)
                for k, gid in enumerate(it.ids):
                    mask = marks.cjk(it.size, gid)
                    self.w.ink.paste(round(x + k * it.size * 1.04), top, mask, 0, 0)
            elif paint is not None and not it.is_link:
                text, font, _ = it.parts[0]
                m, dx, dy = page.text_mask(font, text)
                self.paint(paint, m, round(x) + dx, round(y) + dy)
            else:
                self.w.draw(it, x, y)
            x += it.width + space
        return width

    def line(self, line: Line, x0: float, x1: float, top: float) -> None:
        """Draw ``line`` with its top at ``top`` between ``x0`` and ``x1``."""
        base = top + line.height / 2 + line.size * 0.35
        mark_w = 0.0 if line.mark is None else line.mark.shape[1] + line.size * 0.4
        width = mark_w + row_width(line.items)
        x = {"l": x0, "c": (x0 + x1 - width) / 2, "r": x1 - width}[line.align]
        if line.mark is not None:
            my = round(top + (line.height - line.mark.shape[0]) / 2)
            if line.paint is not None:
                self.paint(line.paint, line.mark, round(x), my)
            else:
                self.w.ink.paste(round(x), my, line.mark, 0, 0)
        with self.w.knocked_out() if line.knock else contextlib.nullcontext():
            self.row(line.items, x + mark_w, x1, base, "l", line.paint)
            self.row(line.right, x0, x1, base, "r", line.paint)

    def lines(self, lines: list[Line], x0: float, x1: float, top: float) -> float:
        """Draw ``lines`` one under another from ``top``; return the bottom of the last."""
        for ln in lines:
            self.line(ln, x0, x1, top)
            top += ln.height
        return top

    # -- the canvas -------------------------------------------------------------------------------
    def canvas(self, **kw) -> page.Canvas:
        """The drawn scene for the camera; ``kw``: the Canvas's look (surface, screen, ...)."""
        w = self.w
        counts = self.label_counts if self.label_counts is not None else w.label_counts()
        return page.Canvas(
            ink=w.ink.a,
            colour=w.col.a if w.col is not w.ink else np.zeros_like(w.ink.a),
            labels=np.asarray(w.lab_img),
            urls=w.urls,
            prefix_points=w.prefix_points,
            page_box=(0, 0, self.width, self.height),
            spine_x=None,
            style=self.style,
            paper=self.paper,
            fills=self.fills,
            knock=w.knock.a if w.knock is not None else None,
            label_counts=counts,
            **kw,
        )


def fit(items: list, width: float) -> list:
    """The leading items of a row that fit in ``width`` (words dropped from its end)."""
    if not items:
        return items
    space = _space(items)
    out, used = [], -space
    for it in items:
        used += space + it.width
        if used > width:
            break
        out.append(it)
    return out


def whole(items: list, width: float) -> list:
    """The row's items if they all fit in ``width``, else none."""
    return items if row_width(items) <= width else []


def row_width(items: list) -> float:
    return sum(t.width for t in items) + _space(items) * (len(items) - 1) if items else 0.0


def _space(items: list) -> float:
    first = items[0]
    if isinstance(first, Glyphs):
        return first.size * 0.3
    return first.parts[0][1].getlength(" ")
