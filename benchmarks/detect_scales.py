"""Benchmark: the detector's prefix recall at each square size, by the print's letter height.

For each photo of the chosen splits (originals, as the links stage reads them) it runs the
detector (`reader.Reader`'s, from links.candidate_threshold) in squares of each `--sides` (0: the
photo's short side, as training saw them; N: N px squares of the photo at processed.width, as
`links.tile_px`), and counts the whole printed links whose labelled prefix a detection overlaps
(IoU >= 0.3), by the page's letter height (`lines.letter_height`, the measure `Reader.scales`
picks the squares by). For choosing `links.small_print_px`, `links.both_scales_px` and
`links.tile_px`; the training split's photos are ones the detector was trained on (at side 0).
Needs the pipeline's outputs (`dvc repro links` or `make repro` first).

    python benchmarks/detect_scales.py --splits test heldout --sides 0 480 560 640 800
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image
from tqdm import tqdm

from links_detector.common import log
from links_detector.common.boxes import Box
from links_detector.common.matching import iou
from links_detector.config.params import load
from links_detector.evaluation import links
from links_detector.reading import lines, reader

SPLITS = {"test": "test.csv", "train": "train.csv", "heldout": "heldout.csv"}
BINS = (12.0, 15.0, 17.0, 20.0, float("inf"))  # letter heights, px at processed.width


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--splits", nargs="+", choices=sorted(SPLITS), default=["test", "heldout"])
    p.add_argument("--sides", nargs="+", type=int, default=[0, 480, 560, 640, 800])
    p.add_argument("--images", type=int, default=0, help="the first N photos of each (0 = all)")
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--model", default="data/saved_model")
    p.add_argument("--data", default="data", help="the pipeline's data folder")
    args = p.parse_args()
    log.setup("WARNING")
    params = load(args.params)
    cfg = params.links
    raw = Path(args.data) / "raw"
    rd = reader.Reader(Path(args.model), cfg, params.processed)
    for split in args.splits:
        items = links.test_photos(
            Path(args.data) / "labels" / SPLITS[split],
            raw / "generated",
            raw / "photos",
            raw / "heldout",
        )[: args.images or None]
        found: dict[float, np.ndarray] = defaultdict(lambda: np.zeros(len(args.sides)))
        count: dict[float, int] = defaultdict(int)
        for _, image, xml in tqdm(items, desc=split, unit="photo"):
            photo, full_w, _ = reader.load_photo(image, cfg.max_side)
            width = rd.detector.pre.width
            if photo.width > width:  # as Reader.read: training's resize
                height = max(1, round(photo.height * width / photo.width))
                photo = photo.resize((width, height), Image.Resampling.BICUBIC)
            s = photo.width / full_w  # labelled boxes are in the photo's own pixels
            objects = [o for o in links.truth(xml, image) if o.url and not o.truncated]
            if not objects:
                continue
            letters = lines.letter_height(np.asarray(photo.convert("L")))
            bin_ = next(b for b in BINS if letters < b)
            dets = [
                rd.detector.detect(photo, cfg.candidate_threshold, cfg.nms_iou_threshold, side)[0]
                for side in args.sides
            ]
            for o in objects:
                box = Box(o.box.xmin * s, o.box.ymin * s, o.box.xmax * s, o.box.ymax * s)
                gt = np.array([box])
                found[bin_] += [len(d) > 0 and (iou(gt, np.array(d)) >= 0.3).any() for d in dets]
                count[bin_] += 1
        print(f"{split}: prefixes found from score {cfg.candidate_threshold}, by square side")
        print("  letters     links  " + "  ".join(f"{s or 'short':>6}" for s in args.sides))
        low = 0.0
        for b in BINS:
            if count[b]:
                rates = "  ".join(f"{x / count[b]:6.3f}" for x in found[b])
                print(f"  {low:4.0f}-{b:<5.0f} {count[b]:6d}  {rates}")
            low = b


if __name__ == "__main__":
    main()
