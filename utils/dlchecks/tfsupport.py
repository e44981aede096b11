"""What the checks of the TensorFlow assignments share: a quiet import of TensorFlow.

TensorFlow 2.21 writes start-up lines from C++ straight to file descriptor 2 when it is imported (absl's "All log
messages before absl::InitializeLog() ..." and the oneDNN notice), whatever TF_CPP_MIN_LOG_LEVEL says; in a notebook,
ipykernel forwards them into the output of the cell that imports it, and nbval then finds a stderr output that the
stored notebook does not have. (TF_ENABLE_ONEDNN_OPTS=0 silences the notice too, but made training about 35 % slower.)
A TensorFlow assignment's checks module calls ``import_tensorflow_quietly()`` first, and its notebook imports the
checks before TensorFlow or Keras. Under the grader the kernel zygote may have imported TensorFlow already
(metadata.dlcourse.preload): nothing is printed then either.
"""

from __future__ import annotations

import os
import sys


def import_tensorflow_quietly():
    """Import TensorFlow with the process's stderr pointed at /dev/null for the duration; returns the module.
    Python errors are raised as usual."""
    if "tensorflow" not in sys.modules:
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 2)
                import tensorflow  # noqa: F401
        finally:
            os.dup2(saved, 2)
            os.close(saved)
    return sys.modules["tensorflow"]
