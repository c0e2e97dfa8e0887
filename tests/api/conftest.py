"""Fixtures for the JSON API: token-carrying clients per member."""

from __future__ import annotations

import pytest

from kenme.extensions import db
from kenme.models import Role
from kenme.services import posting, tokens
from tests.factories import ESTABLISHED, make_topic_row, make_user

API = "/api/v1"
QUESTION_TITLE = "Geldt de kostendelersnorm als de inwonende zoon mantelzorg geeft?"
QUESTION_BODY = (
    "## Situatie\nDe klant woont samen met haar zoon van eind twintig, die mantelzorg geeft."
    "\n\n## Vraag\nTelt de zoon mee voor de kostendelersnorm?"
)
ANSWER_BODY = "Sinds 2023 tellen huisgenoten onder de 27 niet mee; daarboven wel, ook bij zorg."


class ApiClient:
    """Calls /api/v1 with a member's bearer token."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.token = token

    def _headers(self, headers: dict | None) -> dict:
        result = dict(headers or {})
        if self.token is not None:
            result.setdefault("Authorization", f"Bearer {self.token}")
        return result

    def open(self, method: str, path: str, *, headers: dict | None = None, **kwargs):
        return self.client.open(API + path, method=method, headers=self._headers(headers), **kwargs)

    def get(self, path: str, **kwargs):
        return self.open("GET", path, **kwargs)

    def post(self, path: str, json=None, **kwargs):
        return self.open("POST", path, json=json, **kwargs)

    def patch(self, path: str, json=None, **kwargs):
        return self.open("PATCH", path, json=json, **kwargs)

    def delete(self, path: str, **kwargs):
        return self.open("DELETE", path, **kwargs)


def make_token(user, name: str = "test") -> str:
    """Create a token for the member and return its plain text."""
    _token, plain = tokens.create_token(db.session, user, name)
    db.session.commit()
    return plain


@pytest.fixture
def api_as(client):
    """Return a factory: api_as(user) gives an ApiClient acting as that member."""

    def _api_as(user, token: str | None = None) -> ApiClient:
        return ApiClient(client, token if token is not None else make_token(user))

    return _api_as


@pytest.fixture
def anonymous_api(client) -> ApiClient:
    return ApiClient(client, None)


@pytest.fixture
def member(app):
    return make_user(display_name="Fatima Klantmanager")


@pytest.fixture
def other_member(app):
    return make_user(display_name="Joost Inkomensconsulent", reputation=ESTABLISHED)


@pytest.fixture
def moderator(app):
    return make_user(role=Role.MODERATOR, display_name="Mo Derator")


@pytest.fixture
def topic(app):
    return make_topic_row("kostendelersnorm", "Kostendelersnorm")


@pytest.fixture
def ask(app, topic):
    """Ask a question through the posting service (as the web and the API do)."""

    def _ask(
        author, *, title: str = QUESTION_TITLE, body: str = QUESTION_BODY, anonymous: bool = False
    ):
        question = posting.ask_question(
            db.session,
            author,
            title=title,
            body=body,
            topic_slugs=[topic.slug],
            anonymous=anonymous,
        )
        db.session.commit()
        return question

    return _ask


@pytest.fixture
def answer(app):
    """Answer a question through the posting service."""

    def _answer(author, question, *, body: str = ANSWER_BODY):
        result = posting.post_answer(db.session, author, question, body=body)
        db.session.commit()
        return result

    return _answer
