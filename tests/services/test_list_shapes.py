"""The question lists' statements kept per shape give the lists built afresh (decision 0081).

``question_lists._SHAPES`` keeps a list's ids statements by a shape key: everything about
the statement that is not a bound value. A filter added to the lists but left out of that
key would be served the statement kept for another value of it. Two guards:

- every parameter of ``list_questions`` must have values in ``VARIANTS`` below, so a new
  one fails here loudly until it is added (and, if it filters, put in the shape key);
- every list, read with the shapes of all the others kept (in two orders), must equal the
  same list read with nothing kept.
"""

from __future__ import annotations

import inspect
from itertools import product

import pytest

from kenme.extensions import db
from kenme.models import Role
from kenme.services import question_lists
from tests.factories import make_question_row, make_user
from tests.web.test_list_orders import SORTS, STATUSES, community  # noqa: F401 (fixture)

PER_PAGE = 3


@pytest.fixture
def kept_shapes():
    """Leave the process's kept shapes as they were."""
    kept = dict(question_lists._SHAPES)
    yield question_lists._SHAPES
    question_lists._SHAPES.clear()
    question_lists._SHAPES.update(kept)


@pytest.fixture
def world(community) -> dict:  # noqa: F811 (the fixture imported above)
    """test_list_orders' two topics of questions, a reader, a moderator and an author who
    also asked anonymously."""
    author = make_user(display_name="Auteur Anna")
    for n, anonymous in enumerate([False, True, False]):
        question = make_question_row(
            author, title=f"Vraag {n} van Anna over de bijstand", topics=[community["wmo"]]
        )
        question.anonymous = anonymous
    db.session.commit()
    return {
        **community,
        "reader": make_user(display_name="Lezer Lotte"),
        "moderator": make_user(display_name="Moderator Mo", role=Role.MODERATOR),
        "author": author,
    }


def variants(world: dict) -> dict[str, list]:
    """The values each parameter of list_questions takes here (the first is the base)."""
    return {
        "viewer": [world["reader"], None, world["moderator"], world["author"]],
        "sort": ["newest", *[s for s in SORTS if s != "newest"], "hot"],
        "status": [*STATUSES, "unanswered"],
        "topic": [None, world["bijstand"], world["wmo"]],
        "author": [None, world["author"]],
        "page": [1, 2],
        "per_page": [PER_PAGE, 5],
        "exact_total": [False, True],
        "rows": [True, False],
        "ignored": [(), {world["wmo"].id}, {world["bijstand"].id}],
    }


def test_every_parameter_of_list_questions_is_varied_here(world):
    parameters = set(inspect.signature(question_lists.list_questions).parameters) - {"session"}
    assert parameters == set(variants(world)), (
        "list_questions has a parameter this test does not vary: add its values to "
        "variants(); if it changes the ids statement, it belongs in the shape key (_SHAPES)"
    )


def _calls(world: dict) -> list[dict]:
    """Each parameter varied alone from the base, and every sort, status and topic together."""
    values = variants(world)
    base = {name: options[0] for name, options in values.items()}
    calls = [{**base, name: value} for name, options in values.items() for value in options[1:]]
    for sort, status, topic in product(values["sort"], values["status"], values["topic"]):
        calls.append({**base, "sort": sort, "status": status, "topic": topic})
    for viewer, author in product(values["viewer"], values["author"][1:]):
        calls.append({**base, "viewer": viewer, "author": author, "exact_total": True})
    return [base, *calls]


def _read(call: dict) -> tuple:
    page = question_lists.list_questions(db.session, **call)
    return [q.id for q in page.items], page.total, page.exact, page.pages


def test_a_list_read_with_other_shapes_kept_is_the_list_built_afresh(world, kept_shapes):
    calls = _calls(world)
    afresh = []
    for call in calls:
        kept_shapes.clear()
        afresh.append(_read(call))
    assert len({tuple(ids) for ids, *_ in afresh}) > 10  # the variants list different things
    for order in (range(len(calls)), reversed(range(len(calls)))):
        kept_shapes.clear()
        for index in order:
            assert _read(calls[index]) == afresh[index], calls[index]
