"""The triage lane's rows: documents a run left out of every filing, stored for a reviewer.

``RESULT.json`` lists them under ``unfiled``; saving a result turns each into a
``triage_item`` row (one per document), so a foreign page found by a worker at
night is still waiting the next morning, with the classifier's best guesses of
its type. A re-run updates an item that is still open and never reopens one a
reviewer already decided, as a re-read never undoes a reviewer's correction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kernel.schema import UnfiledDocument
from store.models import Document, TriageItem

GUESSES = 3  # how many types a reviewer is offered


def type_guesses(document: Document) -> list[dict[str, Any]]:
    """The document's best types with their confidence, best first: the classifier's ranking where
    the reading kept one (``type_guesses``), else its one verdict."""
    ranked = (document.extra or {}).get("type_guesses")
    if isinstance(ranked, list) and ranked:
        return [
            {"doc_type": str(g["doc_type"]), "confidence": float(g["confidence"])}
            for g in ranked[:GUESSES]
            if isinstance(g, dict) and "doc_type" in g and "confidence" in g
        ]
    return [{"doc_type": document.doc_type, "confidence": float(document.doc_type_confidence)}]


def record_unfiled(session: Session, batch_id: int, unfiled: Iterable[UnfiledDocument]) -> list[TriageItem]:
    """Open (or refresh) a triage item for each unfiled document; decided items stay as decided."""
    items = []
    for entry in unfiled:
        document = session.get(Document, entry.document)
        if document is None:
            continue  # a result saved without its documents: nothing to show a reviewer
        item = session.scalars(select(TriageItem).where(TriageItem.document_id == entry.document)).first()
        if item is None:
            item = TriageItem(document_id=entry.document, state="open", note="")
            session.add(item)
        elif item.state != "open":
            continue
        item.batch_id, item.reason, item.guesses = batch_id, entry.reason, type_guesses(document)
        items.append(item)
    session.flush()
    return items
