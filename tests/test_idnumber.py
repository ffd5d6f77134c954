"""GB 11643 ID numbers: check digit, parse, problems, OCR repair hints."""

from __future__ import annotations

from datetime import date

import pytest
from builders import GOOD_ID, make_id
from hypothesis import given
from hypothesis import strategies as st

from kernel.idnumber import (
    CHECK_CHARS,
    IdInfo,
    check_digit,
    confusable,
    normalise,
    ocr_repair_candidates,
    parse_id_number,
)

TODAY = date(2024, 6, 1)


def problem_codes(s: str) -> list[str]:
    parsed = parse_id_number(s, today=TODAY)
    assert not isinstance(parsed, IdInfo)
    return [p.code for p in parsed]


def test_known_check_digits() -> None:
    assert check_digit("11010519491231002") == "X"  # the GB 11643 worked example
    assert check_digit("44052418800101001") == "4"


def test_check_digit_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        check_digit("123")


def test_parse_valid_number() -> None:
    info = parse_id_number(GOOD_ID, today=TODAY)
    assert isinstance(info, IdInfo)
    assert info.birth_date == date(1988, 3, 15)
    assert info.gender == "male"
    assert info.division_code == "140105"


def test_lowercase_x_and_spaces_are_normalised() -> None:
    info = parse_id_number("110105 19491231 002x", today=TODAY)
    assert isinstance(info, IdInfo)
    assert info.number == "11010519491231002X"
    assert info.gender == "female"
    assert normalise("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("14010519880315001", "id_number_length"),
        ("1401051988031500166", "id_number_length"),
        ("14010519880315A016", "id_number_checksum"),
        (GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1"), "id_number_checksum"),
        (make_id("14010519880230001"), "id_number_birth_date"),  # 30 February
        (make_id("14010520300101001"), "id_number_birth_date"),  # born in the future
        (make_id("99010519880315001"), "id_number_division"),
    ],
)
def test_problems(value: str, code: str) -> None:
    assert code in problem_codes(value)


def test_ocr_repair_candidates_suggest_the_digit_reading() -> None:
    misread = GOOD_ID.replace("0", "O", 1)
    assert ocr_repair_candidates(misread) == [GOOD_ID]
    assert ocr_repair_candidates(GOOD_ID) == []  # already valid: nothing to suggest
    assert ocr_repair_candidates("abc") == []
    assert ocr_repair_candidates("11010519491231002x") == []  # only case differs: same number


def test_confusable() -> None:
    assert confusable(GOOD_ID, GOOD_ID.replace("1", "I"))
    assert confusable(GOOD_ID, GOOD_ID[:5] + "9" + GOOD_ID[6:])  # one digit apart
    assert not confusable(GOOD_ID, make_id("37010219900101002"))


digits17 = st.text(alphabet="0123456789", min_size=17, max_size=17)


@given(digits17)
def test_property_computed_check_digit_passes_checksum(first17: str) -> None:
    parsed = parse_id_number(first17 + check_digit(first17), today=TODAY)
    codes = [] if isinstance(parsed, IdInfo) else [p.code for p in parsed]
    assert "id_number_checksum" not in codes


@given(digits17, st.sampled_from(CHECK_CHARS))
def test_property_any_other_final_char_fails(first17: str, last: str) -> None:
    if last == check_digit(first17):
        return
    assert "id_number_checksum" in problem_codes(first17 + last)


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY), st.integers(0, 999))
def test_property_real_birth_dates_parse(birth: date, seq: int) -> None:
    info = parse_id_number(make_id(f"140105{birth:%Y%m%d}{seq:03d}"), today=TODAY)
    assert isinstance(info, IdInfo)
    assert info.birth_date == birth
    assert info.gender == ("male" if seq % 2 else "female")
