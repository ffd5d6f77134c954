"""County-level names in addresses (区, 县, county-level 市, 旗) checked against the division list,
a province whose first character OCR dropped (东省深圳市 for 广东省深圳市), and a city one character
off after its province (河北省家庄市 for 河北省石家庄市).

OCR misreads or drops the rare characters of district names (灞桥区 read 桥区, 藁城区 read
薬城区, 巩义市 read 巩又市) while the province and city before them read fine. Once the
address's city is known, its counties are few, so a token one character away from exactly
one of them is that county. Development zones (高新区, 经开区 …) look like districts but are
not divisions: they are never snapped.
"""

from __future__ import annotations

import re
from functools import cache

from kernel.refdata import MUNICIPALITIES, Region, address_region, divisions, regions

_COUNTY_TOKEN = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:自治县|自治旗|区|县|市|旗)")
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_ZONES = re.compile(r"(高新|经开|开发|保税|工业|科技|产业|园)区$")


@cache
def counties_in(region_code: str) -> frozenset[str]:
    """Current county-level names of a region (a municipality's districts, or a city's)."""
    municipality = region_code in MUNICIPALITIES
    return frozenset(
        d.name
        for d in divisions().values()
        if d.current
        and d.level == "county"
        and d.name not in _PLACEHOLDERS
        and (d.code[:2] == region_code[:2] if municipality else d.parent == region_code)
    )


def _city_end(address: str, region: Region) -> int | None:
    """Where the city's name ends in the address (its first 14 characters)."""
    head = address[:14]
    for form in (region.city, region.city[:-1] if len(region.city) > 2 else region.city):
        i = head.find(form)
        if i >= 0:
            return i + len(form)
    return None


def _one_off(token: str, county: str) -> bool:
    """One character substituted, or one dropped, with the administrative suffix intact."""
    if token[-1] != county[-1]:
        return False
    if len(token) == len(county):
        return sum(a != b for a, b in zip(token, county, strict=True)) == 1
    if len(token) == len(county) - 1 and len(token) >= 2:
        return any(county[:k] + county[k + 1 :] == token for k in range(len(county) - 1))
    return False


def snap_county(address: str) -> str | None:
    """The address with its misread county-level name put right, or None when there is nothing to
    put right (no city found, no county token, the token already a county, or no single match)."""
    region = address_region(address)
    if region is None:
        return None
    end = _city_end(address, region)
    if end is None:
        return None
    m = _COUNTY_TOKEN.match(address, end)
    if m is None:
        return None
    token = m.group(0)
    counties = counties_in(region.code)
    # a placeholder of the division list (市辖区) is written as such, not misread: left as written
    if token in counties or token in _PLACEHOLDERS or _ZONES.search(token):
        return None
    near = [c for c in counties if _one_off(token, c)]
    if len(near) != 1:
        return None
    return address[: m.start()] + near[0] + address[m.end() :]


_PROVINCE_TOKEN = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:省|自治区)")


@cache
def _provinces() -> frozenset[str]:
    """The province-level names of the division list (省, 自治区, the municipalities)."""
    return frozenset(d.name for d in divisions().values() if d.level == "province")


def snap_province(address: str) -> str | None:
    """The address with its province's dropped characters put back (东省深圳市… → 广东省深圳市…,
    省长治市… → 山西省长治市…), or None: the token before 省 must end exactly one province's name
    that holds the city the address names next."""
    m = _PROVINCE_TOKEN.match(address)
    if m is None:
        return None
    token = m.group(0)
    if token in _provinces():
        return None
    fits = []
    for name in _provinces():
        if len(name) > len(token) and name.endswith(token):
            region = address_region(name + address[m.end() :])
            if region is not None and region.province == name and region.city:
                fits.append(name)
    return fits[0] + address[m.end() :] if len(fits) == 1 else None


_CITY_TOKEN = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:自治州|市|州|盟|地区)")


@cache
def _county_names() -> frozenset[str]:
    """Every current county-level name (built once, not for each address)."""
    return frozenset(d.name for d in divisions().values() if d.level == "county" and d.current)


@cache
def _cities_of(province: str) -> frozenset[str]:
    """The city-level names of a province (its regions' cities)."""
    return frozenset(r.city for r in regions().values() if r.province == province and r.city != province)


def snap_city(address: str) -> str | None:
    """The address with the city after its province put right where one character of it was
    misread or dropped (河北省家庄市… → 河北省石家庄市…), or None: the token after a full province
    name must be no city or county of it, and one character off exactly one of its cities."""
    m = _PROVINCE_TOKEN.match(address)
    if m is None or m.group(0) not in _provinces():
        return None
    province = m.group(0)
    city = _CITY_TOKEN.match(address, m.end())
    if city is None:
        return None
    token = city.group(0)
    cities = _cities_of(province)
    known = cities | _county_names()
    if token in known:
        return None
    near = [c for c in cities if _one_off(token, c)]
    return address[: city.start()] + near[0] + address[city.end() :] if len(near) == 1 else None
