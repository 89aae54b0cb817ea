"""TensorFlow Lite models (the detector's ``model.tflite``, the prefix check) run without
TensorFlow: LiteRT's interpreter (``ai-edge-litert``), the runtime TensorFlow Lite became, which
imports in a fraction of a second where TensorFlow takes seconds. TensorFlow's own
``tf.lite.Interpreter`` is the fallback when LiteRT is not installed; both run the same kernels
(the ``saved_model`` stage checks the exported file against its SavedModel with this one).
"""

from __future__ import annotations

from pathlib import Path

from links_detector.common import log, tf_compat

try:
    from ai_edge_litert.interpreter import Interpreter as LiteRT
except ImportError:  # TensorFlow's own tf.lite then
    LiteRT = None


def interpreter(path: Path, threads: int = 1):
    """A TensorFlow Lite interpreter of ``path`` with ``threads`` threads, its tensors allocated.
    The runtime's start-up note (``INFO: Created TensorFlow Lite XNNPACK delegate``, written
    to stderr by its C++ code once a process) does not reach the log below DEBUG; the
    runtime's messages come back when loading fails."""
    if LiteRT is not None:
        make = LiteRT
    else:  # a TensorFlow install without LiteRT
        tf_compat.apply()
        import tensorflow as tf  # deferred: a slow import

        make = tf.lite.Interpreter
    with log.quiet_libraries():
        lite = make(str(path), num_threads=threads)
        lite.allocate_tensors()
    return lite
