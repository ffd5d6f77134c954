"""What an extractor author reads after the totals: which document types, seals and verdicts were wrong.

Field errors are listed by the report itself; this adds the three other misses the totals
count, one line each, so a developer can open the page and look: a document typed wrongly,
a seal missed or invented (page, box, ink, shape), a filing whose verdict differs (with the
issue codes each side raised).
"""

from __future__ import annotations

from pathlib import Path

from evaluation.matching import match_all
from evaluation.truth import load_truth, normalize_prediction
from kernel.schema import ProcessResult, Stamp


def _box(stamp: Stamp) -> str:
    return "[" + ",".join(f"{v:.2f}" for v in stamp.bbox) + "]"


def _stamp(stamp: Stamp) -> str:
    return f"p{stamp.page} {_box(stamp)} {stamp.color} {stamp.shape} {stamp.text!r}"


def details(root: Path, result: ProcessResult) -> list[str]:
    """Report lines for the document types, seals and verdicts of ``result`` that differ from truth."""
    truth = load_truth(root)
    predicted = normalize_prediction(result)
    m = match_all(truth, predicted)
    lines: list[str] = []
    for t, p in m.documents.pairs:
        if t.doc_type != p.doc_type:
            lines.append(f"  doc type {t.source} p{t.pages}: {t.doc_type} → {p.doc_type}")
    for d in m.documents.missed:
        lines.append(f"  document missed {d.source} p{d.pages} {d.doc_type}")
    for d in m.documents.extra:
        lines.append(f"  document extra {d.source} p{d.pages} {d.doc_type}")
    source = {id(s): d.source for d in [*truth.documents, *predicted.documents] for s in d.stamps}
    for s in m.stamps.missed:
        lines.append(f"  seal missed {source.get(id(s), '?')} {_stamp(s)}")
    for s in m.stamps.extra:
        lines.append(f"  seal extra {source.get(id(s), '?')} {_stamp(s)}")
    for tf, pf in m.filings.pairs:
        if tf.status != pf.status:
            want = sorted(i.code + (f"@{i.field}" if i.field else "") for i in tf.issues)
            got = sorted(i.code + (f"@{i.field}" if i.field else "") for i in pf.issues)
            lines.append(f"  verdict {tf.name} {tf.status} → {pf.status}: truth {want} got {got}")
    for f in m.filings.missed:
        lines.append(f"  filing missed {f.name} {f.status}")
    return lines
