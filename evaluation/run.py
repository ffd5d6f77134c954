"""Score one pipeline result against the truth files of a sample tree.

This is the single entry point the CLI (and any notebook or benchmark) calls:
it loads truth, pairs it with the prediction and fills an :class:`EvalReport`
from the pure metric functions, so every consumer reports the same numbers.
"""

from __future__ import annotations

from pathlib import Path

from evaluation import metrics
from evaluation.matching import match_all
from evaluation.report import DocumentCounts, EvalReport
from evaluation.truth import load_truth, normalize_prediction
from kernel.schema import ProcessResult


def evaluate(
    truth_root: Path, result: ProcessResult, seconds: float | None = None, pages: int | None = None
) -> EvalReport:
    """Compare ``result`` (sources relative to ``truth_root``) with the truth.json files below it.

    ``pages`` defaults to the distinct pages truth covers when only ``seconds`` is given.
    """
    return score(load_truth(truth_root), result, seconds, pages, truth_root=str(truth_root))


def score(
    truth: ProcessResult,
    result: ProcessResult,
    seconds: float | None = None,
    pages: int | None = None,
    *,
    truth_root: str = "",
) -> EvalReport:
    """The report for an already loaded truth; split out so tests need no files on disk."""
    predicted = normalize_prediction(result)
    m = match_all(truth, predicted)
    outcomes = metrics.field_outcomes(m.documents)
    defects, defects_by_code = metrics.defect_scores(m.filings)
    clean, alarms = metrics.false_alarms(m.filings)
    if seconds is not None and pages is None:
        pages = metrics.count_pages(truth.documents)
    return EvalReport(
        truth_root=truth_root,
        documents=DocumentCounts(
            truth=len(truth.documents),
            predicted=len(predicted.documents),
            matched=len(m.documents.pairs),
            missed=len(m.documents.missed),
            extra=len(m.documents.extra),
        ),
        filings=DocumentCounts(
            truth=len(truth.filings),
            predicted=len(predicted.filings),
            matched=len(m.filings.pairs),
            missed=len(m.filings.missed),
            extra=len(m.filings.extra),
        ),
        input_errors=len(predicted.errors),
        doc_type=metrics.doc_type_accuracy(m.documents),
        fields=metrics.accuracy(outcomes),
        fields_by_key=metrics.accuracy_by(outcomes, lambda o: o.key),
        fields_by_doc_type=metrics.accuracy_by(outcomes, lambda o: o.doc_type),
        stamps=metrics.stamp_scores(m.stamps),
        stamps_gray=metrics.gray_stamp_scores(m.stamps),
        stamp_color=metrics.stamp_color_accuracy(m.stamps),
        verdict=metrics.verdict_accuracy(m.filings),
        defects=defects,
        defects_by_code=defects_by_code,
        clean_filings=clean,
        false_alarms=sum(alarms.values()),
        false_alarms_by_code=alarms,
        seconds=seconds,
        pages=pages,
        seconds_per_page=metrics.seconds_per_page(seconds, pages),
        field_errors=metrics.field_errors(outcomes),
    )
