"""The ``processed`` stage: pair photos with their VOC XML, preprocess both, report what was kept.

Inputs are folders of images with LabelImg XML beside them (the generated pages, and any photos a
user dropped into ``data/raw/photos/``). An image is paired with the XML whose ``<filename>``
names it, or else with the XML of the same stem. Bad input is reported with the file and the
problem and left out; everything else goes through:

- unreadable or truncated images, unreadable XML: the pair is skipped;
- an XML naming an image that is not there, an image with no XML: skipped;
- boxes that are inverted, zero-area or wholly outside the image, or of another class: that
  object is dropped (and the image too if none of its objects is left, since it would
  otherwise teach the model that its links are not links); boxes sticking out are clipped;
- RGBA, palette, 16-bit, CMYK and other modes are converted to 8-bit;
- EXIF orientation is applied to the pixels and the boxes. Boxes are taken to be in the stored
  pixel frame, as LabelImg shows images, unless the XML's ``<size>`` is the rotated size.

After the centre crop, an object with less than ``processed.min_visible`` of its prefix box left
in the image is dropped and counted.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace

from links_detector import CLASS_NAME
from links_detector.common import images, parallel, voc
from links_detector.common.atomic import atomic_dir
from links_detector.common.boxes import EXIF_TRANSPOSE, Box, problem, transposed_size

log = logging.getLogger(__name__)


@dataclass
class Pair:
    image: Path | None
    xml: Path | None
    out_stem: str
    skip: tuple[str, str] | None = None  # (reason, message) when the pair cannot be used


@dataclass
class Result:
    out_stem: str
    written: bool = False
    skip_reason: str | None = None
    messages: list[tuple[int, str]] = field(default_factory=list)
    kept: int = 0
    dropped: Counter = field(default_factory=Counter)
    clipped: int = 0
    converted_from: str | None = None
    exif_rotated: bool = False


def find_pairs(folder: Path, prefix: str) -> list[Pair]:
    """Pair the images and XML files of ``folder``; unusable ones come back with ``skip`` set."""
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    imgs = {p.name: p for p in files if p.suffix.lower() in images.IMAGE_SUFFIXES}
    by_stem: dict[str, list[Path]] = {}
    for p in imgs.values():
        by_stem.setdefault(p.stem, []).append(p)
    used: set[str] = set()
    pairs: list[Pair] = []
    for xml in (p for p in files if p.suffix.lower() == ".xml"):
        out_stem = prefix + xml.stem
        try:
            named = voc.read(xml).filename
        except voc.VocError as e:
            pairs.append(Pair(None, xml, out_stem, ("unreadable annotation", str(e))))
            used.update(p.name for p in by_stem.get(xml.stem, []))
            continue
        img = imgs.get(Path(named).name) or next(iter(by_stem.get(xml.stem, [])), None)
        if img is None:
            pairs.append(
                Pair(
                    None,
                    xml,
                    out_stem,
                    (
                        "annotation without image",
                        f"{xml}: names image {named!r}, which does not exist in {folder}",
                    ),
                )
            )
            continue
        used.add(img.name)
        pairs.append(Pair(img, xml, out_stem))
    for name, img in imgs.items():
        if name not in used:
            pairs.append(
                Pair(
                    img,
                    None,
                    prefix + img.stem,
                    (
                        "image without annotation",
                        f"{img}: no LabelImg annotation (expected {img.with_suffix('.xml').name})",
                    ),
                )
            )
    return sorted(pairs, key=lambda p: p.out_stem)


def _annotation_frame(ann: voc.Annotation, loaded: images.Loaded, pair: Pair) -> bool | str:
    """True if the XML's boxes are in the EXIF-rotated frame, False if in the stored frame.

    A string is a size mismatch message.
    """
    w, h = loaded.image.size
    if ann.width is None or (ann.width, ann.height) == (w, h):
        return False
    method = EXIF_TRANSPOSE.get(loaded.orientation)
    if method is not None and (ann.width, ann.height) == transposed_size(method, w, h):
        return True
    return (
        f"{pair.xml}: <size> {ann.width}x{ann.height} does not match the image "
        f"{pair.image.name}, which is {w}x{h}"
    )


def process_pair(job: tuple[Pair, SimpleNamespace, str, str]) -> Result:
    """Preprocess one pair into ``out_dir``; ``folder`` is the name written in the XML."""
    pair, cfg, out_dir, folder = job
    res = Result(pair.out_stem)
    if pair.skip:
        return _skipped(res, pair.skip[0], pair.skip[1])
    try:
        loaded = images.load(pair.image)
    except images.ImageError as e:
        return _skipped(res, "unreadable image", str(e))
    ann = voc.read(pair.xml)  # readable: find_pairs parsed it already
    rotated_frame = _annotation_frame(ann, loaded, pair)
    if isinstance(rotated_frame, str):
        return _skipped(res, "size mismatch", rotated_frame)
    res.converted_from = loaded.converted_from
    res.exif_rotated = loaded.orientation != 1
    img, geo = images.preprocess(loaded, cfg)
    frame = (ann.width, ann.height) if ann.width else loaded.image.size

    def move(box: Box) -> Box:
        return geo.map(box, skip_exif=rotated_frame)

    objects = []
    for i, obj in enumerate(ann.objects):
        kept = _move_object(obj, f"{pair.xml}: object {i}", frame, geo.size, move, cfg, res)
        if kept is not None:
            objects.append(kept)
    if ann.objects and not objects and sum(res.dropped.values()) > res.dropped["cut by crop"]:
        # Every object had a label problem: written, the page would teach "no link here".
        return _skipped(
            res,
            "no valid objects",
            f"{pair.xml}: none of its {len(ann.objects)} objects is usable; image left out",
        )
    _write(
        img, objects, geo.size, Path(out_dir), pair.out_stem, (folder, ann.kind), cfg.jpeg_quality
    )
    res.kept = len(objects)
    res.written = True
    return res


def _skipped(res: Result, reason: str, message: str) -> Result:
    """``res`` for a pair left out, with the reason counted and the warning to log."""
    res.skip_reason = reason
    res.messages.append((logging.WARNING, message))
    return res


def _move_object(obj, where: str, frame, size, move, cfg: SimpleNamespace, res: Result):
    """One labelled object in the preprocessed image's pixels, or None when it is dropped (a
    wrong class, a bad box, or cut off by the crop); what happened is counted in ``res``."""
    frame_w, frame_h = frame
    out_w, out_h = size
    if obj.name != CLASS_NAME:
        res.dropped["wrong class"] += 1
        res.messages.append(
            (
                logging.WARNING,
                f"{where}: class {obj.name!r} is not "
                f"{CLASS_NAME!r} (the one class, for https:// and http://)",
            )
        )
        return None
    bad = problem(obj.box, frame_w, frame_h)
    if bad:
        res.dropped[bad[0]] += 1
        res.messages.append((logging.WARNING, f"{where}: {bad[1]}; object dropped"))
        return None
    box = obj.box.clip(frame_w, frame_h)
    if box != obj.box:
        res.clipped += 1
        res.messages.append((logging.INFO, f"{where}: box clipped to the image"))
    moved = move(box)
    visible = moved.clip(out_w, out_h)
    if visible.area < cfg.min_visible * moved.area or visible.area == 0:
        res.dropped["cut by crop"] += 1
        return None
    link_box = obj.link_box
    truncated = obj.truncated or visible != moved or box != obj.box
    if link_box is not None:
        if problem(link_box, frame_w, frame_h):
            link_box = None
        else:
            lm = move(link_box.clip(frame_w, frame_h))
            link_box = lm.clip(out_w, out_h)
            truncated = truncated or link_box != lm
    return replace(obj, box=visible, link_box=link_box, truncated=truncated)


def _write(img, objects, size, out: Path, stem: str, names: tuple[str, str], quality: int) -> None:
    """The preprocessed JPEG and its VOC XML, side by side in ``out``; ``names``: the folder
    written in the XML and the photo's kind (kept from its source annotation)."""
    out_name = stem + ".jpg"
    img.save(out / out_name, "JPEG", quality=quality)
    voc.write(
        out / (stem + ".xml"),
        voc.Annotation(
            filename=out_name,
            width=size[0],
            height=size[1],
            depth=len(img.getbands()),
            objects=tuple(objects),
            folder=names[0],
            kind=names[1],
        ),
    )


def run(
    sources: list[tuple[Path, str]],
    out_dir: str | os.PathLike,
    cfg: SimpleNamespace,
    workers: int = 0,
) -> dict:
    """Preprocess every pair found in ``sources`` (folder, output-name prefix) into ``out_dir``."""
    start = time.perf_counter()
    pairs = [p for folder, prefix in sources for p in find_pairs(Path(folder), prefix)]
    skipped: Counter = Counter()
    dropped: Counter = Counter()
    converted: Counter = Counter()
    totals = Counter()
    with atomic_dir(out_dir) as tmp:
        jobs = [(p, cfg, str(tmp), Path(out_dir).name) for p in pairs]
        for res in parallel.imap(process_pair, jobs, parallel.workers(workers), "processed"):
            for level, msg in res.messages:
                log.log(level, msg)
            dropped.update(res.dropped)
            if not res.written:
                skipped[res.skip_reason] += 1
                continue
            totals["written"] += 1
            totals["objects_kept"] += res.kept
            totals["boxes_clipped"] += res.clipped
            totals["exif_rotated"] += res.exif_rotated
            if res.converted_from:
                converted[res.converted_from] += 1
        summary = {
            "pairs_found": len(pairs),
            "written": totals["written"],
            "skipped": dict(sorted(skipped.items())),
            "objects_kept": totals["objects_kept"],
            "objects_dropped": dict(sorted(dropped.items())),
            "boxes_clipped": totals["boxes_clipped"],
            "converted_modes": dict(sorted(converted.items())),
            "exif_rotated": totals["exif_rotated"],
        }
        # no timings in the file: the same inputs must give the same bytes
        (Path(tmp) / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    seconds = time.perf_counter() - start
    log.info(
        "processed: %d images written to %s; %d skipped %s; %d objects kept, %d dropped %s; "
        "%d boxes clipped; %d converted %s; %d EXIF-rotated (%.1f s)",
        summary["written"],
        out_dir,
        sum(skipped.values()),
        summary["skipped"] or "",
        summary["objects_kept"],
        sum(dropped.values()),
        summary["objects_dropped"] or "",
        summary["boxes_clipped"],
        sum(converted.values()),
        summary["converted_modes"] or "",
        summary["exif_rotated"],
        seconds,
    )
    return summary
