"""Rule packs: the per-region filing rules, kept as YAML data in ``validate/packs/``.

Regions differ in how many hospitals may be chosen, whether a personal
commitment replaces a residence proof, and which groups may file at all. Those
differences are data, so adding a region is one YAML file (and a test), never
code. A pack may ``extends`` another; its ``parameters`` are deep-merged over
the parent's (mappings merged key by key, lists and scalars replaced). Packs
are chosen by the longest division-code prefix in ``applies_to`` that matches
the insured region; ``national`` is the fallback; ``settings.rule_pack`` forces one.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kernel.domain import DOC_FIELDS, DocType, FilingCategory
from validate.codes import CODES

PACK_DIR = Path(__file__).parent / "packs"
DEFAULT_PACK = "national"


class PackError(ValueError):
    """A rule pack file is malformed, or a pack name cannot be resolved."""


class ProofRule(BaseModel):
    """Which documents prove one filing category, and the code raised when none is there."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    any_of: list[DocType] = Field(default_factory=list, description="Any one of these serves; empty = none.")
    issuer: Literal["any", "unit"] = Field(default="any", description="unit: issued by a work unit.")
    commitment_alternative: bool = Field(
        default=False, description="A personal commitment serves instead, if commitment_accepts_residence."
    )
    missing_code: str = "residence_proof_missing"

    @field_validator("missing_code")
    @classmethod
    def _known_code(cls, v: str) -> str:
        if v not in CODES:
            raise ValueError(f"unknown issue code {v!r}")
        return v


class PackParameters(BaseModel):
    """The knobs of a pack; every one has a national default so a pack lists only differences."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_hospitals: int = Field(default=1, ge=0)
    max_hospitals: int = Field(default=3, ge=1)
    default_first_hospital: bool = Field(
        default=True, description="No hospital chosen → first designated hospital of the destination."
    )
    check_hospital_directory: bool = True
    commitment_accepts_residence: bool = True
    eligible_categories: list[FilingCategory] = Field(default_factory=lambda: list(FilingCategory))
    required_fields: list[str] = Field(
        default_factory=lambda: [
            "name",
            "id_number",
            "filing_category",
            "destination_region",
            "insured_region",
            "start_date",
        ]
    )
    require_signature: bool = True
    require_agency_stamp: bool = True
    proofs: dict[FilingCategory, ProofRule] = Field(default_factory=dict)

    @field_validator("required_fields")
    @classmethod
    def _declaration_fields(cls, v: list[str]) -> list[str]:
        unknown = sorted(set(v) - set(DOC_FIELDS[DocType.DECLARATION_FORM]))
        if unknown:
            raise ValueError(f"not declaration form fields: {unknown}")
        return v


class RulePack(BaseModel):
    """A resolved pack (``extends`` already merged in)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    applies_to: list[str] = Field(default_factory=list, description="Insured-region code prefixes.")
    extends: str | None = None
    parameters: PackParameters = Field(default_factory=PackParameters)

    @field_validator("applies_to")
    @classmethod
    def _prefixes(cls, v: list[str]) -> list[str]:
        bad = [p for p in v if not (p.isdigit() and 1 <= len(p) <= 6)]
        if bad:
            raise ValueError(f"applies_to entries must be 1-6 digit division-code prefixes: {bad}")
        return v


class _RawPack(BaseModel):
    """A pack as written in its file, before merging its parent."""

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = ""
    applies_to: list[str] = Field(default_factory=list)
    extends: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)


def _read(path: Path) -> _RawPack:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return _RawPack.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise PackError(f"rule pack {path}: {exc}") from exc


def _deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _resolve(raws: Mapping[str, tuple[Path, _RawPack]]) -> dict[str, RulePack]:
    def params(name: str, chain: tuple[str, ...]) -> dict[str, Any]:
        path, raw = raws[name]
        if raw.extends is None:
            return raw.parameters
        if raw.extends in chain:
            raise PackError(f"rule pack {path}: extends cycle {' → '.join((*chain, raw.extends))}")
        if raw.extends not in raws:
            raise PackError(f"rule pack {path}: extends unknown pack {raw.extends!r}")
        return _deep_merge(params(raw.extends, (*chain, raw.extends)), raw.parameters)

    out: dict[str, RulePack] = {}
    for name, (path, raw) in raws.items():
        try:
            merged = PackParameters.model_validate(params(name, (name,)))
            out[name] = RulePack(
                name=name,
                description=raw.description,
                applies_to=raw.applies_to,
                extends=raw.extends,
                parameters=merged,
            )
        except ValidationError as exc:
            raise PackError(f"rule pack {path}: {exc}") from exc
    return out


def load_packs(*dirs: Path | str, include_default: bool = True) -> Mapping[str, RulePack]:
    """Every ``*.yaml``/``*.yml`` pack in the shipped folder (unless excluded) and ``dirs``, resolved.

    Raises PackError naming the file on a malformed pack, a duplicate name or a bad ``extends``.
    """
    folders = [PACK_DIR] if include_default else []
    folders += [Path(d) for d in dirs]
    raws: dict[str, tuple[Path, _RawPack]] = {}
    for folder in folders:
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            raw = _read(path)
            if raw.name in raws:
                raise PackError(f"rule pack {path}: name {raw.name!r} already defined in {raws[raw.name][0]}")
            raws[raw.name] = (path, raw)
    return MappingProxyType(_resolve(raws))


@cache
def default_packs() -> Mapping[str, RulePack]:
    """The shipped packs, loaded once per process (validation itself stays pure)."""
    return load_packs()


def select_pack(packs: Mapping[str, RulePack], insured_code: str | None, forced: str = "") -> RulePack:
    """The pack for an insured region: ``forced`` by name, else longest prefix, else ``national``."""
    if forced:
        if forced not in packs:
            raise PackError(f"rule pack {forced!r} not found (known: {', '.join(sorted(packs))})")
        return packs[forced]
    best: tuple[int, str] | None = None
    if insured_code:
        for pack in sorted(packs.values(), key=lambda p: p.name):  # ties: deterministic
            for prefix in pack.applies_to:
                if insured_code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), pack.name)
    if best is not None:
        return packs[best[1]]
    if DEFAULT_PACK in packs:
        return packs[DEFAULT_PACK]
    return RulePack(name=DEFAULT_PACK)
