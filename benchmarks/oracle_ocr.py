"""Benchmark: URL exact-match recall of the OCR path given exact prefix boxes (oracle detection).

Renders --pages generated pages at the params in params.yaml (raw section, 1024x1024 by
default, as processed images are), or with --real DIR takes the labelled photos of DIR (as
`real_photos.py` does), reads each labelled prefix's link with the reader's recognizer
(links.recognizer, or --recognizer), and prints how many URLs came back exactly, the precision
of the URLs given, and the median time per link (recognition and decoding, the line found
and cut included), with the misses. Links cut by the photo's border are not counted.

    python benchmarks/oracle_ocr.py --pages 60 [--recognizer tesseract]
    python benchmarks/oracle_ocr.py --real DIR
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from types import SimpleNamespace

from real_photos import displayed, photos_of, read_labels  # this folder's benchmark

from links_detector.common import log
from links_detector.config.params import load
from links_detector.reading import ppocr, recognize
from links_detector.reading.reader import load_photo
from links_detector.synth import generate


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--pages", type=int, default=60)
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--size", type=int, default=1024, help="page side in px (default 1024)")
    p.add_argument(
        "--rotation",
        type=float,
        default=None,
        help="override raw.rotation_deg (e.g. 0 to isolate OCR from skew)",
    )
    p.add_argument("--line-px", type=int, default=None, help="override links.line_px")
    p.add_argument("--show-misses", type=int, default=15)
    p.add_argument("--recognizer", choices=("ppocr", "tesseract"), default=None)
    p.add_argument("--real", metavar="DIR", type=Path, help="labelled real photos instead")
    args = p.parse_args()
    log.setup("WARNING")
    params = load(args.params)
    cfg = SimpleNamespace(**{**vars(params.raw), "width": args.size, "height": args.size})
    if args.rotation is not None:
        cfg.rotation_deg = args.rotation
    recognizer = args.recognizer or params.links.recognizer
    if recognizer == "ppocr":
        ppocr.recognizer()  # loaded before any timing
    total = exact = given = 0
    misses, per_link = [], []
    for img, boxes, printed in pages(args, params, cfg):
        t0 = time.perf_counter()
        got = recognize.read_links(
            img,
            boxes,
            deskew=params.links.deskew,
            line_px=args.line_px or params.links.line_px,
            recognizer=recognizer,
        )
        per_link.append((time.perf_counter() - t0) / len(boxes))
        for url, link in zip(printed, got.links, strict=True):
            if url is None:  # cut by the photo's border: not all of it can be read
                continue
            total += 1
            exact += link.url == url
            given += link.url is not None
            if link.url != url:
                misses.append(f"  {url!r}: read {link.text!r} -> {link.url!r}")
    print(
        f"oracle OCR ({recognizer}): {exact}/{total} URLs exact ({exact / max(total, 1):.1%}), "
        f"precision {exact / max(given, 1):.3f} ({given} given); median "
        f"{statistics.median(per_link) * 1000:.1f} ms per link"
    )
    print("\n".join(misses[: args.show_misses]))


def pages(args, params, cfg):
    """(image, prefix boxes, URL of each or None when cut by the border) per page or photo."""
    if args.real is None:
        for i in range(args.pages):
            img, ann = generate.render_page(i, params.base.seed + 1000, cfg)
            if ann.objects:
                printed = [None if o.truncated else o.url for o in ann.objects]
                yield img, [o.box for o in ann.objects], printed
        return
    entries = read_labels(args.real)
    photos, problems = photos_of(args.real, entries)
    for why in problems.values():
        print(why)
    by_file = {e["file"]: e for e in entries}
    for photo in photos:
        entry = by_file[photo.file]
        box = displayed(entry, photo.path)
        kept = [x for x in entry.get("links", []) if not x.get("prefix_truncated")]
        if kept:
            img, full_w, _ = load_photo(photo.path, params.links.max_side)
            k = img.width / full_w  # (a huge photo is read downscaled)
            boxes = [box(x["prefix_box"]).scale(k, k) for x in kept]
            yield img, boxes, [None if x.get("truncated") else x["url"] for x in kept]


if __name__ == "__main__":
    main()
