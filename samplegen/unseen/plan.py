"""What goes into each unseen packet, and the verdict it must get.

``schedule`` spreads the main generator's issue codes over the odd packets (even packets
are clean); ``draw`` picks a category, layout, insured region and proofs that fit the
defects; ``build`` renders every document and lists the expected issues the way
``samplegen.plan`` does, with identity mismatches computed from what each proof prints.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from kernel import refdata
from kernel.domain import DOC_TYPE_ZH, DocType
from samplegen.model import DeclValues
from samplegen.plan import DIAGNOSES, ISSUE_CODES, REASONS
from samplegen.proofs import ProofValues
from samplegen.unseen import declaration, proof_cert, proof_permit, proof_register, proof_statements
from samplegen.unseen.doc import UDoc
from samplegen.unseen.people import OTHER_REGIONS, PROVINCE_REGIONS, eligible, make_agent, make_person
from samplegen.values import Person, _counties_of, bad_check, hospital_regions, other_valid_id, variant_name

CATS = (
    "retiree_resettled",
    "long_term_resident",
    "stationed_worker",
    "referral",
    "emergency",
    "other_temporary",
)
RESIDENT = {"retiree_resettled", "long_term_resident"}
WITH_PROOF = RESIDENT | {"stationed_worker", "referral"}
ALLOWED: dict[str, set[str]] = {
    "residence_proof_missing": RESIDENT,
    "referral_certificate_missing": {"referral"},
    "residence_permit_expired": RESIDENT,
    "certificate_unstamped": WITH_PROOF,
    "name_mismatch": WITH_PROOF,
    "id_number_mismatch": WITH_PROOF,
}
NO_PROOF = {"residence_proof_missing", "referral_certificate_missing"}
NEEDS_PROOF = {"residence_permit_expired", "certificate_unstamped", "name_mismatch", "id_number_mismatch"}
LAYOUTS = tuple(declaration.LAYOUTS)
EXTRA_REASONS = {
    "retiree_resettled": ("退休后到子女工作地养老", "退休后回原籍居住"),
    "long_term_resident": ("随配偶在外地生活", "投靠子女长期居住", "在外地购房定居"),
    "stationed_worker": ("公司派驻外地项目部工作", "在外地分公司长期工作"),
    "other_temporary": ("在外地上大学", "外出务工期间需就医"),
}
COMMUNITIES = ("阳光", "和平", "锦绣", "东风")
RESIDENT_PROOFS = (
    "household_register",
    "residence_permit",
    "cert_community",
    "cert_police",
    "cert_village",
    "cert_street",
    "commitment",
)


def compatible(codes: tuple[str, ...]) -> set[str]:
    """Categories that can carry all ``codes`` together (empty: they cannot go in one packet)."""
    cats = set(CATS)
    for c in codes:
        cats &= ALLOWED.get(c, set(CATS))
    s = set(codes)
    if (s & NO_PROOF and s & NEEDS_PROOF) or {"hospitals_defaulted", "hospitals_too_many"} <= s:
        return set()
    return cats


def schedule(n: int, seed: int) -> list[tuple[str, ...]]:
    """Defects per packet: even packets clean, odd ones take one or two codes off a shuffled cycle."""
    r = random.Random(f"unseen-schedule-{seed}")
    queue: list[str] = []
    out: list[tuple[str, ...]] = []
    for i in range(n):
        if i % 2 == 0:
            out.append(())
            continue
        if len(queue) < 4:
            more = list(ISSUE_CODES)
            r.shuffle(more)
            queue += more
        first = queue.pop(0)
        pick: tuple[str, ...] = (first,)
        if r.random() < 0.6:
            for j, code in enumerate(queue):
                if code != first and compatible((first, code)):
                    pick = (first, queue.pop(j))
                    break
        out.append(pick)
    return out


@dataclass(frozen=True)
class Recipe:
    category: str
    layout: str
    insured: str
    proofs: tuple[str, ...]
    defects: tuple[str, ...]
    dpi: int


def _insured(layout: str, r: random.Random, same_region: bool, need: int) -> str:
    pool = (
        PROVINCE_REGIONS[layout.split(":")[1]]
        if layout.startswith("province:")
        else (tuple(c for v in PROVINCE_REGIONS.values() for c in v) + OTHER_REGIONS)
    )
    pool = tuple(c for c in pool if eligible(c) and _counties_of(c))
    if same_region:
        pool = tuple(c for c in pool if c in hospital_regions() and len(refdata.hospitals_in(c)) >= need)
    return r.choice(pool) if pool else ""


def draw(index: int, defects: tuple[str, ...], seed: int, r: random.Random) -> Recipe:
    """A recipe for packet ``index`` (0-based) carrying ``defects``."""
    cats = sorted(compatible(defects))
    category = r.choice(cats)
    d = set(defects)
    need = 4 if "hospitals_too_many" in d else 2
    layout = LAYOUTS[(index + seed) % len(LAYOUTS)]
    insured = _insured(layout, r, "destination_same_as_insured" in d, need)
    while not insured:  # this layout's province has no region with enough hospitals
        layout = r.choice(LAYOUTS)
        insured = _insured(layout, r, True, need)
    if category in RESIDENT:
        proofs = [r.choice(RESIDENT_PROOFS)]
        if "residence_permit_expired" in d:
            proofs = ["residence_permit"]
        if "certificate_unstamped" in d and not proofs[0].startswith("cert_"):
            proofs.append(r.choice(("cert_community", "cert_police", "cert_village", "cert_street")))
        if {"name_mismatch", "id_number_mismatch"} & d and proofs[0] == "commitment":
            proofs[0] = "household_register"
        if len(proofs) == 1 and r.random() < 0.2 and proofs[0] == "residence_permit":
            proofs.append("cert_community")
        if "residence_proof_missing" in d:
            proofs = []
    else:
        proofs = {
            "stationed_worker": ["cert_employer"],
            "referral": ["referral"],
            "emergency": [],
            "other_temporary": ["commitment"],
        }[category]
        if "referral_certificate_missing" in d:
            proofs = []
    if r.random() < 0.35 or (not proofs and r.random() < 0.5):
        proofs.append("application")
    dpi = r.choice((150, 150, 200, 200, 300)) if r.random() < 0.8 else 120
    return Recipe(category, layout, insured, tuple(proofs), defects, dpi)


@dataclass
class Built:
    """A packet's rendered documents, its person and declaration, and the expected issues."""

    recipe: Recipe
    person: Person
    decl: DeclValues
    docs: list[UDoc]
    issues: list[tuple[str, str | None, int | None, dict[str, str]]] = field(default_factory=list)


def _decl_params(code: str, p: Person, d: DeclValues) -> dict[str, str]:
    first = refdata.hospitals_in(p.dest_code)
    return {
        "end": d.end_date.isoformat() if d.end_date else "",
        "start": d.start_date.isoformat(),
        "hospital": first[0] if first else "",
        "count": str(len(d.hospitals)),
        "max": "3",
        "region": d.insured_region,
        "accepted": "户口簿、居住证、居住证明或个人承诺书",
        "accepted_en": "household register, residence permit, residence certificate or personal commitment",
        "hint": "",
        "hint_en": "",
    }


DECL_CODES = {
    "agency_stamp_missing": "agency_stamp",
    "end_before_start": "end_date",
    "id_number_checksum": "id_number",
    "hospitals_defaulted": "hospitals",
    "hospitals_too_many": "hospitals",
    "destination_same_as_insured": "destination_region",
    "referral_certificate_missing": None,
    "residence_proof_missing": None,
}


def build(rc: Recipe, r: random.Random, nrng: np.random.Generator) -> Built:
    """Draw the person, render the declaration and proofs, list the expected issues."""
    d = set(rc.defects)
    n_h = 0 if "hospitals_defaulted" in d else 4 if "hospitals_too_many" in d else None
    p, phone_shown = make_person(
        r, rc.category, rc.insured, same_region="destination_same_as_insured" in d, n_hospitals=n_h
    )
    if "end_before_start" in d:
        p.end_date = p.start_date - timedelta(days=r.randint(20, 300))
    reasons = REASONS[rc.category] + EXTRA_REASONS.get(rc.category, ())
    reason = r.choice(reasons) if rc.category == "referral" or r.random() < 0.85 else None
    reg = refdata.regions()
    decl = DeclValues(
        p.name,
        p.gender,
        bad_check(p.id_number) if "id_number_checksum" in d else p.id_number,
        p.ss_number,
        p.phone,
        p.insured_region,
        reg[p.insured_code].city,
        p.insurance_type,
        p.employer,
        rc.category,
        p.destination_region,
        p.address,
        p.hospitals,
        p.start_date,
        p.end_date,
        reason,
        True,
        p.signed_date,
        "agency_stamp_missing" not in d,
        "",
    )
    agent = make_agent(r, p) if r.random() < 0.4 else None
    docs = [declaration.render(rc.layout, decl, p, phone_shown, agent, rc.dpi, r, nrng)]
    built = Built(rc, p, decl, docs)
    for code, fld in DECL_CODES.items():
        if code in d:
            built.issues.append((code, fld, 0, _decl_params(code, p, decl)))
    for kind in rc.proofs:
        docs.append(_proof(kind, built, r, nrng))
    _identity(built)
    return built


def _proof(kind: str, b: Built, r: random.Random, nrng: np.random.Generator) -> UDoc:
    p, d, rc = b.person, b.decl, b.recipe
    v = ProofValues(p.name, p.gender, p.birth, p.id_number, p.address)
    carrier = kind not in ("commitment", "application") and not any(
        doc.doc_type
        not in (DocType.DECLARATION_FORM, DocType.PERSONAL_COMMITMENT, DocType.WRITTEN_APPLICATION)
        for doc in b.docs
    )
    if carrier and "name_mismatch" in rc.defects:
        v.name = variant_name(r, p.name, p.gender)
    if carrier and "id_number_mismatch" in rc.defects:
        v.id_number = other_valid_id(r, p.id_number)
    v.issue_date = p.signed_date - timedelta(days=r.randint(2, 60))
    idx = len(b.docs)
    reg = refdata.regions()[p.dest_code]
    district = refdata.short_name(p.district)
    street = r.choice(("府前", "滨江", "东湖", "城南", "新华", "光明", "青年", "长安"))
    province = reg.province
    if kind == "household_register":
        v.issuer = f"{reg.city}公安局{district}分局{street}派出所"
        return proof_register.household_register(v, rc.dpi, r, nrng, refdata.regions()[p.insured_code].name)
    if kind == "residence_permit":
        v.issuer = f"{reg.city}公安局{district}分局"
        v.valid_from = p.start_date - timedelta(days=r.randint(200, 1500))
        v.valid_to = date(v.valid_from.year + 5, v.valid_from.month, min(v.valid_from.day, 28))
        if "residence_permit_expired" in rc.defects:
            v.valid_from = p.start_date - timedelta(days=r.randint(900, 1600))
            v.valid_to = p.start_date - timedelta(days=r.randint(10, 150))
            b.issues.append(
                (
                    "residence_permit_expired",
                    "valid_to",
                    idx,
                    {"start": p.start_date.isoformat(), "valid_to": v.valid_to.isoformat()},
                )
            )
        return proof_permit.residence_permit(v, rc.dpi, r, nrng, province)
    if kind.startswith("cert_"):
        sub = kind[5:]
        rural = re.search(r"([^区县市]+镇)([^镇]+村)", p.address)
        if sub == "village" and not rural:
            sub = "community"  # a village committee only vouches for a village address
        v.issuer = {
            "police": f"{reg.city}公安局{district}分局{street}派出所",
            "community": f"{p.district}{street}街道{r.choice(COMMUNITIES)}社区居民委员会",
            "village": f"{p.district}{rural.group(1)}{rural.group(2)}民委员会" if rural else "",
            "street": f"{reg.city}{p.district}{street}街道办事处",
            "employer": p.employer or d.employer or "",
        }[sub]
        v.stamped = "certificate_unstamped" not in rc.defects
        if not v.stamped:
            b.issues.append(
                (
                    "certificate_unstamped",
                    None,
                    idx,
                    {"doc": DOC_TYPE_ZH[DocType.RESIDENCE_CERTIFICATE], "doc_en": "residence certificate"},
                )
            )
        since = p.start_date - timedelta(days=r.randint(200, 2500))
        return proof_cert.residence_certificate(v, sub, rc.dpi, r, nrng, since, p.destination_region)
    if kind == "referral":
        own = refdata.hospitals_in(p.insured_code)
        referring = (
            r.choice(own)
            if own
            else f"{refdata.short_name(refdata.regions()[p.insured_code].city)}市人民医院"
        )
        target = p.hospitals[0] if p.hospitals else refdata.hospitals_in(p.dest_code)[0]
        v.stamped = "certificate_unstamped" not in rc.defects
        if not v.stamped:
            b.issues.append(
                (
                    "certificate_unstamped",
                    None,
                    idx,
                    {"doc": DOC_TYPE_ZH[DocType.REFERRAL_CERTIFICATE], "doc_en": "referral certificate"},
                )
            )
        ins = {"employee": "职工医保", "resident": "居民医保"}[p.insurance_type]
        return proof_statements.referral(v, referring, target, r.choice(DIAGNOSES), ins, rc.dpi, r, nrng)
    if kind == "commitment":
        return proof_statements.commitment(
            v, d.insured_region, d.destination_region, p.signed_date, rc.dpi, r
        )
    return proof_statements.application(
        v, d.reason or REASONS[d.category][0], d.destination_region, p.signed_date, rc.dpi, r
    )


def _identity(b: Built) -> None:
    """name_mismatch / id_number_mismatch for every proof that prints another name or ID number."""
    for i, doc in enumerate(b.docs[1:], 1):
        zh, en = DOC_TYPE_ZH[doc.doc_type], doc.doc_type.value.replace("_", " ")
        name = doc.fields.get("name", (None,))[0]
        if name is not None and name != b.decl.name:
            b.issues.append(
                (
                    "name_mismatch",
                    "name",
                    i,
                    {"doc": zh, "doc_en": en, "found": name, "expected": b.decl.name},
                )
            )
        ident = doc.fields.get("id_number", (None,))[0]
        if ident is not None and ident != b.decl.id_number:
            b.issues.append(("id_number_mismatch", "id_number", i, {"doc": zh, "doc_en": en}))
