"""DVC stage `tfrecords`: train.record and test.record in the OD API's TF Example format.

Also draws preview.png: the first tfrecords.preview_images training examples, decoded by the OD
API's TfExampleDecoder, with their boxes.
"""

from links_detector import stage
from links_detector.dataset import tfrecords


def run(args, params):
    tfrecords.run(args.labels, args.processed, args.out, params.tfrecords.preview_images)


def build_parser():
    p = stage.parser(__doc__)
    p.add_argument("--labels", required=True, help="folder with train.csv and test.csv")
    p.add_argument("--processed", required=True, help="folder of the processed images")
    p.add_argument("--out", required=True, help="output folder (replaced atomically)")
    return p


if __name__ == "__main__":
    stage.entry(build_parser(), run)
