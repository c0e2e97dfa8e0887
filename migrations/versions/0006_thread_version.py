"""posts.thread_version: a counter bumped by every change to a thread (render cache key)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 09:00:00.000000

Every write path already reports a thread change through kenme.search.changes.record_change,
in the changing transaction. That hook now also bumps the thread root's counter, so a
rendered thread cached under (thread id, thread_version) can never be served after a change,
in any worker process.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("posts") as batch_op:
        batch_op.add_column(
            sa.Column("thread_version", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("posts") as batch_op:
        batch_op.drop_column("thread_version")
