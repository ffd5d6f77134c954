"""District names in addresses put right from the division list, only where one county fits."""

from __future__ import annotations

import pytest

from extract.fields.values import normalise
from kernel.refdata.counties import counties_in, snap_city, snap_county, snap_province


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("陕西省西安市桥区滨江大道203号", "陕西省西安市灞桥区滨江大道203号"),  # a rare character dropped
        ("浙江省杭州市建總市淮海中路389号", "浙江省杭州市建德市淮海中路389号"),  # a county-level city
        ("江苏省南京市建娜区解放大道430号", "江苏省南京市建邺区解放大道430号"),
        ("郑州市巩又市深南大道938号", "郑州市巩义市深南大道938号"),  # no province printed
    ],
)
def test_one_misread_character_of_a_district_is_put_right(read: str, meant: str) -> None:
    assert snap_county(read) == meant
    assert normalise("residence_address", read) == (meant, 0.9)


@pytest.mark.parametrize(
    "address",
    [
        "陕西省西安市灞桥区滨江大道203号",  # already right
        "陕西省西安市高新区科技路1号",  # a development zone: one character from 高陵区, not a division
        "河北省石家庄市薬城区解放大道636号",  # 藁城区 and 栾城区 are both one character away
        "北京市平区光华路18号",  # 平谷区 and 昌平区 both lose one character to 平区
        "浙江省杭州市淮海中路389号",  # no district printed
        "天津市南开区解放大道818号",
        "山东省济南市市辖区友谊路142号",  # the division list's placeholder, written so: one from 市中区
    ],
)
def test_address_left_as_read(address: str) -> None:
    assert snap_county(address) is None


def test_counties_of_a_city_and_of_a_municipality() -> None:
    assert "藁城区" in counties_in("130100") and "市辖区" not in counties_in("130100")
    assert {"朝阳区", "平谷区"} <= counties_in("110000")


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("东省深圳市南山区解放大道26号院6栋2103", "广东省深圳市南山区解放大道26号院6栋2103"),
        (
            "西省大同市灵丘县府前街6号",
            "山西省大同市灵丘县府前街6号",
        ),  # 山西, 陕西, 江西: only 山西 holds 大同
        ("江省杭州市西湖区文三路8号", "浙江省杭州市西湖区文三路8号"),
        ("西省西安市雁塔区科技路1号", "陕西省西安市雁塔区科技路1号"),
        ("省长治市潞城市延安路174号", "山西省长治市潞城市延安路174号"),  # both characters lost
    ],
)
def test_a_provinces_dropped_first_character_is_put_back(read: str, meant: str) -> None:
    assert snap_province(read) == meant
    assert normalise("address", read) == (meant, 0.9)


@pytest.mark.parametrize(
    "address",
    [
        "广东省深圳市南山区解放大道26号",  # already right
        "南省某某市人民路1号",  # no city to tell 河南, 湖南, 海南, 云南 apart
        "深圳市南山区解放大道26号",  # no province printed
    ],
)
def test_a_province_left_as_read_unless_one_fits(address: str) -> None:
    assert snap_province(address) is None


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("河北省家庄市新华区解放大道138号", "河北省石家庄市新华区解放大道138号"),  # a character dropped
        ("广东省深训市南山区科技路1号", "广东省深圳市南山区科技路1号"),  # one misread
    ],
)
def test_a_city_one_character_off_after_its_province_is_put_right(read: str, meant: str) -> None:
    assert snap_city(read) == meant
    assert normalise("address", read) == (meant, 0.9)


@pytest.mark.parametrize(
    "address",
    ["河北省石家庄市新华区", "湖北省仙桃市人民路1号", "四川省凉山州西昌市", "石家庄市新华区"],
)  # right already, a county-level city under its province, a prefecture, no province
def test_a_city_left_as_read_unless_one_fits(address: str) -> None:
    assert snap_city(address) is None
