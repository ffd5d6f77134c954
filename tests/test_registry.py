"""The field registry (extract/fields/registry.py): one spec per canonical key the extractor produces,
and every spec's key canonical."""

from __future__ import annotations

from collections import Counter

import yaml

from extract.cards.template import CARDS_PATH, VALIDITY
from extract.classify import FORM_ONLY_KEYS
from extract.fields import registry
from extract.fields.labels import STOPPER, label_table
from extract.fields.registry import REGISTRY, extracted_keys, keys_where, spec_for
from extract.fields.values import hospital_value, normalise
from extract.labelmatch import AGENT
from kernel.domain import DOC_FIELDS, FIELD_ZH, DocType

# Label-only keys of labels.yaml: they mark where a field's value stands, and are no field themselves.
LABEL_ONLY = {"period", "validity", STOPPER, AGENT}


def test_every_extracted_key_has_exactly_one_spec_and_every_spec_is_canonical() -> None:
    counts = Counter(spec.key for spec in registry._SPECS)
    assert [key for key, n in counts.items() if n > 1] == []
    assert set(REGISTRY) == extracted_keys()
    assert set(REGISTRY) <= set(FIELD_ZH)
    assert all(key == spec.key for key, spec in REGISTRY.items())


def test_every_spec_can_be_read_somewhere() -> None:
    for spec in REGISTRY.values():
        assert spec.finders or spec.paragraph or spec.card, spec.key
        assert not spec.paragraph_on_form or spec.paragraph is not None, spec.key
        assert not spec.directory or spec.normalise is hospital_value, spec.key


def test_every_labelled_key_of_labels_yaml_is_a_registered_field() -> None:
    assert set(label_table()) - LABEL_ONLY <= set(REGISTRY)


def test_card_flags_are_the_keys_cards_yaml_reads() -> None:
    with CARDS_PATH.open(encoding="utf-8") as f:
        faces = yaml.safe_load(f)["faces"]
    read = {key for face in faces.values() for key in face["labels"]}
    if VALIDITY in read:
        read = (read - {VALIDITY}) | {"valid_from", "valid_to", "valid_indefinitely"}
    assert keys_where("card") == read


def test_form_only_keys_are_the_declaration_forms_own() -> None:
    form = DocType.DECLARATION_FORM
    others = {key for doc_type, keys in DOC_FIELDS.items() if doc_type != form for key in keys}
    form_only = keys_where("form_only")
    assert form_only <= set(DOC_FIELDS[DocType.DECLARATION_FORM])
    assert not form_only & others
    assert set(FORM_ONLY_KEYS) == form_only


def test_a_key_outside_the_registry_reads_as_plain_text() -> None:
    assert spec_for("validity").finders == spec_for("period").finders
    assert normalise("period", "  自2024年1月1日  ") == ("自2024年1月1日", 1.0)
    assert normalise("name", "   ") is None
