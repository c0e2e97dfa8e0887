"""search: a titles-only full-text table on PostgreSQL, for suggestions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 08:30:00.000000

SQLite has had ``fts_titles`` (an FTS5 table of question titles) since 0004; PostgreSQL
suggestions ranked the title part of every thread's whole ``fts_threads`` document instead
(p95 336 ms at 100,000 questions). This gives PostgreSQL the same: ``fts_titles`` holds the
title's analysed terms of every visible question as a tsvector (weight A, positions as in
``fts_threads``), with a GIN index. Created by hand like 0004 (Alembic ignores ``fts_*``) and
filled from the existing index rows: the title is the weight-A part of a thread's document.
Nothing to do on SQLite.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

POSTGRES_TITLES = (
    "CREATE TABLE fts_titles ("
    "post_id integer PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE, "
    "title tsvector NOT NULL)",
    # Questions only ('qqtypequestion' is the meta token of kenme.search.documents), the same
    # rows the embedded engine writes; ts_filter keeps the title's lexemes and positions.
    "INSERT INTO fts_titles (post_id, title) "
    "SELECT post_id, ts_filter(document, '{a}') FROM fts_threads "
    "WHERE document @@ 'qqtypequestion'::tsquery",
    # Built after the fill: one pass instead of 100,000 index insertions. No pending list
    # (fastupdate): suggestions run while members type, and every one of them would scan
    # the titles written since the last vacuum; a title's few lexemes go straight in.
    "CREATE INDEX fts_titles_title ON fts_titles USING gin (title) WITH (fastupdate = off)",
    "ANALYZE fts_titles",
)


def upgrade():
    if op.get_context().dialect.name != "postgresql":
        return
    for statement in POSTGRES_TITLES:
        op.execute(statement)


def downgrade():
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS fts_titles")
