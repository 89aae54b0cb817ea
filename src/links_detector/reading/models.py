"""Which detector the reader runs, and with which settings.

Three places, in this order:

- a folder the user names (``--model DIR``, ``Reader(model=DIR)``);
- the pipeline's export, ``data/saved_model`` (with the ``check`` stage's prefix check), when
  ``dvc repro`` has made it in the working folder;
- the model shipped in the repository, ``models/default`` (the ``release`` stage's folder),
  looked for in the working folder and in the source tree the package runs from.

A released folder holds ``model.tflite``, ``links_detector.json`` (the preprocessing training
used and the ``links`` settings the model was measured with), the prefix check
``check.tflite`` and the browser's tfjs model. Its ``links`` settings are the reader's unless a
params file is named.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from links_detector.config.params import defaults, load
from links_detector.reading.detector import MODEL_INFO, MODEL_TFLITE, ModelMissing

PIPELINE_MODEL = Path("data/saved_model")
PIPELINE_CHECK = Path("data/check/model.tflite")
SHIPPED = Path("models/default")
CHECK_FILE = "check.tflite"  # the prefix check beside a released detector
PARAMS = Path("params.yaml")


@dataclass(frozen=True)
class ModelFiles:
    folder: Path  # what Detector loads
    check: Path | None  # the prefix check, or None
    source: str  # "given", "pipeline" or "shipped"
    links: dict | None  # the links settings recorded with a released model

    def describe(self) -> str:
        what = {"given": "named", "pipeline": "the pipeline's", "shipped": "the shipped"}
        return f"{what[self.source]} model {self.folder}"


def shipped_folders() -> list[Path]:
    """Where the shipped model may be: the working folder's ``models/default``, then the one of
    the source tree this package runs from (an editable install)."""
    tree = Path(__file__).resolve().parents[3] / SHIPPED
    return [SHIPPED, tree] if tree.resolve() != SHIPPED.resolve() else [SHIPPED]


def has_detector(folder: Path) -> bool:
    return any(
        (folder / name).is_file()
        for name in (MODEL_TFLITE, "saved_model.pb", "saved_model/saved_model.pb")
    )


def locate(model: Path | None = None, check: Path | None = None) -> ModelFiles:
    """The detector, its prefix check and recorded settings: ``model`` when given, else the
    pipeline's, else the shipped one. ``check``: the prefix check when given, else the one
    beside the detector (``check.tflite``), else the pipeline's when the detector is."""
    if model is not None:
        folder, source = Path(model), "given"
    elif has_detector(PIPELINE_MODEL):
        folder, source = PIPELINE_MODEL, "pipeline"
    else:
        found = [f for f in shipped_folders() if has_detector(f)]
        if not found:
            raise ModelMissing(
                f"no detector: neither {PIPELINE_MODEL} (made by `dvc repro`) nor "
                f"{' or '.join(map(str, shipped_folders()))} (shipped with the repository) "
                "holds one; pass --model DIR"
            )
        folder, source = found[0], "shipped"
    if check is None:
        if (folder / CHECK_FILE).is_file():
            check = folder / CHECK_FILE
        elif _same(folder, PIPELINE_MODEL) and PIPELINE_CHECK.is_file():
            check = PIPELINE_CHECK
    return ModelFiles(folder, check, source, recorded_links(folder))


def _same(a: Path, b: Path) -> bool:
    return a.exists() and b.exists() and a.resolve() == b.resolve()


def recorded_links(folder: Path) -> dict | None:
    """The ``links`` settings a released model's ``links_detector.json`` records, or None."""
    path = folder / MODEL_INFO
    if not path.is_file():
        return None
    try:
        links = json.loads(path.read_text()).get("links")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError) as e:
        raise ModelMissing(f"{path}: cannot read the model's settings: {e}") from None
    return links if isinstance(links, dict) else None


def settings(files: ModelFiles, params: Path | None = None) -> tuple[SimpleNamespace, str]:
    """The params the reader runs with, and where they came from: ``params`` when given; else
    ./params.yaml (the packaged defaults when there is none) with the ``links`` settings the
    model records, when it records them. Raises ParamsError for a bad params file."""
    if params is not None:
        return load(params), str(params)
    base, where = (load(PARAMS), str(PARAMS)) if PARAMS.is_file() else (defaults(), "defaults")
    if files.links:
        known = vars(base.links)
        base.links = SimpleNamespace(
            **{**known, **{k: v for k, v in files.links.items() if k in known}}
        )
        where = f"{files.folder / MODEL_INFO} (links), {where}"
    return base, where
