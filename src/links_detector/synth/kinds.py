"""The kinds of printed things other than book pages, each drawn with its own look.

Each kind is a layout family of ``raw.layouts`` / ``raw.heldout_layouts`` and has a module:

- ``card`` (``cards.py``): business cards on a table or held in a hand;
- ``flyer`` (``flyers.py``): flyers and posters, big bold type and coloured bands;
- ``receipt`` (``receipts.py``): thermal-printed receipts, faded monospace small print;
- ``paper`` and ``webpage`` (``documents.py``): scientific papers with DOI links, and web pages
  as browsers print them, with the page's URL in the footer;
- ``screen`` (``screens.py``): monitors, phones and projections, with the camera adding the
  pixel grid, moire and glare.

All of them keep their letters in the band the detector is trained on (``raw.font_px_min`` to
``raw.font_px_max``): the reader scales a real photo so that its letters reach that band, so a
kind must not print much smaller. Cards and receipts print small print down to 0.75 times the
low end, flyers' headlines larger; a small card holds fewer, shorter lines, not smaller ones.
Links come from ``textgen`` and are drawn by ``page.Writer``, so their labels are exact as on
book pages. The drawing helpers they share are in ``scene.py`` and ``marks.py``; what lies
around the paper is in ``backgrounds.py``.
"""

from __future__ import annotations

from links_detector.synth import cards, documents, flyers, page, receipts, screens

DRAW = {
    "card": cards.draw,
    "flyer": flyers.draw,
    "receipt": receipts.draw,
    "paper": documents.paper,
    "webpage": documents.webpage,
    "screen": screens.draw,
}


def draw(rng, cfg, style: page.Style, W: int, H: int, n_links: int, dark: bool) -> page.Canvas:
    """A photo's worth of the kind ``style.layout``, drawn flat: a W x H scene, or a page about
    as wide as the photo; ``dark``: the camera prints it light on dark."""
    return DRAW[style.layout](rng, cfg, style, W, H, n_links, dark)
