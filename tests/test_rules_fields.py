"""Field rules: required boxes, signature, ID on the form, phone, social-security number, dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from builders import GOOD_ID, SETTINGS, TODAY, codes, declaration, good_packet, make_id
from hypothesis import given
from hypothesis import strategies as st

from validate.check import validate_filing
from validate.fields import phone_ok, social_security_number_ok


def run(**overrides: object) -> set[str]:
    return codes(validate_filing("f", good_packet(**overrides), settings=SETTINGS, today=TODAY))


def test_good_packet_is_complete() -> None:
    result = validate_filing("f", good_packet(), settings=SETTINGS, today=TODAY)
    assert result.status == "complete", result.issues
    assert result.issues == []


@pytest.mark.parametrize("key", ["name", "id_number", "destination_region", "insured_region", "start_date"])
def test_required_field_missing(key: str) -> None:
    result = validate_filing("f", good_packet(**{key: None}), settings=SETTINGS, today=TODAY)
    missing = [i for i in result.issues if i.code == "field_missing"]
    assert [i.field for i in missing] == [key]
    assert missing[0].severity == "error" and missing[0].document == "decl-1"
    assert missing[0].message and missing[0].message_en
    assert result.status == "incomplete"


def test_optional_field_may_be_empty() -> None:
    assert run(reason=None, employer=None, end_date=None) == set()


@pytest.mark.parametrize("value", [False, None])
def test_signature_missing(value: object) -> None:
    assert run(applicant_signature=value) == {"signature_missing"}


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("14010519880315001", "id_number_length"),
        (GOOD_ID[:17] + ("1" if GOOD_ID[17] != "1" else "2"), "id_number_checksum"),
        (make_id("14010519881315001"), "id_number_birth_date"),
        (make_id("99010519880315001"), "id_number_division"),
    ],
)
def test_declaration_id_number_problems(value: str, code: str) -> None:
    result = validate_filing("f", [declaration(id_number=value)], settings=SETTINGS, today=TODAY)
    hit = [i for i in result.issues if i.code == code]
    assert hit and hit[0].field == "id_number" and hit[0].document == "decl-1"


def test_id_number_misread_is_hinted_not_changed() -> None:
    misread = GOOD_ID.replace("0", "O", 1)
    result = validate_filing("f", [declaration(id_number=misread)], settings=SETTINGS, today=TODAY)
    issue = next(i for i in result.issues if i.field == "id_number")
    assert GOOD_ID in issue.message and GOOD_ID in issue.message_en
    assert result.id_number == misread


def test_gender_must_agree_with_id_number() -> None:
    assert run(gender="female") == {"id_number_gender"}
    assert run(gender="男") == set()


@pytest.mark.parametrize(
    "phone",
    ["13812345678", "+8619912345678", "0351-7654321", "(010)12345678", "03517654321", "010-87654321-123"],
)
def test_phone_ok(phone: str) -> None:
    assert phone_ok(phone)
    assert run(phone=phone) == set()


@pytest.mark.parametrize("phone", ["12812345678", "1381234567", "7654321", "0351-765", "abc"])
def test_phone_invalid(phone: str) -> None:
    assert not phone_ok(phone)
    assert run(phone=phone) == {"phone_invalid"}


@pytest.mark.parametrize("value", [GOOD_ID, "A12345678", "B123456789", "140100123"])
def test_social_security_number_ok(value: str) -> None:
    assert social_security_number_ok(value)


@pytest.mark.parametrize("value", [GOOD_ID[:17] + "Z", "A1234", "ABCDEFGHI", "A12345678901"])
def test_social_security_number_invalid(value: str) -> None:
    assert not social_security_number_ok(value)
    assert run(social_security_number=value) == {"social_security_number_invalid"}


@pytest.mark.parametrize("value", ["2024-02-30", "2024/06/10", "明年"])
def test_date_invalid(value: str) -> None:
    assert "date_invalid" in run(start_date=value)


def test_end_before_start() -> None:
    assert run(end_date="2024-06-09") == {"end_before_start"}
    assert run(end_date="2024-06-10") == {"end_before_start"}  # must be after, not equal
    assert run(end_date="2024-06-11") == set()


def test_signed_date_future() -> None:
    assert run(signed_date="2024-06-02") == {"signed_date_future"}
    assert run(signed_date=TODAY.isoformat()) == set()


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(-400, 400))
def test_property_end_after_start(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    found = run(start_date=start.isoformat(), end_date=end.isoformat())
    assert ("end_before_start" in found) == (days <= 0)
    assert "date_invalid" not in found


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)))
def test_property_signed_date_not_in_future(signed: date) -> None:
    found = run(signed_date=signed.isoformat())
    assert ("signed_date_future" in found) == (signed > TODAY)
