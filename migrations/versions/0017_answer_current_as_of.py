"""posts.current_as_of: a thema-specialist confirms an answer is still right after a law change

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 20:20:00.000000

An answer written before a wetswijziging on its topics is marked "mogelijk verouderd"; a
specialist (or moderator) marks it "nog actueel na" that change, which clears the mark for
changes in force up to that date (decision 0019).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("posts") as batch:
        batch.add_column(sa.Column("current_as_of", sa.Date(), nullable=True))
        batch.add_column(sa.Column("current_confirmed_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_posts_current_confirmed_by_id_users",
            "users",
            ["current_confirmed_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("posts") as batch:
        batch.drop_constraint("fk_posts_current_confirmed_by_id_users", type_="foreignkey")
        batch.drop_column("current_confirmed_by_id")
        batch.drop_column("current_as_of")
