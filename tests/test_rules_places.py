"""Region and hospital rules: real regions, destination ≠ insured, 1–3 hospitals, default first."""

from __future__ import annotations

from builders import SETTINGS, TODAY, codes, good_packet, household_register

from kernel import refdata
from kernel.schema import FilingResult
from validate.check import applied_defaults, rule_pack_of, validate_filing
from validate.regions import hospital_list


def run(**overrides: object) -> FilingResult:
    return validate_filing("f", good_packet(**overrides), settings=SETTINGS, today=TODAY)


def test_region_with_ocr_damage_still_resolves() -> None:
    assert codes(run(insured_region="山西太原")) == set()
    assert rule_pack_of(run(insured_region="山西太原")) == "shanxi"


def test_region_unknown() -> None:
    result = run(destination_region="火星省某某市")
    hit = [i for i in result.issues if i.code == "region_unknown"]
    assert hit and hit[0].field == "destination_region"


def test_destination_same_as_insured() -> None:
    docs = [
        *good_packet(destination_region="山西省太原市", hospitals=["山西省人民医院"]),
        household_register("hr-2", address="山西省太原市小店区坞城路1号"),
    ]
    result = validate_filing("f", docs, settings=SETTINGS, today=TODAY)
    hit = [i for i in result.issues if i.code == "destination_same_as_insured"]
    assert hit and hit[0].field == "destination_region" and hit[0].severity == "error"


def test_one_to_three_hospitals_pass() -> None:
    assert codes(run(hospitals=["北京协和医院", "北京大学第一医院", "北京大学人民医院"])) == set()


def test_hospitals_too_many() -> None:
    result = run(hospitals=["北京协和医院", "北京大学第一医院", "北京大学人民医院", "首都医科大学宣武医院"])
    hit = [i for i in result.issues if i.code == "hospitals_too_many"]
    assert hit and hit[0].field == "hospitals" and hit[0].severity == "error"


def test_no_hospital_defaults_to_first_designated() -> None:
    result = run(hospitals=[])
    first = refdata.hospitals_in("110000")[0]
    assert result.status == "complete"
    hit = [i for i in result.issues if i.code == "hospitals_defaulted"]
    assert hit and hit[0].severity == "warning" and hit[0].field == "hospitals" and first in hit[0].message
    assert applied_defaults(result) == {"hospitals": [first]}


def test_empty_hospital_box_defaults_too() -> None:
    assert "hospitals_defaulted" in codes(run(hospitals=None))


def test_no_default_when_destination_has_no_directory() -> None:
    docs = [
        *good_packet(destination_region="吉林省吉林市", hospitals=[]),
        household_register("hr-2", address="吉林省吉林市船营区1号"),
    ]
    result = validate_filing("f", docs, settings=SETTINGS, today=TODAY)
    assert "hospitals_missing" in codes(result)
    assert applied_defaults(result) == {}


def test_hospital_not_in_directory_is_a_warning() -> None:
    result = run(hospitals=["上海市第一人民医院"])
    hit = [i for i in result.issues if i.code == "hospital_not_in_directory"]
    assert hit and hit[0].severity == "warning"
    assert result.status == "complete"


def test_hospital_with_ocr_damage_matches_directory() -> None:
    assert codes(run(hospitals=["北京协和医阮"])) == set()


def test_hospital_list_splits_text() -> None:
    assert hospital_list("北京协和医院、北京大学第一医院") == ["北京协和医院", "北京大学第一医院"]
    assert hospital_list(None) == [] and hospital_list([""]) == []
