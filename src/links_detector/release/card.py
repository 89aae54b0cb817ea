"""The model card: ``models/default/README.md``, from the record ``folder.make`` writes."""

from __future__ import annotations

from types import SimpleNamespace

REAL_PHOTOS_COMMAND = (
    "python benchmarks/real_photos.py DIR --model models/default --card docs/real-photos.json"
)

FILES = {
    "model.tflite": "the detector (TensorFlow Lite): `https://` and `http://` prefixes",
    "links_detector.json": "the preprocessing it was trained with, the reader's `links` "
    "settings, and every figure below",
    "check.tflite": "the prefix check: screens doubtful detections before OCR",
    "tfjs/model.json": "the detector for the browser (TensorFlow.js graph model, uint8 weights)",
}


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.3f}"


def _reading(m: dict, name: str) -> str:
    r = m.get(name) or {}
    if not r:
        return "–"
    ms = r.get("ms", {}).get("total", {}).get("median")
    return (
        f"URL recall **{_pct(r.get('url_recall'))}**, precision {_pct(r.get('url_precision'))}"
        f" ({r.get('recognizer', '?')}; {ms:.0f} ms a photo)"
        if ms is not None
        else f"URL recall {_pct(r.get('url_recall'))}"
    )


def _figures(record: dict) -> list[str]:
    ev, links = record["evaluate"], record["links_stage"]
    held_ev, held_links = ev.get("heldout", {}), links.get("heldout", {})
    rows = [
        "| what | test split | held-out styles | command |",
        "|---|---|---|---|",
        f"| detection mAP@0.5 | **{_pct(ev.get('mAP@0.5'))}** | "
        f"{_pct(held_ev.get('mAP@0.5'))} | `dvc repro evaluate` |",
    ]
    for name in ("reader", *sorted(k for k in links if k.startswith("reader-"))):
        rows.append(
            f"| `{name}` | {_reading(links, name)} | {_reading(held_links, name)} | "
            "`dvc repro links` |"
        )
    by_kind = ev.get("by_kind") or {}
    if len(by_kind) > 1:
        kinds = ", ".join(f"{k} {_pct(v.get('mAP@0.5'))}" for k, v in sorted(by_kind.items()))
        rows.append(f"| mAP@0.5 by kind | {kinds} | | `dvc repro evaluate` |")
    return rows


def _real_photos(record: dict) -> list[str]:
    real = record.get("real_photos")
    if not real:
        return [
            "Not measured with this detector. On a folder of labelled photos "
            "(`labels.json`, as `benchmarks/real_photos.py --help` describes):",
            "",
            f"    {REAL_PHOTOS_COMMAND}",
            "",
            "then `dvc repro release` puts the figures here.",
        ]
    lines = [
        f"{real['photos']} real phone photos ({real.get('what', 'labelled links')}), "
        f"{real['links']} scored links, one run on {real.get('hardware', 'this machine')}:",
        "",
        "| method | URL recall | URL precision | median ms/photo |",
        "|---|---:|---:|---:|",
    ]
    for name, m in real["methods"].items():
        lines.append(
            f"| {_method(name, record)} | {_pct(m['url_recall'])} ({m['url_hits']} of "
            f"{real['links']}) | {_pct(m['url_precision'])} | {m['median_ms']:.0f} |"
        )
    lines += ["", f"Command: `{REAL_PHOTOS_COMMAND}` (DIR: the photos and their labels.json)."]
    return lines


PEERS = {
    "tesseract": "whole-page Tesseract + URL regex",
    "rapidocr": "whole-page RapidOCR (PP-OCRv4) + URL regex",
}


def _method(name: str, record: dict) -> str:
    """A benchmark method's name as the card shows it."""
    if name == "reader":
        return f"reader (`{record['links']['recognizer']}`)"
    if name.startswith("reader-"):
        return f"reader (`{name.removeprefix('reader-')}`)"
    return PEERS.get(name, name)


def _made(record: dict, params: SimpleNamespace) -> list[str]:
    raw, train, links = params.raw, params.train, record["links"]
    t = record["train"]
    layouts = ", ".join(f"{k} {v:g}" for k, v in raw.layouts.items())
    return [
        f"- **Made by** the default `dvc repro` at commit `{record['git_commit']}`.",
        f"- **Data**: {raw.num_images} generated photos (80% trained on), kinds {layouts}; "
        f"{len(raw.fonts)} font families; held out: {', '.join(raw.heldout_layouts)} pages "
        f"in {', '.join(raw.heldout_fonts)} ({raw.heldout_images} photos). No real photos.",
        f"- **Detector**: SSD MobileNetV2 FPNLite, {train.image_size}² input, depth multiplier "
        f"{train.depth_multiplier}, FPN depth {train.fpn_depth}, from scratch, "
        f"{train.steps} steps of batch {train.batch_size} (learning rate {train.learning_rate}, "
        "cosine).",
        f"- **Training**: {t['seconds'] / 60:.1f} min ({t['seconds_per_step']} s a step) on "
        f"{record['hardware']}.",
        f"- **Reader settings**: recognizer `{links['recognizer']}`, score threshold "
        f"{links['score_threshold']}, letter height {links['letter_px']} px, at most "
        f"{links['max_calls']} detector calls a photo.",
    ]


def render(record: dict, params: SimpleNamespace, sizes: dict[str, int]) -> str:
    total = sum(sizes.values())
    files = [
        "| file | bytes | what |",
        "|---|---:|---|",
        *(
            f"| `{name}` | {size:,} | {FILES.get(name, 'its weights')} |"
            for name, size in sorted(sizes.items())
        ),
    ]
    return "\n".join(
        [
            "# links-detector: the shipped model",
            "",
            "The detector and reader settings `links-detector read` and `read_links()` use when "
            "the pipeline has not made a model of its own (`data/saved_model`). Written by the "
            "`release` stage; do not edit.",
            "",
            "    links-detector read photo.jpg",
            "",
            "## How it was made",
            "",
            *_made(record, params),
            "",
            "## Figures",
            "",
            "Generated pages (the pipeline's test split and held-out styles):",
            "",
            *_figures(record),
            "",
            "Real photos:",
            "",
            *_real_photos(record),
            "",
            "## Files",
            "",
            *files,
            "",
            f"{total / 1e6:.1f} MB in all.",
            "",
            "## Remake it",
            "",
            "`dvc repro` (or `make repro`) trains a detector from nothing and runs this stage, "
            "which rewrites this folder. Commit the new folder only when its figures beat "
            "these; say so in the commit.",
            "",
        ]
    )
