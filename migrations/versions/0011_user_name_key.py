"""users.name_key: display names in one normal form, for resolving @mentions

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24 09:00:00.000000

A mention is written as "@" and a display name; kenme.services.mentions finds the members
by ``kenme.mentions.name_key`` (NFKC, case-folded, single spaces) through this indexed
column. SQLite's lower() folds only ASCII, so the form is computed in Python, here for the
existing members and by the model for every change of a display name.
"""

import sqlalchemy as sa
from alembic import op

from kenme.mentions import name_key

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("name_key", sa.String(length=200), nullable=False, server_default="")
        )
    users = sa.table(
        "users",
        sa.column("id", sa.Integer),
        sa.column("display_name", sa.String),
        sa.column("name_key", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.display_name)).all()
    for user_id, display_name in rows:
        connection.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(name_key=name_key(display_name or "")[:200])
        )
    op.create_index("ix_users_name_key", "users", ["name_key"], unique=False)


def downgrade():
    op.drop_index("ix_users_name_key", table_name="users")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("name_key")
