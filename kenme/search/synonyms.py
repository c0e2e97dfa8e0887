"""The thesaurus as it lives in the database: moderators' groups plus topic synonyms.

Both engines read it from here: the embedded engine per query (cached per process until the
tables change), the Meilisearch engine as its synonyms setting.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session

from kenme.errors import NotFound, ValidationFailed
from kenme.models import SynonymGroupRecord, Topic, TopicSynonym, User
from kenme.models.types import utcnow
from kenme.search import cache
from kenme.search.analysis import analyse, normalise
from kenme.search.documents import topic_token
from kenme.search.thesaurus import SynonymGroup, Thesaurus, reference_groups, split_terms

KINDS = ("A", "S", "O→N", "A/S", "A/O→N", "T")
MAX_TERMS = 30

MAX_CACHED = 16

_lock = threading.Lock()
_cache: dict[str | tuple, tuple[tuple, object]] = {}


def _remember(key: str | tuple, signature: tuple, value):
    """Cache value under key until signature changes; a few databases at most (tests)."""
    with _lock:
        if len(_cache) >= MAX_CACHED and key not in _cache:
            _cache.pop(next(iter(_cache)))
        _cache[key] = (signature, value)
    return value


# What changes whenever a thesaurus group is added, edited or deleted (built once: every
# search and suggestion reads it).
_SIGNATURE = select(
    select(func.count(SynonymGroupRecord.id)).scalar_subquery(),
    select(func.max(SynonymGroupRecord.id)).scalar_subquery(),
    select(func.max(SynonymGroupRecord.updated_at)).scalar_subquery(),
)


def _signature(session: Session) -> tuple:
    """Return what changes whenever a thesaurus group is added, edited or deleted."""
    return tuple(session.execute(_SIGNATURE).one())


def load_groups(session: Session) -> list[SynonymGroup]:
    """Return every synonym group of the thesaurus table."""
    groups = [
        SynonymGroup(tuple(record.terms or ()), record.canonical, record.kind)
        for record in session.scalars(select(SynonymGroupRecord).order_by(SynonymGroupRecord.id))
    ]
    return [g for g in groups if g.canonical and g.terms]


def current_topics(
    session: Session, version: cache.Version | None = None
) -> dict[tuple[str, ...], frozenset[str]]:
    """Map each topic's analysed name and synonyms to its meta token, rebuilt when they change.

    Topic synonyms are words members use for a topic ("huisgenoot" for the kostendelersnorm),
    not equal names: they find the threads on the topic, they do not expand the query.

    ``version``: the search's index version; the map is kept per epoch, which every change
    to an existing topic's slug or name, and to any synonym, starts anew (``_topics_changed``),
    and per number and highest id of the topics (a new one), so a search reads one row of
    the topics' primary key instead of every topic. Without one (a search inside a writing
    transaction) they are all read.
    """
    epoch_key = None
    if version is not None:
        epoch_key = ("topics", *version.key, *session.execute(_TOPICS_ADDED).one())
        kept = _cache.get(epoch_key)
        if kept is not None:
            return kept[1]
    rows = tuple(
        tuple(row)
        for row in session.execute(
            select(Topic.id, Topic.slug, Topic.name, TopicSynonym.term)
            .outerjoin(TopicSynonym, TopicSynonym.topic_id == Topic.id)
            .order_by(Topic.id, TopicSynonym.id)
        )
    )
    key = "topics:" + str(session.get_bind().engine.url)
    cached = _cache.get(key)
    if cached and cached[0] == rows:
        return cached[1]  # type: ignore[return-value]
    names: dict[tuple[str, ...], set[str]] = {}
    for _, slug, name, synonym in rows:
        for text in (name, synonym):
            stems = tuple(analyse(text or ""))
            if stems:
                names.setdefault(stems, set()).add(topic_token(slug))
    found = _remember(key, rows, {stems: frozenset(t) for stems, t in names.items()})
    if epoch_key is not None:
        _remember(epoch_key, (), found)
    return found


# What a new topic changes (a deleted one starts a new epoch), built once.
_TOPICS_ADDED = select(func.count(Topic.id), func.max(Topic.id))


@event.listens_for(Session, "before_flush")
def _topics_changed(session: Session, _context, _instances) -> None:
    """Start a new search epoch when a topic's slug or name changes, or it goes, or any
    synonym comes, changes or goes (rare moderator edits): kept topic maps and the searches
    planned with them are forgotten."""
    for item in session.new:  # a new topic is seen by its id (current_topics)
        if isinstance(item, TopicSynonym):
            cache.bump(session)
            return
    for item in session.deleted:
        if isinstance(item, Topic | TopicSynonym):
            cache.bump(session)
            return
    for item in session.dirty:
        if isinstance(item, TopicSynonym) or (isinstance(item, Topic) and _renamed(item)):
            cache.bump(session)
            return


def _renamed(topic: Topic) -> bool:
    state = inspect(topic)
    return any(state.attrs[name].history.has_changes() for name in ("slug", "name"))


def current_thesaurus(session: Session) -> Thesaurus:
    """Return the thesaurus from the database, rebuilt only when its tables changed."""
    key = str(session.get_bind().engine.url)
    signature = _signature(session)
    cached = _cache.get(key)
    if cached and cached[0] == signature:
        return cached[1]  # type: ignore[return-value]
    return _remember(key, signature, Thesaurus(load_groups(session)))


def seed_reference(session: Session) -> int:
    """Fill an empty thesaurus from the shipped files; return the groups added."""
    if session.scalar(select(func.count(SynonymGroupRecord.id))):
        return 0
    groups = reference_groups()
    session.add_all(
        SynonymGroupRecord(canonical=g.canonical[:200], terms=list(g.terms), kind=g.kind[:20])
        for g in groups
    )
    session.flush()
    return len(groups)


def clear_cache() -> None:
    """Forget cached thesauri (tests that swap databases under the same URL)."""
    with _lock:
        _cache.clear()


# Editing (the moderators' page) -----------------------------------------------------------


@dataclass
class GroupInput:
    canonical: str
    terms: list[str]
    kind: str
    note: str = ""


def parse_input(canonical: str, terms: str, kind: str, note: str = "") -> GroupInput:
    """Check what a moderator typed; terms are separated by commas or new lines."""
    canonical = " ".join((canonical or "").split())
    names = [
        " ".join(n.split())
        for line in (terms or "").splitlines()
        for n in split_terms(line)
        if n.strip()
    ]
    names = [n for n in dict.fromkeys(names) if normalise(n) != normalise(canonical)]
    if not normalise(canonical):
        raise ValidationFailed("Vul de hoofdterm in.", field="canonical")
    if len(canonical) > 200:
        raise ValidationFailed("De hoofdterm is te lang (hooguit 200 tekens).", field="canonical")
    if not names:
        raise ValidationFailed(
            "Geef minstens één andere term (afkorting, synoniem of oude naam).", field="terms"
        )
    if len(names) > MAX_TERMS or any(len(n) > 120 for n in names):
        raise ValidationFailed(
            f"Hooguit {MAX_TERMS} termen van elk hooguit 120 tekens.", field="terms"
        )
    if not all(normalise(n) for n in names):
        raise ValidationFailed("Een term moet letters of cijfers bevatten.", field="terms")
    kind = kind if kind in KINDS else "S"
    return GroupInput(canonical, names, kind, (note or "").strip()[:500])


def _changed(session: Session, names: list[str] | None = None) -> None:
    from kenme.search import get_engine

    session.flush()
    get_engine().thesaurus_changed(session, names)


def save_group(
    session: Session, actor: User, data: GroupInput, group_id: int | None = None
) -> SynonymGroupRecord:
    """Add a thesaurus group, or change one; both engines follow."""
    if group_id is None:
        record = SynonymGroupRecord()
        session.add(record)
    else:
        record = session.get(SynonymGroupRecord, group_id)
        if record is None:
            raise NotFound("Deze synoniemengroep bestaat niet (meer).")
    record.canonical = data.canonical
    record.terms = list(data.terms)
    record.kind = data.kind
    record.note = data.note
    record.updated_at = utcnow()
    record.updated_by_id = actor.id
    _changed(session, [data.canonical, *data.terms])
    return record


def delete_group(session: Session, group_id: int) -> None:
    """Delete a thesaurus group; both engines follow."""
    record = session.get(SynonymGroupRecord, group_id)
    if record is None:
        raise NotFound("Deze synoniemengroep bestaat niet (meer).")
    session.delete(record)
    _changed(session, [])  # no name is new: documents keep tokens no query asks for
