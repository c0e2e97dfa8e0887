"""search: the thesaurus learns the names of everyday casework in the field

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 08:45:00.000000

Adds the groups of kenme/search/data/synonyms_practice.nl.tsv to the thesaurus moderators
edit in /moderatie/thesaurus: old and new law names (Participatiewet in balans, WIJ,
Wet verbetering poortwachter), living arrangements (alleenstaande, gehuwd, woningdeler,
pleegzorg), self-employment (levensvatbaarheid, faillissement, btw), debts (saneringskrediet,
afkoelingsperiode, CJIB, wanbetaler, studieschuld, bewindvoerder), housing (huurcontract,
hypotheek, krediethypotheek, energietoeslag), integration (leerroute, gezinshereniging, tolk,
ontheemden), work obligations (passende arbeid, kledingvoorschrift, ziekmelding, ontslag,
oproepcontract) and benefits (zorgtoeslag, kinderbijslag, uitbetaling, inkomstenformulier);
written from the domain, not from evaluation queries (issue #16). As with 0016, 0023 and
0025, a filled index lacks the tokens of the new multi-word names: it is marked to read names
as phrases until `flask --app kenme search rebuild`.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0026"
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
NOTE = "Namen uit de dagelijkse casuïstiek (migratie 0027)"


def upgrade():
    from kenme.search.thesaurus import practice_groups

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
            for group in practice_groups()
        ],
    )
    op.execute("UPDATE search_state SET index_format = 1 WHERE EXISTS (SELECT 1 FROM fts_threads)")


def downgrade():
    op.execute(groups.delete().where(groups.c.note == NOTE))
