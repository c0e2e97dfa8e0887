"""Purging personal data: every revision rewritten, nothing left in any column, no trace in
the audit row."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kenme.errors import NotAllowed, ValidationFailed
from kenme.extensions import db
from kenme.models import ModerationAction, Notification, Role
from kenme.services import moderation
from tests.factories import (
    make_comment_row,
    make_flag,
    make_question_row,
    make_topic_row,
    make_user,
)
from tests.helpers import rows_containing

NAME = "mevrouw Brouwer-Ostendorp"
TITLE = "Kostendelersnorm bij mevrouw Brouwer-Ostendorp en haar zoon?"


@pytest.fixture
def moderator(app):
    return make_user(role=Role.MODERATOR)


@pytest.fixture
def question(app):
    body = f"## Situatie\n{NAME} woont met haar zoon (eind twintig). Is **{NAME}** kostendeler?"
    return make_question_row(
        title=TITLE,
        body=body,
        topics=[make_topic_row("kostendelersnorm")],
        revisions=[
            {"title": "Kostendelersnorm bij een inwonende zoon?", "body": f"{NAME} vraagt..."},
            {
                "title": TITLE,
                "body": "Tussenversie zonder naam",
                "fields": {"situatie": f"Bij {NAME} thuis"},
                "confirmed": [{"field": "body", "kind": "name", "text": NAME}],
                "summary": f"Naam {NAME} toegevoegd",
            },
            {"title": TITLE, "body": body},
        ],
    )


def test_purge_rewrites_the_post_and_every_revision(question, moderator):
    moderation.purge(db.session, moderator, question, NAME, "Naam van een klant")
    db.session.commit()
    assert NAME not in question.title + question.body_markdown + question.body_html
    assert question.body_markdown.count("[verwijderd]") == 2
    assert "<strong>[verwijderd]</strong>" in question.body_html
    for revision in question.revisions:
        assert NAME not in " ".join(
            [revision.title, revision.body_markdown, revision.body_html, revision.edit_summary]
        )
        assert NAME not in str(revision.fields) + str(revision.confirmed_findings)
    assert question.revisions[1].fields == {"situatie": "Bij [verwijderd] thuis"}


def test_purge_leaves_the_text_in_no_column_of_the_database(question, moderator):
    make_flag(question, None, "persoonsgegevens", f"De naam {NAME} staat erin")
    assert rows_containing(NAME)
    moderation.purge(db.session, moderator, question, NAME, "Naam van een klant")
    db.session.commit()
    assert rows_containing(NAME) == []


def test_the_audit_row_counts_but_holds_no_purged_text(question, moderator):
    moderation.purge(db.session, moderator, question, NAME, "Naam van een klant")
    db.session.commit()
    row = db.session.scalar(select(ModerationAction).where(ModerationAction.action == "purge"))
    assert (row.actor_id, row.post_id, row.reason) == (
        moderator.id,
        question.id,
        "Naam van een klant",
    )
    assert row.details["occurrences"] >= 6 and row.details["revisions"] == 3
    assert NAME not in str(row.details) + row.reason
    notice = db.session.scalar(select(Notification))
    assert notice.kind == "post_purged" and NAME not in notice.message


def test_purge_on_a_comment(question, moderator):
    comment = make_comment_row(question, body="Ik ken mevrouw Brouwer-Ostendorp ook!")
    moderation.purge(db.session, moderator, comment, NAME, "Naam van een klant")
    db.session.commit()
    assert comment.body == "Ik ken [verwijderd] ook!"
    assert NAME not in comment.body_html


def test_purge_lets_search_follow(question, moderator, monkeypatch):
    changed = []
    monkeypatch.setattr(
        "kenme.services.moderation.content.record_change", lambda s, post: changed.append(post)
    )
    moderation.purge(db.session, moderator, question, NAME, "Naam van een klant")
    assert changed == [question]


@pytest.mark.parametrize(
    ("span", "reason", "message"),
    [
        ("mevrouw Jansen", "Naam", "komt niet"),
        ("MEVROUW BROUWER-OSTENDORP", "Naam", "komt niet"),
        ("vraagt...", "Alleen in een oude versie", "komt niet"),
        ("", "Naam", "minimaal 2"),
        ("x", "Naam", "minimaal 2"),
        ("verwijderd", "Naam", "al verwijderd"),
        (NAME, "", "reden"),
        (NAME, f"Naam {NAME} weg", "niet in de reden"),
    ],
)
def test_refused_purges_change_nothing_and_log_nothing(question, moderator, span, reason, message):
    before = [(r.title, r.body_markdown, str(r.fields)) for r in question.revisions]
    with pytest.raises(ValidationFailed, match=message):
        moderation.purge(db.session, moderator, question, span, reason)
    db.session.rollback()
    assert [(r.title, r.body_markdown, str(r.fields)) for r in question.revisions] == before
    assert db.session.scalar(select(ModerationAction)) is None


def test_members_cannot_purge(question):
    with pytest.raises(NotAllowed):
        moderation.purge(db.session, make_user(), question, NAME, "Naam")
    db.session.rollback()
    assert NAME in question.body_markdown


def test_restoring_after_a_purge_upholds_the_personal_data_flag(question, moderator):
    flag = make_flag(question, None, "persoonsgegevens")
    moderation.purge(db.session, moderator, question, NAME, "Naam van een klant")
    moderation.restore(db.session, moderator, question, "Opgeschoond")
    assert flag.status == "upheld"


def test_purged_text_is_no_longer_found_by_search(question, moderator):
    from kenme.search import get_engine

    assert get_engine().search("Brouwer-Ostendorp", session=db.session).total == 1
    moderation.purge(db.session, moderator, question, NAME, "Naam van een klant")
    db.session.commit()
    results = get_engine().search("Brouwer-Ostendorp", session=db.session)
    assert (results.total, results.hits) == (0, [])


def test_purge_on_an_aanplakker_rewrites_its_case_fields(app, moderator):
    from datetime import date

    from kenme.models import Post, PostType, Revision
    from kenme.models.aanplakker import AanplakkerDetails
    from kenme.rendering import render_markdown

    author = make_user()
    situatie = f"{NAME} krijgt een verlaging."
    aanplakker = Post(
        type=PostType.AANPLAKKER,
        author=author,
        title="Verlaging of niet bij een klant met schulden?",
        body_markdown=f"## Situatie\n{situatie}",
        body_html=render_markdown(f"## Situatie\n{situatie}"),
    )
    aanplakker.aanplakker_details = AanplakkerDetails(
        situatie_markdown=situatie,
        situatie_html=render_markdown(situatie),
        oogst_markdown=f"Ik bel {NAME} morgen.",
        ends_on=date(2030, 1, 1),
    )
    aanplakker.revisions.append(
        Revision(number=1, title=aanplakker.title, author=author, fields={"situatie": situatie})
    )
    db.session.add(aanplakker)
    db.session.commit()
    moderation.purge(db.session, moderator, aanplakker, NAME, "Naam van een klant")
    db.session.commit()
    assert aanplakker.aanplakker_details.situatie_markdown == "[verwijderd] krijgt een verlaging."
    assert NAME not in aanplakker.aanplakker_details.oogst_markdown
    assert rows_containing(NAME) == []


def test_a_purged_word_is_gone_from_the_index_storage_too(moderator):
    """SQLite's FTS5 keeps a replaced document's tokens in its segments until they merge."""
    from tests.factories import make_question

    word = "pinguinkwestie"  # the index stores lower case
    question = make_question(
        body="## Situatie\nDe klant woont met haar zoon in een huurwoning en vraagt naar de "
        f"{word}.\n\n## Mijn vraag\nTelt hij mee voor de kostendelersnorm?"
    )
    assert rows_containing(word)
    moderation.purge(db.session, moderator, question, word, "Test")
    db.session.commit()
    assert rows_containing(word) == []
