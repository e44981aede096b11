"""The grader's executor: observations taken per running cell, display updates ignored, oversized or unreadable
reports failing, grade cell outputs replaced by verdicts whatever the kernel printed, a dead kernel costing the
cells from where it died."""

import json

import nbformat
import numpy as np
from nbformat.v4 import new_code_cell, new_notebook, new_output

from autograder import verdicts
from autograder.verdicts import GradingExecute, apply_verdicts
from dlchecks.core import HIDDEN_FAILURE, MIME, Case, Check, as_case, observe


def _probe(t, f, x):
    t.close("f(x)", f(x))


CHECK = Check("double", _probe, [Case((np.array([1.0, 2.0]),), {"f(x)": [2.0, 4.0]}, "x = [1, 2]")])
HIDDEN = [(np.array([3.0]),)]


def _report(f):
    cases = [*CHECK.cases, *map(as_case, HIDDEN)]
    return json.dumps({"check": "double", "public": 1, "cases": [observe(CHECK, f, c) for c in cases]})


EXPECTED = {"double": {"test": "double-test", **json.loads(_report(lambda x: 2 * x))}}


def _notebook():
    test = new_code_cell("check_double(double)", outputs=[
        new_output("stream", name="stdout", text="double: all public tests passed.\n"),
        new_output("execute_result", data={"text/plain": "2.0"}, execution_count=1)])
    test.metadata["nbgrader"] = {"grade": True, "grade_id": "double-test", "points": 2, "solution": False}
    answer = new_code_cell("def double(x): ...")
    answer.metadata["nbgrader"] = {"grade": False, "grade_id": "double", "solution": True}
    return nbformat.from_dict(new_notebook(cells=[answer, test]))


def _verdict(observations, died_at=None, monkeypatch=None):
    nb = _notebook()
    monkeypatch.setattr(verdicts, "load_expected", lambda assignment: EXPECTED)
    apply_verdicts(nb, "X", observations, died_at)
    return nb.cells[1].outputs


def test_outputs_are_the_graders_verdict(monkeypatch):
    [passed] = _verdict({1: [_report(lambda x: 2 * x)]}, monkeypatch=monkeypatch)
    assert passed.output_type == "stream" and "every test passed" in passed.text
    [failed] = _verdict({1: [_report(lambda x: 2 * x if x.size == 2 else x)]}, monkeypatch=monkeypatch)
    assert failed.output_type == "error" and failed.evalue == HIDDEN_FAILURE


def test_no_report_a_garbled_one_or_a_second_wrong_one_fails(monkeypatch):
    for observations in ({}, {1: ["{not json"]}, {1: ["[" * 100_000]}, {1: [_report(lambda x: 2 * x), "{}"]},
                         {0: [_report(lambda x: 2 * x)]}):
        [out] = _verdict(observations, monkeypatch=monkeypatch)
        assert out.output_type == "error", observations


def test_a_dead_kernel_fails_the_cells_from_where_it_died(monkeypatch):
    [out] = _verdict({1: [_report(lambda x: 2 * x)]}, died_at=1, monkeypatch=monkeypatch)
    assert out.output_type == "error" and "kernel died" in out.evalue
    [out] = _verdict({1: [_report(lambda x: 2 * x)]}, died_at=2, monkeypatch=monkeypatch)
    assert out.output_type == "stream"


def _message(msg_type, data, display_id=None, parent="cell-1"):
    content = {"data": data, "metadata": {}}
    if display_id:
        content["transient"] = {"display_id": display_id}
    return {"msg_type": msg_type, "content": content, "parent_header": {"msg_id": parent},
            "header": {"msg_type": msg_type}}


def test_only_plain_displays_in_the_running_cell_are_taken():
    executor = GradingExecute()
    executor.observations, executor.reported = {}, {}
    cell = new_code_cell("x")
    report = _report(lambda x: 2 * x)
    executor.process_message(_message("display_data", {MIME: report}), cell, 3)
    executor.process_message(_message("display_data", {MIME: report}, display_id="d1"), cell, 3)
    executor.process_message(_message("update_display_data", {MIME: report}, display_id="d1"), cell, 3)
    executor.process_message(_message("execute_result", {MIME: report, "text/plain": "x"}), cell, 3)
    assert executor.observations == {3: [report]}
    assert cell.outputs == []  # never stored in the notebook


def test_an_oversized_report_cannot_be_read(monkeypatch):
    monkeypatch.setattr(verdicts, "MAX_PAYLOAD", 100)
    executor = GradingExecute()
    executor.observations, executor.reported = {}, {}
    executor.process_message(_message("display_data", {MIME: "x" * 60}), new_code_cell("x"), 1)
    executor.process_message(_message("display_data", {MIME: "x" * 60}), new_code_cell("x"), 1)
    assert executor.observations == {1: ["too large"]}


def test_only_the_graders_kernels_are_told_they_are_graded(tmp_path):
    """Public tests stay quiet under the grader, but never under nbgrader's Validate (the course's Execute config)."""
    from nbgrader.preprocessors import Execute
    from traitlets.config import Config

    from autograder.config import configure
    from dlchecks.core import GRADING_ENV

    config = configure(Config(), tmp_path, "C1W1_Python_Basics")
    seen = {}
    for kind in (Execute, GradingExecute):
        nb = nbformat.from_dict(new_notebook(cells=[new_code_cell(f"import os; print(os.environ.get({GRADING_ENV!r}))")]))
        executor = kind(config=config)
        if kind is GradingExecute:
            executor.record_only = True
        executor.preprocess(nb, {"metadata": {"path": str(tmp_path)}, "nbgrader": {"assignment": "C1W1_Python_Basics"}})
        seen[kind.__name__] = nb.cells[0].outputs[0]["text"].strip()
    assert seen == {"Execute": "None", "GradingExecute": "1"}


def test_a_cell_that_stopped_early_says_why(monkeypatch):
    nb = _notebook()
    nb.cells[1].outputs = [new_output("error", ename="NameError", evalue="name 'double' is not defined", traceback=[])]
    monkeypatch.setattr(verdicts, "load_expected", lambda assignment: EXPECTED)
    apply_verdicts(nb, "X", {}, None)
    [out] = nb.cells[1].outputs
    assert out.output_type == "error" and "NameError: name 'double' is not defined" in out.evalue
