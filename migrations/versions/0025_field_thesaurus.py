"""search: the thesaurus learns more of the field's names for one thing

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 03:20:00.000000

Adds the groups of kenme/search/data/synonyms_field.nl.tsv (consulent/klantmanager,
IOAW'er/IOAW, thuis wonen/inwonend, huisbaas/verhuurder, no-show/niet verschijnen, KNM,
OTS, WWZ, no-riskpolis, ...; issue #16) to the thesaurus
moderators edit in /moderatie/thesaurus. As with 0016 and 0023, a filled index lacks the
tokens of the new multi-word names: it is marked to read names as phrases until
`flask --app kenme search rebuild`.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0024"
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
NOTE = "Namen uit het vak (migratie 0025)"


def upgrade():
    from kenme.search.thesaurus import field_groups

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
            for group in field_groups()
        ],
    )
    op.execute("UPDATE search_state SET index_format = 1 WHERE EXISTS (SELECT 1 FROM fts_threads)")


def downgrade():
    op.execute(groups.delete().where(groups.c.note == NOTE))
