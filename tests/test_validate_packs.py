"""Rule packs: loading, extends, selection by insured region, new packs without code."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import SETTINGS, TODAY, codes, commitment, declaration, good_packet, household_register

from kernel.domain import FilingCategory
from kernel.settings import Settings
from validate.check import rule_pack_of, validate_filing
from validate.packs import PackError, default_packs, load_packs, select_pack


def test_shipped_packs_load() -> None:
    packs = default_packs()
    assert {"national", "shanxi", "municipal_example"} <= set(packs)
    national = packs["national"].parameters
    assert (national.min_hospitals, national.max_hospitals) == (1, 3)
    assert national.commitment_accepts_residence
    assert set(national.eligible_categories) == set(FilingCategory)


def test_extends_merges_parameters() -> None:
    packs = default_packs()
    shanxi = packs["shanxi"].parameters
    assert not shanxi.commitment_accepts_residence  # overridden
    assert shanxi.proofs == packs["national"].parameters.proofs  # inherited
    municipal = packs["municipal_example"].parameters
    assert set(municipal.eligible_categories) == {
        FilingCategory.STATIONED_WORKER,
        FilingCategory.RETIREE_RESETTLED,
        FilingCategory.LONG_TERM_RESIDENT,
    }


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("140100", "shanxi"),
        ("140700", "shanxi"),
        ("220100", "municipal_example"),
        ("220200", "national"),
        ("110000", "national"),
        (None, "national"),
    ],
)
def test_selection_by_longest_prefix(code: str | None, name: str) -> None:
    assert select_pack(default_packs(), code).name == name


def test_forced_pack() -> None:
    assert select_pack(default_packs(), "140100", "national").name == "national"
    with pytest.raises(PackError, match="not found"):
        select_pack(default_packs(), "140100", "atlantis")


def test_settings_rule_pack_overrides_region() -> None:
    docs = [declaration(), commitment()]
    assert "residence_proof_missing" in codes(validate_filing("f", docs, settings=SETTINGS, today=TODAY))
    forced = validate_filing("f", docs, settings=Settings(rule_pack="national"), today=TODAY)
    assert rule_pack_of(forced) == "national" and codes(forced) == set()


def test_municipal_pack_rejects_ineligible_category() -> None:
    docs = [declaration(insured_region="吉林省长春市", filing_category="referral"), household_register()]
    result = validate_filing("f", docs, settings=SETTINGS, today=TODAY)
    assert rule_pack_of(result) == "municipal_example"
    assert codes(result) == {"category_not_eligible"}
    ok = [declaration(insured_region="吉林省长春市"), household_register()]
    assert codes(validate_filing("f", ok, settings=SETTINGS, today=TODAY)) == set()


NEW_PACK = """
name: guangzhou
description: test city allowing one hospital only
applies_to: ["4401"]
extends: national
parameters:
  max_hospitals: 1
"""


def test_new_pack_in_a_folder_is_selected_without_code(tmp_path: Path) -> None:
    (tmp_path / "guangzhou.yaml").write_text(NEW_PACK, encoding="utf-8")
    packs = load_packs(tmp_path)
    assert select_pack(packs, "440100").name == "guangzhou"
    docs = good_packet(insured_region="广东省广州市", hospitals=["北京协和医院", "北京大学第一医院"])
    result = validate_filing("f", docs, settings=SETTINGS, today=TODAY, packs=packs)
    assert rule_pack_of(result) == "guangzhou" and codes(result) == {"hospitals_too_many"}
    default = validate_filing("f", docs, settings=SETTINGS, today=TODAY)
    assert codes(default) == set()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: bad\nparameters:\n  max_hospitals: zero\n", "max_hospitals"),
        ("name: bad\nparameters:\n  max_hospitalz: 2\n", "max_hospitalz"),
        ("name: bad\napplies_to: [shanxi]\n", "applies_to"),
        ("name: bad\nextends: nowhere\n", "unknown pack"),
        ("name: bad\nparameters:\n  required_fields: [favourite_colour]\n", "favourite_colour"),
        ("name: bad\nparameters:\n  proofs:\n    referral: {any_of: [passport]}\n", "passport"),
        ("name: bad\nparameters:\n  proofs:\n    referral: {missing_code: oops}\n", "oops"),
        ("name: [unclosed\n", "bad.yaml"),
        ("name: national\n", "already defined"),
    ],
)
def test_bad_pack_gives_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PackError, match=message) as info:
        load_packs(tmp_path)
    assert "bad.yaml" in str(info.value)


def test_extends_cycle(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: a\nextends: b\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("name: b\nextends: a\n", encoding="utf-8")
    with pytest.raises(PackError, match="cycle"):
        load_packs(tmp_path, include_default=False)


def test_nested_mappings_merge_key_by_key(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        "name: c\nextends: national\nparameters:\n  proofs:\n    emergency: {any_of: [written_application],"
        " missing_code: commitment_missing}\n",
        encoding="utf-8",
    )
    c = load_packs(tmp_path)["c"].parameters
    assert [t.value for t in c.proofs[FilingCategory.EMERGENCY].any_of] == ["written_application"]
    national = default_packs()["national"].parameters
    assert c.proofs[FilingCategory.REFERRAL] == national.proofs[FilingCategory.REFERRAL]
