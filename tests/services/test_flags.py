"""Flags from members and the moderation queue, without HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kenme import permissions
from kenme.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from kenme.extensions import db
from kenme.models import Flag, FlagStatus, ModerationAction, Notification, Role, Visibility
from kenme.services import flags, question_lists, threads
from tests.factories import (
    FLAGGER_REPUTATION,
    make_answer_row,
    make_comment_row,
    make_flag,
    make_question_row,
    make_topic_row,
    make_user,
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def question(app):
    return make_question_row(topics=[make_topic_row("kostendelersnorm")])


def test_member_flags_a_post_with_reason_and_note(question):
    reporter = make_user(reputation=FLAGGER_REPUTATION)
    flag = make_flag(question, reporter, "ongepast", "Toon is kwetsend naar de klant.")
    assert (flag.post_id, flag.reporter_id, flag.status) == (
        question.id,
        reporter.id,
        FlagStatus.OPEN,
    )
    assert flag.note == "Toon is kwetsend naar de klant."
    assert question.visibility == Visibility.VISIBLE


def test_flagging_twice_is_refused_and_stores_nothing(question):
    reporter = make_user(reputation=FLAGGER_REPUTATION)
    make_flag(question, reporter, "spam")
    with pytest.raises(Conflict, match="al gemeld"):
        flags.flag(db.session, reporter, question, "ongepast")
    db.session.rollback()
    assert count(Flag) == 1


def test_member_may_flag_again_after_a_moderator_decided(question):
    from kenme.services import moderation

    reporter = make_user(reputation=FLAGGER_REPUTATION)
    make_flag(question, reporter, "spam")
    moderation.dismiss_flags(db.session, make_user(role=Role.MODERATOR), question)
    make_flag(question, reporter, "spam")
    assert count(Flag) == 2


def test_suspended_member_cannot_flag(question):
    with pytest.raises(NotAllowed, match="geschorst"):
        flags.flag(db.session, make_user(suspended_days=7), question, "spam")
    db.session.rollback()
    assert count(Flag) == 0


@pytest.mark.parametrize("reason", ["", "boos", "PERSOONSGEGEVENS"])
def test_unknown_reason_is_refused(question, reason):
    with pytest.raises(ValidationFailed, match="reden"):
        flags.flag(db.session, make_user(reputation=FLAGGER_REPUTATION), question, reason)
    assert count(Flag) == 0


def test_overlong_note_is_refused(question):
    with pytest.raises(ValidationFailed, match="hooguit 500"):
        flags.flag(
            db.session, make_user(reputation=FLAGGER_REPUTATION), question, "spam", "x" * 501
        )
    assert count(Flag) == 0


def test_flag_on_a_missing_or_deleted_post_is_refused(question):
    with pytest.raises(NotFound):
        flags.flag(db.session, make_user(reputation=FLAGGER_REPUTATION), None, "spam")
    question.visibility = Visibility.DELETED
    db.session.commit()
    with pytest.raises(NotFound):
        flags.flag(db.session, make_user(reputation=FLAGGER_REPUTATION), question, "spam")
    assert count(Flag) == 0


def test_personal_data_flag_hides_the_post_from_members_at_once(question):
    member, moderator = make_user(reputation=FLAGGER_REPUTATION), make_user(role=Role.MODERATOR)
    make_flag(question, make_user(reputation=FLAGGER_REPUTATION), "persoonsgegevens")
    assert question.visibility == Visibility.HIDDEN
    assert question.hidden_reason == flags.HIDDEN_PERSONAL_DATA
    assert not permissions.can_see_post(member, question)
    assert permissions.can_see_post(question.author, question)
    assert permissions.can_see_post(moderator, question)
    assert question_lists.list_questions(db.session, member).total == 0
    notice = db.session.scalar(select(Notification))
    assert notice.user_id == question.author_id and question.title not in notice.message
    logged = db.session.scalar(select(ModerationAction))
    assert (logged.action, logged.actor_id, logged.post_id) == ("auto_hide", None, question.id)


def test_flags_from_three_distinct_members_hide_pending_review(question):
    first = make_user(reputation=FLAGGER_REPUTATION)
    make_flag(question, first, "spam")
    make_flag(question, make_user(reputation=FLAGGER_REPUTATION), "ongepast")
    assert question.visibility == Visibility.VISIBLE
    make_flag(question, make_user(reputation=FLAGGER_REPUTATION), "off_topic")
    assert question.visibility == Visibility.HIDDEN
    assert question.hidden_reason == flags.HIDDEN_BY_FLAGS


def test_flag_on_a_comment_hides_only_the_comment(question):
    comment = make_comment_row(question)
    make_flag(comment, make_user(reputation=FLAGGER_REPUTATION), "persoonsgegevens")
    assert comment.visibility == Visibility.HIDDEN
    assert question.visibility == Visibility.VISIBLE
    assert question.comment_count == 0
    view = threads.question_view(db.session, make_user(reputation=FLAGGER_REPUTATION), question.id)
    assert view.comments == []


def test_hiding_an_answer_by_flags_lowers_the_answer_count(question):
    answer = make_answer_row(question)
    make_flag(answer, make_user(reputation=FLAGGER_REPUTATION), "persoonsgegevens")
    assert question.answer_count == 0


def test_member_cannot_flag_a_post_hidden_from_them(question):
    make_flag(question, make_user(reputation=FLAGGER_REPUTATION), "persoonsgegevens")
    with pytest.raises(NotFound):
        flags.flag(db.session, make_user(reputation=FLAGGER_REPUTATION), question, "spam")


def test_queue_groups_flags_by_target_with_reasons_and_counts(question):
    other = make_question_row(title="Mag een klant met schulden een Bbz-lening krijgen?")
    comment = make_comment_row(other)
    make_flag(question, make_user(reputation=FLAGGER_REPUTATION), "spam")
    make_flag(question, make_user(reputation=FLAGGER_REPUTATION), "spam")
    make_flag(comment, make_user(reputation=FLAGGER_REPUTATION), "ongepast", "Onaardig")
    page = flags.moderation_queue(db.session, make_user(role=Role.MODERATOR))
    assert page.total == 2
    by_target = {(item.is_comment, item.target.id): item for item in page.items}
    post_item = by_target[(False, question.id)]
    assert (post_item.count, post_item.reporters, post_item.reasons) == (2, 2, [("spam", 2)])
    assert by_target[(True, comment.id)].notes == ["Onaardig"]


def test_queue_puts_personal_data_first_then_oldest_first(question):
    older = make_question_row(title="Hoe reken ik de vrijlating van inkomsten uit arbeid?")
    newer = make_question_row(title="Wanneer is een woning een woonboot voor de Pw?")
    now = flags.utcnow()
    for post, reason, age in (
        (older, "spam", 3),
        (newer, "ongepast", 1),
        (question, "persoonsgegevens", 0),
    ):
        make_flag(post, make_user(reputation=FLAGGER_REPUTATION), reason).created_at = (
            now - timedelta(hours=age)
        )
    db.session.commit()
    page = flags.moderation_queue(db.session, make_user(role=Role.ADMIN))
    assert [item.target.id for item in page.items] == [question.id, older.id, newer.id]


def test_queue_leaves_out_decided_flags(question):
    from kenme.services import moderation

    make_flag(question, make_user(reputation=FLAGGER_REPUTATION), "spam")
    moderation.dismiss_flags(db.session, make_user(role=Role.MODERATOR), question)
    assert flags.moderation_queue(db.session, make_user(role=Role.MODERATOR)).total == 0
    assert flags.open_target_count(db.session) == 0


@pytest.mark.parametrize("role", [Role.MEMBER, Role.THEMA_SPECIALIST])
def test_only_moderators_read_the_queue(question, role):
    with pytest.raises(NotAllowed):
        flags.moderation_queue(db.session, make_user(role=role))


# --- flag abuse (issue 21) ---------------------------------------------------------------------


def reject_flags(reporter, number: int, *, upheld: int = 0) -> None:
    """Let a moderator decide on ``number`` spam flags of the reporter as unfounded (and
    ``upheld`` more as right), each on a post of its own."""
    from kenme.services import moderation

    moderator = make_user(role=Role.MODERATOR)
    for n in range(number + upheld):
        post = make_question_row(title=f"Vraag {n} over de kostendelersnorm bij huisgenoten?")
        make_flag(post, reporter, "spam")
        if n < number:
            moderation.dismiss_flags(db.session, moderator, post)
        else:
            moderation.hide(db.session, moderator, post, "Spam")
        db.session.commit()


def moderator_notices() -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.kind == "melding_persoonsgegevens")
        )
    )


def test_a_personal_data_flag_tells_every_active_moderator_at_once(question):
    moderator, admin = make_user(role=Role.MODERATOR), make_user(role=Role.ADMIN)
    make_user(role=Role.MODERATOR, suspended_days=3)
    make_flag(question, None, "spam")
    assert moderator_notices() == []
    make_flag(question, None, "persoonsgegevens", "Naam en adres van de klant")
    notices = moderator_notices()
    assert sorted(n.user_id for n in notices) == sorted([moderator.id, admin.id])
    for notice in notices:
        assert notice.message == (
            "Persoonsgegevens gemeld in een vraag. De tekst is verborgen tot je beslist."
        )
        assert question.title not in notice.message and notice.url == "/moderatie"


def test_a_newcomers_personal_data_report_reaches_the_moderators_without_hiding(question):
    moderator = make_user(role=Role.MODERATOR)
    flags.flag(db.session, make_user(), question, "persoonsgegevens")
    db.session.commit()
    assert question.visibility == Visibility.VISIBLE
    [notice] = moderator_notices()
    assert notice.user_id == moderator.id and "nog zichtbaar" in notice.message


def test_repeatedly_rejected_flags_lower_the_weight_and_upheld_ones_restore_it(question):
    reporter = make_user(reputation=FLAGGER_REPUTATION)
    reject_flags(reporter, 1)
    assert flags.flag_weight(db.session, reporter) == 1.0
    reject_flags(reporter, 1)
    assert flags.flag_weight(db.session, reporter) == 0.5
    make_flag(question, reporter, "persoonsgegevens")
    assert question.visibility == Visibility.VISIBLE  # half a flag hides nothing at once
    notices = moderator_notices()
    assert notices and all("nog zichtbaar" in notice.message for notice in notices)
    reject_flags(reporter, 2)
    assert flags.flag_weight(db.session, reporter) == 0.0
    reject_flags(reporter, 0, upheld=3)
    assert flags.flag_weight(db.session, reporter) == 1.0


def test_flags_hide_by_weight_not_by_headcount(question):
    unreliable = make_user(reputation=FLAGGER_REPUTATION)
    reject_flags(unreliable, 4)
    newcomer = make_user()  # a persoonsgegevens report without the privilege weighs nothing
    for reporter in (unreliable, make_user(reputation=FLAGGER_REPUTATION)):
        make_flag(question, reporter, "spam")
    flags.flag(db.session, newcomer, question, "persoonsgegevens")
    make_flag(question, make_user(reputation=FLAGGER_REPUTATION), "ongepast")
    db.session.commit()
    assert question.visibility == Visibility.VISIBLE  # 4 reporters, weight 2
    make_flag(question, make_user(reputation=FLAGGER_REPUTATION), "spam")
    assert question.visibility == Visibility.HIDDEN
    assert question.hidden_reason == flags.HIDDEN_BY_FLAGS
