"""Marks that are not text, as 8-bit coverage masks: pseudo-CJK characters, QR-like blocks,
logos, rounded rectangles, a hand.

No CJK font is among the project's Debian fonts (``fc-list :lang=ja`` lists none after
``scripts/setup.sh``), so a CJK character is drawn as strokes in a square cell: horizontals,
verticals, dots, sweeps and boxes, split left-right or top-bottom as radicals are. At a glance
they are dense blocks of CJK print. A character's shape depends on its number alone, so the
cache never changes what a page looks like. Shapes are drawn 4x larger and reduced, for
antialiased edges like a font's.
"""

from __future__ import annotations

import functools
import math
import random

import cv2
import numpy as np

CJK_GLYPHS = 400  # distinct pseudo-CJK characters


@functools.lru_cache(maxsize=8192)
def cjk(size: int, gid: int) -> np.ndarray:
    """Pseudo-CJK character ``gid`` in a ``size`` px square."""
    r = random.Random(f"cjk:{gid}")
    S = 4 * size
    img = np.zeros((S, S), np.uint8)
    t = max(3, round(S * r.uniform(0.055, 0.075)))
    m = S * 0.1
    split = r.choices(("one", "left-right", "top-bottom", "frame"), (2, 4, 3, 1))[0]
    if split == "left-right":
        k = S * r.uniform(0.35, 0.5)
        parts = [(m, m, k, S - m), (k + S * 0.05, m, S - m, S - m)]
    elif split == "top-bottom":
        k = S * r.uniform(0.35, 0.55)
        parts = [(m, m, S - m, k), (m, k + S * 0.05, S - m, S - m)]
    elif split == "frame":
        cv2.rectangle(img, (int(m), int(m)), (int(S - m), int(S - m)), 255, t, cv2.LINE_AA)
        parts = [(m * 2.2, m * 2.2, S - m * 2.2, S - m * 2.2)]
    else:
        parts = [(m, m, S - m, S - m)]
    for box in parts:
        for _ in range(r.randint(3, 6) if len(parts) > 1 else r.randint(5, 9)):
            _stroke(img, r, box, t)
    return cv2.resize(img, (size, size), interpolation=cv2.INTER_AREA)


def _stroke(img: np.ndarray, r: random.Random, box, t: int) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    kind = r.choices(("h", "v", "dot", "sweep", "box"), (5, 4, 2, 3, 1))[0]
    if kind == "h":
        y = y0 + h * r.uniform(0, 1)
        pts = [(x0 + w * r.uniform(0, 0.2), y), (x1 - w * r.uniform(0, 0.2), y)]
    elif kind == "v":
        x = x0 + w * r.uniform(0.1, 0.9)
        pts = [(x, y0 + h * r.uniform(0, 0.2)), (x, y1 - h * r.uniform(0, 0.15))]
    elif kind == "dot":
        x, y = x0 + w * r.uniform(0.1, 0.9), y0 + h * r.uniform(0.1, 0.9)
        pts = [(x, y), (x + w * 0.12, y + h * 0.12)]
    elif kind == "sweep":  # a falling stroke, bending as it goes
        xa, xb = (x1 - w * 0.3, x0) if r.random() < 0.5 else (x0 + w * 0.3, x1)
        pts = [
            (xa + (xb - xa) * k / 4 + math.sin(k) * w * 0.03, y0 + h * (0.2 + 0.2 * k))
            for k in range(5)
        ]
    else:
        bx0, by0 = x0 + w * r.uniform(0.1, 0.4), y0 + h * r.uniform(0.1, 0.4)
        bx1, by1 = bx0 + w * r.uniform(0.3, 0.5), by0 + h * r.uniform(0.3, 0.5)
        pts = [(bx0, by0), (bx1, by0), (bx1, by1), (bx0, by1), (bx0, by0)]
    cv2.polylines(img, [np.round(np.array(pts)).astype(np.int32)], False, 255, t, cv2.LINE_AA)


def qr(rng: random.Random, px: int) -> np.ndarray:
    """A QR-code-like block about ``px`` wide: random modules and the three finder squares."""
    n = rng.choice((21, 25, 29))
    bits = np.array([rng.random() < 0.5 for _ in range(n * n)], np.uint8).reshape(n, n)
    finder = np.zeros((7, 7), np.uint8)
    finder[[0, 6], :] = finder[:, [0, 6]] = 1
    finder[2:5, 2:5] = 1
    for r0, c0 in ((0, 0), (0, n - 7), (n - 7, 0)):
        bits[max(r0 - 1, 0) : r0 + 8, max(c0 - 1, 0) : c0 + 8] = 0
        bits[r0 : r0 + 7, c0 : c0 + 7] = finder
    module = max(2, px // n)
    return np.kron(bits * 255, np.ones((module, module), np.uint8))


def logo(rng: random.Random, px: int) -> np.ndarray:
    """A logo-like mark about ``px`` square: a disc, a ring, a diamond, bars, a triangle or two
    linked rings."""
    S = 4 * px
    img = np.zeros((S, S), np.uint8)
    c = S // 2
    shape = rng.choice(("disc", "ring", "diamond", "bars", "triangle", "rings"))
    if shape == "disc":
        cv2.circle(img, (c, c), int(S * 0.45), 255, -1, cv2.LINE_AA)
    elif shape == "ring":
        cv2.circle(img, (c, c), int(S * 0.4), 255, max(4, S // 9), cv2.LINE_AA)
    elif shape == "diamond":
        pts = np.array([(c, S // 20), (S - S // 20, c), (c, S - S // 20), (S // 20, c)])
        cv2.fillPoly(img, [pts.astype(np.int32)], 255, cv2.LINE_AA)
    elif shape == "bars":
        for k in range(3):
            top = int(S * (0.8 - 0.25 * k * rng.uniform(0.8, 1.2)))
            x = int(S * (0.08 + 0.3 * k))
            cv2.rectangle(img, (x, top), (x + int(S * 0.22), S), 255, -1)
    elif shape == "triangle":
        pts = np.array([(c, S // 12), (S - S // 12, S - S // 8), (S // 12, S - S // 8)])
        cv2.fillPoly(img, [pts.astype(np.int32)], 255, cv2.LINE_AA)
    else:
        for dx in (-1, 1):
            cv2.circle(img, (c + dx * S // 6, c), int(S * 0.3), 255, max(4, S // 12), cv2.LINE_AA)
    return cv2.resize(img, (px, px), interpolation=cv2.INTER_AREA)


def rounded(w: int, h: int, radius: float) -> np.ndarray:
    """A w x h rectangle with corners rounded by ``radius`` px."""
    m = np.zeros((h, w), np.uint8)
    r = int(min(radius, w / 2, h / 2))
    cv2.rectangle(m, (r, 0), (w - 1 - r, h - 1), 255, -1)
    cv2.rectangle(m, (0, r), (w - 1, h - 1 - r), 255, -1)
    for cx, cy in ((r, r), (w - 1 - r, r), (r, h - 1 - r), (w - 1 - r, h - 1 - r)):
        cv2.circle(m, (cx, cy), r, 255, -1, cv2.LINE_AA)
    return m


def hand(rng: random.Random, box, W: int, H: int) -> tuple[np.ndarray, np.ndarray]:
    """A hand holding the card ``box`` from below, on a W x H canvas: (what shows beside the
    card: palm, wrist, fingertips; the thumb, lying on the card). Sized by the card's long
    side, about a palm's width."""
    x0, y0, x1, y1 = box
    cw = x1 - x0
    u = max(cw, y1 - y0)
    tx = x0 + cw * rng.uniform(0.15, 0.85)
    lean = -1 if tx > x0 + cw / 2 else 1  # the palm lies toward the card's middle
    behind = np.zeros((H, W), np.uint8)
    palm = (round(tx + lean * u * 0.2), round(y1 + u * 0.3))
    cv2.ellipse(behind, palm, (round(u * 0.45), round(u * 0.4)), 0, 0, 360, 255, -1, cv2.LINE_AA)
    wrist = np.array(
        [(palm[0] - u * 0.35, palm[1]), (palm[0] + u * 0.35, palm[1]),
         (palm[0] + u * 0.4, H + u), (palm[0] - u * 0.4, H + u)]
    )  # fmt: skip
    cv2.fillPoly(behind, [wrist.astype(np.int32)], 255, cv2.LINE_AA)
    side = x1 if lean > 0 else x0  # fingertips peek out on the far side
    for k in range(rng.randint(2, 4)):
        tip = (round(side), round(y1 - u * (0.08 + 0.2 * k)))
        axes = (round(u * 0.11), round(u * 0.085))
        cv2.ellipse(behind, tip, axes, 0, 0, 360, 255, -1, cv2.LINE_AA)
    behind[max(round(y0), 0) : max(round(y1), 0), max(round(x0), 0) : max(round(x1), 0)] = 0
    thumb = np.zeros((H, W), np.uint8)
    centre = (round(tx), round(y1 - u * rng.uniform(0.06, 0.14)))
    axes = (round(u * rng.uniform(0.1, 0.13)), round(u * rng.uniform(0.22, 0.3)))
    cv2.ellipse(thumb, centre, axes, lean * rng.uniform(5, 35), 0, 360, 255, -1, cv2.LINE_AA)
    return behind, thumb
