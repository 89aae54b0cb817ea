"""The ``saved_model`` and ``tfjs`` stages: the OD API's exporter, then tensorflowjs_converter."""

from __future__ import annotations

import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from links_detector.common import log as logsetup
from links_detector.common import tf_compat, tracking
from links_detector.common.atomic import atomic_dir
from links_detector.reading import detector

log = logging.getLogger(__name__)


def saved_model(
    checkpoint_dir: Path, out_dir: Path, run_file: Path, params: SimpleNamespace
) -> dict:
    """exporter_lib_v2 (input type image_tensor: uint8 [1, H, W, 3]) -> out_dir/saved_model."""
    tf_compat.apply()
    import tensorflow as tf  # deferred: a slow import
    from google.protobuf import text_format  # deferred: a slow import
    from object_detection import exporter_lib_v2  # deferred: a slow import
    from object_detection.protos import pipeline_pb2  # deferred: a slow import

    config = pipeline_pb2.TrainEvalPipelineConfig()
    text_format.Merge((checkpoint_dir / "pipeline.config").read_text(), config)
    # the reader needs no scores near zero (evaluation, which does, reads the checkpoints):
    # dropping them before NMS makes every detection faster
    nms = config.model.ssd.post_processing.batch_non_max_suppression
    nms.score_threshold = params.saved_model.score_threshold
    if tf.train.latest_checkpoint(str(checkpoint_dir)) is None:
        raise FileNotFoundError(f"{checkpoint_dir}: no checkpoint; run `dvc repro train`")
    t0 = time.perf_counter()
    with atomic_dir(out_dir) as tmp:
        with logsetup.quiet_libraries():  # the exporters' deprecation and Keras notes
            exporter_lib_v2.export_inference_graph(
                "image_tensor", config, str(checkpoint_dir), str(tmp)
            )
        # how photos must be preprocessed for this model (read by links-detector read)
        detector.write_model_info(tmp, params.processed)
        if params.saved_model.tflite:
            lite_file = tmp / detector.MODEL_TFLITE
            with logsetup.quiet_libraries():  # and the TFLite converter's op summary
                tflite(config, checkpoint_dir, lite_file, nms.max_total_detections)
                detector.check_tflite(tmp, params.processed)
    seconds = time.perf_counter() - t0
    size = tracking.dir_size(out_dir / "saved_model")
    metrics = {"size/saved_model_bytes": size, "export/saved_model_seconds": seconds}
    lite = ""
    if params.saved_model.tflite:
        metrics["size/tflite_bytes"] = (out_dir / detector.MODEL_TFLITE).stat().st_size
        lite = f"; TensorFlow Lite {metrics['size/tflite_bytes'] / 1e6:.1f} MB -> {out_dir}/"
        lite += detector.MODEL_TFLITE
    run = tracking.Run(params.mlflow, run_file)
    run.metrics(metrics)
    log.info(
        "saved_model: exported in %.1f s, %.1f MB -> %s/saved_model%s",
        seconds,
        size / 1e6,
        out_dir,
        lite,
    )
    return {"seconds": seconds, "bytes": size}


def tflite(config, checkpoint_dir: Path, out_file: Path, max_detections: int) -> None:
    """The checkpoint as a TensorFlow Lite model (float32), the OD API's way: its
    ``export_tflite_graph_lib_tf2`` writes a SavedModel whose post-processing is TFLite's
    ``TFLite_Detection_PostProcess`` op (the same score threshold, IoU and box coder as
    ``config``), and ``TFLiteConverter`` converts it. Its input is the model's square, float
    pixels in [-1, 1] (the feature extractor's preprocessing is not in it; see
    ``detector.Detector``); its outputs: count, scores, classes, boxes."""
    import tensorflow as tf  # deferred: a slow import
    from object_detection import export_tflite_graph_lib_tf2  # deferred: a slow import

    with tempfile.TemporaryDirectory(dir=out_file.parent) as work:
        export_tflite_graph_lib_tf2.export_tflite_model(
            config, str(checkpoint_dir), work, max_detections, False
        )
        converter = tf.lite.TFLiteConverter.from_saved_model(str(Path(work) / "saved_model"))
        out_file.write_bytes(converter.convert())


def tfjs(saved_model_dir: Path, out_dir: Path, run_file: Path, params: SimpleNamespace) -> dict:
    """tensorflowjs_converter -> out_dir/float (float32) and out_dir/uint8 (if asked)."""
    converter = Path(sys.executable).with_name("tensorflowjs_converter")
    variants = {"float": []}
    if params.tfjs.quantize_uint8:
        variants["uint8"] = ["--quantize_uint8", "*"]
    result = {}
    with atomic_dir(out_dir) as tmp:
        for name, extra in variants.items():
            t0 = time.perf_counter()
            cmd = [
                str(converter),
                "--input_format=tf_saved_model",
                "--output_format=tfjs_graph_model",
                *extra,
                str(saved_model_dir),
                str(tmp / name),
            ]
            out = subprocess.run(cmd, capture_output=True, text=True)
            if out.returncode != 0:
                raise RuntimeError(f"tensorflowjs_converter failed ({name}):\n{out.stderr[-3000:]}")
            result[name] = {
                "seconds": time.perf_counter() - t0,
                "bytes": tracking.dir_size(tmp / name),
            }
    run = tracking.Run(params.mlflow, run_file)
    for name, r in result.items():
        key = "float32" if name == "float" else "uint8"
        run.metrics(
            {f"size/tfjs_{key}_bytes": r["bytes"], f"export/tfjs_{key}_seconds": r["seconds"]}
        )
        log.info(
            "tfjs: %s model %.1f MB in %.1f s -> %s/%s",
            key,
            r["bytes"] / 1e6,
            r["seconds"],
            out_dir,
            name,
        )
    return result
