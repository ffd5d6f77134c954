"""triage_item: documents that went into no filing, waiting in the reviewers' triage lane

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 00:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: Union[str, Sequence[str], None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "triage_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=200), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=50), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("guesses", Json, nullable=False),
        sa.Column("reread", sa.String(length=20), nullable=True),
        sa.Column("filing_id", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", TZ, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batch.id"], name=op.f("fk_triage_item_batch_id_batch"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_triage_item_document_id_document"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triage_item")),
        sa.UniqueConstraint("document_id", name="uq_triage_item_document_id"),
    )
    op.create_index(op.f("ix_triage_item_batch_id"), "triage_item", ["batch_id"])
    op.create_index("ix_triage_item_lane", "triage_item", ["state", "created_at", "id"])
    # Documents that earlier runs left out of every filing (type unknown, in no filing, not a
    # copy) enter the lane too, so the pages of batches read before this version are not lost.
    op.execute(
        """
        INSERT INTO triage_item (document_id, batch_id, reason, state, guesses, note, version,
                                 created_at, updated_at)
        SELECT d.id, d.batch_id, 'not_a_filing_document', 'open', '[]', '', 1,
               CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
        FROM document d
        WHERE d.doc_type = 'unknown' AND d.duplicate_of IS NULL
          AND NOT EXISTS (SELECT 1 FROM filing_document fd WHERE fd.document_id = d.id)
        """
    )


def downgrade() -> None:
    op.drop_index("ix_triage_item_lane", table_name="triage_item")
    op.drop_index(op.f("ix_triage_item_batch_id"), table_name="triage_item")
    op.drop_table("triage_item")
