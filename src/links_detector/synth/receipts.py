"""Receipts: a narrow strip of thermal paper on a table, small monospace print, faded.

A receipt is 20-48 characters wide, in the page's monospace face at small-print size (0.75 x
``raw.font_px_min`` up to 1.25 x it): the shop's name in bold, its address, the date and time,
items with right-aligned prices, the totals, the payment, a thank-you, and near the footer a
link (a survey, feedback, the shop's site), sometimes with a QR-like block. Thermal print is
grey and uneven: the ink is faded toward the paper and weaker in patches. A receipt longer than
the photo shows its footer, with its link, and loses its top.
"""

from __future__ import annotations

import random
from dataclasses import replace

import cv2
import numpy as np

from links_detector.synth import marks, page, textgen
from links_detector.synth.scene import Line, Scene, small_px


def draw(rng, cfg, style, W: int, H: int, n_links: int, dark: bool) -> page.Canvas:
    style = replace(style, family=style.mono, link_face="body", link_colour="ink", underline=False)
    lo = small_px(cfg)
    style.size = rng.randint(lo, max(lo, min(cfg.font_px_max, round(cfg.font_px_min * 1.25))))
    sc = Scene(rng, cfg, style, W, H, n_links)
    adv = sc.w.font().getlength("0")
    cols = max(20, min(rng.choice((32, 40, 42, 48)), int(W * 0.78 / adv)))
    width = cols * adv
    margin = adv * rng.uniform(1.0, 2.5)
    lines = _lines(sc, rng, cols, width)
    total = sum(ln.height for ln in lines)
    if total < H * 0.85:
        top = rng.uniform(H * 0.04, H * 0.96 - total)
    else:  # longer than the photo: the top is cut, the footer (and its link) shows
        top = H * rng.uniform(0.88, 0.97) - total
    cx = rng.uniform(0.5 * width + margin + 0.02 * W, W - 0.5 * width - margin - 0.02 * W)
    x0, x1 = cx - width / 2, cx + width / 2
    y0, y1 = top - adv * rng.uniform(1, 6), top + total + adv * 3
    sc.sheet_polygon(_strip(rng, x0 - margin, x1 + margin, y0, y1))
    sc.lines(lines, x0, x1, top)
    # thermal print fades unevenly: weaker in patches
    field = np.array([rng.uniform(0.6, 1.0) for _ in range(12)]).reshape(4, 3)
    field = cv2.resize((field * 255).astype(np.uint8), (W, H), interpolation=cv2.INTER_LINEAR)
    sc.w.ink.a = cv2.multiply(sc.w.ink.a, field, scale=1 / 255)
    surface = rng.choice(("wood", "desk", "fabric", "dark"))
    return sc.canvas(fade=rng.uniform(0.15, 0.45), show_through=False, surface=surface)


def _strip(rng: random.Random, x0: float, x1: float, y0: float, y1: float) -> list:
    """The strip's outline, its torn ends zigzag."""
    teeth = max(4, int((x1 - x0) / 14))
    tooth = (x1 - x0) / teeth
    top = [(x0 + k * tooth, y0 + k % 2 * tooth * rng.uniform(0.3, 0.6)) for k in range(teeth + 1)]
    bottom = [
        (x1 - k * tooth, y1 - k % 2 * tooth * rng.uniform(0.3, 0.6)) for k in range(teeth + 1)
    ]
    return top + bottom


def _lines(sc: Scene, rng: random.Random, cols: int, width: float) -> list[Line]:
    s = sc.style.size
    lead = rng.uniform(1.15, 1.35)

    def row(text: str, face="regular", align="l", right="", px=s) -> Line:
        line = sc.text(text, face, px, width, lead, align=align)
        line.right = sc.words(right, face, px) if right else []
        return line

    rule = rng.choice("-=*") * cols
    lines = [row(textgen.company(rng).upper(), "bold", "c", px=s * rng.uniform(1.3, 1.8))]
    lines += [row(textgen.street(rng), align="c"), row(textgen.city(rng), align="c")]
    lines.append(row("TEL " + textgen.phone(rng), align="c"))
    lines.append(row(textgen.timestamp(rng), right=f"#{rng.randint(1, 9999):04d}"))
    lines.append(row(rule))
    for _ in range(rng.randint(3, 10)):
        lines.append(row(textgen.item(rng), right=textgen.price(rng)))
    lines.append(row(rule))
    lines.append(row("SUBTOTAL", right=textgen.price(rng)))
    lines.append(row(f"TAX {rng.randint(5, 20)}%", right=textgen.price(rng)))
    lines.append(row("TOTAL", "bold", right=textgen.price(rng), px=s * rng.uniform(1.0, 1.3)))
    lines.append(row(textgen.payment(rng)))
    lines.append(row(rule))
    thanks = rng.choice(("Thank you!", "THANK YOU FOR YOUR VISIT", "See you soon"))
    lines.append(row(thanks, align="c"))
    lines += _footer(sc, rng, width, s * lead)
    return [ln for ln in lines if ln.items or ln.right or ln.mark is not None]


def _footer(sc: Scene, rng: random.Random, width: float, height: float) -> list[Line]:
    """The link near the footer, after a label on its line or the line above, and sometimes
    a QR-like block under it."""
    s = sc.style.size
    label = rng.choice(("Survey:", "Feedback:", "Visit us at", "Order online:", "Rate us at", ""))
    out = []
    above = label and rng.random() < 0.5  # the label on a line of its own
    link = sc.link_line(s, width, "" if above else label, align="c")
    if link is not None:
        if above:
            out.append(sc.text(label, "regular", s, width, height / s, align="c"))
        out.append(replace(link, height=height))
    if rng.random() < 0.3:
        out.append(Line([], s, s * 7.5, "c", mark=marks.qr(rng, round(s * 6))))
    return out
