"""Benchmark: the reader and two whole-page OCR peers on a folder of real photos with labels.

DIR holds the photos and a labels.json (a list, one
entry per photo, with `file` and `links`, each link with `url`, `prefix_box` [xmin, ymin, xmax,
ymax] in the photo's pixels and `truncated`; optional `prefix_truncated` per link and
`ignore_regions` per photo). The photos stay where they are: nothing is copied.

Three methods, each in a pass of its own over the photos (as each would read a folder of them),
each engine loaded and run once on a blank page before any timing:

- reader: `links-detector read`'s code (detector + OCR of the line beside each prefix);
- tesseract: Tesseract psm 3 on the whole photo + the URL regex (the links stage's baseline);
- rapidocr: RapidOCR (rapidocr_onnxruntime, PP-OCRv4 det + rec; the direction classifier off,
  as the photos are upright once EXIF is applied; onnxruntime's default threads) on the whole
  photo, its text lines joined with newlines, + the same URL regex.

Scoring (per photo and in total):

- URL recall: labelled links not `truncated` whose URL was output exactly / such links;
- URL precision: output URLs equal to a labelled URL of the photo / output URLs, an output
  that is the start of a truncated link's URL left out of both counts. URLs count as
  multisets: one URL output twice and printed once is one hit and one wrong output;
- prefix recall (reader): labelled prefixes matched one-to-one (greedy by score) by the
  `prefix_box` of an output link at IoU >= 0.5. A prefix marked `prefix_truncated` (the
  scheme itself cut by the border) counts neither way: it is not in the recall count, and an
  output box on it is no false prefix. A link cut later on (`truncated`, its scheme whole) is
  a prefix like any other;
- false prefixes (reader): output links' prefix boxes that match no labelled prefix at IoU
  >= 0.5 and whose centre lies in no `ignore_regions` box; given per photo;
- time: milliseconds per photo, loading the photo included, median over the photos.

Prints a per-photo table and a totals table in Markdown; --json OUT writes every figure;
--card OUT writes the totals alone with the detector's sha256, for the shipped model's card
(`dvc repro release` puts them there when the detector is the one it ships).
A photo listed in labels.json but missing or unreadable is named on stderr and left out of
every method's figures, the others are still measured, and the exit status is then 1.

    python benchmarks/real_photos.py DIR [--json OUT] [--card OUT] [--params params.yaml]
        [--model DIR] [--check FILE] [--reader-off]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import reader_args  # this folder's
from PIL import Image
from tqdm import tqdm

from links_detector.common import images, log
from links_detector.common.atomic import write_text
from links_detector.common.boxes import EXIF_TRANSPOSE, Box, transpose, transposed_size
from links_detector.common.matching import match
from links_detector.config.params import ParamsError, load
from links_detector.evaluation import links
from links_detector.reading import ocr, urls
from links_detector.reading.detector import MODEL_TFLITE
from links_detector.reading.reader import Reader, load_photo

logger = logging.getLogger("real_photos")

IOU = 0.5  # a prefix box matches a labelled prefix at this IoU or more (the README's scoring)
PEERS = ("tesseract", "rapidocr")
RECOGNIZERS = ("ppocr", "tesseract")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description=__doc__.strip().splitlines()[0],
        epilog="\n".join(__doc__.strip().splitlines()[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dir", metavar="DIR", type=Path, help="a folder of photos and labels.json")
    p.add_argument("--json", metavar="OUT", type=Path, help="write every figure to this file")
    p.add_argument(
        "--card",
        metavar="OUT",
        type=Path,
        help="write the totals and the detector's sha256 to this file (for the model card: "
        "docs/real-photos.json)",
    )
    reader_args.add(p)
    p.add_argument(
        "--recognizers",
        nargs="*",
        metavar="NAME",
        default=None,
        help="the reader once per recognizer named (ppocr, tesseract): `reader` with the params' "
        "own, `reader-NAME` with each other (default: both)",
    )
    p.add_argument(
        "--reader-off",
        action="store_true",
        help="skip the reader: measure the two whole-page peers alone (no model needed)",
    )
    p.add_argument(
        "--peers-off",
        action="store_true",
        help="skip the two whole-page peers: measure the reader alone (for trying its settings)",
    )
    return p


@dataclass
class Photo:
    """One labels.json entry: the photo, its labelled links and its ignore regions, boxes in
    the photo as displayed (EXIF orientation applied, as the reader's boxes are)."""

    file: str
    path: Path
    printed: list[str]  # URLs of the links not cut by the border (scored)
    cut: list[str]  # URLs of the links cut by the border (not scored)
    prefixes: list[Box]  # scored prefixes
    cut_prefixes: list[Box]  # prefixes marked prefix_truncated (count neither way)
    ignore: list[Box]


def read_labels(folder: Path) -> list[dict]:
    """labels.json of ``folder``, checked for what the scoring reads; exits naming the file."""
    if not folder.is_dir():
        sys.exit(f"real_photos: {folder}: no such folder")
    path = folder / "labels.json"
    if not path.is_file():
        sys.exit(f"real_photos: {path}: no labels.json in the folder")
    try:
        entries = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        sys.exit(f"real_photos: {path}: cannot read it: {e}")
    if not isinstance(entries, list):
        sys.exit(f"real_photos: {path}: not a list of photos")
    for i, entry in enumerate(entries):
        where = f"{path}: entry {i}"
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            sys.exit(f"real_photos: {where}: no `file`")
        regions = entry.get("ignore_regions", [])
        if not all(isinstance(r, list) and len(r) == 4 for r in regions):
            sys.exit(
                f"real_photos: {where} ({entry['file']}): `ignore_regions` must be boxes "
                "[xmin, ymin, xmax, ymax]"
            )
        for link in entry.get("links", []):
            if not isinstance(link.get("url"), str) or len(link.get("prefix_box", ())) != 4:
                sys.exit(
                    f"real_photos: {where} ({entry['file']}): a link without `url` or "
                    "`prefix_box` [xmin, ymin, xmax, ymax]"
                )
    return entries


def displayed(entry: dict, path: Path) -> Callable[[list], Box]:
    """A function mapping a labelled box to the photo as displayed: labels are in the JPEG's
    pixels, which are the displayed ones unless the photo has an EXIF rotation and its
    labelled size is the stored one."""
    with Image.open(path) as img:
        w, h = img.size
        orientation = int(img.getexif().get(images.EXIF_ORIENTATION, 1) or 1)
    method = EXIF_TRANSPOSE.get(orientation)
    labelled = (entry.get("width"), entry.get("height"))
    if method is None or labelled == transposed_size(method, w, h):
        return lambda b: Box(*map(float, b))
    return lambda b: transpose(Box(*map(float, b)), method, w, h)


def photos_of(folder: Path, entries: list[dict]) -> tuple[list[Photo], dict[str, str]]:
    """The photos of labels.json that can be opened, and {file: why} for those that cannot."""
    out, problems = [], {}
    for entry in entries:
        path = folder / entry["file"]
        if not path.is_file():
            problems[entry["file"]] = f"{path}: listed in labels.json but not in the folder"
            continue
        try:
            box = displayed(entry, path)
        except (OSError, SyntaxError, ValueError) as e:
            problems[entry["file"]] = f"{path}: cannot read image: {e}"
            continue
        found = entry.get("links", [])
        out.append(
            Photo(
                entry["file"],
                path,
                [x["url"] for x in found if not x.get("truncated")],
                [x["url"] for x in found if x.get("truncated")],
                [box(x["prefix_box"]) for x in found if not x.get("prefix_truncated")],
                [box(x["prefix_box"]) for x in found if x.get("prefix_truncated")],
                [box(r) for r in entry.get("ignore_regions", [])],
            )
        )
    return out, problems


# --- the methods: each (photo path) -> (URLs, ms, the reader's Page or None) ---------------


def rapidocr_read(engine, path: Path, max_side: int) -> tuple[list[str], float]:
    """Whole-page RapidOCR (det + rec) + the URL regex: the URLs found and the ms taken."""
    t0 = time.perf_counter()
    photo, _, _ = load_photo(path, max_side)  # EXIF applied, as for the other two
    result, _ = engine(photo, use_det=True, use_cls=False, use_rec=True)
    text = "\n".join(line[1] for line in result or [])
    return urls.find_urls(text), 1000 * (time.perf_counter() - t0)


def methods(args, params) -> dict[str, Callable[[Path], tuple[list[str], float, object]]]:
    """Each method's engines loaded, and a function reading one photo with it."""
    from rapidocr_onnxruntime import RapidOCR  # a dev dependency: only this benchmark needs it

    max_side = params.links.max_side
    out = {}
    if not args.reader_off:
        own = params.links.recognizer
        others = [r for r in (args.recognizers or RECOGNIZERS) if r != own]
        for name in [own, *others]:
            cfg = SimpleNamespace(**{**vars(params.links), "recognizer": name})
            reader = Reader(
                reader_args.model(args), cfg, params.processed, check=reader_args.check(args)
            )
            out["reader" if name == own else f"reader-{name}"] = _reading(reader)
    if args.peers_off:
        return out
    ocr.engine()  # Tesseract's English model, loaded before any timing
    rapid = RapidOCR()
    out["tesseract"] = lambda path: (*links.baseline(path, max_side), None)
    out["rapidocr"] = lambda path: (*rapidocr_read(rapid, path, max_side), None)
    return out


def _reading(reader: Reader) -> Callable[[Path], tuple[list[str], float, object]]:
    def read(path):
        page = reader.read(path)
        return [link.url for link in page.links], page.total_ms, page

    return read


def warm_up(readers: dict) -> None:
    """Each method once on a blank page (first runs pay for lazy set-up), before timing."""
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank.jpg"
        Image.new("RGB", (640, 480), "white").save(blank)
        for read in readers.values():
            read(blank)


def run_passes(readers: dict, photos: list[Photo]) -> tuple[dict, dict[str, str]]:
    """{method: {file: (URLs, ms, page)}}, each method in a pass of its own over the photos,
    and {file: why} for the photos some method could not read (named on stderr)."""
    results, failed = {}, {}
    for name, read in readers.items():
        results[name] = {}
        for photo in tqdm(photos, desc=name, unit="photo", disable=None):
            try:
                results[name][photo.file] = read(photo.path)
            except (images.ImageError, OSError, ValueError) as e:
                msg = str(e) if photo.file in str(e) else f"{photo.path}: {e}"
                logger.error("%s (%s)", msg, name)
                failed.setdefault(photo.file, f"{msg} ({name})")
    return results, failed


# --- scoring -------------------------------------------------------------------------------


def score_urls(found: list[str], photo: Photo) -> dict:
    """URL figures of one method on one photo (outputs that are what shows of a cut link left
    out, as the links stage does)."""
    kept = links._without_cut(found, photo.cut, photo.printed)
    hits, output, printed = links.score_urls(kept, photo.printed)
    wrong = list((Counter(kept) - Counter(photo.printed)).elements())
    return {"urls": kept, "found": output, "exact": hits, "links": printed, "wrong": wrong}


def _corners(boxes: list[Box]) -> np.ndarray:
    return np.array([list(b) for b in boxes], float).reshape(-1, 4)


def _hits(gt: list[Box], boxes: list[Box], scores: list[float]) -> np.ndarray:
    """For each of ``boxes`` (in its own order): whether it matches one of ``gt``, one to one,
    greedy by score (``matching.match``)."""
    hit = np.zeros(len(boxes), bool)
    if boxes:
        s = np.asarray(scores, float)
        hit[np.argsort(-s)] = match(_corners(gt), _corners(boxes), s, IOU).astype(bool)
    return hit


def _in_region(box: Box, regions: list[Box]) -> bool:
    cx, cy = (box.xmin + box.xmax) / 2, (box.ymin + box.ymax) / 2
    return any(r.xmin <= cx <= r.xmax and r.ymin <= cy <= r.ymax for r in regions)


def score_prefixes(page, photo: Photo) -> dict:
    """The reader's prefix figures on one photo: labelled prefixes matched by its links'
    prefix boxes, and those boxes that match nothing labelled (outside the ignore regions).
    ``detected_hits``: the same recall with every detection, also those whose line read as no
    URL (what the detector found, before OCR)."""
    boxes = [link.prefix_box for link in page.links]
    scores = [link.score for link in page.links]
    hit = _hits(photo.prefixes, boxes, scores)
    rest = [i for i in range(len(boxes)) if not hit[i]]
    neutral = _hits(photo.cut_prefixes, [boxes[i] for i in rest], [scores[i] for i in rest])
    false = [boxes[i] for i, n in zip(rest, neutral, strict=True) if not n]
    false = [b for b in false if not _in_region(b, photo.ignore)]
    detected = _hits(photo.prefixes, page.detected, page.detected_scores)
    printed = set(photo.printed)
    read = sum(1 for i, link in enumerate(page.links) if hit[i] and link.url in printed)
    return {
        "prefix_hits_read_exactly": read,
        "prefixes": len(photo.prefixes),
        "prefix_hits": int(hit.sum()),
        "false_prefixes": len(false),
        "detected_hits": int(detected.sum()),
    }


def photo_record(photo: Photo, results: dict) -> dict:
    """Every figure of one photo, per method."""
    record = {"file": photo.file, "links": len(photo.printed), "cut": len(photo.cut)}
    for name, by_file in results.items():
        found, ms, page = by_file[photo.file]
        record[name] = {**score_urls(found, photo), "ms": round(ms, 1)}
        if page is not None:
            record[name].update(score_prefixes(page, photo))
            record[name]["detector_calls"] = page.plan.calls
            record[name]["scale"] = round(page.plan.factor, 3)
    return record


def ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def method_totals(records: list[dict], name: str) -> dict:
    """One method's figures over all photos."""
    s = lambda key: sum(r[name][key] for r in records)  # noqa: E731
    hits, output, printed = s("exact"), s("found"), s("links")
    out = {
        "url_recall": ratio(hits, printed),
        "url_hits": hits,
        "links": printed,
        "url_precision": ratio(hits, output),
        "urls_output": output,
        "ms": links._stats([r[name]["ms"] for r in records]),
    }
    if records and "prefix_hits" in records[0][name]:
        out.update(
            prefix_recall=ratio(s("prefix_hits"), s("prefixes")),
            prefix_hits=s("prefix_hits"),
            prefixes=s("prefixes"),
            false_prefixes=s("false_prefixes"),
            false_prefixes_per_photo=ratio(s("false_prefixes"), len(records)),
            detected_prefix_recall=ratio(s("detected_hits"), s("prefixes")),
            found_read_exactly=ratio(s("prefix_hits_read_exactly"), s("prefix_hits")),
        )
    out["wrong_urls"] = [[r["file"], u] for r in records for u in r[name]["wrong"]]
    return out


def totals(records: list[dict], names: list[str]) -> dict:
    out = {
        "photos": len(records),
        "links": sum(r["links"] for r in records),
        "links_cut_by_border": sum(r["cut"] for r in records),
    }
    for name in names:
        out[name] = method_totals(records, name)
    if "reader" in names:
        for peer in (p for p in PEERS if p in names):
            out[f"speed_ratio_{peer}_over_reader"] = ratio(
                out[peer]["ms"]["median"], out["reader"]["ms"]["median"]
            )
    return out


# --- output --------------------------------------------------------------------------------


def _row(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def photo_table(records: list[dict], names: list[str]) -> list[str]:
    head = ["photo", "links (cut)"]
    if "reader" in names:
        head += [
            "reader found",
            "reader exact",
            "reader prefix hits",
            "reader false prefixes",
            "reader ms",
        ]
    peers = [p for p in PEERS if p in names]
    for peer in peers:
        head += [f"{peer} found", f"{peer} exact", f"{peer} ms"]
    lines = [_row(head), _row(["---"] * 2 + ["---:"] * (len(head) - 2))]
    for r in records:
        cells = [r["file"], f"{r['links']} ({r['cut']})"]
        if "reader" in names:
            m = r["reader"]
            cells += [
                m["found"],
                m["exact"],
                f"{m['prefix_hits']}/{m['prefixes']}",
                m["false_prefixes"],
                f"{m['ms']:.0f}",
            ]
        for peer in peers:
            cells += [r[peer]["found"], r[peer]["exact"], f"{r[peer]['ms']:.0f}"]
        lines.append(_row(cells))
    return lines


def _share(value: float, of: int) -> str:
    return f"{value:.3f}" if of else "–"  # no output: no precision


def totals_table(t: dict, names: list[str]) -> list[str]:
    lines = [
        _row(
            [
                "method",
                "URL recall",
                "URL precision",
                "median ms/photo",
                "prefix recall",
                "false prefixes/photo",
            ]
        ),
        _row(["---"] + ["---:"] * 5),
    ]
    for name in names:
        m = t[name]
        cells = [
            name,
            f"{m['url_recall']:.3f} ({m['url_hits']} of {m['links']})",
            f"{_share(m['url_precision'], m['urls_output'])} ({m['url_hits']} of "
            f"{m['urls_output']})",
            f"{m['ms']['median']:.0f}",
        ]
        if "prefix_recall" in m:
            cells += [
                f"{m['prefix_recall']:.3f} ({m['prefix_hits']} of {m['prefixes']})",
                f"{m['false_prefixes_per_photo']:.2f} ({m['false_prefixes']})",
            ]
        else:
            cells += ["–", "–"]
        lines.append(_row(cells))
    return lines


def report(records: list[dict], t: dict, names: list[str], folder: Path) -> None:
    print(
        f"## {folder}: {t['photos']} photos, {t['links']} scored links "
        f"({t['links_cut_by_border']} more cut by the border, not scored)\n"
    )
    print("\n".join(photo_table(records, names)))
    print()
    print("\n".join(totals_table(t, names)))
    for name in names:
        m = t[name]
        if "found_read_exactly" in m:
            print(f"\n{name}: of the prefixes found, {m['found_read_exactly']:.3f} read exactly")
        for file, url in m["wrong_urls"]:
            print(f"{name}: wrong URL {url} ({file})")
    if "reader" in names and all(p in names for p in PEERS):
        print(
            f"\nspeed ratio median(rapidocr) / median(reader): "
            f"{t['speed_ratio_rapidocr_over_reader']:.1f}x; median(tesseract) / median(reader): "
            f"{t['speed_ratio_tesseract_over_reader']:.1f}x"
        )


def setup(args) -> tuple[list[Photo], dict[str, str], dict]:
    """The photos to measure, {file: why} for those that cannot be, and the methods, loaded;
    exits naming the file when labels.json, the params, the model or the check cannot be read."""
    try:
        params = load(args.params)
    except (ParamsError, OSError) as e:
        sys.exit(f"real_photos: {args.params}: {e}")
    photos, problems = photos_of(args.dir, read_labels(args.dir))
    for msg in problems.values():
        logger.error("%s", msg)
    try:
        readers = methods(args, params)
    except (FileNotFoundError, ValueError) as e:  # the model or the prefix check
        sys.exit(f"real_photos: {e}")
    except ImportError as e:
        sys.exit(
            f"real_photos: {e}: install the dev tools (pip install --no-deps -r requirements.lock)"
        )
    return photos, problems, readers


def main() -> None:
    args = parser().parse_args()
    log.setup("WARNING")
    photos, problems, readers = setup(args)
    warm_up(readers)
    results, failed = run_passes(readers, photos)
    names = list(readers)
    records = [photo_record(p, results) for p in photos if p.file not in failed]
    t = totals(records, names)
    report(records, t, names, args.dir)
    skipped = {**problems, **failed}
    if args.json:
        args.json.write_text(
            json.dumps({"photos": records, "totals": t, "skipped": skipped}, indent=2) + "\n"
        )
    if args.card:
        write_text(args.card, json.dumps(card_figures(t, names, args), indent=2) + "\n")
    if skipped:
        sys.exit(1)


def card_figures(t: dict, names: list[str], args) -> dict:
    """The totals the model card shows, with the detector they were measured with."""
    lite = reader_args.model(args) / MODEL_TFLITE
    return {
        "model_sha256": hashlib.sha256(lite.read_bytes()).hexdigest() if lite.is_file() else None,
        "photos": t["photos"],
        "links": t["links"],
        "hardware": f"{_cpu()} x{os.cpu_count()}",
        "methods": {
            name: {
                "url_recall": t[name]["url_recall"],
                "url_hits": t[name]["url_hits"],
                "url_precision": t[name]["url_precision"],
                "median_ms": t[name]["ms"]["median"],
            }
            for name in names
        },
    }


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "CPU"


if __name__ == "__main__":
    main()
