"""Benchmark: prefixes found against detector calls per photo (links.max_calls, links.zooms).

Runs the reader's detection alone (`Reader.detect`: the photo's letters measured, the photo
scaled to them, the squares that hold letters, up to links.max_calls, in the matched view and
the links.zooms views) at each `--max-calls`, with and without the zoomed views, on the links
stage's photos (the first `--images` of the test split and of the held-out styles) and, with
`--real DIR`, on a folder of labelled photos (a labels.json as benchmarks/real_photos.py reads
it). For each: prefix recall at IoU 0.5 counting detections from links.candidate_threshold
(what the reader may read) and from links.score_threshold (what it reads whole), detections
from links.score_threshold that match no labelled prefix (false, per photo), detector calls per
photo and the median time of detection per photo. Choose the cap on the generated splits; a
real folder shows how it carries.
Needs the pipeline's outputs (`dvc repro saved_model` or `make repro` first).

    python benchmarks/detector_calls.py [--max-calls 1 2 4 8 12] [--images 100] [--real DIR]
"""

from __future__ import annotations

import argparse
import copy
import time
from pathlib import Path

import numpy as np
from real_photos import photos_of, read_labels  # this folder's benchmark
from tqdm import tqdm

from links_detector.common import log
from links_detector.common.boxes import Box
from links_detector.common.matching import iou
from links_detector.config.params import load
from links_detector.evaluation import links
from links_detector.reading import reader


def generated(data: Path, csv: str, heldout: bool, n: int) -> list[tuple[Path, list[Box], list]]:
    """(photo, labelled prefixes not cut, cut prefixes) of a split's photos."""
    raw = data / "raw"
    items = links.test_photos(
        data / "labels" / csv,
        raw / "generated",
        raw / "photos",
        raw / "heldout" if heldout else None,
    )[: n or None]
    out = []
    for _, image, xml in items:
        objects = links.truth(xml, image)
        out.append(
            (
                image,
                [o.box for o in objects if not o.truncated],
                [o.box for o in objects if o.truncated],
            )
        )
    return out


def real(folder: Path) -> list[tuple[Path, list[Box], list]]:
    photos, problems = photos_of(folder, read_labels(folder))
    for msg in problems.values():
        print(msg)
    return [(p.path, p.prefixes, p.cut_prefixes + p.ignore) for p in photos]


def _matched(gt: list[Box], boxes: list[Box]) -> np.ndarray:
    """For each of ``gt``, whether a box of ``boxes`` overlaps it at IoU 0.5 or more."""
    if not gt or not boxes:
        return np.zeros(len(gt), bool)
    return (iou(np.array([list(b) for b in gt]), np.array([list(b) for b in boxes])) >= 0.5).any(1)


def measure(rd: reader.Reader, photos: list, desc: str) -> dict:
    cfg = rd.cfg
    low = min(cfg.candidate_threshold, cfg.score_threshold)
    found_low = found_high = total = false = calls = 0
    ms = []
    for path, gt, others in tqdm(photos, desc=desc, unit="photo", disable=None, leave=False):
        photo, full_w, _ = reader.load_photo(Path(path), cfg.max_side)
        s = photo.width / full_w  # labelled boxes are in the photo's full-size px
        gt = [b.scale(s, s) for b in gt]
        others = [b.scale(s, s) for b in others]
        t = time.perf_counter()
        boxes, scores, plan = rd.detect(photo, low)
        ms.append(1000 * (time.perf_counter() - t))
        sure = [b for b, x in zip(boxes, scores, strict=True) if x >= cfg.score_threshold]
        found_low += int(_matched(gt, boxes).sum())
        found_high += int(_matched(gt, sure).sum())
        total += len(gt)
        false += sum(not _matched([b], gt + others)[0] for b in sure)
        calls += plan.calls
    n = max(1, len(photos))
    return {
        "recall_low": found_low / max(total, 1),
        "recall_high": found_high / max(total, 1),
        "prefixes": total,
        "false_per_photo": false / n,
        "calls": calls / n,
        "ms": float(np.median(ms)) if ms else 0.0,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--max-calls", nargs="+", type=int, default=[1, 2, 4, 8, 12])
    p.add_argument("--images", type=int, default=100, help="photos of each split (0 = all)")
    p.add_argument("--real", type=Path, help="also a folder of labelled photos (labels.json)")
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--model", default="data/saved_model")
    p.add_argument("--data", default="data", help="the pipeline's data folder")
    args = p.parse_args()
    log.setup("WARNING")
    params = load(args.params)
    data = Path(args.data)
    sets = {
        "test split": generated(data, "test.csv", False, args.images),
        "held-out styles": generated(data, "heldout.csv", True, args.images),
    }
    if args.real:
        sets[str(args.real)] = real(args.real)
    rd = reader.Reader(Path(args.model), copy.deepcopy(params.links), params.processed)
    rd.detect(reader.Image.new("RGB", (640, 480), "white"), 0.5)  # warm-up before timing
    zoom_options = [list(params.links.zooms), []] if params.links.zooms else [[]]
    print(
        f"letter_px {params.links.letter_px}, max_zoom {params.links.max_zoom}; recall from "
        f"links.candidate_threshold {params.links.candidate_threshold} / from "
        f"links.score_threshold {params.links.score_threshold}\n"
    )
    print("| photos | max_calls | zooms | calls/photo | prefix recall | false/photo | ms |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for name, photos in sets.items():
        for zooms in zoom_options:
            for cap in args.max_calls:
                rd.cfg.max_calls, rd.cfg.zooms = cap, zooms
                m = measure(rd, photos, f"{name} {cap} {zooms}")
                print(
                    f"| {name} | {cap} | {zooms} | {m['calls']:.1f} | "
                    f"{m['recall_low']:.3f} / {m['recall_high']:.3f} ({m['prefixes']}) | "
                    f"{m['false_per_photo']:.2f} | {m['ms']:.0f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
