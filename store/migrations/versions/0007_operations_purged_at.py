"""page.purged_at, source_file.purged_at: when retention deleted the image or the uploaded file

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 00:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: Union[str, Sequence[str], None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("page") as batch_op:
        batch_op.add_column(sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("source_file") as batch_op:
        batch_op.add_column(sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("source_file") as batch_op:
        batch_op.drop_column("purged_at")
    with op.batch_alter_table("page") as batch_op:
        batch_op.drop_column("purged_at")
