"""Moderator actions and their audit log, without HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kenme import permissions
from kenme.errors import Conflict, DomainError, NotAllowed, ValidationFailed
from kenme.extensions import db
from kenme.models import (
    CloseReason,
    Flag,
    FlagStatus,
    ModerationAction,
    Notification,
    QuestionStatus,
    Role,
    Visibility,
)
from kenme.services import accounts, moderation, question_lists, threads
from tests.factories import (
    make_answer_row,
    make_comment_row,
    make_flag,
    make_question_row,
    make_topic_row,
    make_user,
)


def audit_rows() -> list[ModerationAction]:
    return list(db.session.scalars(select(ModerationAction).order_by(ModerationAction.id)))


def notices(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


@pytest.fixture
def moderator(app):
    return make_user(role=Role.MODERATOR)


@pytest.fixture
def question(app):
    return make_question_row(topics=[make_topic_row("kostendelersnorm")])


def test_hide_and_restore_a_question_with_audit_rows_and_notices(question, moderator):
    member = make_user()
    moderation.hide(db.session, moderator, question, "Reclame voor een bureau")
    db.session.commit()
    assert question.visibility == Visibility.HIDDEN
    assert not permissions.can_see_post(member, question)
    assert question_lists.list_questions(db.session, member).total == 0

    moderation.restore(db.session, moderator, question, "Na overleg in orde")
    db.session.commit()
    assert question.visibility == Visibility.VISIBLE and question.hidden_reason == ""
    assert [(r.action, r.actor_id, r.post_id) for r in audit_rows()] == [
        ("hide", moderator.id, question.id),
        ("restore", moderator.id, question.id),
    ]
    assert audit_rows()[0].reason == "Reclame voor een bureau"
    kinds = [n.kind for n in notices(question.author)]
    assert kinds == ["post_hidden", "post_restored"]
    assert all(question.title not in n.message for n in notices(question.author))


def test_hide_upholds_open_flags_and_restore_dismisses_them(question, moderator):
    make_flag(question, None, "spam")
    moderation.hide(db.session, moderator, question, "Spam")
    assert db.session.scalar(select(Flag)).status == FlagStatus.UPHELD
    other = make_question_row(title="Een vraag die onterecht gemeld werd door iemand?")
    for _ in range(3):
        make_flag(other, None, "ongepast")
    assert other.visibility == Visibility.HIDDEN
    moderation.restore(db.session, moderator, other)
    statuses = db.session.scalars(select(Flag.status).where(Flag.post_id == other.id)).all()
    assert set(statuses) == {FlagStatus.DISMISSED}


def test_dismissing_flags_makes_an_auto_hidden_post_visible(question, moderator):
    make_flag(question, None, "persoonsgegevens")
    assert question.visibility == Visibility.HIDDEN
    assert moderation.dismiss_flags(db.session, moderator, question, "Geen persoonsgegevens") == 1
    assert question.visibility == Visibility.VISIBLE
    assert audit_rows()[-1].details["restored"] is True


def test_dismissing_without_open_flags_is_refused(question, moderator):
    with pytest.raises(Conflict, match="geen open meldingen"):
        moderation.dismiss_flags(db.session, moderator, question)
    assert audit_rows() == []


ACTIONS = [
    ("hide", {}),
    ("restore", {}),
    ("delete", {}),
    ("undelete", {}),
    ("lock", {}),
    ("unlock", {}),
    ("close", {"close_reason": "off_topic"}),
    ("reopen", {}),
    ("purge", {"purge_text": "zoon"}),
    ("dismiss_flags", {}),
]


@pytest.mark.parametrize("role", [Role.MEMBER, Role.THEMA_SPECIALIST])
@pytest.mark.parametrize(("action", "extra"), ACTIONS)
def test_non_moderators_change_nothing_and_log_nothing(question, role, action, extra):
    before = (question.visibility, question.locked, question.status, question.body_markdown)
    with pytest.raises(NotAllowed):
        moderation.perform(
            db.session, make_user(role=role), action, question, reason="Omdat het moet", **extra
        )
    db.session.rollback()
    assert (question.visibility, question.locked, question.status, question.body_markdown) == (
        before
    )
    assert audit_rows() == []


@pytest.mark.parametrize("action", ["hide", "delete"])
def test_actions_that_remove_text_need_a_reason(question, moderator, action):
    with pytest.raises(ValidationFailed, match="reden"):
        moderation.perform(db.session, moderator, action, question, reason="  ")
    assert question.visibility == Visibility.VISIBLE and audit_rows() == []


def test_repeating_an_action_is_refused_without_a_second_row(question, moderator):
    moderation.lock(db.session, moderator, question)
    with pytest.raises(Conflict, match="al vergrendeld"):
        moderation.lock(db.session, moderator, question)
    moderation.unlock(db.session, moderator, question)
    with pytest.raises(Conflict, match="niet vergrendeld"):
        moderation.unlock(db.session, moderator, question)
    assert [r.action for r in audit_rows()] == ["lock", "unlock"]


def test_only_threads_can_be_locked(question, moderator):
    answer = make_answer_row(question)
    with pytest.raises(ValidationFailed):
        moderation.lock(db.session, moderator, answer)
    assert not question.locked and audit_rows() == []


def test_close_as_duplicate_links_the_original_and_reopen_restores_status(question, moderator):
    original = make_question_row(title="Kostendelersnorm en een inwonende zoon boven de 27?")
    make_answer_row(question)
    moderation.close(db.session, moderator, question, "dubbel", duplicate_of_id=original.id)
    db.session.commit()
    assert question.status == QuestionStatus.CLOSED
    assert (question.closed_reason, question.duplicate_of_id) == (
        CloseReason.DUPLICATE,
        original.id,
    )
    assert audit_rows()[-1].details == {
        "target": "question",
        "close_reason": "dubbel",
        "duplicate_of": original.id,
    }
    assert [n.kind for n in notices(question.author)] == ["post_closed"]
    moderation.reopen(db.session, moderator, question, "Toch anders")
    assert question.status == QuestionStatus.ANSWERED
    assert (question.closed_reason, question.duplicate_of_id) == (None, None)


@pytest.mark.parametrize("reason", ["off_topic", "beantwoord"])
def test_close_for_other_reasons(question, moderator, reason):
    moderation.close(db.session, moderator, question, reason)
    assert question.closed_reason == CloseReason(reason) and question.duplicate_of_id is None


def duplicate_targets(question):
    hidden = make_question_row(title="Een verborgen vraag over de kostendelersnorm")
    hidden.visibility = Visibility.HIDDEN
    answer = make_answer_row(question)
    db.session.commit()
    return {
        "itself": (question.id, "zichzelf"),
        "missing": (999_999, "bestaat niet"),
        "hidden": (hidden.id, "niet zichtbaar"),
        "an answer": (answer.id, "bestaat niet"),
        "empty": ("", "van welke vraag"),
        "not a number": ("abc", "nummer"),
    }


@pytest.mark.parametrize(
    "case", ["itself", "missing", "hidden", "an answer", "empty", "not a number"]
)
def test_close_as_duplicate_of_a_bad_target_is_refused(question, moderator, case):
    target, message = duplicate_targets(question)[case]
    with pytest.raises(ValidationFailed, match=message):
        moderation.close(db.session, moderator, question, "dubbel", duplicate_of_id=target)
    db.session.rollback()
    assert question.status != QuestionStatus.CLOSED and audit_rows() == []


def test_close_with_unknown_reason_or_twice_is_refused(question, moderator):
    with pytest.raises(ValidationFailed):
        moderation.close(db.session, moderator, question, "vervelend")
    moderation.close(db.session, moderator, question, "off_topic")
    with pytest.raises(Conflict, match="al gesloten"):
        moderation.close(db.session, moderator, question, "beantwoord")
    assert [r.action for r in audit_rows()] == ["close"]


def test_reopen_an_open_question_is_refused(question, moderator):
    with pytest.raises(Conflict):
        moderation.reopen(db.session, moderator, question)
    assert audit_rows() == []


def test_soft_delete_and_undelete_an_answer_keeps_the_counter_right(question, moderator):
    answer = make_answer_row(question)
    moderation.delete(db.session, moderator, answer, "Dubbel geplaatst")
    assert (answer.visibility, question.answer_count) == (Visibility.DELETED, 0)
    assert not permissions.can_see_post(answer.author, answer)
    assert permissions.can_see_post(moderator, answer)
    with pytest.raises(Conflict):
        moderation.hide(db.session, moderator, answer, "Alsnog verbergen")
    moderation.undelete(db.session, moderator, answer)
    assert (answer.visibility, question.answer_count) == (Visibility.VISIBLE, 1)


def test_hidden_comment_disappears_for_members(question, moderator):
    comment = make_comment_row(question)
    moderation.hide(db.session, moderator, comment, "Ongepast")
    db.session.commit()
    assert threads.question_view(db.session, make_user(), question.id).comments == []
    assert threads.question_view(db.session, moderator, question.id).comments == [comment]
    row = audit_rows()[-1]
    assert (row.comment_id, row.post_id, row.details["target"]) == (
        comment.id,
        question.id,
        "comment",
    )


def test_feature_an_answer_notifies_its_author(question, moderator):
    answer = make_answer_row(question)
    moderation.feature(db.session, moderator, answer, "Heldere uitleg")
    assert answer.featured
    assert [n.kind for n in notices(answer.author)] == ["answer_featured"]
    with pytest.raises(Conflict):
        moderation.feature(db.session, moderator, answer)
    moderation.unfeature(db.session, moderator, answer)
    assert not answer.featured


def test_only_answers_can_be_featured(question, moderator):
    with pytest.raises(ValidationFailed, match="antwoord"):
        moderation.feature(db.session, moderator, question)
    assert not question.featured and audit_rows() == []


def test_actions_let_search_follow(question, moderator, monkeypatch):
    changed = []
    monkeypatch.setattr(
        "kenme.services.moderation.common.record_change", lambda s, post: changed.append(post)
    )
    answer = make_answer_row(question)
    moderation.hide(db.session, moderator, answer, "Ongepast")
    moderation.delete(db.session, moderator, question, "Spam")
    assert changed == [question, question]


# --- members ------------------------------------------------------------------------------


def test_suspend_logs_the_member_out_and_tells_them_why(moderator):
    member = make_user()
    version = member.session_version
    until = moderation.today() + timedelta(days=14)
    moderation.suspend(db.session, moderator, member, until, "Herhaaldelijk casusdetails")
    db.session.commit()
    assert member.is_suspended and member.session_version == version + 1
    reason = accounts.refusal_reason(member)
    assert until.strftime("%d-%m-%Y") in reason and "Herhaaldelijk casusdetails" in reason
    row = audit_rows()[-1]
    assert (row.action, row.user_id, row.details) == (
        "suspend",
        member.id,
        {"until": until.isoformat()},
    )
    assert [n.kind for n in notices(member)] == ["suspended"]
    moderation.unsuspend(db.session, moderator, member, "Excuses aangeboden")
    assert not member.is_suspended


def suspension_cases(moderator):
    return {
        "an admin": (moderator, make_user(role=Role.ADMIN), 7, "beheerder"),
        "yourself": (moderator, moderator, 7, "jezelf"),
        "a moderator by a moderator": (moderator, make_user(role=Role.MODERATOR), 7, "beheerder"),
        "a date in the past": (moderator, make_user(), -1, "na vandaag"),
        "today": (moderator, make_user(), 0, "na vandaag"),
        "by a member": (make_user(), make_user(), 7, "moderators"),
        "by a specialist": (make_user(role=Role.THEMA_SPECIALIST), make_user(), 7, "moderators"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "an admin",
        "yourself",
        "a moderator by a moderator",
        "a date in the past",
        "today",
        "by a member",
        "by a specialist",
    ],
)
def test_refused_suspensions_change_nothing(moderator, case):
    actor, member, days, message = suspension_cases(moderator)[case]
    version = member.session_version
    with pytest.raises(DomainError, match=message):
        moderation.suspend(
            db.session, actor, member, moderation.today() + timedelta(days=days), "Reden"
        )
    db.session.rollback()
    assert member.suspended_until is None and member.session_version == version
    assert audit_rows() == [] and notices(member) == []


def test_admin_may_suspend_a_moderator(moderator):
    admin = make_user(role=Role.ADMIN)
    moderation.suspend(db.session, admin, moderator, moderation.today() + timedelta(days=1), "X")
    assert moderator.is_suspended


def test_suspension_needs_a_reason(moderator):
    member = make_user()
    with pytest.raises(ValidationFailed, match="reden"):
        moderation.suspend(db.session, moderator, member, moderation.today() + timedelta(7), "")
    assert member.suspended_until is None


def test_approve_a_waiting_member(moderator):
    waiting = make_user(approved=False)
    assert moderation.waiting_members(db.session, moderator) == [waiting]
    moderation.approve_member(db.session, moderator, waiting)
    assert waiting.is_approved and audit_rows()[-1].action == "approve_member"
    with pytest.raises(Conflict):
        moderation.approve_member(db.session, moderator, waiting)
    with pytest.raises(NotAllowed):
        moderation.approve_member(db.session, make_user(), make_user(approved=False))


def test_admin_appoints_and_removes_a_thema_specialist(app):
    admin, member = make_user(role=Role.ADMIN), make_user()
    topic = make_topic_row("bijzondere-bijstand")
    moderation.appoint_specialist(db.session, admin, member, topic)
    assert member.role == Role.THEMA_SPECIALIST and member.specialist_topics == [topic]
    with pytest.raises(Conflict):
        moderation.appoint_specialist(db.session, admin, member, topic)
    moderation.remove_specialist(db.session, admin, member, topic)
    assert member.role == Role.MEMBER and member.specialist_topics == []
    assert [r.details for r in audit_rows()] == [{"topic": "bijzondere-bijstand"}] * 2


def test_moderators_cannot_appoint_specialists(moderator):
    member, topic = make_user(), make_topic_row("schuldhulp")
    with pytest.raises(NotAllowed, match="beheerders"):
        moderation.appoint_specialist(db.session, moderator, member, topic)
    assert member.role == Role.MEMBER and audit_rows() == []


def test_audit_log_is_for_moderators_newest_first(question, moderator):
    moderation.lock(db.session, moderator, question)
    moderation.unlock(db.session, moderator, question)
    page = moderation.audit_log(db.session, moderator)
    assert [row.action for row in page.items] == ["unlock", "lock"]
    with pytest.raises(NotAllowed):
        moderation.audit_log(db.session, make_user())


def test_no_moderation_action_without_rows_for_unknown_action(question, moderator):
    with pytest.raises(ValidationFailed):
        moderation.perform(db.session, moderator, "burn", question)
    assert db.session.scalar(select(func.count(ModerationAction.id))) == 0


def test_hidden_and_deleted_threads_leave_search_and_come_back(question, moderator, monkeypatch):
    """Leaving search shows at once; coming back may lag ADDITIONS_LAG seconds, as any thread
    that joins a kept result does (decision 0044, SEMANTICS.md §9)."""
    from kenme.search import cache, get_engine

    now = [1000.0]
    monkeypatch.setattr(cache, "clock", lambda: now[0])

    def found() -> int:
        return get_engine().search("inwonende zoon", session=db.session).total

    assert found() == 1
    moderation.hide(db.session, moderator, question, "Spam")
    db.session.commit()
    assert found() == 0
    moderation.restore(db.session, moderator, question)
    moderation.delete(db.session, moderator, question, "Dubbel")
    db.session.commit()
    assert found() == 0
    moderation.undelete(db.session, moderator, question)
    db.session.commit()
    now[0] += cache.ADDITIONS_LAG
    assert found() == 1


def test_perform_takes_the_api_shapes(question, moderator):
    original = make_question_row(title="De oorspronkelijke vraag over de kostendelersnorm")
    moderation.perform(db.session, moderator, "close", question, duplicate_of=str(original.id))
    assert question.closed_reason == CloseReason.DUPLICATE
    member = make_user()
    until = (moderation.today() + timedelta(days=3)).isoformat()
    moderation.perform(db.session, moderator, "suspend", member, reason="Spam", until=until)
    assert member.is_suspended
    with pytest.raises(ValidationFailed, match="JJJJ-MM-DD"):
        moderation.perform(db.session, moderator, "suspend", make_user(), reason="X", until="x")
    with pytest.raises(ValidationFailed, match="reactie"):
        moderation.perform(db.session, moderator, "lock", make_comment_row(question))
