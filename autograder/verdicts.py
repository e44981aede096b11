"""Verdicts decided in the grader's process, never in the student's kernel.

nbgrader scores a grade cell by looking at its outputs (an error: no points; a number: partial
credit; anything else: full points), and the outputs come from the kernel, which runs student
code and can print, hide or forge whatever it likes. So the course's autograde runs this
executor instead of nbgrader's Execute:

* while a cell runs, the observation messages that the hidden tests' ``dlchecks.grade`` sends
  (display data of type ``dlchecks.core.MIME``) are taken out of the message stream and kept
  for the cell that is running (nbclient only hands over messages whose parent is that cell's
  request, so a later cell cannot write into an earlier one's results; display updates are
  ignored);
* when the notebook has run, every grade cell's outputs are replaced by the verdict of
  ``dlchecks.core.verdict``: the recorded outputs compared, here, with the expected outputs and
  tolerances of ``notebooks/source/<ID>/expected.json``. Whatever the kernel printed in a grade
  cell is dropped, so nothing it shows can earn or cost a point;
* a kernel that dies costs the functions from the cell where it died onward, as a timeout costs
  the function whose cell ran out of time; the cells before keep their verdicts.
"""

from __future__ import annotations

import json
import os

from nbclient.exceptions import DeadKernelError
from nbclient.util import run_sync
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute

from dlchecks.core import GRADING_ENV, MIME, NOT_RUN, load_expected, verdict

from . import is_test_cell

MAX_PAYLOAD = 8 << 20  # bytes of observations one cell may report
KERNEL_DIED = "KernelDied"
PASSED = "\033[92m{name}: every test passed (public and hidden).\033[0m\n"


def _error(ename: str, message: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=message,
                        traceback=[f"\033[0;31m{ename}\033[0m: {message}"])


def decide(cell, entry: dict | None, payloads: list, why_not_run: str = "") -> tuple[bool, str]:
    """(passed, message) of one grade cell from what its kernel reported."""
    if entry is None:
        return False, "the grader has no expected outputs for this test (run `make expected`)"
    if why_not_run:
        return False, why_not_run
    if not payloads:
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if any(o.get("ename") == "CellTimeoutError" for o in errors):
            return False, "this cell ran past the time limit"
        if errors:  # e.g. a NameError for a function whose answer cell did not run: say so (the student's own text)
            return False, f"{NOT_RUN}: {str(errors[0].get('ename'))[:80]}: {str(errors[0].get('evalue'))[:200]}"
        return False, NOT_RUN
    for text in payloads:
        try:
            observed = json.loads(text)
        except (ValueError, RecursionError):
            return False, "the grader could not read this cell's results"
        passed, message = verdict(entry, observed)
        if not passed:
            return False, message
    return True, ""


def apply_verdicts(nb, assignment_id: str, observations: dict[int, list], died_at: int | None) -> None:
    """Replace every grade cell's outputs by the grader's verdict (see the module doc)."""
    entries = {entry["test"]: (name, entry) for name, entry in load_expected(assignment_id).items()}
    for index, cell in enumerate(nb.cells):
        if not is_test_cell(cell):
            continue
        name, entry = entries.get(cell.metadata["nbgrader"]["grade_id"], ("", None))
        why_not_run = ""
        if died_at is not None and index >= died_at:
            why_not_run = "the kernel died before this test could run" if index > died_at else \
                "the kernel died while this cell ran"
        passed, message = decide(cell, entry, observations.get(index, []), why_not_run)
        cell.outputs = [NotebookNode(output_type="stream", name="stdout", text=PASSED.format(name=name))] if passed \
            else [_error("CheckFailed", message)]


class GradingExecute(Execute):
    """nbgrader's Execute, with the observations captured per cell and the verdicts decided here."""

    record_only = False  # True: keep the observations, decide nothing (autograder.expected runs the solutions so)

    def preprocess(self, nb, resources=None, km=None):
        self.observations: dict[int, list[str]] = {}
        self.reported: dict[int, int] = {}
        self.died_at: int | None = None
        nb, resources = super().preprocess(nb, resources, km)
        if not self.record_only:
            apply_verdicts(nb, resources["nbgrader"]["assignment"], self.observations, self.died_at)
        return nb, resources

    async def async_start_new_kernel(self, **kwargs):
        """The kernel of a notebook being graded: its hidden tests record outputs for the verdict, and its public
        tests stay quiet (dlchecks.core.GRADING_ENV). Kernels of nbgrader's Validate never get this."""
        env = dict(kwargs.pop("env", None) or os.environ)
        env[GRADING_ENV] = "1"
        await super().async_start_new_kernel(env=env, **kwargs)

    start_new_kernel = run_sync(async_start_new_kernel)

    def preprocess_cell(self, cell, resources, index):
        if self.died_at is not None:
            return cell, resources  # the kernel is gone: the rest of the notebook does not run
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self.died_at = index
            cell.outputs.append(_error(KERNEL_DIED, "the kernel died while this cell ran (it exited, crashed or "
                                       "ran out of memory); the cells after it did not run"))
            return cell, resources

    def process_message(self, msg, cell, cell_index):
        content = msg.get("content")
        data = content.get("data") if isinstance(content, dict) else None
        if isinstance(data, dict) and MIME in data:
            transient = content.get("transient")
            display_id = transient.get("display_id") if isinstance(transient, dict) else None
            if msg.get("msg_type") == "display_data" and not display_id:
                self._capture(cell_index, data[MIME])
            return None  # never stored in the notebook, whatever else the message holds
        return super().process_message(msg, cell, cell_index)

    def _capture(self, cell_index: int, text) -> None:
        size = len(text) if isinstance(text, str) else MAX_PAYLOAD + 1
        self.reported[cell_index] = self.reported.get(cell_index, 0) + size
        if self.reported[cell_index] > MAX_PAYLOAD:
            self.observations[cell_index] = ["too large"]  # cannot be read: the cell's verdict is a failure
        else:
            self.observations.setdefault(cell_index, []).append(text)
