"""GB 11643 ID numbers: check digit, parse, problems, OCR repair hints."""

from __future__ import annotations

from datetime import date

import pytest
from builders import GOOD_ID, make_id
from hypothesis import given
from hypothesis import strategies as st

from extract.normalize import clean_id_number
from kernel.idnumber import (
    CHECK_CHARS,
    DIGIT_SWAPS,
    OCR_CONFUSIONS,
    IdInfo,
    check_digit,
    check_holds,
    confusable,
    normalise,
    ocr_repair_candidates,
    parse_id_number,
    repair_one_swap,
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


@given(
    st.integers(min_value=0, max_value=16),
    st.sampled_from(sorted(OCR_CONFUSIONS)),
)
def test_property_extraction_and_validation_read_a_confused_letter_alike(pos: int, letter: str) -> None:
    """A letter OCR put where the ID's digit is printed: extraction maps it back, and validation,
    shown the raw reading, suggests the same number — one table for both."""
    digit = OCR_CONFUSIONS[letter]
    head = GOOD_ID[:pos] + digit + GOOD_ID[pos + 1 : 17]
    number = head + check_digit(head)
    if not isinstance(parse_id_number(number), IdInfo):
        return  # the digit made the birth date or the division impossible: no valid number to find
    misread = number[:pos] + letter + number[pos + 1 :]
    assert clean_id_number(misread) == number
    assert number in ocr_repair_candidates(misread)


def test_one_swap_repair_changes_one_digit_and_never_guesses() -> None:
    """Every one-digit misreading of a number: repaired to a number whose check holds, one digit
    away, or left alone when no single swap (or more than one) makes it hold."""
    assert check_holds(GOOD_ID) and repair_one_swap(GOOD_ID) in (None, GOOD_ID)
    for pos in range(17):
        for alt in DIGIT_SWAPS.get(GOOD_ID[pos], ""):
            misread = GOOD_ID[:pos] + alt + GOOD_ID[pos + 1 :]
            if check_holds(misread):
                continue
            repaired = repair_one_swap(misread)
            if repaired is None:
                continue
            assert check_holds(repaired)
            assert sum(a != b for a, b in zip(repaired, misread, strict=True)) == 1


def test_one_swap_repair_finds_the_printed_number_when_it_is_the_only_swap() -> None:
    numbers = (make_id(f"11010119900101{i:03d}") for i in range(200))
    found = 0
    for number in numbers:
        for pos in range(17):
            for alt in DIGIT_SWAPS.get(number[pos], ""):
                misread = number[:pos] + alt + number[pos + 1 :]
                found += not check_holds(misread) and repair_one_swap(misread) == number
    assert found > 0


def test_a_five_read_as_a_dollar_sign_is_a_five() -> None:
    """PP-OCR reads a 5 in a worn bold face as $, sure of it (a social-security number on a form
    read 3201051993121013$7 at 1.00): the number is still whole, not a digit short."""
    assert clean_id_number("3201051993121013$7") == "320105199312101357"
    assert "320105199312101357" in ocr_repair_candidates("3201051993121013$7")
