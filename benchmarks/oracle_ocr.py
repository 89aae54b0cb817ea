"""Benchmark: URL exact-match recall of the OCR path given exact prefix boxes (oracle detection).

Renders --pages generated pages at the params in params.yaml (raw section, 1024x1024 by
default, as processed images are), reads each labelled prefix's link with the reader's OCR
path, and prints how many URLs came back exactly, with the misses (links cut by the photo's
border are not counted).

    python benchmarks/oracle_ocr.py --pages 60
"""

from __future__ import annotations

import argparse
import statistics
import time
from types import SimpleNamespace

from links_detector.common import log
from links_detector.config.params import load
from links_detector.reading import recognize
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
    args = p.parse_args()
    log.setup("WARNING")
    params = load(args.params)
    cfg = SimpleNamespace(**{**vars(params.raw), "width": args.size, "height": args.size})
    if args.rotation is not None:
        cfg.rotation_deg = args.rotation
    total = exact = 0
    misses, per_link = [], []
    for i in range(args.pages):
        img, ann = generate.render_page(i, params.base.seed + 1000, cfg)
        if not ann.objects:
            continue
        t0 = time.perf_counter()
        got = recognize.read_links(
            img,
            [o.box for o in ann.objects],
            deskew=params.links.deskew,
            line_px=args.line_px or params.links.line_px,
        )
        per_link.append((time.perf_counter() - t0) / len(ann.objects))
        for obj, link in zip(ann.objects, got.links, strict=True):
            if obj.truncated:  # cut by the photo's border: not all of it can be read
                continue
            total += 1
            exact += link.url == obj.url
            if link.url != obj.url:
                misses.append(f"  {obj.url!r}: read {link.text!r} -> {link.url!r}")
    print(
        f"oracle OCR: {exact}/{total} URLs exact ({exact / max(total, 1):.1%}) on "
        f"{args.pages} pages; median {statistics.median(per_link) * 1000:.0f} ms per link"
    )
    print("\n".join(misses[: args.show_misses]))


if __name__ == "__main__":
    main()
