"""comments.anonymous: comments, like answers and contributions, "anoniem voor leden"

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 23:30:00.000000

Posts had the column already (answers and contributions now use it); comments get it here.
Moderators and the author see who wrote it; nobody else, anywhere (decision 0022).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("comments") as batch:
        batch.add_column(
            sa.Column("anonymous", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("anonymous")
