"""Tesseract, called as the `tesseract` program (Debian package tesseract-ocr)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

from PIL import Image


class TesseractMissing(RuntimeError):
    pass


def _binary() -> str:
    path = shutil.which("tesseract")
    if path is None:
        raise TesseractMissing(
            "tesseract not found: install the Debian package tesseract-ocr (scripts/setup.sh does)"
        )
    return path


def read(image: Image.Image, psm: int = 7, timeout: float = 120.0) -> str:
    """Text Tesseract reads in ``image`` (page segmentation mode ``psm``; 7 = one text line,
    3 = a whole page)."""
    buf = io.BytesIO()
    image.save(buf, "PNG")
    # One thread: Tesseract's OpenMP threads only add overhead on small crops.
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    out = subprocess.run(
        [_binary(), "stdin", "stdout", "--psm", str(psm), "-l", "eng"],
        input=buf.getvalue(),
        capture_output=True,
        timeout=timeout,
        env=env,
    )
    if out.returncode != 0:
        raise RuntimeError(f"tesseract failed: {out.stderr.decode(errors='replace')[-500:]}")
    return out.stdout.decode("utf-8", errors="replace").strip()
