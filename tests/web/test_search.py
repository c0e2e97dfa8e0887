"""The search page through a member's eyes: results, facets, filters, bad input, thesaurus."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from kenme.extensions import db
from kenme.models import Role, SynonymGroupRecord
from kenme.search.synonyms import clear_cache, seed_reference
from kenme.services.moderation.content import hide
from tests.factories import make_answer, make_question, make_topic, make_user

BODY = (
    "## Situatie\nDe klant woont met haar zoon van eind twintig in een huurwoning.\n\n"
    "## Mijn vraag\nHoe ga ik hiermee om als hij ook zorg geeft?"
)


def html_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def member(auth):
    seed_reference(db.session)
    db.session.commit()
    clear_cache()
    user = make_user(display_name="Petra")
    auth.login_as(user)
    return user


@pytest.fixture
def kdn():
    return make_topic("kostendelersnorm", name="Kostendelersnorm")


@pytest.fixture
def threads(kdn):
    wmo = make_topic("wmo", name="Wmo")
    first = make_question(
        title="Kostendelersnorm bij een inwonende zoon die mantelzorg geeft",
        body=BODY,
        topics=[kdn],
    )
    second = make_question(
        title="Huishoudelijke hulp via de Wmo voor een inwonende moeder", body=BODY, topics=[wmo]
    )
    make_answer(second, body="Gebruikelijke hulp door huisgenoten gaat voor op de Wmo.")
    return first, second


def test_search_needs_a_login(client):
    response = client.get("/zoeken?q=kdn")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_empty_search_page_explains_how_to_search(client, member):
    html = html_of(client.get("/zoeken"))
    assert "<h1>Zoeken</h1>" in html
    assert "Zo vind je het snelst" in html
    assert 'role="search"' in html


def test_results_are_highlighted_and_link_to_the_thread(client, member, threads):
    first, _ = threads
    html = html_of(client.get("/zoeken?q=kdn"))
    assert "1 resultaat" in html
    assert f'href="/vragen/{first.id}"' in html
    assert "<mark>Kostendelersnorm</mark>" in html  # kdn found through the thesaurus


def test_a_typo_still_finds_and_suggests_the_spelling(client, member, threads):
    html = html_of(client.get("/zoeken?q=huurwonnig"))
    assert "2 resultaten" in html
    assert "Bedoelde je" in html and "huurwoning" in html


def test_nothing_found_gives_help_not_an_error(client, member, threads):
    response = client.get("/zoeken?q=zeppelinhangar")
    html = html_of(response)
    assert response.status_code == 200
    assert "Niets gevonden" in html
    assert "Stel hem aan je collega" in html


def test_facets_count_and_link_to_a_filter(client, member, threads):
    _, second = threads
    html = html_of(client.get("/zoeken?q=inwonende"))
    assert "2 resultaten" in html
    links = dict(
        re.findall(r'<a href="([^"]+)"[^>]*>Wmo <span class="facet-count">\((\d+)\)', html)
    )
    [(url, count)] = links.items()
    assert count == "1"
    url = url.replace("&amp;", "&")
    assert parse_qs(urlsplit(url).query) == {"q": ["inwonende"], "onderwerp": ["wmo"]}
    filtered = html_of(client.get(url))
    assert "1 resultaat" in filtered
    assert f'href="/vragen/{second.id}"' in filtered
    assert "Onderwerp: Wmo" in filtered


def test_filters_and_sort_from_the_form(client, member, threads):
    first, _second = threads
    html = html_of(client.get("/zoeken?q=inwonende&onbeantwoord=y&sort=newest"))
    assert "1 resultaat" in html and f'href="/vragen/{first.id}"' in html
    html = html_of(client.get("/zoeken?q=is:onbeantwoord+inwonende"))
    assert "1 resultaat" in html
    html = html_of(client.get("/zoeken?q=inwonende&type=aanplakker"))
    assert "Geen resultaten" in html


def test_hidden_questions_are_not_found(client, member, threads):
    first, _ = threads
    hide(db.session, make_user(role=Role.MODERATOR), first, "Test")
    db.session.commit()
    html = html_of(client.get("/zoeken?q=kostendelersnorm"))
    assert f'href="/vragen/{first.id}"' not in html


def test_search_as_you_type_gets_a_fragment(client, member, threads):
    response = client.get("/zoeken?q=kostendel&fragment=1")
    html = html_of(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert 'data-count="1"' in html


def test_pages_of_results(client, member, kdn):
    for n in range(22):
        make_question(
            title=f"Kostendelersnorm in casus nummer {n} uit de reeks", body=BODY, topics=[kdn]
        )
    html = html_of(client.get("/zoeken?q=kostendelersnorm&sort=newest"))
    assert "22 resultaten" in html
    assert 'rel="next"' in html and "pagina=2" in html
    second = html_of(client.get("/zoeken?q=kostendelersnorm&sort=newest&pagina=2"))
    assert second.count('class="hit"') == 2


BAD_QUERIES = [
    "",
    "x" * 1000,
    "kosten " * 200,
    '"gezamenlijke huishouding',
    "kosten* NEAR(a, b) title:x",
    "'; DROP TABLE posts; --",
    "1' OR '1'='1",
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "%00%ff",
    "onderwerp:<b>",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_input_gives_a_normal_page_and_never_unescaped_output(client, member, threads, query):
    response = client.get(
        "/zoeken",
        query_string={
            "q": query,
            "jaar": "20x4",
            "pagina": "-3",
            "onderwerp": "<i>",
            "sort": "evil",
        },
    )
    html = html_of(response)
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>" not in html.split("<main", 1)[1] or "<b>" in BODY


def test_the_header_has_a_search_box_and_the_nav_a_link(client, member):
    html = html_of(client.get("/onderwerpen"))
    assert 'action="/zoeken"' in html
    assert '<a href="/zoeken"' in html


def test_similar_questions_come_from_the_search_engine(client, member, threads):
    first, _ = threads
    data = client.get("/vragen/vergelijkbaar?title=kostendelersnrom mantelzorg zoon").get_json()
    assert [q["id"] for q in data["questions"]] == [first.id]


# --- the thesaurus page ---------------------------------------------------------------------


@pytest.fixture
def moderator(client, auth):
    seed_reference(db.session)
    db.session.commit()
    user = make_user(role=Role.MODERATOR)
    auth.login_as(user)
    return user


def test_members_may_not_edit_the_thesaurus(client, member):
    assert client.get("/moderatie/thesaurus").status_code == 403


def test_moderators_add_edit_and_delete_groups(client, moderator, kdn):
    question = make_question(
        title="Hoe werkt schuldenrust bij een minnelijk traject?", body=BODY, topics=[kdn]
    )
    page = html_of(client.get("/moderatie/thesaurus"))
    assert "kostendelersnorm" in page and "Groep toevoegen" in page
    response = client.post_form(
        "/moderatie/thesaurus",
        {"canonical": "schuldenrust", "terms": "saneringskrediet, adempauze", "kind": "S"},
    )
    assert response.status_code == 302
    html = html_of(client.get("/zoeken?q=adempauze"))
    assert f'href="/vragen/{question.id}"' in html
    group = db.session.scalar(
        select(SynonymGroupRecord).where(SynonymGroupRecord.canonical == "schuldenrust")
    )
    response = client.post_form(
        f"/moderatie/thesaurus/{group.id}",
        {"canonical": "schuldenrust", "terms": "saneringskrediet", "kind": "S"},
    )
    assert response.status_code == 302
    assert "Geen resultaten" in html_of(client.get("/zoeken?q=adempauze"))
    before = db.session.scalar(select(func.count(SynonymGroupRecord.id)))
    response = client.post_form(
        f"/moderatie/thesaurus/{group.id}/verwijderen", page="/moderatie/thesaurus"
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(SynonymGroupRecord.id))) == before - 1


def test_a_group_needs_a_main_term_and_another_term(client, moderator):
    response = client.post_form("/moderatie/thesaurus", {"canonical": "", "terms": "", "kind": "S"})
    assert response.status_code == 400
    assert "Controleer het formulier" in html_of(response)
    response = client.post_form(
        "/moderatie/thesaurus", {"canonical": "kdn", "terms": "KDN", "kind": "S"}
    )
    assert response.status_code == 400
    assert "minstens één andere term" in html_of(response)


@pytest.mark.app_config(MEILISEARCH_URL="http://127.0.0.1:9", MEILISEARCH_TIMEOUT=1)
def test_search_unavailable_is_a_friendly_page(client, member):
    response = client.get("/zoeken?q=kdn")
    assert response.status_code == 503
    assert "Zoeken is op dit moment niet beschikbaar" in html_of(response)
