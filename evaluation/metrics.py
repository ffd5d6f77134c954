"""Pure metric functions over the pairs :mod:`evaluation.matching` produced.

Each function answers one question a reviewer or developer asks of a run
(are fields read right, are seals found, is the verdict right, are defects
pinned to the right field) and returns counts alongside ratios, so that
aggregation across runs stays possible and nothing here touches the disk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from evaluation.matching import DocumentMatch, FilingMatch, StampMatch
from evaluation.normalize import normalize_value, values_equal
from evaluation.report import FieldError, Score, StampScores
from kernel.domain import FilingStatus, Severity
from kernel.schema import DocumentResult, FilingResult


@dataclass(frozen=True)
class FieldOutcome:
    """One truth field judged against the prediction."""

    document: str
    source: str
    doc_type: str
    key: str
    expected: Any
    got: Any
    missing: bool
    correct: bool


def field_outcomes(match: DocumentMatch) -> list[FieldOutcome]:
    """Every truth field of every truth document, judged; all fields of missed documents are wrong.

    A predicted field that truth does not list is not judged. A truth field that
    is empty (None, "", []) counts as right when the matched prediction lacks it
    or has it empty too, and wrong when the prediction read something there.
    """
    out: list[FieldOutcome] = []
    pairs: list[tuple[DocumentResult, DocumentResult | None]] = [*match.pairs]
    pairs.extend((t, None) for t in match.missed)
    for truth, pred in pairs:
        for key, fv in truth.fields.items():
            got_fv = None if pred is None else pred.fields.get(key)
            got = None if got_fv is None else got_fv.value
            empty_truth = normalize_value(key, fv.value) is None
            judged = pred is not None and (got_fv is not None or empty_truth)
            correct = judged and values_equal(key, fv.value, got)
            out.append(
                FieldOutcome(
                    truth.id,
                    truth.source,
                    str(truth.doc_type),
                    key,
                    fv.value,
                    got,
                    missing=got_fv is None,
                    correct=correct,
                )
            )
    return out


def accuracy(outcomes: Iterable[FieldOutcome]) -> Score:
    """Micro-averaged share of correct outcomes."""
    items = list(outcomes)
    return Score.of(sum(o.correct for o in items), len(items))


def accuracy_by(outcomes: Iterable[FieldOutcome], key: Callable[[FieldOutcome], str]) -> dict[str, Score]:
    """Accuracy per group (e.g. per canonical field key or per truth doc type)."""
    groups: dict[str, list[FieldOutcome]] = defaultdict(list)
    for o in outcomes:
        groups[key(o)].append(o)
    return {k: accuracy(v) for k, v in sorted(groups.items())}


def field_errors(outcomes: Iterable[FieldOutcome]) -> list[FieldError]:
    """The wrong outcomes, as report rows."""
    return [
        FieldError(
            document=o.document,
            source=o.source,
            doc_type=o.doc_type,
            key=o.key,
            expected=o.expected,
            got=o.got,
            missing=o.missing,
        )
        for o in outcomes
        if not o.correct
    ]


def doc_type_accuracy(match: DocumentMatch) -> Score:
    """Share of truth documents matched to a prediction of the same doc type (missed ones are wrong)."""
    correct = sum(t.doc_type == p.doc_type for t, p in match.pairs)
    return Score.of(correct, len(match.pairs) + len(match.missed))


def _prf(hits: int, truth: int, predicted: int) -> tuple[float | None, float | None, float | None]:
    precision = hits / predicted if predicted else None
    recall = hits / truth if truth else None
    if precision is None or recall is None:
        return precision, recall, None
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def stamp_scores(match: StampMatch) -> StampScores:
    """Seal presence over all stamps: a hit is a one-to-one pair with IoU ≥ the threshold."""
    hits = len(match.pairs)
    truth, predicted = hits + len(match.missed), hits + len(match.extra)
    precision, recall, f1 = _prf(hits, truth, predicted)
    mean_iou = sum(p.iou for p in match.pairs) / hits if hits else None
    return StampScores(
        truth=truth,
        predicted=predicted,
        hits=hits,
        precision=precision,
        recall=recall,
        f1=f1,
        mean_iou=mean_iou,
    )


def gray_stamp_scores(match: StampMatch) -> StampScores:
    """Seal presence restricted to gray (photocopied/faxed) seals.

    Truth-gray stamps define recall; precision counts hits on truth-gray stamps
    against those hits plus unmatched predictions labelled gray. A prediction
    labelled gray that hit a red seal is neither (it shows up in colour accuracy).
    """
    pairs = [p for p in match.pairs if p.truth.color == "gray"]
    hits = len(pairs)
    truth = hits + sum(s.color == "gray" for s in match.missed)
    predicted = hits + sum(s.color == "gray" for s in match.extra)
    precision, recall, f1 = _prf(hits, truth, predicted)
    mean_iou = sum(p.iou for p in pairs) / hits if hits else None
    return StampScores(
        truth=truth,
        predicted=predicted,
        hits=hits,
        precision=precision,
        recall=recall,
        f1=f1,
        mean_iou=mean_iou,
    )


def stamp_color_accuracy(match: StampMatch) -> Score:
    """Share of hit seals whose predicted colour (red/gray) equals truth."""
    return Score.of(sum(p.truth.color == p.predicted.color for p in match.pairs), len(match.pairs))


def verdict_accuracy(match: FilingMatch) -> Score:
    """Share of truth filings whose matched prediction has the same status; unmatched ones are wrong."""
    correct = sum(t.status == p.status for t, p in match.pairs)
    return Score.of(correct, len(match.pairs) + len(match.missed))


def _flags(filing: FilingResult | None) -> set[tuple[str, str | None]]:
    return set() if filing is None else {(i.code, i.field) for i in filing.issues}


def defect_scores(match: FilingMatch) -> tuple[Score, dict[str, Score]]:
    """Share of expected issues (truth) that the matched filing flags with the same code and field.

    Returned overall and per issue code. Issues of unmatched truth filings count
    as not flagged.
    """
    pairs: list[tuple[FilingResult, FilingResult | None]] = [*match.pairs]
    pairs.extend((t, None) for t in match.missed)
    hit_by_code: dict[str, list[bool]] = defaultdict(list)
    for truth, pred in pairs:
        flags = _flags(pred)
        for issue in truth.issues:
            hit_by_code[issue.code].append((issue.code, issue.field) in flags)
    per_code = {code: Score.of(sum(h), len(h)) for code, h in sorted(hit_by_code.items())}
    total = Score.of(sum(s.correct for s in per_code.values()), sum(s.total for s in per_code.values()))
    return total, per_code


def is_clean(filing: FilingResult) -> bool:
    """A truth filing with nothing blocking: complete and free of error-severity issues."""
    return filing.status == FilingStatus.COMPLETE and not any(
        i.severity == Severity.ERROR for i in filing.issues
    )


def false_alarms(match: FilingMatch) -> tuple[int, dict[str, int]]:
    """Error-severity issues predicted on filings that truth says are clean: total and per code.

    Returns ``(clean filings judged, alarms per code)``; the alarm total is the sum of the dict.
    """
    clean = 0
    by_code: dict[str, int] = defaultdict(int)
    for truth, pred in match.pairs:
        if not is_clean(truth):
            continue
        clean += 1
        for issue in pred.issues:
            if issue.severity == Severity.ERROR:
                by_code[issue.code] += 1
    return clean, dict(sorted(by_code.items()))


def count_pages(documents: Iterable[DocumentResult]) -> int:
    """Distinct (source, page) pairs: the pages a run had to read."""
    return len({(d.source, p) for d in documents for p in d.pages})


def seconds_per_page(seconds: float | None, pages: int | None) -> float | None:
    """Wall-clock seconds per page, when both are known and there were pages."""
    if seconds is None or not pages:
        return None
    return seconds / pages
