"""Printing an evaluation report for ``filingdesk eval``.

Kept apart from the report model so the CLI stays a thin shell: JSON goes out
raw (no wrapping or colour, so it can be piped into jq), tables go through rich.
"""

from __future__ import annotations

from rich.console import Console

from evaluation.report import EvalReport, render_table, to_json


def print_report(report: EvalReport, as_json: bool, console: Console) -> None:
    """Write ``report`` to ``console`` as JSON or as the tables of :func:`render_table`."""
    if as_json:
        console.out(to_json(report), highlight=False)
        return
    for renderable in render_table(report):
        console.print(renderable)
        console.print()
