"""DVC stage `tfjs`: convert the SavedModel to TensorFlow.js graph models.

OUT/float is float32; OUT/uint8 is quantized with --quantize_uint8 '*' when
tfjs.quantize_uint8 is true. Load either in a browser with tf.loadGraphModel('.../model.json').
"""

from pathlib import Path

from links_detector import stage
from links_detector.detection import export


def run(args, params):
    export.tfjs(Path(args.saved_model), Path(args.out), Path(args.run_file), params)


def build_parser():
    p = stage.parser(__doc__)
    p.add_argument("--saved-model", required=True, help="the SavedModel folder")
    p.add_argument("--run-file", required=True, help="MLflow run id file from the train stage")
    p.add_argument("--out", required=True, help="output folder (replaced atomically)")
    return p


if __name__ == "__main__":
    stage.entry(build_parser(), run)
