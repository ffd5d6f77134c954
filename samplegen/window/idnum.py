"""GB 11643 citizen ID numbers, written from the standard (not from the extractor).

Why here: the generator must make valid numbers for clean packets and provably
invalid ones for the check-digit defect, without trusting any other module.
"""

from __future__ import annotations

from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def check_digit(body17: str) -> str:
    """The 18th character for a 17-digit body: weighted sum mod 11 mapped through CHECK."""
    if len(body17) != 17 or not body17.isdigit():
        raise ValueError(f"need 17 digits, got {body17!r}")
    return CHECK[sum(int(c) * w for c, w in zip(body17, WEIGHTS, strict=True)) % 11]


def is_valid(number: str) -> bool:
    """Length, digits, birth date and check digit (division codes are checked elsewhere)."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return number[17].upper() == check_digit(number[:17])


def make(division: str, birth: date, sequence: int, male: bool) -> str:
    """An ID number: division + birth date + 3-digit sequence whose last digit is odd for men."""
    seq = sequence % 1000
    if (seq % 2 == 1) != male:
        seq = (seq + 1) % 1000
    body = f"{division}{birth:%Y%m%d}{seq:03d}"
    return body + check_digit(body)


def transpose_sequence(number: str) -> str:
    """The number with sequence digits 15 and 16 swapped: a writing slip that always breaks the check.

    Weights 4 and 2 differ, so swapping two different digits changes the sum by 2(a-b) mod 11 != 0;
    the 17th digit (gender) and the birth date are untouched.
    """
    a, b = number[14], number[15]
    if a == b:
        b = str((int(b) + 3) % 10)
        return number[:14] + b + a + number[16:]
    return number[:14] + b + a + number[16:]
