"""Benchmark: how tall the detector was trained to see prefixes and letters (for links.letter_px).

From the training split's labels (data/labels/train.csv, boxes in the processed photos, which
the detector sees resized to train.image_size): the prefix heights at the detector's input, in
percentiles, by kind of photo. From the processed training photos themselves: their small-print
letter height (`scale.letters(...).height`, the measure the reader scales every photo by) at
processed.width, and its ratio to the photo's prefix heights. The median letter height is the
value for `links.letter_px`: the reader then shows the detector each photo's small print as tall
as the median training photo's.
Needs the pipeline's outputs (`dvc repro tfrecords` at least).

    python benchmarks/letter_heights.py [--split train] [--images 400]
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image
from tqdm import tqdm

from links_detector.config.params import load
from links_detector.reading import scale

PERCENTILES = (5, 10, 25, 50, 75, 90, 95)


def _row(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(title: str, groups: dict[str, list[float]]) -> list[str]:
    head = [title, "n"] + [f"p{p}" for p in PERCENTILES]
    out = [_row(head), _row(["---"] + ["---:"] * (len(head) - 1))]
    for name, values in sorted(groups.items()):
        v = np.array(values, float)
        cells = [f"{x:.1f}" for x in np.percentile(v, PERCENTILES)] if len(v) else ["–"] * 7
        out.append(_row([name or "(no kind)", len(v), *cells]))
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--split", choices=("train", "test", "heldout"), default="train")
    p.add_argument("--images", type=int, default=400, help="photos measured (0 = all)")
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--data", default="data", help="the pipeline's data folder")
    args = p.parse_args()
    params = load(args.params)
    data = Path(args.data)
    rows = list(csv.DictReader(open(data / "labels" / f"{args.split}.csv", encoding="utf-8")))
    to_input = params.train.image_size / params.processed.width
    prefixes: dict[str, list[float]] = defaultdict(list)
    per_photo: dict[str, list[float]] = defaultdict(list)
    kind_of: dict[str, str] = {}
    for r in rows:
        kind_of[r["filename"]] = r.get("kind", "")
        if r["xmin"]:
            h = float(r["ymax"]) - float(r["ymin"])
            prefixes[r.get("kind", "")].append(h * to_input)
            per_photo[r["filename"]].append(h)
    files = sorted(kind_of)
    if args.images:
        files = files[:: max(1, len(files) // args.images)][: args.images]
    letters: dict[str, list[float]] = defaultdict(list)
    ratios: dict[str, list[float]] = defaultdict(list)
    for name in tqdm(files, desc="letters", unit="photo", disable=None):
        grey = np.asarray(Image.open(data / "processed" / name).convert("L"))
        h = scale.letters(grey).height
        if h <= 0:
            continue
        letters[kind_of[name]].append(h)
        if per_photo[name]:
            ratios[kind_of[name]].append(float(np.median(per_photo[name])) / h)
    every = [v for vs in letters.values() for v in vs]
    print(f"## {args.split} split: {len(rows)} label rows, {len(files)} photos measured\n")
    print(
        "\n".join(
            table(
                f"prefix height at the detector's input ({params.train.image_size} px)",
                {**prefixes, "all": [v for vs in prefixes.values() for v in vs]},
            )
        )
    )
    print()
    print(
        "\n".join(
            table(
                f"small-print letter height at processed.width ({params.processed.width} px)",
                {**letters, "all": every},
            )
        )
    )
    print()
    print("\n".join(table("prefix height / letter height", ratios)))
    if every:
        print(
            f"\nlinks.letter_px: the median, {np.median(every):.1f} "
            f"(params.yaml has {params.links.letter_px})"
        )


if __name__ == "__main__":
    main()
