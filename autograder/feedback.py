"""Keep hidden tests out of student feedback.

nbgrader's feedback HTML shows grade cells as they ran at autograde time, hidden test code
included. This preprocessor, run by generate_feedback before the HTML export, removes the hidden
regions from every cell's source and drops any output, in any cell, that quotes a hidden line
(a notebook that hooks the kernel could print the cells it runs). The outputs of grade cells are
the grader's verdicts (autograder.verdicts), which never quote a hidden test: a failing hidden
case is one neutral sentence (dlchecks.core.HIDDEN_FAILURE).
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict

from jinja2 import BytecodeCache
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbformat import v4 as nbformat_v4
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from . import is_test_cell

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
MIN_QUOTE = 12  # a hidden line shorter than this ("else:", "))") says nothing and is not looked for


def hidden_lines(source: str, begin: str, end: str) -> tuple[str, list[str]]:
    """(source without hidden regions, the stripped non-empty hidden lines)."""
    kept, hidden, inside = [], [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            if line.strip():
                hidden.append(line.strip())
        else:
            kept.append(line)
    return "\n".join(kept), hidden


def _output_text(output) -> str:
    parts = [output.get("text", ""), output.get("ename", ""), output.get("evalue", "")]
    parts += output.get("traceback", [])
    for value in output.get("data", {}).values():
        parts.append(value if isinstance(value, str) else "")
    return _ANSI.sub("", "\n".join(p if isinstance(p, str) else "".join(p) for p in parts))


class StripHiddenTests(NbGraderPreprocessor):
    begin_test_delimeter = Unicode("BEGIN HIDDEN TESTS").tag(config=True)
    end_test_delimeter = Unicode("END HIDDEN TESTS").tag(config=True)

    def preprocess(self, nb, resources):
        hidden: set[str] = set()
        for cell in nb.cells:
            if cell.cell_type == "code" and self.begin_test_delimeter in cell.source:
                cell.source, lines = hidden_lines(cell.source, self.begin_test_delimeter, self.end_test_delimeter)
                hidden.update(line for line in lines if len(line) >= MIN_QUOTE)
        if hidden:
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs = [o for o in cell.get("outputs", []) if not any(h in _output_text(o) for h in hidden)]
        return nb, resources


_PAD = ' style="padding: .15em 1.2em .15em 0; text-align: left"'


class FeedbackSummary(NbGraderPreprocessor):
    """What a student wants first: the score, and each graded function's points with its one-line reason, in a
    table at the top of the page; and below it, the errors of ungraded cells as one line instead of a traceback."""

    def preprocess(self, nb, resources):
        rows, total, points = [], 0.0, 0.0
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code":
                continue
            if is_test_cell(cell):
                score, worth = float(meta.get("score") or 0), float(meta.get("points") or 0)
                total, points = total + score, points + worth
                errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                message = _ANSI.sub("", str(errors[0].get("evalue", ""))) if errors else "every test passed"
                reason = (message.splitlines() or [""])[0]
                if "A value is still None" in message:
                    reason += " (a value is still None)"
                name = meta.get("grade_id", "").removesuffix("-test")
                rows.append(f"<tr><td{_PAD}><a href='#{html.escape(meta.get('grade_id', ''))}'><code>{html.escape(name)}</code>"
                            f"</a></td><td{_PAD}>{score:g} / {worth:g}</td><td{_PAD}>{'✓' if score >= worth else '✗'} "
                            f"{html.escape(reason[:160])}</td></tr>")
            else:
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "error":  # a student's own cell: the error, not the traceback
                        lines = [_ANSI.sub("", line) for line in output.get("traceback", [])]
                        hint = [line for line in lines if line.startswith("A value is still None")]
                        output["traceback"] = [f"{output.get('ename')}: {output.get('evalue')}", *hint]
        if rows:
            head = "".join(f"<th{_PAD}>{title}</th>" for title in ("graded function", "points", "verdict"))
            table = [f"**Score: {total:g} / {points:g}**", "", f"<table><tr>{head}</tr>", *rows, "</table>"]
            nb.cells.insert(0, nbformat_v4.new_markdown_cell("\n".join(table)))
        return nb, resources


# $$display$$ or $inline$ math in markdown (not \$, not inside `code`)
_MATH = re.compile(r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$|(?<![\\$])\$(?P<inline>[^$\n]+?)(?<!\\)\$", re.S)
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)


def math_to_mathml(markdown: str) -> str:
    """The markdown with every formula as MathML, which browsers draw themselves: a feedback page needs no MathJax
    (and no network). A formula latex2mathml cannot read stays as it was."""
    from latex2mathml.converter import convert

    def formula(match):
        tex, display = (match.group("display"), True) if match.group("display") is not None else (match.group("inline"), False)
        try:
            mathml = convert(tex.strip(), display="block" if display else "inline")
        except Exception:  # noqa: BLE001 - an unusual formula is shown as TeX rather than lost
            return match.group(0)
        return f"\n\n{mathml}\n\n" if display else mathml

    pieces, last = [], 0
    for code in _CODE_SPAN.finditer(markdown):  # code spans keep their dollars
        pieces.append(_MATH.sub(formula, markdown[last:code.start()]))
        pieces.append(code.group(0))
        last = code.end()
    pieces.append(_MATH.sub(formula, markdown[last:]))
    return "".join(pieces)


class MathToMathML(NbGraderPreprocessor):
    """Formulas of markdown cells as MathML (see math_to_mathml), for feedback pages read offline."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown" and "$" in cell.source:
            cell.source = math_to_mathml(cell.source)
        return cell, resources


# MathJax (the formulas are MathML already) and anything else a page would fetch from the network (require.js, for
# widgets, which this course does not use): a feedback page is read offline
_NETWORK_SCRIPTS = re.compile(r"<script[^>]*(?:mathjax|src=[\"']https?:)[^>]*>.*?</script>", re.S | re.I)
_NO_COMMENT = re.compile(r'<div class="panel-footer">\s*<div>\s*<b>Comments:</b>\s*<p>No response\.</p>\s*</div>\s*</div>')
_COMMENT_LINK = re.compile(r'\s*<li><a href="#comment-[^"]*">Comment</a></li>')
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)")
_FOCUSABLE = re.compile(r'(<div class="[^"]*\b(?:jp-Cell-inputWrapper|jp-OutputArea-output)\b[^"]*")')


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory, so a worker compiles nbgrader's feedback template once, not per student
    (jinja checks each template's source checksum before it uses the stored code)."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


class _CachedHighlight:
    """Pygments highlighting of code cells, remembered: most code cells are the same in every student's notebook."""

    size = 2000
    cache: OrderedDict = OrderedDict()

    def __init__(self, highlight: Highlight2HTML):
        self.highlight = highlight

    def __call__(self, source, language=None, metadata=None):
        magics = metadata.get("magics_language") if metadata else None
        key = (source, language, magics, self.highlight.pygments_lexer, repr(self.highlight.extra_formatter_options))
        if key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        html = self.cache[key] = self.highlight(source, language, metadata)
        if len(self.cache) > self.size:
            self.cache.popitem(last=False)
        return html


_TEMPLATES = _MemoryBytecodeCache()


class FeedbackExporter(HTMLExporter):
    """nbconvert's HTML exporter (nbgrader's feedback template), made faster for a class of reports.

    HTMLExporter parses the finished page again only to give images without alt text a default one and to make
    cell inputs and outputs focusable with the keyboard: about half of the time a feedback report takes. This
    exporter adds the same two attributes by pattern (tests/autograder/test_feedback.py compares the two). It also
    compiles the page template once per process, and highlights a code cell seen before from memory.
    """

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = _TEMPLATES
        return environment

    def from_notebook_node(self, nb, resources=None, **kw):
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight_code = self.filters.get("highlight_code", _CachedHighlight(Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        data_types = WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources)
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", data_types)
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        html = _NO_COMMENT.sub("", html)  # an empty "Comments: No response." box under every answer says nothing
        if "<b>Comments:</b>" not in html:  # and the table of contents' links to those boxes lead nowhere
            html = _COMMENT_LINK.sub("", html)
        html = _NETWORK_SCRIPTS.sub("", html)  # formulas are MathML already (MathToMathML): nothing to fetch
        html = _IMG_WITHOUT_ALT.sub('<img alt="No description has been provided for this image"', html)
        return _FOCUSABLE.sub(r'\1 tabindex="0"', html), resources
