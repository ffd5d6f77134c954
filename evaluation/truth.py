"""Load the ground truth of a sample tree as one ProcessResult keyed like a pipeline run.

Each packet folder holds a ``truth.json`` whose sources are relative to that
folder, while ``filingdesk process DIR`` reports sources relative to ``DIR``.
Rewriting truth onto the same footing (sources and ids prefixed with the packet
folder) lets matching compare paths as plain strings, and keeps ids unique when
every packet numbers its documents from 1.
"""

from __future__ import annotations

from pathlib import Path

from kernel.schema import DocumentResult, FilingResult, Issue, ProcessResult

TRUTH_NAME = "truth.json"


def normalize_source(source: str) -> str:
    """A source path in one spelling: forward slashes, no ``./`` parts, no leading slash."""
    parts = [p for p in source.replace("\\", "/").split("/") if p not in ("", ".")]
    return "/".join(parts)


def find_truth_files(root: Path) -> list[Path]:
    """Every truth.json below ``root`` (``root`` itself included), in a stable order."""
    return sorted(root.rglob(TRUTH_NAME))


def load_truth(root: Path) -> ProcessResult:
    """All truth files below ``root`` merged, with sources and ids relative to ``root``."""
    merged = ProcessResult()
    for path in find_truth_files(root):
        packet = ProcessResult.model_validate_json(path.read_text(encoding="utf-8"))
        prefix = path.parent.relative_to(root).as_posix()
        rebased = rebase(packet, "" if prefix == "." else prefix)
        merged.documents.extend(rebased.documents)
        merged.filings.extend(rebased.filings)
        merged.errors.extend(rebased.errors)
    return merged


def rebase(result: ProcessResult, prefix: str) -> ProcessResult:
    """``result`` with every source and id prefixed by ``prefix`` (a folder); unchanged when empty."""

    def join(value: str) -> str:
        return normalize_source(f"{prefix}/{value}" if prefix else value)

    def doc_id(value: str | None) -> str | None:
        return None if value is None else (f"{prefix}/{value}" if prefix else value)

    documents = [
        d.model_copy(
            update={"id": doc_id(d.id), "source": join(d.source), "duplicate_of": doc_id(d.duplicate_of)},
            deep=True,
        )
        for d in result.documents
    ]
    filings = [_rebase_filing(f, prefix) for f in result.filings]
    errors = [e.model_copy(update={"source": join(e.source)}) for e in result.errors]
    return result.model_copy(update={"documents": documents, "filings": filings, "errors": errors})


def _rebase_filing(filing: FilingResult, prefix: str) -> FilingResult:
    """A filing whose id, document list and issue document references carry the packet prefix."""

    def pid(value: str) -> str:
        return f"{prefix}/{value}" if prefix else value

    issues = [_rebase_issue(i, prefix) for i in filing.issues]
    return filing.model_copy(
        update={"id": pid(filing.id), "documents": [pid(d) for d in filing.documents], "issues": issues},
        deep=True,
    )


def _rebase_issue(issue: Issue, prefix: str) -> Issue:
    if issue.document is None or not prefix:
        return issue.model_copy()
    return issue.model_copy(update={"document": f"{prefix}/{issue.document}"})


def normalize_prediction(result: ProcessResult) -> ProcessResult:
    """A pipeline result with its sources in the spelling truth uses (Windows paths, ``./`` removed)."""
    documents: list[DocumentResult] = [
        d.model_copy(update={"source": normalize_source(d.source)}) for d in result.documents
    ]
    return result.model_copy(update={"documents": documents})
