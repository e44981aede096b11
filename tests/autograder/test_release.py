"""Release notebooks: in sync with the sources, in the course's stub style, and leaking nothing."""

import re
from pathlib import Path

import nbformat
import pytest

from autograder import REPO_ROOT, assignment_ids, source_notebook
from autograder.hub import release_after
from autograder.release import build_release, release_path, release_text

MARKERS = re.compile(r"BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS")
IDS = assignment_ids()


def _solution_lines(assignment_id):
    """Non-trivial code lines that appear only inside solution or hidden regions of the source."""
    nb = nbformat.read(source_notebook(assignment_id), as_version=4)
    secret, public = set(), set()
    for cell in nb.cells:
        inside = False
        for line in cell.source.split("\n"):
            if re.search(r"BEGIN (SOLUTION|HIDDEN TESTS)", line):
                inside = True
            elif re.search(r"END (SOLUTION|HIDDEN TESTS)", line):
                inside = False
            elif line.strip():
                (secret if inside else public).add(line.strip())
    return {s for s in secret - public if len(s) > 12 and not s.startswith("#") and re.search(r"[A-Za-z_]{2}", s)}


@pytest.fixture(scope="module", params=IDS)
def release(request):
    return request.param, build_release(request.param)


def test_committed_release_is_in_sync(release):
    assignment_id, nb = release
    path = release_path(assignment_id)
    assert path.exists(), f"{path} missing: run `make release`"
    assert path.read_text(encoding="utf-8") == release_text(nb), f"{path} is out of date: run `make release`"


def test_release_leaks_no_solution_or_hidden_test(release):
    assignment_id, _ = release
    text = release_path(assignment_id).read_text(encoding="utf-8")
    assert not MARKERS.search(text)
    leaked = [line for line in _solution_lines(assignment_id) if line in text]
    assert not leaked, f"solution or hidden-test lines in the release: {leaked[:5]}"
    nb = nbformat.reads(text, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "stored outputs in the release"
    assert all("execution" not in c.metadata for c in nb.cells), "run timestamps in the release"


def test_release_uses_classic_stubs_and_says_it_is_generated(release):
    assignment_id, _ = release
    nb = nbformat.read(release_path(assignment_id), as_version=4)
    assert "make release" in nb.metadata["dlcourse"]["generated"]
    graded = [c.source for c in nb.cells if c.cell_type == "code" and "# GRADED FUNCTION" in c.source]
    assert graded
    for source in graded:
        assert "### START CODE HERE ###" in source and "### END CODE HERE ###" in source
        assert re.search(r"^\s*[\w, \[\]\"'+()-]+ = None$|^\s*pass$", source, re.M), source


HELPERS = sorted((REPO_ROOT / "utils").rglob("*.py"))


@pytest.mark.parametrize("path", HELPERS, ids=lambda p: str(p.relative_to(REPO_ROOT / "utils")))
def test_utils_hold_no_solutions(path):
    """No helper (checks included) holds a solution or hidden-test line, except the answers it declares on purpose."""
    text = path.read_text(encoding="utf-8")
    assert not MARKERS.search(text), path
    exempt = release_after(path)
    assert set(exempt) <= set(IDS) and all(exempt.values()), f"{path.name}: __release_after__ names unknown assignments"
    secret = set().union(*(_solution_lines(a) for a in IDS if a not in exempt))
    leaked = [line for line in secret if line in text]
    assert not leaked, f"{path.name} contains solution lines: {leaked[:5]}"


def test_every_release_notebook_has_a_source():
    for path in (REPO_ROOT / "notebooks" / "release").glob("*/*.ipynb"):
        assert path.parent.name in IDS and Path(source_notebook(path.parent.name)).name == path.name
