"""The search page's links are built once per request (route) and per link (query string):
each must be what url_for gives, under a mount too."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import url_for
from werkzeug.datastructures import MultiDict

from kenme.models import PostType
from kenme.search.engine import thread_url
from kenme.web.search.views import search_url

ARGS = MultiDict(
    [
        ("q", 'kostendelersnorm "inwonende zoon" -broer & co/€ 100%'),
        ("onderwerp", "kostendelersnorm"),
        ("onderwerp", "bijstand"),
        ("status", "open"),
        ("sort", "newest"),
    ]
)


@pytest.mark.parametrize("mount", ["", "/kenme"])
def test_search_links_are_what_url_for_gives(app, mount):
    cases = [
        ({}, ARGS.to_dict(flat=False)),
        ({"add": ("onderwerp", "huurtoeslag")}, {**ARGS.to_dict(flat=False)}),
        ({"add": ("type", "question")}, {**ARGS.to_dict(flat=False), "type": ["question"]}),
        ({"remove": ("onderwerp", "bijstand")}, {**ARGS.to_dict(flat=False)}),
        ({"sort": None}, {**ARGS.to_dict(flat=False), "sort": []}),
        ({"q": "pinguïn?&="}, {**ARGS.to_dict(flat=False), "q": ["pinguïn?&="]}),
    ]
    cases[1][1]["onderwerp"] = ["kostendelersnorm", "bijstand", "huurtoeslag"]
    cases[3][1]["onderwerp"] = ["kostendelersnorm"]
    with app.test_request_context("/zoeken", base_url=f"http://localhost{mount}/"):
        for options, expected in cases:
            built = search_url(ARGS, **options)
            assert built == url_for("search.index", **expected), options
            assert built.startswith(f"{mount}/zoeken?")
        assert search_url(MultiDict()) == url_for("search.index") == f"{mount}/zoeken"


@pytest.mark.parametrize("mount", ["", "/kenme"])
def test_links_adding_a_name_the_arguments_lack_are_what_url_for_gives(app, mount):
    # The common links (facets, sort, pages) append one name to the request's query string.
    args = MultiDict([("q", "huur & toeslag/€"), ("onderwerp", "bijstand")])
    plain = args.to_dict(flat=False)
    cases = [
        ({"add": ("type", "question")}, {**plain, "type": ["question"]}),
        ({"add": ("jaar", "")}, {**plain, "jaar": [""]}),
        ({"sort": "newest"}, {**plain, "sort": ["newest"]}),
        ({"sort": None}, plain),
        ({"pagina": 3}, {**plain, "pagina": [3]}),
        ({"pagina": 3, "sort": "votes"}, {**plain, "pagina": [3], "sort": ["votes"]}),
    ]
    with app.test_request_context("/zoeken", base_url=f"http://localhost{mount}/"):
        for _ in range(2):  # the second time from the query string built the first time
            for options, expected in cases:
                assert search_url(args, **options) == url_for("search.index", **expected)
        other = MultiDict([("type", "aanplakker")])  # another args in the same request
        assert search_url(other, pagina=2) == url_for("search.index", type="aanplakker", pagina=2)
        assert search_url(MultiDict(), add=("type", "question")) == f"{mount}/zoeken?type=question"


@pytest.mark.parametrize("mount", ["", "/kenme"])
def test_thread_links_are_what_url_for_gives(app, mount):
    question = SimpleNamespace(id=1234, type=PostType.QUESTION)
    aanplakker = SimpleNamespace(id=56, type=PostType.AANPLAKKER)
    with app.test_request_context("/zoeken", base_url=f"http://localhost{mount}/"):
        for _ in range(2):  # the second time from the route built the first time
            assert thread_url(question) == url_for("questions.show", question_id=1234)
            assert thread_url(aanplakker) == url_for("aanplakker.thread", post_id=56)
        assert thread_url(question) == f"{mount}/vragen/1234"
