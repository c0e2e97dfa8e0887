"""The statements a question page that missed its kept page runs, built once (decision 0076).

Building them per view (each clause coerced, the whole tree walked again for its cache key)
cost ~0.4 ms of a miss's CPU; built once, a statement's cache key is memoised with it. The
values are bound parameters: the thread, its accepted answer, the viewer, the posts shown.
The SQL is what threads.py built before, clause for clause.
"""

from __future__ import annotations

from sqlalchemy import bindparam, case, select

from kenme.models import (
    Comment,
    Endorsement,
    LawChange,
    Post,
    PostType,
    Topic,
    Visibility,
    Vote,
    post_topics,
)

PARENT_INDEX = "ix_posts_parent"  # (parent_id, visibility): a thread's answers
_IDS = bindparam("ids", expanding=True)

QUESTION = select(Post).where(Post.id == bindparam("question_id"), Post.type == PostType.QUESTION)

# post_topics LEFT JOINed from the post made SQLite materialise the whole association table
# (175 ms at 100k questions); starting from post_topics by post_id uses its index.
TOPICS_AND_LAW_CHANGES = (
    select(Topic, LawChange)
    .select_from(post_topics)
    .join(Topic, Topic.id == post_topics.c.topic_id)
    .outerjoin(LawChange, LawChange.topic_id == Topic.id)
    .where(post_topics.c.post_id == bindparam("question_id"))
    .order_by(Topic.name, Topic.id)
)

_ORDERS = {
    # The accepted answer first: an unaccepted thread binds NULL, which equals no id.
    "default": (
        case((Post.id == bindparam("accepted_id"), 0), else_=1),
        Post.score.desc(),
        Post.created_at,
        Post.id,
    ),
    "votes": (Post.score.desc(), Post.created_at, Post.id),
    "newest": (Post.created_at.desc(), Post.id.desc()),
    "oldest": (Post.created_at, Post.id),
}
# Hidden answers are filtered in Python: an OR on visibility/author in SQL made SQLite leave
# the parent index and scan every answer of the site (176 ms at 300k answers). Without
# statistics (no ANALYZE) SQLite also prefers ix_posts_list_votes, whose (type, visibility)
# prefix and score order look better than one parent_id: it walked every answer of the site
# for each cold question page (~500 ms at 100k questions).
ANSWERS = {
    sort: select(Post)
    .where(Post.parent_id == bindparam("question_id"), Post.type == PostType.ANSWER)
    .where(Post.visibility.in_([Visibility.VISIBLE, Visibility.HIDDEN]))
    .order_by(*order)
    .with_hint(Post, f"INDEXED BY {PARENT_INDEX}", "sqlite")
    for sort, order in _ORDERS.items()
}

# Moderators see hidden comments too (True); everyone else visible ones only.
COMMENTS = {
    moderates: select(Comment)
    .where(Comment.post_id.in_(_IDS), shown)
    .order_by(Comment.created_at, Comment.id)
    for moderates, shown in (
        (False, Comment.visibility == Visibility.VISIBLE),
        (True, Comment.visibility != Visibility.DELETED),
    )
}

MY_VOTES = select(Vote.post_id, Vote.value).where(
    Vote.user_id == bindparam("user_id"), Vote.post_id.in_(_IDS)
)

ENDORSEMENTS = (
    select(Endorsement)
    .where(Endorsement.post_id.in_(_IDS))
    .order_by(Endorsement.created_at, Endorsement.id)
)
