"""Benchmark: the reader against whole-page OCR on 1024x1024 photos with up to 3 links.

Renders --pages generated pages at the raw params of params.yaml but 1024x1024 and 0-3 links
(a seed of their own, so none is a training page), saves them as JPEG photos, and times per
photo, in one process on the same Tesseract engine:

- the reader (`links-detector read`'s code: detector + OCR of the line beside each prefix),
- the whole-page baseline (Tesseract psm 3 on the whole photo + the URL regex),

each in a pass of its own over all the photos (as each reads a folder of photos), then again
photo by photo, one after the other. The speed-up is of the passes: photo by photo, the reader
pays for the baseline run before it (its second core idle through the baseline's
single-threaded OCR; the reader after a sleep as long instead of the baseline is as slow),
while the baseline is as fast either way. Both are printed.

Prints the reader's scale params (links.letter_px, max_calls, max_zoom, zooms), median and p90
per photo, the speed-up, URL exact-match recall/precision of both, and the detector calls per
photo (the squares of the views the reader's plan showed the detector).

    python benchmarks/read_speed.py --pages 50 [--model data/saved_model]
        [--check data/check/model.tflite] [--check-threshold P]
        [--ocr-threads N] [--score-threshold T] [--candidate-threshold T]
        [--letter-px H] [--max-calls N] [--max-zoom Z] [--zooms [Z ...]] [--no-tflite]
        (override links params; --no-tflite: the SavedModel, not model.tflite beside it)

The baseline's Tesseract runs single-threaded, as the reader's engines do (with its OpenMP
threads on 2 cores it is somewhat faster); the reader reads links.ocr_threads lines at once:
compare with --ocr-threads 1 for one core each.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import reader_args  # this folder's

from links_detector.common import log
from links_detector.config.params import load
from links_detector.evaluation import links
from links_detector.reading import ocr
from links_detector.reading.reader import Reader
from links_detector.synth import generate


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--pages", type=int, default=50)
    reader_args.add(p)
    p.add_argument(
        "--check-threshold", type=float, default=None, help="override links.check_threshold"
    )
    p.add_argument("--links-max", type=int, default=3)
    p.add_argument("--ocr-threads", type=int, default=None, help="override links.ocr_threads")
    p.add_argument(
        "--score-threshold", type=float, default=None, help="override links.score_threshold"
    )
    p.add_argument(
        "--candidate-threshold", type=float, default=None, help="override links.candidate_threshold"
    )
    p.add_argument("--letter-px", type=float, default=None, help="override links.letter_px")
    p.add_argument("--max-calls", type=int, default=None, help="override links.max_calls")
    p.add_argument("--max-zoom", type=float, default=None, help="override links.max_zoom")
    p.add_argument(
        "--zooms",
        type=float,
        nargs="*",
        default=None,
        help="override links.zooms (no value: the matched view alone)",
    )
    p.add_argument(
        "--no-tflite",
        action="store_true",
        help="run the SavedModel even when the model folder has a model.tflite",
    )
    return p


# the links settings that an option of the same name overrides
OVERRIDES = (
    "ocr_threads",
    "score_threshold",
    "candidate_threshold",
    "check_threshold",
    "letter_px",
    "max_calls",
    "max_zoom",
    "zooms",
)


def override(links_cfg, args) -> None:
    """The links settings given on the command line, in place of params.yaml's."""
    for key in OVERRIDES:
        if getattr(args, key) is not None:
            setattr(links_cfg, key, getattr(args, key))


def report(rows, inter, calls, params, args, reader) -> None:
    """Print the medians, recall and precision of both methods, the speed-ups, and the
    reader's detector calls per photo."""
    ms = np.array([r[:4] for r in rows])
    med, p90 = np.median(ms, axis=0), np.percentile(ms, 90, axis=0)
    rh, ro, rn = np.sum([r[4] for r in rows], axis=0)
    bh, bo, _ = np.sum([r[5] for r in rows], axis=0)
    print(
        f"{args.pages} photos 1024x1024, {rn} links (0-{args.links_max} per photo); "
        f"ocr_threads {params.links.ocr_threads}, score_threshold "
        f"{params.links.score_threshold}, candidate_threshold {params.links.candidate_threshold}, "
        f"letter_px {params.links.letter_px}, max_calls {params.links.max_calls}, max_zoom "
        f"{params.links.max_zoom}, zooms {list(params.links.zooms)}; "
        f"detector {reader.detector.model_file}\n"
        f"reader:   median {med[0]:.0f} ms (p90 {p90[0]:.0f}; detect {med[1]:.0f}, "
        f"OCR {med[2]:.0f}); URL recall {rh / max(rn, 1):.3f}, precision {rh / max(ro, 1):.3f}\n"
        f"baseline: median {med[3]:.0f} ms (p90 {p90[3]:.0f}); URL recall {bh / max(rn, 1):.3f}, "
        f"precision {bh / max(bo, 1):.3f}\n"
        f"speed-up (median baseline / median reader): {med[3] / med[0]:.1f}x\n"
        f"photo by photo, reader then baseline: median {np.median(inter, axis=0)[0]:.0f} ms "
        f"against {np.median(inter, axis=0)[1]:.0f} ms, "
        f"{np.median(inter, axis=0)[1] / np.median(inter, axis=0)[0]:.1f}x\n"
        f"detector calls per photo: mean {np.mean(calls):.2f} (from {min(calls)} to "
        f"{max(calls)})"
    )


def main() -> None:
    args = parser().parse_args()
    log.setup("WARNING")
    params = load(args.params)
    override(params.links, args)
    cfg = SimpleNamespace(
        **{**vars(params.raw), "width": 1024, "height": 1024, "links_max": args.links_max}
    )
    cfg.links_min = min(cfg.links_min, cfg.links_max)
    reader = Reader(
        reader_args.model(args),
        params.links,
        params.processed,
        not args.no_tflite,
        check=reader_args.check(args),
    )
    ocr.engine()
    rows, calls = [], []
    with tempfile.TemporaryDirectory() as tmp:
        photos = []
        for i in range(args.pages):
            img, ann = generate.render_page(i, params.base.seed + 7000, cfg)
            path = Path(tmp) / f"page-{i:04d}.jpg"
            img.save(path, quality=generate.jpeg_quality(params.base.seed + 7000, i, False, cfg))
            photos.append((path, ann))
        # each method in a pass of its own over the photos, as each reads a folder of them
        pages = [reader.read(path) for path, _ in photos]
        base = [links.baseline(path, params.links.max_side) for path, _ in photos]
        # and photo by photo, one method after the other (the reader's second core has been
        # idle through the baseline's single-threaded OCR, and it pays for waking)
        inter = []
        for path, _ in photos:
            inter.append(
                (reader.read(path).total_ms, links.baseline(path, params.links.max_side)[1])
            )
        for page, (base_found, base_ms), (_, ann) in zip(pages, base, photos, strict=True):
            calls.append(page.plan.calls)
            # links cut by the border are not scored (as in the links stage)
            _, reader_score = links.score_against([link.url for link in page.links], ann.objects)
            _, base_score = links.score_against(base_found, ann.objects)
            rows.append(
                (
                    page.total_ms,
                    page.detect_ms,
                    page.ocr_ms,
                    base_ms,
                    reader_score,
                    base_score,
                )
            )
    report(rows, inter, calls, params, args, reader)


if __name__ == "__main__":
    main()
