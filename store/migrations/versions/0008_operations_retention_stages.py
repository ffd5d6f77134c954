"""page.purged_at, source_file.purged_at (retention); stage_bucket, stage_total (stage histograms)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 00:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("page") as batch_op:
        batch_op.add_column(sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_page_blob_sha256", ["blob_sha256"])
    with op.batch_alter_table("source_file") as batch_op:
        batch_op.add_column(sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_source_file_blob_sha256", ["blob_sha256"])
    op.create_table(
        "stage_bucket",
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("le", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("stage", "le", name=op.f("pk_stage_bucket")),
    )
    op.create_table(
        "stage_total",
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("seconds", sa.Float(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("stage", name=op.f("pk_stage_total")),
    )


def downgrade() -> None:
    op.drop_table("stage_total")
    op.drop_table("stage_bucket")
    with op.batch_alter_table("source_file") as batch_op:
        batch_op.drop_index("ix_source_file_blob_sha256")
        batch_op.drop_column("purged_at")
    with op.batch_alter_table("page") as batch_op:
        batch_op.drop_index("ix_page_blob_sha256")
        batch_op.drop_column("purged_at")
