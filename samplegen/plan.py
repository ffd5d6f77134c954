"""Which packets to make and what goes wrong in them.

A ``Scenario`` fixes a packet's filing category, declaration layout, proofs, defects and
packaging; ``build_documents`` draws the person, renders every document and lists the
issues validation is expected to raise. The committed set cycles through ``SCENARIOS``:
five clean packets first (all layouts, all proof kinds, every packaging trick), then
seven defect packets that together carry every issue code.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from kernel import refdata
from kernel.domain import DOC_TYPE_ZH, DocType
from kernel.schema import Issue
from samplegen import proofs, statements
from samplegen.declaration import render_declaration
from samplegen.model import DeclValues, Rendered
from samplegen.values import Person, bad_check, make_person, other_valid_id, variant_name

ISSUE_CODES = (
    "agency_stamp_missing",
    "id_number_checksum",
    "name_mismatch",
    "id_number_mismatch",
    "residence_proof_missing",
    "certificate_unstamped",
    "residence_permit_expired",
    "end_before_start",
    "hospitals_defaulted",
    "hospitals_too_many",
    "destination_same_as_insured",
    "referral_certificate_missing",
)

REASONS = {
    "retiree_resettled": ("退休后随子女异地安置", "退休异地安置养老"),
    "long_term_resident": ("随子女异地长期居住", "与配偶在异地共同生活", "异地长期居住"),
    "stationed_worker": ("单位派驻外地工作", "常驻异地工作"),
    "referral": ("病情需要转外地医院治疗", "本地医院诊疗条件所限转诊"),
    "emergency": ("外出期间突发疾病急诊抢救",),
    "other_temporary": ("外出探亲期间就医", "异地求学期间就医", "临时外出务工期间就医"),
}
DIAGNOSES = (
    "冠状动脉粥样硬化性心脏病",
    "肺部占位性病变",
    "慢性肾功能不全",
    "脑梗死恢复期",
    "乳腺恶性肿瘤术后",
)
COMMUNITIES = ("阳光", "幸福", "和平", "朝阳", "花园")
POLICE_STREETS = ("府东", "坞城", "解放", "新建", "朝阳", "长安", "滨河", "城北")


@dataclass(frozen=True)
class Scenario:
    """One packet's recipe. Proof kinds: household_register, residence_permit, cert_police,
    cert_community, cert_employer, referral, commitment, application."""

    category: str
    layout: str
    proofs: tuple[str, ...] = ()
    defects: tuple[str, ...] = ()
    packaging: str = "separate"  # separate | pdf_bundle | digital_pdf | tiff
    gray: tuple[int, ...] = ()  # indexes of documents scanned in grayscale
    turns: tuple[tuple[int, int], ...] = ()  # (document index, quarter turns)
    phone: tuple[int, ...] = ()  # documents photographed by phone
    duplicate: bool = False
    dpi: int = 150


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("retiree_resettled", "national", ("household_register",), packaging="pdf_bundle", dpi=200),
    Scenario("stationed_worker", "shanxi", ("cert_employer", "application"), gray=(0,), dpi=150),
    Scenario(
        "referral", "municipal", ("referral", "application"), turns=((1, 2),), packaging="tiff", dpi=200
    ),
    Scenario(
        "other_temporary", "national", ("commitment",), packaging="digital_pdf", duplicate=True, dpi=150
    ),
    Scenario("long_term_resident", "shanxi", ("residence_permit", "cert_police"), phone=(1,), dpi=150),
    Scenario("emergency", "national", (), ("agency_stamp_missing", "end_before_start"), dpi=200),
    Scenario(
        "referral", "shanxi", (), ("referral_certificate_missing", "id_number_checksum"), turns=((0, 3),)
    ),
    Scenario(
        "retiree_resettled",
        "municipal",
        ("household_register",),
        ("name_mismatch", "hospitals_too_many"),
        dpi=200,
    ),
    Scenario(
        "long_term_resident",
        "national",
        ("cert_community",),
        ("id_number_mismatch", "destination_same_as_insured"),
        gray=(1,),
    ),
    Scenario("retiree_resettled", "shanxi", (), ("residence_proof_missing",), phone=(0,)),
    Scenario(
        "stationed_worker",
        "municipal",
        ("cert_employer",),
        ("certificate_unstamped", "hospitals_defaulted"),
        packaging="pdf_bundle",
    ),
    Scenario(
        "long_term_resident",
        "national",
        ("residence_permit",),
        ("residence_permit_expired",),
        turns=((1, 1),),
        dpi=200,
    ),
)


@dataclass
class Planned:
    """A packet's rendered documents, the person behind it and the expected verdict."""

    scenario: Scenario
    person: Person
    decl: DeclValues
    docs: list[Rendered]
    issues: list[tuple[str, str | None, int | None, dict[str, str]]] = field(default_factory=list)
    # (code, field, document index, message params)


def _issuer_names(p: Person, r: random.Random) -> dict[str, str]:
    reg = refdata.regions()[p.dest_code]
    district = refdata.short_name(p.district)
    street = r.choice(POLICE_STREETS)
    return {
        "police_bureau": f"{reg.city}公安局{district}分局",
        "police_station": f"{reg.city}公安局{district}分局{street}派出所",
        "community": f"{p.district}{street}街道{r.choice(COMMUNITIES)}社区居民委员会",
    }


def _referring_hospital(p: Person, r: random.Random) -> str:
    own = refdata.hospitals_in(p.insured_code)
    return (
        r.choice(own)
        if own
        else f"{refdata.short_name(refdata.regions()[p.insured_code].city)}市第一人民医院"
    )


def build_documents(sc: Scenario, r: random.Random, nrng: np.random.Generator) -> Planned:
    """Draw the person, render the declaration and proofs, and list the expected issues."""
    defects = set(sc.defects)
    n_h = 0 if "hospitals_defaulted" in defects else 4 if "hospitals_too_many" in defects else None
    p = make_person(r, sc.category, same_region="destination_same_as_insured" in defects, n_hospitals=n_h)
    reg = refdata.regions()
    end = p.end_date
    if "end_before_start" in defects:
        end = p.start_date - timedelta(days=r.randint(20, 200))
    id_printed = bad_check(p.id_number) if "id_number_checksum" in defects else p.id_number
    reason = r.choice(REASONS[sc.category]) if r.random() < 0.85 or sc.category == "referral" else None
    seal = f"{reg[p.insured_code].city}{r.choice(('医疗保障事务中心', '医疗保险管理服务中心', '医疗保障局'))}"
    decl = DeclValues(
        p.name,
        p.gender,
        id_printed,
        p.ss_number,
        p.phone,
        p.insured_region,
        reg[p.insured_code].city,
        p.insurance_type,
        p.employer,
        sc.category,
        p.destination_region,
        p.address,
        p.hospitals,
        p.start_date,
        end,
        reason,
        True,
        p.signed_date,
        "agency_stamp_missing" not in defects,
        seal,
    )
    docs = [render_declaration(sc.layout, decl, sc.dpi, r, nrng)]
    plan = Planned(sc, p, decl, docs)
    for code in (
        "agency_stamp_missing",
        "end_before_start",
        "id_number_checksum",
        "hospitals_defaulted",
        "hospitals_too_many",
        "destination_same_as_insured",
        "referral_certificate_missing",
        "residence_proof_missing",
    ):
        if code in defects:
            plan.issues.append((code, _FIELD[code], 0, _params(code, p, decl)))
    names = _issuer_names(p, r)
    for kind in sc.proofs:
        doc = _proof(kind, p, decl, names, defects, plan, r, nrng)
        docs.append(doc)
    return plan


_FIELD: dict[str, str | None] = {
    "agency_stamp_missing": "agency_stamp",
    "end_before_start": "end_date",
    "id_number_checksum": "id_number",
    "hospitals_defaulted": "hospitals",
    "hospitals_too_many": "hospitals",
    "destination_same_as_insured": "destination_region",
    "referral_certificate_missing": None,
    "residence_proof_missing": None,
    "name_mismatch": "name",
    "id_number_mismatch": "id_number",
    "certificate_unstamped": None,
    "residence_permit_expired": "valid_to",
}


def _params(code: str, p: Person, d: DeclValues) -> dict[str, str]:
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


def _proof(
    kind: str,
    p: Person,
    d: DeclValues,
    names: dict[str, str],
    defects: set[str],
    plan: Planned,
    r: random.Random,
    nrng: np.random.Generator,
) -> Rendered:
    """Render one proof; the first proof of a packet carries the proof-level defects."""
    first = not any(i[0] in ("name_mismatch", "id_number_mismatch") for i in plan.issues)
    v = proofs.ProofValues(p.name, p.gender, p.birth, p.id_number, p.address)
    idx = len(plan.docs)
    if first and "name_mismatch" in defects and kind not in ("commitment", "application"):
        v.name = variant_name(r, p.name, p.gender)
    if first and "id_number_mismatch" in defects and kind not in ("commitment", "application"):
        v.id_number = other_valid_id(r, p.id_number)
    issued = p.signed_date - timedelta(days=r.randint(3, 40))
    if kind == "household_register":
        v.issuer, v.seal_bottom = names["police_bureau"], "户口专用章"
        doc = proofs.household_register(v, d_dpi(plan), r, nrng)
    elif kind == "residence_permit":
        v.issuer = names["police_bureau"]
        v.valid_from = p.start_date - timedelta(days=r.randint(400, 1500))
        v.valid_to = date(v.valid_from.year + 5, v.valid_from.month, v.valid_from.day)
        if "residence_permit_expired" in defects:
            v.valid_from = p.start_date - timedelta(days=r.randint(800, 1500))
            v.valid_to = p.start_date - timedelta(days=r.randint(15, 120))
            plan.issues.append(
                (
                    "residence_permit_expired",
                    "valid_to",
                    idx,
                    {"start": p.start_date.isoformat(), "valid_to": v.valid_to.isoformat()},
                )
            )
        doc = proofs.residence_permit(v, d_dpi(plan), r, nrng)
    elif kind.startswith("cert_"):
        sub = kind[5:]
        v.issuer = {
            "police": names["police_station"],
            "community": names["community"],
            "employer": p.employer or d.employer or "山西华信建设工程有限公司",
        }[sub]
        v.seal_bottom = {"police": "户籍专用章", "community": "", "employer": ""}[sub]
        v.issue_date = issued
        v.stamped = "certificate_unstamped" not in defects
        if not v.stamped:
            plan.issues.append(
                (
                    "certificate_unstamped",
                    None,
                    idx,
                    {"doc": DOC_TYPE_ZH[DocType.RESIDENCE_CERTIFICATE], "doc_en": "residence certificate"},
                )
            )
        doc = proofs.residence_certificate(
            v,
            sub,
            d_dpi(plan),
            r,
            nrng,
            p.destination_region,
            p.start_date - timedelta(days=r.randint(200, 1500)),
        )
    elif kind == "referral":
        v.issue_date = issued
        target = p.hospitals[0] if p.hospitals else refdata.hospitals_in(p.dest_code)[0]
        doc = proofs.referral_certificate(
            v, _referring_hospital(p, r), target, r.choice(DIAGNOSES), d_dpi(plan), r, nrng
        )
    elif kind == "commitment":
        doc = statements.personal_commitment(
            v, d.insured_region, d.destination_region, p.signed_date, d_dpi(plan), r, nrng
        )
    else:
        doc = statements.written_application(
            v, d.reason or REASONS[d.category][0], d.destination_region, p.signed_date, d_dpi(plan), r, nrng
        )
    zh, en = DOC_TYPE_ZH[doc.doc_type], doc.doc_type.value.replace("_", " ")
    if v.name != p.name:
        plan.issues.append(
            ("name_mismatch", "name", idx, {"doc": zh, "doc_en": en, "found": v.name, "expected": p.name})
        )
    if v.id_number != p.id_number:
        plan.issues.append(("id_number_mismatch", "id_number", idx, {"doc": zh, "doc_en": en}))
    return doc


def d_dpi(plan: Planned) -> int:
    return plan.scenario.dpi


def expected_issues(plan: Planned, doc_ids: list[str]) -> list[Issue]:
    """The planned issues as schema Issues, documents named by their truth ids."""
    from validate.codes import make_issue

    return [
        make_issue(code, field=fld, document=doc_ids[i] if i is not None else None, **params)
        for code, fld, i, params in plan.issues
    ]
