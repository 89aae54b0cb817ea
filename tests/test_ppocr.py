"""reading.ppocr: the PP-OCR line recognizer (the real ONNX model from the rapidocr wheel) and a
link read with it beside a prefix, decoded under the URL grammar."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from PIL import Image, ImageDraw

from links_detector.common.boxes import Box
from links_detector.reading import ppocr, recognize
from links_detector.synth import fonts


def line(before: str, url: str, after: str, size: int = 30, dark: bool = False):
    """A grey page with one line of text, and the box of ``url``'s scheme on it."""
    font = fonts.load("DejaVuSerif.ttf", size)
    text = before + url + after
    img = Image.new("L", (40 + int(font.getlength(text)) + 40, 4 * size), 0 if dark else 255)
    draw = ImageDraw.Draw(img)
    x, y = 40, size
    draw.text((x, y), text, font=font, fill=255 if dark else 0)
    scheme = url[: url.index("//") + 2]
    left = x + font.getlength(before)
    top, bottom = font.getbbox(scheme)[1], font.getbbox("hp/")[3]
    return np.asarray(img), Box(left, y + top, left + font.getlength(scheme), y + bottom)


@pytest.mark.parametrize(
    "before, url, after",
    [
        ("Visit ", "https://www.example.org/docs", " for more."),
        ("See ", "http://bit.ly/2BZ0Ixy", ". Then"),
        ("URL: ", "http://www.iij.ad.jp/", ""),
    ],
)
def test_a_printed_link_is_read_exactly(before, url, after):
    grey, prefix = line(before, url, after)
    text, box, got = ppocr.read_link(grey, prefix)
    assert got == url, text
    assert box.xmin <= prefix.xmin + 2 and box.xmax > prefix.xmax


def test_light_on_dark_and_the_reader_path():
    grey, prefix = line("Web ", "https://docs.python.org/3/", " (docs)", dark=True)
    reading = recognize.read_links(Image.fromarray(grey), [prefix], recognizer="ppocr")
    assert [link.url for link in reading.links] == ["https://docs.python.org/3/"]


def test_a_line_that_holds_no_url_gives_none():
    """A prefix box on words: no reading of them is a URL on a public suffix."""
    grey, prefix = line("", "http://", " and then some words", size=30)
    assert ppocr.read_link(grey, prefix)[2] is None


def test_the_recognizer_gives_step_probabilities():
    rec = ppocr.recognizer()
    grey, prefix = line("", "https://example.com", "")
    probs, px_per_step = rec.probs(grey[20:100, 30:])
    assert probs.shape[1] == len(rec.chars) and np.allclose(probs.sum(1), 1.0, atol=1e-3)
    assert px_per_step > 0
    assert "example" in rec.greedy(probs)


def test_a_missing_model_is_named(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ppocr.MissingModel, match="rapidocr_onnxruntime is not installed"):
        ppocr.model_path()
