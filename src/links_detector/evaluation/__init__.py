"""The reader measured end to end against a whole-page OCR baseline (``links``, the ``links``
stage), and the training of the prefix check the reader runs (``check_training``, the
``check`` stage)."""
