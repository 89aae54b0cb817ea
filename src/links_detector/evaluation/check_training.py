"""Training the prefix check (the ``check`` stage): the network that ``reading.check.PrefixCheck``
runs at inference.

It learns from the training split's photos: every doubtful detection there (scores from
``check.min_score`` up to ``links.score_threshold``), labelled with the verdict of Tesseract's
quick look (``recognize.looks_like_prefix``). It needs no hand labels, so it learns from user
photos as well. Keras trains the network; the stage converts it to TensorFlow Lite
(``model.tflite``), the form the reader runs.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

from links_detector.common import log as logsetup
from links_detector.common import tracking
from links_detector.common.atomic import atomic_dir
from links_detector.evaluation.links import test_photos
from links_detector.reading import recognize
from links_detector.reading.check import MODEL_FILE, PATCH_H, PATCH_W, PrefixCheck, features
from links_detector.reading.reader import Reader, load_photo

log = logging.getLogger("links_detector")

CHANNELS = (16, 32, 32)  # conv layers (3x3, ReLU; max-pooled by 2 after the first two)
DENSE = 32


def keras_model(seed: int):
    """The network, for training (the reader runs its TensorFlow Lite form, ``PrefixCheck``)."""
    import tensorflow as tf  # deferred: a slow import

    init = tf.keras.initializers.GlorotUniform
    inp = tf.keras.Input((PATCH_H, PATCH_W, 1), name="patch")
    score = tf.keras.Input((1,), name="log_score")
    x = inp
    for i, ch in enumerate(CHANNELS):
        x = tf.keras.layers.Conv2D(
            ch, 3, padding="same", activation="relu", kernel_initializer=init(seed + i)
        )(x)
        if i < len(CHANNELS) - 1:
            x = tf.keras.layers.MaxPool2D(2)(x)
    x = tf.keras.layers.GlobalMaxPool2D()(x)
    x = tf.keras.layers.Concatenate()([x, score])
    x = tf.keras.layers.Dense(DENSE, activation="relu", kernel_initializer=init(seed + 10))(x)
    out = tf.keras.layers.Dense(1, activation="sigmoid", kernel_initializer=init(seed + 11))(x)
    return tf.keras.Model([inp, score], out)


def passing_model():
    """A ``keras_model`` that gives every detection 1 (no weights, a large bias): the check
    when the stage had nothing to learn from, so that the reader looks at every detection."""
    model = keras_model(0)
    for layer in model.layers:
        if layer.get_weights():
            layer.set_weights([np.zeros_like(w) for w in layer.get_weights()])
    last = model.layers[-1]
    w, b = last.get_weights()
    last.set_weights([w, np.full_like(b, 30.0)])
    return model


def to_tflite(model) -> bytes:
    """``model`` as a TensorFlow Lite flatbuffer (float32; any batch size)."""
    import tensorflow as tf  # deferred: a slow import

    with logsetup.quiet_libraries():  # the converter's op summary
        return tf.lite.TFLiteConverter.from_keras_model(model).convert()


def collect(reader, items, min_score: float, threads: int = 2):
    """Doubtful detections on ``items``' photos (name, photo, XML) as the reader finds them
    (scores from ``min_score`` up to ``links.score_threshold``), with Tesseract's quick look's
    verdict on each: (patches, log scores, labels, counts)."""

    cfg = reader.cfg
    pool = recognize.ocr_pool(threads) if threads > 1 else None
    xs, scores, labels = [], [], []
    counts = {"photos": 0, "unreadable": 0, "detections": 0}
    for _, image, _ in tqdm(items, desc="check: collect", unit="photo"):
        try:
            photo = load_photo(Path(image), cfg.max_side)[0]
        except (OSError, ValueError) as e:
            log.warning("check: %s: skipped (%s)", image, e)
            counts["unreadable"] += 1
            continue
        g = np.asarray(photo.convert("L"))
        boxes, s, _ = reader.detect(photo, min_score)
        doubt = [(b, x) for b, x in zip(boxes, s, strict=True) if x < cfg.score_threshold]
        if doubt:
            these = [b for b, _ in doubt]
            greys = [g] * len(these)
            px = [cfg.line_px] * len(these)
            look = pool.map if pool else map
            verdicts = list(look(recognize.looks_like_prefix, greys, these, px))
            p, ls = features(g, these, [x for _, x in doubt])
            xs.append(p)
            scores.append(ls)
            labels.append(np.array(verdicts, np.float32))
        counts["photos"] += 1
        counts["detections"] += len(doubt)
    if not xs:
        return np.zeros((0, PATCH_H, PATCH_W, 1), np.float32), np.zeros((0, 1)), np.zeros(0), counts
    return np.concatenate(xs), np.concatenate(scores), np.concatenate(labels), counts


def train(x, log_scores, labels, seed: int, epochs: int, positive_weight: float):
    """Fit ``keras_model`` (deterministically: seeded, TensorFlow's ops deterministic)."""
    import tensorflow as tf  # deferred: a slow import

    tf.keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    model = keras_model(seed)
    model.compile(tf.keras.optimizers.Adam(1e-3), "binary_crossentropy")
    model.fit(
        [x, log_scores],
        labels,
        batch_size=128,
        epochs=epochs,
        verbose=0,
        shuffle=True,
        class_weight={0: 1.0, 1: positive_weight},
    )
    return model


def run(
    model_dir: Path,
    train_csv: Path,
    generated: Path,
    photos: Path,
    out_dir: Path,
    params,
    run_file: Path | None = None,
):
    """The ``check`` stage: collect the training split's doubtful detections, label them with
    Tesseract's quick look, train the network, write OUT/model.tflite and OUT/metrics.json
    (also into the pipeline's MLflow run, ``check/*``, when ``run_file`` is given)."""
    cfg, p = params.links, params.check
    items = test_photos(train_csv, generated, photos)
    if p.train_images:
        items = items[: p.train_images]
    if not items:
        raise ValueError(f"{train_csv}: no training images")
    t0 = time.perf_counter()
    reader = Reader(model_dir, cfg, params.processed, check=None)
    x, s, y, counts = collect(reader, items, p.min_score, threads=max(1, cfg.ocr_threads))
    positives = int(y.sum())
    t1 = time.perf_counter()
    if len(y) == 0 or positives == 0 or positives == len(y):
        # nothing to tell apart (a detector trained a few steps finds no real prefix among its
        # doubtful detections): a check that passes every detection, so the reader looks at
        # each with Tesseract, as without a check
        log.warning(
            "check: %s: %d doubtful detections on %d photos, %d of them read as http(s):// by "
            "Tesseract: nothing to learn from; the check passes every detection (more "
            "check.train_images, a lower check.min_score or a better-trained detector)",
            train_csv,
            len(y),
            counts["photos"],
            positives,
        )
        model = passing_model()
    else:
        model = train(x, s, y, params.base.seed, p.epochs, p.positive_weight)
    t2 = time.perf_counter()
    with atomic_dir(out_dir) as tmp:
        (tmp / MODEL_FILE).write_bytes(to_tflite(model))
        prob = PrefixCheck(tmp / MODEL_FILE).run(x, s) if len(y) else np.ones(0)
        t = cfg.check_threshold
        passed = prob >= t
        metrics = {
            **counts,
            "positives": positives,
            "passes_all": bool(positives == 0 or positives == len(y)),
            "pass_rate": round(float(passed.mean()), 4) if len(y) else 1.0,  # at check_threshold
            "positives_kept": round(float(passed[y > 0].mean()), 4) if positives else 1.0,
            "collect_s": round(t1 - t0, 1),
            "train_s": round(t2 - t1, 1),
        }
        metrics["model_bytes"] = (tmp / MODEL_FILE).stat().st_size
        (tmp / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    if run_file is not None:
        tracking.Run(params.mlflow, run_file).metrics(
            {f"check/{k}": float(v) for k, v in metrics.items()}
        )
    log.info(
        "check: %d photos (%d unreadable, skipped), %d doubtful detections, %d read as "
        "http(s):// by Tesseract; on them, at links.check_threshold %.3g the check passes %.1f%% "
        "and keeps %.1f%% of those (collect %.0f s, train %.0f s) -> %s",
        counts["photos"],
        counts["unreadable"],
        len(y),
        positives,
        t,
        100 * metrics["pass_rate"],
        100 * metrics["positives_kept"],
        t1 - t0,
        t2 - t1,
        out_dir / MODEL_FILE,
    )
    return metrics
