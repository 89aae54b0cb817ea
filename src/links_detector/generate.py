"""The page generator behind the ``raw`` stage: rendered book pages with printed links.

Each page is rendered from its own seed (``base.seed`` and the page index), so output is
byte-identical for the same params, whatever the number of worker processes. Labels come from
the rendering itself: every prefix (and every whole link) is also drawn, with the same font and
position, into an integer label image that goes through the same geometric transforms as the
page, and each box is the extent of its label's pixels afterwards. So boxes stay tight around
the printed ``https://`` characters whatever the rotation.
"""

from __future__ import annotations

import logging
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import cv2
import numpy as np
from PIL import Image, ImageDraw

from . import CLASS_NAME, fonts, parallel, textgen, voc
from .atomic import atomic_dir
from .boxes import Box

log = logging.getLogger(__name__)


@dataclass
class _Token:
    """A run of text laid out as one unit: a word, or a link with its surrounding punctuation."""

    before: str = ""
    prefix: str = ""
    rest: str = ""
    after: str = ""
    word: str = ""

    @property
    def is_link(self) -> bool:
        return bool(self.prefix)


def _link_token(rng: random.Random, cfg: SimpleNamespace, max_chars: int) -> _Token:
    scheme = "http://" if rng.random() < cfg.http_ratio else "https://"
    link = textgen.url(rng, scheme, max_chars)
    before, after = "", ""
    r = rng.random()
    if r < 0.25:
        before, after = "(", ")"
    elif r < 0.3:
        before, after = "<", ">"
    after += rng.choices(("", ".", ","), (6, 2, 2))[0]
    return _Token(before=before, prefix=scheme, rest=link[len(scheme) :], after=after)


def render_page(index: int, seed: int, cfg: SimpleNamespace) -> tuple[Image.Image, voc.Annotation]:
    """Render page ``index``: the greyscale image and its annotation (one object per link)."""
    rng = random.Random(f"{seed}:raw:{index}")
    W, H = cfg.width, cfg.height
    dark = rng.random() < cfg.dark_ratio
    paper, ink = (
        (rng.randint(12, 50), rng.randint(200, 245))
        if dark
        else (rng.randint(232, 255), rng.randint(0, 50))
    )

    family = fonts.FAMILIES[rng.choice(cfg.fonts)]
    size = rng.randint(cfg.font_px_min, cfg.font_px_max)
    body = fonts.load(family.regular, size)
    monos = [f for f in cfg.fonts if fonts.FAMILIES[f].kind == "mono"]
    link_fonts = [body, fonts.load(family.italic, size)]
    if monos:
        link_fonts.append(fonts.load(fonts.FAMILIES[rng.choice(monos)].regular, size))
    link_font = rng.choice(link_fonts)  # one link style per page, as books do

    line_h = size * rng.uniform(1.2, 1.55)
    mx = W * rng.uniform(0.05, 0.1)
    top = H * rng.uniform(0.04, 0.08) + size
    bottom = H - H * rng.uniform(0.04, 0.08)
    col_w = W - 2 * mx
    indent = size * 1.5
    space = body.getlength(" ")

    # Where the links go: word positions spread over the words the page is likely to hold.
    avg_char = link_font.getlength("abcdefghijklmnopqrstuvwxyz./-") / 29
    max_chars = max(12, int(col_w / avg_char) - 3)
    lines_fit = max(1, int((bottom - top) / line_h))
    words_fit = max(1, int(lines_fit * col_w / (body.getlength("model ") * 1.05)))
    n_links = rng.randint(cfg.links_min, cfg.links_max)
    link_at = sorted(rng.sample(range(words_fit), min(n_links, words_fit)))

    page = Image.new("L", (W, H), paper)
    # Label image: link i has id 2i+1 on its prefix and 2i+2 on the rest of its text.
    labels = Image.new("I", (W, H), 0)
    draw, dlab = ImageDraw.Draw(page), ImageDraw.Draw(labels)
    dlab.fontmode = "1"  # ids must be exact, not antialiased blends

    urls: list[str] = []
    run: list = []  # plain words waiting to be drawn as one string: [x, y, text]

    def flush() -> None:
        if run:
            draw.text((run[0], run[1]), run[2], font=body, fill=ink, anchor="ls")
            run.clear()

    y, word_i, full = top, 0, False
    while not full:
        x = mx + indent
        tokens: list[_Token] = []
        for _ in range(rng.randint(2, 6)):
            for w in textgen.sentence(rng):
                while link_at and word_i >= link_at[0]:
                    link_at.pop(0)
                    tokens.append(_link_token(rng, cfg, max_chars))
                tokens.append(_Token(word=w))
                word_i += 1
        for tok in tokens:
            if tok.is_link:
                parts = [
                    (tok.before, body),
                    (tok.prefix, link_font),
                    (tok.rest, link_font),
                    (tok.after, body),
                ]
            else:
                parts = [(tok.word, body)]
            width = sum(f.getlength(s) for s, f in parts)
            if x + width > mx + col_w and x > mx + indent + 1:
                flush()
                x, y = mx, y + line_h
            if y > bottom:
                full = True
                break
            if x + width > mx + col_w:  # a token wider than the column: leave it out
                continue
            if not tok.is_link:
                if run:
                    run[2] += " " + tok.word
                else:
                    run[:] = [x, y, tok.word]
                x += width + space
                continue
            flush()
            lid = 2 * len(urls) + 1
            for s, f in parts:
                if s == tok.rest:  # rest first, so the prefix keeps every one of its pixels
                    dlab.text((x, y), s, font=f, fill=lid + 1, anchor="ls")
                if s == tok.prefix:
                    dlab.text((x, y), s, font=f, fill=lid, anchor="ls")
                if s:
                    draw.text((x, y), s, font=f, fill=ink, anchor="ls")
                    x += f.getlength(s)
            urls.append(tok.prefix + tok.rest)
            x += space
        flush()
        y += line_h * rng.choice((1.0, 1.0, 1.5))  # paragraph break, sometimes with a gap

    angle = rng.uniform(-cfg.rotation_deg, cfg.rotation_deg)
    matrix = cv2.getRotationMatrix2D(((W - 1) / 2, (H - 1) / 2), angle, 1.0)
    pixels = cv2.warpAffine(
        np.asarray(page),
        matrix,
        (W, H),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=paper,
    )
    objects = _objects_from_labels(np.asarray(labels), matrix, urls, W, H)
    ann = voc.Annotation(
        filename=f"page-{index:05d}.jpg", width=W, height=H, depth=1, objects=objects
    )
    return Image.fromarray(pixels), ann


def _objects_from_labels(
    labels: np.ndarray, matrix: np.ndarray, urls: list[str], width: int, height: int
) -> tuple[voc.VocObject, ...]:
    """Boxes of the label pixels after the affine ``matrix`` (cv2 convention: pixel centres)."""
    ys, xs = np.nonzero(labels)
    ids = labels[ys, xs]
    pts = np.stack([xs, ys, np.ones_like(xs)]).astype(np.float64)
    u, v = matrix @ pts  # centres of the ink pixels on the output page
    inside = (u >= -0.5) & (u < width - 0.5) & (v >= -0.5) & (v < height - 0.5)
    objects = []
    for i, url in enumerate(urls):
        pre = ids == 2 * i + 1
        whole = pre | (ids == 2 * i + 2)
        vis_pre, vis_whole = pre & inside, whole & inside
        if not vis_pre.any():  # the prefix left the page
            continue
        box = _extent(u[vis_pre], v[vis_pre])
        link_box = _extent(u[vis_whole], v[vis_whole])
        truncated = vis_whole.sum() < whole.sum()
        objects.append(
            voc.VocObject(
                box=box, name=CLASS_NAME, url=url, link_box=link_box, truncated=bool(truncated)
            )
        )
    return tuple(objects)


def _extent(u: np.ndarray, v: np.ndarray) -> Box:
    """The pixel-edge box covering every pixel whose centre (u, v) lands in it."""
    return Box(
        float(np.floor(u.min() + 0.5)),
        float(np.floor(v.min() + 0.5)),
        float(np.floor(u.max() + 0.5) + 1),
        float(np.floor(v.max() + 0.5) + 1),
    )


def _render_and_save(job: tuple[int, int, SimpleNamespace, str]) -> tuple[int, int]:
    index, seed, cfg, out_dir = job
    cv2.setNumThreads(1)  # one page per process; threads would only contend
    page, ann = render_page(index, seed, cfg)
    out = Path(out_dir)
    page.save(out / ann.filename, "JPEG", quality=cfg.jpeg_quality)
    voc.write(out / (Path(ann.filename).stem + ".xml"), ann)
    schemes = [o.url.split(":", 1)[0] for o in ann.objects]
    return schemes.count("https"), schemes.count("http")


def generate(out_dir: str | os.PathLike, cfg: SimpleNamespace, seed: int, workers: int = 0) -> dict:
    """Write ``cfg.num_images`` pages (JPEG + VOC XML side by side) into ``out_dir`` atomically."""
    fonts.check(cfg.fonts)
    n_workers = parallel.workers(workers)
    start = time.perf_counter()
    https = http = empty = 0
    with atomic_dir(out_dir) as tmp:
        jobs = [(i, seed, cfg, str(tmp)) for i in range(cfg.num_images)]
        for s, h in parallel.imap(_render_and_save, jobs, n_workers, "raw", unit="page"):
            https, http, empty = https + s, http + h, empty + (s + h == 0)
    seconds = time.perf_counter() - start
    summary = {
        "pages": cfg.num_images,
        "links": https + http,
        "https": https,
        "http": http,
        "pages_without_links": empty,
        "seconds": round(seconds, 2),
        "pages_per_second": round(cfg.num_images / seconds, 2),
        "workers": n_workers,
    }
    log.info(
        "raw: wrote %d pages (%dx%d) with %d links (%d https, %d http; %d pages without links) "
        "to %s in %.1f s (%.1f pages/s on %d workers)",
        cfg.num_images,
        cfg.width,
        cfg.height,
        https + http,
        https,
        http,
        empty,
        out_dir,
        seconds,
        summary["pages_per_second"],
        n_workers,
    )
    return summary
