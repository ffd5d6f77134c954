"""Card faces (``cards.yaml``): which card a cluster of text lines is, by its printed titles and labels.

A card copy names itself only partly: the back of an ID card prints 中华人民共和国 居民身份证,
its front prints no title at all, only its labels (姓名 性别 民族 出生 住址 公民身份号码). So a
face is chosen by a score over both: a title word found counts three, a field label one, and
words that only other papers print (a household register's 户主) rule a face out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from extract.normalize import to_halfwidth
from kernel.domain import DocType
from kernel.idnumber import check_holds

CARDS_PATH = Path(__file__).with_name("cards.yaml")
TITLE_WEIGHT = 3.0
VALIDITY = "validity"  # the label of a valid_from-valid_to range


@dataclass(frozen=True)
class Face:
    """One printed card face: its document type, title words and field labels."""

    name: str
    doc_type: DocType
    titles: tuple[str, ...]
    needs: float
    labels: dict[str, tuple[str, ...]]

    @property
    def titled(self) -> bool:
        return bool(self.titles)


def compact(text: str) -> str:
    """A line's text as labels are compared: halfwidth, no blanks (姓    名 → 姓名)."""
    return re.sub(r"\s+", "", to_halfwidth(text))


@cache
def _raw() -> dict[str, object]:
    with CARDS_PATH.open(encoding="utf-8") as f:
        loaded = yaml.safe_load(f)
    return dict(loaded)


@cache
def faces() -> tuple[Face, ...]:
    """Every face of ``cards.yaml``, in file order."""
    out = []
    for name, spec in dict(_raw()["faces"]).items():  # type: ignore[call-overload]
        labels = {str(k): tuple(compact(str(s)) for s in v) for k, v in dict(spec["labels"]).items()}
        titles = tuple(compact(str(s)) for s in spec.get("titles") or ())
        out.append(Face(str(name), DocType(spec["doc_type"]), titles, float(spec["needs"]), labels))
    return tuple(out)


def face_named(name: str) -> Face:
    """The face of ``cards.yaml`` called ``name``."""
    return next(face for face in faces() if face.name == name)


@cache
def ethnicities() -> tuple[str, ...]:
    """The ethnic groups an ID card prints (``ethnicities`` of cards.yaml), longest first."""
    listed = _raw().get("ethnicities") or ()
    return tuple(sorted((str(e) for e in listed), key=len, reverse=True))  # type: ignore[attr-defined]


@cache
def not_issuer_words() -> tuple[str, ...]:
    """Words of organisations that issue no card (``not_issuers`` of cards.yaml: banks)."""
    return tuple(str(s) for s in _raw().get("not_issuers") or ())  # type: ignore[attr-defined]


@cache
def not_card_words() -> tuple[str, ...]:
    return tuple(compact(str(s)) for s in _raw().get("not_cards") or ())  # type: ignore[attr-defined]


def fuzzy_find(text: str, word: str, start: int = 0) -> tuple[int, int] | None:
    """Where ``word`` stands in ``text`` (from ``start``): exactly, or with one wrong inner
    character when the word has four or more (公民身份号码 read 公民身份号吗 is still the label)."""
    at = text.find(word, start)
    if at >= 0:
        return at, at + len(word)
    if len(word) < 4:
        return None
    pattern = "|".join(re.escape(word[:i]) + "." + re.escape(word[i + 1 :]) for i in range(1, len(word) - 1))
    m = re.compile(pattern).search(text, start)
    return (m.start(), m.end()) if m else None


def face_score(face: Face, texts: list[str]) -> float:
    """How well a cluster's texts (compacted) fit a face: titles three each, labels one each (a
    leaflet's sentence naming the card is no card: its title words alone fall short of a face)."""
    whole = "".join(texts)
    titles = [t for t in face.titles if fuzzy_find(whole, t)]
    # a title inside another matched one is the same printed words (社会保障 in 社会保障卡): once
    score = TITLE_WEIGHT * sum(1 for t in titles if not any(t != o and t in o for o in titles))
    number = _holds_id_number(whole)
    score += sum(
        1.0
        for key, syns in face.labels.items()
        if any(fuzzy_find(whole, s) for s in syns) or (key == "id_number" and number)
    )
    return score


_ID_RUN = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")


def _holds_id_number(whole: str) -> bool:
    """Whether the texts hold an ID number whose check digit holds: a card that prints one has its
    number's label too, though a stamp or a copier may have taken the pale label and left the
    bold digits (so the number stands for its label in ``face_score``)."""
    return any(check_holds(m.group()) for m in _ID_RUN.finditer(whole.upper()))


def choose_face(texts: list[str]) -> Face | None:
    """The face a cluster of lines is (best score at or over its ``needs``), or None.

    None as well when the cluster prints a word no card prints (户主, 兹证明, 备案表):
    those are other papers whose labels a card shares.
    """
    compacted = [compact(t) for t in texts]
    whole = "".join(compacted)
    if any(w in whole for w in not_card_words()):
        return None
    best: tuple[float, Face] | None = None
    for face in faces():
        score = face_score(face, compacted)
        if score >= face.needs and (best is None or score > best[0]):
            best = (score, face)
    return best[1] if best else None
