"""Toy end-to-end `dvc repro` through train, evaluate, saved_model and tfjs, with MLflow.

Tiny pages, a 128x128 detector with depth multiplier 0.35 and a few steps, in a temporary copy
of the project, recording into a temporary MLflow store.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import yaml

from .conftest import ROOT, tiny_params

pytestmark = pytest.mark.slow

STAGES = {"raw", "processed", "labels", "tfrecords", "train", "evaluate", "saved_model", "tfjs"}


def toy_params(**train):
    p = tiny_params(raw__num_images=8)
    p["train"].update(
        {
            "image_size": 128,
            "depth_multiplier": 0.35,
            "fpn_depth": 32,
            "batch_size": 2,
            "steps": 4,
            "warmup_steps": 1,
            "checkpoint_every": 2,
            "log_every": 1,
            **train,
        }
    )
    return p


def env(project):
    return dict(
        os.environ,
        DVC_NO_ANALYTICS="1",
        MLFLOW_TRACKING_URI=f"sqlite:///{project}/test-mlflow.db",
        PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
    )


def sh(project, *cmd):
    out = subprocess.run(cmd, cwd=project, env=env(project), capture_output=True, text=True)
    assert out.returncode == 0, (
        f"{' '.join(cmd)} failed:\n{out.stdout[-5000:]}\n{out.stderr[-5000:]}"
    )
    return out.stdout + out.stderr


def ran(log):
    return set(re.findall(r"Running stage '(\w+)'", log))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("trainproj")
    for name in (
        "dvc.yaml",
        "stages",
        "src",
        "pipeline.config.tmpl",
        ".dvcignore",
        "data/raw/photos/README.md",
    ):
        src, dst = ROOT / name, tmp / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(src, dst)
    (tmp / "params.yaml").write_text(yaml.safe_dump(toy_params(), sort_keys=False))
    (tmp / ".gitignore").write_text(
        "/data/*\n!/data/raw/\n/data/raw/*\n!/data/raw/photos/\n/test-mlflow.db\n/mlruns/\n"
    )
    sh(tmp, "git", "init", "-q")
    sh(tmp, "git", "config", "user.email", "t@example.org")
    sh(tmp, "git", "config", "user.name", "test")
    sh(tmp, "dvc", "init", "-q")
    sh(tmp, "git", "add", "-A")
    sh(tmp, "git", "commit", "-qm", "toy project")
    log = sh(tmp, "dvc", "repro")
    assert ran(log) == STAGES
    return tmp


def mlflow_run(project):
    from mlflow.tracking import MlflowClient

    run_id = json.loads((project / "data/mlflow_run.json").read_text())["run_id"]
    client = MlflowClient(f"sqlite:///{project}/test-mlflow.db")
    return client, client.get_run(run_id)


def test_every_output_exists(project):
    d = project / "data"
    for f in (
        "checkpoints/pipeline.config",
        "checkpoints/checkpoint",
        "evaluate/metrics.json",
        "evaluate/pr_curve.json",
        "saved_model/saved_model/saved_model.pb",
        "tfjs/float/model.json",
        "tfjs/uint8/model.json",
        "mlflow_run.json",
    ):
        assert (d / f).exists(), f
    assert not (d / ".checkpoints.partial").exists()
    metrics = json.loads((d / "evaluate/metrics.json").read_text())
    for key in ("mAP", "mAP@0.5", "mAP@0.75", "AR@100", "precision@threshold", "recall@threshold"):
        assert 0.0 <= metrics[key] <= 1.0 or metrics[key] == -1.0, key
    shown = sh(project, "dvc", "metrics", "show", "--json")
    assert "mAP@0.5" in shown


def test_mlflow_run_holds_losses_metrics_sizes(project):
    client, run = mlflow_run(project)
    m = run.data.metrics
    for key in (
        "loss/total",
        "loss/classification",
        "loss/localization",
        "loss/regularization",
        "learning_rate",
        "eval/mAP",
        "eval/mAP_0.5",
        "eval/AR_100",
        "size/checkpoint_bytes",
        "size/saved_model_bytes",
        "size/tfjs_float32_bytes",
        "size/tfjs_uint8_bytes",
    ):
        assert key in m, key
    assert m["size/tfjs_uint8_bytes"] < m["size/tfjs_float32_bytes"]
    history = client.get_metric_history(run.info.run_id, "loss/total")
    assert [h.step for h in history] == [1, 2, 3, 4]
    assert run.data.params["train.steps"] == "4"
    assert {"git_commit", "hardware", "dvc_experiment"} <= set(run.data.tags)
    assert run.data.tags["hardware"].startswith(("CPU", "GPU"))
    arts = {a.path for a in client.list_artifacts(run.info.run_id)}
    assert "pipeline.config" in arts


def test_saved_model_detects(project):
    import tensorflow as tf
    from PIL import Image

    model = tf.saved_model.load(str(project / "data/saved_model/saved_model"))
    image = np.asarray(Image.open(next((project / "data/processed").glob("*.jpg"))).convert("RGB"))
    out = model(tf.convert_to_tensor(image[None]))
    n = int(out["num_detections"][0])
    assert n > 0
    boxes = out["detection_boxes"][0, :n].numpy()
    assert boxes.shape == (n, 4) and (boxes >= 0).all() and (boxes <= 1).all()


@pytest.mark.parametrize("variant", ["float", "uint8"])
def test_tfjs_manifest_matches_shards(project, variant):
    folder = project / "data/tfjs" / variant
    manifest = json.loads((folder / "model.json").read_text())["weightsManifest"]
    listed = [p for group in manifest for p in group["paths"]]
    assert sorted(listed) == sorted(p.name for p in folder.glob("*.bin"))
    size = {"float32": 4, "int32": 4, "uint8": 1, "uint16": 2, "float16": 2, "bool": 1}
    expected = 0
    for group in manifest:
        for w in group["weights"]:
            dtype = w.get("quantization", {}).get("dtype", w["dtype"])
            expected += int(np.prod(w["shape"], dtype=np.int64)) * size[dtype]
    assert expected == sum((folder / p).stat().st_size for p in listed)
    if variant == "uint8":
        assert any("quantization" in w for g in manifest for w in g["weights"])


def test_exp_run_reruns_train_and_after_only(project):
    log = sh(project, "dvc", "exp", "run", "-S", "train.steps=6")
    assert ran(log) == {"train", "evaluate", "saved_model", "tfjs"}
    _, run = mlflow_run(project)
    assert run.data.params["train.steps"] == "6"
    assert run.data.tags["dvc_experiment"]


def test_interrupted_training_resumes(project, tmp_path):
    """Kill train after a checkpoint; the next run resumes from it instead of starting over."""
    p = toy_params(steps=8)
    params = tmp_path / "params.yaml"
    params.write_text(yaml.safe_dump(p, sort_keys=False))
    out, run_file = tmp_path / "ck", tmp_path / "run.json"
    cmd = [
        sys.executable,
        str(project / "stages/train.py"),
        "--params",
        str(params),
        "--template",
        str(project / "pipeline.config.tmpl"),
        "--labels",
        str(project / "data/labels"),
        "--records",
        str(project / "data/tfrecords"),
        "--out",
        str(out),
        "--run-file",
        str(run_file),
    ]
    partial = tmp_path / ".ck.partial"
    proc = subprocess.Popen(
        cmd,
        cwd=project,
        env=env(project),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 600
    while not (partial / "ckpt-3.index").exists():  # ckpt-1 is step 0, ckpt-3 is step 4
        assert proc.poll() is None and time.time() < deadline, "training ended too early"
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists() and partial.exists()
    log = subprocess.run(cmd, cwd=project, env=env(project), capture_output=True, text=True)
    assert log.returncode == 0, log.stderr[-3000:]
    m = re.search(r"resuming the interrupted run .* from step (\d+) of 8", log.stderr)
    assert m and int(m[1]) >= 4, log.stderr[-3000:]
    summary = json.loads((out / "train_summary.json").read_text())
    assert summary["steps"] == 8 and summary["resumed_from"] >= 4
