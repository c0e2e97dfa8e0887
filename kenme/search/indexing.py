"""Writing the embedded engine's index: analysed documents and the vocabulary, in step.

Every change is written by index_threads in the changing transaction; rebuild_index writes
the whole index afresh (see embedded.py for the engine around it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from kenme.search import cache
from kenme.search.analysis import token_stems
from kenme.search.documents import (
    FIELDS,
    META,
    TEXT_FIELDS,
    NameTokens,
    ThreadDocument,
    load_documents,
    visible_thread_ids,
)
from kenme.search.fts import backend_for
from kenme.search.synonyms import current_thesaurus
from kenme.search.vocabulary import apply_deltas, replace_all

REBUILD_BATCH = 1000


def rebuild_index(session: Session, progress=None) -> int:
    """Rebuild the index and vocabulary from the database, in one transaction."""
    backend = backend_for(session)
    backend.clear(session)
    names = current_thesaurus(session).name_tokens
    frequencies: Counter[str] = Counter()
    words: dict[str, str] = {}
    written, after = 0, 0
    while True:
        ids = visible_thread_ids(session, after, REBUILD_BATCH)
        if not ids:
            break
        after = ids[-1]
        analysed = {
            post_id: _analyse(document, words, names)
            for post_id, document in load_documents(session, ids).items()
        }
        backend.insert(session, analysed)
        for fields in analysed.values():
            frequencies.update(_text_terms(fields))
        written += len(analysed)
        if progress:
            progress(written)
    replace_all(session, frequencies, words)
    backend.optimise(session)
    cache.bump(session)
    cache.mark_format(session, cache.INDEX_FORMAT)
    return written


def _analyse(document: ThreadDocument, words: dict[str, str], names: NameTokens) -> dict[str, str]:
    """Return the fields of a document as indexed, noting a typed word for every new stem.

    A field's stems are followed by the tokens of the multi-word thesaurus names in it.
    """
    fields: dict[str, str] = {}
    for name, value in document.texts().items():
        tokens, stems = token_stems(value)
        # Per token in Python only where a stem is new to this rebuild (a set difference in
        # C first): a token loop over every field was a third of a rebuild's analysis.
        new = set(stems).difference(words)
        new.discard("")
        new.discard(None)
        if new:
            for token, term in zip(tokens, stems, strict=True):
                if term in new and term not in words:
                    words[term] = token[:64]
        stems = list(filter(None, stems))
        fields[name] = " ".join(stems + names(stems))
    fields["meta"] = " ".join(document.meta_tokens())
    return {name: fields.get(name, "") for name in FIELDS}


def _text_terms(fields: dict[str, str]) -> set[str]:
    """Return the distinct text terms (the vocabulary's part; meta look-alikes left out)."""
    terms = " ".join(fields[name] for name in TEXT_FIELDS).split()
    return {t for t in terms if not t.startswith(META)}


def _name_tokens(fields: dict[str, str]) -> set[str]:
    """Return the distinct thesaurus name tokens of the text fields (documents.NameTokens)."""
    return {t for name in TEXT_FIELDS for t in fields[name].split() if t.startswith(META)}


def index_threads(session: Session, thread_ids: Sequence[int]) -> int:
    """Bring the index rows and vocabulary of these threads in line with the database."""
    backend = backend_for(session)
    ids = sorted({int(i) for i in thread_ids})
    if not ids:
        return 0
    documents = load_documents(session, ids)
    stored = backend.read(session, ids)
    words: dict[str, str] = {}
    names = current_thesaurus(session).name_tokens
    analysed = {post_id: _analyse(doc, words, names) for post_id, doc in documents.items()}
    deltas: Counter[str] = Counter()
    changed: list[int] = []
    changes: list[cache.Change] = []
    for post_id in ids:
        before, fields_before = stored.get(post_id, (None, ()))
        fields = analysed.get(post_id)
        if fields is not None and fields_before == tuple(fields[name] for name in FIELDS):
            continue  # a vote or a status change: the text is the same
        if fields is None and before is None:
            continue
        changed.append(post_id)
        if fields is not None:
            deltas.update(_text_terms(fields))
        deltas.subtract(before or ())
        changes.append(_change(post_id, before, fields_before, fields))
    if changed:
        backend.delete(session, changed)
        backend.insert(session, {i: analysed[i] for i in changed if i in analysed})
        words_changed = apply_deltas(session, deltas, words, changed)
        cache.bump(session, [replace(c, words=words_changed) for c in changes])
    return len([i for i in changed if i in analysed])


# Meta tokens that writes move all day (documents.meta_tokens): not logged as ``meta``.
MOVING = tuple(
    f"{META}{name}" for name in ("status", "answered", "unanswered", "accepted", "endorsed")
)


def _change(post_id: int, before, fields_before: tuple, fields) -> cache.Change:
    """How a thread's document changed, for the search cache (kenme/search/cache.py).

    ``fields_before``: the stored fields, or () where only the terms are known (a PostgreSQL
    row written before migration 0028): a lost filter token or a changed title is then assumed.
    """
    if fields is None or before is None:  # the document left the index, or came in
        return cache.Change(post_id, lost=fields is None, meta=fields is None)
    if not fields_before:  # which name tokens it held is not known: assume one left
        return cache.Change(post_id)
    stored = dict(zip(FIELDS, fields_before, strict=True))
    # A name's token leaves when its words stop standing together, though each may stay:
    # a search for the name (asked for by its token) loses the thread all the same.
    lost = bool(before - _text_terms(fields)) or bool(_name_tokens(stored) - _name_tokens(fields))
    left = set(stored["meta"].split()) - set(fields["meta"].split())
    # A topic or type left; status and flags move with every first answer, so searches that
    # filter on them are checked against any change instead (cache.results_hold).
    meta = any(not token.startswith(MOVING) for token in left)
    return cache.Change(post_id, lost=lost, meta=meta, title=stored["title"] != fields["title"])
