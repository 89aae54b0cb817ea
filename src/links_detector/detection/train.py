"""The ``train`` stage: the OD API's ``model_lib_v2.train_loop`` on the pipeline's TFRecords.

Training runs in a work folder beside the output (``.checkpoints.partial``) that DVC does not
own. If a run is interrupted, the next one finds the work folder, checks that it was made by the
same rendered pipeline config and the same ``train.record`` (a fingerprint), and resumes from its
last checkpoint; otherwise it starts over. When training finishes, the work folder is renamed
into place as the stage's output, so DVC never sees a half-trained model as done.

Training is repeatable (``train.deterministic``, the default): seeded from ``base.seed`` and
run deterministically (``tf_compat.deterministic``), the same params and data give the same
weights, step for step, on the same machine. A resumed run is not bit for bit the one it
continues (the data order and the augmentations' random state start afresh at the resumed
step).
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import math
import re
import shutil
import time
import warnings
from pathlib import Path
from types import SimpleNamespace

from links_detector.common import tf_compat, tracking
from links_detector.common.atomic import write_text
from links_detector.detection import pipeline_config, zoo

log = logging.getLogger(__name__)

LOSS_NAMES = {
    "Loss/classification_loss": "loss/classification",
    "Loss/localization_loss": "loss/localization",
    "Loss/regularization_loss": "loss/regularization",
    "Loss/total_loss": "loss/total",
    "learning_rate": "learning_rate",
}


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def checkpoint_every(steps: int, wanted: int) -> int:
    """The largest divisor of ``steps`` not above ``wanted``: train_loop saves only every n
    steps, so n must divide ``steps`` for the final step to be saved."""
    wanted = max(1, min(wanted, steps))
    return max(d for d in range(1, wanted + 1) if steps % d == 0)


class Progress(logging.Handler):
    """Turns train_loop's log lines into progress lines (step, losses, steps/s, ETA) and
    MLflow metrics. Other TensorFlow warnings are passed on unchanged."""

    STEP = re.compile(r"^Step (\d+) per-step time")

    def __init__(self, total_steps: int, start_step: int, run: tracking.Run):
        super().__init__(logging.INFO)
        self.total, self.run = total_steps, run
        self.step = self.last_step = start_step
        self.last_time = time.perf_counter()
        self.history: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if m := self.STEP.match(msg):
            self.step = int(m[1])
            return
        if msg.startswith("{") and "Loss/total_loss" in msg:
            try:
                values = ast.literal_eval(msg)
            except (ValueError, SyntaxError):
                return
            self._report({LOSS_NAMES.get(k, k): float(v) for k, v in values.items()})
        elif record.levelno >= logging.WARNING:
            # TF's own deprecation notices are noise for users of this pipeline
            if "is deprecated and will be removed" in msg or "num_readers has been" in msg:
                record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            passed_on = logging.getLogger("links_detector.tensorflow")
            if passed_on.isEnabledFor(record.levelno):  # (handle() itself does not ask)
                passed_on.handle(record)

    def _report(self, losses: dict[str, float]) -> None:
        now = time.perf_counter()
        rate = (self.step - self.last_step) / max(now - self.last_time, 1e-9)
        self.last_step, self.last_time = self.step, now
        eta = (self.total - self.step) / rate if rate > 0 else math.inf
        losses["steps_per_sec"] = rate
        self.history.append({"step": self.step, **losses})
        log.info(
            "train: step %d/%d  loss %.4f (classification %.4f, localization %.4f, "
            "regularization %.4f)  lr %.5f  %.2f steps/s  ETA %s",
            self.step,
            self.total,
            losses.get("loss/total", math.nan),
            losses.get("loss/classification", math.nan),
            losses.get("loss/localization", math.nan),
            losses.get("loss/regularization", math.nan),
            losses.get("learning_rate", math.nan),
            rate,
            _duration(eta),
        )
        self.run.metrics(losses, step=self.step)


def _duration(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "?"
    m, s = divmod(int(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s"


def latest_step(model_dir: Path) -> int:
    import tensorflow as tf  # deferred: a slow import

    latest = tf.train.latest_checkpoint(str(model_dir))
    if not latest:
        return 0
    reader = tf.train.load_checkpoint(latest)
    return int(reader.get_tensor("step/.ATTRIBUTES/VARIABLE_VALUE"))


def run(
    template: Path,
    label_map: Path,
    records: Path,
    out_dir: Path,
    run_file: Path,
    params: SimpleNamespace,
    params_dict: dict,
    root: Path,
) -> dict:
    """The ``train`` stage: render the pipeline config, train (resuming an interrupted run of
    the same params and data), and move the checkpoints to ``out_dir`` when done."""
    cfg = params.train
    # before anything starts TensorFlow (latest_step does): one inter-op thread can only be
    # set before its first op
    if cfg.deterministic and not tf_compat.deterministic(params.base.seed):
        log.warning("train: TensorFlow had started before training: this run is not repeatable")
    fine_tune = zoo.resolve(cfg.fine_tune_checkpoint, root)
    vals = pipeline_config.values(
        cfg, str(label_map), str(records / "train.record"), str(records / "test.record"), fine_tune
    )
    text = pipeline_config.render(template.read_text(encoding="utf-8"), vals)
    pipeline_config.parse(text)  # fails here, naming the key, before any training
    fingerprint = hashlib.sha256(
        (text + f"seed {params.base.seed}" + file_digest(records / "train.record")).encode()
    ).hexdigest()
    work = out_dir.parent / f".{out_dir.name}.partial"
    start, state = _work_folder(work, fingerprint, cfg.steps)
    (work / "pipeline.config").write_text(text, encoding="utf-8")
    run_id = tracking.start_run(
        params.mlflow, work / "mlflow_run.json", params_dict, run_id=state.get("run_id")
    )
    state["run_id"] = run_id
    write_text(work / "resume.json", json.dumps(state))
    mlrun = tracking.Run(params.mlflow, work / "mlflow_run.json")
    mlrun.artifact(work / "pipeline.config")
    seconds, progress = _train_loop(work, cfg, start, mlrun, out_dir)
    final = latest_step(work)
    if final != cfg.steps:
        raise RuntimeError(f"train: stopped at step {final}, expected {cfg.steps}")
    return _finish(work, out_dir, run_file, cfg.steps, start, seconds, progress, mlrun)


def _work_folder(work: Path, fingerprint: str, steps: int) -> tuple[int, dict]:
    """The step to start from and the resume state: an interrupted run in ``work`` of the same
    fingerprint goes on; anything else there is removed."""
    state_file = work / "resume.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    if work.exists() and state.get("fingerprint") == fingerprint:
        start = latest_step(work)
        log.info("train: resuming the interrupted run in %s from step %d of %d", work, start, steps)
        return start, state
    if work.exists():
        log.info("train: %s holds a run of other params or data; starting over", work)
        shutil.rmtree(work)
    work.mkdir(parents=True)
    return 0, {"fingerprint": fingerprint, "run_id": None}


def _train_loop(work: Path, cfg: SimpleNamespace, start: int, mlrun, out_dir: Path):
    """The OD API's training loop on ``work``, its log lines turned into progress and MLflow
    metrics; the seconds it took and the ``Progress`` (its loss history)."""
    tf_compat.apply()
    from object_detection import model_lib_v2  # deferred: a slow import

    model_lib_v2.LOG_EVERY = cfg.log_every
    # the OD API's Keras 2 calls; nothing a user of the pipeline can act on
    warnings.filterwarnings("ignore", r".*set_learning_phase.* is deprecated", UserWarning)
    every = checkpoint_every(cfg.steps, cfg.checkpoint_every)
    progress = Progress(cfg.steps, start, mlrun)
    tf_log = logging.getLogger("tensorflow")
    saved = tf_log.level, tf_log.propagate
    tf_log.setLevel(logging.INFO)
    tf_log.propagate = False
    tf_log.addHandler(progress)
    t0 = time.perf_counter()
    log.info(
        "train: %d steps, batch %d, %dx%d, depth multiplier %g, checkpoint every %d -> %s",
        cfg.steps,
        cfg.batch_size,
        cfg.image_size,
        cfg.image_size,
        cfg.depth_multiplier,
        every,
        out_dir,
    )
    try:
        model_lib_v2.train_loop(
            pipeline_config_path=str(work / "pipeline.config"),
            model_dir=str(work),
            train_steps=cfg.steps,
            checkpoint_every_n=every,
            checkpoint_max_to_keep=2,
            record_summaries=False,
            num_steps_per_iteration=1,
        )
    finally:
        tf_log.removeHandler(progress)
        tf_log.setLevel(saved[0])
        tf_log.propagate = saved[1]
    return time.perf_counter() - t0, progress


def _finish(work, out_dir, run_file, steps, start, seconds, progress, mlrun) -> dict:
    """Write the run's summary and loss history, then move ``work`` to ``out_dir`` and the
    MLflow run file to ``run_file``."""
    (work / "resume.json").unlink()
    shutil.copy(work / "mlflow_run.json", run_file.with_suffix(".tmp"))
    ckpt_bytes = tracking.dir_size(work)
    summary = {
        "steps": steps,
        "resumed_from": start,
        "seconds": round(seconds, 1),
        "seconds_per_step": round(seconds / max(1, steps - start), 3),
        "checkpoint_bytes": ckpt_bytes,
    }
    (work / "train_summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    (work / "loss_history.json").write_text(json.dumps(progress.history) + "\n")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    work.rename(out_dir)
    run_file.with_suffix(".tmp").replace(run_file)
    mlrun.metrics(
        {"size/checkpoint_bytes": ckpt_bytes, "train/seconds_per_step": summary["seconds_per_step"]}
    )
    log.info(
        "train: %d steps in %s (%.3f s/step); checkpoint %.1f MB -> %s; MLflow run id -> %s",
        steps - start,
        _duration(seconds),
        summary["seconds_per_step"],
        ckpt_bytes / 1e6,
        out_dir,
        run_file,
    )
    return summary
