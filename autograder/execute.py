"""Run source notebooks top to bottom and store their outputs in place (`make outputs`).

nbval (part of `make test`) re-runs the source notebooks and compares against
these stored outputs, so run this after editing a source notebook.
"""

from __future__ import annotations

import os

import nbformat
from nbclient import NotebookClient

from . import REPO_ROOT, assignment_ids, source_notebook
from .config import cell_timeout


def execute_in_place(assignment_id: str) -> None:
    path = source_notebook(assignment_id)
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    client = NotebookClient(
        nb,
        timeout=10 * cell_timeout(assignment_id),
        kernel_name="python3",
        record_timing=False,  # no run timestamps in the cells: the stored notebook changes only when outputs do
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m autograder execute", description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="assignment IDs (default: all)")
    args = parser.parse_args(argv)
    for a in args.assignments or assignment_ids():
        execute_in_place(a)
        print(f"executed {source_notebook(a).relative_to(REPO_ROOT)}")
    return 0
