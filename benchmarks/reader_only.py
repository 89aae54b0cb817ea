"""Benchmark: the reader alone on the links stage's photos, with links params overridden.

Reads the same photos as the `links` stage (the test split and the held-out styles, the first
links.test_images of each when it is set; originals as a user would take them), or with
`--split train` the training split's (`--split heldout`: the held-out styles' alone), with
`reader.Reader`, and prints URL exact-match recall and precision, the median time per photo and
the detector calls per photo, without the whole-page baseline (so faster than
`dvc repro links`): for trying reader settings before running the stage with them
(`dvc exp run -S links.KEY=VALUE`). Try reader changes on the training split's photos (and the
held-out styles'), and measure them on the test split once, so the figures are not of photos
the reader was tuned on.
Needs the pipeline's outputs (`dvc repro links` or `make repro` first).

    python benchmarks/reader_only.py letter_px=13 max_calls=8 [--model data/saved_model]
        [--check data/check/model.tflite]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import reader_args  # this folder's

from links_detector.common import log
from links_detector.config.params import load
from links_detector.evaluation import links
from links_detector.reading.reader import Reader


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("overrides", nargs="*", metavar="KEY=VALUE", help="links params to override")
    reader_args.add(p)
    p.add_argument("--data", default="data", help="the pipeline's data folder")
    p.add_argument(
        "--split",
        choices=("test", "train", "heldout"),
        default="test",
        help="photos to read: the links stage's (test split and held-out styles; default), or "
        "the training split's, a set for trying reader changes on that the figures are not "
        "measured on (the detector has seen these photos, so it finds more of their prefixes); "
        "or the held-out styles' alone (fonts and layouts training never saw)",
    )
    p.add_argument(
        "--show-misses",
        action="store_true",
        help="also print each printed URL not read exactly, with what OCR read on its photo",
    )
    args = p.parse_args()
    log.setup("WARNING")
    params = load(args.params)
    for kv in args.overrides:
        key, _, value = kv.partition("=")
        if not hasattr(params.links, key):
            p.error(f"{kv}: links has no key {key!r}")
        old = getattr(params.links, key)
        setattr(
            params.links,
            key,
            value.lower() == "true" if isinstance(old, bool) else type(old)(value),
        )
    data = Path(args.data)
    raw = data / "raw"
    n = params.links.test_images or None
    every = {  # label -> (labels CSV, a folder of held-out pages or None)
        "training split": ("train.csv", None),
        "test split": ("test.csv", None),
        "held-out styles": ("heldout.csv", raw / "heldout"),
    }
    chosen = {
        "train": ["training split"],
        "heldout": ["held-out styles"],
        "test": ["test split", "held-out styles"],
    }[args.split]
    sets = {
        label: links.test_photos(
            data / "labels" / every[label][0],
            raw / "generated",
            raw / "photos",
            every[label][1],
        )[:n]
        for label in chosen
    }
    reader = Reader(
        reader_args.model(args),
        params.links,
        params.processed,
        check=reader_args.check(args),
    )
    print("links params:", ", ".join(f"{k} {v}" for k, v in vars(params.links).items()))
    for label, items in sets.items():
        hits = output = printed = calls = 0
        ms = []
        for _, image, xml in items:
            page = reader.read(image)
            _, (h, o, w) = links.score_against(
                [link.url for link in page.links], links.truth(xml, image)
            )
            hits, output, printed = hits + h, output + o, printed + w
            if args.show_misses:
                objects = links.truth(xml, image)
                found = [link.url for link in page.links]
                for obj in objects:
                    if obj.url and not obj.truncated and obj.url not in found:
                        texts = [link.text for link in page.links]
                        print(f"  {image.name}: missed {obj.url!r}; read {texts}")
            calls += page.plan.calls
            ms.append(page.total_ms)
        print(
            f"{label}: {len(items)} photos, {printed} links; URL recall "
            f"{hits / max(printed, 1):.3f} ({hits}), precision {hits / max(output, 1):.3f}; "
            f"median {np.median(ms):.0f} ms "
            f"(p90 {np.percentile(ms, 90):.0f}); "
            f"detector calls {calls / max(len(items), 1):.2f} per photo"
        )


if __name__ == "__main__":
    main()
