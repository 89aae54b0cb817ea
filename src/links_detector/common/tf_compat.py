"""Compatibility shims for TensorFlow 2.15 with tf-slim 1.1.0 and the OD API.

- ``apply()``: TF 2.14 moved ``case`` and ``cond`` out of
  ``tensorflow.python.ops.control_flow_ops``; tf-slim 1.1.0 (its last release) still looks them
  up there, and the OD API's ``TfExampleDecoder`` fails with ``AttributeError: ... has no
  attribute 'case'``. ``apply()`` puts them back. It must run before any OD API dataset or
  decoder is built; every module here that uses the OD API calls it.
- ``deterministic(seed)``: makes OD API training repeatable (the same weights, step for step,
  on the same machine), which TensorFlow's own switches do not manage alone; see its docstring.

Also quiets TensorFlow's C++ start-up logging unless TF_CPP_MIN_LOG_LEVEL is set.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # its start-up "errors" are noise


def apply() -> None:
    from tensorflow.python.ops import (  # deferred: a slow import
        cond,
        control_flow_case,
        control_flow_ops,
    )

    if not hasattr(control_flow_ops, "case"):
        control_flow_ops.case = control_flow_case.case
    if not hasattr(control_flow_ops, "cond"):
        control_flow_ops.cond = cond.cond


def deterministic(seed: int) -> bool:
    """Seed and serialise TensorFlow so that OD API training gives the same weights each run.

    Call it before TensorFlow runs its first op in the process. It takes four things, each
    found missing by training the default detector twice and comparing the weights:

    - ``tf.keras.utils.set_random_seed`` and ``enable_op_determinism``: the weights' start and
      tf.data's order (the map functions' random ops in order, not as their threads finish);
    - one inter-op thread: with two, independent ops finish in either order and their sums
      differ in the last bits, which grows into a different model over thousands of steps
      (the intra-op threads are kept; each of these first two parts makes a training step
      slower);
    - the OD API builds its input pipeline with ``map_with_legacy_function``, whose function
      graph does not inherit the global seed: it is given it here, so the augmentations' random
      ops get seeds (without one, determinism refuses to run them);
    - ``tf.compat.v1.image.sample_distorted_bounding_box`` (the random crop) is called with no
      seed at all, which determinism refuses: it gets the graph's next op seed.

    Returns False, changing nothing, when TensorFlow has already started (the thread count
    can no longer be set); training then runs, but not repeatably.
    """
    import tensorflow as tf  # deferred: a slow import
    from tensorflow.python.eager import context  # deferred: a slow import
    from tensorflow.python.framework import function, random_seed  # deferred: a slow import

    try:
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:
        return False
    tf.keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()

    graph = function._FuncGraph  # noqa: SLF001 - the legacy function graph tf.data uses
    if not getattr(graph, "_links_detector_seeded", False):
        init = graph.__init__

        def seeded_init(self, *args, **kwargs):
            init(self, *args, **kwargs)
            if self.seed is None:
                self.seed = context.global_seed()

        graph.__init__ = seeded_init
        graph._links_detector_seeded = True  # noqa: SLF001

    crop = tf.compat.v1.image.sample_distorted_bounding_box
    if not getattr(crop, "_links_detector_seeded", False):

        def seeded_crop(*args, seed=None, seed2=None, **kwargs):
            if not seed and not seed2:
                seed, seed2 = random_seed.get_seed(None)
            return crop(*args, seed=seed, seed2=seed2, **kwargs)

        seeded_crop._links_detector_seeded = True
        tf.compat.v1.image.sample_distorted_bounding_box = seeded_crop
    return True
