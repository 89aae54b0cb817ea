"""Flyers and posters: a sheet on a wall or a table, big bold type, coloured bands and blocks.

From the top: sometimes a kicker knocked out of a band (``FREE ENTRY``), the headline in big
bold type (1.8-3.4 x the body size, on a band, in the accent colour or in ink), the date, time
and place in bold, a paragraph, a tinted block of bullet points. From the bottom: the address
with a link, and above it one to three links in larger type (up to 1.25 x
``raw.font_px_max``) after labels (``Register:``, ``Tickets:``), on the paper or knocked out
of a band, sometimes with a QR-like block. What is left between them is the flyer's picture: a
tinted panel with big shapes in the accent colour.
"""

from __future__ import annotations

import random
from dataclasses import replace

from links_detector.synth import marks, page, textgen
from links_detector.synth.scene import LIGHT_TINTS, Line, Scene, accent, jitter, small_px

Frame = tuple[float, float, float, float]  # the sheet's left edge, text's left and right, edge


def draw(rng, cfg, style, W: int, H: int, n_links: int, dark: bool) -> page.Canvas:
    style.justify = False
    if rng.random() < 0.5:
        style.link_face = "bold"
    sc = Scene(rng, cfg, style, W, H, n_links)
    ratio = rng.uniform(1.29, 1.45)  # A and letter sizes, upright
    fw = min(W, H / ratio) * rng.uniform(0.78, 1.02)
    fh = fw * ratio
    x0 = (W - fw) / 2 + rng.uniform(-0.05, 0.05) * W
    y0 = (H - fh) / 2 + rng.uniform(-0.05, 0.05) * H
    sc.sheet((x0, y0, x0 + fw, y0 + fh))
    colours = accent(rng, dark), jitter(rng, (70, 70, 80) if dark else rng.choice(LIGHT_TINTS))
    m = fw * rng.uniform(0.06, 0.09)
    frame = (x0, x0 + m, x0 + fw - m, x0 + fw)
    s = style.size
    bottom = _footer(sc, rng, frame, y0 + fh, colours[0]) - s * 0.6
    bottom = _links(sc, rng, frame, (y0 + fh * 0.45, bottom), colours[0]) - s * 0.6
    y = y0 + m * 0.8
    blocks = [_headline, _when, _body, _bullets]
    if rng.random() < 0.4:
        blocks.insert(0, _kicker)
    for block in blocks:
        y_next = block(sc, rng, frame, (y, bottom), colours)
        if y_next is None:
            break
        y = y_next
    if bottom - y > s * 4:
        _picture(sc, rng, (frame[1], y + s * 0.5, frame[2], bottom), colours)
    surface = rng.choice(("wall", "wall", "wood", "desk"))
    return sc.canvas(show_through=rng.random() < 0.5, surface=surface)


def _band(sc: Scene, colour, frame: Frame, y: float, lines: list[Line], pad: float) -> float:
    """Lines knocked out of a band of ``colour`` across the sheet; returns the band's bottom."""
    height = sum(ln.height for ln in lines) + 2 * pad
    sc.rect(colour, (frame[0], y, frame[3], y + height))
    sc.lines([replace(ln, knock=True) for ln in lines], frame[1], frame[2], y + pad)
    return y + height


def _rows(sc: Scene, lines: list[Line], frame: Frame, span, after: float) -> float | None:
    """Lines from ``span[0]`` down, or None when they would pass ``span[1]``."""
    if span[0] + sum(ln.height for ln in lines) > span[1]:
        return None
    return sc.lines(lines, frame[1], frame[2], span[0]) + after


def _kicker(sc: Scene, rng: random.Random, frame: Frame, span, colours):
    s = sc.style.size
    text = rng.choice(("FREE ENTRY", "JOIN US", "SAVE THE DATE", "NEW", "OPEN TO ALL"))
    line = sc.text(text, "bold", s * 1.1, frame[2] - frame[1], 1.45, align=rng.choice("lc"))
    return _band(sc, colours[0], frame, span[0] - s * 0.3, [line], s * 0.3) + s * 0.8


def _headline(sc: Scene, rng: random.Random, frame: Frame, span, colours):
    """The headline in big bold type: on a band, in the accent colour or in ink."""
    s, width = sc.style.size, frame[2] - frame[1]
    words = textgen.event(rng).split()
    if rng.random() < 0.4:
        words = [w.upper() for w in words]
    longest = max(sc.w.font("bold").getlength(w) for w in words)
    px = s * min(rng.uniform(1.8, 3.4), 0.95 * width / longest)
    align = rng.choice("lc")
    lines = [Line(r, px, px * 1.15, align) for r in sc.wrap(words, "bold", px, width)]
    if span[0] + sum(ln.height for ln in lines) > span[1]:
        return None
    look = rng.choices(("band", "colour", "ink"), (3, 4, 3))[0]
    if look == "band":
        return _band(sc, colours[0], frame, span[0], lines, px * 0.3) + s * 0.8
    paint = colours[0] if look == "colour" else None
    return _rows(sc, [replace(ln, paint=paint) for ln in lines], frame, span, s * 0.6)


def _when(sc: Scene, rng: random.Random, frame: Frame, span, colours):
    s = sc.style.size
    px = s * rng.uniform(1.1, 1.4)
    texts = (textgen.date(rng), f"{textgen.clock(rng)} | {textgen.street(rng)}")
    lines = [sc.text(t, "bold", px, frame[2] - frame[1], 1.3) for t in texts]
    return _rows(sc, lines, frame, span, s * 0.6)


def _body(sc: Scene, rng: random.Random, frame: Frame, span, colours):
    s = sc.style.size
    toks = sc.w.prose(rng.randint(15, 45))
    y = sc.w.paragraph(toks, frame[1], frame[2] - frame[1], span[0] + s, span[1], s * 1.3)
    return None if y == float("inf") else y + s * 0.2


def _bullets(sc: Scene, rng: random.Random, frame: Frame, span, colours):
    """Sometimes a tinted block of bullet points."""
    if rng.random() < 0.4:
        return span[0]
    s, y = sc.style.size, span[0]
    width = frame[2] - frame[1] - s
    lines = [
        sc.text("• " + textgen.title(rng), "regular", s, width) for _ in range(rng.randint(2, 4))
    ]
    height = sum(ln.height for ln in lines) + s
    if y + height > span[1]:
        return None
    sc.rect(colours[1], (frame[1] - s * 0.5, y, frame[2] + s * 0.5, y + height), radius=s * 0.4)
    inner = (frame[0], frame[1] + s * 0.3, frame[2], frame[3])
    return _rows(sc, lines, inner, (y + s * 0.5, span[1]), s)


def _picture(sc: Scene, rng: random.Random, box, colours) -> None:
    """Where a flyer has its picture: a tinted panel with big shapes in the accent colour."""
    x0, y0, x1, y1 = box
    sc.rect(colours[1], box, radius=sc.style.size * rng.uniform(0, 1))
    for _ in range(rng.randint(1, 3)):
        px = round(min(x1 - x0, y1 - y0) * rng.uniform(0.3, 0.8))
        x, y = rng.uniform(x0, x1 - px), rng.uniform(y0, y1 - px)
        sc.paint(colours[0], marks.logo(rng, px), round(x), round(y))


def _links(sc: Scene, rng: random.Random, frame: Frame, span, colour) -> float:
    """One to three links in larger type after labels, on the paper or knocked out of a band,
    sometimes with a QR-like block, ending at ``span[1]`` and starting no higher than
    ``span[0]`` (else left out); returns their top."""
    s, cfg = sc.style.size, sc.cfg
    px = min(s * rng.uniform(1.1, 1.5), cfg.font_px_max * 1.25)
    width = frame[2] - frame[1]
    lines = []
    for _ in range(rng.randint(1, 3)):
        label = rng.choice(("Register:", "Tickets:", "More info:", "Details at", "Visit", ""))
        above = label and rng.random() < 0.5  # the label on a line of its own
        link = sc.link_line(px, width, "" if above else label, "bold")
        if link is not None:
            lines += [sc.text(label, "bold", px * 0.8, width), link] if above else [link]
    if rng.random() < 0.3:
        lines.append(Line([], s, s * 7.5, rng.choice("lcr"), mark=marks.qr(rng, round(s * 6))))
    pad = px * 0.4
    top = span[1] - sum(ln.height for ln in lines) - 2 * pad
    if not lines or top < span[0]:
        return span[1]
    if rng.random() < 0.35:
        _band(sc, colour, frame, top, lines, pad)
    else:
        sc.lines(lines, frame[1], frame[2], top + pad)
    return top


def _footer(sc: Scene, rng: random.Random, frame: Frame, bottom: float, colour) -> float:
    """The address and a link at the sheet's foot, on a band or not; returns their top."""
    px = max(small_px(sc.cfg), sc.style.size * 0.85)
    width = frame[2] - frame[1]
    where = f"{textgen.street(rng)}, {textgen.city(rng)}"
    lines = [sc.text(where, "regular", px, width, 1.3, align="c")]
    link = sc.link_line(px, width, rng.choice(("", "Web:", "Info:")), align="c")
    if link is not None:
        lines.append(link)
    pad = px * 0.5
    top = bottom - sum(ln.height for ln in lines) - 2 * pad
    if rng.random() < 0.5:
        _band(sc, colour, frame, top, lines, pad)
    else:
        sc.lines(lines, frame[1], frame[2], top + pad)
    return top
