"""Following questions, Aanplakkers, topics and members, and ignoring topics.

Who hears of what is decided in kenme.services.events; this module keeps the follow rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, literal, or_, select, union_all
from sqlalchemy.orm import Session

from kenme import statement_rows
from kenme.errors import NotFound, ValidationFailed
from kenme.models import Follow, MemberFollow, Post, PostType, Topic, TopicIgnore, User, Visibility
from kenme.services import counters

# A follow or ignore row is (member, target): three helpers find, add or remove
# it for every kind, so the kinds differ only in their checks and counters.
Row = type[Follow] | type[MemberFollow] | type[TopicIgnore]


def _has(session: Session, model: Row, user: User, **target: int) -> bool:
    return session.scalar(select(model.id).filter_by(user_id=user.id, **target)) is not None


def _add(session: Session, model: Row, user: User, **target: int) -> bool:
    """Add the row; False when it existed."""
    if _has(session, model, user, **target):
        return False
    session.add(model(user_id=user.id, **target))
    session.flush()
    return True


def _remove(session: Session, model: Row, user: User, **target: int) -> bool:
    """Remove the row; False when there was none."""
    row = session.scalar(select(model).filter_by(user_id=user.id, **target))
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def is_following_topic(session: Session, user: User, topic: Topic) -> bool:
    """Tell whether a member follows a topic."""
    return _has(session, Follow, user, topic_id=topic.id)


def follow_topic(session: Session, user: User, topic: Topic) -> bool:
    """Follow a topic (no longer ignoring it); return False when the member already followed it."""
    counters.lock(topic, "follower_count")  # a double click: the second sees the first
    if is_following_topic(session, user, topic):
        return False
    unignore_topic(session, user, topic)
    _add(session, Follow, user, topic_id=topic.id)
    counters.add(topic, "follower_count", +1)
    session.flush()
    return True


def unfollow_topic(session: Session, user: User, topic: Topic) -> bool:
    """Stop following a topic; return False when the member did not follow it."""
    counters.lock(topic, "follower_count")
    if not _remove(session, Follow, user, topic_id=topic.id):
        return False
    counters.add(topic, "follower_count", -1, floor=0)
    session.flush()
    return True


def topic_follower_ids(session: Session, topics: list[Topic]) -> set[int]:
    """Return the ids of members following any of the topics."""
    if not topics:
        return set()
    return set(
        session.scalars(select(Follow.user_id).where(Follow.topic_id.in_([t.id for t in topics])))
    )


def follow_post(session: Session, user: User, post_id: int) -> None:
    """Follow a thread (question or aanplakker) unless the member already does."""
    _add(session, Follow, user, post_id=post_id)


def post_follower_ids(session: Session, post_id: int) -> set[int]:
    """Return the ids of members following a thread."""
    return set(session.scalars(select(Follow.user_id).where(Follow.post_id == post_id)))


def is_following_thread(session: Session, user: User, thread: Post) -> bool:
    """Tell whether a member follows a question or Aanplakker."""
    return _has(session, Follow, user, post_id=thread.id)


@dataclass(frozen=True)
class FollowState:
    """What a member follows of one question: the question itself, and which of its topics."""

    thread: bool
    topic_ids: frozenset[int]

    @property
    def key(self) -> tuple[bool, tuple[int, ...]]:
        """As the question-page cache fills a kept page's slots with it (page_rules.follows_now)."""
        return (self.thread, tuple(sorted(self.topic_ids)))


def follow_state(session: Session, user: User, thread: Post) -> FollowState:
    """The member's follows of a thread and its topics, in one look-up (their unique index)."""
    topic_ids = [topic.id for topic in thread.topics]
    rows = session.execute(
        select(Follow.post_id, Follow.topic_id).where(
            Follow.user_id == user.id,
            or_(Follow.post_id == thread.id, Follow.topic_id.in_(topic_ids)),
        )
    ).all()
    return FollowState(
        thread=any(post_id == thread.id for post_id, _ in rows),
        topic_ids=frozenset(topic_id for _, topic_id in rows if topic_id is not None),
    )


def follow_thread(session: Session, user: User, thread: Post) -> bool:
    """Follow a visible question or Aanplakker; False when the member already did."""
    if thread.type not in (PostType.QUESTION, PostType.AANPLAKKER) or not thread.is_visible:
        raise NotFound("Deze vraag of Aanplakker bestaat niet (meer) of is niet zichtbaar.")
    return _add(session, Follow, user, post_id=thread.id)


def unfollow_thread(session: Session, user: User, thread: Post) -> bool:
    """Stop following a thread (also one that is no longer visible); False when not followed."""
    return _remove(session, Follow, user, post_id=thread.id)


def is_following_member(session: Session, user: User, member: User) -> bool:
    """Tell whether a member follows another member."""
    return _has(session, MemberFollow, user, member_id=member.id)


def follow_member(session: Session, user: User, member: User) -> bool:
    """Follow a colleague's new questions and answers (never their anonymous ones)."""
    if member.id == user.id:
        raise ValidationFailed("Jezelf volgen kan niet.")
    if member.deleted_at is not None or not member.is_approved:
        raise NotFound("Dit lid bestaat niet (meer).")
    return _add(session, MemberFollow, user, member_id=member.id)


def unfollow_member(session: Session, user: User, member: User) -> bool:
    """Stop following a colleague; False when not followed."""
    return _remove(session, MemberFollow, user, member_id=member.id)


def is_ignoring_topic(session: Session, user: User, topic: Topic) -> bool:
    """Tell whether a member ignores a topic."""
    return _has(session, TopicIgnore, user, topic_id=topic.id)


def ignore_topic(session: Session, user: User, topic: Topic) -> bool:
    """Ignore a topic: stop following it, and hear nothing through following of its threads."""
    if is_ignoring_topic(session, user, topic):
        return False
    unfollow_topic(session, user, topic)
    return _add(session, TopicIgnore, user, topic_id=topic.id)


def unignore_topic(session: Session, user: User, topic: Topic) -> bool:
    """Stop ignoring a topic; False when it was not ignored."""
    return _remove(session, TopicIgnore, user, topic_id=topic.id)


_IGNORES, _FOLLOWS = TopicIgnore.__table__.c, Follow.__table__.c
# Read on every list page: built once, Core (decision 0040), run from their SQL (0081).
_IGNORED = select(_IGNORES.topic_id).where(_IGNORES.user_id == bindparam("user_id"))
# The topic page's: the member's ignored topics and (a row marked True) whether they follow it.
_STANCE = union_all(
    select(_IGNORES.topic_id, literal(False)).where(_IGNORES.user_id == bindparam("user_id")),
    select(_FOLLOWS.topic_id, literal(True)).where(
        _FOLLOWS.user_id == bindparam("user_id"), _FOLLOWS.topic_id == bindparam("topic_id")
    ),
)


def ignored_topic_ids(session: Session, user: User) -> set[int]:
    """The topics a member ignores."""
    session.flush()  # what the ORM's execute would have flushed
    return set(statement_rows.column(session.connection(), _IGNORED, {"user_id": user.id}))


def topic_stance(session: Session, user: User, topic: Topic) -> tuple[set[int], bool]:
    """The topics a member ignores, and whether they follow ``topic``, in one statement."""
    ignored, following = set(), False
    session.flush()
    params = {"user_id": user.id, "topic_id": topic.id}
    for topic_id, follows in statement_rows.rows(session.connection(), _STANCE, params):
        if follows:
            following = True
        else:
            ignored.add(topic_id)
    return ignored, following


def followed(session: Session, user: User) -> dict[str, list]:
    """What a member follows and ignores: threads, topics, members, ignored topics."""
    threads = list(
        session.scalars(
            select(Post)
            .join(Follow, Follow.post_id == Post.id)
            .where(Follow.user_id == user.id, Post.visibility == Visibility.VISIBLE)
            .order_by(Post.last_activity_at.desc(), Post.id.desc())
        )
    )
    topics = list(
        session.scalars(
            select(Topic)
            .join(Follow, Follow.topic_id == Topic.id)
            .where(Follow.user_id == user.id)
            .order_by(Topic.name)
        )
    )
    members = list(
        session.scalars(
            select(User)
            .join(MemberFollow, MemberFollow.member_id == User.id)
            .where(MemberFollow.user_id == user.id, User.deleted_at.is_(None))
            .order_by(User.display_name, User.id)
        )
    )
    ignored = list(
        session.scalars(
            select(Topic)
            .join(TopicIgnore, TopicIgnore.topic_id == Topic.id)
            .where(TopicIgnore.user_id == user.id)
            .order_by(Topic.name)
        )
    )
    return {"threads": threads, "topics": topics, "members": members, "ignored": ignored}
