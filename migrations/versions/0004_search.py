"""search: full-text table, vocabulary, outbox and thesaurus (seeded)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 06:10:00.000000

The full-text table is dialect-specific and created by hand (Alembic ignores ``fts_*``):
SQLite gets an FTS5 table, PostgreSQL a tsvector table with a GIN index. Both hold our own
analysed terms (kenme.search.analysis.index_terms) plus meta tokens (topics, type, status,
year, flags), one row per visible thread.
"""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE fts_threads USING fts5("
    "title, oogst, body, answers, comments, meta, "
    "tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE fts_titles USING fts5(title, tokenize = 'unicode61 remove_diacritics 0')",
)
POSTGRES_FTS = (
    "CREATE TABLE fts_threads ("
    "post_id integer PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE, "
    "document tsvector NOT NULL)",
    "CREATE INDEX fts_threads_document ON fts_threads USING gin (document)",
)


def upgrade():
    op.create_table(
        "search_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_outbox")),
    )
    with op.batch_alter_table("search_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_search_outbox_due", ["available_at", "id"], unique=False)

    op.create_table(
        "search_terms",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("head", sa.String(length=1), nullable=False),
        sa.Column("tail", sa.String(length=63), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_search_terms")),
    )
    with op.batch_alter_table("search_terms", schema=None) as batch_op:
        batch_op.create_index("ix_search_terms_bucket", ["head", "size"], unique=False)
        batch_op.create_index("ix_search_terms_tail", ["tail"], unique=False)

    state = op.create_table(
        "search_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(length=32), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_state")),
    )
    op.bulk_insert(state, [{"id": 1, "epoch": uuid.uuid4().hex, "generation": 0}])

    groups = op.create_table(
        "search_synonym_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canonical", sa.String(length=200), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_search_synonym_groups_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_synonym_groups")),
    )

    if op.get_context().dialect.name == "postgresql":
        for statement in POSTGRES_FTS:
            op.execute(statement)
    else:
        for statement in SQLITE_FTS:
            op.execute(statement)

    # Seed the thesaurus from the reference file; moderators extend it in the app.
    from kenme.search.thesaurus import load_reference

    now = datetime.now(UTC)
    op.bulk_insert(
        groups,
        [
            {
                "canonical": group.canonical[:200],
                "terms": list(group.terms),
                "kind": group.kind[:20],
                "note": "",
                "created_at": now,
                "updated_at": now,
                "updated_by_id": None,
            }
            for group in load_reference()
        ],
    )


def downgrade():
    op.execute("DROP TABLE IF EXISTS fts_titles")
    op.execute("DROP TABLE IF EXISTS fts_threads")
    op.drop_table("search_synonym_groups")
    op.drop_table("search_state")
    with op.batch_alter_table("search_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_search_terms_tail")
        batch_op.drop_index("ix_search_terms_bucket")
    op.drop_table("search_terms")
    with op.batch_alter_table("search_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_search_outbox_due")
    op.drop_table("search_outbox")
