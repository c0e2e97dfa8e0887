"""Reading threads: who a viewer sees as author, profiles' answer lists, similar titles."""

from __future__ import annotations

import pytest

from kenme.errors import NotFound
from kenme.extensions import db
from kenme.models import Role
from kenme.models.types import utcnow
from kenme.services import accounts, authorship, threads
from tests.factories import make_answer, make_comment, make_question, make_user


@pytest.fixture
def anonymous_thread(app):
    asker = make_user(display_name="Vraagsteller")
    question = make_question(asker, anonymous=True)
    own_answer = make_answer(
        question, asker, body="Aanvulling van de vraagsteller zelf, in de draad."
    )
    own_comment = make_comment(question, asker, body="Nog een detail van de vraagsteller.")
    return asker, question, own_answer, own_comment


def test_anonymous_asker_stays_anonymous_in_their_own_thread(anonymous_thread):
    _, question, own_answer, own_comment = anonymous_thread
    member = make_user()
    for post in (question, own_answer, own_comment):
        assert authorship.author_label(post, member) == "Anoniem lid"
        assert not authorship.author_visible(post, member)


def test_asker_and_moderators_see_who_asked(anonymous_thread):
    asker, question, own_answer, own_comment = anonymous_thread
    moderator = make_user(role=Role.MODERATOR)
    for viewer in (asker, moderator):
        for post in (question, own_answer, own_comment):
            assert authorship.author_label(post, viewer) == "Vraagsteller"
            assert authorship.author_visible(post, viewer)


def test_others_in_an_anonymous_thread_are_shown_by_name(anonymous_thread):
    _, question, _, _ = anonymous_thread
    helper = make_user(display_name="Helper")
    answer = make_answer(question, helper)
    assert authorship.author_label(answer, make_user()) == "Helper"


def test_deleted_members_are_verwijderd_lid(app):
    question = make_question()
    question.author.deleted_at = utcnow()
    db.session.commit()
    assert authorship.author_label(question, make_user()) == "verwijderd lid"
    assert not authorship.author_visible(question, make_user())


def test_revision_author_of_anonymous_question_is_hidden(anonymous_thread):
    _, question, _, _ = anonymous_thread
    [revision] = question.revisions
    assert authorship.revision_author_label(revision, make_user()) == "Anoniem lid"
    moderator = make_user(role=Role.MODERATOR, display_name="Moderator Mo")
    assert authorship.revision_author_label(revision, moderator) == "Vraagsteller"


def test_profile_answers_leave_out_the_anonymous_askers_own_thread(anonymous_thread):
    asker, _, own_answer, _ = anonymous_thread
    elsewhere = make_answer(make_question(), asker)
    others_view = threads.list_answers_by(db.session, make_user(), asker)
    assert [a.id for a in others_view.items] == [elsewhere.id]
    own_view = threads.list_answers_by(db.session, asker, asker)
    assert {a.id for a in own_view.items} == {elsewhere.id, own_answer.id}


def test_similar_titles_can_leave_out_the_question_itself(app):
    question = make_question(title="Kostendelersnorm bij een inwonende student")
    other = make_question(title="Kostendelersnorm bij een inwonende broer")
    found = threads.similar_titles(db.session, question.title, exclude_id=question.id)
    assert [q.id for q in found] == [other.id]


def test_get_member_refuses_deleted_and_unverified_accounts(app):
    member = make_user()
    assert accounts.get_member(db.session, member.id) is member
    unverified = make_user(verified=False)
    member.deleted_at = utcnow()
    db.session.commit()
    for user_id in (member.id, unverified.id, 999):
        with pytest.raises(NotFound):
            accounts.get_member(db.session, user_id)
