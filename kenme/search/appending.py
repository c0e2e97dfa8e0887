"""A new answer or comment added to its thread's index row without reading the thread again.

The common write: the thread's stored fields (analysed words, the same strings a rebuild
writes) get the new post's analysed words at the end of their field, and the meta tokens
their new status and answered flag. Only the new text is analysed; the thread's other posts
are not read. When anything could make the result differ from the full path (index_threads)
the caller takes that path instead: see append_post and docs/decisions/0038.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from kenme.models import Comment, Post, Visibility
from kenme.search import cache
from kenme.search.analysis import token_stems
from kenme.search.documents import CHILD_TYPES, FIELDS, META, THREAD_TYPES, NameTokens, plain_text
from kenme.search.fts import backend_for
from kenme.search.indexing import _change, _text_terms
from kenme.search.synonyms import current_thesaurus
from kenme.search.vocabulary import apply_deltas

NAME = META + "name"  # every thesaurus name token starts so (documents.name_token)


def append_post(session: Session, thread: Post, added: Post | Comment) -> bool:
    """Add a new answer or comment's words to its thread's index row; False: take the full
    path (index_threads) instead, which is always right.

    Called after the flush that wrote ``added`` and locked the thread's row (its
    thread_version), so no other writer changes this thread's index row until commit.
    """
    field = _field_of(session, thread, added)
    if field is None:
        return False
    backend = backend_for(session)
    stored = backend.read(session, [thread.id]).get(thread.id)
    if stored is None or not stored[1]:
        return False  # not indexed yet, or a PostgreSQL row from before migration 0028
    before, fields_before = stored
    fields = dict(zip(FIELDS, fields_before, strict=True))
    names = current_thesaurus(session).name_tokens
    stems = _stems_of(fields[field].split(), names)
    if stems is None:
        return False  # written under another thesaurus: the full path writes it anew
    words: dict[str, str] = {}
    new = _analysed(_text_of(added), words)
    stems += new
    fields[field] = " ".join(stems + names(stems))
    meta = _meta(session, thread.id, fields["meta"])
    if meta is None:
        return False
    fields["meta"] = meta
    if tuple(fields[name] for name in FIELDS) == fields_before:
        return True  # only stop words, and no flag changed: nothing to write
    backend.update(session, thread.id, fields)
    deltas = Counter(dict.fromkeys(_text_terms(fields) - before, 1))
    words_changed = apply_deltas(session, deltas, words, [thread.id])
    change = _change(thread.id, before, fields_before, fields)
    cache.bump(session, [replace(change, words=words_changed)])
    return True


def _field_of(session: Session, thread: Post, added: Post | Comment) -> str | None:
    """Return the field the new post's text joins, or None when the full path must run:
    the thread is not a visible thread, the post is not visible text of it, or an older
    post or comment sorts after it (the fields list a thread's posts by time, then id)."""
    if thread.visibility != Visibility.VISIBLE or str(thread.type) not in THREAD_TYPES:
        return None
    if added.visibility != Visibility.VISIBLE:
        return None
    posts = Post.__table__.c
    if isinstance(added, Post):
        if added.parent_id != thread.id or str(added.type) not in CHILD_TYPES:
            return None
        later = select(posts.id).where(posts.parent_id == thread.id, _after(posts, added))
        return None if session.scalar(select(exists(later))) else "answers"
    on = added.post
    if on.id != thread.id and (
        on.parent_id != thread.id
        or on.visibility != Visibility.VISIBLE
        or str(on.type) not in CHILD_TYPES
    ):
        return None
    comments = Comment.__table__.c
    in_thread = select(posts.id).where(or_(posts.id == thread.id, posts.parent_id == thread.id))
    later = select(comments.id).where(comments.post_id.in_(in_thread), _after(comments, added))
    return None if session.scalar(select(exists(later))) else "comments"


def _after(columns, added: Post | Comment):
    """Rows other than ``added`` that sort after it: later, or as late with a higher id."""
    return and_(
        columns.id != added.id,
        or_(
            columns.created_at > added.created_at,
            and_(columns.created_at == added.created_at, columns.id > added.id),
        ),
    )


def _text_of(added: Post | Comment) -> str:
    """The text the full path reads for the new post (documents._load_chunk)."""
    if isinstance(added, Post):
        return plain_text(added.body_markdown)
    return added.body


def _analysed(text: str, words: dict[str, str]) -> list[str]:
    """The stems of text as indexing._analyse writes them, noting a typed word per stem."""
    tokens, stems = token_stems(text)
    for token, term in zip(tokens, stems, strict=True):
        if term and term not in words:
            words[term] = token[:64]
    return list(filter(None, stems))


def _stems_of(tokens: list[str], names: NameTokens) -> list[str] | None:
    """Return a stored field's stems: its tokens without the name tokens at its end.

    A field is ``stems + names(stems)``. The cut is the one point where that holds: a longer
    prefix holds at least as many names, so two cuts cannot both give the same tokens. A
    member may write a word starting like a name token, so the cut is tried from the first
    of the trailing name-like tokens on. None: no cut holds (another thesaurus wrote it).
    """
    first = len(tokens)
    while first and tokens[first - 1].startswith(NAME):
        first -= 1
    for cut in range(first, len(tokens) + 1):
        stems = tokens[:cut]
        if stems + names(stems) == tokens:
            return stems
    return None


def _meta(session: Session, thread_id: int, stored: str) -> str | None:
    """Return the thread's meta tokens with its status and answered flag as they are now.

    A new answer or comment changes no topic, type, year, accepted or endorsed flag (a new
    answer is neither accepted nor endorsed yet); the status and answer count it may change
    are read from the thread's row, as the full path does.
    """
    posts = Post.__table__.c
    row = session.execute(
        select(posts.status, posts.answer_count).where(posts.id == thread_id)
    ).first()
    if row is None:
        return None
    status = f"{META}status{row.status!s}"  # as ThreadDocument.meta_tokens
    answered = f"{META}answered" if row.answer_count else f"{META}unanswered"
    tokens = []
    for token in stored.split():
        if token.startswith(f"{META}status"):
            token = status
        elif token in (f"{META}answered", f"{META}unanswered"):
            token = answered
        tokens.append(token)
    return " ".join(tokens)
