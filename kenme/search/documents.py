"""One search document per thread, built from the current, visible rows in a few queries."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.models import Comment, Post, PostType, Topic, TopicSynonym, Visibility, post_topics
from kenme.search.analysis import index_terms

THREAD_TYPES = (PostType.QUESTION.value, PostType.AANPLAKKER.value)
CHILD_TYPES = (PostType.ANSWER.value, PostType.CONTRIBUTION.value)
# Text fields, highest weight first (SEMANTICS.md §6), then the field of meta tokens.
TEXT_FIELDS = ("title", "oogst", "body", "answers", "comments")
FIELDS = (*TEXT_FIELDS, "meta")
# Meta tokens (topics, type, status, year, flags) start with this; no Dutch word does.
META = "qq"


def topic_token(slug: str) -> str:
    """Return the index token that stands for a topic (its slug never changes)."""
    return META + "topic" + "".join(c for c in slug.lower() if c.isalnum())


def name_token(stems: tuple[str, ...]) -> str:
    """Return the index token that stands for a multi-word thesaurus name ("wet werk bijstand").

    Each stem is written with its length in two digits, so two names never share a token.
    """
    return META + "name" + "".join(f"{len(s):02d}{s}" for s in stems)


class NameTokens:
    """Finds the thesaurus names of several words in a run of stems (docs/decisions/0010).

    Every occurrence of such a name in an indexed field adds the name's token to that field,
    so a query asks for one term where it would check a phrase's positions in every document
    holding its (common) words: "wet werk bijstand" in 25,000 of 100,000 threads.
    """

    def __init__(self, names: Iterable[tuple[str, ...]]) -> None:
        by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for name in {n for n in names if tokenised(n)}:
            by_first[name[0]].append(name)
        self._by_first = {first: tuple(sorted(ns)) for first, ns in by_first.items()}

    def __call__(self, stems: list[str]) -> list[str]:
        """Return one token for each occurrence of a name in stems."""
        by_first, found = self._by_first, []
        if by_first.keys().isdisjoint(stems):  # most fields hold no name's first word
            return found
        for index, first in enumerate(stems):
            names = by_first.get(first)
            if names:
                found += [name_token(n) for n in names if tuple(stems[index : index + len(n)]) == n]
        return found


def tokenised(name: tuple[str, ...]) -> bool:
    """Tell whether a name is indexed as a token: several stems, each under 100 characters."""
    return len(name) > 1 and all(len(s) < 100 for s in name)


_FENCE = re.compile(r"^\s*(```|~~~).*$", re.MULTILINE)
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_RULE = re.compile(r"^[ \t]*([-*_][ \t]*){3,}$", re.MULTILINE)
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}.*$", re.MULTILINE)
_LINE_MARKERS = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)", re.MULTILINE
)
_LINE_START = re.compile(r"^[ \t]*[#>*+\-\d]", re.MULTILINE)
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


@lru_cache(maxsize=4096)
def plain_text(markdown: str) -> str:
    """Return Markdown as the words a reader sees: no markers, no URLs, no tags.

    Each rewrite runs only when its marker occurs: rebuilds pass every text through here.
    """
    if not markdown:
        return ""
    text = markdown
    if "```" in text or "~~~" in text:
        text = _FENCE.sub("", text)
    if "](" in text:
        text = _IMAGE_OR_LINK.sub(r"\1", text)
    if "http" in text:
        text = _URL.sub("", _AUTOLINK.sub("", text))
    if "<" in text:
        text = _TAG.sub("", text)
    if "--" in text or "**" in text or "__" in text or "- -" in text or "* *" in text:
        text = _TABLE_RULE.sub("", _RULE.sub("", text))
    if _LINE_START.search(text):
        text = _LINE_MARKERS.sub("", text)
    for marker, replacement in (("*", ""), ("`", ""), ("|", " ")):
        if marker in text:
            text = text.replace(marker, replacement)
    if "__" in text or "~~" in text:
        text = text.replace("___", "").replace("__", "").replace("~~", "")
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


@dataclass
class ThreadDocument:
    """What search knows about one thread (question or aanplakker), visible text only."""

    id: int
    type: str
    title: str
    body: str
    status: str
    created_at: datetime
    last_activity_at: datetime
    score: int = 0
    answer_count: int = 0
    accepted: bool = False
    endorsed: bool = False
    oogst: str = ""
    answers: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    topic_slugs: list[str] = field(default_factory=list)
    topic_names: list[str] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.created_at.year

    def texts(self) -> dict[str, str]:
        """Return the plain text of each text field."""
        return {
            "title": self.title,
            "oogst": self.oogst,
            "body": self.body,
            "answers": "\n".join(self.answers),
            "comments": "\n".join(self.comments),
        }

    def meta_tokens(self) -> list[str]:
        """Return the tokens for topics (matched through their names), filters and facets."""
        tokens = [topic_token(slug) for slug in self.topic_slugs]
        tokens += [f"{META}type{self.type}", f"{META}status{self.status}", f"{META}year{self.year}"]
        tokens.append(f"{META}answered" if self.answer_count else f"{META}unanswered")
        if self.accepted:
            tokens.append(f"{META}accepted")
        if self.endorsed:
            tokens.append(f"{META}endorsed")
        return tokens

    def analysed(self) -> dict[str, str]:
        """Return each field as the full-text index stores it: index terms, then meta tokens."""
        fields = {name: index_terms(text) for name, text in self.texts().items()}
        fields["meta"] = " ".join(self.meta_tokens())
        return fields


def _chunks(ids: list[int], size: int = 900) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _aanplakker_texts(session: Session, ids: list[int]) -> dict[int, str]:
    """Return the oogst (and follow-up) of the aanplakkers among ids."""
    try:
        from kenme.models import AanplakkerDetails
    except ImportError:  # the Aanplakker models are optional for search
        return {}
    rows = session.execute(
        select(
            AanplakkerDetails.post_id,
            AanplakkerDetails.oogst_markdown,
            AanplakkerDetails.followup_markdown,
        ).where(AanplakkerDetails.post_id.in_(ids))
    )
    return {
        post_id: "\n\n".join(plain_text(t) for t in (oogst, followup) if t)
        for post_id, oogst, followup in rows
    }


def _contribution_replies(session: Session, ids: list[int]) -> dict[int, str]:
    """Return the author's replies to clarifying questions, by contribution id."""
    if not ids:
        return {}
    try:
        from kenme.models import ContributionDetails
    except ImportError:
        return {}
    rows = session.execute(
        select(ContributionDetails.post_id, ContributionDetails.reply_markdown).where(
            ContributionDetails.post_id.in_(ids), ContributionDetails.reply_markdown != ""
        )
    )
    return {post_id: plain_text(reply) for post_id, reply in rows}


def load_documents(session: Session, thread_ids: Iterable[int]) -> dict[int, ThreadDocument]:
    """Build the documents of the visible threads among thread_ids (others are left out).

    A fixed number of queries per 900 threads, whatever their size, so rebuilds stay fast.
    """
    wanted = sorted({int(i) for i in thread_ids})
    documents: dict[int, ThreadDocument] = {}
    for ids in _chunks(wanted):
        documents.update(_load_chunk(session, ids))
    return documents


def _load_chunk(session: Session, ids: list[int]) -> dict[int, ThreadDocument]:
    posts = Post.__table__.c
    documents: dict[int, ThreadDocument] = {}
    accepted_ids: dict[int, int] = {}
    for row in session.execute(
        select(
            posts.id,
            posts.type,
            posts.title,
            posts.body_markdown,
            posts.status,
            posts.created_at,
            posts.last_activity_at,
            posts.score,
            posts.answer_count,
            posts.accepted_answer_id,
            posts.visibility,
        ).where(posts.id.in_(ids))  # type and visibility in Python: SQLite must use the key
    ):
        if row.visibility != Visibility.VISIBLE or str(row.type) not in THREAD_TYPES:
            continue
        documents[row.id] = ThreadDocument(
            id=row.id,
            type=str(row.type),
            title=row.title or "",
            body=plain_text(row.body_markdown),
            status=str(row.status),
            created_at=row.created_at,
            last_activity_at=row.last_activity_at,
            score=row.score,
            answer_count=row.answer_count,
        )
        if row.accepted_answer_id:
            accepted_ids[row.id] = row.accepted_answer_id
    if not documents:
        return documents
    present = list(documents)
    for post_id, text in _aanplakker_texts(session, present).items():
        documents[post_id].oogst = text
    child_rows, child_texts, comment_rows = _replies(session, present)
    children: dict[int, int] = {}
    for child_id, parent_id, _, _, endorsements, _, _ in child_rows:
        document = documents[parent_id]
        children[child_id] = parent_id
        if endorsements:
            document.endorsed = True
        if accepted_ids.get(parent_id) == child_id:
            document.accepted = True
    for child_id, parent_id in children.items():
        documents[parent_id].answers.append(child_texts[child_id])
    for post_id, body, _, _ in comment_rows:
        thread_id = children.get(post_id, post_id)
        documents[thread_id].comments.append(body)
    topics = Topic.__table__.c
    by_thread: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for post_id, slug, name in session.execute(
        select(post_topics.c.post_id, topics.slug, topics.name)
        .join(Topic.__table__, topics.id == post_topics.c.topic_id)
        .where(post_topics.c.post_id.in_(present))
        .order_by(topics.name)
    ):
        by_thread[post_id].append((slug, name))
    synonyms: dict[str, list[str]] = defaultdict(list)
    slugs = sorted({slug for pairs in by_thread.values() for slug, _ in pairs})
    if slugs:
        for slug, term in session.execute(
            select(topics.slug, TopicSynonym.term)
            .join(TopicSynonym, TopicSynonym.topic_id == topics.id)
            .where(topics.slug.in_(slugs))
        ):
            synonyms[slug].append(term)
    for post_id, pairs in by_thread.items():
        documents[post_id].topic_slugs = [slug for slug, _ in pairs]
        # Names and the words members use for the topic (Meilisearch's topic_names field).
        documents[post_id].topic_names = [
            word for slug, name in pairs for word in (name, *synonyms.get(slug, ()))
        ]
    return documents


def _replies(session: Session, present: list[int]):
    """Return the visible answers and contributions of these threads (rows, oldest first),
    their plain texts (a contribution with the author's reply after it), and the visible
    comments on the threads and on those replies (rows, oldest first)."""
    posts = Post.__table__.c
    # Only parent_id in SQL, the rest in Python: with type or visibility (or an ORDER BY) in
    # the query, SQLite may walk a list index over every answer instead of ix_posts_parent.
    child_rows = [
        row
        for row in session.execute(
            select(
                posts.id,
                posts.parent_id,
                posts.type,
                posts.body_markdown,
                posts.endorsement_count,
                posts.created_at,
                posts.visibility,
            ).where(posts.parent_id.in_(present))
        )
        if row.visibility == Visibility.VISIBLE and str(row.type) in CHILD_TYPES
    ]
    child_rows.sort(key=lambda row: (row.created_at, row.id))
    child_texts = {row.id: plain_text(row.body_markdown) for row in child_rows}
    contributions = [row.id for row in child_rows if str(row.type) == PostType.CONTRIBUTION.value]
    for child_id, reply in _contribution_replies(session, contributions).items():
        child_texts[child_id] = f"{child_texts[child_id]}\n{reply}"
    comments = Comment.__table__.c
    commented = present + [row.id for row in child_rows]
    comment_rows = session.execute(
        select(comments.post_id, comments.body, comments.created_at, comments.id).where(
            comments.post_id.in_(commented), comments.visibility == Visibility.VISIBLE.value
        )
    ).all()
    comment_rows.sort(key=lambda row: (row.created_at, row.id))
    return child_rows, child_texts, comment_rows


def reply_texts(session: Session, thread_ids: Iterable[int]) -> dict[int, list[str]]:
    """Return the texts of these threads' visible answers and contributions, then of their
    visible comments: ThreadDocument's answers and comments, as load_documents builds them,
    without reading the threads themselves, their topics or oogst (search snippets)."""
    wanted = sorted({int(i) for i in thread_ids})
    texts: dict[int, list[str]] = {}
    for ids in _chunks(wanted):
        child_rows, child_texts, comment_rows = _replies(session, ids)
        answers: dict[int, list[str]] = {i: [] for i in ids}
        comments: dict[int, list[str]] = {i: [] for i in ids}
        parents = {row.id: row.parent_id for row in child_rows}
        for row in child_rows:
            answers[row.parent_id].append(child_texts[row.id])
        for post_id, body, _, _ in comment_rows:
            comments[parents.get(post_id, post_id)].append(body)
        texts.update((i, answers[i] + comments[i]) for i in ids)
    return texts


def visible_thread_ids(session: Session, after_id: int = 0, limit: int = 1000) -> list[int]:
    """Return the next ids of visible threads after after_id (for rebuilds in batches)."""
    posts = Post.__table__.c
    return list(
        session.scalars(
            select(posts.id)
            .where(
                posts.id > after_id,
                posts.type.in_(THREAD_TYPES),
                posts.visibility == Visibility.VISIBLE.value,
            )
            .order_by(posts.id)
            .limit(limit)
        )
    )
