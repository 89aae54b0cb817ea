"""The exported detector applied to whole photos, the way training saw them: the first step
of reading links, which finds the ``https://`` prefixes the rest of the reader reads beside.

Training saw each photo resized to ``processed.width``, centre-cropped square, greyscale,
brightened and contrasted. A photo is not square, and its links are not all in the centre, so
the detector is run on squares that together cover it (``tiles``: a 1024x1365 page is two
squares overlapping by 683 px; or the squares ``reading/scale.py`` plans for the photo, at the
scale its print needs): each is preprocessed like training did, the detections of each kept
whose centre is nearer to it than to any other square, overlaps merged by NMS and the boxes
mapped back to the image's pixels.

The preprocessing the model was trained with is read from ``links_detector.json``, which the
``saved_model`` stage writes next to the SavedModel; a SavedModel exported elsewhere uses the
``processed`` params instead.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from links_detector.common import images, tf_compat
from links_detector.common.boxes import Box
from links_detector.reading import lite
from links_detector.reading.scale import starts

log = logging.getLogger(__name__)

MODEL_INFO = "links_detector.json"
MODEL_TFLITE = "model.tflite"  # the same detector for TensorFlow Lite, beside MODEL_INFO
DETECT_THREADS = 4  # detector calls at once on a photo's squares (SavedModel)
PREPROCESS_KEYS = ("width", "square_crop", "greyscale", "brightness", "contrast", "sharpness")


class ModelMissing(FileNotFoundError):
    pass


def find_saved_model(model_dir: Path) -> Path:
    """The folder holding ``saved_model.pb``: ``model_dir`` itself or its ``saved_model/``."""
    for cand in (model_dir, model_dir / "saved_model"):
        if (cand / "saved_model.pb").is_file():
            return cand
    raise ModelMissing(
        f"{model_dir}: no exported detector (no saved_model.pb in it or in its saved_model/). "
        "The pipeline's `saved_model` stage makes it: run `dvc repro saved_model` "
        "(or `make repro`), or pass --model DIR with an exported SavedModel."
    )


def model_info(model_dir: Path, fallback: SimpleNamespace) -> SimpleNamespace:
    """The preprocessing the model was trained with (``links_detector.json``, else ``fallback``,
    the ``processed`` params section)."""
    for cand in (model_dir / MODEL_INFO, model_dir.parent / MODEL_INFO):
        if cand.is_file():
            data = json.loads(cand.read_text())["preprocess"]
            return SimpleNamespace(**{k: data[k] for k in PREPROCESS_KEYS})
    return SimpleNamespace(**{k: getattr(fallback, k) for k in PREPROCESS_KEYS})


def find_tflite(model_dir: Path) -> Path | None:
    """``model.tflite`` in ``model_dir`` or beside it (``model_dir`` being the SavedModel's own
    folder), as the ``saved_model`` stage writes it; None when there is none."""
    for cand in (model_dir / MODEL_TFLITE, model_dir.parent / MODEL_TFLITE):
        if cand.is_file():
            return cand
    return None


def lite_input(rgb: np.ndarray) -> np.ndarray:
    """The TFLite model's input from uint8 pixels: SSD MobileNet's preprocessing, (2/255)x - 1,
    which the SavedModel does in its graph and the TFLite export leaves out."""
    return rgb.astype(np.float32) * (2.0 / 255.0) - 1.0


def check_tflite(model_dir: Path, processed: SimpleNamespace) -> None:
    """Raise when the TensorFlow Lite model in ``model_dir`` does not detect what its
    SavedModel detects on a page of printed prefixes (``same_detections``). A wrong input
    scaling or a changed exporter would show here, not later in the reader's figures."""
    page = Image.new("L", (640, 640), 235)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=28)
    for i, text in enumerate(
        ["see https://x.org/a", "http://example.com", "the end. https://a.io"]
    ):
        draw.text((30 + 40 * i, 60 + 180 * i), text, fill=20, font=font)
    image = page.convert("RGB")
    lite, full = (Detector(model_dir, processed, tflite=t).detect(image, 0.0, 1.0) for t in (1, 0))
    problem = same_detections(lite, full, tolerance=640 * 1e-3)
    if problem:
        raise RuntimeError(f"{model_dir / MODEL_TFLITE}: {problem} than its SavedModel")


def same_detections(a, b, k: int = 10, tolerance: float = 1.0) -> str | None:
    """None when detections ``a`` and ``b`` (``Detector.detect``'s boxes and scores) are the
    same: the ``k`` best scores within 1e-3, and each of those boxes within ``tolerance`` px
    of the other's box of the same score (boxes whose score another one shares, within 1e-5,
    are not compared: NMS orders ties as it likes; an untrained model scores all alike). Else
    what differs."""
    (boxes_a, scores_a), (boxes_b, scores_b) = a, b
    n = min(k, len(scores_a), len(scores_b))
    if n < k and len(scores_a) != len(scores_b):
        return f"{len(scores_a)} detections, not {len(scores_b)},"
    sa, sb = np.array(scores_a[:n]), np.array(scores_b[:n])
    if not np.allclose(sa, sb, atol=1e-3):
        return f"other scores ({sa.round(4).tolist()} against {sb.round(4).tolist()})"
    all_a, all_b = np.array(scores_a), np.array(scores_b)
    for box, score in zip(boxes_a[:n], sa, strict=True):
        if (np.abs(all_a - score) < 1e-5).sum() > 1:
            continue
        near = np.flatnonzero(np.abs(all_b - score) < 1e-3)
        if not any(np.abs(np.subtract(box, boxes_b[j])).max() <= tolerance for j in near):
            return f"another box for the detection scoring {score:.4f} ({box})"
    return None


def write_model_info(out_dir: Path, processed: SimpleNamespace) -> None:
    info = {"preprocess": {k: getattr(processed, k) for k in PREPROCESS_KEYS}}
    (out_dir / MODEL_INFO).write_text(json.dumps(info, indent=2) + "\n")


def tiles(width: int, height: int, square: bool, side: int = 0) -> list[tuple[int, int, int]]:
    """(left, top, side) of the squares covering a ``width`` x ``height`` image, evenly spaced
    (one square when it is square, or when ``square`` is off: then the whole image is one tile
    of side 0, meaning "as it is"). The squares' side is the image's short side, as training
    saw them; a smaller ``side`` makes more, smaller squares, rows and columns of them, that
    the detector sees enlarged (small print)."""
    if not square:
        return [(0, 0, 0)]
    side = min(width, height) if side <= 0 else min(side, width, height)
    return [(x, y, side) for y in starts(height, side) for x in starts(width, side)]


def input_size(config: Path) -> tuple[int, int] | None:
    """(width, height) the model resizes every image to (its ``fixed_shape_resizer``), from the
    ``pipeline.config`` exported with it; None when it has none (any size goes in as it is)."""
    if not config.is_file():
        return None
    m = re.search(
        r"fixed_shape_resizer\s*\{\s*height:\s*(\d+)\s*width:\s*(\d+)", config.read_text()
    )
    return (int(m.group(2)), int(m.group(1))) if m else None


def model_resize(pixels: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``pixels`` resized to ``size`` (width, height) as the OD API's ``fixed_shape_resizer``
    does it in the model's graph (TF1's ``resize_images``: bilinear, no antialiasing, source
    pixel = target pixel x scale, no half-pixel shift), so that the model sees the same input.
    Done before the call, it is cheaper than in the graph on a full-size square."""
    h, w = pixels.shape[:2]
    m = np.array([[w / size[0], 0, 0], [0, h / size[1], 0]], np.float64)
    return cv2.warpAffine(
        pixels,
        m,
        size,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> list[int]:
    """Greedy non-maximum suppression; indices kept, best first. Boxes [N, 4] x0, y0, x1, y1."""
    order = list(np.argsort(-scores, kind="stable"))
    keep: list[int] = []
    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    while order:
        i = order.pop(0)
        keep.append(int(i))
        if not order:
            break
        rest = np.array(order)
        x0 = np.maximum(boxes[i, 0], boxes[rest, 0])
        y0 = np.maximum(boxes[i, 1], boxes[rest, 1])
        x1 = np.minimum(boxes[i, 2], boxes[rest, 2])
        y1 = np.minimum(boxes[i, 3], boxes[rest, 3])
        inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
        union = area[i] + area[rest] - inter
        iou = np.where(union > 0, inter / np.maximum(union, 1e-9), 0.0)
        order = [j for j, o in zip(order, iou, strict=True) if o <= iou_threshold]
    return keep


class Detector:
    """``detect(image)``: prefix boxes in ``image``'s pixels and their scores, best first.

    ``image`` is the photo already resized to the working width (``pre.width``)."""

    def __init__(self, model_dir: Path, processed_fallback: SimpleNamespace, tflite: bool = True):

        model_dir = Path(model_dir)
        self.pre = model_info(model_dir, processed_fallback)
        self._threads: ThreadPoolExecutor | None = None
        # the TensorFlow Lite model, when the saved_model stage wrote one: the same detections
        # (``check_tflite``), in a fraction of the time, and no TensorFlow to import
        self.lite = find_tflite(model_dir) if tflite else None
        if self.lite is not None:
            self.path = self.lite
            self._local = threading.local()
            try:
                shape = self._runner().get_input_details()["input"]["shape"]
            except (ValueError, RuntimeError) as e:
                raise ModelMissing(
                    f"{self.lite}: cannot load the TensorFlow Lite model: {e}"
                ) from None
            self.input_px = (int(shape[2]), int(shape[1]))
            return
        self.path = path = find_saved_model(model_dir)
        tf_compat.apply()
        import tensorflow as tf  # deferred: a slow import

        self.tf = tf
        try:
            self.model = tf.saved_model.load(str(path))
        except Exception as e:  # a corrupt or foreign SavedModel
            raise ModelMissing(f"{path}: cannot load the SavedModel: {e}") from None
        self.fn = self.model.signatures.get("serving_default")
        if self.fn is None:
            raise ModelMissing(f"{path}: the SavedModel has no serving_default signature")
        self.input_name = next(iter(self.fn.structured_input_signature[1]))
        self.input_px = input_size(path.parent / "pipeline.config") or input_size(
            path / "pipeline.config"
        )
        self._run(np.zeros((64, 64, 3), np.uint8))  # first call initialises the graph

    def _pool(self) -> ThreadPoolExecutor:
        """Threads that run the detector on several squares at once (a small model leaves
        TensorFlow's own threads idle part of the time, so squares side by side finish sooner
        than one after another; with TensorFlow Lite, one thread per core, each with a
        one-thread interpreter)."""
        if self._threads is None:
            n = DETECT_THREADS if self.lite is None else max(1, os.cpu_count() or 1)
            self._threads = ThreadPoolExecutor(n, thread_name_prefix="detect")
        return self._threads

    @property
    def runtime(self) -> str:
        """``"tflite"`` or ``"saved_model"``: what runs the detector."""
        return "saved_model" if self.lite is None else "tflite"

    @property
    def model_file(self) -> Path:
        return self.path

    def _runner(self):
        """This thread's TensorFlow Lite model (an interpreter may not run on two threads at
        once), one thread each: a two-thread interpreter's threads spin after the call and
        slow the OCR that follows."""
        runner = getattr(self._local, "runner", None)
        if runner is None:
            interpreter = lite.interpreter(self.lite, threads=1)
            self._local.runner = runner = interpreter.get_signature_runner()
        return runner

    def _run(self, rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.lite is not None:
            return self._run_lite(rgb)
        out = self.fn(**{self.input_name: self.tf.convert_to_tensor(rgb[None])})
        n = int(out["num_detections"][0])
        return out["detection_boxes"][0, :n].numpy(), out["detection_scores"][0, :n].numpy()

    def _run_lite(self, rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if rgb.shape[1::-1] != self.input_px:  # the SavedModel resizes in its graph
            rgb = model_resize(rgb, self.input_px)
        out = self._runner()(input=lite_input(rgb)[None])
        n = int(out["output_0"][0])
        boxes = np.clip(out["output_3"][0, :n], 0.0, 1.0)  # (TFLite's op does not clip them)
        return boxes, out["output_1"][0, :n]

    def detect(
        self,
        image: Image.Image,
        score_threshold: float,
        iou_threshold: float,
        tile_px: int = 0,
        squares: list[tuple[int, int, int]] | None = None,
    ) -> tuple[list[Box], list[float]]:
        """Detections in ``image``, seen in ``squares`` (left, top, side; one reaching past the
        border is padded with the photo's median grey there), or when None in the squares of
        side ``tile_px`` that cover it (0: its short side, as training saw them)."""
        w, h = image.size
        if squares is None:
            squares = tiles(w, h, self.pre.square_crop, tile_px)
        inputs = []
        for left, top, side in squares:
            crop = image if side == 0 else _crop(image, left, top, side)
            pixels = np.asarray(images.enhance(crop, self.pre))
            if self.input_px and crop.width > self.input_px[0] and crop.height > self.input_px[1]:
                pixels = model_resize(pixels, self.input_px)
            rgb = np.repeat(pixels[:, :, None], 3, axis=2) if pixels.ndim == 2 else pixels
            inputs.append((rgb, crop.size))
        if len(inputs) > 1:  # TensorFlow keeps two cores busier with calls side by side
            outputs = list(self._pool().map(self._run, [rgb for rgb, _ in inputs]))
        else:
            outputs = [self._run(inputs[0][0])]
        all_boxes, all_scores = [], []
        for (left, top, side), (_, (cw, ch)), (boxes, scores) in zip(
            squares, inputs, outputs, strict=True
        ):
            keep = scores >= score_threshold
            boxes, scores = boxes[keep], scores[keep]
            # normalised ymin, xmin, ymax, xmax in the tile -> x0, y0, x1, y1 in the image
            px = np.stack(
                [
                    boxes[:, 1] * cw + left,
                    boxes[:, 0] * ch + top,
                    boxes[:, 3] * cw + left,
                    boxes[:, 2] * ch + top,
                ],
                axis=1,
            )
            if len(squares) > 1:
                cx, cy = (px[:, 0] + px[:, 2]) / 2, (px[:, 1] + px[:, 3]) / 2
                mine = _nearest_tile(cx, cy, squares) == squares.index((left, top, side))
                px, scores = px[mine], scores[mine]
            all_boxes.append(px)
            all_scores.append(scores)
        boxes = np.concatenate(all_boxes) if all_boxes else np.zeros((0, 4))
        scores = np.concatenate(all_scores) if all_scores else np.zeros(0)
        keep = nms(boxes, scores, iou_threshold) if len(boxes) else []
        return [Box(*map(float, boxes[i])) for i in keep], [float(scores[i]) for i in keep]


def _crop(image: Image.Image, left: int, top: int, side: int) -> Image.Image:
    """The square (left, top, side) of ``image``; where it reaches past the border, the
    median grey of the part inside (flat paper the detector finds nothing on)."""
    w, h = image.size
    if left >= 0 and top >= 0 and left + side <= w and top + side <= h:
        return image.crop((left, top, left + side, top + side))
    inside = image.crop((max(0, left), max(0, top), min(w, left + side), min(h, top + side)))
    fill = tuple(
        int(v) for v in np.median(np.asarray(inside).reshape(-1, len(inside.getbands())), 0)
    )
    square = Image.new(image.mode, (side, side), fill if len(fill) > 1 else fill[0])
    square.paste(inside, (max(0, -left), max(0, -top)))
    return square


def _nearest_tile(cx: np.ndarray, cy: np.ndarray, squares: list[tuple[int, int, int]]):
    """Index of the square whose centre is nearest to each point."""
    centres = np.array([(left + s / 2, top + s / 2) for left, top, s in squares])
    d = (cx[:, None] - centres[None, :, 0]) ** 2 + (cy[:, None] - centres[None, :, 1]) ** 2
    return np.argmin(d, axis=1)
