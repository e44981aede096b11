"""Put back the grade cells a student deleted, wherever the notebook has locked cells between answers and tests.

nbgrader's OverwriteCells (with add_missing_cells) re-inserts a deleted grade cell after the source cell that
precedes it, but looks that cell up among the submitted answer and grade cells only; when the preceding cell is a
locked cell (this course puts "print the result" cells between an answer and its test) it fails with a KeyError
and the whole submission cannot be graded. This subclass anchors the restored cell after the nearest earlier
source cell that is still in the notebook, of any kind.

It also drops the empty nbgrader metadata that DeduplicateIds leaves on a copy-pasted duplicate of a graded or
locked cell; OverwriteCells' task-cell pass expects a grade_id in every nbgrader metadata and would fail on it.
"""

from __future__ import annotations

from nbgrader.preprocessors import OverwriteCells


class CourseOverwriteCells(OverwriteCells):
    def preprocess(self, nb, resources):
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", None) == {}:
                del cell.metadata["nbgrader"]
        return super().preprocess(nb, resources)

    def add_missing_grade_cells(self, nb, resources):
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_cells = source_nb.source_cells
        order = [cell.name for cell in source_cells]
        solution_ids = {cell.name for cell in source_nb.solution_cells}
        for grade_cell in source_nb.grade_cells:
            where = {
                cell.metadata["nbgrader"]["grade_id"]: i
                for i, cell in enumerate(nb.cells)
                if "grade_id" in cell.metadata.get("nbgrader", {})
            }
            if grade_cell.name in where or grade_cell.name not in order:
                continue
            self.log.warning("Missing grade cell %s encountered, adding to notebook", grade_cell.name)
            index = order.index(grade_cell.name)
            restored = self.missing_cell_transform(
                source_cells[index], grade_cell.max_score, is_solution=grade_cell.name in solution_ids
            )
            anchor = next((where[name] for name in reversed(order[:index]) if name in where), -1)
            nb.cells.insert(anchor + 1, restored)
        return nb, resources
