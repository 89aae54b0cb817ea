"""Load ``params.yaml`` and check it against a schema before any stage does work.

An unknown section or key, a missing key, a wrong type or an out-of-range value raises
ParamsError with a message that names the key, e.g.
``params.yaml: raw.num_images: must be >= 1, got 0``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

# The page generator's choices, named here so that params are checked before any stage runs;
# ``synth.fonts.FAMILIES``, ``synth.page`` and ``synth.kinds`` use these names (tests keep them
# the same). A layout family is the kind of printed thing a photo shows: book pages (``book``,
# ``columns``, ``list``, ``references``), business cards, flyers, receipts, scientific papers,
# printed web pages and screens.
LAYOUTS = (
    "book", "columns", "list", "references",
    "card", "flyer", "receipt", "paper", "webpage", "screen",
)  # fmt: skip
FONT_FAMILIES = (
    "dejavu-serif", "dejavu-sans", "dejavu-mono",
    "liberation-serif", "liberation-sans", "liberation-mono",
    "free-serif", "free-sans", "free-mono",
    "eb-garamond", "libertine", "biolinum",
    "nimbus-roman", "century-c059", "palatino-p052", "bookman", "nimbus-sans", "nimbus-mono",
)  # fmt: skip


class ParamsError(ValueError):
    pass


@dataclass(frozen=True)
class Spec:
    type: type  # int, float, bool, str, list (of str) or dict (shares: name -> number)
    min: float | None = None
    max: float | None = None
    choices: tuple | None = None  # allowed values (for lists: allowed items; dicts: names)
    item_type: type = str  # for lists: the type of each item (min/max apply to items)
    allow_empty: bool = False  # for lists

    @property
    def type_name(self) -> str:
        return self.type.__name__


SCHEMA: dict[str, dict[str, Spec]] = {
    "base": {
        "seed": Spec(int, 0, 2**31 - 1),
        "workers": Spec(int, 0, 256),
    },
    "raw": {
        "num_images": Spec(int, 1, 1_000_000),
        "heldout_images": Spec(int, 0, 1_000_000),
        "width": Spec(int, 64, 8192),
        "height": Spec(int, 64, 8192),
        "links_min": Spec(int, 0, 10_000),
        "links_max": Spec(int, 0, 10_000),
        "http_ratio": Spec(float, 0.0, 1.0),
        "fonts": Spec(list, choices=FONT_FAMILIES),
        "layouts": Spec(dict, 0.0, 1e6, choices=LAYOUTS),
        "heldout_fonts": Spec(list, choices=FONT_FAMILIES),
        "heldout_layouts": Spec(list, choices=LAYOUTS),
        "font_px_min": Spec(int, 6, 400),
        "font_px_max": Spec(int, 6, 400),
        "rotation_deg": Spec(float, 0.0, 45.0),
        "perspective": Spec(float, 0.0, 0.3),
        "curvature": Spec(float, 0.0, 1.0),
        "partial_ratio": Spec(float, 0.0, 1.0),
        "lighting": Spec(float, 0.0, 0.9),
        "blur": Spec(float, 0.0, 10.0),
        "noise": Spec(float, 0.0, 100.0),
        "dark_ratio": Spec(float, 0.0, 1.0),
        "jpeg_quality_min": Spec(int, 1, 100),
        "jpeg_quality_max": Spec(int, 1, 100),
        "min_visible": Spec(float, 0.0, 1.0),
        "contact_sheet": Spec(int, 0, 64),
    },
    "processed": {
        "width": Spec(int, 32, 8192),
        "square_crop": Spec(bool),
        "greyscale": Spec(bool),
        "brightness": Spec(float, 0.0, 10.0),
        "contrast": Spec(float, 0.0, 10.0),
        "sharpness": Spec(float, 0.0, 10.0),
        "min_visible": Spec(float, 0.0, 1.0),
        "jpeg_quality": Spec(int, 1, 100),
    },
    "labels": {
        "train_ratio": Spec(float, 0.0, 1.0),
        "test_ratio": Spec(float, 0.0, 1.0),
    },
    "tfrecords": {
        "preview_images": Spec(int, 0, 64),
    },
    "train": {
        "image_size": Spec(int, 128, 1280),
        "depth_multiplier": Spec(float, 0.1, 1.4),
        "fpn_depth": Spec(int, 16, 256),
        "anchor_scale": Spec(float, 0.5, 16.0),
        "anchor_aspect_ratios": Spec(list, item_type=float, min=0.1, max=10.0),
        "batch_size": Spec(int, 1, 512),
        "steps": Spec(int, 1, 10_000_000),
        "learning_rate": Spec(float, 1e-6, 10.0),
        "warmup_learning_rate": Spec(float, 0.0, 10.0),
        "warmup_steps": Spec(int, 0, 10_000_000),
        "gradient_clip_norm": Spec(float, 0.0, 1e6),
        "augmentations": Spec(
            list, choices=("crop", "brightness", "contrast", "horizontal_flip"), allow_empty=True
        ),
        "score_threshold": Spec(float, 0.0, 1.0),
        "nms_iou_threshold": Spec(float, 0.0, 1.0),
        "max_detections": Spec(int, 1, 1000),
        "fine_tune_checkpoint": Spec(str),
        "checkpoint_every": Spec(int, 1, 10_000_000),
        "log_every": Spec(int, 1, 10_000_000),
        "deterministic": Spec(bool),
    },
    "evaluate": {
        "score_threshold": Spec(float, 0.0, 1.0),
        "iou_threshold": Spec(float, 0.05, 1.0),
    },
    "saved_model": {
        "score_threshold": Spec(float, 0.0, 1.0),
        "tflite": Spec(bool),
    },
    "tfjs": {
        "quantize_uint8": Spec(bool),
    },
    "check": {
        "min_score": Spec(float, 0.0, 1.0),
        "train_images": Spec(int, 0, 10_000_000),
        "epochs": Spec(int, 1, 1000),
        "positive_weight": Spec(float, 0.01, 1000.0),
    },
    "links": {
        "score_threshold": Spec(float, 0.0, 1.0),
        "candidate_threshold": Spec(float, 0.0, 1.0),
        "check_threshold": Spec(float, 0.0, 1.0),
        "nms_iou_threshold": Spec(float, 0.0, 1.0),
        "letter_px": Spec(float, 0.0, 1000.0),
        "max_calls": Spec(int, 1, 1000),
        "max_zoom": Spec(float, 1.0, 16.0),
        "zooms": Spec(list, item_type=float, min=1.0, max=16.0, allow_empty=True),
        "recognizer": Spec(str, choices=("ppocr", "tesseract")),
        "line_px": Spec(int, 8, 256),
        "deskew": Spec(bool),
        "ocr_threads": Spec(int, 1, 64),
        "max_side": Spec(int, 256, 100_000),
        "test_images": Spec(int, 0, 10_000_000),
    },
    "mlflow": {
        "enabled": Spec(bool),
        "tracking_uri": Spec(str),
        "experiment": Spec(str),
    },
}


def shares(value: dict | list | tuple) -> dict[str, float]:
    """Named shares as a mapping ``{name: share}``: a list of names gives each an equal share
    (``[book, card]`` is ``{book: 1, card: 1}``). Shares are relative weights: only their
    ratios count."""
    if isinstance(value, dict):
        return {k: float(v) for k, v in value.items()}
    return dict.fromkeys(value, 1.0)


def _check_shares(where: str, spec: Spec, value: Any) -> dict[str, float]:
    """A mapping of names to shares (or a list of names, equal shares): known names, numbers
    in range, at least one positive."""
    if isinstance(value, list | tuple):
        _check_value(where, Spec(list, choices=spec.choices), list(value))
        value = shares(value)
    if not isinstance(value, dict):
        raise ParamsError(
            f"{where}: expected dict (name: share) or list, got {type(value).__name__} {value!r}"
        )
    if not value:
        raise ParamsError(f"{where}: must not be empty")
    for name in value:
        if name not in spec.choices:
            raise ParamsError(
                f"{where}: unknown item {name!r}; choose from {', '.join(spec.choices)}"
            )
    share = Spec(float, spec.min, spec.max)
    out = {k: _check_value(f"{where}.{k}", share, v) for k, v in value.items()}
    if not any(v > 0 for v in out.values()):
        raise ParamsError(f"{where}: needs at least one share > 0, got {value!r}")
    return out


def _check_value(where: str, spec: Spec, value: Any) -> Any:
    if spec.type is dict:
        return _check_shares(where, spec, value)
    if spec.type is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    ok = isinstance(value, spec.type) and not (spec.type is int and isinstance(value, bool))
    if not ok:
        raise ParamsError(
            f"{where}: expected {spec.type_name}, got {type(value).__name__} {value!r}"
        )
    if spec.type is list:
        if not value and not spec.allow_empty:
            raise ParamsError(f"{where}: must not be empty")
        item_spec = Spec(spec.item_type, spec.min, spec.max)
        value = [_check_value(f"{where}[{i}]", item_spec, v) for i, v in enumerate(value)]
        for item in value:
            if spec.choices is not None and item not in spec.choices:
                raise ParamsError(
                    f"{where}: unknown item {item!r}; choose from {', '.join(spec.choices)}"
                )
        if len(set(value)) != len(value):
            raise ParamsError(f"{where}: has duplicate items")
        return list(value)
    if spec.choices is not None and value not in spec.choices:
        raise ParamsError(
            f"{where}: must be one of {', '.join(map(str, spec.choices))}, got {value!r}"
        )
    if spec.min is not None and value < spec.min:
        raise ParamsError(f"{where}: must be >= {spec.min}, got {value!r}")
    if spec.max is not None and value > spec.max:
        raise ParamsError(f"{where}: must be <= {spec.max}, got {value!r}")
    return value


def _cross_checks(p: dict[str, dict[str, Any]], name: str) -> None:
    """Checks across keys; the first problem found raises ParamsError naming its key."""
    for key, msg in (
        *_order_problems(p["raw"]),
        *_heldout_problems(p["raw"]),
        *_score_problems(p),
        *_train_problems(p["train"]),
        *_split_problems(p["labels"]),
    ):
        raise ParamsError(f"{name}: {key}: {msg}")


def _order_problems(raw: dict[str, Any]):
    """A range's lower end above its upper end."""
    for low, high in (
        ("links_min", "links_max"),
        ("font_px_min", "font_px_max"),
        ("jpeg_quality_min", "jpeg_quality_max"),
    ):
        if raw[low] > raw[high]:
            yield f"raw.{low}", f"must be <= raw.{high} ({raw[high]}), got {raw[low]}"


def _heldout_problems(raw: dict[str, Any]):
    """A held-out style that training also sees."""
    for key, other in (("heldout_fonts", "fonts"), ("heldout_layouts", "layouts")):
        shared = sorted(set(raw[key]) & set(raw[other]))
        if shared:
            yield (
                f"raw.{key}",
                f"must not share items with raw.{other} (held out means unseen), "
                f"both have {', '.join(shared)}",
            )


def _score_problems(p: dict[str, dict[str, Any]]):
    """A reader threshold below the lowest score the exported detector keeps."""
    floor = p["saved_model"]["score_threshold"]
    for key, value in (
        ("links.score_threshold", p["links"]["score_threshold"]),
        ("links.candidate_threshold", p["links"]["candidate_threshold"]),
        ("check.min_score", p["check"]["min_score"]),
    ):
        if value < floor:
            yield (
                key,
                f"must be >= saved_model.score_threshold ({floor})"
                ": the exported detector keeps no lower scores",
            )


def _train_problems(train: dict[str, Any]):
    if train["warmup_steps"] >= train["steps"]:
        yield "train.warmup_steps", f"must be < train.steps ({train['steps']})"
    if train["warmup_learning_rate"] > train["learning_rate"]:
        yield "train.warmup_learning_rate", "must be <= train.learning_rate"
    if train["image_size"] % 32:
        yield "train.image_size", f"must be a multiple of 32, got {train['image_size']}"


def _split_problems(labels: dict[str, Any]):
    total = labels["train_ratio"] + labels["test_ratio"]
    if abs(total - 1.0) > 1e-9:
        yield "labels.train_ratio", f"train_ratio + test_ratio must be 1, got {total:g}"


def validate(data: Any, name: str = "params.yaml") -> dict[str, dict[str, Any]]:
    """Check a parsed params mapping; return it with floats normalised."""
    if not isinstance(data, dict):
        raise ParamsError(f"{name}: expected a mapping of sections, got {type(data).__name__}")
    out: dict[str, dict[str, Any]] = {}
    for section in data:
        if section not in SCHEMA:
            raise ParamsError(f"{name}: {section}: unknown section; known: {', '.join(SCHEMA)}")
    for section, specs in SCHEMA.items():
        values = data.get(section)
        if not isinstance(values, dict):
            raise ParamsError(f"{name}: {section}: missing section (or not a mapping)")
        for key in values:
            if key not in specs:
                raise ParamsError(
                    f"{name}: {section}.{key}: unknown key; known: {', '.join(specs)}"
                )
        out[section] = {}
        for key, spec in specs.items():
            if key not in values:
                raise ParamsError(f"{name}: {section}.{key}: missing")
            out[section][key] = _check_value(f"{name}: {section}.{key}", spec, values[key])
    _cross_checks(out, name)
    return out


def load(path: str | os.PathLike = "params.yaml") -> SimpleNamespace:
    """Read and validate ``path``; sections and keys become attributes (``p.raw.num_images``)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ParamsError(f"{path}: cannot read: {e.strerror}") from None
    except yaml.YAMLError as e:
        raise ParamsError(f"{path}: not valid YAML: {e}") from None
    checked = validate(data, str(path))
    return SimpleNamespace(**{s: SimpleNamespace(**v) for s, v in checked.items()})


# The project's params.yaml, shipped inside the package (a link to the repository's file, copied
# into a built wheel): the defaults of every setting, for the pipeline and for the reader alike.
DEFAULTS = Path(__file__).with_name("params.yaml")


def defaults() -> SimpleNamespace:
    """The packaged defaults: the params the pipeline runs with when nothing is overridden."""
    return load(DEFAULTS)
