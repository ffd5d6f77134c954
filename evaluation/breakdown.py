"""Field accuracy of a pipeline result per document variant of an unseen set.

``python -m evaluation.breakdown OUT RESULT.json`` scores ``RESULT.json`` (from
``filingdesk process OUT``) against the truth below ``OUT`` and prints, for each layout or
proof variant named in ``OUT/manifest.json``, the field accuracy and the wrong fields, so
extractor authors see which forms they fall over on.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from evaluation.run import evaluate
from kernel.schema import ProcessResult


def variants(root: Path) -> dict[str, str]:
    """``packet/source`` → variant, from the manifest."""
    data = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    out = {}
    for packet in data["packets"]:
        for doc in packet["documents"]:
            key = f"{packet['packet']}/{doc['source']}#{doc['doc_type']}"
            out[key] = doc["variant"]
    return out


def breakdown(root: Path, result: ProcessResult) -> list[str]:
    """Report lines: per variant the accuracy, then its wrong fields (expected → got)."""
    report = evaluate(root, result)
    names = variants(root)
    errors: dict[str, list[str]] = defaultdict(list)
    for e in report.field_errors:
        variant = names.get(f"{e.source}#{e.doc_type}", "?")
        got = "(missing)" if e.missing else repr(e.got)
        errors[variant].append(f"{e.source} {e.key}: {e.expected!r} → {got}")
    totals: dict[str, int] = defaultdict(int)
    truth_docs = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["packets"]
    for packet in truth_docs:
        truth = ProcessResult.model_validate_json((root / packet["packet"] / "truth.json").read_text("utf-8"))
        for doc, info in zip(truth.documents, packet["documents"], strict=True):
            totals[info["variant"]] += len(doc.fields)
    lines = [
        f"fields {report.fields.correct}/{report.fields.total}, doc types {report.doc_type.correct}/"
        f"{report.doc_type.total}, seal F1 {report.stamps.f1 or 0:.3f}, verdicts "
        f"{report.verdict.correct}/{report.verdict.total}",
        "",
    ]
    for variant in sorted(totals):
        wrong = len(errors.get(variant, []))
        lines.append(f"{variant}: {totals[variant] - wrong}/{totals[variant]} fields right")
        lines += [f"    {line}" for line in errors.get(variant, [])]
    return lines


def main(argv: list[str]) -> None:
    root, result = Path(argv[0]), Path(argv[1])
    predicted = ProcessResult.model_validate_json(result.read_text(encoding="utf-8"))
    print("\n".join(breakdown(root, predicted)))


if __name__ == "__main__":
    main(sys.argv[1:])
