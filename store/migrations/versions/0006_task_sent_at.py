"""task.sent_at: when the task's message reached the broker (NULL: committed but not sent yet)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 22:10:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("task") as batch_op:
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
    # rows from before this column were sent when they were created
    op.execute("UPDATE task SET sent_at = created_at")
    with op.batch_alter_table("task") as batch_op:
        batch_op.create_index("ix_task_unsent", ["state", "sent_at"])


def downgrade() -> None:
    with op.batch_alter_table("task") as batch_op:
        batch_op.drop_index("ix_task_unsent")
        batch_op.drop_column("sent_at")
