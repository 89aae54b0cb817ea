"""The page generator behind the ``raw`` stage: phone photos of printed things with links.

Each photo shows one kind of printed thing, its layout family (``raw.layouts``, drawn with its
share): a book page (``book``, ``columns``, ``list``, ``references``), business cards, a flyer, a
receipt, a scientific paper, a printed web page or a screen. A page is laid out and drawn flat
(``page.py`` for book pages, ``kinds.py`` for the others: fonts, links as each kind prints them,
hard negatives), then photographed (``camera.py``: perspective, rotation, curl near the spine,
gutter shadow, paper, the surface around it, light, blur, noise; a screen's pixel grid and
glare), then saved as JPEG at a random quality. The annotation names the kind. Each
page has its own seed (``base.seed``, the page index and the set), so output is byte-identical
for the same params whatever the number of worker processes. Labels come from the drawing
itself: every prefix and every whole link is also drawn into an integer label image that the
camera warps with the page, so boxes stay tight around the printed glyphs after every transform.

Two sets come from the same params: the training pool (``raw.fonts``, ``raw.layouts``) and the
held-out styles (``raw.heldout_fonts``, ``raw.heldout_layouts``), which training never sees.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from links_detector import CLASS_NAME
from links_detector.common import parallel, voc
from links_detector.common.atomic import atomic_dir, atomic_file
from links_detector.config.params import LAYOUTS
from links_detector.synth import camera, fonts, kinds, page

log = logging.getLogger(__name__)


def _page_rng(seed: int, index: int, heldout: bool) -> tuple[random.Random, np.random.Generator]:
    rng = random.Random(f"{seed}:{'heldout' if heldout else 'raw'}:{index}")
    return rng, np.random.default_rng(rng.getrandbits(64))


def render(index: int, seed: int, cfg: SimpleNamespace, heldout: bool = False):
    """Page ``index`` as (``camera.Photo``, its annotation, a one-line style caption)."""
    rng, nrng = _page_rng(seed, index, heldout)
    W, H = cfg.width, cfg.height
    families, layouts = (
        (cfg.heldout_fonts, cfg.heldout_layouts) if heldout else (cfg.fonts, cfg.layouts)
    )
    style = page.choose_style(rng, cfg, families, layouts)
    kind = style.layout
    dark = rng.random() < min(1.0, cfg.dark_ratio * (3 if kind == "screen" else 1))
    spine = rng.choice(("left", "right")) if rng.random() < cfg.curvature else None
    partial = rng.random() < cfg.partial_ratio
    page_w = round(W * rng.uniform(0.97, 1.03))  # a book page's size (other kinds: their own)
    page_h = round(page_w * rng.uniform(1.3, 1.5))
    n_links = rng.randint(cfg.links_min, cfg.links_max)
    if kind in page.BOOK_LAYOUTS:
        canvas = page.draw(rng, cfg, style, page_w, page_h, n_links, spine)
    else:
        canvas = kinds.draw(rng, cfg, style, W, H, n_links, dark)
    photo = camera.photograph(canvas, cfg, rng, nrng, W, H, dark, partial)
    objects = tuple(
        voc.VocObject(box=box, name=CLASS_NAME, url=url, link_box=link_box, truncated=cut)
        for box, link_box, cut, url in photo.boxes
    )
    ann = voc.Annotation(
        filename=f"page-{index:05d}.jpg",
        width=W,
        height=H,
        depth=3,
        objects=objects,
        kind=kind,
    )
    look = canvas.style  # a kind may print in a face of its own (receipts: monospace)
    caption = f"{kind}, {look.family.name}, {look.link_face} links"
    if dark:
        caption += ", dark"
    return photo, ann, caption


def render_page(
    index: int, seed: int, cfg: SimpleNamespace, heldout: bool = False
) -> tuple[Image.Image, voc.Annotation]:
    """Page ``index``: the RGB photo and its annotation (one object per labelled link).

    ``heldout`` pages use the held-out fonts and layouts and seeds of their own."""
    photo, ann, _ = render(index, seed, cfg, heldout)
    return Image.fromarray(photo.image), ann


def jpeg_quality(seed: int, index: int, heldout: bool, cfg: SimpleNamespace) -> int:
    rng = random.Random(f"{seed}:jpeg:{int(heldout)}:{index}")
    return rng.randint(cfg.jpeg_quality_min, cfg.jpeg_quality_max)


def _render_and_save(job: tuple[int, int, SimpleNamespace, str, bool]) -> tuple:
    index, seed, cfg, out_dir, heldout = job
    cv2.setNumThreads(1)  # one page per process; threads would only contend
    photo, ann, caption = render(index, seed, cfg, heldout)
    out = Path(out_dir)
    quality = jpeg_quality(seed, index, heldout, cfg)
    Image.fromarray(photo.image).save(out / ann.filename, "JPEG", quality=quality)
    voc.write(out / (Path(ann.filename).stem + ".xml"), ann)
    schemes = [o.url.split(":", 1)[0] for o in ann.objects]
    cut = sum(o.truncated for o in ann.objects)
    return schemes.count("https"), schemes.count("http"), cut, photo.dropped, caption


def generate(
    out_dir: str | os.PathLike,
    cfg: SimpleNamespace,
    seed: int,
    workers: int = 0,
    heldout: bool = False,
) -> dict:
    """Write the pages (JPEG + VOC XML side by side) into ``out_dir`` atomically: the training
    pool's ``raw.num_images``, or with ``heldout`` the held-out styles' ``raw.heldout_images``."""
    fonts.check(list(cfg.heldout_fonts if heldout else cfg.fonts))
    n = cfg.heldout_images if heldout else cfg.num_images
    what = "raw (held-out styles)" if heldout else "raw"
    n_workers = parallel.workers(workers)
    start = time.perf_counter()
    tot: Counter = Counter()
    captions: dict[str, str] = {}
    with atomic_dir(out_dir) as tmp:
        jobs = [(i, seed, cfg, str(tmp), heldout) for i in range(n)]
        for i, (s, h, cut, dropped, caption) in enumerate(
            parallel.imap(_render_and_save, jobs, n_workers, what, unit="page")
        ):
            tot.update(https=s, http=h, truncated=cut, dropped=dropped, empty=int(s + h == 0))
            tot[caption.split(",")[0]] += 1
            captions[f"page-{i:05d}"] = caption
    seconds = time.perf_counter() - start
    summary = {
        "pages": n,
        "links": tot["https"] + tot["http"],
        "https": tot["https"],
        "http": tot["http"],
        "links_cut_by_border": tot["truncated"],
        "links_dropped_out_of_frame": tot["dropped"],
        "pages_without_links": tot["empty"],
        "layouts": {k: tot[k] for k in LAYOUTS if tot[k]},
        "seconds": round(seconds, 2),
        "pages_per_second": round(n / seconds, 2) if seconds else 0.0,
        "workers": n_workers,
        "captions": captions,
    }
    log.info(
        "%s: wrote %d pages (%dx%d) with %d links (%d https, %d http; %d cut by the border and "
        "labelled by what shows, %d dropped as less than %.0f%% visible; %d pages without links; "
        "layouts %s) to %s in %.1f s (%.1f pages/s on %d workers)",
        what,
        n,
        cfg.width,
        cfg.height,
        summary["links"],
        tot["https"],
        tot["http"],
        tot["truncated"],
        tot["dropped"],
        100 * cfg.min_visible,
        tot["empty"],
        summary["layouts"],
        out_dir,
        seconds,
        summary["pages_per_second"],
        n_workers,
    )
    return summary


def contact_sheet(
    sets: list[tuple[Path, dict[str, str], int, str]], out_png: Path, thumb: int = 256
) -> Path:
    """A PNG grid of generated pages, four across, with their prefix boxes outlined in red and
    a caption under each. ``sets``: (folder, captions by stem, how many, label) per set."""
    cells = []
    for folder, captions, n, label in sets:
        for stem in sorted(captions)[:n]:
            ann = voc.read(folder / f"{stem}.xml")
            img = Image.open(folder / ann.filename).convert("RGB")
            scale = thumb / img.width
            img = img.resize((thumb, round(img.height * scale)), Image.Resampling.LANCZOS)
            d = ImageDraw.Draw(img)
            for o in ann.objects:
                d.rectangle([v * scale for v in o.box], outline=(230, 20, 20), width=1)
            cells.append((img, f"{label}{stem.removeprefix('page-')}: {captions[stem]}"))
    font = ImageFont.truetype(str(fonts.path("DejaVuSans.ttf")), 9)
    if not cells:  # raw.contact_sheet is 0: a placeholder, not a stale sheet
        sheet = Image.new("RGB", (thumb, 24), (255, 255, 255))
        ImageDraw.Draw(sheet).text((4, 6), "raw.contact_sheet is 0", font=font, fill=(0, 0, 0))
        with atomic_file(out_png, "wb") as f:
            sheet.save(f, "PNG")
        return out_png
    cols = 4
    cap_h = 14
    cell_h = max(c[0].height for c in cells) + cap_h
    rows = -(-len(cells) // cols)
    sheet = Image.new("RGB", (cols * (thumb + 4) + 4, rows * (cell_h + 4) + 4), (255, 255, 255))
    d = ImageDraw.Draw(sheet)
    for k, (img, text) in enumerate(cells):
        x, y = 4 + (k % cols) * (thumb + 4), 4 + (k // cols) * (cell_h + 4)
        sheet.paste(img, (x, y))
        d.text((x + 1, y + img.height + 2), text, font=font, fill=(0, 0, 0))
    # 256 colours: a quarter of the bytes, and the pages look the same (it is kept in git)
    sheet = sheet.quantize(256, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    with atomic_file(out_png, "wb") as f:
        sheet.save(f, "PNG", optimize=True)
    log.info("raw: contact sheet of %d pages -> %s", len(cells), out_png)
    return out_png
