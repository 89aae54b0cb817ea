"""DVC stage `labels`: VOC XML -> train/test/heldout.csv, label_map.pbtxt, seeded split.

CSV columns: filename, width, height, class, xmin, ymin, xmax, ymax, url, kind (an image without
links has one row with empty class and box; kind, what the photo shows, is empty for a photo
labelled in LabelImg). The split hashes each file name with base.seed, so it is the same on
every run and does not move old images when photos are added.
"""

from links_detector import stage
from links_detector.dataset import labels


def run(args, params):
    labels.run(args.processed, args.out, params.labels.test_ratio, params.base.seed)


def build_parser():
    p = stage.parser(__doc__)
    p.add_argument("--processed", required=True, help="folder of processed images + XML")
    p.add_argument("--out", required=True, help="output folder (replaced atomically)")
    return p


if __name__ == "__main__":
    stage.entry(build_parser(), run)
