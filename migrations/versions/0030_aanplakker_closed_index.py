"""aanplakker: the closed list, last closed first, from index entries

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 21:20:00.000000

The board shows the closed Aanplakkers by when they closed, newest first. Their ids came from
the board index (phase, ends_on) and were sorted by reading each one's details row once per
worker (kenme/services/aanplakker/board_rows.py kept the moment per id). With (phase,
phase_changed_at) the closed list is a walk of index entries in order (SQLite appends the
rowid, which is post_id, so the ties are ordered too), and nothing is kept per worker.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_aanplakker_details_closed",
        "aanplakker_details",
        ["phase", "phase_changed_at"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_aanplakker_details_closed", table_name="aanplakker_details")
