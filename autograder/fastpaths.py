"""Slow spots of nbgrader's stack, given a faster way to the same answer (installed by course.make_api).

* nbgrader checks each cell's nbgrader metadata with ``jsonschema.validate``, which checks the
  schema itself against the JSON Schema meta-schema before every single cell: a tenth of a second
  per notebook, twice per submission. Here each schema is checked once per process; the cells are
  validated against it exactly as before, and a bad cell raises the same error.
* A new gradebook asks ``alembic heads`` for its schema version in a subprocess, a new Python
  importing alembic: seconds of CPU at the start of every grading run. Here alembic's own
  ScriptDirectory answers in-process from the same migration scripts.
* jsonschema (imported by nbformat, hence by nbgrader) imports rfc3987_syntax when it is installed
  (jupyterlab brings it), which builds 38 parser grammars at import: 1.7 s of CPU in every process
  that imports nbformat. It serves only the "iri" string formats of a format checker, which neither
  nbformat nor nbgrader uses, so the grader's own processes do without it (skip_iri_grammars).

tests/autograder/test_fastpaths.py checks these against the slow paths' answers.
"""

from __future__ import annotations

import functools
import json
import sys


class _SchemaCheckedOnce:
    """The jsonschema module as nbgrader's metadata validator uses it, with validate() checking each schema once."""

    def __init__(self):
        self._validators: dict = {}

    def __getattr__(self, name):
        import jsonschema

        return getattr(jsonschema, name)

    def validate(self, instance, schema, cls=None, *args, **kwargs):
        from jsonschema.exceptions import best_match
        from jsonschema.validators import validator_for

        key = json.dumps(schema, sort_keys=True)
        validator = self._validators.get(key)
        if validator is None:
            cls = cls or validator_for(schema)
            cls.check_schema(schema)  # raises SchemaError for a broken schema, as jsonschema.validate does
            validator = self._validators[key] = cls(schema, *args, **kwargs)
        error = best_match(validator.iter_errors(instance))
        if error is not None:
            raise error


@functools.lru_cache(maxsize=1)
def alembic_head() -> str:
    """The revision `alembic heads` prints for nbgrader's migrations."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    config = Config()
    config.set_main_option("script_location", ALEMBIC_DIR)
    return ScriptDirectory.from_config(config).get_current_head()


def skip_iri_grammars() -> None:
    """Make jsonschema start without rfc3987_syntax (call before anything imports nbformat; see above)."""
    sys.modules.setdefault("rfc3987_syntax", None)


def install() -> None:
    """Point nbgrader at the faster paths (idempotent)."""
    import nbgrader.api
    import nbgrader.nbgraderformat.common as metadata

    if not isinstance(metadata.jsonschema, _SchemaCheckedOnce):
        metadata.jsonschema = _SchemaCheckedOnce()
    nbgrader.api.get_alembic_version = alembic_head
