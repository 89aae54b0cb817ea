"""Benchmark: pages per second of the `raw` generator at the params in params.yaml.

Renders and writes --pages pages (JPEG + XML, as the stage does) into a temporary folder,
once with one worker process and once with one per CPU core, and prints pages/s for each.

    python benchmarks/raw_speed.py --pages 200
"""

from __future__ import annotations

import argparse
import os
import tempfile
from types import SimpleNamespace

from links_detector import generate, log
from links_detector.params import load


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--pages", type=int, default=200, help="pages per run (default 200)")
    p.add_argument("--params", default="params.yaml", help="params file (default params.yaml)")
    args = p.parse_args()
    log.setup("WARNING")
    params = load(args.params)
    cfg = SimpleNamespace(**{**vars(params.raw), "num_images": args.pages})
    cores = os.cpu_count() or 1
    for workers in sorted({1, cores}):
        with tempfile.TemporaryDirectory() as tmp:
            s = generate.generate(os.path.join(tmp, "raw"), cfg, params.base.seed, workers)
        print(
            f"raw generator: {cfg.width}x{cfg.height}, {args.pages} pages, {workers} worker(s): "
            f"{s['pages_per_second']:.1f} pages/s ({s['pages_per_second'] / workers:.1f} per core)"
        )


if __name__ == "__main__":
    main()
