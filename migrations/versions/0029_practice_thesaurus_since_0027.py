"""search: existing thesauruses get the practice names added since migration 0027

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 21:20:00.000000

Migration 0027 read kenme/search/data/synonyms_practice.nl.tsv when it ran, so a database
upgraded before the file grew lacks the groups added since: 13 plain names of decision 0055
(zwerver, invalide, jonggehandicapte, gewezen echtgenoot, crowdfunding, ...) and 10 of
decision 0060 (bajes, messie, verkering, speelschulden, remigratie, analfabeet, tiener,
jeugdinstelling, witgoed, verhuiskosten). This data migration inserts them from the
FIXED list below, never from the live file, so it does the same thing forever.

A group counts as present, and is left exactly as it is, when the thesaurus holds a group with
the same canonical name (case and spaces aside) that shares at least one of its names: the
group 0027 wrote on a newer database, or that group as a moderator edited it. A concept's other
groups (the everyday "dakloos" beside 0055's "zwerver" group) share no name with it and do not
count. A group a moderator deleted outright is added again (the thesaurus keeps no record of a
deletion). Downgrade removes only the rows this migration inserted that nobody edited since
(its note, no editor, the same canonical name, names and kind).

As with 0027, a filled index lacks the tokens of new multi-word names: it is marked to read
names as phrases until `flask --app kenme search rebuild`.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0029"
down_revision = "0028"
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
NOTE = "Namen uit de dagelijkse casuïstiek, aangevuld (migratie 0029)"

# (canonical name, names, kind): the groups synonyms_practice.nl.tsv gained after 0027, as
# thesaurus.practice_groups() read them on 2026-12-07. Never edit: a migration must do the
# same thing forever; later groups need a migration of their own.
# fmt: off
GROUPS: tuple[tuple[str, tuple[str, ...], str], ...] = (
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


def _present(rows, canonical: str, names: tuple[str, ...]) -> bool:
    """Whether the thesaurus holds this group, perhaps as a moderator edited it: a group of
    the same canonical name sharing one of its names."""
    wanted = {_key(n) for n in names}
    return any(
        _key(row.canonical or "") == _key(canonical)
        and wanted & {_key(str(n)) for n in (row.terms or [])}
        for row in rows
    )


def upgrade():
    bind = op.get_bind()
    rows = list(bind.execute(sa.select(groups.c.canonical, groups.c.terms)))
    now = datetime.now(UTC)
    missing = [
        {
            "canonical": canonical,
            "terms": list(names),
            "kind": kind,
            "note": NOTE,
            "created_at": now,
            "updated_at": now,
            "updated_by_id": None,
        }
        for canonical, names, kind in GROUPS
        if not _present(rows, canonical, names)
    ]
    if not missing:
        return
    op.bulk_insert(groups, missing)
    op.execute("UPDATE search_state SET index_format = 1 WHERE EXISTS (SELECT 1 FROM fts_threads)")


def downgrade():
    bind = op.get_bind()
    fixed = {(canonical, names, kind) for canonical, names, kind in GROUPS}
    statement = sa.select(
        groups.c.id, groups.c.canonical, groups.c.terms, groups.c.kind, groups.c.updated_by_id
    ).where(groups.c.note == NOTE)
    untouched = [
        row.id
        for row in bind.execute(statement)
        if row.updated_by_id is None and (row.canonical, tuple(row.terms or ()), row.kind) in fixed
    ]
    if untouched:
        op.execute(groups.delete().where(groups.c.id.in_(untouched)))
