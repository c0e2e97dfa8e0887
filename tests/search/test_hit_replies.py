"""A hit matched only in its replies: its snippet comes from their texts, read on their own."""

from __future__ import annotations

from kenme.extensions import db
from kenme.models import Role
from kenme.search.documents import load_documents, plain_text
from kenme.search.hydrate import hydrate
from kenme.search.snippets import Highlighter, snippet
from kenme.services.moderation.content import hide
from tests.factories import make_answer, make_comment, make_question, make_topic, make_user
from tests.helpers import CapturedStatements


def test_a_hit_matched_in_its_replies_reads_only_their_texts(app):
    topic = make_topic()
    question = make_question(
        title="Hoe ga ik om met een huurachterstand?",
        body="De klant heeft een achterstand bij de corporatie.",
        topics=[topic],
    )
    hidden = make_answer(question, body="Vraag naar de zeldzaamheidstoeslag, zei ik eerst.")
    answer = make_answer(question, body="Kijk of de zeldzaamheidstoeslag de huur dekt.")
    make_comment(answer, body="Die zeldzaamheidstoeslag bestaat alleen in onze gemeente.")
    make_comment(question, body="Goede vraag.")
    hide(db.session, make_user(role=Role.MODERATOR), hidden, "Test: verbergen")
    db.session.commit()
    highlighter = Highlighter(frozenset({"zeldzaamheidstoeslag"}))
    question_id, body = question.id, question.body_markdown

    with CapturedStatements() as seen:
        (hit,) = hydrate(db.session, [question_id], highlighter)

    # The same snippet as from the whole document: visible replies in order, then comments.
    document = load_documents(db.session, [question_id])[question_id]
    texts = [document.oogst, plain_text(body)]
    assert hit.snippet == snippet([*texts, *document.answers, *document.comments], highlighter)
    assert "<mark>zeldzaamheidstoeslag</mark> de huur dekt" in str(hit.snippet)
    # The hit's row, its replies, their comments: not the thread again, nor its topics.
    assert len(seen.seen) <= 3, [statement[:300] for statement, _ in seen.seen]
