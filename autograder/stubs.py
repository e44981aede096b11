"""Course-style stubs for release notebooks.

nbgrader's ClearSolutions replaces a ``### BEGIN SOLUTION`` ... ``### END SOLUTION``
region with one fixed stub. This course keeps the classic style instead: each
assignment in the region becomes ``name = None`` (so the student sees which
variables to compute; ``name += None`` where the region only adds to it), and a
region that assigns nothing becomes ``pass``. The
``### START CODE HERE ###`` / ``### END CODE HERE ###`` lines around the region
are outside it and survive untouched.
"""

from __future__ import annotations

import re

from nbgrader.preprocessors import ClearSolutions

# `x = ...`, `a, b = ...`, `d["k"] = ...`, `d["W" + str(l)] = ...`, `x += ...` at the region's own indent
_NAME = r"[A-Za-z_][\w.]*(?:\[[^\]]*\])*"
_ASSIGNMENT = re.compile(rf"^\(?(?P<target>{_NAME}(?:\s*,\s*{_NAME})*)\)?\s*(?P<op>[-+*/@]|//|\*\*)?=(?!=)")


def stub_lines(region: list[str], indent: str) -> list[str]:
    """The stub for the solution lines of one region, at `indent`."""
    # {target: "=" or "+=" ...}: each target once, with the operator of its first line, so that a region that only
    # adds to an array (`dW[...] += ...`) keeps saying that it adds
    targets: dict[str, str] = {}
    for line in region:
        if not line.strip() or line.strip().startswith("#"):
            continue
        if len(line) - len(line.lstrip()) != len(indent):
            continue  # continuation lines and nested blocks
        match = _ASSIGNMENT.match(line.strip())
        if match:
            targets.setdefault(match.group("target").strip(), (match.group("op") or "") + "=")
    if not targets:
        return [indent + "pass"]
    return [f"{indent}{target} {op} None" for target, op in targets.items()]


class CourseClearSolutions(ClearSolutions):
    """ClearSolutions with `name = None` stubs (see module docstring)."""

    def _replace_solution_region(self, cell, language):
        if cell.cell_type != "code":
            return super()._replace_solution_region(cell, language)
        lines = cell.source.split("\n")
        new_lines: list[str] = []
        region: list[str] | None = None
        indent = ""
        replaced = False
        for line in lines:
            if self.begin_solution_delimeter in line:
                if region is not None:
                    raise RuntimeError("encountered nested begin solution statements")
                region, indent, replaced = [], re.match(r"\s*", line).group(0), True
            elif self.end_solution_delimeter in line:
                if region is None:
                    raise RuntimeError("END SOLUTION without BEGIN SOLUTION")
                new_lines.extend(stub_lines(region, indent))
                region = None
            elif region is not None:
                region.append(line)
            else:
                new_lines.append(line)
        if region is not None:
            raise RuntimeError("no end solution statement found")
        cell.source = "\n".join(new_lines)
        return replaced
