"""What lies around the paper in a photo: a table, a cloth, a wall, the dark behind a screen.

A page that fills the frame shows little of it: book pages (papers and printed web pages too)
lie on a plain table of one of four colours. A business card, a receipt, a flyer or a screen
shows a lot, and its kind chooses the surface. Surfaces are made in photo space (the camera
composes them where the warped paper is not):
plain desk colours, dark surfaces and walls are one colour (the camera's uneven light and grain
give them life); wood and fabric are textures. A texture is a one-channel pattern mapped to two
colours by one ``cv2.transform``, so it costs a few milliseconds.
"""

from __future__ import annotations

import math
import random

import cv2
import numpy as np

SURFACES = ("wood", "fabric", "desk", "dark", "wall")

_WOODS = ((150, 100, 60), (110, 70, 40), (190, 150, 105), (90, 60, 40), (170, 120, 80))
_CLOTHS = ((60, 70, 110), (120, 40, 45), (70, 90, 70), (150, 150, 150), (40, 40, 45))
_DESKS = ((200, 200, 205), (225, 225, 220), (120, 110, 95), (160, 165, 170), (60, 45, 35))
_DARKS = ((30, 30, 32), (18, 20, 26), (45, 40, 38))
_WALLS = ((215, 210, 200), (190, 195, 200), (225, 220, 205), (170, 170, 165))


def table(rng: random.Random) -> np.ndarray:
    """The plain table a book page lies on: one of four colours (RGB, float)."""
    bg = np.array(rng.choice(((60, 45, 35), (30, 30, 32), (120, 110, 95), (200, 200, 205))))
    return bg + [rng.uniform(-15, 15) for _ in range(3)]


def surface(rng: random.Random, nrng: np.random.Generator, name: str, W: int, H: int) -> np.ndarray:
    """The surface ``name`` (one of SURFACES) at W x H: an RGB colour (shape (3,), float) for
    a plain one, or a uint8 H x W x 3 texture."""
    if name == "wood":
        return _wood(rng, nrng, W, H)
    if name == "fabric":
        return _fabric(rng, nrng, W, H)
    palette = {"desk": _DESKS, "dark": _DARKS, "wall": _WALLS}[name]
    return np.array(rng.choice(palette), float) + [rng.uniform(-12, 12) for _ in range(3)]


def _jitter(rng: random.Random, rgb, spread: float = 15.0) -> np.ndarray:
    return np.clip(np.array(rgb, float) + [rng.uniform(-spread, spread) for _ in range(3)], 0, 255)


def _two_tone(pattern: np.ndarray, light: np.ndarray, dark: np.ndarray) -> np.ndarray:
    """A uint8 pattern (0 = light, 255 = dark) as colours between ``light`` and ``dark``."""
    mat = np.column_stack([(dark - light) / 255, light])
    return cv2.transform(pattern, mat)


def _wood(rng: random.Random, nrng: np.random.Generator, W: int, H: int) -> np.ndarray:
    """Planks of wood: grain lines along one axis that wander slowly, each plank its own tone."""
    along_x = rng.random() < 0.5
    w, h = (W, H) if along_x else (H, W)
    # grain profile across the grain: fine lines of random strength, a few darker rings
    n = h + 64
    profile = nrng.random(n).astype(np.float32)
    profile = cv2.GaussianBlur(profile[None, :], (0, 0), rng.uniform(0.8, 2.0))[0]
    rings = np.sin(np.arange(n, dtype=np.float32) * (2 * math.pi / rng.uniform(15, 60)))
    profile = 0.6 * profile + 0.25 * (rings > 0.6) + 0.15 * nrng.random(n).astype(np.float32)
    # the grain wanders: each row of the photo reads the profile at a slowly shifting place
    warp = nrng.standard_normal((6, 8)).astype(np.float32) * rng.uniform(4, 16)
    shift = cv2.resize(warp, (w, h), interpolation=cv2.INTER_CUBIC)
    idx = np.clip(np.arange(h, dtype=np.float32)[:, None] + shift + 32, 0, n - 1).astype(np.int32)
    pattern = profile[idx]
    plank = rng.uniform(0.2, 0.45) * h
    tone = ((np.arange(h) // plank) % 2).astype(np.float32)[:, None] * rng.uniform(0.0, 0.25)
    pattern = np.clip((pattern * 0.75 + tone) * 255, 0, 255).astype(np.uint8)
    if not along_x:
        pattern = np.ascontiguousarray(pattern.T)
    light = _jitter(rng, rng.choice(_WOODS), 8.0)
    return _two_tone(pattern, light, light * rng.uniform(0.45, 0.7))


def _fabric(rng: random.Random, nrng: np.random.Generator, W: int, H: int) -> np.ndarray:
    """Woven cloth: a fine weave of threads and a mottled, noisy tone."""
    period = rng.uniform(3.0, 7.0)
    x = np.cos(np.arange(W, dtype=np.float32) * (2 * math.pi / period))
    y = np.cos(np.arange(H, dtype=np.float32) * (2 * math.pi / period))
    weave = np.add.outer(y, x) * np.float32(0.25) + np.float32(0.5)
    grain = nrng.random(((H + 1) // 2, (W + 1) // 2), dtype=np.float32)
    grain = cv2.resize(grain, (grain.shape[1] * 2, grain.shape[0] * 2))[:H, :W]
    mottle = cv2.resize(nrng.random((5, 4), dtype=np.float32), (W, H))
    pattern = 0.35 * weave + 0.35 * grain + 0.3 * mottle
    pattern = np.clip(pattern * 255, 0, 255).astype(np.uint8)
    light = _jitter(rng, rng.choice(_CLOTHS))
    return _two_tone(pattern, light, light * rng.uniform(0.55, 0.8))
