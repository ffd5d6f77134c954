"""Whether a text looks like an institution's name, by one of the named tests in ``vocabulary.yaml``.

The extractor asks this in several places and not always the same way: a hospitals cell
keeps a name the directory lacks when it ends like a medical institution's, a row under
the hospitals label counts when it mentions one, a referral's hospital is surer when it
ends in 医院 or 中心, a certificate's issuer ends in 派出所, 居委会, 有限公司 …. Each of
those is a named test (``hospital``, ``hospital_row``, ``hospital_sure``, ``issuer`` …),
its words and where they stand kept as data.
"""

from __future__ import annotations

import re
from functools import cache

from extract.fields.vocabulary import alternation, vocabulary


def institution_words(test: str) -> str:
    """A test's words as a regular-expression alternation (to build a larger pattern with)."""
    return alternation(vocabulary().institutions[test].words)


@cache
def _pattern(test: str) -> re.Pattern[str]:
    spec = vocabulary().institutions[test]
    return re.compile(f"({alternation(spec.words)})" + ("$" if spec.at == "end" else ""))


def looks_like_institution(text: str, test: str = "hospital") -> bool:
    """Whether ``text`` names an institution by the named test: it ends in (``at: end``) or holds
    (``at: anywhere``) one of the test's words."""
    return _pattern(test).search(text) is not None
