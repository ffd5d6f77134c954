"""The evaluation report: a JSON-able model plus its rendering as rich tables.

One model serves both outputs so that ``--json`` and the terminal tables can
never disagree; ratios carry their counts so a reader sees whether 100 % means
40 of 40 or 1 of 1.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from rich.console import RenderableType
from rich.table import Table

REPORT_VERSION = "1.0"


class Score(BaseModel):
    """A ratio with the counts behind it; ``rate`` is None when nothing was there to score."""

    correct: int = 0
    total: int = 0
    rate: float | None = None

    @classmethod
    def of(cls, correct: int, total: int) -> Score:
        return cls(correct=correct, total=total, rate=correct / total if total else None)


class StampScores(BaseModel):
    """Seal presence: hits at IoU ≥ threshold, precision, recall, F1 and mean IoU of hits."""

    truth: int = 0
    predicted: int = 0
    hits: int = 0
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    mean_iou: float | None = None


class DocumentCounts(BaseModel):
    """How many documents (or filings) were in truth, predicted, paired, missed and extra."""

    truth: int = 0
    predicted: int = 0
    matched: int = 0
    missed: int = 0
    extra: int = 0


class FieldError(BaseModel):
    """One wrongly read field, for finding out why accuracy dropped."""

    document: str
    source: str = ""
    doc_type: str
    key: str
    expected: Any = None
    got: Any = None
    missing: bool = Field(default=False, description="True when prediction had no such field/document.")


class EvalReport(BaseModel):
    """Everything ``filingdesk eval`` measures; see README "Evaluation" for definitions."""

    report_version: str = REPORT_VERSION
    truth_root: str = ""
    documents: DocumentCounts = Field(default_factory=DocumentCounts)
    filings: DocumentCounts = Field(default_factory=DocumentCounts)
    input_errors: int = 0
    doc_type: Score = Field(default_factory=Score)
    fields: Score = Field(default_factory=Score)
    fields_by_key: dict[str, Score] = Field(default_factory=dict)
    fields_by_doc_type: dict[str, Score] = Field(default_factory=dict)
    stamps: StampScores = Field(default_factory=StampScores)
    stamps_gray: StampScores = Field(default_factory=StampScores)
    stamp_color: Score = Field(default_factory=Score)
    verdict: Score = Field(default_factory=Score)
    defects: Score = Field(default_factory=Score)
    defects_by_code: dict[str, Score] = Field(default_factory=dict)
    clean_filings: int = 0
    false_alarms: int = 0
    false_alarms_by_code: dict[str, int] = Field(default_factory=dict)
    seconds: float | None = None
    pages: int | None = None
    seconds_per_page: float | None = None
    field_errors: list[FieldError] = Field(default_factory=list)


def to_json(report: EvalReport) -> str:
    """The report as indented JSON (UTF-8 text, Chinese kept readable)."""
    return report.model_dump_json(indent=2)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _score_row(label: str, score: Score) -> tuple[str, str, str]:
    return label, _pct(score.rate), f"{score.correct}/{score.total}"


def summary_table(report: EvalReport) -> Table:
    """Headline numbers, one per row, with the counts behind them."""
    table = Table(title="Evaluation summary", title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("n", justify="right")
    d, f = report.documents, report.filings
    table.add_row(
        "documents matched",
        _pct(d.matched / d.truth if d.truth else None),
        f"{d.matched}/{d.truth} (+{d.extra} extra)",
    )
    table.add_row(*_score_row("doc-type accuracy", report.doc_type))
    table.add_row(*_score_row("field accuracy (micro)", report.fields))
    for label, s in (("stamps", report.stamps), ("gray stamps", report.stamps_gray)):
        n = f"{s.hits} hit / {s.truth} truth / {s.predicted} pred"
        table.add_row(f"{label} precision", _pct(s.precision), n)
        table.add_row(f"{label} recall", _pct(s.recall), "")
        table.add_row(f"{label} F1", _pct(s.f1), "")
    table.add_row(
        "stamp mean IoU (hits)",
        "—" if report.stamps.mean_iou is None else f"{report.stamps.mean_iou:.3f}",
        str(report.stamps.hits),
    )
    table.add_row(*_score_row("stamp colour accuracy (hits)", report.stamp_color))
    table.add_row(
        "filings matched",
        _pct(f.matched / f.truth if f.truth else None),
        f"{f.matched}/{f.truth} (+{f.extra} extra)",
    )
    table.add_row(*_score_row("filing verdict accuracy", report.verdict))
    table.add_row(*_score_row("defects flagged on right field", report.defects))
    table.add_row(
        "false alarms (errors on clean filings)",
        str(report.false_alarms),
        f"{report.clean_filings} clean filings",
    )
    if report.input_errors:
        table.add_row("unreadable inputs", str(report.input_errors), "")
    if report.seconds is not None:
        table.add_row("seconds", f"{report.seconds:.1f}", f"{report.pages or 0} pages")
        table.add_row(
            "seconds per page",
            "—" if report.seconds_per_page is None else f"{report.seconds_per_page:.2f}",
            "",
        )
    return table


def _scores_table(title: str, first: str, scores: dict[str, Score]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(first)
    table.add_column("accuracy", justify="right")
    table.add_column("correct/total", justify="right")
    for key in sorted(scores):
        table.add_row(*_score_row(key, scores[key]))
    return table


def defects_table(report: EvalReport) -> Table:
    """Per issue code: how many expected defects were flagged on the right field, and false alarms."""
    table = Table(title="Defects per code", title_justify="left")
    table.add_column("code")
    table.add_column("flagged", justify="right")
    table.add_column("hit/expected", justify="right")
    table.add_column("false alarms", justify="right")
    for code in sorted(set(report.defects_by_code) | set(report.false_alarms_by_code)):
        score = report.defects_by_code.get(code, Score())
        table.add_row(
            code,
            _pct(score.rate),
            f"{score.correct}/{score.total}",
            str(report.false_alarms_by_code.get(code, 0)),
        )
    return table


def errors_table(report: EvalReport, limit: int = 20) -> Table:
    """The first ``limit`` wrongly read fields, expected against got."""
    shown = report.field_errors[:limit]
    title = f"Field errors (first {len(shown)} of {len(report.field_errors)})"
    table = Table(title=title, title_justify="left")
    for column in ("source", "doc type", "field", "expected", "got"):
        table.add_column(column, overflow="fold")
    for e in shown:
        got = "(missing)" if e.missing else repr(e.got)
        table.add_row(e.source, e.doc_type, e.key, repr(e.expected), got)
    return table


def render_table(report: EvalReport) -> list[RenderableType]:
    """Tables for the terminal: summary, field accuracy per key and per doc type, defects, errors."""
    out: list[RenderableType] = [
        summary_table(report),
        _scores_table("Field accuracy per key", "field", report.fields_by_key),
        _scores_table("Field accuracy per document type", "doc type", report.fields_by_doc_type),
        defects_table(report),
    ]
    if report.field_errors:
        out.append(errors_table(report))
    return out
