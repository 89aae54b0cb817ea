"""The ``links`` stage: read the test split's original photos end to end, against a baseline.

For each test photo (the original, uncropped, as a user would take it) it runs

- the reader: detector -> Tesseract on the line beside each prefix -> URL cleanup
  (``read.Reader``, the same code as ``links-detector read``), and
- the whole-page baseline: Tesseract on the whole photo (page segmentation mode 3, what
  ``tesseract PHOTO stdout`` does) and the URL regex (``urls.find_urls``),

on the same photos in the same process, with the same Tesseract engine. It reports for both:
URL exact-match recall (links read exactly / printed links), precision (correct URLs / URLs
output), and per-photo latency (median and p90; the reader's split into detection and OCR),
plus the reader's prefix detection recall (IoU >= evaluate.iou_threshold) and the speed ratio.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from tqdm import tqdm

from . import images, labels, ocr, tracking, urls, voc
from .atomic import atomic_dir
from .boxes import EXIF_TRANSPOSE, transpose, transposed_size
from .evaluate import match

log = logging.getLogger(__name__)

PHOTO_PREFIX = "photo-"  # the processed stage's name prefix for user photos


def test_photos(test_csv: Path, generated: Path, photos: Path) -> list[tuple[str, Path, Path]]:
    """(name, original photo, its XML) of each test-split image, by name."""
    names = sorted({row["filename"] for row in labels.read_csv(test_csv)})
    out = []
    for name in names:
        stem = Path(name).stem
        folder = generated
        if stem.startswith(PHOTO_PREFIX) and not (generated / f"{stem}.xml").exists():
            folder, stem = photos, stem[len(PHOTO_PREFIX) :]
        xml = folder / f"{stem}.xml"
        if not xml.is_file():
            raise FileNotFoundError(f"{test_csv}: {name}: no original annotation {xml}")
        ann = voc.read(xml)
        image = folder / Path(ann.filename).name
        if not image.is_file():
            image = next(
                (
                    p
                    for p in sorted(folder.glob(f"{stem}.*"))
                    if p.suffix.lower() in images.IMAGE_SUFFIXES
                ),
                image,
            )
        out.append((name, image, xml))
    return out


def truth(xml: Path, image: Path) -> list[voc.VocObject]:
    """The labelled prefixes of ``image``, with boxes in the photo as displayed (EXIF applied)."""
    ann = voc.read(xml)
    loaded = images.load(image)
    method = EXIF_TRANSPOSE.get(loaded.orientation)
    w, h = loaded.image.size
    if method is None or (ann.width, ann.height) == transposed_size(method, w, h):
        return list(ann.objects)  # already in the displayed frame
    return [voc.VocObject(transpose(o.box, method, w, h), o.name, o.url, None) for o in ann.objects]


def score_urls(found: list[str], printed: list[str]) -> tuple[int, int, int]:
    """(exact matches, URLs output, URLs printed), matching as multisets."""
    hits = sum((Counter(found) & Counter(printed)).values())
    return hits, len(found), len(printed)


def _stats(ms: list[float]) -> dict:
    return {
        "median": round(float(np.median(ms)), 1) if ms else 0.0,
        "p90": round(float(np.percentile(ms, 90)), 1) if ms else 0.0,
    }


def baseline(photo_path: Path, max_side: int) -> tuple[list[str], float]:
    """Whole-page Tesseract + URL regex: the URLs found and the milliseconds taken."""
    from .read import load_photo

    t0 = time.perf_counter()
    photo, _, _ = load_photo(photo_path, max_side)
    text = ocr.read(photo.convert("L"), psm=3)
    return urls.find_urls(text), 1000 * (time.perf_counter() - t0)


def run(
    model_dir: Path,
    test_csv: Path,
    generated: Path,
    photos: Path,
    out_dir: Path,
    run_file: Path | None,
    params: SimpleNamespace,
) -> dict:
    from .read import Reader

    cfg = params.links
    items = test_photos(test_csv, generated, photos)
    if cfg.test_images:
        items = items[: cfg.test_images]
    if not items:
        raise ValueError(f"{test_csv}: no test images")
    reader = Reader(model_dir, cfg, params.processed)
    ocr.engine()  # load the English model before timing anything
    tot = Counter()
    times: dict[str, list[float]] = {k: [] for k in ("detect", "ocr", "total", "baseline")}
    records = []
    for name, image, xml in tqdm(items, desc="links", unit="photo", disable=None):
        objects = truth(xml, image)
        printed = [o.url for o in objects if o.url]
        page = reader.read(image)
        found = [link.url for link in page.links]
        hit, out, n = score_urls(found, printed)
        tot.update(hits=hit, output=out, printed=n, prefixes=len(objects))
        if objects and page.detected:
            gt = np.array([[b.ymin, b.xmin, b.ymax, b.xmax] for b in (o.box for o in objects)])
            det = np.array([[b.ymin, b.xmin, b.ymax, b.xmax] for b in page.detected])
            scores = np.array(page.detected_scores)
            tot["prefix_hits"] += int(match(gt, det, scores, params.evaluate.iou_threshold).sum())
        base_found, base_ms = baseline(image, cfg.max_side)
        bhit, bout, _ = score_urls(base_found, printed)
        tot.update(base_hits=bhit, base_output=bout)
        times["detect"].append(page.detect_ms)
        times["ocr"].append(page.ocr_ms)
        times["total"].append(page.total_ms)
        times["baseline"].append(base_ms)
        records.append(
            {
                "image": name,
                "printed": printed,
                "reader": found,
                "reader_texts": [link.text for link in page.links],
                "baseline": base_found,
                "reader_ms": round(page.total_ms, 1),
                "baseline_ms": round(base_ms, 1),
            }
        )
    ratio = lambda a, b: round(a / b, 5) if b else 0.0  # noqa: E731
    reader_ms, base_ms = _stats(times["total"]), _stats(times["baseline"])
    metrics = {
        "images": len(items),
        "printed_links": tot["printed"],
        "reader": {
            "url_recall": ratio(tot["hits"], tot["printed"]),
            "url_precision": ratio(tot["hits"], tot["output"]),
            "prefix_recall": ratio(tot["prefix_hits"], tot["prefixes"]),
            "urls_output": tot["output"],
            "ms": {
                "detect": _stats(times["detect"]),
                "ocr": _stats(times["ocr"]),
                "total": reader_ms,
            },
        },
        "baseline": {
            "url_recall": ratio(tot["base_hits"], tot["printed"]),
            "url_precision": ratio(tot["base_hits"], tot["base_output"]),
            "urls_output": tot["base_output"],
            "ms": {"total": base_ms},
        },
        "speedup_median": ratio(base_ms["median"], reader_ms["median"]),
        "score_threshold": cfg.score_threshold,
        "tesseract": ocr.engine().version,
    }
    with atomic_dir(out_dir) as tmp:
        (tmp / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
        (tmp / "pages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    if run_file is not None:
        run = tracking.Run(params.mlflow, run_file)
        run.metrics(
            {
                f"links/{k}": v
                for k, v in tracking.flatten(metrics).items()
                if isinstance(v, int | float) and not isinstance(v, bool)
            }
        )
        run.artifact(out_dir / "pages.jsonl", "links")
    log.info(
        "links: %d photos, %d printed links. reader: URL recall %.3f, precision %.3f, prefix "
        "recall %.3f, median %.0f ms (p90 %.0f; detect %.0f, OCR %.0f). whole-page baseline: "
        "recall %.3f, precision %.3f, median %.0f ms (p90 %.0f). speed-up %.1fx -> %s",
        len(items),
        tot["printed"],
        metrics["reader"]["url_recall"],
        metrics["reader"]["url_precision"],
        metrics["reader"]["prefix_recall"],
        reader_ms["median"],
        reader_ms["p90"],
        metrics["reader"]["ms"]["detect"]["median"],
        metrics["reader"]["ms"]["ocr"]["median"],
        metrics["baseline"]["url_recall"],
        metrics["baseline"]["url_precision"],
        base_ms["median"],
        base_ms["p90"],
        metrics["speedup_median"],
        out_dir,
    )
    return metrics
