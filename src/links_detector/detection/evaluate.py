"""The ``evaluate`` stage: COCO detection metrics on ``test.record``, with the OD API's evaluator.

The trained checkpoint is restored into the model its saved ``pipeline.config`` describes and
run on every test image once. Its detections go to the OD API's ``CocoDetectionEvaluator`` (mAP,
mAP@0.5, mAP@0.75, AR@100) and to a greedy IoU matcher that gives precision and recall at the
score threshold the link reader uses, and the precision-recall curve over all thresholds.

Per kind of photo (``book``, ``card``, ...: the labels CSV's ``kind`` column), the same images'
detections also go to one more ``CocoDetectionEvaluator`` per kind, so that a layout the detector
misses shows up instead of being averaged away: ``by_kind`` in metrics.json, with each kind's
image and label counts and its AP@0.5, which is left out for a kind with nothing labelled.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
from tqdm import tqdm

from links_detector import CLASS_ID, CLASS_NAME
from links_detector.common import tf_compat, tracking
from links_detector.common.atomic import atomic_dir
from links_detector.common.matching import match
from links_detector.dataset import labels
from links_detector.dataset.tfrecords import iterate

log = logging.getLogger(__name__)

COCO_KEYS = {
    "DetectionBoxes_Precision/mAP": "mAP",
    "DetectionBoxes_Precision/mAP@.50IOU": "mAP@0.5",
    "DetectionBoxes_Precision/mAP@.75IOU": "mAP@0.75",
    "DetectionBoxes_Recall/AR@100": "AR@100",
}
AP50_KEY = "DetectionBoxes_Precision/mAP@.50IOU"
NO_KIND = "none"  # the by_kind key of images of no kind (a photo labelled in LabelImg)


def load_detector(checkpoint_dir: Path):
    """A ``detect(uint8 image [H, W, 3]) -> (boxes [N, 4] normalised ymin,xmin,ymax,xmax,
    scores [N])`` function from the latest checkpoint in ``checkpoint_dir``."""
    tf_compat.apply()
    import tensorflow as tf  # deferred: a slow import
    from object_detection.builders import model_builder  # deferred: a slow import
    from object_detection.utils import config_util  # deferred: a slow import

    configs = config_util.get_configs_from_pipeline_file(str(checkpoint_dir / "pipeline.config"))
    model = model_builder.build(model_config=configs["model"], is_training=False)
    latest = tf.train.latest_checkpoint(str(checkpoint_dir))
    if latest is None:
        raise FileNotFoundError(f"{checkpoint_dir}: no checkpoint; run `dvc repro train`")
    tf.train.Checkpoint(model=model).restore(latest).expect_partial()

    @tf.function
    def _detect(image):
        prep, shapes = model.preprocess(tf.cast(image, tf.float32))
        return model.postprocess(model.predict(prep, shapes), shapes)

    def detect(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        d = _detect(tf.convert_to_tensor(image[None]))
        n = int(d["num_detections"][0])
        return d["detection_boxes"][0, :n].numpy(), d["detection_scores"][0, :n].numpy()

    return detect


def pr_curve(scores: np.ndarray, hits: np.ndarray, n_gt: int, points: int = 200) -> list[dict]:
    order = np.argsort(-scores)
    s, h = scores[order], hits[order]
    tp = np.cumsum(h)
    precision = tp / np.arange(1, len(h) + 1)
    recall = tp / max(n_gt, 1)
    idx = np.unique(np.linspace(0, len(h) - 1, min(points, len(h))).astype(int)) if len(h) else []
    return [
        {
            "threshold": round(float(s[i]), 5),
            "precision": round(float(precision[i]), 5),
            "recall": round(float(recall[i]), 5),
        }
        for i in idx
    ]


def _coco_evaluator():
    from object_detection.metrics.coco_evaluation import (
        CocoDetectionEvaluator,  # deferred: a slow import
    )

    return CocoDetectionEvaluator([{"id": CLASS_ID, "name": CLASS_NAME}])


def _add_image(evaluator, key: str, gt: np.ndarray, boxes: np.ndarray, scores: np.ndarray):
    """Give one image's labels and detections (pixels, ymin,xmin,ymax,xmax) to a COCO evaluator."""
    from object_detection.core.standard_fields import (
        DetectionResultFields as D,  # deferred: a slow import
    )
    from object_detection.core.standard_fields import (
        InputDataFields as I,  # deferred: a slow import
    )

    evaluator.add_single_ground_truth_image_info(
        key,
        {
            I.groundtruth_boxes: gt.astype(np.float32),
            I.groundtruth_classes: np.full(len(gt), CLASS_ID, np.int32),
        },
    )
    evaluator.add_single_detected_image_info(
        key,
        {
            D.detection_boxes: boxes.astype(np.float32),
            D.detection_scores: scores,
            D.detection_classes: np.full(len(boxes), CLASS_ID, np.int32),
        },
    )


@dataclass
class _Subset:
    """The images of one kind: their own COCO evaluator, so AP@0.5 is the same computation as
    the split's, only over fewer images."""

    evaluator: Any
    images: int = 0
    objects: int = 0

    def summary(self) -> dict:
        """test_images and test_objects (the split's key names), and mAP@0.5 only where there
        are labels to find: COCO's -1 for "nothing to find" would read as a score."""
        out = {"test_images": self.images, "test_objects": self.objects}
        if self.objects:
            with contextlib.redirect_stdout(io.StringIO()):  # pycocotools prints its table
                coco = self.evaluator.evaluate()
            out["mAP@0.5"] = round(float(coco[AP50_KEY]), 5)
        return out


def kind_key(kind: str) -> str:
    """The ``by_kind`` key of a kind: the kind itself, or NO_KIND for an image of no kind."""
    return kind or NO_KIND


def score_examples(
    detect,
    examples,
    cfg: SimpleNamespace,
    desc: str,
    kinds: dict[str, str] | None = None,
    source: str = "examples",
) -> tuple[dict, list]:
    """COCO metrics and precision/recall at the threshold of ``detect`` on decoded examples
    (``iterate``'s dicts), and the precision-recall curve. With ``kinds`` (file name -> kind,
    from the labels CSV), also ``by_kind``: each kind's image and label counts and AP@0.5.
    ``desc`` labels the progress bar, ``source`` (the record) the errors."""
    evaluator = _coco_evaluator()
    subsets: dict[str, _Subset] = {}
    all_scores, all_hits = [], []
    n_gt = tp_at = det_at = n_images = 0
    times: list[float] = []
    for ex in tqdm(examples, desc=desc, unit="image", disable=None):
        image, key = ex["image"], ex["source_id"].decode()
        h, w = image.shape[:2]
        scale = np.array([h, w, h, w], np.float32)
        gt = ex["groundtruth_boxes"] * scale
        t0 = time.perf_counter()
        boxes, scores = detect(image)
        times.append(time.perf_counter() - t0)
        boxes = boxes * scale
        _add_image(evaluator, key, gt, boxes, scores)
        if kinds is not None:
            if key not in kinds:
                raise ValueError(f"{source}: {key} is not in the labels; `dvc repro tfrecords`")
            sub = subsets.setdefault(kind_key(kinds[key]), _Subset(_coco_evaluator()))
            _add_image(sub.evaluator, key, gt, boxes, scores)
            sub.images, sub.objects = sub.images + 1, sub.objects + len(gt)
        hits = match(gt, boxes, scores, cfg.iou_threshold)
        all_scores.append(np.sort(scores)[::-1])
        all_hits.append(hits)
        keep = scores >= cfg.score_threshold
        kept_hits = match(gt, boxes[keep], scores[keep], cfg.iou_threshold)
        tp_at, det_at, n_gt = tp_at + int(kept_hits.sum()), det_at + int(keep.sum()), n_gt + len(gt)
        n_images += 1
    if n_images == 0:
        raise ValueError(f"{source}: no images")
    with contextlib.redirect_stdout(io.StringIO()):  # pycocotools prints its table
        coco = evaluator.evaluate()
    metrics = {name: round(float(coco[key]), 5) for key, name in COCO_KEYS.items()}
    metrics.update(
        {
            "precision@threshold": round(tp_at / det_at, 5) if det_at else 0.0,
            "recall@threshold": round(tp_at / n_gt, 5) if n_gt else 0.0,
            "score_threshold": cfg.score_threshold,
            "test_images": n_images,
            "test_objects": n_gt,
            "detect_ms_median": round(1000 * float(np.median(times)), 1),  # first call traces
        }
    )
    if kinds is not None:
        metrics["by_kind"] = {k: subsets[k].summary() for k in sorted(subsets)}
    curve = pr_curve(np.concatenate(all_scores), np.concatenate(all_hits), n_gt)
    return metrics, curve


def score_record(
    detect, record: Path, cfg: SimpleNamespace, desc: str, kinds: dict[str, str] | None = None
) -> tuple[dict, list]:
    """``score_examples`` on one .record file."""
    return score_examples(detect, iterate(record), cfg, desc, kinds, source=str(record))


def kind_table(by_kind: dict[str, dict]) -> str:
    """The per-kind figures as a small text table for the log; "-" where AP is omitted."""
    lines = [f"  {'kind':<12} {'images':>7} {'prefixes':>9} {'AP@0.5':>7}"]
    for kind, m in by_kind.items():
        ap = f"{m['mAP@0.5']:.3f}" if "mAP@0.5" in m else "-"
        lines.append(f"  {kind:<12} {m['test_images']:>7} {m['test_objects']:>9} {ap:>7}")
    return "\n".join(lines)


def run(
    checkpoint_dir: Path,
    test_record: Path,
    out_dir: Path,
    run_file: Path,
    params: SimpleNamespace,
    labels_dir: Path,
) -> dict:
    """Score ``test_record`` and, when a non-empty heldout.record sits beside it, the held-out
    styles too (under the ``heldout`` key of metrics.json). Each image's kind comes from
    test.csv and heldout.csv in ``labels_dir`` (the labels the records were written from)."""
    cfg = params.evaluate
    detect = load_detector(checkpoint_dir)
    metrics, curve = score_record(
        detect, test_record, cfg, "evaluate", labels.kinds(labels_dir / "test.csv")
    )
    heldout_record = test_record.parent / "heldout.record"
    held_curve = None
    if heldout_record.exists() and heldout_record.stat().st_size:
        metrics["heldout"], held_curve = score_record(
            detect,
            heldout_record,
            cfg,
            "evaluate (held-out styles)",
            labels.kinds(labels_dir / "heldout.csv"),
        )
    with atomic_dir(out_dir) as tmp:
        (tmp / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
        (tmp / "pr_curve.json").write_text(json.dumps(curve, indent=1) + "\n")
        if held_curve is not None:
            (tmp / "pr_curve_heldout.json").write_text(json.dumps(held_curve, indent=1) + "\n")
    run = tracking.Run(params.mlflow, run_file)
    run.metrics({f"eval/{k}": v for k, v in tracking.flatten(metrics).items()})
    run.artifact(out_dir / "pr_curve.json", "evaluate")
    log.info(
        "evaluate: %d test images, %d prefixes: mAP %.3f, mAP@0.5 %.3f, mAP@0.75 %.3f, "
        "AR@100 %.3f; at score %.2f precision %.3f recall %.3f (median %.0f ms/image) -> %s",
        metrics["test_images"],
        metrics["test_objects"],
        metrics["mAP"],
        metrics["mAP@0.5"],
        metrics["mAP@0.75"],
        metrics["AR@100"],
        cfg.score_threshold,
        metrics["precision@threshold"],
        metrics["recall@threshold"],
        metrics["detect_ms_median"],
        out_dir,
    )
    if "heldout" in metrics:
        h = metrics["heldout"]
        log.info(
            "evaluate: held-out styles, %d images, %d prefixes: mAP %.3f, mAP@0.5 %.3f; at score "
            "%.2f precision %.3f recall %.3f",
            h["test_images"],
            h["test_objects"],
            h["mAP"],
            h["mAP@0.5"],
            cfg.score_threshold,
            h["precision@threshold"],
            h["recall@threshold"],
        )
    log.info("evaluate: per kind, test split\n%s", kind_table(metrics["by_kind"]))
    if "heldout" in metrics:
        log.info(
            "evaluate: per kind, held-out styles\n%s", kind_table(metrics["heldout"]["by_kind"])
        )
    return metrics
