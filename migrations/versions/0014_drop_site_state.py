"""Drop site_state: kept pages no longer hang on one site-wide generation

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 19:45:00.000000

Every writing transaction bumped site_state.generation, so at a few writes per second every
kept question page was stale, and on PostgreSQL writers queued on that one row from their
last statement to their commit. Kept pages now depend on posts.thread_version and on the
values they show (docs/decisions/0016-caches-that-survive-writes.md).
"""

import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table("site_state")


def downgrade():
    site_state = op.create_table(
        "site_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(length=32), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_state")),
    )
    op.bulk_insert(site_state, [{"id": 1, "epoch": uuid.uuid4().hex, "generation": 1}])
