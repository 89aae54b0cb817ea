"""links-detector: find printed https:// and http:// links on photos of pages.

    from links_detector import read_links
    read_links("photo.jpg")  # [{"url": ..., "score": ..., "prefix_box": ..., "link_box": ...}]

The package is split by concern: ``common`` (shared helpers), ``config`` (params), ``synth``
(page generator), ``dataset`` (preprocessing, labels, TFRecords), ``detection`` (the OD API:
train, evaluate, export), ``reading`` (what ``links-detector read`` runs) and ``evaluation``
(end-to-end scoring). ``cli`` is the command; ``stage`` is what ``stages/*.py`` share.
"""

import importlib

CLASS_NAME = "http"  # one class for both schemes, named as in the article's label map
CLASS_ID = 1
SCHEMES = ("https://", "http://")

__version__ = "0.1.0"

__all__ = ["CLASS_ID", "CLASS_NAME", "SCHEMES", "Reader", "read_links"]


def __getattr__(name: str):
    """``read_links`` and ``Reader`` (``api``) load on first use: the pipeline's stages import
    this package for its constants and need none of the reader."""
    if name in ("read_links", "Reader"):
        return getattr(importlib.import_module("links_detector.api"), name)
    raise AttributeError(f"module 'links_detector' has no attribute {name!r}")
