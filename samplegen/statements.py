"""Statements signed by the applicant: 个人承诺书 (personal commitment) and 书面申请 (written application).

Both are a title, a paragraph naming the person and ID number (sometimes handwritten into
blanks), a scribbled signature and a date; the application also states the reason.
"""

from __future__ import annotations

import random
from datetime import date

import numpy as np

from kernel.domain import DocType
from samplegen.canvas import HEI_BOLD, INKS, SONG, SONG_BOLD, Page
from samplegen.model import Rendered
from samplegen.paragraph import Seg, flow
from samplegen.proofs import ProofValues
from samplegen.values import zh_date


def _statement(
    doc_type: DocType,
    title: str,
    segs: list[Seg],
    v: ProofValues,
    signed_on: date,
    dpi: int,
    r: random.Random,
    nrng: np.random.Generator,
    reason: str | None = None,
) -> Rendered:
    page = Page(dpi)
    out = Rendered(doc_type, page)
    ink = INKS[r.randrange(len(INKS))]
    page.center_text(20, 190, 45, title, 20, SONG_BOLD if r.random() < 0.6 else HEI_BOLD)
    boxes, last = flow(page, 25, 70, 185, segs, r, ink, size=12.5, leading=2.0)
    out.put("name", v.name, boxes.get("name"))
    out.put("id_number", v.id_number, boxes.get("id_number"))
    if reason is not None:
        out.put("reason", reason, boxes.get("reason"))
    y = max(last + 30, 170.0)
    label = "承诺人（签字）：" if doc_type == DocType.PERSONAL_COMMITMENT else "申请人（签字）："
    lb = page.text(110, y, label, 12, SONG)
    sx = lb[2] * 25.4 / dpi + 2
    out.put("signature", True, page.scribble(sx, y - 9, 30, 12, r, ink, v.name))
    page.text(110, y + 16, "日期：", 12, SONG)
    out.put("date", signed_on, page.hand(124, y + 16, zh_date(r, signed_on), r, ink, 13))
    return out


def personal_commitment(
    v: ProofValues,
    insured: str,
    dest: str,
    signed_on: date,
    dpi: int,
    r: random.Random,
    nrng: np.random.Generator,
) -> Rendered:
    """个人承诺书: the person promises the stated residence / travel facts are true."""
    hand = r.random() < 0.5
    segs = [
        Seg("本人"),
        Seg(v.name, "name", hand),
        Seg("，公民身份号码"),
        Seg(v.id_number, "id_number", hand),
        Seg(f"，参保地为{insured}。因本人需在{dest}就医，现申请办理异地就医备案。\n"),
        Seg(
            "本人承诺：所填报的信息和提供的材料真实、准确、完整，备案期间如情况发生变化将及时办理变更或取消备案。"
            "如有虚假，本人愿意承担由此产生的一切法律责任和经济后果，并退还违规报销的医疗费用。\n"
        ),
        Seg("特此承诺。"),
    ]
    return _statement(DocType.PERSONAL_COMMITMENT, "个人承诺书", segs, v, signed_on, dpi, r, nrng)


def written_application(
    v: ProofValues,
    reason: str,
    dest: str,
    signed_on: date,
    dpi: int,
    r: random.Random,
    nrng: np.random.Generator,
) -> Rendered:
    """书面申请: a letter asking for the filing, giving the reason."""
    segs = [
        Seg("医疗保障经办机构：\n", None),
        Seg("本人"),
        Seg(v.name, "name"),
        Seg("，身份证号"),
        Seg(v.id_number, "id_number"),
        Seg("，因"),
        Seg(reason, "reason"),
        Seg(f"，需长期在{dest}居住和就医，特申请办理异地就医登记备案，望予批准。\n此致\n敬礼"),
    ]
    return _statement(
        DocType.WRITTEN_APPLICATION,
        r.choice(("书面申请", "异地就医备案申请书")),
        segs,
        v,
        signed_on,
        dpi,
        r,
        nrng,
        reason=reason,
    )
