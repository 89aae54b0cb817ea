"""The kinds of printed things: every kind renders with exact labels and its kind named, the
shares of raw.layouts hold, held-out kinds stay out of training, letters stay in the band."""

import random
from collections import Counter

import cv2
import numpy as np
import pytest

from links_detector.common import voc
from links_detector.config import params
from links_detector.synth import camera, generate, kinds, page, scene

from .conftest import FLAT, default_params, ns
from .test_generate import ink_reaches_every_side

NEW_KINDS = tuple(kinds.DRAW)


def kind_cfg(kind: str, **raw):
    """Default params at half size (a 512 x 683 photo, letters 12-22 px), one kind only."""
    p = default_params()["raw"]
    p.update(
        width=512,
        height=683,
        font_px_min=12,
        font_px_max=22,
        links_min=3,
        links_max=6,
        layouts={kind: 1.0},
        heldout_layouts=[],
    )
    p.update(raw)
    return ns(p)


def test_the_schema_names_every_kind():
    assert set(params.LAYOUTS) == set(page.BOOK_LAYOUTS) | set(kinds.DRAW)


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_every_kind_renders_with_exact_labels(kind):
    """Photo at the frame size, annotation of its kind, each prefix box inside the frame, on
    the prefix's glyphs (their ink pixels, carried through the camera, span it within 2 px)
    and with ink reaching each of its sides. At the default size and letter band: a 9 px
    prefix's thin slashes never reach half coverage, so its ink pixels would miss them."""
    cfg = kind_cfg(kind, width=1024, height=1365, font_px_min=22, font_px_max=44)
    labelled = 0
    for index in range(3):
        photo, ann, caption = generate.render(index, 11, cfg)
        assert photo.image.shape == (cfg.height, cfg.width, 3)
        assert ann.kind == kind and caption.startswith(kind + ",")
        assert len(photo.canvas_points) == len(ann.objects)
        for obj, points in zip(ann.objects, photo.canvas_points, strict=True):
            b = obj.box
            assert 0 <= b.xmin < b.xmax <= cfg.width and 0 <= b.ymin < b.ymax <= cfg.height
            assert obj.url.startswith(("https://", "http://"))
            moved = cv2.perspectiveTransform(points.astype(np.float64)[:, None], photo.forward)
            moved = moved[:, 0]
            inside = (moved >= -0.5).all(1) & (moved < (cfg.width - 0.5, cfg.height - 0.5)).all(1)
            moved = moved[inside]
            expected = (*moved.min(0), *(moved.max(0) + 1))
            if obj.truncated:  # cut by the frame: the box holds what shows of the glyphs
                lo, hi = np.array(expected[:2]) + 2, np.array(expected[2:]) - 2
                assert (np.array(tuple(b)[:2]) <= lo).all() and (np.array(tuple(b)[2:]) >= hi).all()
            else:
                assert np.allclose(tuple(b), expected, atol=2), (kind, index, obj, expected)
                assert ink_reaches_every_side(photo.ink, b), (kind, index, obj)
            labelled += 1
    assert labelled >= 3, kind


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_letters_stay_in_the_trained_band(kind):
    """A printed https:// is about 0.9 x its font size tall: the prefixes of every kind are
    as tall as the band's letters (small print down to 0.75 x font_px_min, flyers' links up
    to 1.25 x font_px_max), give or take the camera's zoom and slant."""
    cfg = kind_cfg(kind, partial_ratio=0.0)
    heights = []
    for index in range(6):
        _, ann, _ = generate.render(index, 5, cfg)
        heights += [o.box.ymax - o.box.ymin for o in ann.objects if not o.truncated]
    assert heights, kind
    lo, hi = 0.75 * cfg.font_px_min * 0.9 * 0.8, 1.25 * cfg.font_px_max * 0.9 * 1.3
    assert lo <= np.median(heights) <= hi and min(heights) >= lo * 0.8, (kind, sorted(heights))


def test_shares_are_honoured():
    """The style choice alone, as each page draws it: each kind's share of 4000 pages is its
    share of raw.layouts, within 4 standard deviations; a share of 0 is never drawn."""
    cfg = ns(default_params()["raw"])
    pool = {"book": 0.2, "columns": 0.1, "list": 0.0, "card": 0.2, "flyer": 0.1, "screen": 0.08}
    total = sum(pool.values())
    n = 4000
    counts = Counter(
        page.choose_style(generate._page_rng(1, i, False)[0], cfg, cfg.fonts, pool).layout
        for i in range(n)
    )
    assert counts["list"] == 0
    for kind, share in pool.items():
        p = share / total
        assert abs(counts[kind] - n * p) <= 4 * (n * p * (1 - p)) ** 0.5 + 1, (kind, counts)


def test_a_list_of_layouts_gives_equal_shares():
    rng = random.Random(3)
    counts = Counter(page.choose_layout(rng, ["card", "receipt"]) for _ in range(2000))
    assert set(counts) == {"card", "receipt"} and abs(counts["card"] - 1000) < 150


def test_heldout_kinds_never_in_the_training_pool():
    """Pages of the training pool never show a held-out kind (webpage, references); the
    held-out set shows them all."""
    cfg = ns(default_params()["raw"])
    cfg.layouts = {"book": 0.3, "columns": 0.1, "card": 0.3, "flyer": 0.1, "screen": 0.2}
    cfg.heldout_layouts = ["references", "webpage"]
    assert not set(cfg.heldout_layouts) & set(cfg.layouts)
    train = {
        page.choose_style(generate._page_rng(2, i, False)[0], cfg, cfg.fonts, cfg.layouts).layout
        for i in range(1000)
    }
    held = {
        page.choose_style(
            generate._page_rng(2, i, True)[0], cfg, cfg.heldout_fonts, cfg.heldout_layouts
        ).layout
        for i in range(200)
    }
    assert train == {k for k, v in cfg.layouts.items() if v > 0}
    assert held == set(cfg.heldout_layouts) and not held & train


def test_a_page_renders_the_same_whatever_was_rendered_before():
    """Caches (glyph masks, pseudo-CJK characters) never change a page: the same page, drawn
    again after others, has the same pixels and labels."""
    cfg = kind_cfg("card", layouts={"card": 1.0, "screen": 1.0, "receipt": 1.0})
    first, ann, _ = generate.render(7, 3, cfg)
    for index in range(3):
        generate.render(index, 9, cfg)
    again, ann2, _ = generate.render(7, 3, cfg)
    assert np.array_equal(first.image, again.image) and ann == ann2


def test_written_annotations_name_the_kind(tmp_path):
    cfg = kind_cfg(
        "card", layouts={"card": 1.0, "flyer": 1.0}, num_images=4, heldout_layouts=["webpage"]
    )
    cfg.heldout_images = 2
    summary = generate.generate(tmp_path / "a", cfg, seed=2, workers=1)
    held = generate.generate(tmp_path / "h", cfg, seed=2, workers=1, heldout=True)
    for folder, s, allowed in (
        (tmp_path / "a", summary, {"card", "flyer"}),
        (tmp_path / "h", held, {"webpage"}),
    ):
        for stem, caption in s["captions"].items():
            ann = voc.read(folder / f"{stem}.xml")
            assert ann.kind == caption.split(",")[0] and ann.kind in allowed
        assert set(s["layouts"]) <= allowed


def test_a_hand_hides_what_it_covers():
    """A thumb on a card: no ink and no label under it, and a prefix it half hides follows the
    visibility rule (labelled by what shows, or dropped)."""
    cfg = kind_cfg("card", rotation_deg=0.0, perspective=0.0, partial_ratio=0.0)
    rng = random.Random(0)
    style = page.choose_style(rng, cfg, cfg.fonts, cfg.layouts)
    sc = scene.Scene(rng, cfg, style, 512, 683, 3)
    box = (60, 200, 460, 430)
    sc.sheet(box)
    style.size = 16
    for k in range(3):
        line = sc.link_line(16, 380)
        sc.lines([line], 70, 450, 330 + 30 * k)
    behind, thumb = np.zeros((683, 512), np.uint8), np.zeros((683, 512), np.uint8)
    thumb[300:430, 60:200] = 255
    before = np.bincount(np.asarray(sc.w.lab_img).ravel(), minlength=9)
    sc.paint((200, 150, 120), np.maximum(behind, thumb))
    sc.hide(thumb)
    canvas = sc.canvas()
    assert not canvas.ink[thumb > 0].any() and not canvas.labels[thumb > 0].any()
    assert np.array_equal(canvas.label_counts[: len(before)], before)
    assert all(len(p) == 0 or (p[:, 0] >= 200).all() for p in canvas.prefix_points)
    # through the camera: prefixes under the thumb are not labelled
    flat = ns({**vars(cfg), **{k.split("__")[1]: v for k, v in FLAT.items()}})
    nrng = np.random.default_rng(0)
    photo = camera.photograph(canvas, flat, random.Random(1), nrng, 512, 683, False, False)
    assert len(canvas.urls) == 3 and photo.dropped == 3 and not photo.boxes
