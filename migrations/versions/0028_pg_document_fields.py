"""search: PostgreSQL keeps each thread's analysed fields next to its tsvector

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 11:50:00.000000

A new answer or comment adds its own analysed words to the thread's stored fields instead of
analysing the whole thread again (docs/decisions/0038). SQLite's FTS5 table already stores
the fields; a tsvector does not (positions are capped, the order of the words is gone), so
PostgreSQL's fts_threads gets them as text columns. Rows written before stay NULL: their
thread takes the full path once, which fills them (as does a rebuild).
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

FIELDS = ("title", "oogst", "body", "answers", "comments", "meta")


def upgrade():
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE fts_threads " + ", ".join(f"ADD COLUMN {name} text" for name in FIELDS))


def downgrade():
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE fts_threads " + ", ".join(f"DROP COLUMN {name}" for name in FIELDS))
