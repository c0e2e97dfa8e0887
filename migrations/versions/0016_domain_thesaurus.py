"""search: the thesaurus extended with the field's jargon; documents re-read names as phrases

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 20:00:00.000000

Adds the groups of kenme/search/data/synonyms_domain.nl.tsv (old and new law names, living
arrangements, self-employment, debts, housing, integration, work obligations, benefits; issue
#16) to the thesaurus moderators edit in /moderatie/thesaurus. Indexed documents lack the
tokens of the new multi-word names, and were analysed before lemmatisation: an index that
holds documents is marked to read names as phrases (format 1) until
`flask --app kenme search rebuild` writes it afresh (docs/decisions/0013).
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

groups = sa.table(
    "search_synonym_groups",
    sa.column("id", sa.Integer),
    sa.column("canonical", sa.String),
    sa.column("terms", sa.JSON),
    sa.column("kind", sa.String),
    sa.column("note", sa.Text),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
    sa.column("updated_by_id", sa.Integer),
)
NOTE = "Vakjargon (migratie 0016)"


def upgrade():
    from kenme.search.thesaurus import DOMAIN_PATH, load_reference

    now = datetime.now(UTC)
    op.bulk_insert(
        groups,
        [
            {
                "canonical": group.canonical[:200],
                "terms": list(group.terms),
                "kind": group.kind[:20],
                "note": NOTE,
                "created_at": now,
                "updated_at": now,
                "updated_by_id": None,
            }
            for group in load_reference(DOMAIN_PATH)
        ],
    )
    op.execute("UPDATE search_state SET index_format = 1 WHERE EXISTS (SELECT 1 FROM fts_threads)")


def downgrade():
    op.execute(groups.delete().where(groups.c.note == NOTE))
