"""DVC stage `release`: the shipped model, models/default, from what the pipeline made.

Copies the detector (model.tflite with the preprocessing it was trained with), the prefix check
(check.tflite), the uint8 tfjs model (tfjs/) and the `links` settings into OUT, with a model
card (OUT/README.md): the params, the data, training time and hardware, the git commit, mAP and
URL recall on the generated test split and held-out styles, and URL recall on real photos when
--real-photos holds figures measured with this detector (benchmarks/real_photos.py --card).
OUT is tracked by git (cache: false), so a clone can read photos without training; commit a
new one only when its figures beat the shipped one's.
"""

from pathlib import Path

from links_detector import stage
from links_detector.release import folder


def run(args, params):
    src = folder.Sources(
        saved_model=Path(args.saved_model),
        check=Path(args.check),
        tfjs=Path(args.tfjs),
        evaluate=Path(args.evaluate),
        links=Path(args.links),
        checkpoints=Path(args.checkpoints),
        run_file=Path(args.run_file),
        real_photos=Path(args.real_photos) if args.real_photos else None,
    )
    folder.make(src, Path(args.out), params)


def build_parser():
    p = stage.parser(__doc__)
    p.add_argument("--saved-model", required=True, help="the saved_model stage's folder")
    p.add_argument("--check", required=True, help="the check stage's model.tflite")
    p.add_argument("--tfjs", required=True, help="the tfjs stage's uint8 folder")
    p.add_argument("--evaluate", required=True, help="the evaluate stage's metrics.json")
    p.add_argument("--links", required=True, help="the links stage's metrics.json")
    p.add_argument("--checkpoints", required=True, help="the train stage's folder")
    p.add_argument("--run-file", required=True, help="MLflow run id file from the train stage")
    p.add_argument(
        "--real-photos",
        default="",
        help="benchmarks/real_photos.py --card's file (figures used only when measured with "
        "this detector)",
    )
    p.add_argument("--out", required=True, help="output folder (replaced atomically)")
    return p


if __name__ == "__main__":
    stage.entry(build_parser(), run)
