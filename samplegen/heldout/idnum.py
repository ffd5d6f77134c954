"""GB 11643 citizen ID numbers: check digits, and numbers built for a person.

Implemented here from DOMAIN.md's description (weights, mod 11 table) rather than imported
from the validator, so that a bug there cannot hide in the truth written here.
"""

from __future__ import annotations

import datetime as dt
import random

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    """The 18th character for 17 leading digits."""
    return CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def is_valid(number: str) -> bool:
    """Whether an 18-character number's check digit is right."""
    return len(number) == 18 and number[:17].isdigit() and check_digit(number[:17]) == number[17].upper()


def make_id(division: str, birth: dt.date, male: bool, rng: random.Random) -> str:
    """A valid number: division code, birth date, order code of the right parity, check digit."""
    order = rng.randrange(0, 50) * 2 + (1 if male else 0)
    seq = f"{rng.randrange(0, 10)}{order:02d}"
    first17 = f"{division}{birth:%Y%m%d}{seq}"
    return first17 + check_digit(first17)


def break_check(number: str, rng: random.Random) -> str:
    """The same number with a wrong check digit (a different character, never the right one)."""
    wrong = [c for c in CHECK if c != number[17]]
    return number[:17] + rng.choice(wrong)
