"""Pair predicted documents, stamps and filings with their truth counterparts.

Every metric is computed over these pairs, so the pairing rules live in one
place: documents by source file and overlapping pages (a pipeline may split or
merge documents differently from truth), stamps by box overlap on the same page
of the same file (independent of how documents were cut), filings through the
documents they share. All matchings are greedy best-first and one-to-one,
which is exact enough for the handful of candidates a page or packet offers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kernel.schema import BBox, DocumentResult, FilingResult, ProcessResult, Stamp

STAMP_IOU_HIT = 0.5


@dataclass
class DocumentMatch:
    """Truth documents paired with predicted ones; leftovers on both sides."""

    pairs: list[tuple[DocumentResult, DocumentResult]] = field(default_factory=list)
    missed: list[DocumentResult] = field(default_factory=list)
    extra: list[DocumentResult] = field(default_factory=list)

    def predicted_for(self) -> dict[str, str]:
        """Truth document id → predicted document id."""
        return {t.id: p.id for t, p in self.pairs}


@dataclass
class StampPair:
    """A truth stamp and the predicted stamp that hit it, with their overlap."""

    truth: Stamp
    predicted: Stamp
    iou: float


@dataclass
class StampMatch:
    """Stamps hit (IoU ≥ threshold), truth stamps missed, predicted stamps with no truth."""

    pairs: list[StampPair] = field(default_factory=list)
    missed: list[Stamp] = field(default_factory=list)
    extra: list[Stamp] = field(default_factory=list)


@dataclass
class FilingMatch:
    """Truth filings paired with the predicted filing sharing most of their documents."""

    pairs: list[tuple[FilingResult, FilingResult]] = field(default_factory=list)
    missed: list[FilingResult] = field(default_factory=list)
    extra: list[FilingResult] = field(default_factory=list)


def match_documents(truth: list[DocumentResult], predicted: list[DocumentResult]) -> DocumentMatch:
    """One-to-one pairs of same-source documents, most shared pages first.

    Ties on shared pages go to the pair whose page sets differ least, then to the
    pair of the same type (two cards copied on one page are two documents of the
    same page), then to input order, so a result is reproducible.
    """
    candidates: list[tuple[int, int, bool, int, int]] = []
    for ti, t in enumerate(truth):
        for pi, p in enumerate(predicted):
            if t.source != p.source:
                continue
            shared = len(set(t.pages) & set(p.pages))
            if shared:
                differing = len(set(t.pages) ^ set(p.pages))
                candidates.append((-shared, differing, t.doc_type != p.doc_type, ti, pi))
    used_t, used_p = _greedy((ti, pi) for *_, ti, pi in sorted(candidates))
    return DocumentMatch(
        pairs=[(truth[ti], predicted[pi]) for ti, pi in sorted(used_t.items())],
        missed=[t for i, t in enumerate(truth) if i not in used_t],
        extra=[p for i, p in enumerate(predicted) if i not in used_p],
    )


def iou(a: BBox, b: BBox) -> float:
    """Intersection over union of two ``[x0, y0, x1, y1]`` boxes; 0 for degenerate boxes."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = _area(a) + _area(b) - inter
    return inter / union if union > 0 else 0.0


def _area(box: BBox) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def stamps_by_page(documents: list[DocumentResult]) -> dict[tuple[str, int], list[Stamp]]:
    """Stamps grouped by (source file, page), the unit on which a seal physically sits."""
    grouped: dict[tuple[str, int], list[Stamp]] = defaultdict(list)
    for doc in documents:
        for stamp in doc.stamps:
            grouped[(doc.source, stamp.page)].append(stamp)
    return grouped


def match_stamps(
    truth: list[DocumentResult], predicted: list[DocumentResult], threshold: float = STAMP_IOU_HIT
) -> StampMatch:
    """Greedy highest-IoU-first pairing per (source, page); a pair below ``threshold`` is no hit."""
    result = StampMatch()
    truth_pages, pred_pages = stamps_by_page(truth), stamps_by_page(predicted)
    for key in sorted(set(truth_pages) | set(pred_pages)):
        ts, ps = truth_pages.get(key, []), pred_pages.get(key, [])
        scored = sorted(
            ((-iou(t.bbox, p.bbox), ti, pi) for ti, t in enumerate(ts) for pi, p in enumerate(ps)),
        )
        hits = [(ti, pi) for neg, ti, pi in scored if -neg >= threshold]
        used_t, used_p = _greedy(hits)
        for ti, pi in sorted(used_t.items()):
            result.pairs.append(StampPair(ts[ti], ps[pi], iou(ts[ti].bbox, ps[pi].bbox)))
        result.missed.extend(t for i, t in enumerate(ts) if i not in used_t)
        result.extra.extend(p for i, p in enumerate(ps) if i not in used_p)
    return result


def match_filings(
    truth: list[FilingResult], predicted: list[FilingResult], documents: DocumentMatch
) -> FilingMatch:
    """Pair filings by the number of their documents that were matched to each other."""
    to_pred = documents.predicted_for()
    candidates: list[tuple[int, int, int]] = []
    for ti, t in enumerate(truth):
        mapped = {to_pred[d] for d in t.documents if d in to_pred}
        for pi, p in enumerate(predicted):
            shared = len(mapped & set(p.documents))
            if shared:
                candidates.append((-shared, ti, pi))
    used_t, used_p = _greedy((ti, pi) for _, ti, pi in sorted(candidates))
    return FilingMatch(
        pairs=[(truth[ti], predicted[pi]) for ti, pi in sorted(used_t.items())],
        missed=[t for i, t in enumerate(truth) if i not in used_t],
        extra=[p for i, p in enumerate(predicted) if i not in used_p],
    )


@dataclass
class Matching:
    """Everything paired for one evaluation run."""

    documents: DocumentMatch
    stamps: StampMatch
    filings: FilingMatch


def match_all(truth: ProcessResult, predicted: ProcessResult) -> Matching:
    """Documents, stamps and filings of ``predicted`` paired with ``truth``."""
    docs = match_documents(truth.documents, predicted.documents)
    return Matching(
        documents=docs,
        stamps=match_stamps(truth.documents, predicted.documents),
        filings=match_filings(truth.filings, predicted.filings, docs),
    )


def _greedy(ordered: Iterable[tuple[int, int]]) -> tuple[dict[int, int], set[int]]:
    """Accept (truth, predicted) index pairs in the given order while both are still free."""
    used_t: dict[int, int] = {}
    used_p: set[int] = set()
    for ti, pi in ordered:
        if ti not in used_t and pi not in used_p:
            used_t[ti] = pi
            used_p.add(pi)
    return used_t, used_p
