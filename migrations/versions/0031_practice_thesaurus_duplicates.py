"""search: remove the practice groups 0029 added twice beside a group a moderator had renamed

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-08 00:30:00.000000

Migration 0029 counted one of its fixed groups as present only when a group of the same
canonical name shared one of its names. On a database where 0027 had written the group and a
moderator had since given it another canonical name ("dakloos" -> "dakloosheid"), 0029 added
the group again: two groups sharing names, the moderator's and a copy of the shipped one.

This data migration removes 0029's copy where it is such a duplicate: an untouched row of
0029 (its note, no editor, the canonical name, names and kind of its fixed list) that shares a
name (case and spaces aside) with a group that existed before 0029 ran (a smaller id). No
shipped group shares a name with a 0029 group other than its own twin, so such a group is
one a moderator wrote or edited; what the moderator wrote is kept as it is, as 0029 meant to
(decision 0068 says why the copy is removed rather than merged). A group a moderator wrote
after 0029 ran, beside its copy, is left alone with it.

0029 (like 0016, 0023, 0025 and 0027) marked a filled index to read names as phrases until a
rebuild. The re-indexing that lifts that mark is not done here but at the end of every
`flask db upgrade` that reaches the head (migrations/env.py, kenme/search/catch_up.py): the
threads holding a multi-word name without its token are re-indexed and the mark is removed,
or, when they are more than an upgrade should re-index, the upgrade prints what to run.

Downgrade puts nothing back: the removed rows were copies of groups a moderator wrote, and
0029's own downgrade removes only rows of 0029 that are still there.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

groups = sa.table(
    "search_synonym_groups",
    sa.column("id", sa.Integer),
    sa.column("canonical", sa.String),
    sa.column("terms", sa.JSON),
    sa.column("kind", sa.String),
    sa.column("note", sa.Text),
    sa.column("updated_by_id", sa.Integer),
)

# 0029's note and (canonical name, names, kind) of its fixed list: copied, never imported,
# so this migration does the same thing forever.
NOTE_0029 = "Namen uit de dagelijkse casuïstiek, aangevuld (migratie 0029)"
# fmt: off
GROUPS_0029: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ('dakloos', ('zwerver', 'zwervers', 'thuisloosheid', 'dakloosheid', 'zonder dak', 'geen vaste verblijfplaats'), 'S'),
    ('lichamelijke beperking', ('invalide', 'mindervalide', 'gehandicapt', 'gehandicapte', 'lichamelijk gehandicapt', 'lichamelijke handicap', 'fysieke beperking', 'rolstoelgebruiker'), 'S'),
    ('Wajong', ('jonggehandicapte', 'jonggehandicapten', 'jonggehandicaptenuitkering'), 'S'),
    ('schaamte', ('schamen', 'schaamtegevoel', 'zich schamen'), 'S'),
    ('crowdfunding', ('inzamelactie', 'inzamelingsactie', 'geldinzameling', 'doneeractie', 'sponsoractie'), 'S'),
    ('ex-partner', ('gewezen echtgenoot', 'gewezen echtgenote', 'voormalig echtgenoot', 'voormalige echtgenote', 'ex-echtgenoot', 'ex-echtgenote'), 'S'),
    ('diplomawaardering', ('diploma laten waarderen', 'diploma waarderen', "erkenning van diploma's", 'buitenlands diploma', "buitenlandse diploma's", 'IDW'), 'S'),
    ('woonplaatsbeginsel', ('verantwoordelijke gemeente', 'bevoegde gemeente', 'landelijke toegankelijkheid'), 'S'),
    ('oudere werkloze', ('oudere werklozen', 'oudere werkzoekende', 'oudere werkzoekenden', 'vijftigplusser', '50-plusser', '55-plusser', 'oudere werknemer'), 'S'),
    ('tegenprestatie', ('verplicht vrijwilligerswerk', 'onbetaald werk naar vermogen'), 'S'),
    ('uit huis gezet', ('weggestuurd', 'op straat gezet'), 'S'),
    ('medische kosten', ('ziektekosten', 'zorgkosten', 'medische uitgaven'), 'S'),
    ('psychische problemen', ('depressie', 'depressief', 'depressieve', 'angststoornis', 'ggz-problematiek'), 'S'),
    ('detentie', ('bajes', 'nor', 'gevangenisstraf', 'celstraf', 'penitentiaire inrichting'), 'S'),
    ('zelfverwaarlozing', ('messie', 'messiesyndroom', 'verzamelwoede', 'verzamelzucht', 'hoarding', 'hoarder', 'volgestouwde woning'), 'S'),
    ('verkering', ('vaste relatie', 'liefdesrelatie', 'affectieve relatie'), 'S'),
    ('gokverslaving', ('speelschulden', 'speelschuld', 'gokschuld', 'casino', 'online gokken'), 'S'),
    ('remigratie', ('remigrant', 'remigranten', 'remigratie-uitkering', 'remigratieregeling', 'Remigratiewet', 'terugkeer naar het land van herkomst'), 'S'),
    ('laaggeletterdheid', ('ongeletterd', 'ongeletterde', 'analfabeet', 'analfabeten', 'analfabetisme', 'alfabetisering'), 'S'),
    ('jongere', ('tiener', 'tieners', 'puber', 'pubers', 'adolescent'), 'S'),
    ('jeugdhulp', ('jeugdinstelling', 'jeugdzorginstelling', 'gesloten jeugdzorg', 'residentiële jeugdzorg', 'jeugdzorgplus'), 'S'),
    ('witgoed', ('wasmachine', 'koelkast', 'fornuis', 'duurzame gebruiksgoederen'), 'S'),
    ('verhuiskosten', ('verhuisbus', 'verhuisdozen', 'verhuisbedrijf'), 'S'),
)
# fmt: on


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def duplicates(rows) -> list[int]:
    """Return the ids of 0029's untouched copies that share a name with an older group."""
    fixed = set(GROUPS_0029)
    names = {row.id: {_key(str(n)) for n in (row.terms or [])} for row in rows}
    return [
        row.id
        for row in rows
        if row.note == NOTE_0029
        and row.updated_by_id is None
        and (row.canonical, tuple(row.terms or ()), row.kind) in fixed
        and any(other < row.id and names[row.id] & theirs for other, theirs in names.items())
    ]


def upgrade():
    bind = op.get_bind()
    statement = sa.select(
        groups.c.id,
        groups.c.canonical,
        groups.c.terms,
        groups.c.kind,
        groups.c.note,
        groups.c.updated_by_id,
    ).order_by(groups.c.id)
    found = duplicates(list(bind.execute(statement)))
    if found:
        op.execute(groups.delete().where(groups.c.id.in_(found)))


def downgrade():
    pass  # the removed copies stay removed (see above)
