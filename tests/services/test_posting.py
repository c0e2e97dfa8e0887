"""Asking, answering, editing, rolling back and commenting, without HTTP."""

from __future__ import annotations

import pytest

from kenme.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from kenme.extensions import db
from kenme.models import Comment, Post, QuestionStatus, Revision, Visibility
from kenme.services import comments, posting
from kenme.services.privacy_gate import PersonalDataFound
from tests.factories import ESTABLISHED, make_topic_row, make_user

TITLE = "Geldt de kostendelersnorm bij een inwonende zoon?"
BODY = "## Situatie\nDe klant woont met haar zoon (eind twintig) in een huurwoning.\n"


@pytest.fixture
def topics(app):
    return [make_topic_row("kostendelersnorm"), make_topic_row("woonsituatie-leefvorm")]


def ask(author, **overrides):
    data = {"title": TITLE, "body": BODY, "topic_slugs": ["kostendelersnorm"]}
    data.update(overrides)
    question = posting.ask_question(db.session, author, **data)
    db.session.commit()
    return question


def test_ask_stores_question_revision_topics_and_rendered_html(topics):
    author = make_user()
    question = ask(author)
    assert question.status == QuestionStatus.OPEN
    assert "<h2>Situatie</h2>" in question.body_html
    assert [r.number for r in question.revisions] == [1]
    assert question.revisions[0].body_markdown == BODY.strip()
    assert [t.slug for t in question.topics] == ["kostendelersnorm"]
    assert topics[0].question_count == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "Te kort"}, "title"),
        ({"title": "x" * 151}, "title"),
        ({"body": "kort"}, "body"),
        ({"topic_slugs": []}, "topics"),
        ({"topic_slugs": ["bestaat-niet"]}, "topics"),
        ({"topic_slugs": ["a", "b", "c", "d", "e", "f"]}, "topics"),
    ],
)
def test_ask_refuses_bad_input_and_stores_nothing(topics, overrides, field):
    author = make_user()
    with pytest.raises(ValidationFailed) as error:
        ask(author, **overrides)
    db.session.rollback()
    assert error.value.field == field
    assert db.session.query(Post).count() == 0
    assert db.session.query(Revision).count() == 0


def test_ask_with_a_bsn_is_blocked_and_nothing_is_stored(topics):
    author = make_user()
    with pytest.raises(PersonalDataFound) as error:
        ask(author, body=BODY + "\nHet BSN van de klant is 111222333.")
    db.session.rollback()
    assert error.value.hard
    assert any(f.kind == "bsn" for f in error.value.findings)
    assert db.session.query(Post).count() == 0


def test_answer_moves_status_and_counts(topics):
    question = ask(make_user())
    answer = posting.post_answer(
        db.session, make_user(), question, body="Kijk naar art. 22a Pw, lid 2 en verder."
    )
    db.session.commit()
    assert answer.parent_id == question.id
    assert question.answer_count == 1
    assert question.status == QuestionStatus.ANSWERED


def test_answer_on_locked_question_is_refused(topics):
    question = ask(make_user())
    question.locked = True
    db.session.commit()
    with pytest.raises(Conflict):
        posting.post_answer(db.session, make_user(), question, body="Een antwoord van formaat.")


def test_answer_on_hidden_question_is_not_found(topics):
    question = ask(make_user())
    question.visibility = Visibility.HIDDEN
    db.session.commit()
    with pytest.raises(NotFound):
        posting.post_answer(db.session, make_user(), question, body="Een antwoord van formaat.")


def test_edit_makes_a_revision_and_only_author_or_moderator_may(topics):
    from kenme.models import Role

    author, other, moderator = make_user(), make_user(), make_user(role=Role.MODERATOR)
    question = ask(author)
    with pytest.raises(NotAllowed):
        posting.edit_post(db.session, other, question, body=BODY + "\nAanvulling.", summary="x")
    revision = posting.edit_post(
        db.session, author, question, body=BODY + "\nAanvulling van mij.", summary="aanvulling"
    )
    db.session.commit()
    assert revision.number == 2 and revision.edit_summary == "aanvulling"
    posting.edit_post(db.session, moderator, question, body=BODY + "\nModerator.", summary="m")
    db.session.commit()
    assert question.revision_count == 3


def test_edit_without_changes_is_refused(topics):
    author = make_user()
    question = ask(author)
    with pytest.raises(ValidationFailed, match="niets gewijzigd"):
        posting.edit_post(db.session, author, question, body=BODY, title=TITLE)


def test_edit_topics_moves_counts(topics):
    author = make_user()
    question = ask(author)
    posting.edit_post(
        db.session,
        author,
        question,
        body=BODY,
        topic_slugs=["woonsituatie-leefvorm"],
        summary="ander onderwerp",
    )
    db.session.commit()
    assert (topics[0].question_count, topics[1].question_count) == (0, 1)


def test_topic_counts_stay_right_when_a_hidden_question_moves_or_keeps_a_topic(topics):
    from kenme.models import Role, Visibility
    from kenme.services.moderation import content as moderation

    author = make_user()
    question = ask(author)
    moderation.hide(db.session, make_user(role=Role.MODERATOR), question, "Even verbergen.")
    db.session.commit()
    assert (topics[0].question_count, topics[1].question_count) == (0, 0)
    posting.edit_post(
        db.session, author, question, body=BODY, topic_slugs=[topics[1].slug], summary="verplaatst"
    )
    db.session.commit()
    assert (topics[0].question_count, topics[1].question_count) == (0, 0)
    moderation.restore(db.session, make_user(role=Role.MODERATOR), question)
    posting.edit_post(
        db.session,
        author,
        question,
        body=BODY + " Aanvulling.",
        topic_slugs=[topics[1].slug, topics[0].slug],
        summary="erbij",
    )
    db.session.commit()
    assert question.visibility == Visibility.VISIBLE
    assert (topics[0].question_count, topics[1].question_count) == (1, 1)


def test_rollback_restores_old_text_as_new_revision(topics):
    author = make_user()
    question = ask(author)
    posting.edit_post(db.session, author, question, body=BODY + "\nFout.", summary="oeps")
    revision = posting.rollback(db.session, author, question, 1)
    db.session.commit()
    assert revision.number == 3
    assert question.body_markdown == BODY.strip()
    assert "versie 1" in revision.edit_summary


def test_comment_limits_and_linkify(topics):
    question = ask(make_user())
    commenter = make_user(reputation=ESTABLISHED)
    with pytest.raises(ValidationFailed, match="600"):
        comments.add_comment(db.session, commenter, question, "x" * 601)
    comment = comments.add_comment(
        db.session, commenter, question, "Zie https://wetten.overheid.nl/BWBR0015703 <b>!</b>"
    )
    db.session.commit()
    assert 'rel="nofollow noopener"' in comment.body_html
    assert "&lt;b&gt;" in comment.body_html
    assert question.comment_count == 1
    assert db.session.query(Comment).count() == 1
