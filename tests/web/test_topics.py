"""Topic overview and topic pages; moderators curate topics."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kenme.extensions import db
from kenme.models import Role, Topic
from kenme.services import follows
from tests.factories import make_answer, make_question, make_topic, make_user


def html_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def moderator(auth):
    user = make_user(role=Role.MODERATOR)
    auth.login_as(user)
    return user


@pytest.fixture
def kdn():
    return make_topic(
        "kostendelersnorm",
        name="Kostendelersnorm",
        description="Lagere norm bij het delen van een woning met andere 27-plussers.",
        legal_basis="Pw art. 22a",
        synonyms=["kdn", "kostendeler"],
    )


def test_overview_lists_topics_with_counts(client, member, kdn):
    make_question(topics=[kdn])
    make_topic("wmo", name="Wmo", legal_basis="Wmo 2015")
    html = html_of(client.get("/onderwerpen"))
    assert '<a href="/onderwerpen/kostendelersnorm">Kostendelersnorm</a>' in html
    assert "Pw art. 22a" in html
    assert '<td class="num" data-label="Vragen">1</td>' in html
    assert html.index("Kostendelersnorm") < html.index(">Wmo<")
    assert "Onderwerp toevoegen" not in html


def test_topic_page_shows_facts_questions_and_room_for_the_kennisbank(client, member, kdn):
    question = make_question(topics=[kdn], title="Geldt de kostendelersnorm voor een kamerhuurder?")
    other = make_question(title="Een vraag over een heel ander onderwerp, de Wmo")
    html = html_of(client.get("/onderwerpen/kostendelersnorm"))
    assert "<h1>Kostendelersnorm</h1>" in html
    assert "Lagere norm bij het delen" in html
    assert "<dt>Wettelijke grondslag</dt><dd>Pw art. 22a</dd>" in html
    assert "<dt>Volgers</dt><dd>0</dd>" in html
    assert "kdn, kostendeler" in html
    assert question.title in html
    assert other.title not in html


def test_topic_page_shows_whether_this_member_follows_or_ignores_it(client, member, kdn):
    wmo = make_topic("wmo", name="Wmo")
    someone = make_user()
    follows.follow_topic(db.session, someone, kdn)  # another member's follow is theirs
    follows.ignore_topic(db.session, member, wmo)  # ignoring another topic is not this one
    db.session.commit()
    html = html_of(client.get("/onderwerpen/kostendelersnorm"))
    assert "Onderwerp volgen" in html and "Onderwerp negeren" in html
    assert "Niet meer volgen" not in html and "Niet meer negeren" not in html
    assert "<dt>Volgers</dt><dd>1</dd>" in html
    follows.follow_topic(db.session, member, kdn)
    db.session.commit()
    html = html_of(client.get("/onderwerpen/kostendelersnorm"))
    assert "Niet meer volgen" in html and "Onderwerp negeren" in html
    assert "<dt>Volgers</dt><dd>2</dd>" in html
    follows.ignore_topic(db.session, member, kdn)
    db.session.commit()
    html = html_of(client.get("/onderwerpen/kostendelersnorm"))
    assert "Onderwerp volgen" in html and "Niet meer negeren" in html
    assert "Niet meer negeren" in html_of(client.get("/onderwerpen/wmo"))


def test_topic_page_filters_by_status_and_sorts(client, member, kdn):
    answered = make_question(topics=[kdn], title="Beantwoorde vraag over de kostendelersnorm")
    make_answer(answered)
    open_question = make_question(topics=[kdn], title="Open vraag over de kostendelersnorm")
    html = html_of(client.get("/onderwerpen/kostendelersnorm?status=open&sort=active"))
    assert open_question.title in html
    assert answered.title not in html
    assert '<option selected value="open">' in html or 'value="open" selected' in html
    unfiltered = html_of(client.get("/onderwerpen/kostendelersnorm?status=onzin&sort=onzin"))
    assert answered.title in unfiltered and open_question.title in unfiltered


def test_topic_page_paginates_and_keeps_filters(client, member, kdn):
    for n in range(21):
        make_question(topics=[kdn], title=f"Vraag {n:02d} over de kostendelersnorm en huur")
    html = html_of(client.get("/onderwerpen/kostendelersnorm?sort=votes"))
    assert 'href="/onderwerpen/kostendelersnorm?sort=votes&amp;page=2"' in html


def test_unknown_topic_is_404(client, member):
    response = client.get("/onderwerpen/bestaat-niet")
    assert response.status_code == 404
    assert "Dit onderwerp bestaat niet." in html_of(response)


def test_moderator_adds_a_topic_with_synonyms(client, moderator):
    response = client.post_form(
        "/onderwerpen/nieuw",
        {
            "name": "Bijzondere bijstand",
            "slug": "bijzondere-bijstand",
            "description": "Kosten die uit bijzondere omstandigheden voortkomen.",
            "legal_basis": "Pw art. 35",
            "synonyms": "bb\n\nbijz. bijstand\n",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/onderwerpen/bijzondere-bijstand"
    topic = db.session.scalar(select(Topic).where(Topic.slug == "bijzondere-bijstand"))
    assert [s.term for s in topic.synonyms] == ["bb", "bijz. bijstand"]
    assert "Het onderwerp is opgeslagen." in html_of(client.get(response.headers["Location"]))


def test_moderator_edits_a_topic(client, moderator, kdn):
    form = html_of(client.get("/onderwerpen/kostendelersnorm/bewerken"))
    assert "kdn\nkostendeler" in form
    response = client.post_form(
        "/onderwerpen/kostendelersnorm/bewerken",
        {"name": "Kostendelersnorm (kdn)", "slug": "kostendelersnorm", "synonyms": "kdn"},
    )
    assert response.status_code == 302
    db.session.refresh(kdn)
    assert kdn.name == "Kostendelersnorm (kdn)"
    assert [s.term for s in kdn.synonyms] == ["kdn"]


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("Hoofd Letters", "Gebruik alleen kleine letters, cijfers en streepjes."),
        ("kostendelersnorm", "Er bestaat al een onderwerp met deze korte naam."),
        ("nieuw", "Deze korte naam is gereserveerd"),
        ("", "Dit veld is verplicht."),
    ],
)
def test_bad_topic_is_refused_and_kept(client, moderator, kdn, slug, message):
    response = client.post_form("/onderwerpen/nieuw", {"name": "Nieuw onderwerp", "slug": slug})
    assert response.status_code == 400
    html = html_of(response)
    assert message in html
    assert 'value="Nieuw onderwerp"' in html
    assert db.session.scalar(select(func.count()).select_from(Topic)) == 1


def test_members_cannot_curate_topics(client, member, kdn):
    assert client.get("/onderwerpen/nieuw").status_code == 403
    assert client.get("/onderwerpen/kostendelersnorm/bewerken").status_code == 403
    response = client.post_form(
        "/onderwerpen/nieuw", {"name": "Stiekem", "slug": "stiekem"}, page="/onderwerpen"
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Topic)) == 1
