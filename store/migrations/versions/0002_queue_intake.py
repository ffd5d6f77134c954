"""queue intake: batch idempotency, source-file state and blob, page checkpoints, task pages

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("batch") as batch_op:
        batch_op.add_column(sa.Column("idempotency_key", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint("uq_batch_station_idem", ["station", "idempotency_key"])
    with op.batch_alter_table("source_file") as batch_op:
        batch_op.add_column(sa.Column("state", sa.String(length=20), nullable=False, server_default="done"))
        batch_op.add_column(sa.Column("blob_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("pages", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("duplicate_of_file_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_source_file_duplicate_of", "source_file", ["duplicate_of_file_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index("ix_source_file_state", ["state"])
    with op.batch_alter_table("page") as batch_op:
        batch_op.add_column(sa.Column("reading", Json, nullable=True))
        batch_op.add_column(sa.Column("read_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("task") as batch_op:
        batch_op.add_column(sa.Column("pages", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_index("ix_task_finished_at", ["finished_at"])


def downgrade() -> None:
    with op.batch_alter_table("task") as batch_op:
        batch_op.drop_index("ix_task_finished_at")
        batch_op.drop_column("pages")
    with op.batch_alter_table("page") as batch_op:
        batch_op.drop_column("read_at")
        batch_op.drop_column("reading")
    with op.batch_alter_table("source_file") as batch_op:
        batch_op.drop_index("ix_source_file_state")
        batch_op.drop_constraint("fk_source_file_duplicate_of", type_="foreignkey")
        batch_op.drop_column("duplicate_of_file_id")
        batch_op.drop_column("pages")
        batch_op.drop_column("blob_sha256")
        batch_op.drop_column("state")
    with op.batch_alter_table("batch") as batch_op:
        batch_op.drop_constraint("uq_batch_station_idem", type_="unique")
        batch_op.drop_column("finished_at")
        batch_op.drop_column("idempotency_key")
