"""The ``links`` stage: read the test split's original photos end to end, against a baseline.

For each test photo (the original, uncropped, as a user would take it) it runs

- the reader: detector -> Tesseract on the line beside each prefix -> URL cleanup
  (``reading.reader.Reader``, the same code as ``links-detector read``), and
- the whole-page baseline: Tesseract on the whole photo (page segmentation mode 3, what
  ``tesseract PHOTO stdout`` does) and the URL regex (``urls.find_urls``),

on the same photos in the same process, with the same Tesseract engine. It reports for both:
URL exact-match recall (links read exactly / printed links), precision (correct URLs / URLs
output), and per-photo latency (median and p90; the reader's split into detection and OCR),
plus the reader's prefix detection recall (IoU >= evaluate.iou_threshold), its URL recall and
precision per kind of photo (the annotation's ``kind``; ``none`` for a photo without one) and
the speed ratio.
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

from links_detector.common import images, tracking, voc
from links_detector.common.atomic import atomic_dir
from links_detector.common.boxes import EXIF_TRANSPOSE, transpose, transposed_size
from links_detector.common.matching import match
from links_detector.dataset import labels
from links_detector.reading import ocr, urls
from links_detector.reading.reader import Reader, load_photo

log = logging.getLogger(__name__)

PHOTO_PREFIX = "photo-"  # the processed stage's name prefix for user photos


def test_photos(
    test_csv: Path, generated: Path, photos: Path, heldout: Path | None = None
) -> list[tuple[str, Path, Path]]:
    """(name, original photo, its XML) of each image listed in ``test_csv``, by name: generated
    pages, user photos (``photo-*``) and held-out-style pages (``heldout-*``)."""
    names = sorted({row["filename"] for row in labels.read_csv(test_csv)})
    out = []
    for name in names:
        stem = Path(name).stem
        folder = generated
        if stem.startswith(PHOTO_PREFIX) and not (generated / f"{stem}.xml").exists():
            folder, stem = photos, stem[len(PHOTO_PREFIX) :]
        elif stem.startswith(labels.HELDOUT_PREFIX) and heldout is not None:
            folder, stem = heldout, stem[len(labels.HELDOUT_PREFIX) :]
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
    return [
        voc.VocObject(transpose(o.box, method, w, h), o.name, o.url, None, o.truncated)
        for o in ann.objects
    ]


def score_urls(found: list[str], printed: list[str]) -> tuple[int, int, int]:
    """(exact matches, URLs output, URLs printed), matching as multisets."""
    hits = sum((Counter(found) & Counter(printed)).values())
    return hits, len(found), len(printed)


def score_against(found: list[str], objects: list[voc.VocObject]) -> tuple[list[str], tuple]:
    """``found`` less what shows of the links cut by the photo's border (not scored), and its
    (exact matches, URLs output, URLs printed) against the whole links labelled in ``objects``."""
    printed = [o.url for o in objects if o.url and not o.truncated]
    kept = _without_cut(found, [o.url for o in objects if o.url and o.truncated], printed)
    return kept, score_urls(kept, printed)


def _stats(ms: list[float]) -> dict:
    return {
        "median": round(float(np.median(ms)), 1) if ms else 0.0,
        "p90": round(float(np.percentile(ms, 90)), 1) if ms else 0.0,
    }


def baseline(photo_path: Path, max_side: int) -> tuple[list[str], float]:
    """Whole-page Tesseract + URL regex: the URLs found and the milliseconds taken."""

    t0 = time.perf_counter()
    photo, _, _ = load_photo(photo_path, max_side)
    text = ocr.read(photo.convert("L"), psm=3)
    return urls.find_urls(text), 1000 * (time.perf_counter() - t0)


def score_set(items, reader, cfg: SimpleNamespace, iou_threshold: float, desc: str):
    """Reader and baseline on ``items``: (metrics, per-photo records).

    Each runs in a pass of its own over the photos, as each reads a folder of them: photo by
    photo, the reader would pay for the baseline run before it (its second core idle through
    the baseline's single-threaded OCR, its caches cold), and the baseline would not."""
    tot = Counter()
    kinds: dict[str, Counter] = {}
    times: dict[str, list[float]] = {k: [] for k in ("detect", "ocr", "total", "baseline")}
    records = []
    pages = [
        reader.read(image) for _, image, _ in tqdm(items, desc=desc, unit="photo", disable=None)
    ]
    bases = [
        baseline(image, cfg.max_side)
        for _, image, _ in tqdm(items, desc=f"{desc} baseline", unit="photo", disable=None)
    ]
    for (name, image, xml), page, (base_found, base_ms) in zip(items, pages, bases, strict=True):
        objects = truth(xml, image)
        printed = [o.url for o in objects if o.url and not o.truncated]
        cut = [o.url for o in objects if o.url and o.truncated]
        found, (hit, out, n) = score_against([link.url for link in page.links], objects)
        tot.update(hits=hit, output=out, printed=n, prefixes=len(objects), cut=len(cut))
        kind = voc.read(xml).kind or "none"
        kinds.setdefault(kind, Counter()).update(images=1, hits=hit, output=out, printed=n)
        if objects and page.detected:
            gt = np.array([[b.ymin, b.xmin, b.ymax, b.xmax] for b in (o.box for o in objects)])
            det = np.array([[b.ymin, b.xmin, b.ymax, b.xmax] for b in page.detected])
            scores = np.array(page.detected_scores)
            tot["prefix_hits"] += int(match(gt, det, scores, iou_threshold).sum())
        base_found, (bhit, bout, _) = score_against(base_found, objects)
        tot.update(base_hits=bhit, base_output=bout)
        times["detect"].append(page.detect_ms)
        times["ocr"].append(page.ocr_ms)
        times["total"].append(page.total_ms)
        times["baseline"].append(base_ms)
        records.append(
            {
                "image": name,
                "kind": kind,
                "printed": printed,
                "cut_by_border": cut,
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
        "links_cut_by_border": tot["cut"],
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
    }
    metrics["reader"]["by_kind"] = {
        kind: {
            "images": c["images"],
            "printed_links": c["printed"],
            "url_recall": ratio(c["hits"], c["printed"]),
            "url_precision": ratio(c["hits"], c["output"]),
        }
        for kind, c in sorted(kinds.items())
    }
    return metrics, records


def _without_cut(found: list[str], cut: list[str], printed: list[str] | None = None) -> list[str]:
    """``found`` less the URLs that are what shows of a link cut by the photo's border (the
    start of its URL): such links are neither counted as printed nor held against precision.
    A URL also printed whole on the page (``printed``) stays as often as it is printed there
    (``kaggle.com`` in the text, and ``kaggle.com/x`` cut by the border)."""
    room = Counter(printed or [])
    kept = []
    for u in found:
        if any(c.startswith(u) for c in cut):
            if room[u] <= 0:
                continue
            room[u] -= 1
        kept.append(u)
    return kept


def run(
    model_dir: Path,
    test_csv: Path,
    generated: Path,
    photos: Path,
    out_dir: Path,
    run_file: Path | None,
    params: SimpleNamespace,
    heldout: Path | None = None,
    check: Path | None = None,
) -> dict:
    """Score the test split and, when heldout.csv beside ``test_csv`` lists images and the
    ``heldout`` folder is given, the held-out styles (the ``heldout`` key of metrics.json)."""

    cfg = params.links
    items = test_photos(test_csv, generated, photos)
    if cfg.test_images:
        items = items[: cfg.test_images]
    if not items:
        raise ValueError(f"{test_csv}: no test images")
    held_csv = test_csv.parent / "heldout.csv"
    held_items = []
    if heldout is not None and held_csv.exists():
        held_items = test_photos(held_csv, generated, photos, heldout)
        if cfg.test_images:
            held_items = held_items[: cfg.test_images]
    reader = Reader(model_dir, cfg, params.processed, check=check)
    log.info(
        "links: detector %s (%s), prefix check %s",
        reader.detector.model_file,
        reader.detector.runtime,
        reader.check.path if reader.check else "off",
    )
    ocr.engine()  # load the English model before timing anything
    iou = params.evaluate.iou_threshold
    metrics, records = score_set(items, reader, cfg, iou, "links")
    if held_items:
        metrics["heldout"], held_records = score_set(
            held_items, reader, cfg, iou, "links (held-out styles)"
        )
        records += held_records
    metrics["score_threshold"] = cfg.score_threshold
    metrics["detector"] = reader.detector.runtime  # tflite when the saved_model stage wrote one
    metrics["tesseract"] = ocr.engine().version
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
    for label, m in (("test split", metrics), ("held-out styles", metrics.get("heldout"))):
        if m is None:
            continue
        log.info(
            "links (%s): %d photos, %d printed links (%d more cut by the border, not scored). "
            "reader: URL recall %.3f, precision %.3f, prefix recall %.3f, median %.0f ms (p90 "
            "%.0f; detect %.0f, OCR %.0f). whole-page baseline: recall %.3f, precision %.3f, "
            "median %.0f ms (p90 %.0f). speed-up %.1fx",
            label,
            m["images"],
            m["printed_links"],
            m["links_cut_by_border"],
            m["reader"]["url_recall"],
            m["reader"]["url_precision"],
            m["reader"]["prefix_recall"],
            m["reader"]["ms"]["total"]["median"],
            m["reader"]["ms"]["total"]["p90"],
            m["reader"]["ms"]["detect"]["median"],
            m["reader"]["ms"]["ocr"]["median"],
            m["baseline"]["url_recall"],
            m["baseline"]["url_precision"],
            m["baseline"]["ms"]["total"]["median"],
            m["baseline"]["ms"]["total"]["p90"],
            m["speedup_median"],
        )
        for kind, k in m["reader"]["by_kind"].items():
            log.info(
                "links (%s), %s: %d photos, %d printed links, URL recall %.3f, precision %.3f",
                label,
                kind,
                k["images"],
                k["printed_links"],
                k["url_recall"],
                k["url_precision"],
            )
    log.info(
        "links: metrics -> %s/metrics.json, what each read -> %s/pages.jsonl", out_dir, out_dir
    )
    return metrics
