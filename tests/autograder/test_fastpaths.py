"""autograder.fastpaths gives nbgrader the answers its own slow paths give."""

import copy
import subprocess
import sys

import jsonschema
import nbformat
import pytest
from nbgrader.dbutil import _temp_alembic_ini
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.preprocessors import CheckCellMetadata

from autograder import fastpaths, source_notebook


def test_the_in_process_alembic_head_is_what_the_alembic_command_prints(tmp_path):
    with _temp_alembic_ini(f"sqlite:///{tmp_path / 'gradebook.db'}") as ini:  # what nbgrader runs
        printed = subprocess.check_output(["alembic", "-c", ini, "heads"], text=True)
    assert fastpaths.alembic_head() == printed.split()[0]


def test_a_schema_checked_once_validates_cells_as_jsonschema_does():
    schema = MetadataValidator().schema
    checked = fastpaths._SchemaCheckedOnce()
    good = {"grade": True, "solution": False, "locked": True, "grade_id": "x-test", "points": 1, "schema_version": 3}
    bad = {**good, "points": "one"}
    checked.validate(good, schema)
    for _ in range(2):  # the second time from the cached validator
        with pytest.raises(jsonschema.ValidationError) as ours:
            checked.validate(bad, schema)
        with pytest.raises(jsonschema.ValidationError) as theirs:
            jsonschema.validate(bad, schema)
        assert (ours.value.message, list(ours.value.path)) == (theirs.value.message, list(theirs.value.path))
    with pytest.raises(jsonschema.SchemaError):
        checked.validate(good, {"type": 12})


def test_nbgrader_still_rejects_corrupted_metadata_once_installed():
    fastpaths.install()
    nb = nbformat.read(source_notebook("C1W1_Python_Basics"), as_version=4)
    CheckCellMetadata().preprocess(copy.deepcopy(nb), {})
    graded = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))
    graded.metadata["nbgrader"]["points"] = "lots"
    with pytest.raises(ValidationError):
        CheckCellMetadata().preprocess(nb, {})


def test_jsonschema_without_the_iri_grammars_validates_notebooks_the_same(tmp_path):
    # in a fresh interpreter, as the grader's processes start
    probe = (
        "from autograder.fastpaths import skip_iri_grammars\nskip_iri_grammars()\n"
        "import sys, nbformat\nfrom autograder import source_notebook\n"
        "nb = nbformat.read(source_notebook('C1W1_Python_Basics'), as_version=4)\nnbformat.validate(nb)\n"
        "nb.cells[0]['cell_type'] = 'nonsense'\n"
        "try:\n    nbformat.validate(nb)\nexcept nbformat.ValidationError:\n    print('rejected')\n"
        "print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is None)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["rejected", "True"], done.stderr
