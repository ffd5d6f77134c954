"""Traditional characters the recogniser reads for simplified print, written simplified.

The PP-OCR recogniser's dictionary holds traditional and simplified characters alike, and on a
worn or small print it sometimes picks the traditional form of a simplified character (机械製造 for
机械制造, 恆通 for 恒通, an ID card's 朝鮮 for 朝鲜). Filings on the mainland are printed in simplified
characters, so every value read is written simplified, character by character with OpenCC's table
(``opencc-python-reimplemented``, its data shipped in the wheel), except the few characters
simplified writing keeps in names and places (``simplified_as_written`` in vocabulary.yaml).
"""

from __future__ import annotations

from functools import cache

from opencc import OpenCC

from extract.fields.vocabulary import vocabulary


@cache
def _converter() -> OpenCC:
    return OpenCC("t2s")


@cache
def _simplified(char: str) -> str:
    if char in vocabulary().simplified_as_written:
        return char
    out = _converter().convert(char)
    return out if len(out) == 1 else char


def to_simplified(text: str) -> str:
    """``text`` with its traditional characters written simplified (same length, so offsets into
    it stay valid); ASCII and simplified text come back as they are."""
    if text.isascii():
        return text
    return "".join(_simplified(c) if "\u4e00" <= c <= "\u9fff" else c for c in text)
