"""search_changes: which threads each index change touched, so cached searches survive others

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 22:45:00.000000

Every write to a thread's text bumped search_state.generation and so emptied every cached
search of every worker. Each bump now logs the threads it touched and how; a cached result
is kept when none of them can change it (docs/decisions/0023-search-cache-per-thread.md).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_changes",
        sa.Column("generation", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("thread_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("lost", sa.Boolean(), nullable=False),
        sa.Column("meta", sa.Boolean(), nullable=False),
        sa.Column("title", sa.Boolean(), nullable=False),
        sa.Column("words", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("generation", "thread_id", name=op.f("pk_search_changes")),
    )


def downgrade():
    op.drop_table("search_changes")
