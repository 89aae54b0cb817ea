"""links-detector: find printed https:// and http:// links on photos of pages.

The package is split by concern: ``common`` (shared helpers), ``config`` (params), ``synth``
(page generator), ``dataset`` (preprocessing, labels, TFRecords), ``detection`` (the OD API:
train, evaluate, export), ``reading`` (what ``links-detector read`` runs) and ``evaluation``
(end-to-end scoring). ``cli`` is the command; ``stage`` is what ``stages/*.py`` share.
"""

CLASS_NAME = "http"  # one class for both schemes, named as in the article's label map
CLASS_ID = 1
SCHEMES = ("https://", "http://")

__version__ = "0.1.0"
