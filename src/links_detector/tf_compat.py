"""Compatibility shims for TensorFlow 2.15 with tf-slim 1.1.0 (used by the OD API's decoders).

TF 2.14 moved ``case`` and ``cond`` out of ``tensorflow.python.ops.control_flow_ops``; tf-slim
1.1.0 (its last release) still looks them up there, and the OD API's ``TfExampleDecoder`` fails
with ``AttributeError: ... has no attribute 'case'``. ``apply()`` puts them back. It must run
before any OD API dataset or decoder is built; every module here that uses the OD API calls it.
Also quiets TensorFlow's C++ start-up logging unless TF_CPP_MIN_LOG_LEVEL is set.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # its start-up "errors" are noise


def apply() -> None:
    from tensorflow.python.ops import cond, control_flow_case, control_flow_ops

    if not hasattr(control_flow_ops, "case"):
        control_flow_ops.case = control_flow_case.case
    if not hasattr(control_flow_ops, "cond"):
        control_flow_ops.cond = cond.cond
