"""Photos of screens and projections: a page as a display shows it, in a light or dark theme.

- ``monitor``: a monitor or a laptop in its bezel (or a close-up of part of one, filling the
  photo): a browser's bar with the address field, its URL printed with its scheme (a labelled
  link) or without, then a page of a headline, prose and bullet points with links.
- ``phone``: a phone held upright, in its rounded bezel: the time in the status bar, chat
  bubbles (the other's grey, one's own blue or green with light type) holding links.
- ``projection``: a slide projected on a wall: faint (the ink faded toward the lit wall), a
  title and bullet points with links.

The camera adds what a screen looks like in a photo (``Canvas.screen``): the display's pixel
grid, sampled into moire; glare on the glass (a projector's hot spot); and a stronger slant
than paper (``Canvas.tilt``). The type is a little larger than on paper (1.1 x
``raw.font_px_min`` up): the slant makes the far side's letters smaller.
"""

from __future__ import annotations

import contextlib
import random

import cv2
import numpy as np

from links_detector.synth import marks, page, textgen
from links_detector.synth.scene import Scene, fit, jitter

BEZELS = ((20, 20, 22), (40, 40, 44), (180, 182, 186))


def draw(rng, cfg, style, W: int, H: int, n_links: int, dark: bool) -> page.Canvas:
    lo = round(cfg.font_px_min * 1.1)
    style.size = rng.randint(lo, max(lo, round(cfg.font_px_max * 0.85)))
    style.link_colour = rng.choices(("ink", "blue"), (1, 4))[0]
    style.underline = rng.random() < 0.5
    style.justify = False
    style.link_face = rng.choice(("body", "body", "bold"))
    sc = Scene(rng, cfg, style, W, H, n_links)
    screen = rng.choices(("monitor", "phone", "projection"), (5, 3, 2))[0]
    display = {"monitor": _monitor, "phone": _phone, "projection": _projection}[screen](sc, dark)
    projected = screen == "projection"
    return sc.canvas(
        screen=screen,
        display=display,
        tilt=rng.uniform(1.5, 3.0),
        show_through=False,
        fade=rng.uniform(0.15, 0.4) if projected else 0.0,
        surface="wall" if projected else rng.choice(("dark", "desk", "wall", "wood")),
    )


def _place(rng: random.Random, W: int, H: int, dw: float, dh: float, dx: float, dy: float):
    x0 = (W - dw) / 2 + rng.uniform(-dx, dx) * W
    y0 = (H - dh) / 2 + rng.uniform(-dy, dy) * H
    return x0, y0, x0 + dw, y0 + dh


def _bezel(sc: Scene, box, thick: float, radius: float) -> None:
    """The display's lit area (paper) in a bezel ``thick`` px wide, corners rounded."""
    x0, y0, x1, y1 = (round(v) for v in box)
    t = max(2, round(thick))
    w, h = x1 - x0 + 2 * t, y1 - y0 + 2 * t
    ring = marks.rounded(w, h, radius + t) if radius else np.full((h, w), 255, np.uint8)
    inner = marks.rounded(x1 - x0, y1 - y0, radius) if radius else 255
    ring[t : t + y1 - y0, t : t + x1 - x0] = cv2.bitwise_not(inner) if radius else 0
    sc.paint(jitter(sc.rng, sc.rng.choice(BEZELS), 6), ring, x0 - t, y0 - t)
    sc.sheet(box)


def _monitor(sc: Scene, dark: bool):
    """A monitor: the bezel, a browser's bar with the address, the page below."""
    rng, W, H, s = sc.rng, sc.width, sc.height, sc.style.size
    dw = W * rng.uniform(0.85, 1.15)
    dh = dw / rng.choice((16 / 9, 16 / 10, 4 / 3))
    if rng.random() < 0.3:  # a close-up: part of the screen fills the photo
        dw, dh = W * 1.1, H * 1.1
    box = _place(rng, W, H, dw, dh, 0.05, 0.1)
    _bezel(sc, box, dw * rng.uniform(0.015, 0.04), 0)
    bar, m = s * rng.uniform(2.0, 2.6), s * 0.8
    sc.rect((60, 62, 68) if dark else jitter(rng, (222, 224, 228), 6), (*box[:3], box[1] + bar))
    field = (box[0] + m * 4, box[1] + bar * 0.18, box[2] - m * 3, box[1] + bar * 0.82)
    sc.rect((35, 36, 40) if dark else (250, 250, 252), field, radius=bar * 0.3)
    x0, base = box[0] + m * 5, box[1] + bar / 2 + s * 0.3
    url = sc.link_line(s * 0.9, box[2] - m * 4 - x0) if rng.random() < 0.6 else None
    if url is None:  # the browser hides the scheme: no prefix to label
        address = f"{textgen.host(rng)}/{rng.choice(textgen.PATH_WORDS)}"
        sc.row(fit(sc.words(address, "regular", s * 0.9), dw / 2), x0, box[2], base)
    else:
        sc.row(url.items, x0, box[2], base)
    _content(sc, (box[0] + m * 2, box[1] + bar + m, box[2] - m * 2, box[3] - m))
    return box


def _phone(sc: Scene, dark: bool):
    """A phone held upright: a rounded screen, the time, chat bubbles with links."""
    rng, W, H, s = sc.rng, sc.width, sc.height, sc.style.size
    dw = W * rng.uniform(0.5, 0.75)
    box = _place(rng, W, H, dw, min(dw * rng.uniform(1.9, 2.2), H * 0.98), 0.08, 0.05)
    _bezel(sc, box, dw * rng.uniform(0.02, 0.04), dw * 0.08)
    x0, y0, x1, y1 = box
    m = s * 0.8
    sc.row(sc.words(textgen.clock(rng).split()[0], "bold", s * 0.9), x0 + m * 2, x1, y0 + s * 1.6)
    theirs = (62, 64, 70) if dark else jitter(rng, (229, 229, 234), 4)
    mine = jitter(rng, (0, 122, 255) if rng.random() < 0.7 else (52, 199, 89), 10)
    y = y0 + s * 3
    while y is not None and y < y1 - s * 4:
        own = rng.random() < 0.45
        width = dw * rng.uniform(0.55, 0.75)
        toks = sc.w.prose(rng.randint(4, 16))
        link = sc.w.link(1.0, width - m * 2, bare=True) if rng.random() < 0.45 else None
        if link is not None:
            toks.insert(rng.choice((0, len(toks))), link)
        bx0 = x1 - m - width if own else x0 + m
        y = _bubble(sc, toks, (bx0, y, width, y1 - s), mine if own else theirs, own)
        y = None if y is None else y + s * 0.6
    return box


def _bubble(sc: Scene, toks: list, where, colour, knock: bool):
    """A chat bubble holding ``toks`` (knocked out of it: one's own); returns its bottom, or
    None when it does not fit."""
    x0, y, width, bottom = where
    s = sc.style.size
    lh, pad = s * 1.3, s * 0.6
    height = _count_lines(toks, width - 2 * pad) * lh + pad * 1.4
    if y + height > bottom:
        return None
    sc.rect(colour, (x0, y, x0 + width, y + height), radius=s * 0.8)
    with sc.w.knocked_out() if knock else contextlib.nullcontext():
        text_top = y + pad + s * 0.8
        sc.w.paragraph(toks, x0 + pad, width - 2 * pad, text_top, bottom, lh, justify=False)
    return y + height


def _count_lines(toks: list, width: float) -> int:
    """The lines ``Writer.paragraph`` breaks ``toks`` into (tokens too wide are left out)."""
    space = toks[0].parts[0][1].getlength(" ") if toks else 0.0
    lines, used = 1, -space
    for t in toks:
        if t.width > width:
            continue
        if used + space + t.width > width:
            lines, used = lines + 1, t.width
        else:
            used += space + t.width
    return lines


def _projection(sc: Scene, dark: bool):
    """A slide projected on a wall: a title and bullet points with links."""
    rng, W, H = sc.rng, sc.width, sc.height
    pw = W * rng.uniform(0.85, 1.1)
    box = _place(rng, W, H, pw, pw / rng.choice((16 / 9, 4 / 3)), 0.05, 0.15)
    sc.sheet(box)
    m = pw * 0.06
    x0, y0, x1, y1 = box
    _content(sc, (x0 + m, y0 + m * 0.6, x1 - m, y1 - m * 0.5), slide=True)
    return box


def _content(sc: Scene, box, slide: bool = False) -> None:
    """What the display shows: a headline, then prose and bullet points with links."""
    x0, y0, x1, y1 = box
    rng, w, s = sc.rng, sc.w, sc.style.size
    lh = s * rng.uniform(1.3, 1.5)
    px = s * rng.uniform(1.4, 2.0)
    head = textgen.title(rng) if slide else f"{textgen.title(rng)} - {rng.choice(textgen.TOPICS)}"
    toks = sc.words(head, "bold", px)
    y = w.paragraph(toks, x0, x1 - x0, y0 + lh * px / s, y1, lh * px / s, justify=False)
    rate = 0.08 if w.links_left else 0.0
    layout = "list" if slide or rng.random() < 0.4 else "book"
    page.column(w, rng, layout, x0, x1 - x0, y + lh * 0.4, y1 - lh, lh, rate, 1)
