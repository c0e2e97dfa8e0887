"""Following questions, Aanplakkers, topics and members, and ignoring topics.

Who hears of what is decided in kenme.services.events; this module keeps the follow rows.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.errors import NotFound, ValidationFailed
from kenme.models import Follow, MemberFollow, Post, PostType, Topic, TopicIgnore, User, Visibility
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
    """Follow a topic (no longer ignoring it); return False when the member already followed it."""
    if is_following_topic(session, user, topic):
        return False
    unignore_topic(session, user, topic)
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


def _thread(post: Post) -> Post:
    if post.type not in (PostType.QUESTION, PostType.AANPLAKKER) or not post.is_visible:
        raise NotFound("Deze vraag of Aanplakker bestaat niet (meer) of is niet zichtbaar.")
    return post


def is_following_thread(session: Session, user: User, thread: Post) -> bool:
    """Tell whether a member follows a question or Aanplakker."""
    return (
        session.scalar(
            select(Follow.id).where(Follow.user_id == user.id, Follow.post_id == thread.id)
        )
        is not None
    )


def follow_thread(session: Session, user: User, thread: Post) -> bool:
    """Follow a visible question or Aanplakker; False when the member already did."""
    _thread(thread)
    if is_following_thread(session, user, thread):
        return False
    session.add(Follow(user_id=user.id, post_id=thread.id))
    session.flush()
    return True


def unfollow_thread(session: Session, user: User, thread: Post) -> bool:
    """Stop following a thread (also one that is no longer visible); False when not followed."""
    follow = session.scalar(
        select(Follow).where(Follow.user_id == user.id, Follow.post_id == thread.id)
    )
    if follow is None:
        return False
    session.delete(follow)
    session.flush()
    return True


def is_following_member(session: Session, user: User, member: User) -> bool:
    """Tell whether a member follows another member."""
    return (
        session.scalar(
            select(MemberFollow.id).where(
                MemberFollow.user_id == user.id, MemberFollow.member_id == member.id
            )
        )
        is not None
    )


def follow_member(session: Session, user: User, member: User) -> bool:
    """Follow a colleague's new questions and answers (never their anonymous ones)."""
    if member.id == user.id:
        raise ValidationFailed("Jezelf volgen kan niet.")
    if member.deleted_at is not None or not member.is_approved:
        raise NotFound("Dit lid bestaat niet (meer).")
    if is_following_member(session, user, member):
        return False
    session.add(MemberFollow(user_id=user.id, member_id=member.id))
    session.flush()
    return True


def unfollow_member(session: Session, user: User, member: User) -> bool:
    """Stop following a colleague; False when not followed."""
    follow = session.scalar(
        select(MemberFollow).where(
            MemberFollow.user_id == user.id, MemberFollow.member_id == member.id
        )
    )
    if follow is None:
        return False
    session.delete(follow)
    session.flush()
    return True


def is_ignoring_topic(session: Session, user: User, topic: Topic) -> bool:
    """Tell whether a member ignores a topic."""
    return (
        session.scalar(
            select(TopicIgnore.id).where(
                TopicIgnore.user_id == user.id, TopicIgnore.topic_id == topic.id
            )
        )
        is not None
    )


def ignore_topic(session: Session, user: User, topic: Topic) -> bool:
    """Ignore a topic: stop following it, and hear nothing through following of its threads."""
    if is_ignoring_topic(session, user, topic):
        return False
    unfollow_topic(session, user, topic)
    session.add(TopicIgnore(user_id=user.id, topic_id=topic.id))
    session.flush()
    return True


def unignore_topic(session: Session, user: User, topic: Topic) -> bool:
    """Stop ignoring a topic; False when it was not ignored."""
    row = session.scalar(
        select(TopicIgnore).where(TopicIgnore.user_id == user.id, TopicIgnore.topic_id == topic.id)
    )
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def ignored_topic_ids(session: Session, user: User) -> set[int]:
    """The topics a member ignores."""
    return set(session.scalars(select(TopicIgnore.topic_id).where(TopicIgnore.user_id == user.id)))


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
