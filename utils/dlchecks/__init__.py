"""The course's checks: one checking core and one small module per assignment.

Students meet these through the notebooks' first cell (``from dlchecks.c1w2 import check_propagate``)
and never need to type them. ``dlchecks.core`` holds what every assignment shares: the
comparisons and their plain-words messages, :class:`CheckFailed`, the :class:`Check` objects that
are the public tests, and :func:`grade`, which the grader's hidden tests call. Each assignment has a
module of its own (``dlchecks.c1w1`` ... ``dlchecks.c1w4b``) with its probes, the public test
inputs, the expected outputs the seeds print, and its hints.

How verdicts stay out of reach of student code: see ``dlchecks.core``.
"""

from .core import Case, Check, CheckFailed, grade

__all__ = ["Case", "Check", "CheckFailed", "grade"]
