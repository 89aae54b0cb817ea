"""Axis-aligned boxes in pixel-edge coordinates, and the geometric transforms of preprocessing.

A box is ``(xmin, ymin, xmax, ymax)`` with ``xmin < xmax`` and ``ymin < ymax``; a pixel column x
covers [x, x+1), so a box around columns 10..19 is ``(10, y0, 20, y1)``. Every transform here maps
boxes exactly as the matching Pillow operation maps pixels (tests check this pixel by pixel).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from PIL import Image


class Box(NamedTuple):
    xmin: float
    ymin: float
    xmax: float
    ymax: float

    @property
    def width(self) -> float:
        return self.xmax - self.xmin

    @property
    def height(self) -> float:
        return self.ymax - self.ymin

    @property
    def area(self) -> float:
        return max(0.0, self.width) * max(0.0, self.height)

    def scale(self, sx: float, sy: float) -> Box:
        return Box(self.xmin * sx, self.ymin * sy, self.xmax * sx, self.ymax * sy)

    def shift(self, dx: float, dy: float) -> Box:
        return Box(self.xmin + dx, self.ymin + dy, self.xmax + dx, self.ymax + dy)

    def clip(self, width: float, height: float) -> Box:
        return Box(
            min(max(self.xmin, 0.0), width),
            min(max(self.ymin, 0.0), height),
            min(max(self.xmax, 0.0), width),
            min(max(self.ymax, 0.0), height),
        )

    def rounded(self) -> Box:
        """Integer pixel edges that contain the box (floor the mins, ceil the maxes)."""
        return Box(
            math.floor(self.xmin + 1e-6),
            math.floor(self.ymin + 1e-6),
            math.ceil(self.xmax - 1e-6),
            math.ceil(self.ymax - 1e-6),
        )


def problem(box: Box, width: int, height: int) -> tuple[str, str] | None:
    """Why ``box`` cannot be used on a ``width`` x ``height`` image: ``(reason, message)``.

    None when it can. A box that merely sticks out of the image is usable (it gets clipped);
    one that is inverted, has zero area, or lies wholly outside the image is not.
    """
    coords = "(" + ", ".join(f"{v:g}" for v in box) + ")"
    if not all(math.isfinite(v) for v in box):
        return "non-finite box", f"non-finite coordinates {coords}"
    if box.xmax < box.xmin or box.ymax < box.ymin:
        return "inverted box", f"inverted box {coords} (max < min)"
    if box.area == 0:
        return "zero-area box", f"zero-area box {coords}"
    if box.clip(width, height).area == 0:
        return "box outside image", f"box {coords} lies outside the {width}x{height} image"
    return None


# EXIF orientation tag value -> the Pillow transpose that ImageOps.exif_transpose applies.
EXIF_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def transpose(box: Box, method: Image.Transpose, width: int, height: int) -> Box:
    """Map ``box`` on a ``width`` x ``height`` image through ``Image.transpose(method)``."""
    x0, y0, x1, y1 = box
    w, h = width, height
    T = Image.Transpose
    if method == T.FLIP_LEFT_RIGHT:
        return Box(w - x1, y0, w - x0, y1)
    if method == T.FLIP_TOP_BOTTOM:
        return Box(x0, h - y1, x1, h - y0)
    if method == T.ROTATE_180:
        return Box(w - x1, h - y1, w - x0, h - y0)
    if method == T.ROTATE_90:  # counter-clockwise: (x, y) -> (y, w - x)
        return Box(y0, w - x1, y1, w - x0)
    if method == T.ROTATE_270:  # clockwise: (x, y) -> (h - y, x)
        return Box(h - y1, x0, h - y0, x1)
    if method == T.TRANSPOSE:  # (x, y) -> (y, x)
        return Box(y0, x0, y1, x1)
    if method == T.TRANSVERSE:  # (x, y) -> (h - y, w - x)
        return Box(h - y1, w - x1, h - y0, w - x0)
    raise ValueError(f"unknown transpose method {method!r}")


def transposed_size(method: Image.Transpose | None, width: int, height: int) -> tuple[int, int]:
    T = Image.Transpose
    if method in (T.ROTATE_90, T.ROTATE_270, T.TRANSPOSE, T.TRANSVERSE):
        return height, width
    return width, height
