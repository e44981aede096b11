"""Reference functions for hidden tests, taken from the source notebook's own solutions.

A grade cell grades one function on its own: while its hidden tests run, the functions it calls
are the course's, not the student's, so a mistake in `sigmoid` costs `sigmoid`'s points only. The
source notebook names them in the hidden call, ``grade(check_optimize, optimize, [...],
stand_ins=("sigmoid", "propagate"))``; this preprocessor (run by nbgrader's generate_assignment,
before the grade cells are saved in the gradebook) replaces the names by the solutions' code,
``stand_ins={"sigmoid": "def sigmoid(z): ...", ...}``, and ``dlchecks.core.standing_in`` puts them
in place during the hidden tests. The release never sees them (hidden tests are cleared), and the
source notebook run as it is needs none (its functions are the solutions).

Only functions answered *before* the grade cell may stand in: their verdicts are decided by then,
so a kernel that keeps a reference it was given cannot use it to pass the function it stands for.
"""

from __future__ import annotations

import ast
import re

from nbgrader.preprocessors import NbGraderPreprocessor

SOLUTION_MARKERS = ("BEGIN SOLUTION", "END SOLUTION")


class StandInError(ValueError):
    """A grade cell names a stand-in the notebook cannot provide."""


def solution_functions(cell_source: str) -> dict[str, str]:
    """{name: source} of every function an answer cell defines, as solved (markers removed)."""
    source = "\n".join(line for line in cell_source.split("\n") if not any(m in line for m in SOLUTION_MARKERS))
    tree = ast.parse(source)
    return {node.name: ast.get_source_segment(source, node) for node in tree.body if isinstance(node, ast.FunctionDef)}


def _stand_in_names(node: ast.Call) -> tuple[ast.keyword, list[str]] | None:
    for keyword in node.keywords:
        if keyword.arg == "stand_ins" and isinstance(keyword.value, (ast.Tuple, ast.List)):
            names = [e.value for e in keyword.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(names) != len(keyword.value.elts):
                raise StandInError("stand_ins must be a tuple of function names")
            return keyword, names
    return None


def expand(grade_source: str, available: dict[str, str], graded: str | None = None) -> str:
    """`grade_source` with each ``stand_ins=(names)`` replaced by ``stand_ins={name: solution code}``."""
    tree = ast.parse(grade_source)
    lines = grade_source.split("\n")
    edits = []
    for node in ast.walk(tree):
        found = _stand_in_names(node) if isinstance(node, ast.Call) else None
        if not found:
            continue
        keyword, names = found
        unknown = [n for n in names if n not in available or n == graded]
        if unknown:
            raise StandInError(f"stand-ins {unknown} are not functions answered before this grade cell")
        value = keyword.value
        edits.append((value.lineno, value.col_offset, value.end_lineno, value.end_col_offset,
                      repr({name: available[name] for name in names})))
    for start, col, end, end_col, text in sorted(edits, reverse=True):
        first, last = lines[start - 1], lines[end - 1]
        lines[start - 1:end] = [first[:col] + text + last[end_col:]]
    return "\n".join(lines)


class ExpandStandIns(NbGraderPreprocessor):
    """Fill in the stand-in references of every grade cell from the answers above it (see the module doc)."""

    def preprocess(self, nb, resources):
        available: dict[str, str] = {}
        graded = None
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code":
                continue
            if meta.get("solution"):
                available.update(solution_functions(cell.source))
                marker = re.search(r"#\s*GRADED FUNCTION:\s*(\w+)", cell.source)
                graded = marker.group(1) if marker else graded
            elif meta.get("grade") and "stand_ins" in cell.source:
                try:
                    cell.source = expand(cell.source, available, graded)
                except StandInError as error:
                    raise StandInError(f"grade cell {meta.get('grade_id')}: {error}") from None
        return nb, resources
