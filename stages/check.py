"""DVC stage `check`: train the prefix check, a small CNN that screens doubtful detections.

The reader gives a detection scored between links.candidate_threshold and links.score_threshold
a quick Tesseract look at the prefix before reading its line; nearly all such detections are
false, and each look costs a Tesseract call. This stage runs the exported detector over the
training split's original photos as the reader does, keeps the detections scored from
check.min_score up to links.score_threshold, labels each with the quick look's verdict (no hand
labels needed), and trains the check to predict it from the detection's pixels and score. The
reader then looks only at those the check gives links.check_threshold or more.

Writes OUT/model.tflite (the network for TensorFlow Lite, which the reader runs) and
OUT/metrics.json (photos, detections, positives, and the share passed and of positives kept at
links.check_threshold on the training detections; passes_all when there was nothing to learn),
also logged to the pipeline's MLflow run (check/*).
"""

from pathlib import Path

from links_detector import stage
from links_detector.evaluation import check_training


def run(args, params):
    check_training.run(
        Path(args.model),
        Path(args.labels) / "train.csv",
        Path(args.generated),
        Path(args.photos),
        Path(args.out),
        params,
        Path(args.run_file) if args.run_file else None,
    )


def build_parser():
    p = stage.parser(__doc__)
    p.add_argument("--model", required=True, help="folder written by the saved_model stage")
    p.add_argument("--labels", required=True, help="folder with train.csv (the labels stage)")
    p.add_argument("--generated", required=True, help="folder of generated pages + XML")
    p.add_argument("--photos", required=True, help="folder of user photos + XML")
    p.add_argument("--run-file", default="", help="MLflow run id file from the train stage")
    p.add_argument("--out", required=True, help="output folder (replaced atomically)")
    return p


if __name__ == "__main__":
    stage.entry(build_parser(), run)
