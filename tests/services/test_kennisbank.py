"""The Kennisbank: curated topic pages, law changes and the "mogelijk verouderd" notice."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from kenme.errors import Conflict, NotAllowed, ValidationFailed
from kenme.extensions import db
from kenme.models import KennisbankItem, LawChange, ModerationAction, Role
from kenme.services import kennisbank, moderation
from kenme.services.privacy_gate import PersonalDataFound
from tests.factories import (
    make_answer_row,
    make_law_change,
    make_question_row,
    make_specialist,
    make_topic_row,
    make_user,
)

INTRO = "## Start hier\nSinds 1 januari 2023 tellen huisgenoten onder de 27 niet mee."


@pytest.fixture
def topic(app):
    return make_topic_row("kostendelersnorm", "Kostendelersnorm")


@pytest.fixture
def moderator(app):
    return make_user(role=Role.MODERATOR)


def test_moderator_writes_the_intro_as_markdown(topic, moderator):
    page = kennisbank.save_intro(db.session, moderator, topic, INTRO)
    db.session.commit()
    assert "<h2>Start hier</h2>" in page.intro_html
    assert page.updated_by_id == moderator.id
    row = db.session.scalar(select(ModerationAction))
    assert (row.action, row.details) == (
        "edit_kennisbank",
        {"topic": "kostendelersnorm", "change": "intro"},
    )


def test_specialist_edits_only_their_own_topics(topic):
    specialist = make_specialist(topic)
    kennisbank.save_intro(db.session, specialist, topic, INTRO)
    other = make_topic_row("schuldhulpverlening")
    with pytest.raises(NotAllowed, match="thema-specialisten van dit onderwerp"):
        kennisbank.save_intro(db.session, specialist, other, INTRO)
    with pytest.raises(NotAllowed):
        kennisbank.save_intro(db.session, make_user(), topic, "Iets anders")
    db.session.rollback()
    assert kennisbank.page_view(db.session, None, other).page is None


def test_intro_with_personal_data_is_refused_and_not_stored(topic, moderator):
    with pytest.raises(PersonalDataFound):
        kennisbank.save_intro(db.session, moderator, topic, "Bel 06-12345678 voor uitleg.")
    db.session.rollback()
    assert kennisbank.page_view(db.session, moderator, topic).page is None


def test_items_link_visible_posts_in_order_with_a_note(topic, moderator):
    question = make_question_row(topics=[topic])
    answer = make_answer_row(question)
    kennisbank.add_item(db.session, moderator, topic, str(question.id), "De basisregel")
    kennisbank.add_item(
        db.session, moderator, topic, f"/vragen/{question.id}#antwoord-{answer.id}", "Uitleg"
    )
    db.session.commit()
    view = kennisbank.page_view(db.session, make_user(), topic)
    assert [(i.post_id, i.note) for i in view.items] == [
        (question.id, "De basisregel"),
        (answer.id, "Uitleg"),
    ]
    kennisbank.move_item(db.session, moderator, topic, view.items[1].id, -1)
    db.session.commit()
    view = kennisbank.page_view(db.session, make_user(), topic)
    assert [i.post_id for i in view.items] == [answer.id, question.id]
    with pytest.raises(Conflict, match="bovenaan"):
        kennisbank.move_item(db.session, moderator, topic, view.items[0].id, -1)
    kennisbank.remove_item(db.session, moderator, topic, view.items[0].id)
    db.session.commit()
    assert [i.post_id for i in kennisbank.page_view(db.session, None, topic).items] == [question.id]


@pytest.mark.parametrize(
    ("reference", "note", "message"),
    [
        ("999999", "Iets", "bestaat niet"),
        ("geen nummer", "Iets", "nummer of de link"),
        ("QUESTION", "", "één regel"),
        ("QUESTION", "x" * 301, "hooguit 300"),
        ("HIDDEN", "Iets", "niet zichtbaar"),
        ("QUESTION_TWICE", "Nog eens", "staat al"),
    ],
)
def test_bad_items_are_refused(topic, moderator, reference, note, message):
    question = make_question_row(topics=[topic])
    hidden = make_question_row(title="Verborgen vraag over de kostendelersnorm?")
    moderation.hide(db.session, moderator, hidden, "Spam")
    if reference == "QUESTION_TWICE":
        kennisbank.add_item(db.session, moderator, topic, question.id, "Eerste keer")
        db.session.commit()
    reference = {"QUESTION": question.id, "QUESTION_TWICE": question.id, "HIDDEN": hidden.id}.get(
        reference, reference
    )
    count = len(db.session.scalars(select(KennisbankItem)).all())
    with pytest.raises((ValidationFailed, Conflict), match=message):
        kennisbank.add_item(db.session, moderator, topic, reference, note)
    db.session.rollback()
    assert len(db.session.scalars(select(KennisbankItem)).all()) == count


def test_items_of_posts_hidden_later_disappear_from_the_page(topic, moderator):
    question = make_question_row(topics=[topic])
    kennisbank.add_item(db.session, moderator, topic, question.id, "Goed voorbeeld")
    moderation.hide(db.session, moderator, question, "Persoonsgegevens")
    db.session.commit()
    assert kennisbank.page_view(db.session, make_user(), topic).items == []


def test_law_changes_are_dated_and_removable(topic, moderator):
    change = kennisbank.add_law_change(
        db.session, moderator, topic, date(2023, 1, 1), "Huisgenoten onder 27 tellen niet mee."
    )
    db.session.commit()
    assert kennisbank.page_view(db.session, None, topic).law_changes == [change]
    with pytest.raises(ValidationFailed):
        kennisbank.add_law_change(db.session, moderator, topic, None, "Zonder datum")
    kennisbank.remove_law_change(db.session, moderator, topic, change.id)
    db.session.commit()
    assert db.session.scalar(select(LawChange)) is None


def test_overview_lists_pages_with_content_first(topic, moderator):
    empty = make_topic_row("armoedebeleid", "Armoedebeleid")
    kennisbank.save_intro(db.session, moderator, topic, INTRO)
    db.session.commit()
    entries = kennisbank.overview(db.session)
    assert [e.topic for e in entries] == [topic, empty]
    assert entries[0].page is not None and entries[1].page is None


def written_on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("answered", "changes", "expected"),
    [
        (date(2022, 6, 1), [date(2023, 1, 1)], date(2023, 1, 1)),
        (date(2023, 6, 1), [date(2023, 1, 1)], None),
        (date(2023, 1, 1), [date(2023, 1, 1)], None),
        (date(2022, 6, 1), [date(2099, 1, 1)], None),
        (date(2020, 6, 1), [date(2021, 7, 1), date(2023, 1, 1)], date(2023, 1, 1)),
        (date(2020, 6, 1), [], None),
    ],
)
def test_outdated_notice_is_the_newest_change_since_the_answer(topic, answered, changes, expected):
    answer = make_answer_row(make_question_row(topics=[topic]), created_at=written_on(answered))
    law_changes = [make_law_change(topic, day) for day in changes]
    notice = kennisbank.outdated_notice(answer, law_changes, today=date(2025, 1, 1))
    assert (notice.effective_on if notice else None) == expected


def test_outdated_notice_ignores_changes_of_other_topics(topic):
    other = make_topic_row("bbz")
    answer = make_answer_row(
        make_question_row(topics=[topic]), created_at=written_on(date(2020, 1, 1))
    )
    changes = [make_law_change(other, date(2023, 1, 1))]
    assert kennisbank.outdated_notice(answer, changes) is None
