"""The evaluation harness scores what it should: perfect is 1.0, each defect costs exactly its share."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from evaluation.cli_helpers import print_report
from evaluation.details import details
from evaluation.matching import iou
from evaluation.normalize import values_equal
from evaluation.report import EvalReport
from evaluation.run import evaluate
from evaluation.truth import load_truth
from kernel.domain import DocType, FilingStatus, Severity
from kernel.schema import DocumentResult, FieldValue, FilingResult, Issue, ProcessResult, Stamp

ID_1 = "14010519880315001X"
ID_2 = "110105199001011234"
BOX = [0.6, 0.8, 0.8, 0.95]


def _fields(**values: Any) -> dict[str, FieldValue]:
    return {k: FieldValue(value=v, confidence=1.0, page=1, source="truth") for k, v in values.items()}


def _stamp(color: str = "red", bbox: list[float] | None = None, page: int = 1) -> Stamp:
    return Stamp.model_validate(
        {
            "page": page,
            "bbox": bbox or BOX,
            "confidence": 1.0,
            "shape": "round",
            "color": color,
            "role": "agency",
        }
    )


def _issue(code: str, field: str | None, severity: Severity = Severity.ERROR) -> Issue:
    return Issue(code=code, severity=severity, field=field, message=code)


def _packet_clean() -> ProcessResult:
    decl = DocumentResult(
        id="doc-1",
        source="declaration.jpg",
        pages=[1],
        doc_type=DocType.DECLARATION_FORM,
        fields=_fields(
            name="张三",
            id_number=ID_1,
            hospitals=["北京协和医院", "北京大学第一医院"],
            applicant_signature=True,
            start_date="2024-06-10",
            employer=None,
        ),
        stamps=[_stamp()],
    )
    proof = DocumentResult(
        id="doc-2",
        source="proof.pdf",
        pages=[1, 2],
        doc_type=DocType.HOUSEHOLD_REGISTER,
        fields=_fields(name="张三", id_number=ID_1, address="北京市朝阳区建国路88号"),
    )
    filing = FilingResult(
        id="filing-1",
        id_number=ID_1,
        name="张三",
        documents=["doc-1", "doc-2"],
        status=FilingStatus.COMPLETE,
        issues=[_issue("hospitals_defaulted", "hospitals", Severity.WARNING)],
    )
    return ProcessResult(documents=[decl, proof], filings=[filing])


def _packet_defective() -> ProcessResult:
    decl = DocumentResult(
        id="doc-1",
        source="scan.pdf",
        pages=[1],
        doc_type=DocType.DECLARATION_FORM,
        fields=_fields(name="李四", id_number=ID_2, applicant_signature=False),
        stamps=[_stamp()],
    )
    cert = DocumentResult(
        id="doc-2",
        source="scan.pdf",
        pages=[2],
        doc_type=DocType.RESIDENCE_CERTIFICATE,
        fields=_fields(name="李思", id_number=ID_2, issuer="朝阳门街道办事处"),
        stamps=[_stamp("gray", [0.1, 0.1, 0.3, 0.3], page=2)],
    )
    filing = FilingResult(
        id="filing-1",
        documents=["doc-1", "doc-2"],
        status=FilingStatus.INCOMPLETE,
        issues=[_issue("signature_missing", "applicant_signature"), _issue("name_mismatch", "name")],
    )
    return ProcessResult(documents=[decl, cert], filings=[filing])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name, packet in (("packet_001", _packet_clean()), ("packet_002", _packet_defective())):
        (tmp_path / name).mkdir()
        (tmp_path / name / "truth.json").write_text(packet.model_dump_json(), encoding="utf-8")
    return tmp_path


def _as_prediction(truth: ProcessResult) -> ProcessResult:
    """Truth re-keyed with pipeline-style ids, so matching cannot lean on ids."""
    ids = {d.id: f"pred-{i}" for i, d in enumerate(truth.documents)}
    docs = [d.model_copy(update={"id": ids[d.id]}, deep=True) for d in truth.documents]
    filings = [
        f.model_copy(update={"id": f"f-{i}", "documents": [ids[x] for x in f.documents]}, deep=True)
        for i, f in enumerate(truth.filings)
    ]
    return ProcessResult(documents=docs, filings=filings)


@pytest.fixture
def perfect(root: Path) -> ProcessResult:
    return _as_prediction(load_truth(root))


def _doc(pred: ProcessResult, source: str, page: int = 1) -> DocumentResult:
    return next(d for d in pred.documents if d.source == source and page in d.pages)


def test_load_truth_prefixes_sources_and_ids(root: Path) -> None:
    truth = load_truth(root)
    assert [d.source for d in truth.documents] == [
        "packet_001/declaration.jpg",
        "packet_001/proof.pdf",
        "packet_002/scan.pdf",
        "packet_002/scan.pdf",
    ]
    assert len({d.id for d in truth.documents}) == 4
    assert truth.filings[1].documents == ["packet_002/doc-1", "packet_002/doc-2"]


def test_truth_at_root_keeps_plain_sources(tmp_path: Path) -> None:
    (tmp_path / "truth.json").write_text(_packet_clean().model_dump_json(), encoding="utf-8")
    assert [d.source for d in load_truth(tmp_path).documents] == ["declaration.jpg", "proof.pdf"]


def test_perfect_prediction_scores_one(root: Path, perfect: ProcessResult) -> None:
    r = evaluate(root, perfect, seconds=8.0, pages=None)
    rates = [
        r.doc_type.rate,
        r.fields.rate,
        r.verdict.rate,
        r.defects.rate,
        r.stamp_color.rate,
        r.stamps.precision,
        r.stamps.recall,
        r.stamps.f1,
        r.stamps.mean_iou,
        r.stamps_gray.precision,
        r.stamps_gray.recall,
        r.stamps_gray.f1,
    ]
    rates += [
        s.rate
        for s in (*r.fields_by_key.values(), *r.fields_by_doc_type.values(), *r.defects_by_code.values())
    ]
    assert rates == [pytest.approx(1.0)] * len(rates)
    assert (r.documents.missed, r.documents.extra, r.false_alarms, r.field_errors) == (0, 0, 0, [])
    assert r.clean_filings == 1
    assert (r.pages, r.seconds_per_page) == (5, pytest.approx(1.6))


def test_one_wrong_field_costs_exactly_one(root: Path, perfect: ProcessResult) -> None:
    total = evaluate(root, perfect, None, None).fields.total
    _doc(perfect, "packet_002/scan.pdf", 2).fields["issuer"].value = "朝阳门派出所"
    r = evaluate(root, perfect, None, None)
    assert (r.fields.correct, r.fields.total) == (total - 1, total)
    assert r.fields_by_key["issuer"].rate == 0.0
    assert r.fields_by_key["name"].rate == 1.0
    assert r.fields_by_doc_type["residence_certificate"].correct == 2
    errors = [(e.key, e.expected, e.got) for e in r.field_errors]
    assert errors == [("issuer", "朝阳门街道办事处", "朝阳门派出所")]


def test_missing_field_and_hallucinated_empty_field_are_wrong(root: Path, perfect: ProcessResult) -> None:
    decl = _doc(perfect, "packet_001/declaration.jpg")
    del decl.fields["name"]
    decl.fields["employer"].value = "某公司"  # truth says the box is empty
    decl.fields["reason"] = FieldValue(value="extra", confidence=0.9, page=1)  # not in truth: ignored
    r = evaluate(root, perfect, None, None)
    assert sorted(e.key for e in r.field_errors) == ["employer", "name"]
    assert r.fields.correct == r.fields.total - 2


def test_absent_prediction_for_empty_truth_field_is_right(root: Path, perfect: ProcessResult) -> None:
    del _doc(perfect, "packet_001/declaration.jpg").fields["employer"]
    assert evaluate(root, perfect, None, None).fields.rate == 1.0


def test_missing_document(root: Path, perfect: ProcessResult) -> None:
    perfect.documents = [d for d in perfect.documents if d.source != "packet_001/declaration.jpg"]
    r = evaluate(root, perfect, None, None)
    assert (r.documents.matched, r.documents.missed, r.documents.extra) == (3, 1, 0)
    assert (r.doc_type.correct, r.doc_type.total) == (3, 4)
    assert r.fields.total - r.fields.correct == 6  # every field of the missed declaration
    assert (r.stamps.hits, r.stamps.truth, r.stamps.recall) == (2, 3, pytest.approx(2 / 3))
    assert r.stamps.precision == 1.0
    assert r.verdict.rate == 1.0  # the filing still matches through its other document


def test_stamp_with_iou_03_is_a_miss(root: Path, perfect: ProcessResult) -> None:
    shifted = [0.6 + 0.1077, 0.8, 0.8 + 0.1077, 0.95]
    assert iou(BOX, shifted) == pytest.approx(0.3, abs=0.01)
    _doc(perfect, "packet_001/declaration.jpg").stamps[0].bbox = shifted
    r = evaluate(root, perfect, None, None)
    assert (r.stamps.hits, r.stamps.truth, r.stamps.predicted) == (2, 3, 3)
    assert r.stamps.precision == pytest.approx(2 / 3) and r.stamps.recall == pytest.approx(2 / 3)
    assert r.stamps_gray.f1 == 1.0


def test_stamp_with_iou_above_half_is_a_hit(root: Path, perfect: ProcessResult) -> None:
    _doc(perfect, "packet_001/declaration.jpg").stamps[0].bbox = [0.61, 0.8, 0.81, 0.95]
    r = evaluate(root, perfect, None, None)
    assert r.stamps.recall == 1.0
    assert r.stamps.mean_iou is not None and 0.8 < r.stamps.mean_iou < 1.0


def test_gray_stamps_counted_separately(root: Path, perfect: ProcessResult) -> None:
    _doc(perfect, "packet_002/scan.pdf", 2).stamps.clear()
    r = evaluate(root, perfect, None, None)
    assert (r.stamps_gray.truth, r.stamps_gray.hits, r.stamps_gray.recall) == (1, 0, 0.0)
    assert r.stamps_gray.precision is None
    assert r.stamps.recall == pytest.approx(2 / 3)
    assert r.stamps.precision == 1.0


def test_gray_seal_read_as_red_hits_but_costs_colour(root: Path, perfect: ProcessResult) -> None:
    _doc(perfect, "packet_002/scan.pdf", 2).stamps[0].color = "red"
    r = evaluate(root, perfect, None, None)
    assert r.stamps.f1 == 1.0 and r.stamps_gray.recall == 1.0
    assert (r.stamp_color.correct, r.stamp_color.total) == (2, 3)


def test_defect_on_wrong_field_is_not_counted(root: Path, perfect: ProcessResult) -> None:
    filing = perfect.filings[1]
    filing.issues = [
        i.model_copy(update={"field": "id_number"}) if i.code == "name_mismatch" else i for i in filing.issues
    ]
    r = evaluate(root, perfect, None, None)
    assert r.defects_by_code["name_mismatch"].rate == 0.0
    assert r.defects_by_code["signature_missing"].rate == 1.0
    assert (r.defects.correct, r.defects.total) == (2, 3)


def test_false_alarms_and_wrong_verdict(root: Path, perfect: ProcessResult) -> None:
    clean = perfect.filings[0]
    clean.status = FilingStatus.INCOMPLETE
    clean.issues.append(_issue("phone_invalid", "phone"))
    clean.issues.append(_issue("hospital_not_in_directory", "hospitals", Severity.WARNING))
    r = evaluate(root, perfect, None, None)
    assert (r.false_alarms, r.false_alarms_by_code) == (1, {"phone_invalid": 1})
    assert (r.verdict.correct, r.verdict.total) == (1, 2)


def test_hospitals_order_insensitive_and_light_normalisation(root: Path, perfect: ProcessResult) -> None:
    decl = _doc(perfect, "packet_001/declaration.jpg")
    decl.fields["hospitals"].value = ["北京大学第一医院 ", "北京协和医院"]
    decl.fields["id_number"].value = "１４０１０５１９８８０３１５００１x"
    assert evaluate(root, perfect, None, None).fields.rate == 1.0
    decl.fields["hospitals"].value = ["北京协和医院"]
    assert evaluate(root, perfect, None, None).fields_by_key["hospitals"].rate == 0.0


def test_booleans_compare_exactly() -> None:
    assert values_equal("applicant_signature", True, True)
    assert not values_equal("applicant_signature", True, 1)
    assert not values_equal("applicant_signature", False, None)
    assert not values_equal("applicant_signature", True, "true")


def test_sources_split_over_documents_pick_most_overlap(root: Path, perfect: ProcessResult) -> None:
    """A prediction that cut scan.pdf into one two-page document matches one truth document only."""
    first, second = _doc(perfect, "packet_002/scan.pdf", 1), _doc(perfect, "packet_002/scan.pdf", 2)
    first.pages = [1, 2]
    perfect.documents.remove(second)
    r = evaluate(root, perfect, None, None)
    assert (r.documents.matched, r.documents.missed) == (3, 1)
    assert r.doc_type.correct == 3


def test_print_report_json_and_tables(root: Path, perfect: ProcessResult) -> None:
    report = evaluate(root, perfect, 2.0, 4)
    buf = io.StringIO()
    print_report(report, True, Console(file=buf, width=60))
    data = json.loads(buf.getvalue())
    assert data["fields"]["rate"] == 1.0 and data["seconds_per_page"] == 0.5
    assert EvalReport.model_validate(data) == report
    _doc(perfect, "packet_001/declaration.jpg").fields["name"].value = "王五"
    buf = io.StringIO()
    print_report(evaluate(root, perfect, None, None), False, Console(file=buf, width=120))
    text = buf.getvalue()
    assert "Evaluation summary" in text and "Defects per code" in text and "王五" in text


def test_two_cards_on_one_page_are_paired_by_their_type(tmp_path: Path) -> None:
    """Two documents of the same page (an ID card and a social security card copied on one sheet)
    pair with the predicted documents of their own type, whatever order either side lists them in."""
    id_card = DocumentResult(
        id="c1",
        source="cards.jpg",
        pages=[1],
        doc_type=DocType.ID_CARD,
        fields=_fields(name="张三", id_number=ID_1),
    )
    ssc = DocumentResult(
        id="c2",
        source="cards.jpg",
        pages=[1],
        doc_type=DocType.SOCIAL_SECURITY_CARD,
        fields=_fields(name="张三", card_number="E20024922"),
    )
    (tmp_path / "p").mkdir()
    truth = ProcessResult(documents=[id_card, ssc], filings=[])
    (tmp_path / "p" / "truth.json").write_text(truth.model_dump_json(), encoding="utf-8")
    predicted = _as_prediction(load_truth(tmp_path))
    predicted.documents.reverse()
    report = evaluate(tmp_path, predicted)
    assert report.doc_type.correct == 2
    assert report.fields.correct == report.fields.total == 4


def test_details_name_the_wrong_type_the_missed_seal_and_the_verdict(
    root: Path, perfect: ProcessResult
) -> None:
    assert details(root, perfect) == []
    proof = _doc(perfect, "packet_001/proof.pdf")
    proof.doc_type = DocType.RESIDENCE_CERTIFICATE
    _doc(perfect, "packet_002/scan.pdf", 2).stamps.clear()
    perfect.filings[0].status = FilingStatus.INCOMPLETE
    lines = details(root, perfect)
    assert any("doc type packet_001/proof.pdf" in ln and "residence_certificate" in ln for ln in lines)
    assert any(ln.startswith("  seal missed packet_002/scan.pdf p2") for ln in lines)
    assert any(ln.startswith("  verdict 张三 complete → incomplete") for ln in lines)
