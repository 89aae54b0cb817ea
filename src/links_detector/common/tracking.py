"""MLflow, in one place: one run per pipeline execution, shared by train, evaluate and export.

The ``train`` stage starts the run and writes its id to a small JSON file that DVC tracks as an
output; later stages read that file and log into the same run. The tracking URI is, in order:
``MLFLOW_TRACKING_URI``, ``mlflow.tracking_uri`` in params, or an SQLite store ``mlflow.db`` at
the project root, as an absolute path so that ``dvc exp run --temp/--queue`` (which run in a
copy of the repo under ``.dvc/tmp/exps/``) land in the same store. ``LINKS_DETECTOR_MLFLOW=off``
or ``mlflow.enabled: false`` switch it off; the run file is still written.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from links_detector.common.atomic import write_text

log = logging.getLogger(__name__)


def project_root(cwd: str | os.PathLike | None = None) -> Path:
    """The project root, also from inside a DVC temp experiment copy (.dvc/tmp/exps/...)."""
    cwd = Path(cwd or os.getcwd()).resolve()
    parts = cwd.parts
    for i in range(len(parts) - 3):
        if parts[i : i + 3] == (".dvc", "tmp", "exps"):
            return Path(*parts[:i])
    return cwd


def tracking_uri(cfg: SimpleNamespace, cwd: str | os.PathLike | None = None) -> str:
    uri = os.environ.get("MLFLOW_TRACKING_URI") or cfg.tracking_uri
    if uri:
        return uri
    return f"sqlite:///{project_root(cwd) / 'mlflow.db'}"


def enabled(cfg: SimpleNamespace) -> bool:
    return cfg.enabled and os.environ.get("LINKS_DETECTOR_MLFLOW", "on").lower() != "off"


def _mlflow(cfg: SimpleNamespace):
    import mlflow  # deferred: a slow import

    mlflow.set_tracking_uri(tracking_uri(cfg))
    return mlflow


def flatten(d: dict, prefix: str = "") -> dict[str, Any]:
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        else:
            out[key] = v if not isinstance(v, list) else ",".join(map(str, v))
    return out


def hardware() -> str:
    """The GPU model when TensorFlow sees one, else the CPU model and core count."""
    try:
        import tensorflow as tf  # deferred: a slow import

        gpus = tf.config.list_physical_devices("GPU")
        if gpus:
            name = tf.config.experimental.get_device_details(gpus[0]).get("device_name", "GPU")
            return f"GPU: {name} x{len(gpus)}"
    except Exception:  # noqa: BLE001 - hardware detection must never stop a run
        pass
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"CPU: {model} x{os.cpu_count()}"


def git_commit(cwd: str | os.PathLike | None = None) -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def start_run(
    cfg: SimpleNamespace, run_file: str | os.PathLike, params: dict, run_id: str | None = None
) -> str | None:
    """Start (or, with ``run_id``, resume) the pipeline's run; write its id to ``run_file``."""
    if not enabled(cfg):
        write_text(run_file, json.dumps({"run_id": None, "tracking_uri": None}) + "\n")
        log.info("mlflow: off; wrote %s", run_file)
        return None
    mlflow = _mlflow(cfg)
    mlflow.set_experiment(cfg.experiment)
    tags = {
        "git_commit": git_commit(),
        "dvc_experiment": os.environ.get("DVC_EXP_NAME", ""),
        "hardware": hardware(),
    }
    with mlflow.start_run(run_id=run_id) as run:
        if run_id is None:
            mlflow.log_params(flatten(params))
        mlflow.set_tags(tags)
        run_id = run.info.run_id
    write_text(run_file, json.dumps({"run_id": run_id, "tracking_uri": tracking_uri(cfg)}) + "\n")
    log.info(
        "mlflow: run %s in %s (experiment %r); id written to %s",
        run_id,
        tracking_uri(cfg),
        cfg.experiment,
        run_file,
    )
    return run_id


class Run:
    """Log into the run named by a run file; every method is a no-op when MLflow is off."""

    def __init__(self, cfg: SimpleNamespace, run_file: str | os.PathLike):
        self.run_id = json.loads(Path(run_file).read_text())["run_id"] if enabled(cfg) else None
        self._client = None
        if self.run_id:
            from mlflow.tracking import MlflowClient  # deferred: a slow import

            self._client = MlflowClient(tracking_uri(cfg))

    def metrics(self, values: dict[str, float], step: int | None = None) -> None:
        if self._client:
            from mlflow.entities import Metric  # deferred: a slow import

            ts = int(time.time() * 1000)
            batch = [Metric(_safe(k), float(v), ts, step or 0) for k, v in values.items()]
            self._client.log_batch(self.run_id, metrics=batch)

    def artifact(self, path: str | os.PathLike, artifact_path: str | None = None) -> None:
        if self._client:
            self._client.log_artifact(self.run_id, str(path), artifact_path)


def _safe(name: str) -> str:
    """MLflow metric names allow letters, digits, _ - . / and spaces."""
    return "".join(c if c.isalnum() or c in "_-./ " else "_" for c in name)


def dir_size(path: str | os.PathLike) -> int:
    p = Path(path)
    if p.is_file():
        return p.stat().st_size
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
