"""links-detector: find printed https:// and http:// links on photos of pages.

The package holds the logic shared by the DVC stages in ``stages/`` and by the reading CLI:
boxes, images, VOC XML, params, the page generator and the TFRecord writer.
"""

CLASS_NAME = "http"  # one class for both schemes, named as in the article's label map
CLASS_ID = 1
SCHEMES = ("https://", "http://")

__version__ = "0.1.0"
