"""The embedded index after any sequence of writes equals a fresh rebuild (decision 0038).

A new answer or comment only adds its own analysed words to the thread's stored fields
(kenme/search/appending.py); edits, hides, deletes, purges and the rest take the full path.
A Hypothesis state machine applies random sequences of writes through the services, on
SQLite and on PostgreSQL, and checks after every step that text that is not visible (hidden,
deleted, purged) is in no index row while visible text is, and after every sequence that
the index rows and the vocabulary's frequencies are exactly what a rebuild writes, and that
searching each written word finds exactly the threads that show it.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import select, text

from kenme.errors import DomainError
from kenme.extensions import db
from kenme.models import Comment, Post, Role, SearchTerm, Visibility
from kenme.models.types import utcnow
from kenme.search import cache, get_engine
from kenme.search.analysis import analyse
from kenme.search.documents import FIELDS, META, load_documents
from kenme.search.engine import Filters
from kenme.search.fts import tsvector_literal
from kenme.search.indexing import _analyse
from kenme.search.synonyms import clear_cache, current_thesaurus, seed_reference
from kenme.services import comments, posting, voting
from kenme.services.moderation import content
from tests.factories import (
    ESTABLISHED,
    make_answer,
    make_comment,
    make_question,
    make_topic,
    make_user,
)

# Made-up words far apart from each other (no typo or prefix reaches another), one with
# accents and one with an apostrophe (the non-ASCII and apostrophe paths of the analysis),
# and the two words of a thesaurus name, so a name can span two answers or comments.
WORDS = (
    "brumvelt",
    "kwastorp",
    "fliggenaar",
    "zondrapiek",
    "přiklöpje",
    "zwoeb's",
    "beslagvrije",
    "voet",
)
SEARCHED = WORDS[:6]  # the name's words are common in the thesaurus; searched as stems only
FILLER = "volgens de handreiking van de gemeente geldt dit al jaren"
# The name whole, too: its token in one post, besides its words spanning two.
words = st.lists(st.sampled_from((*WORDS, "beslagvrije voet")), max_size=3)


def _text(before: list[str], after: list[str]) -> str:
    return " ".join([*before, FILLER, *after])


def _written(before: list[str], after: list[str]) -> set[str]:
    return set(" ".join([*before, *after]).split())


def _snapshot() -> tuple[dict, dict]:
    """The index rows (every field; PostgreSQL also its tsvector) and the frequencies."""
    if db.session.get_bind().dialect.name == "postgresql":
        columns = ", ".join(FIELDS)
        statement = f"SELECT post_id, document::text, {columns} FROM fts_threads"  # noqa: S608
    else:
        statement = f"SELECT rowid, {', '.join(FIELDS)} FROM fts_threads"  # noqa: S608
    rows = {row[0]: tuple(row[1:]) for row in db.session.execute(text(statement))}
    terms = dict(db.session.execute(select(SearchTerm.term, SearchTerm.df)).all())
    return rows, terms


def _stems(written: set[str]) -> set[str]:
    return {stem for word in written for stem in analyse(word)}


def _row_terms(row: tuple, postgres: bool) -> set[str]:
    """The distinct text terms of an index row (the vocabulary's part)."""
    if postgres:
        row = row[1:]  # the fields; the tsvector is checked against them
    return {t for t in " ".join(row[:-1]).split() if not t.startswith(META)}


def _tsvector(fields: dict[str, str]) -> str:
    """The tsvector a rebuild writes for these fields, as PostgreSQL prints it."""
    literal = tsvector_literal(fields)
    return db.session.scalar(text("SELECT CAST(:doc AS tsvector)::text"), {"doc": literal})


def _indexed_terms(thread_id: int) -> set[str]:
    """The text terms of one thread's index row (none when it has no row)."""
    row = _snapshot()[0].get(thread_id)
    postgres = db.session.get_bind().dialect.name == "postgresql"
    return set() if row is None else _row_terms(row, postgres)


class Writes(RuleBasedStateMachine):
    """Two threads, written to by members and a moderator through the services."""

    def __init__(self) -> None:
        super().__init__()
        self.asker = make_user(reputation=ESTABLISHED)
        self.member = make_user(reputation=ESTABLISHED)
        self.moderator = make_user(role=Role.MODERATOR, reputation=ESTABLISHED)
        topic = make_topic()
        self.threads: list[Post] = []
        for n in range(2):
            question = posting.ask_question(
                db.session,
                self.asker,
                title=f"Hoe gaan jullie om met deze casus nummer {n}?",
                body=_text(["zondrapiek"], ["voet"]),
                topic_slugs=[topic.slug],
            )
            db.session.commit()
            self.threads.append(question)
        # Every post and comment written, with the words of its current text.
        self.texts: dict[tuple[str, int], set[str]] = {
            ("post", q.id): {"zondrapiek", "voet"} for q in self.threads
        }
        # Every word a thread's text ever held (edited or purged away, too).
        self.ever: dict[int, set[str]] = {q.id: {"zondrapiek", "voet"} for q in self.threads}

    # Helpers -----------------------------------------------------------------------------

    def _do(self, write) -> None:
        """Run one write as a request does: committed, or rolled back when refused."""
        try:
            write()
        except DomainError:
            db.session.rollback()
        else:
            db.session.commit()

    def _targets(self, with_comments: bool = True) -> list[Post | Comment]:
        ids = [i for kind, i in self.texts if kind == "post"]
        found: list[Post | Comment] = list(
            db.session.scalars(select(Post).where(Post.id.in_(ids)).order_by(Post.id))
        )
        if with_comments:
            comment_ids = [i for kind, i in self.texts if kind == "comment"]
            found += db.session.scalars(
                select(Comment).where(Comment.id.in_(comment_ids)).order_by(Comment.id)
            )
        return found

    @staticmethod
    def _key(target: Post | Comment) -> tuple[str, int]:
        return ("comment" if isinstance(target, Comment) else "post", target.id)

    def _shown(self, target: Post | Comment) -> bool:
        """Whether a post or comment is visible text of a visible thread."""
        if target.visibility != Visibility.VISIBLE:
            return False
        post = target.post if isinstance(target, Comment) else target
        if post.visibility != Visibility.VISIBLE:
            return False
        return post.question.visibility == Visibility.VISIBLE

    def _thread_of(self, target: Post | Comment) -> Post:
        post = target.post if isinstance(target, Comment) else target
        return post.question

    def _wrote(self, target: Post | Comment, written: set[str]) -> None:
        self.texts[self._key(target)] = written
        self.ever[self._thread_of(target).id] |= written

    # Writes ------------------------------------------------------------------------------

    @rule(thread=st.integers(0, 1), before=words, after=words)
    def answer(self, thread, before, after):
        body = _text(before, after)

        def write():
            answer = posting.post_answer(db.session, self.member, self.threads[thread], body=body)
            self._wrote(answer, _written(before, after))

        self._do(write)

    @rule(pick=st.integers(0, 10**6), before=words, after=words)
    def comment(self, pick, before, after):
        posts = self._targets(with_comments=False)
        post = posts[pick % len(posts)]
        body = _text(before, after)

        def write():
            added = comments.add_comment(db.session, self.member, post, body)
            self._wrote(added, _written(before, after))

        self._do(write)

    @rule(pick=st.integers(0, 10**6), before=words, after=words)
    def edit(self, pick, before, after):
        posts = self._targets(with_comments=False)
        post = posts[pick % len(posts)]
        body = _text(before, after)
        editor = self.asker if post.author_id == self.asker.id else self.member

        def write():
            posting.edit_post(db.session, editor, post, body=body, title=post.title)
            self._wrote(post, _written(before, after))

        self._do(write)

    @rule(
        pick=st.integers(0, 10**6),
        action=st.sampled_from(["hide", "restore", "delete", "undelete"]),
    )
    def moderate(self, pick, action):
        targets = self._targets()
        target = targets[pick % len(targets)]
        write = getattr(content, action)
        reason = "Persoonsgegevens" if action in ("hide", "delete") else ""
        self._do(lambda: write(db.session, self.moderator, target, reason))

    @rule(pick=st.integers(0, 10**6), word=st.sampled_from(WORDS))
    def purge(self, pick, word):
        targets = self._targets()
        target = targets[pick % len(targets)]
        key = self._key(target)

        def write():
            content.purge(db.session, self.moderator, target, word, "Persoonsgegevens")
            # Every occurrence goes, and a word it was part of loses that part.
            self.texts[key] = {w for w in self.texts[key] if word not in w}

        self._do(write)

    @rule(pick=st.integers(0, 10**6), accepted=st.booleans())
    def accept(self, pick, accepted):
        answers = [p for p in self._targets(with_comments=False) if p.parent_id]
        if answers:
            answer = answers[pick % len(answers)]
            self._do(lambda: voting.accept(db.session, self.asker, answer, accepted))

    @rule(pick=st.integers(0, 10**6), value=st.sampled_from([-1, 0, 1]))
    def vote(self, pick, value):
        posts = [p for p in self._targets(with_comments=False) if p.author_id != self.member.id]
        if posts:
            post = posts[pick % len(posts)]
            self._do(lambda: voting.vote(db.session, self.member, post, value))

    # Checks ------------------------------------------------------------------------------

    @invariant()
    def index_is_what_the_full_path_writes(self):
        """After every write: each thread's row is what a rebuild writes for it, and each
        term's frequency is the number of rows holding it (a later full-path write to a
        thread would hide a wrong row from the check after the sequence)."""
        rows, terms = _snapshot()
        ids = [q.id for q in self.threads]
        expected = {
            i: _analyse(document, {}, current_thesaurus(db.session).name_tokens)
            for i, document in load_documents(db.session, ids).items()
        }
        postgres = db.session.get_bind().dialect.name == "postgresql"
        for thread_id in ids:
            fields = expected.get(thread_id)
            row = rows.get(thread_id)
            if fields is None:
                assert row is None, thread_id
                continue
            wanted = tuple(fields[name] for name in FIELDS)
            if postgres:
                wanted = (_tsvector(fields), *wanted)
            assert row == wanted, thread_id
        held: Counter[str] = Counter()
        for row in rows.values():
            held.update(_row_terms(row, postgres))
        assert terms == dict(held)

    @invariant()
    def only_visible_text_is_indexed(self):
        """After every write: a thread's row holds the words of its visible text, and no
        word that only hidden, deleted or purged text of it held."""
        shown: dict[int, set[str]] = {q.id: set() for q in self.threads}
        for target in self._targets():
            if self._shown(target):
                shown[self._thread_of(target).id] |= _stems(self.texts[self._key(target)])
        for thread_id, stems in shown.items():
            indexed = _indexed_terms(thread_id)
            assert stems <= indexed, thread_id
            assert not (_stems(self.ever[thread_id]) - stems) & indexed, thread_id

    def teardown(self):
        """After every sequence: the index is what a rebuild writes, and search finds
        each written word in exactly the threads that show it."""
        db.session.commit()
        before = _snapshot()
        get_engine().rebuild(db.session)
        db.session.commit()
        after = _snapshot()
        assert before[0] == after[0]
        assert Counter(before[1]) == Counter(after[1])
        cache.clear()
        mine = {q.id for q in self.threads}
        for word in SEARCHED:
            hits = get_engine().search(word, Filters(), "relevance", 1).hits
            found = {hit.id for hit in hits} & mine
            expected = {
                self._thread_of(target).id
                for target in self._targets()
                if self._shown(target) and word in self.texts[self._key(target)]
            }
            assert found == expected, word
        for question in self.threads:  # out of the next sequence's searches
            if question.visibility != Visibility.DELETED:
                content.delete(db.session, self.moderator, question, "Einde van de reeks")
        db.session.commit()


def test_index_after_random_writes_equals_a_rebuild(app):
    seed_reference(db.session)
    db.session.commit()
    clear_cache()
    run_state_machine_as_test(
        Writes,
        settings=settings(
            max_examples=12,
            stateful_step_count=12,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )


def _row(thread_id: int) -> tuple:
    return _snapshot()[0][thread_id]


def test_a_post_that_sorts_before_an_older_one_takes_the_full_path(app):
    """The fields list posts by time: a new answer or comment dated before an existing one
    (another server's clock) goes in its place, as a rebuild puts it, not at the end."""
    question = make_question(body=_text(["zondrapiek"], []))
    answer = make_answer(question, body=_text(["brumvelt"], []))
    comment = make_comment(question, body=_text(["kwastorp"], []))
    later = utcnow() + timedelta(days=1)
    answer.created_at = comment.created_at = later
    db.session.commit()
    make_answer(question, body=_text(["fliggenaar"], []))
    make_comment(question, body=_text(["zondrapiek"], []))
    written = _row(question.id)
    get_engine().rebuild(db.session)
    db.session.commit()
    assert written == _row(question.id)
    fields = dict(zip(FIELDS, written[-len(FIELDS) :], strict=True))

    def before(field: str, first: str, second: str) -> bool:
        terms = fields[field].split()
        return terms.index(analyse(first)[0]) < terms.index(analyse(second)[0])

    assert before("answers", "fliggenaar", "brumvelt")
    assert before("comments", "zondrapiek", "kwastorp")
