"""The counter generator (samplegen.counter): deterministic packets whose truth is well formed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kernel.domain import DocType, FilingStatus, Severity
from kernel.idnumber import check_holds
from kernel.schema import ProcessResult
from samplegen.counter import generate
from samplegen.counter.rules import Facts, judge


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def packets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[ProcessResult]]:
    root = tmp_path_factory.mktemp("counter") / "a"
    return root, generate(root, 2, 4242)


def test_same_seed_same_bytes(packets: tuple[Path, list[ProcessResult]], tmp_path: Path) -> None:
    root, _ = packets
    generate(tmp_path / "b", 2, 4242)
    first, again = _files(root), _files(tmp_path / "b")
    assert sorted(first) == sorted(again)
    assert [k for k in first if first[k] != again[k]] == []
    assert (root / "packet_001" / "truth.json").is_file()
    assert (root / "packet_002" / "truth.json").is_file()


def test_truth_is_a_process_result(packets: tuple[Path, list[ProcessResult]]) -> None:
    root, results = packets
    for i, result in enumerate(results, start=1):
        folder = root / f"packet_{i:03d}"
        loaded = ProcessResult.model_validate(json.loads((folder / "truth.json").read_text(encoding="utf-8")))
        assert loaded == result
        sources = {d.source for d in loaded.documents}
        assert all((folder / s).is_file() for s in sources)
        for d in loaded.documents:
            assert {f.page for f in d.page_frames} == set(d.pages)


def _boxes(result: ProcessResult) -> list[list[float]]:
    out = [s.bbox for d in result.documents for s in d.stamps]
    out += [f.bbox for d in result.documents for f in d.fields.values() if f.bbox is not None]
    return out


def test_every_box_lies_on_its_page(packets: tuple[Path, list[ProcessResult]]) -> None:
    _, results = packets
    for result in results:
        boxes = _boxes(result)
        assert boxes
        for x0, y0, x1, y1 in boxes:
            assert 0.0 <= x0 < x1 <= 1.0
            assert 0.0 <= y0 < y1 <= 1.0


def test_id_numbers_valid_unless_planted(packets: tuple[Path, list[ProcessResult]]) -> None:
    _, results = packets
    for result in results:
        planted_bad = {
            doc
            for f in result.filings
            if "id_checksum" in (getattr(f, "planted", None) or [])
            for doc in f.documents
        }
        for d in result.documents:
            value = d.fields["id_number"].value if "id_number" in d.fields else None
            if value and d.id not in planted_bad:
                assert check_holds(value), (d.id, value)


def test_verdict_follows_the_issues(packets: tuple[Path, list[ProcessResult]]) -> None:
    _, results = packets
    for result in results:
        for f in result.filings:
            errors = [i for i in f.issues if i.severity == Severity.ERROR]
            assert (f.status == FilingStatus.INCOMPLETE) == bool(errors)
            forms = [
                d for d in result.documents if d.id in f.documents and d.doc_type == DocType.DECLARATION_FORM
            ]
            assert len(forms) == 1


def test_seals_and_card_copies_across_seeds(tmp_path: Path) -> None:
    results = [r for seed in (7, 8) for r in generate(tmp_path / str(seed), 2, seed)]
    stamps = [s for r in results for d in r.documents for s in d.stamps]
    assert any(s.color != "red" or getattr(s, "ink", "red") != "red" for s in stamps)
    cards = {DocType.ID_CARD, DocType.SOCIAL_SECURITY_CARD, DocType.RESIDENCE_PERMIT}
    assert any(d.doc_type in cards for r in results for d in r.documents)


def test_rules_on_a_bare_form() -> None:
    form = Facts(
        "d1",
        DocType.DECLARATION_FORM,
        {
            "name": "王伟",
            "id_number": "110101199003070000",
            "filing_category": "referral",
            "insured_region": "山西省太原市",
            "destination_region": "北京市",
            "agency_stamp": False,
            "hospitals": [],
        },
        sealed=False,
        hospitals_printed=False,
    )
    codes = {i.code: i.severity for i in judge(form, [])}
    assert codes["agency_stamp_missing"] == Severity.ERROR
    assert codes["missing_referral_certificate"] == Severity.ERROR
    assert codes["hospitals_defaulted"] == Severity.WARNING
    assert "id_number_checksum" in codes
