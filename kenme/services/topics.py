"""Topics: resolving the slugs a member picked, and moderators curating topics."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from kenme import statement_rows
from kenme.errors import NotFound, ValidationFailed
from kenme.models import Topic, TopicSynonym

MAX_TOPICS = 5
# Slugs that would collide with fixed URLs under /onderwerpen/.
RESERVED_SLUGS = frozenset({"nieuw"})


def resolve_topics(session: Session, slugs: Iterable[str]) -> list[Topic]:
    """Return the topics for 1-5 known slugs, or raise ValidationFailed in Dutch."""
    wanted = list(dict.fromkeys(s.strip() for s in slugs if s and s.strip()))
    if not wanted:
        raise ValidationFailed("Kies minimaal één onderwerp.", field="topics")
    if len(wanted) > MAX_TOPICS:
        raise ValidationFailed(f"Kies hooguit {MAX_TOPICS} onderwerpen.", field="topics")
    topics = list(session.scalars(select(Topic).where(Topic.slug.in_(wanted))))
    unknown = sorted(set(wanted) - {t.slug for t in topics})
    if unknown:
        raise ValidationFailed("Onbekend onderwerp: " + ", ".join(unknown) + ".", field="topics")
    order = {slug: i for i, slug in enumerate(wanted)}
    return sorted(topics, key=lambda t: order[t.slug])


def count_questions(topics: Iterable[Topic], delta: int) -> None:
    """Add ``delta`` visible questions to each topic's counter.

    Written as ``question_count + delta`` in SQL, so two members posting at once both count
    (a Python ``+=`` would read, add and write back, and lose one of them on PostgreSQL).
    """
    from kenme.services import counters

    for topic in topics:
        counters.add(topic, "question_count", delta, floor=0)


def list_topics(session: Session) -> list[Topic]:
    """Return every topic, by name (topic pickers and the topic overview)."""
    return list(session.scalars(select(Topic).order_by(Topic.name)))


def get_topic(session: Session, slug: str) -> Topic:
    """Load a topic by slug or raise NotFound."""
    topic = session.scalar(select(Topic).where(Topic.slug == slug))
    if topic is None:
        raise NotFound("Dit onderwerp bestaat niet.")
    return topic


_NAMES = select(Topic.__table__.c.id, Topic.__table__.c.slug, Topic.__table__.c.name).order_by(
    Topic.__table__.c.name
)


def topic_names(session: Session) -> list:
    """Every topic's id, slug and name as rows, by name (filters): Core, no ORM objects."""
    return list(session.execute(_NAMES))


_SYNONYM_TERMS = (
    select(TopicSynonym.__table__.c.term)
    .where(TopicSynonym.__table__.c.topic_id == bindparam("topic_id"))
    .order_by(TopicSynonym.__table__.c.term)
)


def synonym_terms(session: Session, topic: Topic) -> list[str]:
    """A topic's other names, by term (the topic page): Core, no ORM objects."""
    session.flush()
    return statement_rows.column(session.connection(), _SYNONYM_TERMS, {"topic_id": topic.id})


def save_topic(
    session: Session,
    *,
    slug: str,
    name: str,
    description: str = "",
    legal_basis: str = "",
    synonyms: Iterable[str] = (),
    topic: Topic | None = None,
) -> Topic:
    """Create or update a topic and replace its synonyms (moderators)."""
    slug = slug.strip().lower()
    if not slug or not all(c.isalnum() or c == "-" for c in slug):
        raise ValidationFailed(
            "Gebruik voor de korte naam alleen kleine letters, cijfers en streepjes.",
            field="slug",
        )
    if slug in RESERVED_SLUGS:
        raise ValidationFailed("Deze korte naam is gereserveerd; kies een andere.", field="slug")
    clash = session.scalar(select(Topic).where(Topic.slug == slug))
    if clash is not None and clash is not topic:
        raise ValidationFailed("Er bestaat al een onderwerp met deze korte naam.", field="slug")
    if not name.strip():
        raise ValidationFailed("Geef het onderwerp een naam.", field="name")
    if topic is None:
        topic = Topic(slug=slug)
        session.add(topic)
    topic.slug = slug
    topic.name = name.strip()
    topic.description = description.strip()
    topic.legal_basis = legal_basis.strip()
    terms = list(dict.fromkeys(t.strip() for t in synonyms if t.strip()))
    topic.synonyms = [TopicSynonym(term=term) for term in terms]
    session.flush()
    return topic
