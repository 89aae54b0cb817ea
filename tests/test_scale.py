"""The scale the detector sees a photo at: its letters measured, the views and squares planned."""

import numpy as np
import pytest
from PIL import Image

from links_detector.common.boxes import Box
from links_detector.reading import detector, reader, scale

from .conftest import ns
from .test_reader import pages


def page(font_px: float, dark: float = 0.0) -> Image.Image:
    (img, _), *_ = pages(
        1,
        raw__font_px_min=font_px,
        raw__font_px_max=font_px,
        raw__fonts=["dejavu-serif"],
        raw__dark_ratio=dark,
    )
    return img


def height(img: Image.Image) -> float:
    return scale.letters(np.asarray(img.convert("L"))).height


def test_letters_follow_the_print_size():
    """Twice the font, twice the letters; the same light on dark; the same in a photo twice
    as large (measured on a copy, given back in the photo's px); nothing on a blank page or on
    grain, which stands in no lines."""
    small, large = page(20), page(40)
    h = height(small)
    assert 6 <= h <= 16
    assert 1.6 <= height(large) / h <= 2.4
    assert height(page(20, dark=1.0)) == pytest.approx(h, rel=0.25)
    twice = small.resize((small.width * 2, small.height * 2), Image.Resampling.BICUBIC)
    assert height(twice) / h == pytest.approx(2.0, rel=0.2)
    assert height(Image.new("L", (1024, 1024), 230)) == 0.0
    grain = np.random.default_rng(0).normal(200, 40, (1024, 1024)).clip(0, 255)
    assert height(Image.fromarray(grain.astype(np.uint8))) == 0.0


def letters_at(boxes) -> scale.Letters:
    return scale.Letters(np.array(boxes, np.float64).reshape(-1, 4))


def a_line(x: float, y: float, h: float, n: int = 20) -> list[tuple[float, float, float, float]]:
    return [(x + i * h, y, 0.6 * h, h) for i in range(n)]


def test_small_print_is_enlarged_to_the_trained_height_large_print_not_shrunk():
    side = 1024
    # a 3000 px photo with letters 10 px tall in its middle: enlarged 13/10 times, squares
    # only where the letters are
    small = letters_at(a_line(1400, 1500, 10.0))
    p = scale.plan((3000, 3000), small, 13.0, side, max_calls=8, max_zoom=2.0)
    assert p.factor == pytest.approx(1.3)
    assert p.letter_px == pytest.approx(10.0)
    assert len(p.views) == 1 and p.calls == 4  # of the 16 covering it; squares overlap
    for x, y, s in p.views[0].squares:
        assert s == side
        assert x <= 1600 * 1.3 and 1400 * 1.3 < x + s and y <= 1510 * 1.3 and 1500 * 1.3 < y + s
    # large print (40 px): seen as training saw a photo, processed.width wide, not smaller
    large = letters_at(a_line(100, 1000, 40.0))
    assert scale.plan((3000, 3000), large, 13.0, side, 8, 2.0).factor == pytest.approx(side / 3000)
    # tiny print in a small photo: enlarged at most max_zoom times
    tiny = letters_at(a_line(50, 200, 3.0, n=10) + a_line(50, 260, 3.0, n=10))
    assert scale.plan((500, 400), tiny, 13.0, side, 8, 2.0).factor == pytest.approx(2.0)


def test_the_detector_calls_are_capped():
    """Text all over a large photo: more squares than max_calls at the matched scale, so it is
    seen smaller until they fit; a further zoom gets what the cap leaves, the fullest squares
    first."""
    text = letters_at([b for y in range(100, 3900, 150) for b in a_line(100, y, 10.0, n=380)])
    p = scale.plan((4000, 4000), text, 13.0, 1024, max_calls=6, max_zoom=2.0)
    assert p.calls <= 6 and p.factor < 1.3
    z = scale.plan((4000, 4000), text, 13.0, 1024, max_calls=12, max_zoom=2.0, zooms=(1.6,))
    assert z.calls == 12 and len(z.views) == 2 and len(z.views[1].squares) == 3
    assert z.views[1].factor == pytest.approx(1.6 * z.factor)
    assert scale.plan((4000, 4000), text, 13.0, 1024, 1, 2.0, zooms=(1.6,)).calls == 1


def test_squares_hold_letters_the_fullest_first():
    centres = np.array([[1500.0, 100.0]] * 3 + [[100.0, 100.0]] * 5)
    got = scale.squares(2000, 1000, 1000, centres)
    assert got == [(0, 0, 1000), (1000, 0, 1000)]
    assert scale.squares(2000, 1000, 1000, np.zeros((0, 2))) == scale.squares(2000, 1000, 1000)
    # an image narrower than a square: one square, centred, reaching past both sides
    assert scale.squares(600, 1000, 1000) == [(-200, 0, 1000)]


def test_a_photo_without_text_is_seen_as_training_saw_photos():
    p = scale.plan((3000, 4000), letters_at([]), 13.0, 1024, 8, 2.0, zooms=(1.6,))
    assert p.letter_px == 0.0 and len(p.views) == 1
    assert p.factor == pytest.approx(1024 / 3000)
    assert p.views[0].squares == detector.tiles(1024, 1365, True)


def test_a_square_past_the_border_is_padded_with_the_photo_grey():
    img = Image.new("L", (100, 60), 200)
    img.paste(30, (0, 0, 10, 10))
    sq = detector._crop(img, -20, -10, 100)
    a = np.asarray(sq)
    assert sq.size == (100, 100)
    assert (a[:10, :] == 200).all() and (a[:, :20] == 200).all()  # padding: the median grey
    assert (a[10:20, 20:30] == 30).all()  # the photo, where it was
    assert np.asarray(detector._crop(img, 0, 0, 60)).shape == (60, 60)


def test_views_are_merged_in_the_photo_px():
    """The reader runs the detector on each view and maps its boxes back to the photo's px; a
    prefix found in two views is one box, the better scored."""
    photo = Image.new("RGB", (2000, 1000), "white")
    seen = scale.Plan([scale.View(0.5, [(0, 0, 1000)]), scale.View(1.0, [(0, 0, 1000)])], 10.0)
    per_width = {
        1000: ([Box(50, 50, 100, 60)], [0.5]),  # (100, 100, 200, 120) in the photo
        2000: ([Box(101, 100, 201, 121), Box(500, 500, 560, 520)], [0.9, 0.4]),
    }

    class Fake:
        pre = ns({"greyscale": True, "width": 1024})

        def detect(self, image, score, iou, squares):
            assert image.mode == "L" and squares == [(0, 0, 1000)]
            return per_width[image.width]

    r = reader.Reader.__new__(reader.Reader)
    r.cfg = ns({"nms_iou_threshold": 0.3})
    r.detector = Fake()
    r.plan = lambda *_: seen
    boxes, scores, plan = r.detect(photo, 0.1)
    assert plan is seen
    assert scores == [0.9, 0.4]
    assert boxes == [Box(101, 100, 201, 121), Box(500, 500, 560, 520)]
    per_width[2000] = ([], [])
    boxes, scores, _ = r.detect(photo, 0.1)
    assert boxes == [Box(100, 100, 200, 120)] and scores == [0.5]
