"""Free text corrected towards the domain's own words where OCR misread look-alike characters.

A worn or low-resolution scan makes the recogniser read 退体 for 退休 and 中请 for
申请: each wrong character is a look-alike (``ocr_confusions`` in vocabulary.yaml)
and the result is no word at all. Where only such misreadings stand between a
stretch of text and a word of this domain (``domain_words``), the word is what was
printed; in words of five characters or more (居民委员会) one other wrong character
after the first is corrected too, since no other word is that close. The first
character is never changed: 村民委员会 must not become 居民委员会.
"""

from __future__ import annotations

import re
from functools import cache

from extract.fields.vocabulary import vocabulary

LONG_WORD = 5  # from this length one arbitrary wrong character (after the first) is corrected


def _char_class(ch: str, confusions: dict[str, str]) -> str:
    alts = confusions.get(ch, "")
    return f"[{re.escape(ch + alts)}]" if alts else re.escape(ch)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    vocab = vocabulary()
    out: list[tuple[str, re.Pattern[str]]] = []
    for word in sorted(set(vocab.domain_words), key=lambda w: (-len(w), w)):
        classes = [_char_class(ch, vocab.ocr_confusions) for ch in word]
        alternatives = ["".join(classes)]
        if len(word) >= LONG_WORD:
            alternatives += [
                "".join(classes[:i]) + r"[\u4e00-\u9fff]" + "".join(classes[i + 1 :])
                for i in range(1, len(word))
            ]
        out.append((word, re.compile("|".join(alternatives))))
    return tuple(out)


def correct_words(text: str) -> str:
    """``text`` with every near-miss of a domain word replaced by the word (same length: offsets
    into the text stay valid)."""
    for word, pattern in _patterns():
        if pattern.search(text):
            text = pattern.sub(word, text)
    return text
