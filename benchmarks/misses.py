"""Benchmark: where the reader's misses are, by kind, on a split's original photos.

Reads each photo of the split with `reader.Reader` (the links stage's reader) and, for every
whole printed link not read exactly, tells which step lost it:

- "no detection": no detection from links.candidate_threshold overlaps its prefix (IoU 0.3);
- "doubtful, no URL": a detection below links.score_threshold, refused by the prefix check or
  the quick look, or read into no URL;
- "read, no URL": a detection read whole whose text cleaned into no URL;
- "misread (exact box reads it)": read into another URL, while the labelled prefix box reads
  the link exactly (the detector's box is to blame);
- "misread (exact box too)": read into another URL from the labelled box as well (OCR and
  the cleaning rules are).

Prints the counts, and with --list each miss: the detection's IoU and score, the best score
at IoU 0.3 from 0.01 (the reader's detector on the photo as it reads it, same plan), what OCR
read, and what the labelled box reads (OCR of the photo in the reader's own pixels). Needs the
pipeline's outputs (`dvc repro links` or `make repro` first). Try reader changes on --split
train (the detector has seen those photos, so it finds more of their prefixes, but they are not
the photos the figures are measured on).

    python benchmarks/misses.py --split train [--images 100] [--list]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import reader_args  # this folder's

from links_detector.common import log
from links_detector.common.boxes import Box
from links_detector.config.params import load
from links_detector.evaluation import links
from links_detector.reading import reader, recognize

SPLITS = {"test": "test.csv", "train": "train.csv", "heldout": "heldout.csv"}


def iou(a: Box, b: Box) -> float:
    w = max(0.0, min(a.xmax, b.xmax) - max(a.xmin, b.xmin))
    h = max(0.0, min(a.ymax, b.ymax) - max(a.ymin, b.ymin))
    union = a.width * a.height + b.width * b.height - w * h
    return w * h / union if union else 0.0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--split", choices=sorted(SPLITS), default="train")
    p.add_argument("--images", type=int, default=0, help="the first N photos (0 = all)")
    p.add_argument("--list", action="store_true", help="print each miss")
    reader_args.add(p)
    p.add_argument("--data", default="data", help="the pipeline's data folder")
    return p


def classify(page, o, photo, cfg):
    """Why the link ``o`` was missed, with what the miss list prints about it.

    ``o.box`` and the page's boxes are in the photo's full-size px (as displayed); ``photo`` is
    the photo as the reader read it (``reader.load_photo``: at most links.max_side), and the
    labelled box is read there, scaled to its px (the box returned is in those px)."""
    gt = o.box
    dets = zip(page.detected, page.detected_scores, strict=True)
    det_iou, det_score = max(((iou(gt, b), sc) for b, sc in dets), default=(0.0, 0.0))
    near = [k for k in page.links if iou(gt, k.prefix_box) >= 0.3]
    box = gt.scale(photo.width / page.width, photo.height / page.height)
    exact = recognize.read_links(photo, [box], line_px=cfg.line_px).links[0].url
    if det_iou < 0.3:
        kind = "no detection"
    elif not near:
        kind = "doubtful, no URL" if det_score < cfg.score_threshold else "read, no URL"
    else:
        kind = "misread (exact box " + ("reads it)" if exact == o.url else "too)")
    return kind, box, det_iou, det_score, near, exact


def misses(objects, kept: list[str]):
    """The labelled, whole links of a photo that the reader did not read exactly."""
    left = Counter(kept)
    for o in objects:
        if not o.url or o.truncated:
            continue
        if left[o.url] > 0:
            left[o.url] -= 1
            continue
        yield o


def main() -> None:
    args = parser().parse_args()
    log.setup("WARNING")
    params = load(args.params)
    cfg = params.links
    raw = Path(args.data) / "raw"
    items = links.test_photos(
        Path(args.data) / "labels" / SPLITS[args.split],
        raw / "generated",
        raw / "photos",
        raw / "heldout",
    )[: args.images or None]
    rd = reader.Reader(
        reader_args.model(args), cfg, params.processed, check=reader_args.check(args)
    )
    kinds: Counter[str] = Counter()
    hits = printed = 0
    for name, image, xml in items:
        page = rd.read(image)
        objects = links.truth(xml, image)
        kept, (h, _, n) = links.score_against([k.url for k in page.links], objects)
        hits, printed = hits + h, printed + n
        # the photo as the reader reads it (its boxes are in these px), in grey as it OCRs it
        photo, _, _ = reader.load_photo(image, cfg.max_side)
        grey = photo.convert("L")
        low = None
        for o in misses(objects, kept):
            kind, box, det_iou, det_score, near, exact = classify(page, o, grey, cfg)
            kinds[kind] += 1
            if args.list:
                if low is None:
                    low = rd.detect(photo, 0.01)[:2]  # boxes in photo's px, as ``box``
                best_low = max(
                    (sc for b, sc in zip(*low, strict=True) if iou(box, b) >= 0.3), default=0.0
                )
                texts = [k.text for k in near]
                print(
                    f"{name}: {o.url}  [{kind}; IoU {det_iou:.2f}, score {det_score:.3f}, "
                    f"best from 0.01 {best_low:.3f}] read {texts}; exact box: {exact}"
                )
    print(
        f"{args.split}: {len(items)} photos, {printed} links, read exactly {hits} "
        f"({hits / max(printed, 1):.3f}); missed {printed - hits}:"
    )
    for kind, count in kinds.most_common():
        print(f"  {count:4d}  {kind}")


if __name__ == "__main__":
    main()
