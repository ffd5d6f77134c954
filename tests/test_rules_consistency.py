"""Cross-document rules: same person, proof address in destination, permit validity, dates."""

from __future__ import annotations

from builders import (
    GOOD_ID,
    SETTINGS,
    TODAY,
    codes,
    declaration,
    household_register,
    make_id,
    referral_certificate,
    residence_certificate,
    residence_permit,
)

from kernel import refdata
from kernel.domain import DocType
from kernel.schema import DocumentResult, FilingResult
from validate.check import validate_filing
from validate.consistency import address_in_region, names_confusable

OTHER_ID = make_id("37010219900101002")


def run(docs: list[DocumentResult]) -> FilingResult:
    return validate_filing("f", docs, settings=SETTINGS, today=TODAY)


def test_name_mismatch() -> None:
    result = run([declaration(), household_register(name="李四")])
    hit = [i for i in result.issues if i.code == "name_mismatch"]
    assert hit and hit[0].document == "hr-1" and hit[0].field == "name" and hit[0].severity == "error"


def test_name_one_char_off_at_low_confidence_is_a_warning() -> None:
    proof = household_register(name="张王")
    proof.fields["name"].confidence = 0.5
    result = run([declaration(), proof])
    assert codes(result) == {"name_uncertain"}
    assert result.status == "complete"


def test_name_one_char_off_at_high_confidence_is_an_error() -> None:
    assert codes(run([declaration(), household_register(name="张王")])) == {"name_mismatch"}


def test_name_spacing_and_dots_tolerated() -> None:
    docs = [declaration(name="阿依古丽·买买提"), household_register(name="阿依古丽 • 买买提")]
    assert codes(run(docs)) == set()
    assert names_confusable("张三", "张王") and not names_confusable("张三", "李四")


def test_id_number_mismatch() -> None:
    result = run([declaration(), household_register(id_number=OTHER_ID)])
    hit = [i for i in result.issues if i.code == "id_number_mismatch"]
    assert hit and hit[0].document == "hr-1" and hit[0].field == "id_number"


def test_id_number_ocr_confusion_at_low_confidence_is_a_warning() -> None:
    proof = household_register(id_number=GOOD_ID.replace("0", "O", 1))
    proof.fields["id_number"].confidence = 0.6
    assert codes(run([declaration(), proof])) == {"id_number_uncertain"}
    sure = household_register(id_number=GOOD_ID.replace("0", "O", 1))
    assert codes(run([declaration(), sure])) == {"id_number_mismatch"}


def test_lowercase_x_is_the_same_number() -> None:
    x_id = make_id("11010519491231002")
    docs = [declaration(id_number=x_id, gender="female"), household_register(id_number=x_id.lower())]
    assert "id_number_mismatch" not in codes(run(docs))


def test_address_outside_destination() -> None:
    result = run([declaration(), household_register(address="上海市浦东新区世纪大道1号")])
    hit = [i for i in result.issues if i.code == "address_outside_destination"]
    assert hit and hit[0].document == "hr-1" and hit[0].field == "address"


def test_address_without_city_placed_by_district() -> None:
    assert codes(run([declaration(), household_register(address="海淀区中关村大街1号")])) == set()
    beijing = refdata.match_region("北京市")
    assert beijing is not None
    assert address_in_region("某某路1号", beijing[0]) is None


def test_unplaceable_address_is_a_warning() -> None:
    result = run([declaration(), household_register(address="幸福路1号")])
    assert codes(result) == {"address_unverified"}
    assert result.status == "complete"


def test_residence_permit_valid_on_start_date() -> None:
    assert codes(run([declaration(), residence_permit(valid_to="2024-06-10")])) == set()
    result = run([declaration(), residence_permit(valid_to="2024-06-09")])
    hit = [i for i in result.issues if i.code == "residence_permit_expired"]
    assert hit and hit[0].field == "valid_to" and hit[0].document == "rp-1"


def test_residence_permit_not_yet_valid() -> None:
    result = run([declaration(), residence_permit(valid_from="2024-07-01")])
    assert "residence_permit_not_yet_valid" in codes(result)


def test_certificate_after_application() -> None:
    assert codes(run([declaration(), residence_certificate(issue_date="2024-05-20")])) == set()
    result = run([declaration(), residence_certificate(issue_date="2024-05-21")])
    hit = [i for i in result.issues if i.code == "certificate_after_application"]
    assert hit and hit[0].severity == "warning" and hit[0].document == "rc-1"
    assert result.status == "complete"
    referral = referral_certificate(issue_date="2024-05-30")
    assert "certificate_after_application" in codes(run([declaration(filing_category="referral"), referral]))


def test_unknown_documents_are_not_compared() -> None:
    from builders import doc

    stray = doc(DocType.UNKNOWN, "u-1", name="李四")
    assert codes(run([declaration(), household_register(), stray])) == set()
