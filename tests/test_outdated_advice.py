"""Outdated advice where it is read (issue 21): a wetswijziging on a topic marks older answers
on the question page, in search results and in the API; a thema-specialist clears it with
"nog actueel na …"; a later change marks the answer again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from kenme import permissions
from kenme.errors import Conflict, NotAllowed
from kenme.extensions import db
from kenme.models import ModerationAction, Post, Role
from kenme.search.hydrate import load_hit_threads
from kenme.services import outdated
from tests.api.conftest import ApiClient, make_token
from tests.factories import (
    make_answer,
    make_law_change,
    make_question,
    make_specialist,
    make_topic,
    make_user,
)
from tests.helpers import CapturedStatements

TITLE = "Telt de walvisregeling mee voor de kostendelersnorm bij een inwonende zoon?"
NOTE = "Nieuwe huisgenotenregel: onder 27 telt niet mee."


@pytest.fixture
def topic(app):
    return make_topic(name="Kostendelersnorm")


@pytest.fixture
def old_answer(topic):
    """An answer written 400 days ago; a law change on its topic came into force 30 days ago."""
    question = make_question(topics=[topic], title=TITLE)
    answer = make_answer(question, make_user(display_name="Antwoorder Anton"))
    answer.created_at -= timedelta(days=400)
    db.session.commit()
    change = make_law_change(topic, outdated.today() - timedelta(days=30), NOTE)
    return answer, change


def since(change) -> str:
    return f"Mogelijk verouderd sinds {outdated.dutch_day(change.effective_on)}: {NOTE}"


def test_an_answer_newer_than_the_change_is_not_marked(topic):
    make_law_change(topic, outdated.today() - timedelta(days=30), NOTE)
    answer = make_answer(make_question(topics=[topic]))
    assert outdated.for_answer(db.session, answer) is None
    assert outdated.for_threads(db.session, [answer.question]) == {}


def test_a_change_not_yet_in_force_marks_nothing(topic):
    question = make_question(topics=[topic])
    make_answer(question)
    make_law_change(topic, outdated.today() + timedelta(days=1), NOTE)
    assert outdated.for_answer(db.session, question.children[0]) is None


def test_the_question_page_marks_the_older_answer(client, auth, old_answer):
    answer, change = old_answer
    auth.login_as(make_user())
    page = client.get(f"/vragen/{answer.parent_id}").get_data(as_text=True)
    assert f"mogelijk verouderd sinds {outdated.dutch_day(change.effective_on)}" in page
    assert NOTE in page
    assert "Nog actueel na" not in page  # plain members get no button


def test_search_results_mark_threads_with_older_answers(client, auth, old_answer):
    answer, change = old_answer
    auth.login_as(make_user())
    page = client.get("/zoeken?q=walvisregeling").get_data(as_text=True)
    assert f'href="/vragen/{answer.parent_id}"' in page
    assert f"antwoorden mogelijk verouderd sinds {outdated.dutch_day(change.effective_on)}" in page


def test_search_hits_carry_their_topics_and_are_not_asked_for_them_again(topic, old_answer):
    answer, change = old_answer
    other = make_topic(name="Huisbezoek")
    plain = make_question(topics=[other], title="Een huisbezoek zonder afspraak?")
    make_answer(plain).created_at -= timedelta(days=400)
    db.session.commit()
    ids = [answer.parent_id, plain.id]
    hits = load_hit_threads(db.session, ids)

    with CapturedStatements() as seen:
        found = outdated.for_threads(db.session, hits)

    # The same as for the ORM posts, without reading post_topics: the rows hold the topics.
    assert found == outdated.for_threads(db.session, [db.session.get(Post, i) for i in ids])
    assert list(found) == [answer.parent_id] and found[answer.parent_id].change == change
    assert not [s for s, _ in seen.seen if "post_topics" in s], seen.seen
    assert len(seen.seen) == 2  # the law changes, the answers' dates


def test_the_api_marks_the_answer_and_the_search_hit(client, old_answer):
    answer, change = old_answer
    api = ApiClient(client, make_token(make_user()))
    data = api.get(f"/questions/{answer.parent_id}").json
    [shown] = data["answers"]
    assert shown["outdated"] == {
        "since": change.effective_on.isoformat(),
        "note": NOTE,
        "message": since(change),
    }
    assert shown["current_as_of"] is None
    [hit] = api.get("/search", query_string={"q": "walvisregeling"}).json["hits"]
    assert hit["outdated"]["message"] == since(change)


def test_a_specialist_marks_it_still_current_and_a_later_change_marks_it_again(
    client, auth, topic, old_answer
):
    answer, change = old_answer
    specialist = make_specialist(topic)
    auth.login_as(specialist)
    page = client.get(f"/vragen/{answer.parent_id}").get_data(as_text=True)
    assert f"/antwoorden/{answer.id}/nog-actueel" in page
    response = client.post_form(
        f"/antwoorden/{answer.id}/nog-actueel", page=f"/vragen/{answer.parent_id}"
    )
    assert response.status_code == 302
    db.session.refresh(answer)
    assert answer.current_as_of == change.effective_on
    entry = db.session.scalar(select(ModerationAction))
    assert (entry.action, entry.actor_id, entry.post_id) == (
        "confirm_current",
        specialist.id,
        answer.id,
    )
    auth.logout()
    auth.login_as(make_user())
    page = client.get(f"/vragen/{answer.parent_id}").get_data(as_text=True)
    # The answer's notice is gone; the sidebar's general note about law changes stays.
    assert "verouderd sinds" not in page.lower()
    assert f"Nog actueel na de wetswijziging van {outdated.dutch_day(change.effective_on)}" in page
    assert "antwoorden mogelijk verouderd" not in client.get("/zoeken?q=walvisregeling").get_data(
        as_text=True
    )
    api = ApiClient(client, make_token(make_user()))
    [shown] = api.get(f"/questions/{answer.parent_id}").json["answers"]
    assert shown["outdated"] is None and shown["current_as_of"] == change.effective_on.isoformat()
    later = make_law_change(topic, outdated.today() - timedelta(days=1), "Weer nieuwe normen.")
    [shown] = api.get(f"/questions/{answer.parent_id}").json["answers"]
    assert shown["outdated"]["since"] == later.effective_on.isoformat()
    assert "Weer nieuwe normen." in client.get(f"/vragen/{answer.parent_id}").get_data(as_text=True)


def test_only_specialists_of_the_topic_and_moderators_confirm(topic, old_answer):
    answer, _change = old_answer
    elsewhere = make_specialist(make_topic(name="Schuldhulpverlening"))
    for user in (make_user(reputation=10_000), elsewhere):
        with pytest.raises(NotAllowed, match="thema-specialisten"):
            outdated.confirm_current(db.session, user, answer)
    db.session.rollback()
    assert answer.current_as_of is None
    assert permissions.allowed(make_user(role=Role.MODERATOR), "confirm_current", answer)
    outdated.confirm_current(db.session, make_user(role=Role.MODERATOR), answer)
    db.session.commit()
    with pytest.raises(Conflict, match="niet als mogelijk verouderd"):
        outdated.confirm_current(db.session, make_specialist(topic), answer)


def test_a_plain_member_is_refused_over_http(client, auth, old_answer):
    answer, _change = old_answer
    auth.login_as(make_user(reputation=10_000))
    response = client.post_form(
        f"/antwoorden/{answer.id}/nog-actueel", page=f"/vragen/{answer.parent_id}"
    )
    assert response.status_code == 403
    db.session.refresh(answer)
    assert answer.current_as_of is None
