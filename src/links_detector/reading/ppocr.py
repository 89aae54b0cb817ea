"""The PP-OCR text-line recognizer, and a link read with it.

The recognizer is PP-OCRv4's (``ch_PP-OCRv4_rec_infer.onnx``: Latin letters, digits, punctuation
and CJK, trained on real text), run by onnxruntime. The model and its character list (the
model's metadata) come in the ``rapidocr_onnxruntime`` wheel's ``models/`` folder: nothing is
downloaded. It gives a probability for every character at every step of the line (CTC), which
``grammar.decode`` turns into the likeliest URL.

A link's line is cut as the recognizer was trained: levelled, tight above and below (a loose
margin leaves CTC too few steps for a doubled letter: ``https`` read ``htps``), scaled to its
input height with the aspect kept, from just before the prefix to one word past the link's end
as the layout shows it (the grammar decides where the URL ends).
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort

from links_detector.common.boxes import Box
from links_detector.reading import grammar, lines, urls

MODEL = "ch_PP-OCRv4_rec_infer.onnx"
PACKAGE = "rapidocr_onnxruntime"
HEIGHT = 48  # the recognizer's input height
MIN_WIDTH = 320  # its narrowest input: shorter lines are padded (as PaddleOCR pads them)
PAD = 0.05  # margin above and below the line, in line heights
LEFT, RIGHT = 0.3, 0.5  # margins before the prefix and after the crop's last word, in heights
# a URL is read when it is likelier than the likeliest reading that is no URL
# (``grammar.Decoded.share``): not when only overruling the recognizer makes one
MIN_SHARE = 0.5


class MissingModel(RuntimeError):
    """The recognizer's model is not installed."""


def model_path() -> Path:
    """The ONNX model in the installed ``rapidocr_onnxruntime`` package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise MissingModel(f"{PACKAGE} is not installed: the ppocr recognizer's model comes in it")
    path = Path(list(spec.submodule_search_locations)[0]) / "models" / MODEL
    if not path.is_file():
        raise MissingModel(f"{path}: not found (the {PACKAGE} 1.x wheel ships it)")
    return path


class Recognizer:
    """One onnxruntime session of the model (``recognize`` is safe from several threads: each
    call runs on one core)."""

    def __init__(self, path: Path | None = None):
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3  # no onnxruntime warnings in the reader's log
        self.session = ort.InferenceSession(
            str(path or model_path()), opts, providers=["CPUExecutionProvider"]
        )
        meta = self.session.get_modelmeta().custom_metadata_map
        # class 0 is CTC's blank, then the model's characters, then a space
        self.chars = ("", *meta["character"].splitlines(), " ")
        self.input = self.session.get_inputs()[0].name

    def probs(self, line: np.ndarray) -> tuple[np.ndarray, float]:
        """Per-step character probabilities (steps, classes) of a grey ``line`` crop, dark
        text on light; and the crop's px per step."""
        h, w = line.shape
        width = max(1, round(HEIGHT * w / max(1, h)))
        shrink = h > HEIGHT
        img = cv2.resize(
            line, (width, HEIGHT), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_CUBIC
        )
        x = np.zeros((1, 3, HEIGHT, max(width, MIN_WIDTH)), np.float32)
        x[0, :, :, :width] = img.astype(np.float32) / 127.5 - 1.0
        out = self.session.run(None, {self.input: x})[0][0]
        return out, (w / width) * (x.shape[3] / out.shape[0])

    def greedy(self, probs: np.ndarray) -> str:
        """The best path's text (CTC: repeats collapsed, blanks dropped)."""
        best = probs.argmax(1)
        keep = np.r_[True, best[1:] != best[:-1]] & (best != 0)
        return "".join(self.chars[i] for i in best[keep])


_lock = threading.Lock()
_shared: list[Recognizer] = []


def recognizer() -> Recognizer:
    """The process's recognizer, loaded on first use."""
    with _lock:
        if not _shared:
            _shared.append(Recognizer())
        return _shared[0]


def read_link(grey: np.ndarray, prefix: Box) -> tuple[str, Box, str | None]:
    """The text read beside ``prefix`` on the page ``grey``, the link's box and its URL (None
    when the line holds no URL beginning at the prefix). A URL that runs on to the end of its
    line goes on at the next line's start when that reads as its continuation (``read_on``)."""
    if lines.off_page(grey, prefix):
        return "", prefix, None
    levelled = lines.level_line(grey, prefix)
    if levelled is None:
        text, box, got = _read_level(grey, prefix)
        page = (grey, box)  # where the next line is looked for when the link wraps
    else:
        window, (wx, wy), m = levelled
        text, level_box, got = _read_level(window, prefix.shift(-wx, -wy))
        box = lines.bounds(level_box, cv2.invertAffineTransform(m)).shift(wx, wy)
        page = None
        if got is not None and got.raw:  # the next line, in a wider window turned alike
            wide = lines.level_around(grey, prefix, level_box.shift(wx, wy), m)
            if wide is not None:
                level, (x0, y0) = wide
                page = (level, level_box.shift(wx - x0, wy - y0))
    if got is None:
        return text, box, None
    if got.raw and page is not None:
        text, url = read_on(*page, text, got)
        return text, box, url
    return text, box, got.url


def read_on(grey: np.ndarray, link: Box, text: str, got: grammar.Decoded) -> tuple[str, str]:
    """A link that wraps: the line's ``text`` and the URL ``got`` read on into the next line,
    when the link runs to its line's end (the layout: ``lines.next_line_start``) and the next
    line's first word reads as URL text (``urls.continues``); else as they are."""
    found = lines.next_line_start(grey, link)
    if found is None:
        return text, got.url
    start, below = found
    h = below.height
    word, after, _ = lines.extent(grey, Box(start, below.ymin, start + 0.5 * h, below.ymax))
    read = _recognize(grey, word.xmin - LEFT * h, after + RIGHT * h, below)
    if read is None:
        return text, got.url
    probs, _, _ = read
    rec = recognizer()
    more = rec.greedy(probs)
    if not urls.continues(more.strip(), got.raw.endswith(urls.CANNOT_END)):
        return text, got.url
    on = grammar.decode(probs, rec.chars, start=got.raw)
    if on.url is None or on.share < MIN_SHARE or len(on.url) <= len(got.raw):
        return text, got.url
    return f"{text} {more}", on.url


def _recognize(grey: np.ndarray, x0: float, x1: float, line: Box):
    """The recognizer's (probabilities, px per step, page x of the crop's first column) of
    the page from x ``x0`` to ``x1`` on ``line``, cut tight above and below, dark on light;
    None off the page."""
    H, W = grey.shape
    h = line.height
    x0, x1 = int(max(0, x0)), int(min(W, x1))
    y0, y1 = int(max(0, line.ymin - PAD * h)), int(min(H, np.ceil(line.ymax + PAD * h)))
    crop = grey[y0:y1, x0:x1]
    if crop.size == 0 or crop.shape[0] < 4:
        return None
    if np.median(crop) < (int(crop.min()) + int(crop.max())) / 2:
        crop = 255 - crop  # light on dark
    return (*recognizer().probs(crop), x0)


def _read_level(grey: np.ndarray, prefix: Box) -> tuple[str, Box, grammar.Decoded | None]:
    """``read_link`` on a page whose line at ``prefix`` runs level: the text, the link's box
    and the decoded URL (None: no URL there)."""
    prefix = lines.fit_line(grey, prefix)
    link, after, space = lines.extent(grey, prefix)
    h = link.height
    read = _recognize(grey, link.xmin - LEFT * h, after + RIGHT * h, link)
    if read is None:
        return "", link, None
    rec = recognizer()
    probs, px_per_step, x0 = read
    spaces = frozenset()
    if after > link.xmax:  # the word space after the link as the layout shows it
        first = int((link.xmax - x0) / px_per_step)
        spaces = frozenset(range(first, first + max(1, int(np.ceil(space / px_per_step)))))
    got = grammar.decode(probs, rec.chars, spaces=spaces)
    text = rec.greedy(probs)
    if got.url is None or got.share < MIN_SHARE:
        return text, link, None
    end = min(grey.shape[1], x0 + (got.end_step + 1) * px_per_step)
    return text, Box(link.xmin, link.ymin, max(link.xmin + 1, end), link.ymax), got
