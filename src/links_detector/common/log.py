"""One logging format for every stage and command."""

from __future__ import annotations

import logging
import os

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup(level: str | None = None) -> None:
    """Configure the root logger once; LINKS_DETECTOR_LOG_LEVEL overrides ``level``."""
    level = os.environ.get("LINKS_DETECTOR_LOG_LEVEL", level or "INFO").upper()
    logging.basicConfig(level=level, format=FORMAT, datefmt="%H:%M:%S", force=True)
    # TensorFlow and absl are chatty at INFO; keep their warnings.
    for noisy in ("absl", "tensorflow", "PIL", "matplotlib", "h5py"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
