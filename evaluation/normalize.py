"""Light normalisation of field values before exact comparison.

Scoring should punish a misread character, not a harmless spelling difference:
a fullwidth digit, a stray space or a lowercase ``x`` check digit mean the same
on paper. Anything beyond that (synonyms, fuzzy matching) would hide real
extraction errors, so it is deliberately left out.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from kernel.domain import BOOL_FIELDS, LIST_FIELDS

# Keys whose values are identifiers where a lowercase x stands for the check digit X.
UPPERCASE_KEYS = frozenset({"id_number", "social_security_number"})

_SPACE = re.compile(r"\s+")


def normalize_text(text: str, *, upper: bool = False) -> str:
    """NFKC (fullwidth → halfwidth) with all whitespace removed; optionally uppercased."""
    out = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    return out.upper() if upper else out


def normalize_value(key: str, value: Any) -> Any:
    """A comparable form of ``value`` for field ``key``; empty values all become None.

    Lists (hospitals) become frozensets so order does not count; booleans stay
    booleans so that ``True`` never equals ``1`` or ``"true"``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if key in LIST_FIELDS or isinstance(value, list | tuple | set | frozenset):
        items = value if isinstance(value, list | tuple | set | frozenset) else [value]
        normalized = frozenset(n for n in (normalize_value("", v) for v in items) if n is not None)
        return normalized or None
    if isinstance(value, str):
        text = normalize_text(value, upper=key in UPPERCASE_KEYS)
        return text or None
    return value


def values_equal(key: str, truth: Any, predicted: Any) -> bool:
    """Exact equality after normalisation; booleans must match in type as well as value."""
    a, b = normalize_value(key, truth), normalize_value(key, predicted)
    if key in BOOL_FIELDS or isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)
