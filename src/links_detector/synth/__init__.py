"""The page generator: text with links (``textgen``), fonts, the flat book page (``page``), the
other kinds of printed things (``kinds``: ``cards``, ``flyers``, ``receipts``, ``documents``,
``screens``, drawn with ``scene`` and ``marks``), the phone camera (``camera``, with the surfaces
of ``backgrounds``), and the photos with their VOC labels (``generate``, the ``raw`` stage)."""
