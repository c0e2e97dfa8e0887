"""search: drop search_state.generation, which nothing writes or reads any more

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 05:40:00.000000

Since decision 0023 (182b81d) no writer updates one shared row: index changes only insert
their own search_changes rows, and search_state is written when a new epoch starts. The
generation column stayed behind unused; a reader might take it for the search cache's clock.
Downgrade adds it back as 0, as 0004 created it.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("search_state") as batch_op:
        batch_op.drop_column("generation")


def downgrade():
    with op.batch_alter_table("search_state") as batch_op:
        batch_op.add_column(
            sa.Column("generation", sa.Integer(), server_default="0", nullable=False)
        )
