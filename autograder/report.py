"""The class report of a grading run: score histogram, pass rate and commonest failures per graded function.

Written by `python -m autograder grade` to OUT/report/<ID>.html with OUT/report/<ID>_scores.png. It is for
the instructor, so it quotes the first line of each failure message, hidden tests included.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from pathlib import Path

import nbformat

from . import source_notebook
from .submissions import graded_functions


def _first_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 160 else text[:157] + "..."


def failure_messages(notebook: Path, functions: dict[str, dict]) -> dict[str, str]:
    """{graded function: first line of the error its grade cell raised} for one autograded notebook."""
    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:  # noqa: BLE001 - a report never fails on one bad file
        return {}
    test_to_function = {info["test"]: fn for fn, info in functions.items()}
    out = {}
    for cell in nb.cells:
        fn = test_to_function.get(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"))
        if not fn:
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = output.get("evalue", "").strip().splitlines()
                out[fn] = _first_line(f"{output.get('ename', 'Error')}: {message[0] if message else ''}")
    return out


def _histogram_png(percentages: list[float], title: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.hist(percentages, bins=[i * 10 for i in range(11)], color="#4c78a8", edgecolor="white")
    ax.set_xlabel("score (% of the points)")
    ax.set_ylabel("submissions")
    ax.set_title(title)
    ax.set_xlim(0, 100)
    ax.yaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


def write_report(assignment_id: str, results: list, out: Path) -> Path:
    """Write OUT/report/<ID>.html and <ID>_scores.png from the results of one assignment; return the HTML path."""
    functions = graded_functions(assignment_id)
    name = source_notebook(assignment_id).name
    graded = [r for r in results if r.status == "graded"]
    counts = Counter(r.status for r in results)
    percentages = [100 * r.score / r.max_score for r in graded if r.max_score]
    report_dir = out / "report"
    report_dir.mkdir(parents=True, exist_ok=True)
    png = _histogram_png(percentages, f"{assignment_id}: {len(graded)} graded submissions")
    (report_dir / f"{assignment_id}_scores.png").write_bytes(png)

    failures: dict[str, Counter] = {fn: Counter() for fn in functions}
    for r in graded:
        messages = failure_messages(out / "autograded" / r.student / assignment_id / name, functions)
        for fn, message in messages.items():
            failures[fn][message] += 1

    rows = []
    for fn, info in functions.items():
        passed = sum(r.per_function.get(fn, 0.0) >= info["points"] for r in graded)
        rate = 100 * passed / len(graded) if graded else 0.0
        common = "".join(
            f"<li>{count} &times; <code>{html.escape(message)}</code></li>" for message, count in failures[fn].most_common(3)
        )
        rows.append(
            f"<tr><td><code>{html.escape(fn)}</code></td><td>{info['points']:g}</td>"
            f"<td class='rate'><div class='bar'><span style='width:{rate:.0f}%'></span></div> {rate:.0f} % ({passed}/{len(graded)})</td>"
            f"<td><ul>{common or '<li>none</li>'}</ul></td></tr>"
        )
    mean = sum(percentages) / len(percentages) if percentages else 0.0
    verdicts = ", ".join(f"{status} {counts.get(status, 0)}" for status in ("graded", "not gradable", "timed out"))
    reasons = "".join(
        f"<li><b>{html.escape(r.student)}</b> ({r.status}): {html.escape(r.reason)}</li>" for r in results if r.status != "graded"
    )
    page = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{assignment_id}: class report</title>
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 70em; }}
table {{ border-collapse: collapse; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .4em .8em; text-align: left; vertical-align: top; }}
.rate {{ white-space: nowrap; }}
.bar {{ display: inline-block; width: 8em; height: .8em; background: #eee; }}
.bar span {{ display: block; height: 100%; background: #54a24b; }}
ul {{ margin: 0; padding-left: 1.2em; }}
</style></head><body>
<h1>{assignment_id}: class report</h1>
<p>{len(results)} submissions: {verdicts}. Mean score of the graded submissions: {mean:.1f} %.</p>
<img alt="score histogram" src="data:image/png;base64,{base64.b64encode(png).decode()}">
<h2>Item analysis</h2>
<p>Pass rate: share of graded submissions that earned all the points of the function. Failures: the commonest
first lines of the errors its grade cell raised (public and hidden tests).</p>
<table><tr><th>graded function</th><th>points</th><th>pass rate</th><th>commonest failures</th></tr>
{''.join(rows)}
</table>
<h2>Not graded</h2>
<ul>{reasons or '<li>none</li>'}</ul>
</body></html>
"""
    path = report_dir / f"{assignment_id}.html"
    path.write_text(page, encoding="utf-8")
    return path
