"""Card copies end to end: sheets drawn by ``cardcopies`` (real-size cards, tilted, on a gray copier
background, at all four orientations, 200-300 dpi) through ``filingdesk process`` with the real OCR."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cardcopies import CardFace, Person, id_back, id_front, residence_permit, sheet, social_security
from test_cli import run_cli

from kernel.schema import DocumentResult, ProcessResult

WANG = Person()
LI = Person(
    name="李秀英",
    gender="female",
    ethnicity="回",
    birth=date(1992, 7, 4),
    address="北京市朝阳区建国路88号院2号楼1203",
    id_number="11010819920704002X",
    issuer="北京市公安局朝阳分局",
    valid_from=date(2012, 5, 20),
    valid_to=None,
    ss_issuer="北京市",
)
DOC_TYPE = {
    "id_front": "id_card",
    "id_back": "id_card",
    "social_security": "social_security_card",
    "residence_permit": "residence_permit",
}


def _upside_down(face: CardFace) -> CardFace:
    """The face laid on the copier glass the other way up from the sheet's other card."""
    return replace(face, image=face.image.rotate(180))


def _values(doc: DocumentResult) -> dict[str, object]:
    return {k: v.value for k, v in doc.fields.items()}


def _expected(faces: list[CardFace]) -> dict[str, dict[str, object]]:
    """Each document type on the sheet with the fields its faces print (None: not printed)."""
    out: dict[str, dict[str, object]] = {}
    for face in faces:
        out.setdefault(DOC_TYPE[face.kind], {}).update(face.truth)
    return out


@pytest.mark.slow
def test_card_copies_are_classified_turned_and_read(tmp_path: Path) -> None:
    rng = random.Random(21)
    sheets = {
        "id_both_0.jpg": ([id_front(WANG, 300, rng), id_back(WANG, 300, rng)], 0, 300),
        "id_both_90.jpg": ([id_back(LI, 250, rng), id_front(LI, 250, rng)], 90, 250),
        "ss_180.jpg": ([social_security(WANG, 200, rng)], 180, 200),
        "permit_270.jpg": ([residence_permit(WANG, 300, rng)], 270, 300),
        "id_and_ss.jpg": ([id_front(LI, 250, rng), social_security(LI, 250, rng)], 0, 250),
        # one card upside down against the other: each is read its own way up
        "back_turned.jpg": ([id_front(WANG, 250, rng), _upside_down(id_back(WANG, 250, rng))], 0, 250),
        "ss_turned.jpg": ([_upside_down(social_security(LI, 300, rng)), id_front(LI, 300, rng)], 0, 300),
    }
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, (faces, rotation, dpi) in sheets.items():
        sheet(faces, dpi, rng, rotation=rotation).save(inputs / name, quality=88, dpi=(dpi, dpi))
    out = tmp_path / "result.json"
    proc = run_cli(["process", str(inputs), "--out", str(out), "--quiet", "--no-save"], tmp_path / "home")
    assert proc.returncode == 0, proc.stderr
    result = ProcessResult.model_validate_json(out.read_text(encoding="utf-8"))

    right = total = 0
    for name, (faces, _, _) in sheets.items():
        docs = {d.doc_type.value: d for d in result.documents if d.source.endswith(name)}
        expected = _expected(faces)
        assert set(docs) == set(expected), (name, set(docs))  # every card's document, no other
        for doc_type, fields in expected.items():
            got = _values(docs[doc_type])
            for key, value in fields.items():
                total += 1
                right += got.get(key) == value
    # the drawn cards are clean: allow OCR a character or two, not a lost card
    assert right >= 0.9 * total, (right, total)
    # front and back of one person's ID card on one sheet are one document, and its ID number checks
    turned = {d.doc_type.value: _values(d) for d in result.documents if d.source.endswith("ss_turned.jpg")}
    assert turned["social_security_card"]["name"] == LI.name, turned
    back = next(d for d in result.documents if d.source.endswith("back_turned.jpg"))
    assert _values(back).get("issuer") == WANG.issuer, _values(back)
    li_id = next(d for d in result.documents if d.source.endswith("id_both_90.jpg"))
    assert _values(li_id)["id_number"] == LI.id_number and _values(li_id)["valid_indefinitely"] is True
    assert {f.name for f in result.filings} >= {WANG.name, LI.name}
