"""Render ``pipeline.config.tmpl`` from params and parse it into the OD API's protobuf.

Every ``${name}`` in the template is filled from the ``train`` params section (plus the label
map and TFRecord paths, and ``num_classes`` counted from the label map). A placeholder left
unfilled or a value of the wrong kind is a ``ParamsError`` naming the ``train.<key>``; rendered
text the OD API cannot parse (a broken template) is a ``ParamsError`` naming the template line.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from types import SimpleNamespace

from links_detector.config.params import ParamsError

AUGMENTATIONS = {
    "crop": """random_crop_image {
      min_object_covered: 0.0
      min_aspect_ratio: 0.75
      max_aspect_ratio: 3.0
      min_area: 0.75
      max_area: 1.0
      overlap_thresh: 0.0
    }""",
    "brightness": "random_adjust_brightness {\n      max_delta: 0.2\n    }",
    "contrast": "random_adjust_contrast {\n      min_delta: 0.8\n      max_delta: 1.25\n    }",
    "horizontal_flip": "random_horizontal_flip {\n    }",
}


def count_classes(label_map: str | Path) -> int:
    text = Path(label_map).read_text(encoding="utf-8")
    n = len(re.findall(r"^\s*item\s*\{", text, re.M))
    if n == 0:
        raise ParamsError(f"{label_map}: no `item {{ ... }}` entries")
    return n


def _int(key: str, v) -> str:
    if isinstance(v, bool) or not isinstance(v, int):
        raise ParamsError(f"train.{key}: expected an integer for the pipeline config, got {v!r}")
    return str(v)


def _float(key: str, v) -> str:
    if isinstance(v, bool) or not isinstance(v, int | float) or v != v:
        raise ParamsError(f"train.{key}: expected a number for the pipeline config, got {v!r}")
    return repr(float(v))


def _path(key: str, v: str) -> str:
    if any(c in str(v) for c in '"\\\n'):
        raise ParamsError(
            f"{key}: {v!r} cannot be written into the pipeline config (quote, backslash or newline)"
        )
    return str(v)


def values(
    train: SimpleNamespace,
    label_map: str,
    train_record: str,
    test_record: str,
    fine_tune_checkpoint: str | None,
) -> dict[str, str]:
    """The template's placeholders -> text, each checked and formatted from its params key."""
    fine_tune = ""
    if fine_tune_checkpoint:
        ckpt = _path("train.fine_tune_checkpoint", fine_tune_checkpoint)
        fine_tune = (
            f'  fine_tune_checkpoint: "{ckpt}"\n'
            '  fine_tune_checkpoint_type: "detection"\n'
            "  fine_tune_checkpoint_version: V2"
        )
    unknown = [a for a in train.augmentations if a not in AUGMENTATIONS]
    if unknown:
        raise ParamsError(
            f"train.augmentations: unknown {unknown[0]!r}; choose from {', '.join(AUGMENTATIONS)}"
        )
    return {
        "num_classes": str(count_classes(label_map)),
        "image_size": _int("image_size", train.image_size),
        "depth_multiplier": _float("depth_multiplier", train.depth_multiplier),
        "fpn_depth": _int("fpn_depth", train.fpn_depth),
        "anchor_scale": _float("anchor_scale", train.anchor_scale),
        "anchor_aspect_ratios": "\n".join(
            f"        aspect_ratios: {_float('anchor_aspect_ratios', r)}"
            for r in train.anchor_aspect_ratios
        ),
        "batch_size": _int("batch_size", train.batch_size),
        "steps": _int("steps", train.steps),
        "learning_rate": _float("learning_rate", train.learning_rate),
        "warmup_learning_rate": _float("warmup_learning_rate", train.warmup_learning_rate),
        "warmup_steps": _int("warmup_steps", train.warmup_steps),
        "gradient_clipping": (
            f"  gradient_clipping_by_norm: {_float('gradient_clip_norm', train.gradient_clip_norm)}"
            if train.gradient_clip_norm > 0
            else ""
        ),
        "augmentation": "\n".join(
            f"  data_augmentation_options {{\n    {AUGMENTATIONS[a]}\n  }}"
            for a in train.augmentations
        ),
        "score_threshold": _float("score_threshold", train.score_threshold),
        "nms_iou_threshold": _float("nms_iou_threshold", train.nms_iou_threshold),
        "max_detections": _int("max_detections", train.max_detections),
        "max_boxes": str(max(100, train.max_detections)),
        "fine_tune": fine_tune,
        "label_map": _path("label map path", label_map),
        "train_record": _path("train record path", train_record),
        "test_record": _path("test record path", test_record),
    }


def render(template: str, vals: dict[str, str]) -> str:
    tmpl = string.Template(template)
    missing = [m for m in tmpl.get_identifiers() if m not in vals]
    if missing:
        raise ParamsError(f"pipeline.config.tmpl: no value for ${{{missing[0]}}}")
    return tmpl.substitute(vals)


def parse(text: str):
    """Parse rendered text into the OD API's TrainEvalPipelineConfig protobuf."""
    from google.protobuf import text_format  # deferred: a slow import
    from object_detection.protos import pipeline_pb2  # deferred: a slow import

    cfg = pipeline_pb2.TrainEvalPipelineConfig()
    try:
        text_format.Merge(text, cfg)
    except text_format.ParseError as e:
        raise ParamsError(
            f"pipeline.config.tmpl: the rendered config does not parse: {e}"
        ) from None
    return cfg
