"""DVC stage `links`: read the test split's original photos end to end, against whole-page OCR.

The reader (detector + the recognizer on the line beside each prefix + URL cleanup, the code
behind `links-detector read`) and the whole-page baseline (Tesseract on the whole photo + URL
regex) run on the same photos, then on the held-out styles (heldout.csv beside test.csv; the
`heldout` key). The reader runs once per recognizer: `reader` with the params'
(links.recognizer), `reader-NAME` with each other one (ppocr, tesseract). Links cut by the
photo's border are not scored. OUT/metrics.json holds, for each, URL exact-match recall and
precision and per-photo latency (median, p90), each reader's recognizer, prefix detection
recall and detect/OCR split, and the speed-up of `reader` (`dvc metrics show`);
OUT/pages.jsonl holds what each read on each photo. The metrics also go to the pipeline's
MLflow run.
"""

from pathlib import Path

from links_detector import stage
from links_detector.evaluation import links


def run(args, params):
    links.run(
        Path(args.model),
        Path(args.labels) / "test.csv",
        Path(args.generated),
        Path(args.photos),
        Path(args.out),
        Path(args.run_file),
        params,
        Path(args.heldout) if args.heldout else None,
        Path(args.check) if args.check else None,
    )


def build_parser():
    p = stage.parser(__doc__)
    p.add_argument("--model", required=True, help="folder written by the saved_model stage")
    p.add_argument(
        "--check",
        default="",
        help="the prefix check's model.tflite (the check stage); empty: every doubtful detection "
        "gets Tesseract's quick look",
    )
    p.add_argument("--labels", required=True, help="folder with test.csv (the labels stage)")
    p.add_argument("--generated", required=True, help="folder of generated pages + XML")
    p.add_argument("--photos", required=True, help="folder of user photos + XML")
    p.add_argument("--heldout", default="", help="folder of held-out-style pages + XML")
    p.add_argument("--run-file", required=True, help="MLflow run id file from the train stage")
    p.add_argument("--out", required=True, help="output folder (replaced atomically)")
    return p


if __name__ == "__main__":
    stage.entry(build_parser(), run)
