"""Photograph a drawn page: geometry, paper, light and camera, with labels carried exactly.

The geometry is one mapping from each photo pixel back to the canvas: a homography (scale,
rotation, offset, perspective tilt) and, near the spine, a curl that compresses the page and
bends its lines toward the middle as the paper falls into the gutter. It is evaluated on a grid
every 8 px and interpolated (smooth, so the error is far below a pixel), then ``cv2.remap`` moves
the text layers (bilinear) and the label image (nearest) with it. A label's box is the extent of
its pixels in the photo, so boxes follow every warp.

Then the light: paper colour (off-white, cream, grey or tinted; dark pages light-on-dark), the
page's fills (bands, logos, coloured cards, a hand), ink and link colours, text knocked out in the
paper's colour, show-through of the mirrored back page, the surface beyond the paper's edge
(``backgrounds.py``: wood, cloth, a desk, a wall), uneven light, vignetting and the gutter's
shadow, white balance, defocus or motion blur, sensor noise. A screen (``Canvas.screen``) also
shows its pixel grid, sampled by the camera into moire, and glare on its glass.

Links cut by the photo's border follow one rule: a link is labelled when at least
``raw.min_visible`` of its prefix's pixels are in the photo; its boxes then cover what is
visible and it is marked ``truncated`` when any of its text is outside. Others are dropped.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from types import SimpleNamespace

import cv2
import numpy as np

from links_detector.common.boxes import Box
from links_detector.synth import backgrounds
from links_detector.synth.page import Canvas

STEP = 8  # grid step of the mapping, in photo px


@dataclass
class Photo:
    image: np.ndarray  # uint8 RGB, H x W x 3
    boxes: list[tuple[Box, Box, bool, str]]  # (prefix box, link box, truncated, url)
    forward: np.ndarray  # 3x3 homography canvas -> photo (without the curl)
    curl: float  # 0 when the page is flat
    ink: np.ndarray  # uint8 ink coverage in the photo (tests check boxes against it)
    dropped: int = 0  # links left out by the visibility rule
    canvas_points: list = field(default_factory=list)  # each kept prefix's ink pixels on the canvas


def _homography(rng: random.Random, cfg, canvas: Canvas, W: int, H: int, partial: bool):
    px0, py0, px1, py1 = canvas.page_box
    pw = px1 - px0
    # The page fills the frame: its text block about spans the photo's width.
    zoom = rng.uniform(0.95, 1.12) if not partial else rng.uniform(0.8, 1.35)
    s = zoom * W / pw
    cx, cy = (px0 + px1) / 2, (py0 + py1) / 2
    if partial:  # framed off-centre: a page edge, the table or the gutter in view, text cut
        ox, oy = rng.uniform(-0.3, 0.3) * W, rng.uniform(-0.25, 0.25) * H
    else:
        ox, oy = rng.uniform(-0.04, 0.04) * W, rng.uniform(-0.04, 0.04) * H
    if canvas.spine_x is not None and not partial:
        # Show the gutter: shift the page away from the spine a little.
        ox += (1 if canvas.spine_x < cx else -1) * rng.uniform(0.02, 0.1) * W
    a = cfg.rotation_deg
    angle = max(-a, min(a, rng.gauss(0.0, a / 3))) if a else 0.0
    t = math.radians(angle)
    c, sn = math.cos(t) * s, math.sin(t) * s
    # canvas -> photo: translate page centre to origin, rotate+scale, move to the photo centre
    m = np.array(
        [
            [c, -sn, W / 2 + ox - (c * cx - sn * cy)],
            [sn, c, H / 2 + oy - (sn * cx + c * cy)],
            [0, 0, 1],
        ]
    )
    p = cfg.perspective * canvas.tilt
    if p:
        src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
        jit = np.float32([[rng.uniform(-p, p) * W, rng.uniform(-p, p) * H] for _ in range(4)])
        m = cv2.getPerspectiveTransform(src, src + jit).astype(np.float64) @ m
    return m


def _grid(inv: np.ndarray, x0: float, y0: float, nx: int, ny: int):
    """Canvas coordinates (before the curl is undone) at the grid points."""
    gx = x0 + STEP * np.arange(nx) + (STEP - 1) / 2
    gy = y0 + STEP * np.arange(ny) + (STEP - 1) / 2
    X, Y = np.meshgrid(gx, gy)
    den = inv[2, 0] * X + inv[2, 1] * Y + inv[2, 2]
    U = (inv[0, 0] * X + inv[0, 1] * Y + inv[0, 2]) / den
    V = (inv[1, 0] * X + inv[1, 1] * Y + inv[1, 2]) / den
    return U, V, X, Y


def _full(coarse: np.ndarray, w: int, h: int) -> np.ndarray:
    """Grid values (one per STEP px, at cell centres) interpolated to every pixel."""
    ny, nx = coarse.shape
    up = cv2.resize(
        coarse.astype(np.float32), (nx * STEP, ny * STEP), interpolation=cv2.INTER_LINEAR
    )
    return np.ascontiguousarray(up[:h, :w])


def _colours(rng: random.Random, dark: bool):
    """(paper, ink, link colours by name, a plain table's colour) as RGB in 0..255."""
    if dark:
        paper = np.array([rng.uniform(12, 55)] * 3)
        paper += [rng.uniform(-6, 6) for _ in range(3)]
        ink = np.array([rng.uniform(195, 245)] * 3)
        links = {"ink": ink, "blue": np.array([120, 170, 255.0]), "grey": ink * 0.75}
    else:
        tint = rng.choice(
            ((0, 0, 0), (6, 2, -12), (10, 4, -20), (-4, 0, 6), (-2, 4, -4), (8, -2, -6))
        )
        base = rng.uniform(205, 252)
        paper = np.clip(np.array([base] * 3) + tint, 0, 255)
        ink = np.array([rng.uniform(5, 55)] * 3) + [rng.uniform(-4, 4) for _ in range(3)]
        links = {
            "ink": ink,
            "blue": np.array([rng.uniform(10, 60), rng.uniform(50, 110), rng.uniform(150, 210)]),
            "grey": np.array([rng.uniform(90, 135)] * 3),
        }
    return paper, ink, links, backgrounds.table(rng)


def photograph(
    canvas: Canvas,
    cfg: SimpleNamespace,
    rng: random.Random,
    nrng: np.random.Generator,
    W: int,
    H: int,
    dark: bool,
    partial: bool,
) -> Photo:
    """The canvas as a phone photo of W x H: warped, coloured, lit, blurred and grainy, with
    the boxes of the links whose prefix is visible enough."""
    m = _homography(rng, cfg, canvas, W, H, partial)
    inv = np.linalg.inv(m)
    nx, ny = -(-W // STEP), -(-H // STEP)
    U, V, X, Y = _grid(inv, 0, 0, nx, ny)
    U, V, curl = _curl(canvas, rng, U, V)
    mapx, mapy = _full(U, W, H), _full(V, W, H)
    boxes, dropped = _visible_links(canvas, mapx, mapy, U, V, cfg.min_visible)
    img, ink_cov = _colour(canvas, rng, nrng, dark, mapx, mapy)
    if canvas.screen in ("monitor", "phone"):
        img = _pixel_grid(img, canvas, rng, (mapx, mapy), (U, V))
    img = _light(img, canvas, cfg.lighting, rng, m, U, X, Y, (W, H, nx, ny))
    if canvas.screen and rng.random() < 0.75:
        img = _glare(img, rng, X, Y, (W, H, canvas.screen == "projection"))
    img = _blur(img, cfg.blur, rng)
    img = _grain(img, cfg.noise, rng, nrng, W, H)
    points = [canvas.prefix_points[b[4]] for b in boxes]
    boxes = [b[:4] for b in boxes]
    return Photo(img, boxes, m, curl, ink_cov, dropped, points)


def _curl(canvas: Canvas, rng: random.Random, U: np.ndarray, V: np.ndarray):
    """A book's pages curl towards the spine: the grid bent there, and how much (0 flat)."""
    curl = 0.0
    ch = canvas.ink.shape[0]
    if canvas.spine_x is not None:
        page_w = canvas.page_box[2] - canvas.page_box[0]
        band = page_w * rng.uniform(0.12, 0.25)
        curl = rng.uniform(0.1, 0.35)
        bend = rng.uniform(0.02, 0.07)
        d = U - canvas.spine_x
        t = np.clip(1 - np.abs(d) / band, 0, 1) ** 2
        cy = ch / 2
        U = U + np.sign(d) * curl * band * t
        V = cy + (V - cy) * (1 + bend * t)
    return U, V, curl


def _visible_links(canvas: Canvas, mapx, mapy, U: np.ndarray, V: np.ndarray, min_visible: float):
    """The links whose prefix shows enough in the photo (``_boxes``), and the count dropped."""
    labels = cv2.remap(
        canvas.labels, mapx, mapy, cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT, borderValue=0
    )
    # Photo px per canvas px, at each grid point: to tell how much of a prefix is in the photo.
    du = np.gradient(U, axis=1) / STEP, np.gradient(U, axis=0) / STEP
    dv = np.gradient(V, axis=1) / STEP, np.gradient(V, axis=0) / STEP
    area = 1.0 / np.maximum(np.abs(du[0] * dv[1] - du[1] * dv[0]), 1e-6)
    return _boxes(labels, canvas, area, min_visible)


def _colour(canvas: Canvas, rng: random.Random, nrng, dark: bool, mapx, mapy):
    """The photo's colours on the warped page, and the warped text's coverage (for tests).

    Two stacks of layers, warped together: the paper and its fills, whose colours add up (a
    fill's coverage is already cut where a later one lies on it); then the text: ink, link
    colour, knocked-out text in the paper's colour, and show-through of the mirrored back page.
    On plain paper the text's colours add up too, so one transform makes the page; over fills
    each text layer lies over what is below (alpha compositing). The surface shows where the
    paper's coverage is short of full."""
    paper, ink, links, table = _colours(rng, dark)
    link = links[canvas.style.link_colour]
    if canvas.fade:
        ink = ink + canvas.fade * (paper - ink)
        link = link + canvas.fade * (paper - link)
    show = 0.0 if dark or not canvas.show_through else rng.uniform(0.0, 0.12)
    wb = np.array([rng.uniform(0.93, 1.07), 1.0, rng.uniform(0.93, 1.07)])
    paper, ink, link = paper * wb, ink * wb, link * wb
    ext = canvas.paper if canvas.paper is not None else np.full_like(canvas.ink, 255)
    base = [ext, *(f.cov for f in canvas.fills)]
    base_cols = [paper, *(np.array(f.rgb) * wb - paper for f in canvas.fills)]
    text = [(canvas.ink, ink, 1.0)]  # (coverage, colour, opacity)
    if canvas.style.link_colour != "ink":
        text.append((canvas.colour, link, 1.0))
    if canvas.knock is not None:
        text.append((canvas.knock, paper, 1.0))
    if show > 0.01:
        text.append((np.roll(canvas.ink[:, ::-1], int(canvas.style.size * 0.6), axis=0), ink, show))
    layers = [t[0] for t in text]
    if len(base) + len(layers) <= 4:  # one remap of up to 4 channels is the cheapest
        arr_b = arr_t = _warp(base + layers, mapx, mapy)
        t_off = len(base)
    else:
        arr_b, arr_t, t_off = _warp(base, mapx, mapy), _warp(layers, mapx, mapy), 0
    surface = (canvas.surface, table * wb)
    if canvas.fills:
        img = _paper(arr_b, base_cols, rng, nrng, surface)
        img = _over(img, arr_t, t_off, text)
    else:
        cols = base_cols + [(c - paper) * a for _, c, a in text]
        img = _paper(arr_b, cols, rng, nrng, surface)
    ink_cov = _channel(arr_t, t_off)
    for i in range(1, len(text) - (show > 0.01)):
        ink_cov = np.maximum(ink_cov, _channel(arr_t, t_off + i))
    return img, ink_cov


def _over(img, arr: np.ndarray, off: int, text) -> np.ndarray:
    """Text layers (channels ``off``.. of ``arr``) over ``img``: img (1 - a) + colour a."""
    cover = cv2.transform(arr, _mat(arr, off, [np.array([a * 255.0]) for _, _, a in text]))
    img = cv2.multiply(img, cv2.merge([cv2.bitwise_not(cover)] * 3), scale=1 / 255)
    return cv2.add(img, cv2.transform(arr, _mat(arr, off, [c * a for _, c, a in text])))


def _warp(layers: list[np.ndarray], mapx, mapy) -> np.ndarray:
    src = layers[0] if len(layers) == 1 else cv2.merge(layers)
    return cv2.remap(
        src, mapx, mapy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0
    )


def _channel(arr: np.ndarray, i: int) -> np.ndarray:
    return arr if arr.ndim == 2 else arr[:, :, i]


def _mat(arr: np.ndarray, offset: int, cols: list[np.ndarray], bias=None) -> np.ndarray:
    """A ``cv2.transform`` matrix: ``cols[i]`` (per 255 of coverage) weighs channel
    ``offset + i`` of ``arr``, the other channels nothing; ``bias`` is added."""
    n = 1 if arr.ndim == 2 else arr.shape[2]
    m = np.zeros((len(cols[0]), n + 1))
    for i, c in enumerate(cols):
        m[:, offset + i] = c / 255
    if bias is not None:
        m[:, n] = bias
    return m


def _paper(arr, cols, rng: random.Random, nrng, surface) -> np.ndarray:
    """The page over the surface: ``cols`` weigh ``arr``'s channels from the first, the
    paper's coverage. ``surface``: (the canvas's surface, or "" for the plain table book pages
    lie on; that table's colour). A plain surface folds into the one transform, a texture is
    laid where the paper's coverage is short of full."""
    H, W = arr.shape[:2]
    ext = _channel(arr, 0)
    name, bg = surface
    if name and ext.min() < 255:  # some of the surface shows: make it
        bg = backgrounds.surface(rng, nrng, name, W, H)
    if bg.ndim == 1:
        return cv2.transform(arr, _mat(arr, 0, [cols[0] - bg, *cols[1:]], bias=bg))
    img = cv2.transform(arr, _mat(arr, 0, cols))
    beyond = cv2.merge([cv2.bitwise_not(ext)] * 3)
    return cv2.add(img, cv2.multiply(bg, beyond, scale=1 / 255))


def _pixel_grid(img, canvas: Canvas, rng: random.Random, maps, coarse):
    """A display's pixels on its lit area: red, green and blue stripes with dark gaps between
    rows, at the display's pitch (a few canvas px). The camera samples them with the photo's
    pixels (nearest), so where the two pitches are close, moire bands appear."""
    tile = 12  # px of the pattern per display pixel
    depth = rng.uniform(0.08, 0.25)
    pattern = np.ones((tile, tile, 3), np.float32)
    for c in range(3):  # sub-pixel stripes: R, G, B side by side, a thin gap after each
        pattern[:, : c * 4, c] = pattern[:, c * 4 + 3 :, c] = 1 - depth
    pattern[-2:] = 1 - depth * 1.3  # the gap between rows
    pattern = np.clip(pattern * 255, 0, 255).astype(np.uint8)
    k = np.float32(tile * rng.uniform(9, 16) / canvas.style.size)
    mapx, mapy = maps
    grid = cv2.remap(pattern, mapx * k, mapy * k, cv2.INTER_NEAREST, borderMode=cv2.BORDER_WRAP)
    U, V = coarse  # the display's extent, found on the coarse grid
    x0, y0, x1, y1 = canvas.display
    outside = ((U < x0) | (U >= x1) | (V < y0) | (V >= y1)).astype(np.float32)
    if outside.any():
        H, W = mapx.shape
        off = np.where(_full(outside, W, H) > 0.5, np.uint8(255), np.uint8(0))
        grid = cv2.max(grid, cv2.merge([off, off, off]))
    return cv2.multiply(img, grid, scale=1 / 255)


def _glare(img, rng: random.Random, X, Y, size):
    """A reflection on the screen's glass (or a projector's hot spot, wider and fainter): a
    soft elliptical blob that washes the picture toward white."""
    W, H, wide = size
    cx, cy = rng.uniform(0.1, 0.9) * W, rng.uniform(0.1, 0.9) * H
    sx = W * (rng.uniform(0.25, 0.5) if wide else rng.uniform(0.06, 0.25))
    sy = sx * rng.uniform(0.4, 1.2)
    t = rng.uniform(0, math.pi)
    dx, dy = X - cx, Y - cy
    u, v = dx * math.cos(t) + dy * math.sin(t), -dx * math.sin(t) + dy * math.cos(t)
    amp = rng.uniform(0.15, 0.35) if wide else rng.uniform(0.35, 0.85)
    g = amp * np.exp(-((u / sx) ** 2 + (v / sy) ** 2))
    gf = np.clip(_full(g, W, H) * 255, 0, 255).astype(np.uint8)
    wash = cv2.multiply(cv2.bitwise_not(img), cv2.merge([gf, gf, gf]), scale=1 / 255)
    return cv2.add(img, wash)


def _light(img, canvas: Canvas, lv: float, rng: random.Random, m, U, X, Y, size):
    """Uneven illumination, vignetting and the gutter's shadow (one field, 0..1) on ``img``."""
    W, H, nx, ny = size
    light = np.ones((ny, nx))
    if lv:
        field = np.array([[rng.uniform(1 - lv, 1) for _ in range(3)] for _ in range(3)])
        light *= cv2.resize(field, (nx, ny), interpolation=cv2.INTER_CUBIC)
        rx = (X - W / 2) / (W / 2)
        ry = (Y - H / 2) / (H / 2)
        light *= 1 - rng.uniform(0, lv) * np.clip((rx**2 + ry**2) / 2, 0, 1)
    if canvas.spine_x is not None:
        dist = np.abs(U - canvas.spine_x) * abs(m[0, 0])
        light *= 1 - rng.uniform(0.25, 0.6) * np.exp(-dist / (W * rng.uniform(0.02, 0.06)))
    if lv or canvas.spine_x is not None:
        lf = np.clip(_full(light, W, H) * 255, 0, 255).astype(np.uint8)
        img = cv2.multiply(img, cv2.merge([lf, lf, lf]), scale=1 / 255)
    return img


def _blur(img, blur: float, rng: random.Random):
    """The camera's blur: defocus, or a quarter of the time motion."""
    if not blur:
        return img
    if rng.random() < 0.25:
        length = rng.uniform(1.5, 4 * blur)
        c = int(length)
        k = np.zeros((2 * c + 1, 2 * c + 1), np.float32)
        ang = rng.uniform(0, math.pi)
        dx, dy = math.cos(ang) * length / 2, math.sin(ang) * length / 2
        cv2.line(k, (round(c - dx), round(c - dy)), (round(c + dx), round(c + dy)), 1.0, 1)
        return cv2.filter2D(img, -1, k / k.sum())
    sigma = rng.uniform(0.0, blur)
    return cv2.GaussianBlur(img, (0, 0), sigma) if sigma > 0.3 else img


def _grain(img, noise: float, rng: random.Random, nrng: np.random.Generator, W: int, H: int):
    """Sensor noise: grain of about 2 px, as a phone's demosaicing and denoising leave it."""
    if not noise:
        return img
    sigma = rng.uniform(0.5, noise)
    grain = nrng.standard_normal((-(-H // 2), -(-W // 2)), dtype=np.float32)
    grain = cv2.resize(grain * sigma + 128, (grain.shape[1] * 2, grain.shape[0] * 2))
    g8 = np.clip(grain[:H, :W], 0, 255).astype(np.uint8)
    return cv2.addWeighted(img, 1.0, cv2.merge([g8, g8, g8]), 1.0, -128.0)


def _boxes(labels: np.ndarray, canvas: Canvas, area: np.ndarray, min_visible: float):
    """(prefix box, link box, truncated, url) of each link with enough of its prefix in the
    photo, and how many were dropped. A prefix's visible share is its pixels in the photo over
    its pixels on the canvas times the photo's area per canvas pixel where it lands."""
    urls = canvas.urls
    pts = cv2.findNonZero(labels)
    if pts is None:
        return [], len(urls)
    xs, ys = pts[:, 0, 0], pts[:, 0, 1]
    ids = labels[ys, xs].astype(np.int64)
    order = np.argsort(ids, kind="stable")
    ids, xs, ys = ids[order], xs[order], ys[order]
    bounds = np.searchsorted(ids, np.arange(1, 2 * len(urls) + 2))
    counts = canvas.label_counts
    if counts is None:
        counts = np.bincount(canvas.labels.ravel(), minlength=2 * len(urls) + 3)
    H, W = labels.shape
    out, dropped = [], 0
    for i, url in enumerate(urls):
        a, b, c = bounds[2 * i], bounds[2 * i + 1], bounds[2 * i + 2]
        if b == a:
            dropped += 1
            continue
        gx = min(int(np.median(xs[a:b])) // STEP, area.shape[1] - 1)
        gy = min(int(np.median(ys[a:b])) // STEP, area.shape[0] - 1)
        scale = float(area[gy, gx])
        expected = counts[2 * i + 1] * scale
        if (b - a) < min_visible * expected:
            dropped += 1
            continue
        box = _extent(xs[a:b], ys[a:b])
        link_box = _extent(xs[a:c], ys[a:c])
        cut = (c - a) < 0.9 * (counts[2 * i + 1] + counts[2 * i + 2]) * scale
        cut = cut or _touches(link_box, W, H)
        out.append((box, link_box, bool(cut), url, i))
    return out, dropped


def _touches(box: Box, W: int, H: int) -> bool:
    return box.xmin <= 0 or box.ymin <= 0 or box.xmax >= W or box.ymax >= H


def _extent(x: np.ndarray, y: np.ndarray) -> Box:
    return Box(float(x.min()), float(y.min()), float(x.max() + 1), float(y.max() + 1))
