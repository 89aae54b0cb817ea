"""Business cards: one to four on a table, or one held in a hand, filling about 10-60% of the
photo together.

A card holds a company with a logo-like mark, a name in bold, a title in a thin face (or
italic), an address, a phone number, an e-mail address and a link, often after a label
(``URL:``, ``Web``, ``HP``, ...); some cards carry lines of pseudo-CJK text too. Some are
printed on a dark card in light type (knocked out), some on a tinted card, some with an accent
band along an edge. The text is in the small-print band: from 0.75 x ``raw.font_px_min`` up,
as large as the card allows. A small card holds fewer lines, never smaller ones: lines are
ranked (the name and the link first) and the lowest ranked left out until the rest fit.
"""

from __future__ import annotations

import random

from links_detector.synth import marks, page, textgen
from links_detector.synth.scene import (
    DARK_TINTS,
    LIGHT_TINTS,
    SKIN,
    Line,
    Scene,
    accent,
    glyphs,
    jitter,
    small_px,
)

LINK_LABELS = (("", 3), ("URL", 2), ("URL:", 2), ("Web", 1), ("Web:", 2), ("HP", 1), ("Website", 1))
Box = tuple[float, float, float, float]


def draw(rng, cfg, style, W: int, H: int, n_links: int, dark: bool) -> page.Canvas:
    style.justify = False
    sc = Scene(rng, cfg, style, W, H, n_links)
    boxes = _boxes(rng, W, H)
    acc = accent(rng, dark)
    if dark:  # on dark paper, a light card: its text knocked out shows the paper's dark
        other, other_knock = jitter(rng, rng.choice(LIGHT_TINTS)), True
    else:
        other_knock = rng.random() < 0.6
        other = jitter(rng, rng.choice(DARK_TINTS if other_knock else LIGHT_TINTS))
    for box in boxes:
        sc.sheet(box)
        tinted = rng.random() < 0.25
        if tinted:
            sc.rect(other, box)
        _card(sc, rng, box, acc, tinted and other_knock)
    if len(boxes) <= 2 and rng.random() < 0.35:
        sc.hand(boxes[0], jitter(rng, rng.choice(SKIN)))
    surface = rng.choice(("wood", "fabric", "desk", "dark"))
    return sc.canvas(show_through=False, surface=surface)


def _boxes(rng: random.Random, W: int, H: int) -> list[Box]:
    """One to four cards, together about 10-60% of the frame, none overlapping (a card that
    finds no room is left out)."""
    n = rng.choices((1, 2, 3, 4), (6, 3, 2, 1))[0]
    total = max(rng.uniform(0.10, 0.60), 0.07 * n)
    boxes: list[Box] = []
    for _ in range(n):
        area, ratio = total / n * W * H, rng.uniform(1.55, 1.8)
        cw, ch = (area * ratio) ** 0.5, (area / ratio) ** 0.5
        if rng.random() < 0.2:  # an upright card
            cw, ch = ch, cw
        k = min(1.0, 0.94 * W / cw, 0.94 * H / ch)
        cw, ch = cw * k, ch * k
        for _ in range(40):
            x, y = rng.uniform(0.03 * W, 0.97 * W - cw), rng.uniform(0.03 * H, 0.97 * H - ch)
            box = (x, y, x + cw, y + ch)
            if not any(_overlap(box, b, 0.02 * W) for b in boxes):
                boxes.append(box)
                break
    return boxes


def _overlap(a: Box, b: Box, gap: float) -> bool:
    return not (a[2] + gap < b[0] or b[2] + gap < a[0] or a[3] + gap < b[1] or b[3] + gap < a[1])


def _card(sc: Scene, rng: random.Random, box: Box, acc, knock: bool) -> None:
    """One card's lines in ``box``, at a size its height allows."""
    x0, y0, x1, y1 = box
    cw, ch = x1 - x0, y1 - y0
    ix0, iy0 = x0 + cw * rng.uniform(0.06, 0.1), y0 + ch * rng.uniform(0.08, 0.13)
    ix1, iy1 = x1 - (ix0 - x0), y1 - (iy0 - y0)
    if rng.random() < 0.3:  # an accent band along the bottom or the left edge
        if rng.random() < 0.5:
            sc.rect(acc, (x0, y1 - ch * rng.uniform(0.05, 0.1), x1, y1))
            iy1 = y1 - ch * 0.14
        else:
            sc.rect(acc, (x0, y0, x0 + cw * rng.uniform(0.03, 0.08), y1))
            ix0 = x0 + cw * 0.13
    lo, hi = small_px(sc.cfg), sc.cfg.font_px_max
    sc.style.size = round(rng.uniform(lo, max(lo, min(hi, (iy1 - iy0) / 9.0))))
    align = rng.choices("lcr", (5, 3, 2))[0]
    lines = _lines(sc, rng, ix1 - ix0, acc, dict(align=align, knock=knock))
    _stack(sc, _keep(lines, iy1 - iy0), ix0, ix1, iy0, iy1)


def _lines(sc: Scene, rng: random.Random, width: float, acc, kw: dict) -> list[Line]:
    """A card's candidate lines, grouped (0 company, 1 name and title, 2 contacts) and ranked
    (``prio``: lower is kept first)."""
    s = sc.style.size
    small = max(small_px(sc.cfg), s * rng.uniform(0.8, 0.95))
    cjk = rng.random() < 0.3
    lines = [_company(sc, rng, width, acc, kw)]
    if cjk:
        lines.append(_glyph_line(rng, 3, s * 1.5, width, group=1, prio=0, **kw))
    name_px, name_prio = (s * 1.1, 0.5) if cjk else (s * 1.35, 0.0)  # a CJK name comes first
    lines.append(
        sc.text(textgen.person(rng), "bold", name_px, width, 1.3, group=1, prio=name_prio, **kw)
    )
    face = "light" if rng.random() < 0.6 else "italic"
    lines.append(sc.text(textgen.job(rng), face, small, width, 1.4, group=1, prio=4, **kw))
    if cjk:
        lines.append(_glyph_line(rng, rng.randint(4, 8), small, width, group=1, prio=3.5, **kw))
        lines.append(_glyph_line(rng, rng.randint(8, 14), small, width, group=2, prio=6.5, **kw))
    phone = rng.choice(("Tel: ", "T ", "Phone ", "Mobile: ", "")) + textgen.phone(rng)
    mail = rng.choice(("E-mail: ", "Email ", "E ", "")) + textgen.email(rng)
    for prio, text, cut in (
        (6, textgen.street(rng), True),
        (7, textgen.city(rng), True),
        (5, phone, False),
        (3, mail, False),
    ):
        lines.append(sc.text(text, "regular", small, width, cut=cut, group=2, prio=prio, **kw))
    label = rng.choices(*zip(*LINK_LABELS, strict=True))[0]
    link = sc.link_line(small, width, label, group=2, prio=1, **kw)
    if link is not None:
        lines.insert(rng.choice((len(lines), len(lines) - 1)), link)
    return lines


def _company(sc: Scene, rng: random.Random, width: float, acc, kw: dict) -> Line:
    """The company's name in bold, in the accent colour or ink, often after a logo."""
    px = sc.style.size * rng.uniform(1.0, 1.3)
    mark = marks.logo(rng, round(px * rng.uniform(1.4, 2.2))) if rng.random() < 0.7 else None
    room = width - (0 if mark is None else mark.shape[1] + px * 0.4)
    line = sc.text(textgen.company(rng), "bold", px, room, group=0, prio=2, **kw)
    line.paint = acc if mark is not None or rng.random() < 0.5 else None
    line.mark = mark
    line.height = max(line.height * 1.1, 0 if mark is None else mark.shape[0] * 1.2)
    return line


def _glyph_line(rng: random.Random, n: int, px: float, width: float, **kw) -> Line:
    n = max(1, min(n, int(width / (px * 1.04))))
    return Line([glyphs(rng, n, round(px))], px, px * 1.45, **kw)


def _keep(lines: list[Line], height: float) -> list[Line]:
    """The lines that fit in ``height``, best ranked first, in their order."""
    kept, used = set(), 0.0
    for i in sorted(range(len(lines)), key=lambda i: lines[i].prio):
        if lines[i].items and used + lines[i].height <= height:
            kept.add(i)
            used += lines[i].height
    return [ln for i, ln in enumerate(lines) if i in kept]


def _stack(sc: Scene, lines: list[Line], x0: float, x1: float, y0: float, y1: float) -> None:
    """Lines top-down from ``y0``: the first group at the top, the last at the bottom, the
    space left shared out between the groups."""
    groups = sorted({ln.group for ln in lines})
    free = (y1 - y0) - sum(ln.height for ln in lines)
    gap = free / (len(groups) - 1) if len(groups) > 1 else 0.0
    y = y0
    for g in groups:
        y = sc.lines([ln for ln in lines if ln.group == g], x0, x1, y) + gap
