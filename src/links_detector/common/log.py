"""One logging format for every stage and command; the libraries' own messages kept out."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup(level: str | None = None) -> None:
    """Configure the root logger once; LINKS_DETECTOR_LOG_LEVEL overrides ``level``."""
    level = os.environ.get("LINKS_DETECTOR_LOG_LEVEL", level or "INFO").upper()
    logging.basicConfig(level=level, format=FORMAT, datefmt="%H:%M:%S", force=True)
    # TensorFlow and absl are chatty at INFO; keep their warnings.
    for noisy in ("absl", "tensorflow", "PIL", "matplotlib", "h5py"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


@contextlib.contextmanager
def quiet_libraries() -> Iterator[None]:
    """TensorFlow's own messages kept out of the log while the block runs: its loggers' records
    below ERROR (deprecation notices, Keras' serialization notes), Python warnings, and what C++
    code (the TensorFlow Lite converter and runtime) writes to stderr. At DEBUG
    (``LINKS_DETECTOR_LOG_LEVEL=DEBUG``, ``links-detector read -v``) all of it passes."""
    if logging.getLogger().isEnabledFor(logging.DEBUG):
        yield
        return
    loggers = [logging.getLogger(name) for name in ("tensorflow", "absl")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), native_stderr_caught():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


_CAUGHT = threading.Lock()
_active = [0]  # blocks running (on any thread); the first one owns file descriptor 2


@contextlib.contextmanager
def native_stderr_caught() -> Iterator[None]:
    """File descriptor 2 goes to a temporary file while the block runs (C++ code writes there,
    past Python's ``sys.stderr``); the log's own lines still reach the terminal. What was caught
    is written back when the block raises. A block that starts while another runs (on this
    thread or another) leaves the descriptor to that one."""
    with _CAUGHT:
        first = _active[0] == 0
        _active[0] += 1
    try:
        if first:
            with _stderr_to_file():
                yield
        else:
            yield
    finally:
        with _CAUGHT:
            _active[0] -= 1


@contextlib.contextmanager
def _stderr_to_file() -> Iterator[None]:
    sys.stderr.flush()
    saved = os.dup(2)
    ours = os.fdopen(os.dup(saved), "w", buffering=1)
    handlers = [
        h
        for h in logging.getLogger().handlers
        if type(h) is logging.StreamHandler and h.stream is sys.stderr
    ]
    for h in handlers:
        h.setStream(ours)
    try:
        with tempfile.TemporaryFile() as caught:
            os.dup2(caught.fileno(), 2)
            try:
                yield
            except BaseException:
                os.dup2(saved, 2)
                caught.seek(0)
                sys.stderr.write(caught.read().decode(errors="replace"))
                raise
            finally:
                os.dup2(saved, 2)
    finally:
        for h in handlers:
            h.setStream(sys.stderr)
        ours.close()
        os.close(saved)
