"""Matching detections to labelled boxes by IoU (COCO-style, greedy by score)."""

from __future__ import annotations

import numpy as np


def iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairwise IoU of boxes [N, 4] and [M, 4] (any consistent corner order)."""
    y0 = np.maximum(a[:, None, 0], b[None, :, 0])
    x0 = np.maximum(a[:, None, 1], b[None, :, 1])
    y1 = np.minimum(a[:, None, 2], b[None, :, 2])
    x1 = np.minimum(a[:, None, 3], b[None, :, 3])
    inter = np.clip(y1 - y0, 0, None) * np.clip(x1 - x0, 0, None)
    area = lambda r: (r[:, 2] - r[:, 0]) * (r[:, 3] - r[:, 1])  # noqa: E731
    union = area(a)[:, None] + area(b)[None, :] - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-12), 0.0)


def match(gt: np.ndarray, boxes: np.ndarray, scores: np.ndarray, thr: float) -> np.ndarray:
    """For each detection (in descending score order): 1 if it matches an unmatched label."""
    order = np.argsort(-scores)
    hit = np.zeros(len(scores), np.int8)
    if len(gt) == 0 or len(boxes) == 0:
        return hit[order]
    ious = iou(boxes[order], gt)
    taken = np.zeros(len(gt), bool)
    for i, row in enumerate(ious):
        row = np.where(taken, -1.0, row)
        j = int(np.argmax(row))
        if row[j] >= thr:
            taken[j], hit[i] = True, 1
    return hit
