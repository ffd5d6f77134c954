"""The entry point validate_filing: verdict, header values, purity, issue shape."""

from __future__ import annotations

from builders import (
    GOOD_ID,
    SETTINGS,
    TODAY,
    codes,
    declaration,
    good_packet,
    household_register,
    residence_permit,
)

from kernel.schema import FilingResult
from validate.check import validate_filing
from validate.codes import CODES


def test_complete_filing_header() -> None:
    result = validate_filing("filing-1", good_packet(), settings=SETTINGS, today=TODAY)
    assert result.id == "filing-1" and result.status == "complete"
    assert (result.id_number, result.name, result.filing_category) == (GOOD_ID, "张三", "long_term_resident")
    assert result.documents == ["decl-1", "hr-1"]


def test_without_declaration_values_come_from_the_most_common() -> None:
    docs = [household_register(), residence_permit(), household_register("hr-2", name="张王")]
    result = validate_filing("f", docs, settings=SETTINGS, today=TODAY)
    assert result.status == "incomplete"
    assert "declaration_missing" in codes(result)
    assert (result.name, result.id_number, result.filing_category) == ("张三", GOOD_ID, None)
    assert "name_mismatch" in codes(result)


def test_warnings_alone_keep_the_filing_complete() -> None:
    result = validate_filing("f", good_packet(hospitals=[]), settings=SETTINGS, today=TODAY)
    assert result.status == "complete" and codes(result) == {"hospitals_defaulted"}


def test_pure_and_repeatable_after_a_correction() -> None:
    docs = good_packet(phone="12")
    before = [d.model_dump() for d in docs]
    first = validate_filing("f", docs, settings=SETTINGS, today=TODAY)
    second = validate_filing("f", docs, settings=SETTINGS, today=TODAY)
    assert first == second and [d.model_dump() for d in docs] == before
    docs[0].fields["phone"].value = "13812345678"  # the reviewer corrects the box
    assert validate_filing("f", docs, settings=SETTINGS, today=TODAY).status == "complete"


def test_every_issue_is_registered_and_has_both_messages() -> None:
    bad = [
        declaration(
            phone="1",
            agency_stamp=False,
            applicant_signature=False,
            hospitals=[],
            start_date="2024-13-01",
            destination_region="山西省太原市",
        ),
        household_register(name="李四", address="上海市静安区1号"),
    ]
    result = validate_filing("f", bad, settings=SETTINGS, today=TODAY)
    assert len(result.issues) >= 6
    for issue in result.issues:
        assert issue.code in CODES and issue.severity == CODES[issue.code].severity
        assert issue.message and issue.message_en and "{" not in issue.message + issue.message_en


def test_two_declarations_use_the_fuller_one() -> None:
    docs = [declaration("decl-a", drop=("phone", "reason")), declaration("decl-b"), household_register()]
    result = validate_filing("f", docs, settings=SETTINGS, today=TODAY)
    assert codes(result) == {"multiple_declarations"}
    assert next(i for i in result.issues).document == "decl-a"


def test_result_round_trips_through_json() -> None:
    result = validate_filing("f", good_packet(hospitals=[]), settings=SETTINGS, today=TODAY)
    again = FilingResult.model_validate_json(result.model_dump_json())
    assert again.model_dump() == result.model_dump()
