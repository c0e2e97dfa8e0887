"""Following topics: who hears about new content on a topic."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.models import Follow, Topic, User
from kenme.services import counters


def is_following_topic(session: Session, user: User, topic: Topic) -> bool:
    """Tell whether a member follows a topic."""
    return (
        session.scalar(
            select(Follow.id).where(Follow.user_id == user.id, Follow.topic_id == topic.id)
        )
        is not None
    )


def follow_topic(session: Session, user: User, topic: Topic) -> bool:
    """Follow a topic; return False when the member already followed it."""
    if is_following_topic(session, user, topic):
        return False
    session.add(Follow(user_id=user.id, topic_id=topic.id))
    counters.add(topic, "follower_count", +1)
    session.flush()
    return True


def unfollow_topic(session: Session, user: User, topic: Topic) -> bool:
    """Stop following a topic; return False when the member did not follow it."""
    follow = session.scalar(
        select(Follow).where(Follow.user_id == user.id, Follow.topic_id == topic.id)
    )
    if follow is None:
        return False
    session.delete(follow)
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
    exists = session.scalar(
        select(Follow.id).where(Follow.user_id == user.id, Follow.post_id == post_id)
    )
    if exists is None:
        session.add(Follow(user_id=user.id, post_id=post_id))


def post_follower_ids(session: Session, post_id: int) -> set[int]:
    """Return the ids of members following a thread."""
    return set(session.scalars(select(Follow.user_id).where(Follow.post_id == post_id)))
