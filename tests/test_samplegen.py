"""The sample generator: deterministic bytes, valid truth, and coverage of defects and doc types."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.domain import DocType, FilingStatus
from kernel.idnumber import check_digit as validate_check_digit
from kernel.schema import ProcessResult
from samplegen import generate
from samplegen.plan import ISSUE_CODES, SCENARIOS
from samplegen.values import bad_check, check_digit, id_number_valid
from validate.codes import CODES

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _truths(root: Path) -> list[ProcessResult]:
    return [
        ProcessResult.model_validate_json(p.read_text(encoding="utf-8"))
        for p in sorted(root.glob("packet_*/truth.json"))
    ]


@pytest.fixture(scope="module")
def small_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("a")
    generate(out, 2, seed=7)
    return out


def test_same_seed_same_bytes(small_set: Path, tmp_path: Path) -> None:
    generate(tmp_path, 2, seed=7)
    assert _files(small_set) == _files(tmp_path)


def test_check_digit_agrees_with_validator() -> None:
    for first17 in ("14010519880315001", "11010119900101123", "50024319700312089"):
        assert check_digit(first17) == validate_check_digit(first17)
        assert not id_number_valid(bad_check(first17 + check_digit(first17)))


def _check_truth(root: Path) -> None:
    truths = _truths(root)
    assert truths
    for truth in truths:
        packet = root / f"packet_{truth.documents[0].id[1:4]}"
        for doc in truth.documents:
            assert (packet / doc.source).is_file(), doc.source
            boxes = [f.bbox for f in doc.fields.values() if f.bbox] + [s.bbox for s in doc.stamps]
            for b in boxes:
                assert all(0.0 <= v <= 1.0 for v in b) and b[0] < b[2] and b[1] < b[3], (doc.id, b)
            assert all(f.source == "truth" and f.confidence == 1.0 for f in doc.fields.values())
        for filing in truth.filings:
            ids = {d.id for d in truth.documents}
            assert set(filing.documents) <= ids
            for issue in filing.issues:
                assert issue.code in CODES and CODES[issue.code].severity == issue.severity
                assert issue.document is None or issue.document in ids
            if filing.status == FilingStatus.COMPLETE:
                assert all(i.severity == "warning" for i in filing.issues)
                decl = next(d for d in truth.documents if d.doc_type == DocType.DECLARATION_FORM)
                assert id_number_valid(decl.fields["id_number"].value)


def test_small_set_truth_is_valid(small_set: Path) -> None:
    _check_truth(small_set)


def test_scenarios_cover_every_issue_code() -> None:
    planned = {code for sc in SCENARIOS for code in sc.defects}
    assert planned == set(ISSUE_CODES)
    assert all(code in CODES for code in ISSUE_CODES)


@pytest.mark.skipif(not (SAMPLES / "packet_001").is_dir(), reason="committed samples not generated")
def test_committed_samples() -> None:
    _check_truth(SAMPLES)
    truths = _truths(SAMPLES)
    codes = {i.code for t in truths for f in t.filings for i in f.issues}
    assert codes == set(ISSUE_CODES)
    doc_types = {d.doc_type for t in truths for d in t.documents}
    # Card copies are drawn only by the generator written apart from the extractor.
    cards = {DocType.ID_CARD, DocType.SOCIAL_SECURITY_CARD}
    assert doc_types == set(DocType) - {DocType.UNKNOWN} - cards
    assert any(d.duplicate_of for t in truths for d in t.documents)
    assert any(s.color == "gray" for t in truths for d in t.documents for s in d.stamps)
    statuses = [f.status for t in truths for f in t.filings]
    assert statuses.count(FilingStatus.COMPLETE) >= 5


@pytest.mark.skipif(not (SAMPLES / "packet_001").is_dir(), reason="committed samples not generated")
def test_validator_agrees_with_committed_truth() -> None:
    """Fed the truth documents (perfect extraction), validation raises exactly the expected issues."""
    from datetime import date

    from kernel.settings import Settings
    from validate.check import validate_filing

    for truth in _truths(SAMPLES):
        filing = truth.filings[0]
        docs = [d for d in truth.documents if d.id in filing.documents]
        got = validate_filing(filing.id, docs, settings=Settings(), today=date(2026, 11, 22))
        assert sorted((i.code, i.document) for i in got.issues) == sorted(
            (i.code, i.document) for i in filing.issues
        ), filing.id
        assert got.status == filing.status
