"""Factories that arrange test data through the same services the app uses."""

from __future__ import annotations

import itertools
from datetime import timedelta

from kenme.extensions import db
from kenme.models import Role, User
from kenme.models.types import utcnow
from kenme.services.passwords import hash_password

PASSWORD = "lange-testzin-voor-kenme"
_counter = itertools.count(1)
# Hashing with full Argon2 cost for every factory user would slow the suite; hash once.
_HASH_CACHE: dict[str, str] = {}


def _hashed(password: str) -> str:
    if password not in _HASH_CACHE:
        _HASH_CACHE[password] = hash_password(password)
    return _HASH_CACHE[password]


def make_user(
    *,
    role: Role = Role.MEMBER,
    email: str | None = None,
    display_name: str | None = None,
    password: str = PASSWORD,
    verified: bool = True,
    approved: bool = True,
    suspended_days: int | None = None,
    organisation: str = "Gemeente Testdam",
    reputation: int = 0,
    commit: bool = True,
) -> User:
    """Create a member; by default verified and approved, so they can log in."""
    n = next(_counter)
    now = utcnow()
    user = User(
        email=email or f"lid{n}@gemeente.nl",
        display_name=display_name or f"Collega {n}",
        organisation=organisation,
        function="Klantmanager",
        password_hash=_hashed(password),
        role=role,
        email_verified_at=now if verified else None,
        approved_at=now if approved else None,
        reputation=reputation,
    )
    if suspended_days is not None:
        user.suspended_until = now + timedelta(days=suspended_days)
        user.suspension_reason = "Herhaaldelijk persoonsgegevens gedeeld"
    db.session.add(user)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return user


def make_topic_row(slug: str = "kostendelersnorm", name: str | None = None):
    """Create a topic directly (service-level tests)."""
    from kenme.models import Topic

    topic = Topic(slug=slug, name=name or slug.replace("-", " ").capitalize(), legal_basis="Pw")
    db.session.add(topic)
    db.session.commit()
    return topic


# --- moderation, endorsements and the Kennisbank (rows written directly, no privacy scan) ---


def make_question_row(
    author: User | None = None,
    *,
    title: str = "Telt een inwonende zoon mee voor de kostendelersnorm?",
    body: str = "## Situatie\nDe klant woont samen met haar zoon van eind twintig.",
    topics=(),
    revisions: list[dict] | None = None,
    created_at=None,
):
    """Create a visible question with its revisions (default: one, matching the text)."""
    from kenme.models import Post, PostType, Revision
    from kenme.rendering import render_markdown
    from kenme.search.changes import record_change

    author = author or make_user()
    now = created_at or utcnow()
    question = Post(
        type=PostType.QUESTION,
        author=author,
        title=title,
        body_markdown=body,
        body_html=render_markdown(body),
        created_at=now,
        last_activity_at=now,
        topics=list(topics),
    )
    history = revisions or [{"title": title, "body": body}]
    for number, version in enumerate(history, start=1):
        question.revisions.append(
            Revision(
                number=number,
                title=version.get("title", title),
                body_markdown=version.get("body", body),
                body_html=render_markdown(version.get("body", body)),
                fields=version.get("fields"),
                confirmed_findings=version.get("confirmed", []),
                edit_summary=version.get("summary", ""),
                author=author,
                created_at=now,
            )
        )
    question.revision_count = len(history)
    for topic in question.topics:
        topic.question_count += 1
    db.session.add(question)
    db.session.flush()
    record_change(db.session, question)
    db.session.commit()
    return question


def make_answer_row(
    question,
    author: User | None = None,
    *,
    body: str = "Ja, want hij is ouder dan 27.",
    created_at=None,
):
    """Create a visible answer with one revision under a question."""
    from kenme.models import Post, PostType, Revision
    from kenme.rendering import render_markdown
    from kenme.search.changes import record_change
    from kenme.services.posting import refresh_status

    author = author or make_user()
    now = created_at or utcnow()
    answer = Post(
        type=PostType.ANSWER,
        parent=question,
        author=author,
        body_markdown=body,
        body_html=render_markdown(body),
        created_at=now,
        last_activity_at=now,
    )
    answer.revisions.append(
        Revision(
            number=1, body_markdown=body, body_html=answer.body_html, author=author, created_at=now
        )
    )
    db.session.add(answer)
    question.answer_count += 1
    refresh_status(question)
    db.session.flush()
    record_change(db.session, question)
    db.session.commit()
    return answer


def make_comment_row(
    post, author: User | None = None, *, body: str = "Goede vraag, ik twijfel ook."
):
    """Create a visible comment under a post."""
    from kenme.models import Comment
    from kenme.rendering import render_comment

    comment = Comment(
        post=post,
        author=author or make_user(),
        body=body,
        body_html=render_comment(body),
        created_at=utcnow(),
    )
    db.session.add(comment)
    post.comment_count += 1
    db.session.commit()
    return comment


def make_specialist(*topics, **kwargs) -> User:
    """Create a thema-specialist for the given topics."""
    user = make_user(role=Role.THEMA_SPECIALIST, commit=False, **kwargs)
    user.specialist_topics = list(topics)
    db.session.commit()
    return user


FLAGGER_REPUTATION = 50  # enough for the flag privilege at its default threshold
ESTABLISHED = 250  # enough for every privilege at its default threshold (kenme.permissions)


def earn_reputation(user: User, at_least: int) -> None:
    """Give a member reputation the honest way: upvoted-answer rows in the ledger."""
    from kenme.models import ReputationKind
    from kenme.services import reputation

    while user.reputation < at_least:
        reputation.record(
            db.session, user.id, ReputationKind.ANSWER_UPVOTED, post_id=None, actor_id=None
        )
        db.session.flush()
        db.session.refresh(user)
    db.session.commit()


def make_flag(target, reporter: User | None = None, reason: str = "spam", note: str = ""):
    """Flag a post or comment through the flags service."""
    from kenme.services import flags

    reporter = reporter or make_user(reputation=FLAGGER_REPUTATION)
    result = flags.flag(db.session, reporter, target, reason, note)
    db.session.commit()
    return result


def make_law_change(topic, effective_on, note: str = "Nieuwe regels voor huisgenoten."):
    """Record a wetswijziging note on a topic directly."""
    from kenme.models import LawChange

    change = LawChange(topic_id=topic.id, effective_on=effective_on, note=note)
    db.session.add(change)
    db.session.commit()
    return change


AANPLAKKER_TEXT = {
    "title": "Meewerken aan een huisbezoek of het vertrouwen van de klant bewaren?",
    "situatie": "Ik begeleid een alleenstaande ouder naar werk. Handhaving vraagt mij om "
    "informatie uit onze gesprekken.",
    "dilemma": "Meewerken voelt als vertrouwen beschamen; weigeren voelt als fraude toedekken.",
    "geprobeerd": "Besproken met mijn teamleider en twee directe collega's.",
    "meedenkvraag": "Ik wil meedenken over hoe ik mijn rol als coach zuiver houd.",
}


def make_aanplakker(author: User | None = None, *, phase=None, topic_slugs=None, **overrides):
    """Start an Aanplakker through the service and drive it forward to ``phase``."""
    from kenme.models import Phase, Topic
    from kenme.services import aanplakker

    slugs = topic_slugs or ["vakmanschap-intervisie"]
    for slug in slugs:
        if db.session.query(Topic).filter_by(slug=slug).first() is None:
            make_topic_row(slug)
    author = author or make_user()
    data = {**AANPLAKKER_TEXT, "topic_slugs": slugs, **overrides}
    post = aanplakker.start_aanplakker(db.session, author, **data)
    target = Phase(phase) if phase else Phase.VERHELDEREN
    if target.order >= Phase.MEEDENKEN.order:
        aanplakker.advance_phase(db.session, author, post, Phase.MEEDENKEN)
    if target.order >= Phase.OOGST.order:
        aanplakker.advance_phase(db.session, author, post, Phase.OOGST)
    if target == Phase.GESLOTEN:
        aanplakker.write_oogst(
            db.session, author, post, body="Ik neem mee dat ik mijn rol vooraf uitleg aan beide."
        )
    db.session.commit()
    return post


def make_contribution(
    aanplakker_post,
    author: User | None = None,
    *,
    kind=None,
    lens=None,
    body: str = "Hoe kijkt de klant zelf naar de samenwerking met jou?",
):
    """Add a contribution of the kind the current phase allows (or the given kind)."""
    from kenme.models import ContributionKind, Phase
    from kenme.services import aanplakker

    if kind is None:
        in_verhelderen = aanplakker_post.aanplakker_details.phase == Phase.VERHELDEREN
        kind = ContributionKind.VRAAG if in_verhelderen else ContributionKind.PERSPECTIEF
    contribution = aanplakker.contribute(
        db.session, author or make_user(), aanplakker_post, kind=kind, lens=lens, body=body
    )
    db.session.commit()
    return contribution


# --- the Q&A core through its services (privacy gate included) ---

QUESTION_BODY = (
    "## Situatie\nDe klant woont met haar zoon van eind twintig in een huurwoning. "
    "Hij werkt parttime.\n\n## Mijn vraag\nTelt hij mee voor de kostendelersnorm?"
)
ANSWER_BODY = "Ja, sinds 1 januari 2023 tellen huisgenoten onder de 27 niet mee (art. 22a Pw)."


def make_topic(
    slug: str | None = None,
    *,
    name: str | None = None,
    description: str = "Vragen over dit onderwerp.",
    legal_basis: str = "Pw art. 22a",
    synonyms=(),
):
    """Create a topic through the topics service."""
    from kenme.services.topics import save_topic

    slug = slug or f"onderwerp-{next(_counter)}"
    topic = save_topic(
        db.session,
        slug=slug,
        name=name or slug.replace("-", " ").capitalize(),
        description=description,
        legal_basis=legal_basis,
        synonyms=synonyms,
    )
    db.session.commit()
    return topic


def make_question(
    author: User | None = None,
    *,
    title: str | None = None,
    body: str = QUESTION_BODY,
    topics=None,
    anonymous: bool = False,
):
    """Ask a question through the posting service (creates an author and topic if needed)."""
    from kenme.services import posting

    topics = topics if topics is not None else [make_topic()]
    question = posting.ask_question(
        db.session,
        author or make_user(),
        title=title or f"Telt een inwonende zoon mee voor de norm, casus {next(_counter)}?",
        body=body,
        topic_slugs=[t if isinstance(t, str) else t.slug for t in topics],
        anonymous=anonymous,
    )
    db.session.commit()
    return question


def make_answer(question, author: User | None = None, *, body: str = ANSWER_BODY):
    """Answer a question through the posting service."""
    from kenme.services import posting

    answer = posting.post_answer(db.session, author or make_user(), question, body=body)
    db.session.commit()
    return answer


def make_comment(post, author: User | None = None, *, body: str = "Goede vraag, ik twijfel ook."):
    """Comment on a question or answer through the comments service."""
    from kenme.services import comments

    comment = comments.add_comment(
        db.session, author or make_user(reputation=ESTABLISHED), post, body
    )
    db.session.commit()
    return comment
