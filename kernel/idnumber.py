"""Citizen ID numbers (公民身份号码, GB 11643-1999): parse, check, and suggest OCR repairs.

The ID number is the key that ties a packet together, so it is checked
strictly; OCR often confuses O/0, I/1, Z/2, S/5, B/8, which
:func:`ocr_repair_candidates` lists so a reviewer can be told "probably read
wrongly" -- values are never changed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kernel import refdata

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")

# OCR confusions: letter (as read) -> digit (as printed). Only these are proposed as repairs.
OCR_CONFUSIONS: dict[str, str] = {
    "O": "0",
    "o": "0",
    "D": "0",
    "Q": "0",
    "I": "1",
    "l": "1",
    "i": "1",
    "|": "1",
    "Z": "2",
    "z": "2",
    "S": "5",
    "s": "5",
    "B": "8",
    "G": "6",
    "b": "6",
    "g": "9",
}


@dataclass(frozen=True)
class IdInfo:
    """What a well-formed ID number tells: where it was issued, birth date, gender."""

    number: str
    division_code: str
    birth_date: date
    gender: str  # "male" | "female"


@dataclass(frozen=True)
class IdProblem:
    """One reason an ID number is not valid; ``code`` is an issue code of validate.codes."""

    code: str
    detail: str = ""


def normalise(s: str) -> str:
    """Strip blanks and separators and upper-case the x: how ID numbers are compared and grouped."""
    return re.sub(r"[\s\-_.]", "", s).replace("x", "X")


def check_digit(first17: str) -> str:
    """The GB 11643 check character for 17 leading digits (weights mod 11 → "10X98765432")."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"need 17 digits, got {first17!r}")
    total = sum(int(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def parse_id_number(s: str, *, today: date | None = None) -> IdInfo | list[IdProblem]:
    """Parse an ID number, or list every problem found (shape, checksum, birth date, division).

    ``today`` bounds the birth date (no one is born in the future); None means date.today().
    All problems are reported at once so a reviewer sees the full picture in one pass.
    """
    n = normalise(s)
    if len(n) != 18:
        return [IdProblem("id_number_length", str(len(n)))]
    if not _SHAPE.match(n):
        return [IdProblem("id_number_checksum", "not 17 digits plus a digit or X")]
    problems: list[IdProblem] = []
    if check_digit(n[:17]) != n[17]:
        problems.append(IdProblem("id_number_checksum", f"expected {check_digit(n[:17])}"))
    birth = _birth_date(n[6:14])
    limit = today or date.today()
    if birth is None or birth > limit or birth.year < 1880:
        problems.append(IdProblem("id_number_birth_date", n[6:14]))
    if not refdata.is_division_code(n[:6]):
        problems.append(IdProblem("id_number_division", n[:6]))
    if problems or birth is None:
        return problems
    return IdInfo(n, n[:6], birth, "male" if int(n[16]) % 2 else "female")


def _birth_date(yyyymmdd: str) -> date | None:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


def ocr_repair_candidates(s: str, *, limit: int = 8) -> list[str]:
    """Readings of ``s`` with OCR-confused letters mapped back to digits, valid ID numbers only.

    Used to tell the reviewer "probably read wrongly, did you mean …"; at most ``limit`` are
    returned, the plain substitution first. A trailing x becomes X (it is the check character).
    """
    n = re.sub(r"[\s\-_.]", "", s)
    if len(n) != 18:
        return []
    head, last = n[:17], n[17]
    last_options = ["X"] if last in "xX" else sorted({last.upper(), OCR_CONFUSIONS.get(last, last)})
    positions = [i for i, ch in enumerate(head) if ch in OCR_CONFUSIONS]
    if len(positions) > 6:
        return []
    out: list[str] = []
    base = list(head)
    for pos in positions:
        base[pos] = OCR_CONFUSIONS[head[pos]]
    repaired_head = "".join(base)
    if not repaired_head.isdigit():
        return []
    for end in last_options:
        cand = repaired_head + end
        if cand != normalise(n) and isinstance(parse_id_number(cand), IdInfo):
            out.append(cand)
    return out[:limit]


def confusable(a: str, b: str) -> bool:
    """Whether two ID readings differ only where OCR confuses characters (or in one place)."""
    x, y = normalise(a), normalise(b)
    if x == y:
        return True
    if len(x) != len(y):
        return False
    diffs = [(p, q) for p, q in zip(x, y, strict=True) if p != q]
    if len(diffs) == 1:
        return True
    return all(OCR_CONFUSIONS.get(p, p) == OCR_CONFUSIONS.get(q, q) for p, q in diffs)


__all__ = [
    "CHECK_CHARS",
    "WEIGHTS",
    "IdInfo",
    "IdProblem",
    "check_digit",
    "confusable",
    "normalise",
    "ocr_repair_candidates",
    "parse_id_number",
]
