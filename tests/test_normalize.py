"""Value normalisers: dates in every supported style, gender, insurance type, ids, phones, names."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.fields.values import region_misread, split_hospitals
from extract.normalize import (
    clean_id_number,
    clean_name,
    date_certainty,
    find_dates,
    id_with_unreadable,
    parse_date,
    parse_date_lost_separator,
    parse_gender,
    parse_id_number,
    parse_insurance_type,
    parse_phone,
    to_halfwidth,
)
from kernel.idnumber import check_digit

_CN = "〇一二三四五六七八九"


def _cn_small(n: int) -> str:
    if n < 10:
        return _CN[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[units] if units else "")


STYLES = [
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year} 年 {d.month:02d} 月 {d.day:02d} 日",
    lambda d: d.isoformat(),
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    lambda d: f"{d.year}{d.month:02d}{d.day:02d}",
    lambda d: "".join(_CN[int(c)] for c in str(d.year)) + f"年{_cn_small(d.month)}月{_cn_small(d.day)}日",
    lambda d: to_fullwidth(f"{d.year}-{d.month:02d}-{d.day:02d}"),
]


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(
    st.dates(min_value=date(1920, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(range(len(STYLES)))
)
def test_every_real_date_round_trips_in_every_style(d: date, style: int) -> None:
    assert parse_date(STYLES[style](d)) == d.isoformat()


@pytest.mark.parametrize(
    "text",
    ["2026年2月30日", "2026-13-01", "2025.02.29", "20261301", "二〇二六年十一月三十一日", "无", "", "年月日"],
)
def test_invalid_dates_are_none(text: str) -> None:
    assert parse_date(text) is None


def test_ocr_noise_in_dates() -> None:
    assert parse_date("2O26 年 O3 月 O5 日") == "2026-03-05"
    assert parse_date("有效期限：2024.01.01-2027.01.01") == "2024-01-01"
    assert [d for d, *_ in find_dates("2024.01.01-2027.01.01")] == ["2024-01-01", "2027-01-01"]


def test_a_months_leading_zero_read_as_a_stroke() -> None:
    """填表日期：2025年-3月16日 (the 0 of 03 read as a dash): 年 and 月 around it make it a month, not
    a minus or a range; a date range written with 至 still gives its first date."""
    assert parse_date("填表日期：2025年-3月16日") == "2025-03-16"
    assert parse_date("2025年03月-6日") == "2025-03-06"
    assert [d for d, *_ in find_dates("2026年9月25日至2027年3月1日")] == ["2026-09-25", "2027-03-01"]


def test_a_dates_dot_read_as_a_colon() -> None:
    """One of a date's two dots read as a colon (2026.09:19) is still its separator; two colons are
    a time's, never a date's."""
    assert parse_date("2026.09:19") == "2026-09-19"
    assert parse_date("2026：09.19") == "2026-09-19"
    assert parse_date("2026:12:30") is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("签字日期：2026-69", "2026-06-09"),  # the separator between month and day lost
        ("202511.22", "2025-11-22"),  # the one after the year lost
        ("2026826", "2026-08-26"),  # both lost, seven digits: 82-6 is no date
        ("2026-826", "2026-08-26"),
        ("2026111", None),  # 1-11 or 11-1: no guess
        ("2026.11", None),  # a year and a month
        ("202611", None),
        ("2026-12", None),
    ],
)
def test_date_with_a_lost_separator_read_one_way_only(text: str, iso: str | None) -> None:
    assert parse_date_lost_separator(text) == iso
    # the whole-date reader leaves such a run alone or agrees, and then never at full certainty
    whole = parse_date(text)
    assert whole in (None, iso)
    if whole is not None:
        assert date_certainty(text) < 1.0


def test_gender_and_insurance_type() -> None:
    assert parse_gender(" 男 ") == "male"
    assert parse_gender("女") == "female"
    assert parse_gender("男 女") is None
    assert parse_insurance_type("职工基本医疗保险") == "employee"
    assert parse_insurance_type("城乡居民基本医疗保险") == "resident"
    assert parse_insurance_type("职工 / 城乡居民") is None


def test_id_number_cleaning() -> None:
    first17 = "14010519880315001"
    good = first17 + check_digit(first17)
    spaced = "１４０１ ０５１９ ８８０３ １５００ １" + good[-1].lower()
    assert parse_id_number(spaced) == (good, True)
    assert clean_id_number("I4O1O519880315001x") == "14010519880315001X"
    assert parse_id_number("321081198a10241525") == ("321081198910241525", True)  # a handwritten 9
    bad = first17[:-1] + "3" + good[-1]
    number, ok = parse_id_number(bad) or ("", True)
    assert number == bad and not ok


def test_phone_and_name() -> None:
    assert parse_phone("138 1234 5678") == "13812345678"
    assert parse_phone("0351-1234567") == "0351-1234567"
    assert parse_phone("12345") is None
    assert clean_name("姓名：张 三") == "张三"
    assert clean_name("阿依古丽•买买提") == "阿依古丽·买买提"
    assert clean_name("12345") is None
    assert to_halfwidth("ＡＢ：１２") == "AB:12"


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        # a sub-table row read as one line: number, name, institution code
        (
            "1 中南大学湘雅医院 H43010067752 2 湖南省人民医院 H43010086617",
            ["中南大学湘雅医院", "湖南省人民医院"],
        ),
        ("中南大学湘雅医院H43010067752", ["中南大学湘雅医院"]),
        ("(1) 长治市人民医院 (2) 长治医学院附属和平医院 (3)", ["长治市人民医院", "长治医学院附属和平医院"]),
        ("1.长治市人民医院；2、长治医学院附属和平医院", ["长治市人民医院", "长治医学院附属和平医院"]),
        ("①山西白求恩医院②山西省人民医院", ["山西白求恩医院", "山西省人民医院"]),
    ],
)
def test_hospital_cells_split_into_names(cell: str, names: list[str]) -> None:
    assert split_hospitals(cell) == names


def test_month_and_day_run_together_only_where_one_split_is_a_date() -> None:
    assert parse_date("2026-715") == "2026-07-15"
    assert parse_date("2026.1231") == "2026-12-31"
    assert parse_date("2026.111") is None  # 1-11 or 11-1: not guessed
    assert parse_date("0631-3674476") is None  # a landline
    assert date_certainty("2026-715") < date_certainty("2026-7-15") == 1.0


def test_one_unreadable_id_character_is_decided_by_the_check_character() -> None:
    assert id_with_unreadable("52012319721015/81x") == "52012319721015781X"
    assert id_with_unreadable("1101051949123100?X") == "11010519491231002X"
    assert id_with_unreadable("0631-3674476") is None  # a phone number
    assert id_with_unreadable("30326196803185613现") is None  # 17 digits and a character: not a gap
    assert id_with_unreadable("11010519491231002?") is None  # the check character itself unread


def test_chinese_year_with_its_zero_lost() -> None:
    assert parse_date("二二六年四月二十八日") == "2026-04-28"
    assert date_certainty("二二六年四月二十八日") < date_certainty("二〇二六年四月二十八日") == 1.0
    assert parse_date("二二年四月八日") is None  # two numerals: not a year with one lost


def test_date_line_whose_dots_were_lost() -> None:
    assert parse_date("202689") == "2026-08-09"  # 2026.8.9
    assert date_certainty("202689") < 1.0
    assert parse_date("200011") is None  # a postal code, not a recent year
    assert parse_date("申请人 202689") is None  # only a line of nothing else


def test_a_dot_in_place_of_an_id_digit_is_a_lost_digit() -> None:
    assert id_with_unreadable("31010120000906.403") == "310101200009066403"


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("哈尔汉市", ("黑龙江省哈尔滨市", 1)),  # one character misread
        ("河北石家装", ("河北省石家庄市", 1)),
        ("黑老江哈尔汉", ("黑龙江省哈尔滨市", 2)),  # two in six
        ("江苏南X", None),  # 南京 or 南通: no guess
        ("海总", None),  # too short to tell
        ("本地医院", None),
    ],
)
def test_region_a_few_misread_characters_away(text: str, region: tuple[str, int] | None) -> None:
    assert region_misread(text) == region


def test_hospitals_separated_by_what_ocr_read_as_colons() -> None:
    assert split_hospitals("西安交通大学第二附属医院:陕西省人民医院：空军军医大学西京医院") == [
        "西安交通大学第二附属医院",
        "陕西省人民医院",
        "空军军医大学西京医院",
    ]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("二〇二五年二月三十一日", "2025-03-31"),  # 三 read with a stroke lost: February has no 31st
        ("二〇二五年三月三十日", "2025-03-30"),  # real as read: left alone
        ("二〇二四年二月三十日", "2024-03-30"),
        ("二〇二六年二月三十日", "2026-03-30"),  # a guess, never a sure read (below)
        ("二〇二五年十一月三十一日", None),  # 十一 has no 二/三 to change: no guess
    ],
)
def test_chinese_date_whose_month_lost_a_stroke(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso
    if iso is not None:
        assert (date_certainty(text) < 1.0) == (text.find("二月三十") >= 0)
