"""The page generator: text with links (``textgen``), fonts, the flat page (``page``), the
phone camera (``camera``), and the photos with their VOC labels (``generate``, the ``raw``
stage)."""
