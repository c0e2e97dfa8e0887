"""PostgreSQL: a writer holds the vocabulary's shared rows for its commit only (decision 0054).

Every writer whose text brings a common term to a thread adds to that term's row in
``search_terms``. Written at once, the row stayed locked until the writer committed, so
concurrent writers queued on the common terms for the rest of each other's requests. The
frequencies now wait for the commit; the transaction still reads its own, a rollback drops
them, and a term that comes is still logged for the search cache.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from kenme.extensions import db
from kenme.models import SearchChange, SearchTerm
from kenme.search.analysis import analyse
from kenme.search.vocabulary import TermStore
from kenme.services import posting
from tests.factories import make_question, make_user

pytestmark = pytest.mark.postgresql

SHARED = "brumvelt"  # in one thread already; the answer brings it to another
NEW = "kwastorp"  # in no thread before the answer
FILLER = "Volgens de handreiking van de gemeente geldt dit al jaren zo"


def _stem(word: str) -> str:
    [stem] = analyse(word)
    return stem


def _committed_df(term: str) -> int:
    with db.engine.connect() as other:
        found = other.execute(select(SearchTerm.df).where(SearchTerm.term == term)).scalar()
    return found or 0


def _lock_elsewhere(term: str) -> None:
    """Take the term's row from another connection; fails at once if a writer holds it."""
    with db.engine.connect() as other:
        other.execute(
            text("SELECT df FROM search_terms WHERE term = :term FOR UPDATE NOWAIT"),
            {"term": term},
        ).all()
        other.rollback()


def test_an_answer_holds_no_vocabulary_row_until_its_commit(app):
    member = make_user()
    make_question(member, body=f"{FILLER}, ook bij {SHARED}.")
    question = make_question(member, body=f"{FILLER}, ook bij de kostendelersnorm.")
    shared, new = _stem(SHARED), _stem(NEW)
    assert _committed_df(shared) == 1
    held = text("SELECT df FROM search_terms WHERE term = :term FOR UPDATE")
    db.session.execute(held, {"term": shared})
    with pytest.raises(OperationalError):  # the check can fail: a held row is refused
        _lock_elsewhere(shared)
    db.session.rollback()

    posting.post_answer(db.session, member, question, body=f"{FILLER}: {NEW} speelt mee.")
    db.session.rollback()  # its frequencies go with it, also from the next commit
    posting.post_answer(db.session, member, question, body=f"{FILLER}: {SHARED} en {NEW}.")
    _lock_elsewhere(shared)  # the answer's transaction is open and holds no term row

    assert TermStore(db.session).frequencies([shared, new]) == {shared: 2, new: 1}
    db.session.commit()
    assert (_committed_df(shared), _committed_df(new)) == (2, 1)
    logged = db.session.scalars(
        select(SearchChange.words).where(SearchChange.thread_id == question.id)
    ).all()
    assert any(logged)  # a term came: cached corrections see it (kenme/search/cache.py)
