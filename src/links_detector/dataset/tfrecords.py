"""The ``tfrecords`` stage: CSV labels + processed images -> TF Example records for the OD API.

The features are those the OD API's ``TfExampleDecoder`` reads (the article's set): the encoded
JPEG, its size, file name and source id, and per object the normalised box, class text and id.
A preview grid of a few training images is drawn from the records as decoded by the OD API's
own decoder, so it shows what training will see.
"""

from __future__ import annotations

import logging
import math
import os
from collections import defaultdict
from pathlib import Path

from PIL import Image, ImageDraw
from tqdm import tqdm

from links_detector import CLASS_ID, CLASS_NAME
from links_detector.common import tf_compat
from links_detector.common.atomic import atomic_dir
from links_detector.dataset.labels import read_csv

log = logging.getLogger(__name__)


def example(image_bytes: bytes, filename: str, width: int, height: int, boxes: list[tuple]):
    """A tf.train.Example; ``boxes`` are (xmin, ymin, xmax, ymax) in pixels."""
    import tensorflow as tf  # deferred: a slow import
    from object_detection.utils import dataset_util as du  # deferred: a slow import

    name = filename.encode("utf8")
    feats = {
        "image/height": du.int64_feature(height),
        "image/width": du.int64_feature(width),
        "image/filename": du.bytes_feature(name),
        "image/source_id": du.bytes_feature(name),
        "image/encoded": du.bytes_feature(image_bytes),
        "image/format": du.bytes_feature(b"jpeg"),
        "image/object/bbox/xmin": du.float_list_feature([b[0] / width for b in boxes]),
        "image/object/bbox/xmax": du.float_list_feature([b[2] / width for b in boxes]),
        "image/object/bbox/ymin": du.float_list_feature([b[1] / height for b in boxes]),
        "image/object/bbox/ymax": du.float_list_feature([b[3] / height for b in boxes]),
        "image/object/class/text": du.bytes_list_feature([CLASS_NAME.encode()] * len(boxes)),
        "image/object/class/label": du.int64_list_feature([CLASS_ID] * len(boxes)),
    }
    return tf.train.Example(features=tf.train.Features(feature=feats))


def write_record(csv_path: Path, images_dir: Path, out_path: Path, desc: str) -> tuple[int, int]:
    """Write one .record file; returns (examples, objects)."""
    import tensorflow as tf  # deferred: a slow import

    groups: dict[str, list[dict]] = defaultdict(list)
    for row in read_csv(csv_path):
        groups[row["filename"]].append(row)
    n_obj = 0
    with tf.io.TFRecordWriter(str(out_path)) as writer:
        for filename, rows in tqdm(
            sorted(groups.items()), desc=desc, unit="image", disable=None, mininterval=1.0
        ):
            boxes = [
                tuple(float(r[k]) for k in ("xmin", "ymin", "xmax", "ymax"))
                for r in rows
                if r["class"]
            ]
            data = (images_dir / filename).read_bytes()
            w, h = int(rows[0]["width"]), int(rows[0]["height"])
            writer.write(example(data, filename, w, h, boxes).SerializeToString())
            n_obj += len(boxes)
    return len(groups), n_obj


def iterate(record_path: str | os.PathLike, limit: int | None = None):
    """Yield examples decoded by the OD API's TfExampleDecoder (numpy values)."""
    tf_compat.apply()
    import tensorflow as tf  # deferred: a slow import
    from object_detection.data_decoders.tf_example_decoder import (
        TfExampleDecoder,  # deferred: a slow import
    )

    decoder = TfExampleDecoder()
    ds = tf.data.TFRecordDataset(str(record_path))
    if limit is not None:
        ds = ds.take(limit)
    for raw in ds:
        d = decoder.decode(raw)
        yield {k: v.numpy() for k, v in d.items() if hasattr(v, "numpy")}


def decode(record_path: str | os.PathLike, limit: int | None = None) -> list[dict]:
    return list(iterate(record_path, limit))


def preview(record_path: Path, out_png: Path, n: int, tile: int = 320) -> int:
    """A grid of the first ``n`` examples with their boxes drawn; returns how many were drawn."""
    decoded = decode(record_path, n)
    if not decoded:
        return 0
    cols = math.ceil(math.sqrt(len(decoded)))
    rows = math.ceil(len(decoded) / cols)
    grid = Image.new("RGB", (cols * tile, rows * tile), "white")
    for i, d in enumerate(decoded):
        img = Image.fromarray(d["image"]).convert("RGB")
        draw = ImageDraw.Draw(img)
        h, w = d["image"].shape[:2]
        for ymin, xmin, ymax, xmax in d["groundtruth_boxes"]:
            draw.rectangle(
                (xmin * w, ymin * h, xmax * w, ymax * h),
                outline=(230, 0, 0),
                width=max(2, w // 300),
            )
        img.thumbnail((tile, tile))
        grid.paste(img, ((i % cols) * tile, (i // cols) * tile))
    grid.save(out_png)
    return len(decoded)


def run(
    labels_dir: str | os.PathLike,
    images_dir: str | os.PathLike,
    out_dir: str | os.PathLike,
    preview_images: int,
) -> dict:
    labels_dir, images_dir = Path(labels_dir), Path(images_dir)
    summary = {}
    with atomic_dir(out_dir) as tmp:
        for split in ("train", "test", "heldout"):
            if split == "heldout" and not (labels_dir / "heldout.csv").exists():
                summary["heldout_examples"] = summary["heldout_objects"] = 0
                continue
            n, k = write_record(
                labels_dir / f"{split}.csv", images_dir, tmp / f"{split}.record", split
            )
            summary[f"{split}_examples"], summary[f"{split}_objects"] = n, k
        drawn = (
            preview(tmp / "train.record", tmp / "preview.png", preview_images)
            if preview_images
            else 0
        )
    log.info(
        "tfrecords: train.record %d examples (%d boxes), test.record %d examples "
        "(%d boxes), heldout.record %d examples (%d boxes), preview.png %d images -> %s",
        summary["train_examples"],
        summary["train_objects"],
        summary["test_examples"],
        summary["test_objects"],
        summary["heldout_examples"],
        summary["heldout_objects"],
        drawn,
        out_dir,
    )
    return summary
