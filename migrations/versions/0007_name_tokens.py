"""search_state.index_format: whether indexed documents hold thesaurus name tokens

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 12:00:00.000000

From format 2 the embedded engine writes a token for every multi-word thesaurus name in a
document ("wet werk bijstand") and queries ask for that token instead of checking a phrase
(docs/decisions/0010). Documents indexed before this revision have no tokens, so a database
with an index keeps format 1 (phrases) until `flask --app kenme search rebuild`; an empty
index starts at format 2.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("search_state") as batch_op:
        batch_op.add_column(
            sa.Column("index_format", sa.Integer(), server_default="1", nullable=False)
        )
    op.execute(
        "UPDATE search_state SET index_format = 2 WHERE NOT EXISTS (SELECT 1 FROM fts_threads)"
    )


def downgrade():
    with op.batch_alter_table("search_state") as batch_op:
        batch_op.drop_column("index_format")
