"""DVC stage `evaluate`: COCO metrics of the trained detector on test.record and heldout.record.

Writes OUT/metrics.json (mAP, mAP@0.5, mAP@0.75, AR@100, and precision and recall at
evaluate.score_threshold on the test split; per kind of photo, from the labels CSVs' kind column,
images, prefixes and AP@0.5 under `by_kind`; the same for the held-out styles under `heldout`;
`dvc metrics show`, `dvc exp show`) and OUT/pr_curve.json, OUT/pr_curve_heldout.json
(`dvc plots show`), and logs them to the pipeline's MLflow run.
"""

from pathlib import Path

from links_detector import stage
from links_detector.detection import evaluate


def run(args, params):
    evaluate.run(
        Path(args.checkpoints),
        Path(args.records) / "test.record",
        Path(args.out),
        Path(args.run_file),
        params,
        Path(args.labels),
    )


def build_parser():
    p = stage.parser(__doc__)
    p.add_argument("--checkpoints", required=True, help="folder written by the train stage")
    p.add_argument("--records", required=True, help="folder with test.record (and heldout.record)")
    p.add_argument(
        "--labels", required=True, help="folder with test.csv and heldout.csv (each image's kind)"
    )
    p.add_argument("--run-file", required=True, help="MLflow run id file from the train stage")
    p.add_argument("--out", required=True, help="output folder (replaced atomically)")
    return p


if __name__ == "__main__":
    stage.entry(build_parser(), run)
