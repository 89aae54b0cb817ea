"""Lay out and draw one flat book page: the text layers and the label image, before the camera.

A page is drawn on a *canvas*: the page itself plus, when the photo is taken near the spine, a
strip of the facing page beyond the gutter. Three 8-bit coverage layers are drawn (ink-coloured
text, link-coloured text, and the page's extent) and one integer label image: link ``i`` has id
``2i + 1`` on the pixels of its prefix (``https://`` or ``http://``) and ``2i + 2`` on the rest of
its text. The camera (``camera.py``) moves all of them with the same warp, so the labels stay
exact.

Layout families of book pages (``raw.layouts``; ``kinds.py`` has the others):

- ``book``: one column of justified or ragged prose with section headings, the odd bullet list,
  a running head or a page number, and sometimes footnotes that carry links;
- ``columns``: two columns of smaller text, as magazines and papers print;
- ``list``: "further reading" pages, bullet items of a title and a link between short paragraphs;
- ``references``: a numbered bibliography with hanging indents, a link at the end of most entries.

The other kinds of printed things (cards, flyers, receipts, papers, web pages, screens) are laid
out by ``kinds.py`` and drawn with the same ``Writer`` on the same ``Canvas``.

Links are printed the way books print them: in the body face, italic, bold or monospace (one
style per page), sometimes underlined or in blue or grey, sometimes inside parentheses or angle
brackets, followed by sentence punctuation; in prose, bullets, footnotes and references. Prose
also holds hard negatives (``HTTP/2``, e-mail addresses, ``ftp://`` links, file paths,
``e.g.``, colons and slashes) which are never labelled. Links are not broken across lines.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from links_detector.config.params import shares
from links_detector.synth import fonts, textgen

MAX_LINKS = 127  # links per page: label ids 2i+1 and 2i+2 must fit in a byte
BOOK_LAYOUTS = ("book", "columns", "list", "references")  # drawn here; the other kinds in kinds.py

# Roles of the parts of a token: what layer they are drawn on and how they are labelled.
BODY, PREFIX, REST, PUNCT = range(4)


@dataclass
class Style:
    """Everything about a page's look that the layout needs: chosen once per page."""

    family: fonts.Family
    mono: fonts.Family
    layout: str
    size: int
    leading: float  # line height / font size
    justify: bool
    link_face: str  # body, italic, bold or mono
    link_colour: str  # ink, blue or grey
    underline: bool


@dataclass
class Fill:
    """An area printed in one colour under the text: a band, a logo, a coloured card, a hand."""

    cov: np.ndarray  # uint8 coverage on the canvas
    rgb: tuple[float, float, float]


@dataclass
class Canvas:
    """The flat page before the camera: coverage layers, labels and what the links say.

    A book page covers its whole canvas. Other kinds draw a *scene*: a card or a receipt on a
    table, a screen in its bezel. Then ``paper`` is where paper (or fills) is, and the camera
    shows its surface (``surface``) elsewhere. Fills lie on the paper, painted in order (a
    later one hides an earlier one); text lies on top: ink, link colour, and ``knock`` (text in
    the paper's colour, knocked out of a fill: light on a dark band)."""

    ink: np.ndarray  # uint8 coverage of text printed in ink colour
    colour: np.ndarray  # uint8 coverage of link text printed in the link colour
    labels: np.ndarray  # uint8 ids, see the module docstring
    urls: list[str]
    prefix_points: list[np.ndarray]  # (x, y) of each prefix's ink pixels on the canvas
    page_box: tuple[float, float, float, float]  # the page itself (without the facing strip)
    spine_x: float | None  # canvas x of the spine, when the gutter is in the picture
    style: Style
    paper: np.ndarray | None = None  # uint8 coverage of the paper; None: the whole canvas
    fills: list[Fill] = field(default_factory=list)  # at most 3
    knock: np.ndarray | None = None  # uint8 coverage of text in the paper's colour
    label_counts: np.ndarray | None = None  # pixels per label id, before a hand or the
    # canvas's edge cut some (None: count the label image)
    fade: float = 0.0  # ink this much of the way to the paper colour (thermal print)
    show_through: bool = True  # thin paper: the back page shows through
    surface: str = ""  # what lies around the paper: backgrounds.SURFACES, "" a plain table
    screen: str = ""  # "monitor", "phone" or "projection": the display's look in the photo
    display: tuple[float, float, float, float] | None = None  # a screen's lit area (canvas)
    tilt: float = 1.0  # the camera's perspective relative to raw.perspective


@dataclass
class _Tok:
    parts: list[tuple[str, ImageFont.FreeTypeFont, int]]
    url: str = ""
    width: float = 0.0

    @property
    def is_link(self) -> bool:
        return bool(self.url)


def choose_layout(rng: random.Random, layouts: dict[str, float] | list[str]) -> str:
    """A layout family drawn with its share (``raw.layouts``: a mapping of shares, or a list of
    names in equal shares)."""
    pool = shares(layouts)
    names = [k for k, v in pool.items() if v > 0]
    weights = [pool[k] for k in names]
    if len(set(weights)) == 1:  # equal shares: the draw pages made before shares existed
        return rng.choice(names)
    return rng.choices(names, weights)[0]


def choose_style(rng: random.Random, cfg: SimpleNamespace, families: list[str], layouts):
    """A page's look: its layout family (drawn with its share), fonts, size, link style."""
    fams = [fonts.FAMILIES[f] for f in families]
    body = [f for f in fams if f.kind != "mono"] or fams
    monos = [f for f in fams if f.kind == "mono"] or [fonts.FAMILIES["dejavu-mono"]]
    family = rng.choice(body)
    layout = choose_layout(rng, layouts)
    size = rng.randint(cfg.font_px_min, cfg.font_px_max)
    if layout in ("columns", "references"):
        size = max(cfg.font_px_min, round(size * rng.uniform(0.8, 0.95)))
    return Style(
        family=family,
        mono=rng.choice(monos),
        layout=layout,
        size=size,
        leading=rng.uniform(1.18, 1.5),
        justify=rng.random() < 0.6,
        link_face=rng.choices(("body", "italic", "bold", "mono"), (3, 4, 1, 3))[0],
        link_colour=rng.choices(("ink", "blue", "grey"), (7, 2, 1))[0],
        underline=rng.random() < 0.15,
    )


_MASKS: dict[tuple[str, int, str], tuple[np.ndarray, int, int]] = {}


def text_mask(font: ImageFont.FreeTypeFont, word: str) -> tuple[np.ndarray, int, int]:
    """The word's antialiased glyphs and their offset from the baseline origin (cached: pages
    repeat words, and rasterising is most of the cost of drawing a page)."""
    key = (font.path, font.size, word)
    hit = _MASKS.get(key)
    if hit is None:
        left, top, right, bottom = font.getbbox(word, anchor="ls")
        im = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
        ImageDraw.Draw(im).text((-left, -top), word, font=font, fill=255, anchor="ls")
        if len(_MASKS) > 50_000:
            _MASKS.clear()
        hit = _MASKS[key] = (np.asarray(im), left, top)
    return hit


_GLYPHS: dict[tuple[str, int, str], tuple[np.ndarray | None, int, int, float]] = {}


def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> tuple[np.ndarray | None, int, int, float]:
    """One character's mask, offset from the pen position on the baseline, and advance."""
    key = (font.path, font.size, ch)
    hit = _GLYPHS.get(key)
    if hit is None:
        adv = font.getlength(ch)
        if ch.isspace():
            hit = (None, 0, 0, adv)
        else:
            m, dx, dy = text_mask(font, ch)
            hit = (m, dx, dy, adv)
        if len(_GLYPHS) > 100_000:
            _GLYPHS.clear()
        _GLYPHS[key] = hit
    return hit


class _Layer:
    """An 8-bit coverage layer drawn with cached word masks (the ImageDraw calls it needs)."""

    def __init__(self, width: int, height: int):
        self.a = np.zeros((height, width), np.uint8)

    def text(self, xy, text: str, font, fill: int = 255, anchor: str = "ls") -> None:
        """Draw ``text`` glyph by glyph from cached glyph masks (no kerning or ligatures: body
        text only; links are drawn whole by ``paste``, the way their labels are)."""
        x, y = xy
        glyphs = [_glyph(font, c) for c in text]
        if anchor[0] != "l":
            width = sum(g[3] for g in glyphs)
            x -= width if anchor[0] == "r" else width / 2
        y = round(y)
        for m, dx, dy, adv in glyphs:
            if m is not None:
                self.paste(round(x), y, m, dx, dy)
            x += adv

    def paste(self, x: int, y: int, m: np.ndarray, dx: int, dy: int) -> None:
        H, W = self.a.shape
        x0, y0 = x + dx, y + dy
        x1, y1 = x0 + m.shape[1], y0 + m.shape[0]
        cx0, cy0, cx1, cy1 = max(x0, 0), max(y0, 0), min(x1, W), min(y1, H)
        if cx0 >= cx1 or cy0 >= cy1:
            return
        dst = self.a[cy0:cy1, cx0:cx1]
        np.maximum(dst, m[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0], out=dst)

    def line(self, xy, fill: int = 255, width: int = 1) -> None:
        x0, y0, x1, y1 = (round(v) for v in xy)
        self.rectangle((min(x0, x1), y0, max(x0, x1), y0 + width - 1), fill)  # horizontal only

    def rectangle(self, xy, fill: int = 255) -> None:
        """Fill the rectangle (inclusive corners), clipped to the layer."""
        H, W = self.a.shape
        x0, y0, x1, y1 = (round(v) for v in xy)
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1 + 1, W), min(y1 + 1, H)
        if x0 < x1 and y0 < y1:
            self.a[y0:y1, x0:x1] = fill


class Writer:
    """Greedy line breaking and drawing of tokens into the canvas layers."""

    def __init__(self, rng, cfg, style: Style, width: int, height: int, n_links: int):
        self.rng, self.cfg, self.style = rng, cfg, style
        self.lab_img = Image.new("L", (width, height), 0)  # ids up to 255: MAX_LINKS links
        self.ink = _Layer(width, height)
        self.col = _Layer(width, height) if style.link_colour != "ink" else self.ink
        self.lab = ImageDraw.Draw(self.lab_img)
        self.lab.fontmode = "1"  # ids must be exact, not antialiased blends
        self.urls: list[str] = []
        self.prefix_points: list[np.ndarray] = []
        self.links_left = n_links
        self.negatives = 0
        self._widths: dict[tuple[int, str], float] = {}
        self.knock: _Layer | None = None  # made by the first knocked_out()
        self.beyond: dict[int, int] = {}  # label id -> its pixels, for links the canvas cuts

    # -- fonts ------------------------------------------------------------------------------
    def font(self, face: str = "regular", scale: float = 1.0) -> ImageFont.FreeTypeFont:
        """The page's family in ``face`` (regular, italic, bold, light or mono)."""
        fam = self.style.mono if face == "mono" else self.style.family
        file = {"regular": fam.regular, "italic": fam.italic, "bold": fam.bold}
        file.update(mono=fam.regular, light=fam.light or fam.regular)
        return fonts.load(file[face], max(6, round(self.style.size * scale)))

    @contextmanager
    def knocked_out(self):
        """Draw text, links too, in the paper's colour (light type on a dark band or card)."""
        if self.knock is None:
            self.knock = _Layer(*self.lab_img.size)
        ink, col = self.ink, self.col
        self.ink = self.col = self.knock
        try:
            yield
        finally:
            self.ink, self.col = ink, col

    def link_font(self, scale: float = 1.0) -> ImageFont.FreeTypeFont:
        face = {"body": "regular"}.get(self.style.link_face, self.style.link_face)
        return self.font(face, scale)

    # -- tokens -----------------------------------------------------------------------------
    def word(self, text: str, font) -> _Tok:
        key = (id(font), text)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = font.getlength(text)
        return _Tok([(text, font, BODY)], width=width)

    def link(
        self,
        scale: float,
        max_width: float,
        after: str = "",
        bare: bool = False,
        make=textgen.url,
    ) -> _Tok | None:
        """A link token no wider than ``max_width``, or None when the page has no links left.

        In prose a link may sit in brackets and before punctuation; a ``bare`` one (on a card,
        after a label such as ``Web:``) has only ``after``. ``make(rng, scheme, max_chars)``
        writes the URL (``textgen.url``, ``textgen.doi``)."""
        if self.links_left <= 0 or len(self.urls) >= MAX_LINKS:
            return None
        rng = self.rng
        lf, bf = self.link_font(scale), self.font("regular", scale)
        scheme = "http://" if rng.random() < self.cfg.http_ratio else "https://"
        before, close = "", ""
        r = 1.0 if bare else rng.random()
        if r < 0.25:
            before, close = "(", ")"
        elif r < 0.32:
            before, close = "<", ">"
        if not bare:
            after = close + (after or rng.choices(("", ".", ",", ";"), (6, 2, 2, 1))[0])
        avg = lf.getlength("abcdefghijklmnopqrstuvwxyz./-") / 29
        budget = max_width - bf.getlength(before + after)
        max_chars = int(budget / max(avg, 1.0)) - 2
        if max_chars < len(scheme) + 6:
            return None
        url = make(rng, scheme, max_chars)
        parts = [(before, bf, PUNCT), (scheme, lf, PREFIX), (url[len(scheme) :], lf, REST)]
        parts.append((after, bf, PUNCT))
        parts = [p for p in parts if p[0]]
        width = sum(f.getlength(s) for s, f, _ in parts)
        if width > max_width:
            return None
        self.links_left -= 1
        return _Tok(parts, url=url, width=width)

    def prose(self, n_words: int, scale: float = 1.0, link_rate: float = 0.0, max_width=1e9):
        """Tokens of about ``n_words`` words of prose with links and hard negatives mixed in."""
        rng = self.rng
        body, ital, bold = self.font("regular", scale), self.font("italic", scale), None
        out: list[_Tok] = []
        for w in textgen.words(rng, n_words):
            if rng.random() < 0.03:
                neg = textgen.hard_negative(rng)
                mono = any("/" in x or "\\" in x for x in neg) and rng.random() < 0.5
                f = self.font("mono", scale) if mono else body
                out += [self.word(x, f) for x in neg]
                self.negatives += 1
            if link_rate and rng.random() < link_rate:
                tok = self.link(scale, max_width)
                if tok is not None:
                    out.append(tok)
            r = rng.random()
            if r < 0.02:
                out.append(self.word(w, ital))
            elif r < 0.025:
                bold = bold or self.font("bold", scale)
                out.append(self.word(w, bold))
            else:
                out.append(self.word(w, body))
        return out

    # -- layout -----------------------------------------------------------------------------
    def paragraph(
        self,
        toks: list[_Tok],
        x0: float,
        width: float,
        y: float,
        y_max: float,
        line_h: float,
        first_indent: float = 0.0,
        hang: float = 0.0,
        justify: bool | None = None,
    ) -> float:
        """Break ``toks`` into lines from baseline ``y``; return the baseline after the last
        line, or ``inf`` when the column is full."""
        justify = self.style.justify if justify is None else justify
        if not toks:
            return y
        space = toks[0].parts[0][1].getlength(" ")
        line: list[_Tok] = []
        indent = first_indent
        i = 0
        while i < len(toks):
            tok = toks[i]
            used = sum(t.width for t in line) + space * len(line)
            if tok.width > width - indent:  # wider than the column: leave it out
                i += 1
                continue
            if line and used + tok.width > width - indent:
                if y > y_max:
                    return float("inf")
                self._draw_line(line, x0 + indent, y, width - indent, space, justify)
                line, indent, y = [], hang, y + line_h
                continue
            line.append(tok)
            i += 1
        if line:
            if y > y_max:
                return float("inf")
            self._draw_line(line, x0 + indent, y, width - indent, space, False)
            y += line_h
        return y

    def _draw_line(
        self, line: list[_Tok], x: float, y: float, width: float, space: float, justify: bool
    ) -> None:
        gap = space
        if justify and len(line) > 1:
            natural = sum(t.width for t in line)
            gap = max(space, (width - natural) / (len(line) - 1))
            if gap > 3 * space:  # a loose line is left ragged, as typesetters do
                gap = space
        for tok in line:
            self.draw(tok, x, y)
            x += tok.width + gap

    def draw(self, tok: _Tok, x: float, y: float) -> None:
        """Draw one token with its left end at ``x`` on baseline ``y`` (a link with its
        labels)."""
        if tok.is_link:
            self._draw_link(tok, x, y)
        else:
            text, f, _ = tok.parts[0]
            self.ink.text((x, y), text, font=f)

    def _draw_link(self, tok: _Tok, x: float, y: float) -> None:
        lid = 2 * len(self.urls) + 1
        y = round(y)  # labels and ink on the same whole pixels
        placed = []
        for text, f, role in tok.parts:
            placed.append((round(x), text, f, role))
            x = round(x) + f.getlength(text)
        # Labels: the rest first, so that the prefix keeps every pixel the two share.
        for role, fill in ((REST, lid + 1), (PREFIX, lid)):
            for px, text, f, r in placed:
                if r == role:
                    self.lab.text((px, y), text, font=f, fill=fill, anchor="ls")
        H, W = self.ink.a.shape
        for px, text, f, role in placed:
            layer = self.col if role in (PREFIX, REST) else self.ink
            m, dx, dy = text_mask(f, text)
            layer.paste(px, y, m, dx, dy)
            if role == PUNCT:
                continue
            rows, cols = np.nonzero(m >= 128)  # where the glyphs' ink is (half coverage or more)
            pts = np.stack([cols + px + dx, rows + y + dy], 1)
            inside = (pts >= 0).all(1) & (pts[:, 0] < W) & (pts[:, 1] < H)
            if not inside.all():  # the canvas cuts it: count its pixels for the visible share
                self.beyond[lid + (role == REST)] = len(pts)
            if role == PREFIX:
                self.prefix_points.append(pts[inside])
        if self.style.underline:
            link = [(px, f) for px, _, f, role in placed if role in (PREFIX, REST)]
            end = max(px + f.getlength(t) for px, t, f, r in placed if r in (PREFIX, REST))
            size = link[0][1].size
            thick = max(1, round(size / 16))
            uy = y + max(2, round(size * 0.12))
            self.col.rectangle((link[0][0], uy, end, uy + thick - 1), fill=255)
        self.urls.append(tok.url)

    def label_counts(self) -> np.ndarray | None:
        """Pixels per label id, links the canvas cuts counted whole (None: the label image's
        own counts are right, no link is cut)."""
        if not self.beyond:
            return None
        counts = np.bincount(np.asarray(self.lab_img).ravel(), minlength=2 * len(self.urls) + 3)
        for lid, n in self.beyond.items():
            counts[lid] = max(counts[lid], n)
        return counts


def _furniture(w: Writer, rng, x0, x1, y_top, y_bottom, line_h) -> tuple[float, float]:
    """Running head or page number; returns the text block's (top, bottom) baselines."""
    small = w.font("italic" if rng.random() < 0.5 else "regular", 0.8)
    number = str(rng.randint(2, 480))
    if rng.random() < 0.65:  # running head with the page number at the outer edge
        head = textgen.running_head(rng)
        if rng.random() < 0.5:
            w.ink.text((x0, y_top), number, font=small, fill=255, anchor="ls")
            w.ink.text((x1, y_top), head, font=small, fill=255, anchor="rs")
        else:
            w.ink.text((x0, y_top), head, font=small, fill=255, anchor="ls")
            w.ink.text((x1, y_top), number, font=small, fill=255, anchor="rs")
        if rng.random() < 0.4:
            ry = y_top + line_h * 0.35
            w.ink.line((x0, ry, x1, ry), fill=255, width=max(1, w.style.size // 20))
        return y_top + line_h * rng.uniform(1.8, 2.6), y_bottom
    w.ink.text(((x0 + x1) / 2, y_bottom), number, font=small, fill=255, anchor="ms")
    return y_top, y_bottom - line_h * 1.6


def _footnotes(w: Writer, rng, x0, width, y_bottom, line_h) -> float:
    """1-3 footnotes at the foot of the page (most with a link); returns the body's new bottom."""
    n = rng.randint(1, 3)
    scale = rng.uniform(0.72, 0.85)
    fl = line_h * scale
    height = n * fl * 1.6 + fl
    top = y_bottom - height
    w.ink.line((x0, top, x0 + width * 0.3, top), fill=255, width=max(1, w.style.size // 24))
    y = top + fl * 1.2
    small = w.font("regular", scale)
    for _ in range(n):
        toks = [w.word(str(rng.randint(1, 40)), small)]
        toks += w.prose(rng.randint(3, 8), scale)[:8]
        link = w.link(scale, width * 0.9) if rng.random() < 0.8 else None
        if link is not None:
            toks.append(link)
        y = w.paragraph(toks, x0, width, y, y_bottom + fl, fl, justify=False)
        if y == float("inf"):
            break
    return top - line_h * 0.8


def column(w: Writer, rng, layout, x0, width, y, y_max, line_h, link_rate, ref_no) -> int:
    """Fill one column with the layout's blocks until it is full; returns the next ref number."""
    s = w.style.size
    while y <= y_max:
        r = rng.random()
        if layout == "references":
            if r < 0.06:
                y = w.paragraph(
                    [w.word(textgen.heading(rng), w.font("bold", 1.15))],
                    x0,
                    width,
                    y + line_h * 0.5,
                    y_max,
                    line_h * 1.3,
                    justify=False,
                )
                continue
            toks = [w.word(t, w.font()) for t in textgen.reference(rng, ref_no)]
            if rng.random() < 0.75:
                link = w.link(1.0, width - s * 2, after=".")
                if link is not None:
                    toks.append(link)
            ref_no += 1
            y = w.paragraph(toks, x0, width, y, y_max, line_h, hang=s * 2, justify=False)
            y += line_h * 0.25
            continue
        if r < 0.08:  # section heading
            scale = rng.uniform(1.15, 1.6)
            hf = w.font("bold", scale)
            y = w.paragraph(
                [w.word(x, hf) for x in textgen.heading(rng).split()],
                x0,
                width,
                y + line_h * 0.6,
                y_max,
                line_h * scale,
                justify=False,
            )
            y += line_h * 0.3
        elif r < (0.45 if layout == "list" else 0.16):  # a bullet list
            marker = rng.choice(("•", "–", "·", "*", "1."))
            for k in range(rng.randint(2, 5)):
                mk = f"{k + 1}." if marker == "1." else marker
                toks = [w.word(mk, w.font())]
                if layout == "list":
                    toks += [w.word(x, w.font("bold")) for x in (textgen.title(rng) + ":").split()]
                    toks += w.prose(rng.randint(2, 10))[:10]
                    link = w.link(1.0, width - s * 1.6) if rng.random() < 0.7 else None
                else:
                    toks += w.prose(rng.randint(4, 18), link_rate=link_rate, max_width=width)
                    link = None
                if link is not None:
                    toks.insert(rng.choice((len(toks), 1 + len(toks) // 2)), link)
                y = w.paragraph(
                    toks,
                    x0 + s * 0.4,
                    width - s * 0.4,
                    y,
                    y_max,
                    line_h,
                    hang=s * 1.4,
                    justify=False,
                )
                if y == float("inf"):
                    return ref_no
            y += line_h * 0.3
        else:
            toks = w.prose(rng.randint(25, 110), link_rate=link_rate, max_width=width)
            y = w.paragraph(toks, x0, width, y, y_max, line_h, first_indent=s * 1.5)
            y += line_h * rng.choice((0.0, 0.0, 0.4))
    return ref_no


def _facing(w: Writer, rng, x: float, anchor: str, top: float, bottom: float, line_h: float):
    """Lines of the facing page beside the gutter at ``x``: ending there (``anchor`` "rs", the
    facing page on the left) or starting there ("ls", on the right). No links there."""
    f = w.font()
    y = top
    while y < bottom:
        w.ink.text((x, y), " ".join(textgen.words(rng, 14)), font=f, fill=255, anchor=anchor)
        y += line_h


def draw(
    rng: random.Random,
    cfg: SimpleNamespace,
    style: Style,
    page_w: int,
    page_h: int,
    n_links: int,
    spine: str | None,
) -> Canvas:
    """Draw a page of ``page_w`` x ``page_h`` px; ``spine`` is "left", "right" or None."""
    s = style.size
    facing_w = int(page_w * rng.uniform(0.15, 0.3)) if spine else 0
    px0 = facing_w if spine == "left" else 0
    w = Writer(rng, cfg, style, page_w + facing_w, page_h, n_links)
    line_h = s * style.leading
    margin_in = page_w * rng.uniform(0.05, 0.1)
    margin_out = page_w * rng.uniform(0.05, 0.1)
    left = px0 + (margin_in if spine == "left" else margin_out)
    right = px0 + page_w - (margin_in if spine == "right" else margin_out)
    top = page_h * rng.uniform(0.03, 0.07) + s
    bottom = page_h - page_h * rng.uniform(0.03, 0.06)
    top, bottom = _furniture(w, rng, left, right, top, bottom, line_h)
    width = right - left
    if style.layout == "book" and rng.random() < 0.35:
        bottom = _footnotes(w, rng, left, width, bottom, line_h)
    # Links in prose: a rate per word that spreads the page's links over the words it holds.
    cols = 2 if style.layout == "columns" else 1
    gap = s * rng.uniform(1.2, 2.0)
    col_w = (width - gap * (cols - 1)) / cols
    words_fit = max(1.0, (bottom - top) / line_h * cols * col_w / w.font().getlength("model "))
    rate = min(0.5, 1.3 * n_links / words_fit) if n_links else 0.0
    ref_no = rng.randint(1, 60)
    for c in range(cols):
        x0 = left + c * (col_w + gap)
        ref_no = column(w, rng, style.layout, x0, col_w, top, bottom, line_h, rate, ref_no)
    if spine == "left":
        _facing(w, rng, facing_w - page_w * rng.uniform(0.04, 0.08), "rs", top, bottom, line_h)
    elif spine == "right":
        _facing(w, rng, page_w + page_w * rng.uniform(0.04, 0.08), "ls", top, bottom, line_h)
    return Canvas(
        ink=w.ink.a,
        colour=w.col.a if w.col is not w.ink else np.zeros_like(w.ink.a),
        labels=np.asarray(w.lab_img),
        urls=w.urls,
        prefix_points=w.prefix_points,
        page_box=(px0, 0, px0 + page_w, page_h),
        spine_x=(facing_w if spine == "left" else page_w) if spine else None,
        style=style,
    )
