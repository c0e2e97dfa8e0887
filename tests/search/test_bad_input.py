"""Any query text gives a normal result page or a Dutch message, never an error (#16).

Generated, not hand-listed: empty and blank, very long, operator-only, punctuation-only,
emoji, mixed-script and HTML queries, and mixtures of them, through the engine and the page.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenme.extensions import db
from kenme.search import get_engine
from kenme.search.synonyms import clear_cache, seed_reference
from tests.factories import make_question, make_user

OPERATORS = ['"', "-", "*", ":", "(", ")", "^", "is:", "onderwerp:", "AND", "OR", "NOT", "NEAR"]
EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
SCRIPTS = st.characters(
    codec="utf-8",
    categories=("Lu", "Ll", "Lo", "Nd", "Mn"),
)
WORDS = st.sampled_from(
    ["kostendelersnorm", "bijstand", "zzp", "huisbezoek", "kan", "ik", "een", "klant", "wi2021"]
)
HTML = st.sampled_from(
    ["<script>alert(1)</script>", "<b>", "</p>", "&amp;", "<img src=x onerror=alert(1)>", "-->"]
)
PIECES = st.one_of(
    WORDS,
    HTML,
    st.sampled_from(OPERATORS),
    st.text(alphabet=st.characters(categories=("P", "S", "Zs")), max_size=12),
    st.text(alphabet=EMOJI, max_size=6),
    st.text(alphabet=SCRIPTS, max_size=12),
    st.just(" "),
)
QUERIES = st.one_of(
    st.lists(PIECES, max_size=12).map(" ".join),
    st.lists(PIECES, max_size=6).map("".join),
    st.text(max_size=40),
    st.lists(WORDS, min_size=60, max_size=120).map(" ".join),  # 500+ characters
    st.text(min_size=500, max_size=900),
)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def seed():
    seed_reference(db.session)
    make_question(
        title="Kostendelersnorm bij een inwonende zzp'er na een huisbezoek",
        body="## Situatie\nEen klant woont met een zelfstandige zoon.\n\n## Mijn vraag\nHoe nu?",
    )
    db.session.commit()
    clear_cache()


@SETTINGS
@given(query=QUERIES, page=st.integers(min_value=-3, max_value=80))
def test_any_query_gives_results_never_an_error(app, query, page):
    if not getattr(app, "_seeded", False):
        seed()
        app._seeded = True
    for sort in ("relevance", "newest"):
        results = get_engine().search(query, sort=sort, page=page)
        assert results.total >= 0
        assert len(results.hits) <= results.per_page
        db.session.rollback()


@SETTINGS
@given(query=QUERIES)
def test_the_search_page_answers_any_query_in_dutch(app, auth, client, query):
    if not getattr(app, "_seeded", False):
        seed()
        user = make_user(display_name="Petra")
        db.session.commit()
        auth.login_as(user)
        app._seeded = True
    response = client.get("/zoeken", query_string={"q": query})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'lang="nl"' in html
    assert "<script>alert(1)</script>" not in html  # the query is escaped wherever shown
    assert "<img src=x" not in html
