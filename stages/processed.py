"""DVC stage `processed`: the article's preprocessing of every labelled photo, boxes included.

Reads the generated pages, the held-out-style pages (written as heldout-*, kept out of the
train/test split by the labels stage) and any photos (with LabelImg XML) a user put in the
photos folder;
applies EXIF transpose, resize to processed.width, centre square crop, greyscale, brightness,
contrast and sharpness; moves the boxes the same way. Bad files are reported by name and left
out; a summary of counts is logged and written to OUT/summary.json.
"""

from pathlib import Path

from links_detector import stage
from links_detector.dataset import preprocess
from links_detector.dataset.labels import HELDOUT_PREFIX


def run(args, params):
    sources = [(Path(args.generated), ""), (Path(args.photos), "photo-")]
    if args.heldout:
        sources.append((Path(args.heldout), HELDOUT_PREFIX))
    summary = preprocess.run(sources, args.out, params.processed, params.base.workers)
    if summary["written"] == 0:
        raise ValueError(f"processed: no usable image in {args.generated} or {args.photos}")


def build_parser():
    p = stage.parser(__doc__)
    p.add_argument("--generated", required=True, help="folder of generated pages + XML")
    p.add_argument("--photos", required=True, help="folder of user photos + XML (may be empty)")
    p.add_argument("--heldout", default="", help="folder of held-out-style pages + XML")
    p.add_argument("--out", required=True, help="output folder (replaced atomically)")
    return p


if __name__ == "__main__":
    stage.entry(build_parser(), run)
