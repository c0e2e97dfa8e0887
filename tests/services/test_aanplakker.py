"""De Aanplakker's rules without HTTP: phases, contributions, oogst, follow-up, reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from kenme.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from kenme.extensions import db
from kenme.models import (
    ContributionKind,
    Follow,
    Herkenbaar,
    ModerationAction,
    Notification,
    Phase,
    Post,
    PostType,
    QuestionStatus,
    Revision,
    Role,
    Topic,
    Visibility,
)
from kenme.services import aanplakker, follows, voting
from kenme.services.privacy_gate import PersonalDataFound
from tests.factories import (
    AANPLAKKER_TEXT,
    make_aanplakker,
    make_contribution,
    make_topic_row,
    make_user,
)

VH, MD, OG, GS = Phase.VERHELDEREN, Phase.MEEDENKEN, Phase.OOGST, Phase.GESLOTEN
VRAAG, PERSPECTIEF, ERVARING, ADVIES = list(ContributionKind)
BODY = "Wat weet de klant zelf al van het onderzoek van handhaving?"


@pytest.fixture
def topic(app):
    return make_topic_row("vakmanschap-intervisie")


def start(author=None, **overrides):
    data = {**AANPLAKKER_TEXT, "topic_slugs": ["vakmanschap-intervisie"], **overrides}
    post = aanplakker.start_aanplakker(db.session, author or make_user(), **data)
    db.session.commit()
    return post


def actor_for(role: str, post: Post):
    if role == "author":
        return post.author
    if role == "moderator":
        return make_user(role=Role.MODERATOR)
    return make_user()


def counts() -> tuple[int, int]:
    return db.session.query(Post).count(), db.session.query(Revision).count()


# --- starting ---------------------------------------------------------------------------


def test_start_stores_case_fields_composed_body_and_default_end_date(topic):
    post = start()
    details = post.aanplakker_details
    assert post.type == PostType.AANPLAKKER
    assert details.phase == VH
    assert details.ends_on == aanplakker.local_today() + timedelta(days=14)
    assert details.situatie_markdown == AANPLAKKER_TEXT["situatie"]
    assert "<p>" in details.dilemma_html
    assert "## Mijn dilemma" in post.body_markdown
    assert AANPLAKKER_TEXT["meedenkvraag"] in post.body_markdown
    assert "<h2>Waarover wil ik meedenken</h2>" in post.body_html
    assert post.revisions[0].fields["geprobeerd"] == AANPLAKKER_TEXT["geprobeerd"]
    assert [t.slug for t in post.topics] == ["vakmanschap-intervisie"]
    assert db.session.scalar(
        select(Follow.id).where(Follow.user_id == post.author_id, Follow.post_id == post.id)
    )


@pytest.mark.parametrize(
    ("days", "accepted"),
    [(-1, False), (0, False), (2, False), (3, True), (14, True), (30, True), (31, False)],
)
def test_end_date_must_be_3_to_30_days_ahead(topic, days, accepted):
    ends_on = aanplakker.local_today() + timedelta(days=days)
    if accepted:
        assert start(ends_on=ends_on).aanplakker_details.ends_on == ends_on
        return
    with pytest.raises(ValidationFailed) as error:
        start(ends_on=ends_on)
    db.session.rollback()
    assert error.value.field == "ends_on"
    assert counts() == (0, 0)


def test_end_date_in_the_past_says_so_in_dutch(topic):
    with pytest.raises(ValidationFailed, match="verleden"):
        start(ends_on=aanplakker.local_today() - timedelta(days=3))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "Te kort"}, "title"),
        ({"situatie": "Kort."}, "situatie"),
        ({"dilemma": ""}, "dilemma"),
        ({"geprobeerd": "  "}, "geprobeerd"),
        ({"meedenkvraag": "Help?"}, "meedenkvraag"),
        ({"topic_slugs": []}, "topics"),
    ],
)
def test_start_refuses_incomplete_cases_and_stores_nothing(topic, overrides, field):
    with pytest.raises(ValidationFailed) as error:
        start(**overrides)
    db.session.rollback()
    assert error.value.field == field
    assert counts() == (0, 0)


def test_start_with_a_bsn_is_blocked_and_nothing_is_stored(topic):
    with pytest.raises(PersonalDataFound) as error:
        start(situatie=AANPLAKKER_TEXT["situatie"] + " Haar BSN is 111222333.")
    db.session.rollback()
    assert error.value.hard
    assert {f.field for f in error.value.findings} == {"situatie"}
    assert counts() == (0, 0)


def test_soft_findings_are_stored_on_the_revision_once_confirmed(topic):
    dilemma = "Mijn dilemma: de zoon is 34 jaar en woont nog thuis bij zijn moeder."
    with pytest.raises(PersonalDataFound) as error:
        start(dilemma=dilemma)
    db.session.rollback()
    confirmations = [
        {"field": f.field, "kind": f.kind, "text": f.text} for f in error.value.findings
    ]
    post = start(dilemma=dilemma, confirmations=confirmations)
    assert {"field": "dilemma", "kind": "age_exact", "text": "34 jaar"} in (
        post.revisions[0].confirmed_findings
    )


def test_followers_of_its_topics_are_notified_once(topic):
    other = make_topic_row("kostendelersnorm")
    follower, both, stranger, author = make_user(), make_user(), make_user(), make_user()
    follows.follow_topic(db.session, follower, topic)
    follows.follow_topic(db.session, both, topic)
    follows.follow_topic(db.session, both, other)
    follows.follow_topic(db.session, author, topic)
    db.session.commit()
    post = start(author, topic_slugs=["vakmanschap-intervisie", "kostendelersnorm"])
    notified = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "aanplakker_nieuw")
    ).all()
    assert sorted(notified) == sorted([follower.id, both.id])
    note = db.session.scalar(select(Notification).where(Notification.user_id == follower.id))
    assert note.url == f"/aanplakker/{post.id}"
    # The title and who wrote it (decision 0018), never the text of the casus.
    assert AANPLAKKER_TEXT["title"] in note.message
    assert not any(
        AANPLAKKER_TEXT[field][:40] in note.message
        for field in ("situatie", "dilemma", "geprobeerd", "meedenkvraag")
    )
    assert stranger.id not in notified


def test_follow_and_unfollow_topic_keep_the_counter(topic):
    member = make_user()
    assert follows.follow_topic(db.session, member, topic)
    assert not follows.follow_topic(db.session, member, topic)
    assert topic.follower_count == 1
    assert follows.unfollow_topic(db.session, member, topic)
    assert not follows.unfollow_topic(db.session, member, topic)
    assert topic.follower_count == 0


# --- contributions: phase x kind x actor ------------------------------------------------

CONTRIBUTION_CASES = [
    (phase, kind, actor)
    for phase in Phase
    for kind in ContributionKind
    for actor in ("author", "member", "moderator")
]


def expected_contribution(phase: Phase, kind: ContributionKind, actor: str):
    if actor == "author":
        return NotAllowed
    if phase == VH and kind == VRAAG:
        return None
    if phase == MD and kind != VRAAG:
        return None
    return Conflict


@pytest.mark.parametrize(("phase", "kind", "actor"), CONTRIBUTION_CASES)
def test_contribution_rules_per_phase_kind_and_actor(topic, phase, kind, actor):
    post = make_aanplakker(phase=phase)
    member = actor_for(actor, post)
    lens = "juridisch" if kind != VRAAG else None
    before = counts()
    expected = expected_contribution(phase, kind, actor)
    if expected is None:
        contribution = aanplakker.contribute(
            db.session, member, post, kind=kind, lens=lens, body=BODY
        )
        db.session.commit()
        assert contribution.parent_id == post.id
        assert contribution.contribution_details.kind == kind
        assert contribution.contribution_details.phase == phase
        assert post.answer_count == 1
        return
    with pytest.raises(expected) as error:
        aanplakker.contribute(db.session, member, post, kind=kind, lens=lens, body=BODY)
    db.session.rollback()
    assert counts() == before
    if expected is Conflict:
        assert error.value.status == 409
        assert error.value.message[:3] in ("In ", "Dez")


def test_wrong_kind_in_verhelderen_gets_a_dutch_reason(topic):
    post = make_aanplakker()
    with pytest.raises(Conflict, match="alleen een verhelderende vraag"):
        aanplakker.contribute(db.session, make_user(), post, kind=ADVIES, body=BODY)


def test_contributing_after_the_end_date_is_refused_but_on_it_allowed(topic):
    post = make_aanplakker(phase=MD)
    post.aanplakker_details.ends_on = aanplakker.local_today()
    db.session.commit()
    make_contribution(post, kind=ERVARING)
    post.aanplakker_details.ends_on = aanplakker.local_today() - timedelta(days=1)
    db.session.commit()
    before = counts()
    with pytest.raises(Conflict, match="einddatum"):
        aanplakker.contribute(db.session, make_user(), post, kind=ERVARING, body=BODY)
    db.session.rollback()
    assert counts() == before


@pytest.mark.parametrize(
    ("kind", "lens", "field"),
    [("klaagzang", None, "kind"), ("advies", "roze", "lens"), ("vraag", "juridisch", "lens")],
)
def test_unknown_kinds_and_lenses_are_refused(topic, kind, lens, field):
    post = make_aanplakker(phase=MD)
    with pytest.raises(ValidationFailed) as error:
        aanplakker.contribute(db.session, make_user(), post, kind=kind, lens=lens, body=BODY)
    assert error.value.field == field


def test_contribution_with_personal_data_is_not_stored(topic):
    post = make_aanplakker()
    before = counts()
    with pytest.raises(PersonalDataFound):
        aanplakker.contribute(
            db.session, make_user(), post, kind=VRAAG, body="Mail je haar op a.jansen@mail.nl?"
        )
    db.session.rollback()
    assert counts() == before


def test_contributions_are_refused_on_hidden_or_locked_aanplakkers(topic):
    from kenme.models import Visibility

    post = make_aanplakker()
    post.locked = True
    db.session.commit()
    with pytest.raises(Conflict, match="vergrendeld"):
        aanplakker.contribute(db.session, make_user(), post, kind=VRAAG, body=BODY)
    db.session.rollback()
    post.visibility = Visibility.HIDDEN
    db.session.commit()
    with pytest.raises(NotFound):
        aanplakker.contribute(db.session, make_user(), post, kind=VRAAG, body=BODY)


def test_there_are_no_votes_on_aanplakkers_or_contributions(topic):
    post = make_aanplakker(phase=MD)
    contribution = make_contribution(post)
    for target in (post, contribution):
        with pytest.raises(NotFound):
            voting.vote(db.session, make_user(), target, -1)


# --- replies to clarifying questions ----------------------------------------------------


def test_author_answers_a_clarifying_question_inline(topic):
    post = make_aanplakker()
    asker = make_user()
    question = make_contribution(post, asker)
    aanplakker.reply_to_question(db.session, post.author, question, "Nee, dat weet ze nog niet.")
    db.session.commit()
    details = question.contribution_details
    assert details.reply_markdown == "Nee, dat weet ze nog niet."
    assert details.replied_at is not None
    assert question.revisions[-1].fields["reply"] == "Nee, dat weet ze nog niet."
    assert db.session.scalar(
        select(Notification.id).where(
            Notification.user_id == asker.id, Notification.kind == "aanplakker_antwoord"
        )
    )


def test_only_the_author_replies_and_only_in_verhelderen(topic):
    post = make_aanplakker()
    question = make_contribution(post)
    with pytest.raises(NotAllowed):
        aanplakker.reply_to_question(db.session, make_user(), question, "Ik weet het antwoord.")
    aanplakker.advance_phase(db.session, post.author, post, MD)
    db.session.commit()
    with pytest.raises(Conflict, match="Verhelderen"):
        aanplakker.reply_to_question(db.session, post.author, question, "Toch nog een antwoord.")
    perspective = make_contribution(post, kind=PERSPECTIEF)
    with pytest.raises(Conflict):
        aanplakker.reply_to_question(
            db.session, post.author, perspective, "Daar ben ik het niet mee eens."
        )


# --- herkenbaar -------------------------------------------------------------------------


def test_herkenbaar_once_per_member_never_own_and_can_be_withdrawn(topic):
    post = make_aanplakker(phase=MD)
    writer, colleague = make_user(), make_user()
    contribution = make_contribution(post, writer, kind=ERVARING)
    assert aanplakker.mark_herkenbaar(db.session, colleague, contribution) == 1
    db.session.commit()
    with pytest.raises(Conflict):
        aanplakker.mark_herkenbaar(db.session, colleague, contribution)
    db.session.rollback()
    with pytest.raises(NotAllowed):
        aanplakker.mark_herkenbaar(db.session, writer, contribution)
    db.session.rollback()
    assert aanplakker.mark_herkenbaar(db.session, post.author, contribution) == 2
    assert aanplakker.unmark_herkenbaar(db.session, colleague, contribution) == 1
    assert aanplakker.unmark_herkenbaar(db.session, colleague, contribution) == 1
    db.session.commit()
    assert db.session.query(Herkenbaar).count() == 1


def test_clarifying_questions_cannot_be_marked_herkenbaar(topic):
    post = make_aanplakker()
    question = make_contribution(post)
    with pytest.raises(Conflict):
        aanplakker.mark_herkenbaar(db.session, make_user(), question)


# --- phase transitions: from x to x actor -----------------------------------------------

TRANSITION_CASES = [
    (source, target, actor)
    for source in Phase
    for target in Phase
    for actor in ("author", "member", "moderator")
]


def expected_transition(source: Phase, target: Phase, actor: str):
    if actor == "member":
        return NotAllowed
    if target.order > source.order and target != GS:
        return None
    return Conflict


@pytest.mark.parametrize(("source", "target", "actor"), TRANSITION_CASES)
def test_phase_transitions_only_go_forward(topic, source, target, actor):
    post = make_aanplakker(phase=source)
    member = actor_for(actor, post)
    expected = expected_transition(source, target, actor)
    if expected is None:
        assert aanplakker.advance_phase(db.session, member, post, target) == target
        db.session.commit()
        assert post.aanplakker_details.phase == target
        return
    with pytest.raises(expected) as error:
        aanplakker.advance_phase(db.session, member, post, target)
    db.session.rollback()
    assert post.aanplakker_details.phase == source
    if expected is Conflict and target.order < source.order:
        assert "terugzetten" in error.value.message


def test_unknown_phase_is_a_validation_error(topic):
    post = make_aanplakker()
    with pytest.raises(ValidationFailed):
        aanplakker.advance_phase(db.session, post.author, post, "brainstorm")


def test_phase_change_notifies_followers_but_not_the_actor(topic):
    post = make_aanplakker()
    colleague = make_user()
    make_contribution(post, colleague)
    aanplakker.advance_phase(db.session, post.author, post, MD)
    db.session.commit()
    notified = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "aanplakker_fase")
    ).all()
    assert notified == [colleague.id]


# --- oogst ------------------------------------------------------------------------------

OOGST = "Ik neem mee dat ik mijn rol vooraf uitleg, aan de klant en aan handhaving."


def thread_with_contributions():
    post = make_aanplakker()
    question = make_contribution(post)
    aanplakker.advance_phase(db.session, post.author, post, MD)
    perspective = make_contribution(post, kind=PERSPECTIEF, lens="ethisch")
    advice = make_contribution(post, kind=ADVIES)
    aanplakker.advance_phase(db.session, post.author, post, OG)
    db.session.commit()
    return post, question, perspective, advice


def test_oogst_marks_helpful_contributions_and_closes(topic):
    post, question, perspective, advice = thread_with_contributions()
    aanplakker.write_oogst(
        db.session, post.author, post, body=OOGST, helpful_ids=[perspective.id, str(advice.id)]
    )
    db.session.commit()
    details = post.aanplakker_details
    assert details.phase == GS
    assert post.status == QuestionStatus.CLOSED
    assert details.oogst_markdown == OOGST and details.oogst_at is not None
    assert [c.contribution_details.helpful for c in (question, perspective, advice)] == [
        False,
        True,
        True,
    ]
    assert post.revisions[-1].fields["oogst"] == OOGST


@pytest.mark.parametrize("who", ["member", "moderator"])
def test_only_the_author_writes_the_oogst(topic, who):
    post, *_ = thread_with_contributions()
    with pytest.raises(NotAllowed):
        aanplakker.write_oogst(db.session, actor_for(who, post), post, body=OOGST)
    db.session.rollback()
    assert post.aanplakker_details.phase == OG
    assert post.aanplakker_details.oogst_markdown == ""


@pytest.mark.parametrize("phase", [VH, MD, GS])
def test_oogst_is_written_in_phase_oogst_only(topic, phase):
    post = make_aanplakker(phase=phase)
    with pytest.raises(Conflict):
        aanplakker.write_oogst(db.session, post.author, post, body=OOGST)


def test_helpful_ids_must_belong_to_this_thread(topic):
    post, _question, perspective, _advice = thread_with_contributions()
    other = make_aanplakker(phase=MD)
    stranger = make_contribution(other, kind=ERVARING)
    for ids in ([stranger.id], [perspective.id, 999_999], ["abc"], [other.id]):
        with pytest.raises(ValidationFailed) as error:
            aanplakker.write_oogst(db.session, post.author, post, body=OOGST, helpful_ids=ids)
        db.session.rollback()
        assert error.value.field == "helpful"
    assert post.aanplakker_details.phase == OG
    assert not perspective.contribution_details.helpful


def test_oogst_with_personal_data_is_not_stored(topic):
    post, *_ = thread_with_contributions()
    with pytest.raises(PersonalDataFound):
        aanplakker.write_oogst(
            db.session, post.author, post, body=OOGST + " Bel haar op 06-12345678."
        )
    db.session.rollback()
    assert post.aanplakker_details.phase == OG
    assert post.aanplakker_details.oogst_markdown == ""


# --- follow-up and moderator close -------------------------------------------------------

FOLLOWUP = "Na zes weken: het gesprek met handhaving ging goed en de begeleiding loopt door."


def test_followup_only_after_gesloten_only_by_author_and_once(topic):
    post, *_ = thread_with_contributions()
    with pytest.raises(Conflict):
        aanplakker.add_followup(db.session, post.author, post, FOLLOWUP)
    aanplakker.write_oogst(db.session, post.author, post, body=OOGST)
    db.session.commit()
    with pytest.raises(NotAllowed):
        aanplakker.add_followup(db.session, make_user(), post, FOLLOWUP)
    aanplakker.add_followup(db.session, post.author, post, FOLLOWUP)
    db.session.commit()
    assert post.aanplakker_details.followup_markdown == FOLLOWUP
    assert post.revisions[-1].fields["followup"] == FOLLOWUP
    with pytest.raises(Conflict):
        aanplakker.add_followup(db.session, post.author, post, FOLLOWUP)


def test_moderator_closes_with_a_note_in_the_audit_log(topic):
    post = make_aanplakker(phase=MD)
    with pytest.raises(NotAllowed):
        aanplakker.moderator_close(db.session, make_user(), post, "De schrijver is vertrokken.")
    moderator = make_user(role=Role.MODERATOR)
    aanplakker.moderator_close(db.session, moderator, post, "De schrijver is vertrokken.")
    db.session.commit()
    details = post.aanplakker_details
    assert details.phase == GS and details.closed_by_id == moderator.id
    assert details.closed_note == "De schrijver is vertrokken."
    action = db.session.scalar(select(ModerationAction))
    assert action.action == "close_aanplakker" and action.post_id == post.id
    with pytest.raises(Conflict):
        aanplakker.moderator_close(db.session, moderator, post, "Nogmaals sluiten graag.")


# --- reminders --------------------------------------------------------------------------


def reminders_for(user) -> int:
    return (
        db.session.query(Notification)
        .filter_by(user_id=user.id, kind="aanplakker_herinnering")
        .count()
    )


def test_authors_past_the_end_date_are_reminded_at_most_weekly(topic):
    overdue = make_aanplakker(phase=MD)
    running = make_aanplakker()
    closed = make_aanplakker(phase=GS)
    today = aanplakker.local_today()
    overdue.aanplakker_details.ends_on = today - timedelta(days=1)
    closed.aanplakker_details.ends_on = today - timedelta(days=1)
    db.session.commit()

    assert aanplakker.remind_overdue(db.session, today) == [overdue]
    db.session.commit()
    assert reminders_for(overdue.author) == 1
    assert reminders_for(running.author) == reminders_for(closed.author) == 0

    assert aanplakker.remind_overdue(db.session, today) == []
    overdue.aanplakker_details.reminded_at -= timedelta(days=7)
    db.session.commit()
    assert aanplakker.remind_overdue(db.session, today) == [overdue]
    db.session.commit()
    assert reminders_for(overdue.author) == 2


def test_reminders_stop_once_the_oogst_is_written(topic):
    post, *_ = thread_with_contributions()
    post.aanplakker_details.ends_on = aanplakker.local_today() - timedelta(days=2)
    aanplakker.write_oogst(db.session, post.author, post, body=OOGST)
    db.session.commit()
    assert aanplakker.remind_overdue(db.session) == []


def test_the_reminder_is_mailed_through_the_outbox(topic):
    from kenme.models import MailOutbox

    post = make_aanplakker(phase=OG)
    post.aanplakker_details.ends_on = aanplakker.local_today() - timedelta(days=1)
    db.session.commit()
    aanplakker.remind_overdue(db.session)
    db.session.commit()
    mails = db.session.scalars(select(MailOutbox)).all()
    assert [m.to_address for m in mails] == [post.author.email]
    assert "oogst" in mails[0].text_body
    assert AANPLAKKER_TEXT["situatie"] not in mails[0].text_body + mails[0].html_body


# --- search hook ------------------------------------------------------------------------


def test_every_change_is_recorded_for_search(topic, monkeypatch):
    recorded = []
    for module in ("writing", "closing"):
        monkeypatch.setattr(
            f"kenme.services.aanplakker.{module}.record_change",
            lambda session, post: recorded.append(post.id),
        )
    post = make_aanplakker()
    question = make_contribution(post)
    aanplakker.reply_to_question(db.session, post.author, question, "Ja, dat weet ze al.")
    aanplakker.advance_phase(db.session, post.author, post, OG)
    aanplakker.write_oogst(db.session, post.author, post, body=OOGST)
    aanplakker.add_followup(db.session, post.author, post, FOLLOWUP)
    assert recorded == [post.id] * 6
    assert post.aanplakker_details.oogst_markdown == OOGST  # reachable from the Post


def test_purge_rewrites_the_detail_fields(topic):
    post = make_aanplakker()
    assert aanplakker.purge_details_text(post, "alleenstaande ouder", "[verwijderd]")
    assert "alleenstaande ouder" not in post.aanplakker_details.situatie_markdown
    assert "[verwijderd]" in post.aanplakker_details.situatie_html


# --- reading ----------------------------------------------------------------------------


READERS = pytest.mark.parametrize("read_board", [aanplakker.board, aanplakker.board_rows])


@READERS
def test_board_orders_open_by_time_left_and_flags_few_contributors(topic, read_board):
    today = aanplakker.local_today()
    late = make_aanplakker(phase=MD, ends_on=today + timedelta(days=20))
    soon = make_aanplakker(phase=MD, ends_on=today + timedelta(days=4))
    overdue = make_aanplakker(phase=OG)
    overdue.aanplakker_details.ends_on = today - timedelta(days=2)
    closed = make_aanplakker(phase=GS)
    for _ in range(3):
        make_contribution(late, kind=ADVIES)
    hidden = make_aanplakker(phase=MD)
    hidden.visibility = Visibility.HIDDEN
    db.session.commit()
    view = read_board(db.session)
    assert [card.post.id for card in view.open] == [soon.id, late.id, overdue.id]
    cards = {card.post.id: card for card in view.open}
    assert cards[late.id].contributor_count == 3 and not cards[late.id].few_contributors
    assert cards[soon.id].few_contributors and cards[soon.id].days_left == 4
    assert cards[overdue.id].overdue
    assert [card.post.id for card in view.closed.items] == [closed.id]


@READERS
def test_board_and_topic_list_filter_by_topic(topic, read_board):
    make_topic_row("kostendelersnorm")
    on_topic = make_aanplakker(topic_slugs=["kostendelersnorm"])
    make_aanplakker()
    kdn = db.session.scalar(select(Topic).where(Topic.slug == "kostendelersnorm"))
    assert [c.post.id for c in read_board(db.session, topic=kdn).open] == [on_topic.id]
    assert [c.post.id for c in aanplakker.aanplakkers_for_topic(db.session, kdn)] == [on_topic.id]


def _cards_seen(view) -> tuple:
    def seen(card):
        post, details = card.post, card.details
        return (
            post.id,
            post.title,
            [t.name for t in post.topics],
            card.contributor_count,
            card.few_contributors,
            card.days_left,
            details.phase,
            details.has_oogst,
            details.oogst_html,
            details.closed_note,
        )

    closed = view.closed
    return [seen(c) for c in view.open], [seen(c) for c in closed.items], closed.total, closed.page


def test_the_web_board_reads_the_cards_the_api_reads(topic):
    make_topic_row("kostendelersnorm")
    for i in range(12):
        make_aanplakker(
            phase=GS, topic_slugs=["kostendelersnorm", "vakmanschap-intervisie"][i % 2 :]
        )
    busy = make_aanplakker(phase=MD)
    for _ in range(2):
        make_contribution(busy, kind=ADVIES)
    hidden = make_contribution(busy, kind=ADVIES)
    hidden.visibility = Visibility.HIDDEN
    db.session.commit()
    for page in (1, 2, 3):
        rows = _cards_seen(aanplakker.board_rows(db.session, page=page))
        assert rows == _cards_seen(aanplakker.board(db.session, page=page))
        assert rows[2] == 12
    assert len(_cards_seen(aanplakker.board_rows(db.session, page=2))[1]) == 2
    assert _cards_seen(aanplakker.board_rows(db.session))[0][0][3] == 2  # not the hidden one


def test_thread_view_groups_by_phase_in_a_fixed_number_of_queries(topic):
    post, _question, perspective, advice = thread_with_contributions()
    viewer = make_user()
    aanplakker.mark_herkenbaar(db.session, viewer, advice)
    db.session.commit()
    db.session.expire_all()
    assert viewer.role == Role.MEMBER  # load the viewer before counting
    post_id = post.id

    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        view = aanplakker.thread_view(db.session, viewer, post_id)
        rendered = [
            (phase, [(c.post.author.display_name, c.details.kind) for c in items])
            for phase, items in view.groups
        ]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) <= 4, "\n\n".join(statements)
    assert [phase for phase, _ in rendered] == [VH, MD]
    assert [c.post.id for c in view.groups[1][1]] == [perspective.id, advice.id]
    assert [c.herkenbaar_by_me for c in view.groups[1][1]] == [False, True]
    assert view.contributor_count == 3
    assert view.allowed_kinds == ()


def test_demo_aanplakkers_cover_every_phase_and_are_seeded_once(app):
    from kenme.demo import seed_aanplakkers, seed_members, seed_topics
    from kenme.models import AanplakkerDetails

    members = seed_members(db.session)
    seed_topics(db.session)
    assert seed_aanplakkers(db.session, members) >= 8
    db.session.commit()
    assert seed_aanplakkers(db.session, members) == 0
    details = db.session.scalars(select(AanplakkerDetails)).all()
    assert {d.phase for d in details} == set(Phase)
    assert any(d.followup_markdown for d in details)
    today = aanplakker.local_today()
    assert any(d.phase != GS and d.ends_on < today for d in details)  # one awaits its oogst
    helpful = db.session.query(Post).filter(Post.type == PostType.CONTRIBUTION).all()
    assert any(c.contribution_details.helpful for c in helpful)
    assert any(c.contribution_details.reply_markdown for c in helpful)
