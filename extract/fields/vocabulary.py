"""The extractor's wordings besides field labels (``vocabulary.yaml``), checked at load.

Printed choices (categories, insurance types, genders), document-type keywords and
heading endings, what an institution's name ends in, and the phrases of letters are
data: a province's wording is one line of YAML. The file is loaded once and checked by
a pydantic model; a malformed file is refused with a ``VocabularyError`` that names the
file and the entry at fault.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)

from kernel.domain import FIELD_ZH, DocType, FilingCategory

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.yaml")

Word = Annotated[StrictStr, Field(min_length=1)]
Words = Annotated[tuple[Word, ...], Field(min_length=1)]


class VocabularyError(ValueError):
    """A vocabulary file that cannot be used, with the reason."""


def _compiles(words: tuple[str, ...]) -> tuple[str, ...]:
    for word in words:
        try:
            re.compile(word)
        except re.error as exc:
            raise ValueError(f"{word!r} is not a regular expression: {exc}") from exc
    return words


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocTypeWords(_Model):
    """A document type's telling words with their weights (negative: argues against the type)."""

    keywords: Annotated[tuple[tuple[Word, StrictInt | StrictFloat], ...], Field(min_length=1)]


class InstitutionTest(_Model):
    """One reading of "looks like an institution name": its endings and where they stand."""

    at: Literal["end", "anywhere"]
    words: Words

    @field_validator("words")
    @classmethod
    def _regex(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        return _compiles(words)


class LetterPhrases(_Model):
    """The words that introduce or end a value in a letter's running text (regular expressions)."""

    name_intros: Words
    signing_intros: Words
    signature_labels: Words
    name_followers: Words
    not_a_name: Words
    address_intros: Words
    sentence_after_address: Words
    address_enders: Words
    issuer_prefixes: Words
    not_an_issuer: Words
    seal_noise: Words
    referring_intros: Words
    target_intros: Words
    reason_intros: Words
    reason_openers: Words
    reason_closers: Words

    @field_validator("*")
    @classmethod
    def _regex(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        return _compiles(words)

    @model_validator(mode="after")
    def _signing_among_intros(self) -> LetterPhrases:
        stray = [w for w in self.signing_intros if w not in self.name_intros]
        if stray:
            raise ValueError(f"signing_intros {stray} must be among name_intros")
        return self


class Vocabulary(_Model):
    """The whole of ``vocabulary.yaml``."""

    choices: dict[StrictStr, dict[StrictStr, Words]]
    labelled_choices: dict[StrictStr, dict[StrictStr, Words]]
    doc_types: dict[DocType, DocTypeWords]
    title_endings: Annotated[tuple[tuple[DocType, Word], ...], Field(min_length=1)]
    institutions: dict[StrictStr, InstitutionTest]
    letters: LetterPhrases
    foreign_words: Words
    foreign_title_endings: Words
    ocr_confusions: dict[Annotated[StrictStr, Field(min_length=1, max_length=1)], Word]
    domain_words: Words
    simplified_as_written: tuple[Annotated[StrictStr, Field(min_length=1, max_length=1)], ...]

    @field_validator("choices", "labelled_choices")
    @classmethod
    def _field_keys(cls, choices: dict[str, dict[str, Words]]) -> dict[str, dict[str, Words]]:
        for key, values in choices.items():
            if key not in FIELD_ZH:
                raise ValueError(f"{key!r} is not a canonical field key (kernel/domain.py FIELD_ZH)")
            if key == "filing_category":
                wrong = [v for v in values if v not in set(FilingCategory)]
                if wrong:
                    raise ValueError(f"filing_category choices {wrong} are not filing categories")
        return choices

    @field_validator("title_endings")
    @classmethod
    def _endings(cls, endings: tuple[tuple[DocType, str], ...]) -> tuple[tuple[DocType, str], ...]:
        _compiles(tuple(pattern for _, pattern in endings))
        return endings

    @model_validator(mode="after")
    def _labelled_have_choices(self) -> Vocabulary:
        for key, values in self.labelled_choices.items():
            if key not in self.choices or not set(values) <= set(self.choices[key]):
                raise ValueError(f"labelled_choices {key!r} names values that choices {key!r} lacks")
        return self


def load_vocabulary(path: Path) -> Vocabulary:
    """A vocabulary file read and checked; ``VocabularyError`` names the file and what is wrong."""
    try:
        with path.open(encoding="utf-8") as f:
            raw = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as exc:
        raise VocabularyError(f"{path}: cannot be read as YAML: {exc}") from exc
    try:
        return Vocabulary.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}" for err in exc.errors()
        )
        raise VocabularyError(f"{path}: {problems}") from exc


@cache
def vocabulary() -> Vocabulary:
    """The shipped vocabulary, loaded once."""
    return load_vocabulary(VOCABULARY_PATH)


def choices(key: str) -> dict[str, tuple[str, ...]]:
    """A field's printed choices: each value with the words that name it (empty when it has none)."""
    return dict(vocabulary().choices.get(key, {}))


_CHOICE_LEAD = re.compile(r"^[\s☑☒✓✔√■▣●◉☐□○◯\d.、．()（）①-⑩]+")
CHOICE_SLACK = 4  # a printed choice's line holds its wording and a few characters more at most


def printed_choice(text: str) -> bool:
    """Whether a line is one of a form's printed choices (■异地安置退休人员, 退休异地安置): little
    but a choice's wording, after its box glyph or list number."""
    bare = _CHOICE_LEAD.sub("", text).strip()
    return any(
        word in bare and len(bare) <= len(word) + CHOICE_SLACK
        for words in vocabulary().choices.values()
        for wordings in words.values()
        for word in wordings
    )


def labelled_choices(key: str) -> dict[str, tuple[str, ...]]:
    """Extra wordings of a field's choices that count only beside its own label."""
    return dict(vocabulary().labelled_choices.get(key, {}))


def alternation(words: tuple[str, ...]) -> str:
    """Words as one regular-expression alternation, in their order (``a|b|c``)."""
    return "|".join(words)
