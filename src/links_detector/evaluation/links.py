"""The ``links`` stage: read the test split's original photos end to end, against a baseline.

For each test photo (the original, uncropped, as a user would take it) it runs

- the reader: detector -> the recognizer on the line beside each prefix -> URL cleanup
  (``reading.reader.Reader``, the same code as ``links-detector read``), once with each
  recognizer: ``reader`` with the params' (``links.recognizer``: ppocr or tesseract), and
  ``reader-NAME`` with each other one, so that a change to either shows here; and
- the whole-page baseline: Tesseract on the whole photo (page segmentation mode 3, what
  ``tesseract PHOTO stdout`` does) and the URL regex (``urls.find_urls``),

on the same photos in the same process, each method in a pass of its own. It reports for
each: URL exact-match recall (links read exactly / printed links), precision (correct URLs /
URLs output), and per-photo latency (median and p90; a reader's split into detection and OCR),
plus each reader's recognizer, prefix detection recall (IoU >= evaluate.iou_threshold) and URL
recall and precision per kind of photo (the annotation's ``kind``; ``none`` for a photo
without one), and the speed ratio of the baseline to ``reader``.
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
from links_detector.config.params import SCHEMA
from links_detector.dataset import labels
from links_detector.reading import ocr, urls
from links_detector.reading.reader import Reader, load_photo

log = logging.getLogger(__name__)

PHOTO_PREFIX = "photo-"  # the processed stage's name prefix for user photos
RECOGNIZERS = SCHEMA["links"]["recognizer"].choices  # each has a reader of its own


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


def _urls(objects: list[voc.VocObject], cut: bool = False) -> list[str]:
    """The URLs of the links labelled in ``objects``: printed whole (scored), or with ``cut``
    those cut by the photo's border (not scored)."""
    return [o.url for o in objects if o.url and bool(o.truncated) == cut]


def score_against(found: list[str], objects: list[voc.VocObject]) -> tuple[list[str], tuple]:
    """``found`` less what shows of the links cut by the photo's border (not scored), and its
    (exact matches, URLs output, URLs printed) against the whole links labelled in ``objects``."""
    printed = _urls(objects)
    kept = _without_cut(found, _urls(objects, cut=True), printed)
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


def _ratio(a: float, b: float) -> float:
    return round(a / b, 5) if b else 0.0


def _prefix_hits(page, objects: list[voc.VocObject], iou_threshold: float) -> int:
    """Labelled prefixes of a photo that one of ``page``'s detections matches."""
    if not objects or not page.detected:
        return 0
    gt = np.array([[b.ymin, b.xmin, b.ymax, b.xmax] for b in (o.box for o in objects)])
    det = np.array([[b.ymin, b.xmin, b.ymax, b.xmax] for b in page.detected])
    return int(match(gt, det, np.array(page.detected_scores), iou_threshold).sum())


def reader_figures(pages, truths, iou_threshold: float) -> tuple[dict, list[list[str]]]:
    """One reader's figures on a set: URL recall and precision, prefix recall, latency and the
    URL figures per kind of photo; and the URLs it is scored on, photo by photo. ``truths``:
    each photo's (labelled objects, kind)."""
    tot = Counter()
    kinds: dict[str, Counter] = {}
    scored = []
    for page, (objects, kind) in zip(pages, truths, strict=True):
        found, (hit, out, n) = score_against([link.url for link in page.links], objects)
        scored.append(found)
        tot.update(hits=hit, output=out, printed=n, prefixes=len(objects))
        tot["prefix_hits"] += _prefix_hits(page, objects, iou_threshold)
        kinds.setdefault(kind, Counter()).update(images=1, hits=hit, output=out, printed=n)
    figures = {
        "url_recall": _ratio(tot["hits"], tot["printed"]),
        "url_precision": _ratio(tot["hits"], tot["output"]),
        "prefix_recall": _ratio(tot["prefix_hits"], tot["prefixes"]),
        "urls_output": tot["output"],
        "ms": {
            k: _stats([getattr(p, f"{k}_ms") for p in pages]) for k in ("detect", "ocr", "total")
        },
        "by_kind": {
            kind: {
                "images": c["images"],
                "printed_links": c["printed"],
                "url_recall": _ratio(c["hits"], c["printed"]),
                "url_precision": _ratio(c["hits"], c["output"]),
            }
            for kind, c in sorted(kinds.items())
        },
    }
    return figures, scored


def baseline_figures(bases, truths) -> tuple[dict, list[list[str]]]:
    """The whole-page baseline's figures on a set, and the URLs it is scored on, photo by
    photo. ``bases``: its (URLs found, ms) on each photo."""
    tot = Counter()
    scored = []
    for (found, _), (objects, _) in zip(bases, truths, strict=True):
        found, (hit, out, n) = score_against(found, objects)
        scored.append(found)
        tot.update(hits=hit, output=out, printed=n)
    figures = {
        "url_recall": _ratio(tot["hits"], tot["printed"]),
        "url_precision": _ratio(tot["hits"], tot["output"]),
        "urls_output": tot["output"],
        "ms": {"total": _stats([ms for _, ms in bases])},
    }
    return figures, scored


def score_set(items, readers: dict, cfg: SimpleNamespace, iou_threshold: float, desc: str):
    """Each reader of ``readers`` (``{name: Reader}``: ``reader``, the params' recognizer, and
    ``reader-NAME``, each other one) and the baseline on ``items``: (metrics, per-photo
    records).

    Each runs in a pass of its own over the photos, as each reads a folder of them: photo by
    photo, a reader would pay for the method run before it (its second core idle through
    the baseline's single-threaded OCR, its caches cold, another recognizer's model in them),
    and the baseline would not."""
    pages = {
        name: [
            reader.read(image)
            for _, image, _ in tqdm(
                items,
                desc=desc if name == "reader" else f"{desc} {name}",
                unit="photo",
                disable=None,
            )
        ]
        for name, reader in readers.items()
    }
    bases = [
        baseline(image, cfg.max_side)
        for _, image, _ in tqdm(items, desc=f"{desc} baseline", unit="photo", disable=None)
    ]
    truths = [(truth(xml, image), voc.read(xml).kind or "none") for _, image, xml in items]
    metrics = {
        "images": len(items),
        "printed_links": sum(len(_urls(objects)) for objects, _ in truths),
        "links_cut_by_border": sum(len(_urls(objects, cut=True)) for objects, _ in truths),
    }
    found = {}
    for name, reader in readers.items():
        figures, found[name] = reader_figures(pages[name], truths, iou_threshold)
        metrics[name] = {"recognizer": reader.cfg.recognizer, **figures}
    metrics["baseline"], found["baseline"] = baseline_figures(bases, truths)
    metrics["speedup_median"] = _ratio(
        metrics["baseline"]["ms"]["total"]["median"], metrics["reader"]["ms"]["total"]["median"]
    )
    return metrics, _records(items, truths, pages, bases, found)


def _records(items, truths, pages: dict, bases, found: dict) -> list[dict]:
    """What each method read on each photo, scored (the records of pages.jsonl): for each
    reader NAME the URLs (``NAME``), the text its recognizer read beside each (``NAME_texts``)
    and its milliseconds (``NAME_ms``)."""
    records = []
    for i, ((name, _, _), (objects, kind)) in enumerate(zip(items, truths, strict=True)):
        record = {
            "image": name,
            "kind": kind,
            "printed": _urls(objects),
            "cut_by_border": _urls(objects, cut=True),
        }
        for who, read in pages.items():
            record[who] = found[who][i]
            record[f"{who}_texts"] = [link.text for link in read[i].links]
        record["baseline"] = found["baseline"][i]
        for who, read in pages.items():
            record[f"{who}_ms"] = round(read[i].total_ms, 1)
        record["baseline_ms"] = round(bases[i][1], 1)
        records.append(record)
    return records


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


def reader_per_recognizer(
    model_dir: Path, params: SimpleNamespace, check: Path | None = None
) -> dict:
    """The reader with the params' recognizer (``reader``) and one with each other recognizer
    (``reader-NAME``), as benchmarks/real_photos.py runs them: ``{name: Reader}``, the
    params' first. Each loads the detector (and the prefix check) for itself: a reader reads
    a photo whole, detection included, so that each is timed as it runs."""
    own = params.links.recognizer
    out = {}
    for name in (own, *(r for r in RECOGNIZERS if r != own)):
        cfg = SimpleNamespace(**{**vars(params.links), "recognizer": name})
        key = "reader" if name == own else f"reader-{name}"
        out[key] = Reader(model_dir, cfg, params.processed, check=check)
    return out


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
    methods = reader_per_recognizer(model_dir, params, check)
    reader = methods["reader"]
    log.info(
        "links: detector %s (%s), prefix check %s, recognizers %s",
        reader.detector.model_file,
        reader.detector.runtime,
        reader.check.path if reader.check else "off",
        ", ".join(f"{r.cfg.recognizer} ({name})" for name, r in methods.items()),
    )
    ocr.engine()  # load the English model before timing anything
    iou = params.evaluate.iou_threshold
    metrics, records = score_set(items, methods, cfg, iou, "links")
    if held_items:
        metrics["heldout"], held_records = score_set(
            held_items, methods, cfg, iou, "links (held-out styles)"
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
        if m is not None:
            _log_set(label, m, list(methods))
    log.info(
        "links: metrics -> %s/metrics.json, what each read -> %s/pages.jsonl", out_dir, out_dir
    )
    return metrics


def _log_set(label: str, m: dict, names: list[str]) -> None:
    """The figures of one set (``m``), each reader's (``names``) and the baseline's."""
    log.info(
        "links (%s): %d photos, %d printed links (%d more cut by the border, not scored). "
        "whole-page baseline: recall %.3f, precision %.3f, median %.0f ms (p90 %.0f). "
        "speed-up of the reader (%s) %.1fx",
        label,
        m["images"],
        m["printed_links"],
        m["links_cut_by_border"],
        m["baseline"]["url_recall"],
        m["baseline"]["url_precision"],
        m["baseline"]["ms"]["total"]["median"],
        m["baseline"]["ms"]["total"]["p90"],
        m["reader"]["recognizer"],
        m["speedup_median"],
    )
    for name in names:
        r = m[name]
        log.info(
            "links (%s), %s (%s): URL recall %.3f, precision %.3f, prefix recall %.3f, median "
            "%.0f ms (p90 %.0f; detect %.0f, OCR %.0f)",
            label,
            name,
            r["recognizer"],
            r["url_recall"],
            r["url_precision"],
            r["prefix_recall"],
            r["ms"]["total"]["median"],
            r["ms"]["total"]["p90"],
            r["ms"]["detect"]["median"],
            r["ms"]["ocr"]["median"],
        )
        for kind, k in r["by_kind"].items():
            log.info(
                "links (%s), %s (%s), %s: %d photos, %d printed links, URL recall %.3f, "
                "precision %.3f",
                label,
                name,
                r["recognizer"],
                kind,
                k["images"],
                k["printed_links"],
                k["url_recall"],
                k["url_precision"],
            )
