"""Make the released folder (``models/default``): files copied, settings and figures recorded."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from links_detector.common import tracking
from links_detector.common.atomic import atomic_dir
from links_detector.release import card

log = logging.getLogger(__name__)

DETECTOR = "model.tflite"
INFO = "links_detector.json"  # reading.detector.MODEL_INFO
CHECK = "check.tflite"  # reading.models.CHECK_FILE
TFJS = "tfjs"
MAX_BYTES = 15_000_000  # the whole folder: a clone carries it


@dataclass
class Sources:
    """The pipeline's outputs a release is made from."""

    saved_model: Path  # the saved_model stage's folder (model.tflite, links_detector.json)
    check: Path  # the check stage's model.tflite
    tfjs: Path  # the tfjs stage's uint8 folder
    evaluate: Path  # evaluate's metrics.json
    links: Path  # links' metrics.json
    checkpoints: Path  # train's folder (train_summary.json)
    run_file: Path  # the pipeline's MLflow run file
    real_photos: Path | None  # benchmarks/real_photos.py --card's file, when there is one


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: missing (run the stage that writes it)") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"{path}: not JSON: {e}") from None


def run_tags(run_file: Path, params: SimpleNamespace) -> dict:
    """The pipeline's MLflow run tags (git commit, hardware of training), or {} without MLflow."""
    if not tracking.enabled(params.mlflow) or not run_file.is_file():
        return {}
    run_id = _read_json(run_file).get("run_id")
    if not run_id:
        return {}
    from mlflow.tracking import MlflowClient  # deferred: a slow import

    return dict(MlflowClient(tracking.tracking_uri(params.mlflow)).get_run(run_id).data.tags)


def real_photo_figures(path: Path | None, detector_sha: str) -> dict | None:
    """The real-photo figures of ``path`` when they were measured with this detector (its
    sha256), else None (the card then says how to measure them)."""
    if path is None or not path.is_file():
        return None
    figures = _read_json(path)
    if figures.get("model_sha256") != detector_sha:
        log.info("%s: measured with another detector; not in the card", path)
        return None
    return figures


def make(src: Sources, out: Path, params: SimpleNamespace) -> dict:
    """Write the released folder ``out`` (replaced whole, atomically); return its record."""
    info = _read_json(src.saved_model / INFO)
    tags = run_tags(src.run_file, params)
    with atomic_dir(out) as tmp:
        shutil.copyfile(src.saved_model / DETECTOR, tmp / DETECTOR)
        shutil.copyfile(src.check, tmp / CHECK)
        shutil.copytree(src.tfjs, tmp / TFJS)
        detector_sha = sha256(tmp / DETECTOR)
        record = {
            "preprocess": info["preprocess"],
            "links": vars(params.links),
            "detector_sha256": detector_sha,
            "git_commit": tags.get("git_commit") or tracking.git_commit(),
            "hardware": tags.get("hardware") or tracking.hardware(),
            "train": _read_json(src.checkpoints / "train_summary.json"),
            "evaluate": _read_json(src.evaluate),
            "links_stage": _read_json(src.links),
            "real_photos": real_photo_figures(src.real_photos, detector_sha),
        }
        (tmp / INFO).write_text(json.dumps(record, indent=2) + "\n")
        sizes = {p.relative_to(tmp).as_posix(): p.stat().st_size for p in _files(tmp)}
        card_text = card.render(record, params, sizes)
        sizes["README.md"] = len(card_text.encode())
        total = sum(sizes.values())
        if total > MAX_BYTES:
            raise ValueError(
                f"{out}: {total:,} bytes, over the {MAX_BYTES:,} a clone should carry "
                f"({', '.join(f'{k} {v:,}' for k, v in sorted(sizes.items()))})"
            )
        (tmp / "README.md").write_text(card_text)
    log.info("release: wrote %s (%d files, %.1f MB)", out, len(sizes), total / 1e6)
    return record


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())
