"""Suggestions read their questions in one statement, without topics or bodies: every caller
shows only the title, the answer count and the link (decision 0044's speed part, #24)."""

from __future__ import annotations

from sqlalchemy import event

from kenme.extensions import db
from kenme.search import get_engine
from tests.factories import make_question, make_topic


def test_suggested_questions_are_read_in_one_statement(app):
    topic = make_topic(slug="walrusbeleid", name="Walrusbeleid")
    walrus = make_question(title="Walrusregeling voor een inwonende zoon", topics=[topic])
    engine = get_engine()
    assert [p.id for p in engine.suggest("walrusregeling zoon", session=db.session)] == [walrus.id]
    db.session.expire_all()
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        found = engine.suggest("walrusregeling zoon", session=db.session)  # kept: ids cached
        shown = [(p.id, p.title, p.answer_count, p.accepted_answer_id) for p in found]
        reading_posts = [s for s in statements if "FROM posts" in s or "FROM post_topics" in s]
        assert len(reading_posts) == 1, reading_posts
        assert "body_html" not in reading_posts[0]
        # A caller that does ask for more gets it, read when asked.
        assert found[0].topics[0].slug == "walrusbeleid"
        assert "inwonende zoon" in found[0].title
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert shown == [(walrus.id, walrus.title, 0, None)]
