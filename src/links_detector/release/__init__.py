"""The shipped model: what the reader and the browser app need, in one git-tracked folder.

``folder.make`` copies the pipeline's outputs (``model.tflite`` and the preprocessing it was
trained with, the prefix check, the uint8 tfjs model) and the ``links`` settings into
``models/default`` with a model card (``card.write``) that gives the params, the data, the
training time and hardware, the commit and the figures the pipeline measured. The ``release``
stage (``stages/release.py``) runs it after ``links``.
"""
