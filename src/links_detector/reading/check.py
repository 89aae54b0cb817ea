"""The prefix check at inference: a small CNN that says, from a doubtful detection's pixels
alone, whether Tesseract's quick look (``recognize.looks_like_prefix``) would read ``http(s)://``
in it. In the reading pipeline it sits between the detector and the OCR.

The reader gives detections scored between ``links.candidate_threshold`` and
``links.score_threshold`` that quick look before reading their whole line. The look levels,
fits and OCRs the line, and on a page of small print there are many such detections,
nearly all false. The check scores a detection's 16x64 patch far faster, and only those it
scores at ``links.check_threshold`` or more get the Tesseract look.

``PrefixCheck`` runs the TensorFlow Lite file the ``check`` stage writes
(``evaluation.check_training``); ``features`` makes its inputs, for training and inference alike.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from links_detector.common.boxes import Box
from links_detector.reading import lite

PATCH_H, PATCH_W = 16, 64  # a printed https:// is about 4:1; 8 px a letter
# the patch reaches this share of the box's width and height beyond it (a box sits off its text)
PAD_X, PAD_Y = 0.15, 0.3
MODEL_FILE = "model.tflite"


def _crop(grey: np.ndarray, box: Box) -> np.ndarray:
    """The detection's pixels and a margin, resized to 16x64 (uint8; all 0 off the page)."""
    H, W = grey.shape
    bw, bh = box.xmax - box.xmin, box.ymax - box.ymin
    x0, x1 = int(max(0, box.xmin - PAD_X * bw)), int(min(W, np.ceil(box.xmax + PAD_X * bw)))
    y0, y1 = int(max(0, box.ymin - PAD_Y * bh)), int(min(H, np.ceil(box.ymax + PAD_Y * bh)))
    crop = grey[y0:y1, x0:x1]
    if crop.size == 0:
        return np.zeros((PATCH_H, PATCH_W), np.uint8)
    return cv2.resize(crop, (PATCH_W, PATCH_H), interpolation=cv2.INTER_AREA)


def patches(grey: np.ndarray, boxes: list[Box]) -> np.ndarray:
    """The detections' pixels (and a margin) as 16x64 float32 patches [N, 16, 64]: paper 0, ink
    positive (light-on-dark pages flipped), scaled by each patch's contrast."""
    if not boxes:
        return np.zeros((0, PATCH_H, PATCH_W), np.float32)
    c = np.stack([_crop(grey, b) for b in boxes]).astype(np.float32)
    lo, med, hi = (q[:, None, None] for q in np.percentile(c.reshape(len(c), -1), (2, 50, 98), 1))
    v = (c - med) / np.maximum(hi - lo, 10.0)
    return np.where(med > (lo + hi) / 2, -v, v)  # dark ink on light paper: ink positive


def patch(grey: np.ndarray, box: Box) -> np.ndarray:
    """``patches`` of one box: [16, 64]."""
    return patches(grey, [box])[0]


def features(grey: np.ndarray, boxes: list[Box], scores: list[float]):
    """The network's two inputs for ``boxes``: patches [N, 16, 64, 1] and log scores [N, 1]."""
    s = np.log(np.maximum(np.asarray(scores, np.float32), 1e-6))[:, None]
    return patches(grey, boxes)[..., None], s.astype(np.float32)


class PrefixCheck:
    """The trained check (TensorFlow Lite, one thread): ``probability(grey, boxes, scores)``."""

    def __init__(self, path: Path):
        path = Path(path)
        if path.is_dir():
            path = path / MODEL_FILE
        if not path.is_file():
            raise FileNotFoundError(
                f"{path}: no prefix check (the pipeline's `check` stage writes it: dvc repro check)"
            )

        try:
            self.lite = lite.interpreter(path, threads=1)
            ins = self.lite.get_input_details()
            self.patch_in = next(d["index"] for d in ins if len(d["shape"]) == 4)
            self.score_in = next(d["index"] for d in ins if len(d["shape"]) == 2)
            (out,) = self.lite.get_output_details()
            self.out = out["index"]
            if list(ins[0]["shape"][1:]) not in ([PATCH_H, PATCH_W, 1], [1]):
                raise ValueError(f"inputs {[list(d['shape']) for d in ins]}")
        except (ValueError, RuntimeError, StopIteration) as e:
            raise ValueError(f"{path}: not a prefix check written by the check stage ({e})") from e
        self.path = path
        self._batch = 0

    def run(self, patches: np.ndarray, log_scores: np.ndarray) -> np.ndarray:
        """Probabilities [N] for ``features``' outputs."""
        n = len(patches)
        if n == 0:
            return np.zeros(0, np.float32)
        if n != self._batch:
            self.lite.resize_tensor_input(self.patch_in, [n, PATCH_H, PATCH_W, 1])
            self.lite.resize_tensor_input(self.score_in, [n, 1])
            self.lite.allocate_tensors()
            self._batch = n
        self.lite.set_tensor(self.patch_in, np.ascontiguousarray(patches, np.float32))
        self.lite.set_tensor(self.score_in, np.ascontiguousarray(log_scores, np.float32))
        self.lite.invoke()
        return self.lite.get_tensor(self.out)[:, 0].copy()

    def probability(self, grey: np.ndarray, boxes: list[Box], scores: list[float]) -> np.ndarray:
        return self.run(*features(grey, boxes, scores))
