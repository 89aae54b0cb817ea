"""The Python API: the links printed in photos, as plain data.

    from links_detector import read_links
    for link in read_links("photo.jpg"):
        print(link["url"], link["score"], link["link_box"])

``Reader`` loads the detector once, for many photos::

    from links_detector import Reader
    reader = Reader()                 # the pipeline's model, else the shipped one
    for path in photos:
        print(path, [link["url"] for link in reader.read(path)])

Each link is a dict: ``url``, ``score`` (the detector's, of its prefix), ``prefix_box`` and
``link_box`` ([xmin, ymin, xmax, ymax] in the photo's own pixels, EXIF orientation applied).
``links-detector read`` is this API on the command line.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from links_detector.config.params import load
from links_detector.reading import models
from links_detector.reading import reader as engine


class Reader:
    """The reader, loaded once. ``model``: a released folder (``model.tflite`` and
    ``links_detector.json``) or an exported SavedModel folder; None: the pipeline's
    ``data/saved_model`` when there is one, else the shipped ``models/default``. ``params``: a
    params file whose ``links`` section the reader follows (None: the model's recorded
    settings, ./params.yaml, the packaged defaults). ``check``: the prefix check's file (None:
    the one beside the model). ``score_threshold`` overrides ``links.score_threshold``.
    Raises ``ModelMissing`` when no model is found, ``ParamsError`` for bad params."""

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        params: str | Path | None = None,
        check: str | Path | None = None,
        score_threshold: float | None = None,
        tflite: bool = True,
    ):
        named = (load(params), str(params)) if params is not None else None  # checked first
        self.files = models.locate(
            Path(model) if model is not None else None, Path(check) if check else None
        )
        self.params, self.params_source = named or models.settings(self.files)
        cfg = self.params.links
        if score_threshold is not None:
            cfg = SimpleNamespace(**{**vars(cfg), "score_threshold": score_threshold})
        self.engine = engine.Reader(
            self.files.folder, cfg, self.params.processed, tflite=tflite, check=self.files.check
        )

    def page(self, photo: str | Path) -> engine.Page:
        """Everything read on ``photo``: its size, links, timings, every detection."""
        return self.engine.read(Path(photo))

    def read(self, photo: str | Path) -> list[dict]:
        """The links printed on ``photo``, best-scored first (see the module's docstring).
        Raises ``ImageError`` (or ``FileNotFoundError``) when it cannot be read."""
        return self.page(photo).as_json()["links"]


def read_links(photo: str | Path, model: str | Path | None = None, **options) -> list[dict]:
    """The links printed on ``photo`` (``Reader(model, **options).read(photo)``). Loading the
    model takes longer than reading one photo: for many, make one ``Reader``."""
    return Reader(model, **options).read(photo)
