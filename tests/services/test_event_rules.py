"""Every event kind against every recipient rule (issue #19, "Done when"), one table.

For each kind in ``events.KINDS`` a scenario gives a recipient the reason for that kind and
lets an actor make the change through the write services. Each kind is then run:

- as is: the recipient gets exactly that notification, naming the actor;
- hidden: the post the event is about is hidden, and the same event function, called again,
  reaches nobody;
- own action: the recipient makes the change themselves and hears nothing of it (or the
  service refuses the action, which is then said here);
- suspended: the recipient is suspended just before the change and hears nothing;
- ignored topic: the recipient ignores the thread's topic just before the change; a reason
  from following is then gone, being answered, commented on or mentioned still holds;
- anonymous author: where the actor can be a question's anonymous asker, the notification
  names nobody and stores no actor, and following the asker brings nothing.

tests/services/test_events.py holds the finer cases (one notification per change, edits,
the most specific reason).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from kenme.errors import DomainError
from kenme.extensions import db
from kenme.models import Notification, Phase, Post, Role, Topic
from kenme.models.types import utcnow
from kenme.services import aanplakker, comments, endorsements, events, follows, voting
from kenme.services.moderation import content as moderation
from tests.factories import (
    ANSWER_BODY,
    ESTABLISHED,
    make_aanplakker,
    make_answer,
    make_contribution,
    make_question,
    make_topic,
    make_user,
)
from tests.helpers import notification_kinds as kinds
from tests.helpers import notifications_of as received

QUESTIONS, AANPLAKKERS = "kostendelersnorm", "vakmanschap-intervisie"
COMMENT = "Klopt dit ook als de zoon studeert? Ik twijfel."
REPLY = "Ik werk er nu twee maanden mee, samen met de klant en haar coach."
OOGST = "Ik neem mee dat ik mijn rol vooraf uitleg aan beide."
VERVOLG = "Het gesprek ging goed; de klant voelde zich gehoord en we gaan door."

Hook = Callable[[], None]
Again = Callable[[], dict]


@dataclass(frozen=True)
class Case:
    """``run(recipient, actor, before)`` sets up the recipient's reason, calls ``before``,
    makes the change as ``actor``, and returns the post the event is about and a function
    that calls the event function again (for the hidden rule)."""

    run: Callable[..., tuple[Post, Again]]
    topic: str = QUESTIONS
    own_refused: str = ""  # why the service refuses the recipient's own action, if it does


def topic(slug: str) -> Topic:
    return db.session.scalar(select(Topic).where(Topic.slug == slug))


def member(**kwargs):
    return make_user(reputation=ESTABLISHED, **kwargs)


def done() -> None:
    db.session.commit()


def follow_member(follower, followed) -> None:
    follows.follow_member(db.session, follower, followed)
    db.session.commit()


def answer(recipient, actor, before: Hook):
    question = make_question(recipient, topics=[topic(QUESTIONS)])
    before()
    post = make_answer(question, actor)
    return post, lambda: events.answer_posted(db.session, post, set())


def comment(recipient, actor, before: Hook):
    question = make_question(recipient, topics=[topic(QUESTIONS)])
    before()
    note = comments.add_comment(db.session, actor, question, COMMENT)
    done()
    return question, lambda: events.comment_added(db.session, note, set())


def accepted(recipient, actor, before: Hook):
    question = make_question(actor, topics=[topic(QUESTIONS)])
    post = make_answer(question, recipient)
    before()
    voting.accept(db.session, actor, post)
    done()
    return post, lambda: events.answer_accepted(db.session, post, actor)


def endorsed(recipient, actor, before: Hook):
    post = make_answer(make_question(member(), topics=[topic(QUESTIONS)]), recipient)
    actor.role = Role.THEMA_SPECIALIST
    actor.specialist_topics.append(topic(QUESTIONS))
    done()
    before()
    endorsements.endorse(db.session, actor, post)
    done()
    return post, lambda: events.answer_endorsed(db.session, post, actor)


def mentioned(recipient, actor, before: Hook):
    question = make_question(member(), topics=[topic(QUESTIONS)])
    before()
    body = f"{ANSWER_BODY} Vraag het @{recipient.display_name} ook."
    post = make_answer(question, actor, body=body)
    return post, lambda: events.answer_posted(db.session, post, {recipient.id})


def followed_thread(recipient, actor, before: Hook):
    question = make_question(member(), topics=[topic(QUESTIONS)])
    follows.follow_thread(db.session, recipient, question)
    done()
    before()
    post = make_answer(question, actor)
    return post, lambda: events.answer_posted(db.session, post, set())


def followed_topic(recipient, actor, before: Hook):
    follows.follow_topic(db.session, recipient, topic(QUESTIONS))
    done()
    before()
    question = make_question(actor, topics=[topic(QUESTIONS)])
    return question, lambda: events.question_asked(db.session, question, set())


def followed_asker(recipient, actor, before: Hook):
    follow_member(recipient, actor)
    before()
    question = make_question(actor, topics=[topic(QUESTIONS)])
    return question, lambda: events.question_asked(db.session, question, set())


def followed_answerer(recipient, actor, before: Hook):
    follow_member(recipient, actor)
    question = make_question(member(), topics=[topic(QUESTIONS)])
    before()
    post = make_answer(question, actor)
    return post, lambda: events.answer_posted(db.session, post, set())


def new_aanplakker(recipient, actor, before: Hook):
    follows.follow_topic(db.session, recipient, topic(AANPLAKKERS))
    done()
    before()
    post = make_aanplakker(actor)
    return post, lambda: events.aanplakker_started(db.session, post)


def contribution_to_mine(recipient, actor, before: Hook):
    post = make_aanplakker(recipient)
    before()
    question = make_contribution(post, actor)
    return question, lambda: events.contribution_added(db.session, question, "vraag", set())


def contribution_followed(recipient, actor, before: Hook):
    post = make_aanplakker(member())
    follows.follow_thread(db.session, recipient, post)
    done()
    before()
    question = make_contribution(post, actor)
    return question, lambda: events.contribution_added(db.session, question, "vraag", set())


def clarifying_reply(recipient, actor, before: Hook):
    post = make_aanplakker(actor)
    question = make_contribution(post, recipient)
    before()
    aanplakker.reply_to_question(db.session, actor, question, REPLY)
    done()
    return question, lambda: events.clarifying_answered(db.session, question, actor, set())


def _moved(phase: Phase | None, step: Callable, kind: str):
    def run(recipient, actor, before: Hook):
        post = make_aanplakker(actor, phase=phase)
        follows.follow_thread(db.session, recipient, post)
        done()
        before()
        step(actor, post)
        done()
        return post, lambda: events.aanplakker_moved(db.session, post, actor, kind, phase="x")

    return run


CASES: dict[str, Case] = {
    "antwoord": Case(answer),
    "reactie": Case(comment),
    "geaccepteerd": Case(accepted),
    "bekrachtigd": Case(endorsed, own_refused="Je kunt je eigen antwoord niet bekrachtigen."),
    "vermelding": Case(mentioned),
    "gevolgd_antwoord": Case(followed_thread),
    "onderwerp_vraag": Case(followed_topic),
    "lid_vraag": Case(followed_asker, own_refused="Jezelf volgen kan niet."),
    "lid_antwoord": Case(followed_answerer, own_refused="Jezelf volgen kan niet."),
    "aanplakker_nieuw": Case(new_aanplakker, topic=AANPLAKKERS),
    "aanplakker_bijdrage": Case(
        contribution_to_mine, topic=AANPLAKKERS, own_refused="no contributions to your own"
    ),
    "aanplakker_gevolgd": Case(contribution_followed, topic=AANPLAKKERS),
    "aanplakker_antwoord": Case(
        clarifying_reply, topic=AANPLAKKERS, own_refused="no contributions to your own"
    ),
    "aanplakker_fase": Case(
        _moved(
            None,
            lambda a, p: aanplakker.advance_phase(db.session, a, p, Phase.MEEDENKEN),
            "aanplakker_fase",
        ),
        topic=AANPLAKKERS,
    ),
    "aanplakker_oogst": Case(
        _moved(
            Phase.OOGST,
            lambda a, p: aanplakker.write_oogst(db.session, a, p, body=OOGST),
            "aanplakker_oogst",
        ),
        topic=AANPLAKKERS,
    ),
    "aanplakker_vervolg": Case(
        _moved(
            Phase.GESLOTEN,
            lambda a, p: aanplakker.add_followup(db.session, a, p, VERVOLG),
            "aanplakker_vervolg",
        ),
        topic=AANPLAKKERS,
    ),
}


def test_the_table_covers_every_kind():
    assert set(CASES) == set(events.KINDS)


@pytest.fixture
def world(app):
    make_topic(QUESTIONS, name="Kostendelersnorm")
    make_topic(AANPLAKKERS, name="Vakmanschap en intervisie")
    return {"moderator": make_user(role=Role.MODERATOR)}


def nothing() -> None:
    pass


@pytest.mark.parametrize("kind", list(CASES))
def test_every_rule_for_every_kind(world, kind):
    case = CASES[kind]
    # As is: exactly this notification, naming the actor.
    recipient, actor = member(), member()
    post, again = case.run(recipient, actor, nothing)
    assert received(recipient) == [(kind, actor.id)]
    assert kind not in kinds(actor)
    # Hidden: the same event about a hidden post reaches nobody.
    moderation.hide(db.session, world["moderator"], post, "Controle op persoonsgegevens")
    done()
    assert again() == {}
    assert kinds(recipient).count(kind) == 1  # (and the moderation notice, if it was theirs)
    # Own action: nothing (or the service refuses the action).
    own = member()
    if case.own_refused:
        with pytest.raises(DomainError):
            case.run(own, own, nothing)
        db.session.rollback()
    else:
        case.run(own, own, nothing)
        assert kind not in kinds(own)
    # Suspended just before the change: nothing.
    suspended, actor = member(), member()

    def suspend() -> None:
        suspended.suspended_until = utcnow() + timedelta(days=3)
        suspended.suspension_reason = "Herhaaldelijk persoonsgegevens gedeeld"
        done()

    case.run(suspended, actor, suspend)
    assert kind not in kinds(suspended)
    # Ignoring the thread's topic just before the change: only following loses its reach.
    ignoring, actor = member(), member()

    def ignore() -> None:
        follows.ignore_topic(db.session, ignoring, topic(case.topic))
        done()

    case.run(ignoring, actor, ignore)
    if events.KINDS[kind].by_following:
        assert kind not in kinds(ignoring)
    else:
        assert kind in kinds(ignoring)


# --- an anonymous asker as the actor -----------------------------------------------------
# Answers, comments on others' posts, endorsements and Aanplakkers are never anonymous: only
# a question's asker can be, and so only the kinds an asker causes in their own question.


def assert_unnamed(recipient, kind: str, asker) -> None:
    assert received(recipient) == [(kind, None)]
    message = db.session.scalar(
        select(Notification.message).where(Notification.user_id == recipient.id)
    )
    assert asker.display_name not in message
    if "{who}" in events.KINDS[kind].message:
        assert "Een anoniem lid" in message


def test_an_anonymous_asker_is_never_named_nor_traced(world):
    asker = member(display_name="Anna Anoniem")
    topic_fan, asker_fan, named = member(), member(), member(display_name="Nora Genoemd")
    follows.follow_topic(db.session, topic_fan, topic(QUESTIONS))
    follow_member(asker_fan, asker)
    question = make_question(
        asker,
        topics=[topic(QUESTIONS)],
        anonymous=True,
        body="## Situatie\nDe klant woont met haar zoon.\n\n## Vraag\nWeet @Nora Genoemd dit?",
    )
    assert_unnamed(topic_fan, "onderwerp_vraag", asker)
    assert_unnamed(named, "vermelding", asker)
    assert kinds(asker_fan) == []  # lid_vraag: following the asker would reveal them
    answerer = member()
    post = make_answer(question, answerer)
    comments.add_comment(db.session, asker, post, COMMENT)  # reactie
    voting.accept(db.session, asker, post)  # geaccepteerd
    done()
    assert received(answerer) == [("reactie", None), ("geaccepteerd", None)]
    messages = db.session.scalars(
        select(Notification.message).where(Notification.user_id == answerer.id)
    ).all()
    assert all("Een anoniem lid" in m and asker.display_name not in m for m in messages)
