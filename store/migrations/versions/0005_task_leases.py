"""task leases: holder, expiry, fencing token and lost-lease count of a running task

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 21:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("task") as batch_op:
        batch_op.add_column(sa.Column("lease_owner", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("lease_token", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("leases_lost", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_index("ix_task_lease_expires_at", ["lease_expires_at"])


def downgrade() -> None:
    with op.batch_alter_table("task") as batch_op:
        batch_op.drop_index("ix_task_lease_expires_at")
        batch_op.drop_column("leases_lost")
        batch_op.drop_column("lease_token")
        batch_op.drop_column("lease_expires_at")
        batch_op.drop_column("lease_owner")
