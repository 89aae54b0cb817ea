"""Tesseract through its C API (``libtesseract.so.5`` from the Debian package tesseract-ocr):
the OCR step of reading a link, for the text lines ``recognize`` crops.

An engine is created once per thread and reused: the ``tesseract`` program would load the
English model again for every call, which costs more than reading the text line itself.
``ctypes`` reaches the library's stable C API directly, so nothing is compiled, and a call
releases the GIL: two threads with an engine each read two lines at once on two cores. Each
engine runs single-threaded (``OMP_THREAD_LIMIT=1``; Tesseract's OpenMP threads spin and,
beside a second engine or TensorFlow, take longer than they save).

Page segmentation modes used: 7 = a single text line (the reader), 13 = a raw line (the
reader, when 7 reads nothing), 3 = a whole page with automatic layout analysis (the whole-page
baseline, as ``tesseract IMAGE stdout`` runs it).

The reader's lines are read by engines without the English word list in the LSTM decoder
(``line_engine``: ``lstm_use_matrix 0``): a link is not English words, and the list pulls
Tesseract towards spaces and word shapes (``https: //www.deep.blog``, ``wikipedia. org``;
without it ``https://www.deep.blog``), so more links read exactly without it. The whole-page
baseline keeps Tesseract's defaults (``engine``), as the ``tesseract`` program runs, and so
does ``is_word``, which asks that list.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import threading
from typing import NamedTuple

import numpy as np
from PIL import Image


class TesseractMissing(RuntimeError):
    pass


_LIBS = ("libtesseract.so.5", "libtesseract.so")
_lock = threading.Lock()
_engines: dict[tuple[str, bool, int], Engine] = {}  # (lang, with the word list, thread id)


def _library() -> ctypes.CDLL:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # read when libgomp loads, just below
    for name in (*_LIBS, ctypes.util.find_library("tesseract")):
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
            break
        except OSError:
            continue
    else:
        raise TesseractMissing(
            "libtesseract not found: install the Debian packages tesseract-ocr and "
            "tesseract-ocr-eng (scripts/setup.sh does)"
        )
    vp, cp, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    lib.TessVersion.restype = cp
    lib.TessBaseAPICreate.restype = vp
    lib.TessBaseAPIInit3.argtypes = [vp, cp, cp]
    lib.TessBaseAPIInit3.restype = i
    lib.TessBaseAPIInit4.argtypes = [vp, cp, cp, i, vp, i, vp, vp, ctypes.c_size_t, i]
    lib.TessBaseAPIInit4.restype = i
    lib.TessBaseAPISetPageSegMode.argtypes = [vp, i]
    lib.TessBaseAPISetImage.argtypes = [vp, vp, i, i, i, i]
    lib.TessBaseAPISetSourceResolution.argtypes = [vp, i]
    lib.TessBaseAPIGetUTF8Text.argtypes = [vp]
    lib.TessBaseAPIGetUTF8Text.restype = vp
    lib.TessBaseAPIGetTsvText.argtypes = [vp, i]
    lib.TessBaseAPIGetTsvText.restype = vp
    lib.TessBaseAPIRecognize.argtypes = [vp, vp]
    lib.TessBaseAPIRecognize.restype = i
    lib.TessDeleteText.argtypes = [vp]
    lib.TessBaseAPIIsValidWord.argtypes = [vp, cp]
    lib.TessBaseAPIIsValidWord.restype = i
    lib.TessBaseAPISetVariable.argtypes = [vp, cp, cp]
    lib.TessBaseAPISetVariable.restype = i
    lib.TessBaseAPIEnd.argtypes = [vp]
    lib.TessBaseAPIDelete.argtypes = [vp]
    return lib


class Word(NamedTuple):
    text: str
    left: int
    top: int
    right: int
    bottom: int
    conf: float = 100.0  # Tesseract's confidence in the word, 0-100


class Engine:
    """One initialised Tesseract (language ``lang``); ``read`` is serialised by a lock.

    ``word_list=False``: the LSTM decoder runs without the language's word list (the init-only
    variable ``lstm_use_matrix 0``); ``is_word`` then asks the calling thread's engine that has
    it."""

    def __init__(self, lang: str = "eng", word_list: bool = True):
        self.lib = _library()
        self.lang, self.word_list = lang, word_list
        self.api = ctypes.c_void_p(self.lib.TessBaseAPICreate())
        if word_list:
            status = self.lib.TessBaseAPIInit3(self.api, None, lang.encode())
        else:
            names = (ctypes.c_char_p * 1)(b"lstm_use_matrix")
            values = (ctypes.c_char_p * 1)(b"0")
            status = self.lib.TessBaseAPIInit4(
                self.api, None, lang.encode(), 3, None, 0, names, values, 1, 0
            )
        if status != 0:
            self.lib.TessBaseAPIDelete(self.api)
            raise TesseractMissing(
                f"Tesseract could not load language {lang!r}: install tesseract-ocr-{lang}"
            )
        # Tesseract's own progress notes (``Detected 12 diacritics``, ``Empty page!!``) go to
        # its debug file, not to the log
        self.lib.TessBaseAPISetVariable(self.api, b"debug_file", os.devnull.encode())
        self.lock = threading.Lock()
        self.words_seen: dict[str, bool] = {}
        self.version = self.lib.TessVersion().decode()

    def _text(self, image: Image.Image | np.ndarray, psm: int, getter, invert: bool = True) -> str:
        arr = np.asarray(image)
        if arr.ndim == 3:
            arr = np.asarray(Image.fromarray(arr).convert("L"))
        arr = np.ascontiguousarray(arr, dtype=np.uint8)
        h, w = arr.shape
        with self.lock:
            self.lib.TessBaseAPISetPageSegMode(self.api, psm)
            # Tesseract's default: a line read with low confidence is read again turned
            # light-on-dark; off for the reader's crops, dark on light already (the second
            # try costs time and reads nothing more in them)
            self.lib.TessBaseAPISetVariable(
                self.api, b"tessedit_do_invert", b"1" if invert else b"0"
            )
            self.lib.TessBaseAPISetImage(self.api, arr.ctypes.data, w, h, 1, w)
            self.lib.TessBaseAPISetSourceResolution(self.api, 300)
            ptr = getter()
            if not ptr:
                raise RuntimeError("tesseract returned no text (recognition failed)")
            try:
                return ctypes.string_at(ptr).decode("utf-8", errors="replace")
            finally:
                self.lib.TessDeleteText(ptr)

    def read(self, image: Image.Image | np.ndarray, psm: int = 7, invert: bool = True) -> str:
        """Text in a greyscale or RGB ``image`` with page segmentation mode ``psm`` (``invert``:
        Tesseract's second try of doubtful lines light-on-dark)."""
        return self._text(
            image, psm, lambda: self.lib.TessBaseAPIGetUTF8Text(self.api), invert
        ).strip()

    def words(
        self, image: Image.Image | np.ndarray, psm: int = 7, invert: bool = True
    ) -> list[Word]:
        """The words Tesseract reads in ``image``, left to right, with their boxes."""

        def tsv():
            if self.lib.TessBaseAPIRecognize(self.api, None) != 0:
                return None
            return self.lib.TessBaseAPIGetTsvText(self.api, 0)

        out = []
        for row in self._text(image, psm, tsv, invert).splitlines():
            f = row.split("\t")
            if len(f) == 12 and f[0] == "5" and f[11].strip():
                left, top, width, height = map(int, f[6:10])
                out.append(Word(f[11].strip(), left, top, left + width, top + height, float(f[10])))
        return out

    def line_words(self, image: Image.Image | np.ndarray) -> list[Word]:
        """The words of the one text line in ``image``: mode 7 (a single line), and mode 13 (a
        raw line) when 7 finds none. Mode 7 still runs Tesseract's layout analysis, which drops
        some underlined lines whole (the underline joins the letters into one blob it takes for
        no text: ``''``); mode 13 skips it, but reads worse when 7 reads at all. The line is
        dark on light (``lines.line_image``): Tesseract does not try it inverted."""
        return self.words(image, 7, False) or self.words(image, 13, False)

    def read_line(self, image: Image.Image | np.ndarray) -> str:
        """The text of the one line in ``image``, as ``line_words`` reads it."""
        return self.read(image, 7, False) or self.read(image, 13, False)

    def is_word(self, word: str) -> bool:
        """Whether ``word`` is in the language's dictionary (the one Tesseract reads with)."""
        if not self.word_list:
            return engine(self.lang).is_word(word)
        if word not in self.words_seen:
            with self.lock:
                self.words_seen[word] = self.lib.TessBaseAPIIsValidWord(self.api, word.encode()) > 0
        return self.words_seen[word]

    def close(self) -> None:
        if self.api:
            self.lib.TessBaseAPIEnd(self.api)
            self.lib.TessBaseAPIDelete(self.api)
            self.api = None


def engine(lang: str = "eng", word_list: bool = True) -> Engine:
    """The calling thread's engine for ``lang``, created on its first use (``word_list``:
    Tesseract's defaults; else without the word list, ``line_engine``)."""
    key = (lang, word_list, threading.get_ident())
    with _lock:
        if key not in _engines:
            _engines[key] = Engine(lang, word_list)
        return _engines[key]


def line_engine(lang: str = "eng") -> Engine:
    """The calling thread's engine for reading links: no word list in the LSTM decoder."""
    return engine(lang, word_list=False)


@atexit.register
def _close_all() -> None:
    for e in _engines.values():
        e.close()
    _engines.clear()


def read(image: Image.Image | np.ndarray, psm: int = 7) -> str:
    """Text Tesseract reads in ``image`` (psm 7 = one text line, 3 = a whole page)."""
    return engine().read(image, psm)
