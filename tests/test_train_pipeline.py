"""Toy end-to-end `dvc repro` through train, evaluate, saved_model and tfjs, with MLflow.

Tiny pages, a 128x128 detector with depth multiplier 0.35 and a few steps, in a temporary copy
of the project, recording into a temporary MLflow store.
"""

import hashlib
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

from .conftest import FLAT, make_project, project_env, ran, sh, tiny_params

pytestmark = pytest.mark.slow

STAGES = {
    "raw",
    "processed",
    "labels",
    "tfrecords",
    "train",
    "evaluate",
    "saved_model",
    "tfjs",
    "check",
    "links",
    "release",
}


def toy_params(**train):
    # flat pages: at 320x400 the camera's blur and tilt leave whole-page OCR nothing to read,
    # and the links test checks that the baseline really reads (the camera has its own tests)
    p = tiny_params(raw__num_images=8, raw__heldout_images=2, **FLAT)
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


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    tmp = make_project(tmp_path_factory.mktemp("trainproj"), toy_params())
    log = sh(tmp, "dvc", "repro")
    (tmp / "repro.log").write_text(log)
    assert ran(log) == STAGES
    return tmp


def test_stage_logs_carry_no_library_noise(project):
    """TensorFlow's deprecation notices, Keras' warnings and the TFLite runtime's start-up note
    do not reach a stage's default log (they do at DEBUG)."""
    log = (project / "repro.log").read_text()
    for noise in (
        "is deprecated",
        "Instructions for updating",
        "UserWarning",
        "XNNPACK",
        "oneDNN",
        "cuda",
    ):
        assert noise not in log, [line for line in log.splitlines() if noise in line][:3]


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
        "saved_model/links_detector.json",
        "saved_model/model.tflite",
        "check/model.tflite",
        "check/metrics.json",
        "links/metrics.json",
        "links/pages.jsonl",
        "mlflow_run.json",
        "evaluate/pr_curve_heldout.json",
        "raw/heldout/page-00001.xml",
    ):
        assert (d / f).exists(), f
    assert (project / "docs/contact-sheet.png").stat().st_size > 1000
    assert not (d / ".checkpoints.partial").exists()
    metrics = json.loads((d / "evaluate/metrics.json").read_text())
    for key in ("mAP", "mAP@0.5", "mAP@0.75", "AR@100", "precision@threshold", "recall@threshold"):
        assert 0.0 <= metrics[key] <= 1.0 or metrics[key] == -1.0, key
        assert 0.0 <= metrics["heldout"][key] <= 1.0 or metrics["heldout"][key] == -1.0, key
    assert metrics["heldout"]["test_images"] == 2
    for split in (metrics, metrics["heldout"]):  # every image is counted under its kind
        by_kind = split["by_kind"].values()
        assert sum(k["test_images"] for k in by_kind) == split["test_images"]
        assert sum(k["test_objects"] for k in by_kind) == split["test_objects"]
    shown = sh(project, "dvc", "metrics", "show", "--json")
    assert "mAP@0.5" in shown and "heldout" in shown


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
        "size/tflite_bytes",
        "size/tfjs_float32_bytes",
        "size/tfjs_uint8_bytes",
    ):
        assert key in m, key
    assert any(k.startswith("eval/by_kind.") and k.endswith(".test_images") for k in m)
    assert m["size/tfjs_uint8_bytes"] < m["size/tfjs_float32_bytes"]
    history = client.get_metric_history(run.info.run_id, "loss/total")
    assert [h.step for h in history] == [1, 2, 3, 4]
    assert run.data.params["train.steps"] == "4"
    assert {"git_commit", "hardware", "dvc_experiment"} <= set(run.data.tags)
    assert run.data.tags["hardware"].startswith(("CPU", "GPU"))
    arts = {a.path for a in client.list_artifacts(run.info.run_id)}
    assert "pipeline.config" in arts


def test_links_stage_reports_reader_and_baseline(project):
    m = json.loads((project / "data/links/metrics.json").read_text())
    assert m["images"] >= 1 and m["printed_links"] >= 1
    for who in ("reader", "reader-tesseract", "baseline"):
        assert 0.0 <= m[who]["url_recall"] <= 1.0 and 0.0 <= m[who]["url_precision"] <= 1.0
        assert m[who]["ms"]["total"]["p90"] >= m[who]["ms"]["total"]["median"] > 0
    # the reader once per recognizer: the params' own (ppocr) and the other one
    for split in (m, m["heldout"]):
        assert split["reader"]["recognizer"] == "ppocr"
        assert split["reader-tesseract"]["recognizer"] == "tesseract"
        assert set(split["reader-tesseract"]) == set(split["reader"])
        for who in ("reader", "reader-tesseract"):
            assert set(split[who]["ms"]) == {"detect", "ocr", "total"}
            assert 0.0 <= split[who]["prefix_recall"] <= 1.0
    assert m["speedup_median"] > 0
    held = m["heldout"]
    assert held["images"] == 2 and 0.0 <= held["reader"]["url_recall"] <= 1.0
    pages = [json.loads(line) for line in (project / "data/links/pages.jsonl").open()]
    assert len(pages) == m["images"] + held["images"]
    assert [p["image"].startswith("heldout-") for p in pages].count(True) == 2
    printed = sum(len(p["printed"]) for p in pages)
    assert printed == m["printed_links"] + held["printed_links"]
    # the baseline ran on every photo (that it reads URLs is tested on a plain page in
    # test_links.py: these toy pages are too small to rely on it)
    assert all(p["baseline_ms"] > 0 and isinstance(p["baseline"], list) for p in pages)
    for who in ("reader", "reader-tesseract"):
        assert all(p[f"{who}_ms"] > 0 and isinstance(p[who], list) for p in pages)
        assert sum(len(p[who]) for p in pages) == (m[who]["urls_output"] + held[who]["urls_output"])
    _, run = mlflow_run(project)
    assert "links/reader.url_recall" in run.data.metrics
    assert "links/speedup_median" in run.data.metrics
    assert "links/heldout.reader.url_recall" in run.data.metrics
    assert "links/reader-tesseract.url_recall" in run.data.metrics
    assert "links/heldout.reader-tesseract.prefix_recall" in run.data.metrics
    assert "eval/heldout.mAP_0.5" in run.data.metrics  # MLflow names have no @
    assert run.data.metrics["check/model_bytes"] > 1000
    assert "check/pass_rate" in run.data.metrics


def cli(project, *args):
    exe = os.path.join(os.path.dirname(sys.executable), "links-detector")
    return subprocess.run(
        [exe, "read", *args], cwd=project, env=project_env(project), capture_output=True, text=True
    )


def test_cli_json_per_image_in_original_pixels(project, tmp_path):
    from PIL import Image

    pages = sorted((project / "data/raw/generated").glob("*.jpg"))[:2]
    # a larger copy: boxes must come back in its own pixels, not the 320-px working copy's
    big = tmp_path / "big.png"
    Image.open(pages[0]).resize((640, 800)).save(big)
    # the toy model is barely trained: threshold 0 makes it act on every detection
    out = cli(project, "--json", "--score-threshold", "0", str(pages[0]), str(big), str(pages[1]))
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["image"] for r in records] == [str(pages[0]), str(big), str(pages[1])]
    for r in records:
        assert set(r) == {"image", "width", "height", "links", "timings_ms"}
        assert set(r["timings_ms"]) == {"detect", "ocr", "total"}
        assert r["timings_ms"]["total"] >= r["timings_ms"]["detect"] > 0
        for link in r["links"]:
            assert set(link) == {"url", "score", "prefix_box", "link_box"}
            assert link["url"].startswith(("http://", "https://"))
            for box in (link["prefix_box"], link["link_box"]):
                assert 0 <= box[0] < box[2] <= r["width"] and 0 <= box[1] < box[3] <= r["height"]
    assert (records[1]["width"], records[1]["height"]) == (640, 800)
    assert (records[0]["width"], records[0]["height"]) == Image.open(pages[0]).size


def test_cli_corrupt_image_among_good_ones(project, tmp_path):
    good = sorted((project / "data/raw/generated").glob("*.jpg"))[0]
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0garbage")
    missing = tmp_path / "missing.png"
    html = tmp_path / "out.html"
    out = cli(project, "--json", "--html", str(html), str(broken), str(good), str(missing))
    assert out.returncode == 1
    assert "broken.jpg" in out.stderr and "cannot read image" in out.stderr
    assert "missing.png" in out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["image"] for r in records] == [str(good)]
    page = html.read_text()
    assert page.count('<a class="link" href=') == len(records[0]["links"])
    assert page.count("<section>") == 1


def test_check_stage_learns_from_the_toy_detectors_doubtful_detections(project):
    """The check stage labels the training split's doubtful detections with Tesseract's quick
    look; the toy detector may have none, or none that reads as http(s)://, and then the check
    passes every detection (the reader looks at each, as without a check)."""
    from links_detector.reading.check import PrefixCheck

    m = json.loads((project / "data/check/metrics.json").read_text())
    # the toy training split's 6 photos; its detector may score nothing from check.min_score up
    assert m["photos"] == 6 and m["unreadable"] == 0
    assert 0 <= m["positives"] <= m["detections"]
    assert m["passes_all"] == (m["positives"] in (0, m["detections"]))
    if m["passes_all"]:
        assert m["pass_rate"] == 1.0
    c = PrefixCheck(project / "data/check/model.tflite")
    p = c.run(np.zeros((5, 16, 64, 1), np.float32), np.full((5, 1), -2.0, np.float32))
    assert p.shape == (5,) and ((p >= 0) & (p <= 1)).all()
    if m["passes_all"]:
        assert (p == 1).all()


def test_cli_names_a_missing_check(project, tmp_path):
    good = sorted((project / "data/raw/generated").glob("*.jpg"))[0]
    out = cli(project, "--check", str(tmp_path / "nowhere.tflite"), str(good))
    assert out.returncode == 2
    assert "nowhere.tflite" in out.stderr and "dvc repro check" in out.stderr


def test_cli_plain_output_and_huge_image(project, tmp_path):
    from PIL import Image

    huge = tmp_path / "huge.jpg"
    page = Image.open(sorted((project / "data/raw/generated").glob("*.jpg"))[0])
    page.resize((9000, 11250)).save(huge, quality=60)  # 101 megapixels
    out = cli(project, "--json", str(huge))
    assert out.returncode == 0, out.stderr
    (record,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert (record["width"], record["height"]) == (9000, 11250)
    plain = cli(project, str(huge))
    assert plain.returncode == 0
    assert plain.stdout.split() == [link["url"] for link in record["links"]]


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


def test_tflite_input_is_the_models_own_preprocessing(project):
    """The TFLite export leaves the feature extractor's preprocessing out of the model: the
    reader's ``lite_input`` must be what the model's ``preprocess`` does (the SavedModel does
    it in its graph). The export checks the two models' detections against each other too."""
    import tensorflow as tf
    from object_detection.builders import model_builder
    from object_detection.utils import config_util

    from links_detector.reading import detector

    path = project / "data/checkpoints/pipeline.config"
    model = model_builder.build(
        config_util.get_configs_from_pipeline_file(str(path))["model"], False
    )
    rgb = np.random.default_rng(0).integers(0, 256, (128, 128, 3), dtype=np.uint8)
    theirs = model.preprocess(tf.constant(rgb[None], tf.float32))[0][0].numpy()
    np.testing.assert_allclose(detector.lite_input(rgb), theirs, atol=1e-5)


def test_tflite_detects_what_the_savedmodel_detects(project):
    """The saved_model stage's model.tflite: the reader runs it by default, and it finds what
    the SavedModel finds on each square of whole photos. (The toy model scores most anchors
    alike, so the boxes of tied scores are not compared: see ``same_detections``.)"""
    from PIL import Image

    from links_detector.reading import detector

    from .conftest import ns

    processed = ns(toy_params()["processed"])
    lite = detector.Detector(project / "data/saved_model", processed)
    full = detector.Detector(project / "data/saved_model", processed, tflite=False)
    assert (lite.runtime, full.runtime) == ("tflite", "saved_model")
    assert lite.input_px == full.input_px == (128, 128)
    for path in sorted((project / "data/raw/generated").glob("*.jpg"))[:3]:
        image = Image.open(path)
        a, b = (d.detect(image, 0.0, 1.0, tile_px=200) for d in (lite, full))
        assert len(a[1]) > 0 and all(0 <= v <= image.width for box in a[0] for v in box[::2])
        assert detector.same_detections(a, b, k=20) is None


def test_cli_no_tflite_reads_the_same(project):
    page = str(sorted((project / "data/raw/generated").glob("*.jpg"))[0])
    lite, full = cli(project, "--json", page), cli(project, "--json", "--no-tflite", page)
    assert lite.returncode == full.returncode == 0, full.stderr
    detector = "data/saved_model/model.tflite"  # (the prefix check is a model.tflite too)
    assert detector in lite.stderr and detector not in full.stderr
    assert "data/saved_model/saved_model" in full.stderr

    def records(out):
        return [{**r, "timings_ms": None} for r in map(json.loads, out.splitlines())]

    assert records(lite.stdout) == records(full.stdout)


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
    assert ran(log) == {"train", "evaluate", "saved_model", "tfjs", "check", "links", "release"}
    _, run = mlflow_run(project)
    assert run.data.params["train.steps"] == "6"
    assert run.data.tags["dvc_experiment"]


def train_command(project, tmp_path, params: dict) -> list[str]:
    """The train stage's command on the toy project's data, writing into ``tmp_path``."""
    path = tmp_path / "params.yaml"
    path.write_text(yaml.safe_dump(params, sort_keys=False))
    return [
        sys.executable,
        str(project / "stages/train.py"),
        "--params",
        str(path),
        "--template",
        str(project / "pipeline.config.tmpl"),
        "--labels",
        str(project / "data/labels"),
        "--records",
        str(project / "data/tfrecords"),
        "--out",
        str(tmp_path / "ck"),
        "--run-file",
        str(tmp_path / "run.json"),
    ]


def test_interrupted_training_resumes(project, tmp_path):
    """Kill train after a checkpoint; the next run resumes from it instead of starting over."""
    cmd = train_command(project, tmp_path, toy_params(steps=40))
    out = tmp_path / "ck"
    partial = tmp_path / ".ck.partial"
    proc = subprocess.Popen(
        cmd,
        cwd=project,
        env=project_env(project),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 600

    def saved_past_step_4():
        """TF's `checkpoint` pointer names ckpt-3 (step 4) or later: ckpt-1 is step 0. The
        pointer is written after the checkpoint files, so it marks a committed checkpoint."""
        state = partial / "checkpoint"
        m = (
            re.search(r'^model_checkpoint_path: "ckpt-(\d+)"', state.read_text(), re.M)
            if state.exists()
            else None
        )
        return m is not None and int(m[1]) >= 3

    while not saved_past_step_4():
        assert proc.poll() is None and time.time() < deadline, "training ended too early"
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists() and partial.exists()
    log = subprocess.run(cmd, cwd=project, env=project_env(project), capture_output=True, text=True)
    assert log.returncode == 0, log.stderr[-3000:]
    m = re.search(r"resuming the interrupted run .* from step (\d+) of 40", log.stderr)
    assert m and int(m[1]) >= 4, log.stderr[-3000:]
    summary = json.loads((out / "train_summary.json").read_text())
    assert summary["steps"] == 40 and summary["resumed_from"] >= 4


def weights(folder) -> dict[str, np.ndarray]:
    """The model's variables in the latest checkpoint of ``folder`` (not the optimizer's)."""
    import tensorflow as tf

    reader = tf.train.load_checkpoint(tf.train.latest_checkpoint(str(folder)))
    return {
        name: reader.get_tensor(name)
        for name in reader.get_variable_to_shape_map()
        if name.startswith("model/")
    }


def test_training_is_repeatable(project, tmp_path):
    """The same params and data train the same weights, run after run (seeded from base.seed,
    deterministic ops, one inter-op thread); another seed trains other weights."""
    trained = {}
    for run, seed in (("a", 42), ("b", 42), ("c", 7)):
        p = toy_params(steps=6, checkpoint_every=6)
        p["base"]["seed"] = seed
        p["mlflow"]["enabled"] = False
        (tmp_path / run).mkdir()
        out = subprocess.run(
            train_command(project, tmp_path / run, p),
            cwd=project,
            env=project_env(project),
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, out.stderr[-3000:]
        assert "not repeatable" not in out.stderr
        trained[run] = weights(tmp_path / run / "ck")
    a, b, c = trained["a"], trained["b"], trained["c"]
    assert len(a) > 50 and a.keys() == b.keys() == c.keys()
    assert [k for k in a if not np.array_equal(a[k], b[k])] == []
    assert any(not np.array_equal(a[k], c[k]) for k in a)


def test_fine_tune_from_a_downloaded_checkpoint(project, tmp_path):
    """The exported model has the zoo's layout (checkpoint/ckpt-0); served from 127.0.0.1 as a
    .tar.gz, training downloads it once, caches it and fine-tunes from it."""
    import http.server
    import tarfile
    import threading

    archive = tmp_path / "toy_model.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(project / "data/saved_model/checkpoint", arcname="toy_model/checkpoint")
        tar.add(project / "data/saved_model/pipeline.config", arcname="toy_model/pipeline.config")
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path))  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/toy_model.tar.gz"
        p = toy_params(steps=2, fine_tune_checkpoint=url)
        p["mlflow"]["enabled"] = False
        cmd = train_command(project, tmp_path, p)
        e = dict(project_env(project), LINKS_DETECTOR_CACHE=str(tmp_path / "cache"))
        out = subprocess.run(cmd, cwd=project, env=e, capture_output=True, text=True)
    finally:
        httpd.shutdown()
    assert out.returncode == 0, out.stderr[-3000:]
    assert "cached http://127.0.0.1" in out.stderr
    config = (tmp_path / "ck" / "pipeline.config").read_text()
    assert 'fine_tune_checkpoint_type: "detection"' in config
    assert str(tmp_path / "cache") in config and "checkpoint/ckpt-0" in config


def test_real_photos_benchmark(project, tmp_path):
    """benchmarks/real_photos.py on a folder of two generated photos with a labels.json written
    from their VOC XML, and a third photo listed but missing: that one is named, the two are
    scored by the reader (with each recognizer) and both whole-page peers, and the figures
    agree with their counts."""
    from links_detector.common import voc

    from .conftest import ROOT

    folder = tmp_path / "photos"
    folder.mkdir()
    entries = []
    for xml in sorted((project / "data/raw/generated").glob("*.xml"))[:2]:
        ann = voc.read(xml)
        shutil.copy(xml.parent / ann.filename, folder / ann.filename)
        assert all(o.url for o in ann.objects)
        links = [
            {
                "url": o.url,
                "prefix_box": list(o.box),
                "link_box": list(o.link_box) if o.link_box else None,
                "truncated": o.truncated,
            }
            for o in ann.objects
        ]
        entries.append(
            {"file": ann.filename, "width": ann.width, "height": ann.height, "links": links}
        )
    lost = {"url": "http://example.com/", "prefix_box": [0, 0, 9, 9], "truncated": False}
    entries.append({"file": "missing.jpg", "width": 10, "height": 10, "links": [lost]})
    (folder / "labels.json").write_text(json.dumps(entries))
    out_json = tmp_path / "figures.json"
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks/real_photos.py"),
            str(folder),
            "--model",
            str(project / "data/saved_model"),
            "--params",
            str(project / "params.yaml"),
            "--check",
            str(project / "data/check/model.tflite"),
            "--json",
            str(out_json),
            "--card",
            str(tmp_path / "card.json"),
        ],
        cwd=project,
        env=project_env(project),
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1, out.stderr[-3000:]  # the missing photo
    assert "missing.jpg" in out.stderr
    m = json.loads(out_json.read_text())
    assert list(m["skipped"]) == ["missing.jpg"]
    photos, t = m["photos"], m["totals"]
    assert [r["file"] for r in photos] == [e["file"] for e in entries[:2]]
    for r, e in zip(photos, entries, strict=False):
        assert r["links"] + r["cut"] == len(e["links"])
    assert t["photos"] == 2
    assert t["links"] + t["links_cut_by_border"] == sum(len(e["links"]) for e in entries[:2])
    for who in ("reader", "tesseract", "rapidocr"):
        w = t[who]
        assert w["links"] == t["links"] and w["url_hits"] <= min(w["links"], w["urls_output"])
        assert w["url_hits"] == sum(r[who]["exact"] for r in photos)
        assert w["urls_output"] == sum(r[who]["found"] for r in photos)
        assert 0.0 <= w["url_recall"] <= 1.0 and 0.0 <= w["url_precision"] <= 1.0
        assert w["url_recall"] == pytest.approx(w["url_hits"] / max(w["links"], 1), abs=1e-4)
        assert w["url_precision"] == pytest.approx(
            w["url_hits"] / w["urls_output"] if w["urls_output"] else 0.0, abs=1e-4
        )
        assert all(r[who]["ms"] > 0 for r in photos) and w["ms"]["median"] > 0
    reader = t["reader"]
    assert reader["prefixes"] == t["links"] + t["links_cut_by_border"]  # none prefix_truncated
    assert 0.0 <= reader["prefix_recall"] <= 1.0
    assert reader["prefix_hits"] == sum(r["reader"]["prefix_hits"] for r in photos)
    assert reader["prefix_hits"] <= reader["prefixes"]
    assert reader["false_prefixes"] == sum(r["reader"]["false_prefixes"] for r in photos) >= 0
    assert t["speed_ratio_rapidocr_over_reader"] > 0
    assert "| reader |" in out.stdout and "| rapidocr |" in out.stdout
    # the reader once per recognizer: the params' own (ppocr) and the other one
    assert "| reader-tesseract |" in out.stdout
    for who in ("reader", "reader-tesseract"):
        w = t[who]
        read = sum(r[who]["prefix_hits_read_exactly"] for r in photos)
        assert read <= w["prefix_hits"]
        assert w["found_read_exactly"] == pytest.approx(read / max(w["prefix_hits"], 1), abs=1e-4)
        assert len(w["wrong_urls"]) == w["urls_output"] - w["url_hits"]
    card_goes_into_the_release(project, tmp_path / "card.json", t)


def card_goes_into_the_release(project, card_file, t):
    """The figures ``--card`` wrote: the totals and the detector they were measured with;
    ``dvc repro release`` puts them into the shipped model's card."""
    card = json.loads(card_file.read_text())
    lite = project / "data/saved_model/model.tflite"
    assert card["model_sha256"] == hashlib.sha256(lite.read_bytes()).hexdigest()
    assert (card["photos"], card["links"]) == (t["photos"], t["links"])
    assert card["methods"]["rapidocr"]["url_hits"] == t["rapidocr"]["url_hits"]
    shutil.copy(card_file, project / "docs/real-photos.json")
    assert ran(sh(project, "dvc", "repro", "release")) == {"release"}
    text = (project / "models/default/README.md").read_text()
    assert "Not measured with this detector" not in text
    hits = card["methods"]["reader"]["url_hits"]
    recall = card["methods"]["reader"]["url_recall"]
    recognizer = yaml.safe_load((project / "params.yaml").read_text())["links"]["recognizer"]
    assert f"| reader (`{recognizer}`) | {recall:.3f} ({hits} of" in text
    assert "| whole-page RapidOCR (PP-OCRv4) + URL regex |" in text


def test_release_ships_what_the_reader_and_the_browser_need(project):
    out = project / "models/default"
    sizes = {p.relative_to(out).as_posix(): p.stat().st_size for p in out.rglob("*")}
    assert {"model.tflite", "check.tflite", "links_detector.json", "README.md"} <= set(sizes)
    assert "tfjs/model.json" in sizes and any(n.startswith("tfjs/group1-shard") for n in sizes)
    assert sum(sizes.values()) < 15_000_000
    d = project / "data"
    assert (out / "model.tflite").read_bytes() == (d / "saved_model/model.tflite").read_bytes()
    assert (out / "check.tflite").read_bytes() == (d / "check/model.tflite").read_bytes()
    assert (out / "tfjs/model.json").read_bytes() == (d / "tfjs/uint8/model.json").read_bytes()
    info = json.loads((out / "links_detector.json").read_text())
    ev = json.loads((d / "evaluate/metrics.json").read_text())
    links = json.loads((d / "links/metrics.json").read_text())
    params = yaml.safe_load((project / "params.yaml").read_text())
    assert info["links"] == params["links"]
    assert info["evaluate"] == ev and info["links_stage"] == links
    assert info["preprocess"]["width"] == params["processed"]["width"]
    card = (out / "README.md").read_text()
    assert f"**{ev['mAP@0.5']:.3f}**" in card
    assert f"URL recall **{links['reader']['url_recall']:.3f}**" in card
    assert f"{params['train']['steps']} steps" in card
    assert info["git_commit"] in card and info["hardware"] in card


def test_the_released_folder_reads_a_photo_without_tensorflow(project, tmp_path):
    """`Reader(models/default)` in a fresh process reads the links `links-detector read` reads
    with the pipeline's own model, and never imports TensorFlow (LiteRT runs the detector and
    the check)."""
    page = project / "data/raw/generated/page-00000.jpg"
    code = (
        "import json, sys\n"
        "from links_detector import Reader\n"
        f"reader = Reader({str(project / 'models/default')!r}, score_threshold=0)\n"
        f"links = reader.read({str(page)!r})\n"
        "print(json.dumps([[l['url'] for l in links], 'tensorflow' in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    urls, imported_tf = json.loads(out.stdout)
    assert not imported_tf
    # the toy model is barely trained: threshold 0 makes it act on every detection
    pipeline = cli(project, "--score-threshold", "0", str(page))
    assert pipeline.returncode == 0, pipeline.stderr[-3000:]
    assert "the pipeline's model" in pipeline.stderr
    assert urls == pipeline.stdout.split()
