"""Resolving @mentions to members, and posts that link them."""

from __future__ import annotations

from kenme.extensions import db
from kenme.models.types import utcnow
from kenme.services import mentions
from tests.factories import make_answer, make_comment, make_question, make_user


def resolved(text: str) -> list[tuple[str, int | None]]:
    return [(m.name, m.user_id) for m in mentions.resolve(db.session, text)]


def test_the_longest_reading_that_names_a_member_wins(app):
    ilse = make_user(display_name="Ilse de Vries")
    short = make_user(display_name="Ilse")
    assert resolved("Vraag het @Ilse de Vries vandaag, of @ilse.") == [
        ("Ilse de Vries", ilse.id),
        ("ilse", short.id),
    ]


def test_an_unknown_name_is_plain_text(app):
    make_user(display_name="Ilse de Vries")
    assert resolved("@Ilsa de Vries en @Niemand") == []
    question = make_question(body="Misschien weet @Niemand Bekend meer over deze casus, denk ik.")
    assert "<a" not in question.body_html


def test_a_shared_name_is_a_mention_of_nobody_in_particular(app):
    make_user(display_name="Sanne")
    make_user(display_name="sanne")
    assert resolved("@Sanne") == [("Sanne", None)]
    assert mentions.profile_links(mentions.resolve(db.session, "@Sanne")) == {}


def test_names_compare_case_folded_beyond_ascii(app):
    emile = make_user(display_name="Émile Ångström")
    assert resolved("@ÉMILE ÅNGSTRÖM en @émile ångström") == [
        ("ÉMILE ÅNGSTRÖM", emile.id),
        ("émile ångström", emile.id),
    ]


def test_only_members_of_the_community_are_mentioned(app):
    make_user(display_name="Nog Niet Goedgekeurd", approved=False)
    gone = make_user(display_name="Vertrokken Collega")
    gone.deleted_at = utcnow()
    db.session.commit()
    suspended = make_user(display_name="Even Geschorst", suspended_days=3)
    assert resolved("@Nog Niet Goedgekeurd @Vertrokken Collega @Even Geschorst") == [
        ("Even Geschorst", suspended.id)
    ]


def test_a_changed_display_name_is_found_under_its_new_name(app):
    member = make_user(display_name="Oude Naam")
    member.display_name = "Nieuwe Naam"
    db.session.commit()
    assert resolved("@Oude Naam") == []
    assert resolved("@nieuwe naam") == [("nieuwe naam", member.id)]


def test_answers_and_comments_link_mentions_to_profiles(app):
    ilse = make_user(display_name="Ilse de Vries")
    question = make_question()
    answer = make_answer(question, body="Ik denk dat @Ilse de Vries dit eerder heeft uitgezocht.")
    comment = make_comment(answer, body="Eens met @ilse de vries, zie haar antwoord.")
    link = f'href="/leden/{ilse.id}" class="mention"'
    assert link in answer.body_html and answer.revisions[-1].body_html == answer.body_html
    assert f'class="mention" href="/leden/{ilse.id}"' in comment.body_html


def test_suggestions_by_prefix_for_the_type_ahead(app):
    ilse = make_user(display_name="Ilse de Vries")
    ilona = make_user(display_name="Ilona")
    make_user(display_name="Noor")
    make_user(display_name="Ilja Weg", approved=False)
    assert [u.id for u in mentions.suggest(db.session, "IL")] == [ilona.id, ilse.id]
    assert mentions.suggest(db.session, "i") == []  # at least two characters
    assert mentions.suggest(db.session, "%") == []  # LIKE wildcards are literal


def test_a_mention_of_a_member_is_no_privacy_finding_but_the_same_name_without_at_is(app):
    import pytest

    from kenme.services.privacy_gate import PersonalDataFound, scan_fields

    make_user(display_name="Ilse de Vries")
    text = "Volgens @Ilse de Vries klopt dit, maar vraag het ook aan Fatima Bakker zelf."
    kinds = [(f.kind, f.text) for f in scan_fields({"body": text}, db.session)]
    assert ("name", "Fatima Bakker") in kinds
    assert not any("Ilse" in found for _kind, found in kinds)
    assert any("Ilse" in f.text for f in scan_fields({"body": text}))  # without a session
    with pytest.raises(PersonalDataFound):
        make_answer(make_question(), body="Vraag het Ilse de Vries, zij kent de klant goed.")
