"""Migration 0007 takes the unfiled pages of batches read before it into the triage lane.

On a database at 0006 with a batch holding a declaration (in a filing), an invoice page (type
unknown, in no filing) and a copy of that invoice, upgrading opens exactly one triage item:
the invoice's. SQLite and PostgreSQL alike, since the backfill is plain SQL.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from sqlalchemy import text

from kernel.settings import Settings
from store.db import get_engine
from store.migrate import upgrade


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    url = request.getfixturevalue("own_postgres_url") if request.param == "postgresql" else ""
    return Settings(home=tmp_path / "home", database_url=url)


def test_upgrading_opens_a_triage_item_for_each_earlier_unfiled_page(settings: Settings) -> None:
    upgrade(settings, "0006")
    tag = secrets.token_hex(3)
    rows = [
        (f"decl-{tag}", "declaration_form", None),
        (f"inv-{tag}", "unknown", None),
        (f"inv-{tag}-dup", "unknown", f"inv-{tag}"),
    ]
    with get_engine(settings).begin() as db:
        batch = db.execute(
            text("INSERT INTO batch (created_at, status) VALUES (CURRENT_TIMESTAMP, 'done') RETURNING id")
        ).scalar_one()
        for doc_id, doc_type, duplicate_of in rows:
            db.execute(
                text(
                    "INSERT INTO document (id, batch_id, source, pages, doc_type, doc_type_confidence, "
                    "duplicate_of, extra) VALUES (:id, :batch, :source, '[1]', :type, 0.5, :dup, '{}')"
                ),
                {
                    "id": doc_id,
                    "batch": batch,
                    "source": f"{doc_id}.jpg",
                    "type": doc_type,
                    "dup": duplicate_of,
                },
            )
        db.execute(
            text(
                "INSERT INTO filing (id, batch_id, status, review_status, version, created_at, updated_at, "
                "extra) VALUES (:id, :batch, 'incomplete', 'needs_review', 1, CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP, '{}')"
            ),
            {"id": f"filing-{tag}", "batch": batch},
        )
        db.execute(
            text("INSERT INTO filing_document (filing_id, document_id, position) VALUES (:f, :d, 0)"),
            {"f": f"filing-{tag}", "d": f"decl-{tag}"},
        )

    upgrade(settings)

    with get_engine(settings).connect() as db:
        items = db.execute(
            text("SELECT document_id, batch_id, reason, state, version FROM triage_item")
        ).all()
    assert [tuple(i) for i in items] == [(f"inv-{tag}", batch, "not_a_filing_document", "open", 1)]
