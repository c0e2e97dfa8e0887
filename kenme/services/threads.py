"""Reading threads: the question page in a fixed number of queries, and the lists."""

from __future__ import annotations

import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from kenme import permissions
from kenme.errors import NotFound
from kenme.models import (
    Comment,
    Endorsement,
    LawChange,
    ModerationAction,
    Post,
    PostType,
    QuestionStatus,
    Topic,
    User,
    Visibility,
)
from kenme.pagination import (
    Page,
    paginate,
)
from kenme.services import thread_statements as statements

SORTS = ("newest", "active", "unanswered", "votes", "hot")
ANSWER_SORTS = {
    "default": "Geaccepteerd eerst",
    "votes": "Meeste stemmen",
    "newest": "Nieuwste",
    "oldest": "Oudste",
}
STATUSES = ("open", "answered", "accepted", "unanswered", "closed")


@dataclass
class AnswerView:
    answer: Post
    comments: list[Comment] = field(default_factory=list)
    my_vote: int = 0
    endorsements: list[Endorsement] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.answer.parent is not None and self.answer.parent.accepted_answer_id == (
            self.answer.id
        )


@dataclass
class QuestionView:
    question: Post
    answers: list[AnswerView]
    comments: list[Comment]
    my_vote: int
    # Everyone who wrote, or endorsed, anything in the thread (hidden answers included):
    # the thread looks different to them than to other members (edit links, own votes).
    writers: frozenset[int] = frozenset()
    # A closed question: who closed it and when (the newest "close" in the audit log).
    closed_by: User | None = None
    closed_at: datetime | None = None
    # Closed by members' votes (decision 0022): the voters, oldest vote first.
    closed_voters: tuple[User, ...] = ()


def may_see_in_thread(viewer: User | None, post: Post) -> bool:
    """Whether an answer or contribution shows in its thread: visible ones for everyone,
    hidden ones for moderators and their author, deleted ones for nobody."""
    if post.visibility == Visibility.VISIBLE:
        return True
    if post.visibility == Visibility.DELETED:
        return False
    return permissions.can_moderate(viewer) or (viewer is not None and post.author_id == viewer.id)


def get_post(session: Session, viewer: User | None, post_id: int, *types: PostType) -> Post:
    """Load a post the viewer may see, of one of the given types, or raise NotFound."""
    post = session.get(Post, post_id)
    if (
        post is None
        or (types and post.type not in types)
        or not permissions.can_see_post(viewer, post)
    ):
        raise NotFound("Dit bericht bestaat niet (meer) of is niet zichtbaar.")
    return post


def load_question(
    session: Session, viewer: User | None, question_id: int
) -> tuple[Post, list[LawChange]]:
    """Load a question the viewer may see with its topics, and those topics' law changes.

    Two queries: the question, then its topics joined with their law changes (the question
    page needs both; one query instead of two keeps the page within its query budget).
    """
    question = session.scalar(statements.QUESTION, {"question_id": question_id})
    if question is None or not permissions.can_see_post(viewer, question):
        raise NotFound("Deze vraag bestaat niet (meer) of is niet zichtbaar.")
    topics: dict[int, Topic] = {}
    changes: list[LawChange] = []
    for topic, change in session.execute(
        statements.TOPICS_AND_LAW_CHANGES, {"question_id": question.id}
    ):
        topics.setdefault(topic.id, topic)
        if change is not None:
            changes.append(change)
    set_committed_value(question, "topics", list(topics.values()))
    changes.sort(key=lambda c: (c.effective_on, c.id), reverse=True)
    return question, changes


def question_view(
    session: Session,
    viewer: User | None,
    question_id: int,
    question: Post | None = None,
    answer_sort: str = "default",
) -> QuestionView:
    """Load a question with topics, answers, comments, votes and endorsements in few queries.

    Pass ``question`` when it was loaded already (with ``load_question``) to save its queries.
    ``answer_sort``: "default" (accepted first, then votes), "votes", "newest" or "oldest".
    """
    if question is None:
        question, _ = load_question(session, viewer, question_id)
    loaded = session.scalars(
        statements.ANSWERS.get(answer_sort, statements.ANSWERS["default"]),
        {"question_id": question.id, "accepted_id": question.accepted_answer_id},
    ).all()
    answers = [answer for answer in loaded if may_see_in_thread(viewer, answer)]
    # The page asks every answer and comment for its thread and post: give them the objects
    # in hand (a lazy load, even from the identity map, costs ~40 of them per page).
    for answer in answers:
        set_committed_value(answer, "parent", question)
    by_id = {post.id: post for post in [question, *answers]}
    post_ids = [question.id] + [a.id for a in answers]
    comments_by_post: dict[int, list[Comment]] = defaultdict(list)
    moderates = permissions.can_moderate(viewer)
    for comment in session.scalars(statements.COMMENTS[moderates], {"ids": post_ids}):
        set_committed_value(comment, "post", by_id[comment.post_id])
        comments_by_post[comment.post_id].append(comment)
    votes: dict[int, int] = {}
    if viewer is not None:
        parameters = {"user_id": viewer.id, "ids": post_ids}
        votes = dict(session.execute(statements.MY_VOTES, parameters).all())
    endorsements: dict[int, list[Endorsement]] = defaultdict(list)
    if any(a.endorsement_count for a in answers):
        for endorsement in session.scalars(statements.ENDORSEMENTS, {"ids": post_ids}):
            endorsements[endorsement.post_id].append(endorsement)
    closed_by, closed_at, closed_voters = _closer(session, question)
    return QuestionView(
        question=question,
        closed_by=closed_by,
        closed_at=closed_at,
        closed_voters=closed_voters,
        answers=[
            AnswerView(a, comments_by_post[a.id], votes.get(a.id, 0), endorsements[a.id])
            for a in answers
        ],
        comments=comments_by_post[question.id],
        my_vote=votes.get(question.id, 0),
        writers=frozenset(
            [question.author_id]
            + [a.author_id for a in loaded]
            + [c.author_id for items in comments_by_post.values() for c in items]
            + [e.user_id for items in endorsements.values() for e in items]
        ),
    )


def redirects_to_original(viewer: User | None, question: Post) -> bool:
    """A question closed as a duplicate sends readers to the original; its author and
    moderators still see it (with ``?toon=1`` anyone can)."""
    return (
        question.status == QuestionStatus.CLOSED
        and question.duplicate_of_id is not None
        and not permissions.can_moderate(viewer)
        and (viewer is None or viewer.id != question.author_id)
    )


def duplicate_reached_from(
    session: Session, viewer: User | None, original: Post, via: int | None
) -> Post | None:
    """The duplicate a reader came from (``?via=``), if it really is one of this question."""
    if via is None:
        return None
    duplicate = session.get(Post, via)
    if (
        duplicate is None
        or duplicate.duplicate_of_id != original.id
        or duplicate.status != QuestionStatus.CLOSED
        or not permissions.can_see_post(viewer, duplicate)
    ):
        return None
    return duplicate


def _closer(
    session: Session, question: Post
) -> tuple[User | None, datetime | None, tuple[User, ...]]:
    """Who closed a closed question (a moderator, or the voters) and when.

    One query for closed questions only, and one more when members' votes closed it.
    """
    if question.status != QuestionStatus.CLOSED:
        return None, None, ()
    row = session.execute(
        select(ModerationAction.actor_id, ModerationAction.created_at, ModerationAction.details)
        .where(ModerationAction.post_id == question.id, ModerationAction.action == "close")
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None, None, ()
    voter_ids = [int(i) for i in (row.details or {}).get("voters", [])]
    voters: tuple[User, ...] = ()
    if voter_ids:
        found = {u.id: u for u in session.scalars(select(User).where(User.id.in_(voter_ids)))}
        voters = tuple(found[i] for i in voter_ids if i in found)
    closer = session.get(User, row.actor_id) if row.actor_id else None
    return closer, row.created_at, voters


def list_answers_by(
    session: Session, viewer: User | None, author: User, page: int | str = 1
) -> Page:
    """List a member's visible answers (for the profile), newest first.

    Others do not see answers in threads the member asked anonymously: they would give the
    asker away.
    """
    statement = (
        select(Post)
        .where(
            Post.type == PostType.ANSWER,
            Post.author_id == author.id,
            Post.visibility == Visibility.VISIBLE,
        )
        .options(selectinload(Post.parent))
        .order_by(Post.created_at.desc(), Post.id.desc())
    )
    if viewer is None or (viewer.id != author.id and not permissions.can_moderate(viewer)):
        own_anonymous = select(Post.id).where(
            Post.type == PostType.QUESTION, Post.author_id == author.id, Post.anonymous.is_(True)
        )
        statement = statement.where(Post.parent_id.not_in(own_anonymous), Post.anonymous.is_(False))
    return paginate(session, statement, page)


def similar_titles(
    session: Session, title: str, limit: int = 5, exclude_id: int | None = None
) -> list[Post]:
    """Suggest visible questions similar to a (draft) title, most similar first.

    Asks the configured search engine (kenme.search), so typos, inflections and the thesaurus
    count, and hidden or deleted questions never come back.
    """
    from kenme.search import get_engine

    return get_engine().suggest(title, limit=limit, exclude_id=exclude_id, session=session)


RELATED_TTL_SECONDS = 600
RELATED_CACHE_SIZE = 5000
_related_ids: OrderedDict[tuple[int, str], tuple[float, list[int]]] = OrderedDict()


def related_questions(session: Session, question: Post, limit: int = 5) -> list[Post]:
    """Questions similar to this one, for the sidebar of the question page.

    The engine's answer (a list of ids) is kept per process for a few minutes: a new similar
    question may show up a little later, which is harmless. The rows themselves are read
    fresh every time, filtered on visibility, so hidden or deleted questions drop out at once.
    """
    now = time.monotonic()
    key = (question.id, question.title)  # an edited title asks the engine again
    cached = _related_ids.get(key)
    if cached is None or cached[0] < now:
        found = similar_titles(session, question.title, limit=limit, exclude_id=question.id)
        ids = [p.id for p in found]
        _related_ids[key] = (now + RELATED_TTL_SECONDS, ids)
        _related_ids.move_to_end(key)
        while len(_related_ids) > RELATED_CACHE_SIZE:
            _related_ids.popitem(last=False)
        return found
    ids = cached[1]
    if not ids:
        return []
    # By primary key only, type and visibility checked here: with them in SQL, SQLite walked
    # a list index (type, visibility) over every visible question (7-30 ms at 100,000).
    # populate_existing: the rows as they are now, also when this session loaded them before.
    rows = session.scalars(
        select(Post).where(Post.id.in_(ids)).execution_options(populate_existing=True)
    ).all()
    by_id = {
        p.id: p for p in rows if p.type == PostType.QUESTION and p.visibility == Visibility.VISIBLE
    }
    return [by_id[i] for i in ids if i in by_id]
