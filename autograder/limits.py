"""Output size cap for autograded notebooks: a one-line 50 MB print or a huge image never reaches the gradebook's
files or the feedback report.

nbgrader's LimitOutput caps the number of lines; this preprocessor, run right after it, caps the bytes each
cell keeps (text is cut with a note, oversized rich outputs are replaced by a note).
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Int

NOTE = "\n... [output cut by the grader: {size} bytes, more than {limit} allowed per cell]\n"


class LimitOutputBytes(Preprocessor):
    enabled = Bool(True)
    max_bytes = Int(100_000, help="bytes of output kept per cell").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        budget = self.max_bytes
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                text = output.get("text", "")
                if len(text) > budget:
                    output["text"] = text[: max(budget, 0)] + NOTE.format(size=len(text), limit=self.max_bytes)
                budget -= min(len(text), budget)
            elif output.get("output_type") in ("execute_result", "display_data"):
                data = output.get("data", {})
                size = sum(len(v) if isinstance(v, str) else len(str(v)) for v in data.values())
                if size > budget:
                    output["data"] = {"text/plain": NOTE.format(size=size, limit=self.max_bytes).strip()}
                    output.pop("metadata", None)
                    output["metadata"] = {}
                budget -= min(size, budget)
            elif output.get("output_type") == "error":
                output["evalue"] = output.get("evalue", "")[:2000]
                output["traceback"] = [line[:2000] for line in output.get("traceback", [])[:60]]
        return cell, resources
