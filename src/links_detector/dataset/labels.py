"""The ``labels`` stage: VOC XML -> CSV rows, the label map, and a seeded train/test split.

CSV columns: filename, width, height, class, xmin, ymin, xmax, ymax, url, kind. An image with
no link (a negative example) has one row with empty class, box and url fields, so it still
reaches the TFRecords. ``kind`` (what the photo shows, from the VOC ``<kind>``; empty for a photo
labelled in LabelImg) is on every row of an image; evaluate reports detection per kind from it. It
is the last column, so readers that pick the article's columns by name or position keep working.

The split is by a seeded hash of each file name: the same seed and files give the same split
whatever order the files are listed in, and adding photos does not move old ones.
Images named ``heldout-*`` (the held-out styles) are in neither: they go to heldout.csv, which
evaluate and links score separately.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import math
import os
from pathlib import Path

from links_detector import CLASS_ID, CLASS_NAME
from links_detector.common import voc
from links_detector.common.atomic import atomic_dir

log = logging.getLogger(__name__)

COLUMNS = ["filename", "width", "height", "class", "xmin", "ymin", "xmax", "ymax", "url", "kind"]
HELDOUT_PREFIX = "heldout-"  # the processed stage's name prefix for held-out-style pages
LABEL_MAP = f"item {{\n  id: {CLASS_ID}\n  name: '{CLASS_NAME}'\n}}\n"


def rows(ann: voc.Annotation) -> list[dict]:
    """The CSV rows of one image: one per object, or one with empty class and box if none."""
    base = {"filename": ann.filename, "width": ann.width, "height": ann.height}
    if not ann.objects:
        empty = dict.fromkeys(("class", "xmin", "ymin", "xmax", "ymax", "url"), "")
        return [{**base, **empty, "kind": ann.kind}]
    out = []
    for o in ann.objects:
        b = o.box.rounded()
        out.append(
            {
                **base,
                "class": o.name,
                "xmin": int(b.xmin),
                "ymin": int(b.ymin),
                "xmax": int(b.xmax),
                "ymax": int(b.ymax),
                "url": o.url or "",
                "kind": ann.kind,
            }
        )
    return out


def split(filenames: list[str], test_ratio: float, seed: int) -> tuple[list[str], list[str]]:
    """Deterministic (train, test) split of ``filenames``, each sorted."""
    ranked = sorted(filenames, key=lambda f: hashlib.sha256(f"{seed}:{f}".encode()).hexdigest())
    n_test = math.ceil(test_ratio * len(ranked)) if test_ratio > 0 else 0
    if 0 < test_ratio < 1 and len(ranked) >= 2:
        n_test = min(max(n_test, 1), len(ranked) - 1)  # both sides non-empty
    return sorted(ranked[n_test:]), sorted(ranked[:n_test])


def write_csv(path: Path, data: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(data)


def read_csv(path: str | os.PathLike) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def kinds(path: str | os.PathLike) -> dict[str, str]:
    """File name -> kind of each image in a labels CSV; ``""`` for an image of no kind, and for
    every image of a CSV written before the kind column existed."""
    return {r["filename"]: r.get("kind") or "" for r in read_csv(path)}


def run(
    processed_dir: str | os.PathLike, out_dir: str | os.PathLike, test_ratio: float, seed: int
) -> dict:
    processed_dir = Path(processed_dir)
    anns = {}
    for xml in sorted(processed_dir.glob("*.xml")):
        ann = voc.read(xml)
        anns[ann.filename] = ann
    if not anns:
        raise SystemExit(f"labels: no annotations in {processed_dir}; run `dvc repro processed`")
    heldout = [f for f in anns if f.startswith(HELDOUT_PREFIX)]
    train, test = split([f for f in anns if not f.startswith(HELDOUT_PREFIX)], test_ratio, seed)
    with atomic_dir(out_dir) as tmp:
        for name, files in (("train", train), ("test", test), ("heldout", heldout)):
            write_csv(tmp / f"{name}.csv", [r for f in files for r in rows(anns[f])])
        (tmp / "label_map.pbtxt").write_text(LABEL_MAP, encoding="utf-8")
    n_obj = {
        k: sum(len(anns[f].objects) for f in v)
        for k, v in (("train", train), ("test", test), ("heldout", heldout))
    }
    summary = {
        "images": len(anns),
        "train_images": len(train),
        "test_images": len(test),
        "train_objects": n_obj["train"],
        "test_objects": n_obj["test"],
        "heldout_images": len(heldout),
        "heldout_objects": n_obj["heldout"],
    }
    log.info(
        "labels: %d images -> train %d (%d links), test %d (%d links), held-out styles %d "
        "(%d links); wrote %s/{train,test,heldout}.csv and label_map.pbtxt",
        len(anns),
        len(train),
        n_obj["train"],
        len(test),
        n_obj["test"],
        len(heldout),
        n_obj["heldout"],
        out_dir,
    )
    return summary
