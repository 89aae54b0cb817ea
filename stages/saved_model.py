"""DVC stage `saved_model`: export the trained detector with the OD API's exporter_lib_v2.

OUT/saved_model takes a uint8 image batch [1, H, W, 3] and returns detection_boxes
(normalised ymin, xmin, ymax, xmax), detection_scores, detection_classes and num_detections.
OUT also holds the checkpoint and pipeline.config, as exporter_main_v2.py writes them, and
links_detector.json: the `processed` preprocessing the model was trained with, which
`links-detector read` applies to photos.
"""

from pathlib import Path

from links_detector import stage
from links_detector.detection import export


def run(args, params):
    export.saved_model(Path(args.checkpoints), Path(args.out), Path(args.run_file), params)


def build_parser():
    p = stage.parser(__doc__)
    p.add_argument("--checkpoints", required=True, help="folder written by the train stage")
    p.add_argument("--run-file", required=True, help="MLflow run id file from the train stage")
    p.add_argument("--out", required=True, help="output folder (replaced atomically)")
    return p


if __name__ == "__main__":
    stage.entry(build_parser(), run)
