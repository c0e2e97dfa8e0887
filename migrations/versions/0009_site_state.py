"""site_state: one generation counter that every writing transaction bumps

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 15:00:00.000000

Whole question pages are cached per worker under this generation (docs/decisions/0011), so a
cached page can be checked with one small query instead of being rebuilt.
"""

import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    site_state = op.create_table(
        "site_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(length=32), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_state")),
    )
    op.bulk_insert(site_state, [{"id": 1, "epoch": uuid.uuid4().hex, "generation": 1}])


def downgrade():
    op.drop_table("site_state")
