"""Benchmark: photos per second of the `raw` generator, per core.

Renders and writes --pages pages (JPEG + XML, as the stage does) into a temporary folder with
the params in params.yaml at --size (default 1024x1024, the issue's target size), once with one
worker process and once with one per CPU core, and prints pages/s for each.

    python benchmarks/raw_speed.py --pages 200
"""

from __future__ import annotations

import argparse
import os
import tempfile
from types import SimpleNamespace

from links_detector.common import log
from links_detector.config.params import load
from links_detector.synth import generate


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--pages", type=int, default=200, help="pages per run (default 200)")
    p.add_argument("--size", default="1024x1024", help="photo size WxH (default 1024x1024)")
    p.add_argument("--params", default="params.yaml", help="params file (default params.yaml)")
    args = p.parse_args()
    log.setup("WARNING")
    params = load(args.params)
    w, h = (int(v) for v in args.size.lower().split("x"))
    cfg = SimpleNamespace(**{**vars(params.raw), "num_images": args.pages, "width": w, "height": h})
    cores = os.cpu_count() or 1
    for workers in sorted({1, cores}):
        with tempfile.TemporaryDirectory() as tmp:
            s = generate.generate(os.path.join(tmp, "raw"), cfg, params.base.seed, workers)
        print(
            f"raw generator: {w}x{h}, {args.pages} pages, {workers} worker(s): "
            f"{s['pages_per_second']:.1f} pages/s ({s['pages_per_second'] / workers:.1f} per core)"
        )


if __name__ == "__main__":
    main()
