"""The four declaration layouts as data: rows of (weight, kind, argument) cells.

Kinds (drawn by ``form_writer.FormWriter.cell``): ``L`` a printed label, ``V`` a value by its
key, ``ID`` the ID number in 18 boxes, ``O`` a row of options with one marked, ``H`` the
hospitals, ``P`` the filing period, ``S`` the signature, ``A`` the agency's opinion and stamp
box, ``AG`` an agent's detail, ``T`` printed text.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samplegen.heldout.forms import DeclValues

Cell = tuple[float, str, object]
Row = tuple[float, list[Cell]]


def layout_rows(layout: str, v: DeclValues, rng: random.Random) -> list[Row]:
    """The grid of one layout: rows of (weight, kind, arg) cells."""
    id_cell: Cell = (3.3, "ID", None) if layout == "vertical" else (3.0, "V", "id_number")
    if layout == "grid4":
        rows: list[Row] = [
            (
                10,
                [
                    (1.1, "L", "姓  名"),
                    (1.4, "V", "name"),
                    (0.8, "L", "性别"),
                    (0.7, "V", "gender"),
                    (1.1, "L", "联系电话"),
                    (1.9, "V", "phone"),
                ],
            ),
            (
                10,
                [
                    (1.1, "L", "公民身份号码"),
                    (2.9, "V", "id_number"),
                    (1.1, "L", "社会保障卡号"),
                    (1.9, "V", "social_security_number"),
                ],
            ),
            (
                12,
                [
                    (1.1, "L", "参保地"),
                    (1.8, "V", "insured_region"),
                    (0.9, "L", "险种"),
                    (3.2, "O", ("insurance_type", 2)),
                ],
            ),
            (10, [(1.1, "L", "工作单位"), (5.9, "V", "employer")]),
            (
                10,
                [
                    (1.1, "L", "就医地"),
                    (1.8, "V", "destination_region"),
                    (1.1, "L", "异地居住\n地址"),
                    (3.0, "V", "residence_address"),
                ],
            ),
            (20, [(1.1, "L", "备案类型"), (5.9, "O", ("filing_category", 2))]),
            (24, [(1.1, "L", "选定定点\n医疗机构"), (5.9, "H", None)]),
            (10, [(1.1, "L", "备案期限"), (5.9, "P", None)]),
            (12, [(1.1, "L", "申请原因"), (5.9, "V", "reason")]),
        ]
        if v.agent is not None:
            rows.append(
                (
                    10,
                    [
                        (1.1, "L", "代办人姓名"),
                        (1.3, "AG", "name"),
                        (1.0, "L", "代办人\n身份证号"),
                        (2.2, "AG", "id_number"),
                        (0.8, "L", "关系"),
                        (0.6, "AG", "relation"),
                    ],
                )
            )
        rows += [(16, [(7.0, "S", None)]), (52, [(7.0, "A", "参保地经办机构意见：")])]
        return rows
    if layout == "vertical":
        split = v.dest_split is not None
        dest: list[Cell] = (
            [
                (0.9, "L", "就医省份"),
                (1.2, "V", "destination_region:prov"),
                (0.9, "L", "就医城市"),
                (1.2, "V", "destination_region:city"),
            ]
            if split
            else [(0.9, "L", "就医地"), (3.3, "V", "destination_region")]
        )
        rows = [
            (
                11,
                [
                    (0.5, "L", "参\n保"),
                    (0.9, "L", "姓名"),
                    (1.2, "V", "name"),
                    (0.9, "L", "性别"),
                    (1.2, "O", ("gender", 2)),
                ],
            ),
            (11, [(0.5, "L", "人"), (0.9, "L", "身份证号"), id_cell]),
            (
                11,
                [
                    (0.5, "L", "信"),
                    (0.9, "L", "联系电话"),
                    (1.2, "V", "phone"),
                    (0.9, "L", "参保地"),
                    (1.2, "V", "insured_region"),
                ],
            ),
            (11, [(0.5, "L", "息"), (0.9, "L", "单位名称"), (3.3, "V", "employer")]),
            (11, [(0.5, "L", "备"), (0.9, "L", "险种类型"), (3.3, "O", ("insurance_type", 2))]),
            (11, [(0.5, "L", "案"), *dest]),
            (11, [(0.5, "L", "信"), (0.9, "L", "现居住地址"), (3.3, "V", "residence_address")]),
            (24, [(0.5, "L", "息"), (0.9, "L", "人员类别"), (3.3, "O", ("filing_category", 3))]),
            (22, [(0.5, "L", ""), (0.9, "L", "选择就医\n医院"), (3.3, "H", None)]),
            (
                11,
                [
                    (0.5, "L", ""),
                    (0.9, "L", "开始日期"),
                    (1.2, "V", "start_date"),
                    (0.9, "L", "结束日期"),
                    (1.2, "V", "end_date"),
                ],
            ),
            (11, [(0.5, "L", ""), (0.9, "L", "申请事由"), (3.3, "V", "reason")]),
            (14, [(4.7, "S", None)]),
            (50, [(4.7, "A", "经办机构审核意见（盖章）：")]),
        ]
        return rows
    # boxes and lined share a two-column body
    rows = [
        (
            11,
            [
                (1.0, "L", "姓名"),
                (1.5, "V", "name"),
                (0.8, "L", "性别"),
                (0.8, "V", "gender"),
                (1.0, "L", "手机号码"),
                (1.9, "V", "phone"),
            ],
        ),
        (
            11,
            [(1.0, "L", "身份证号码"), id_cell, (1.0, "L", "社保卡号"), (2.0, "V", "social_security_number")]
            if layout == "lined"
            else [(1.0, "L", "身份证号码"), (6.0, "ID", None)],
        ),
    ]
    if layout == "boxes":
        rows.append((11, [(1.0, "L", "社保卡号"), (6.0, "V", "social_security_number")]))
    rows += [
        (
            11,
            [
                (1.0, "L", "参保地区"),
                (2.0, "V", "insured_region"),
                (1.0, "L", "参保险种"),
                (3.0, "V", "insurance_type"),
            ],
        ),
        (11, [(1.0, "L", "单位名称"), (6.0, "V", "employer")]),
        (
            11,
            [
                (1.0, "L", "就医地区"),
                (2.0, "V", "destination_region"),
                (1.0, "L", "居住地址"),
                (3.0, "V", "residence_address"),
            ],
        ),
        (30, [(1.0, "L", "备案人员\n类型"), (6.0, "O", ("filing_category", 3 if rng.random() < 0.5 else 2))]),
        (24, [(1.0, "L", "定点医疗\n机构"), (6.0, "H", None)]),
        (
            11,
            [
                (1.0, "L", "起始日期"),
                (2.5, "V", "start_date"),
                (1.0, "L", "截止日期"),
                (2.5, "V", "end_date"),
            ],
        ),
        (13, [(1.0, "L", "备案原因"), (6.0, "V", "reason")]),
    ]
    if v.agent is not None:
        rows.append(
            (
                11,
                [
                    (1.0, "L", "代办人"),
                    (1.3, "AG", "name"),
                    (1.0, "L", "证件号码"),
                    (2.4, "AG", "id_number"),
                    (0.8, "L", "电话"),
                    (1.5, "AG", "phone"),
                ],
            )
        )
    rows += [(15, [(7.0, "S", None)]), (50, [(7.0, "A", "经办机构（单位）意见：")])]
    return rows
