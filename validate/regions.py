"""Region and hospital rules: 参保地/就医地 real and different; 1–N hospitals of the destination.

OCR drops or swaps characters in place names, so regions are matched against the
division list (refdata.match_region) rather than compared as raw text. When no
hospital was chosen and the pack says so, the first designated hospital of the
destination is applied as the default: recorded, flagged as a warning, never rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kernel import refdata
from kernel.domain import FIELD_ZH
from kernel.schema import Issue
from validate.codes import make_issue
from validate.packet import Packet, is_blank
from validate.packs import RulePack


@dataclass
class HospitalOutcome:
    """Issues about the hospital choice, plus the default applied (None when none was applied)."""

    issues: list[Issue] = field(default_factory=list)
    defaulted: list[str] | None = None


def check_regions(packet: Packet) -> list[Issue]:
    """Both regions name a real province+city, and the destination differs from the insured region."""
    decl = packet.declaration
    if decl is None:
        return []
    issues: list[Issue] = []
    resolved: dict[str, refdata.Region] = {}
    for key in ("insured_region", "destination_region"):
        text = packet.decl(key)
        if text is None:
            continue
        region = packet.region(key)
        if region is None:
            issues.append(
                make_issue("region_unknown", field=key, document=decl.id, value=text, label=FIELD_ZH[key])
            )
        else:
            resolved[key] = region
    ins, dest = resolved.get("insured_region"), resolved.get("destination_region")
    if ins is not None and dest is not None and ins.code == dest.code:
        issues.append(
            make_issue(
                "destination_same_as_insured", field="destination_region", document=decl.id, region=dest.name
            )
        )
    return issues


def hospital_list(value: Any) -> list[str]:
    """The hospitals field as a clean list (a single string may hold several names split by 、，;)."""
    if is_blank(value):
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        text = str(item)
        for sep in "、，,；;\n":
            text = text.replace(sep, "\n")
        out += [t.strip() for t in text.split("\n") if t.strip()]
    return out


def check_hospitals(packet: Packet, pack: RulePack) -> HospitalOutcome:
    """Count of chosen hospitals within the pack's bounds, each in the destination's directory."""
    decl = packet.declaration
    params = pack.parameters
    if decl is None:
        return HospitalOutcome()
    chosen = hospital_list(packet.decl("hospitals"))
    dest = packet.region("destination_region")
    directory = refdata.hospitals_in(dest.code) if dest is not None else []
    out = HospitalOutcome()
    if not chosen:
        if params.default_first_hospital and directory:
            out.defaulted = [directory[0]]
            out.issues.append(
                make_issue("hospitals_defaulted", field="hospitals", document=decl.id, hospital=directory[0])
            )
        elif params.min_hospitals > 0:
            out.issues.append(
                make_issue("hospitals_missing", field="hospitals", document=decl.id, min=params.min_hospitals)
            )
        return out
    if len(chosen) > params.max_hospitals:
        out.issues.append(
            make_issue(
                "hospitals_too_many",
                field="hospitals",
                document=decl.id,
                count=len(chosen),
                max=params.max_hospitals,
            )
        )
    elif len(chosen) < params.min_hospitals:
        out.issues.append(
            make_issue("hospitals_missing", field="hospitals", document=decl.id, min=params.min_hospitals)
        )
    if params.check_hospital_directory and dest is not None and directory:
        for name in chosen:
            hit = refdata.match_hospital(name, dest.code)
            if hit is None or hit[0] not in directory:
                out.issues.append(
                    make_issue(
                        "hospital_not_in_directory",
                        field="hospitals",
                        document=decl.id,
                        value=name,
                        destination=dest.name,
                    )
                )
    return out
