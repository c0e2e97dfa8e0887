"""Atom feeds for one member: the secret in their URLs, and what the feeds may show.

A feed reader has no login session, so a feed URL carries ``<member id>-<secret>``: an HMAC
of the member id and ``users.feed_version`` under the app's secret key. Nothing is stored;
renewing (``rotate``) bumps the version, and every earlier URL answers 404. Suspended,
deleted or unapproved members' feeds answer 404 too. A feed shows only visible threads and
posts, titles and short plain-text excerpts, and never who wrote anonymously.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.errors import NotFound
from kenme.models import Post, PostType, Topic, TopicIgnore, User, Visibility, post_topics
from kenme.services.events import post_url

LIMIT = 30
EXCERPT = 200
_MARKUP = re.compile(r"[#*_`>\[\]()!|~-]+")


def _secret(user: User) -> str:
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else key
    message = f"kenme-feed:{user.id}:{user.feed_version}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def feed_token(user: User) -> str:
    """The part of the member's feed URLs that only they know."""
    return f"{user.id}-{_secret(user)}"


def member_for(session: Session, token: str) -> User:
    """The member a feed token belongs to, if it is current and they may read; else NotFound."""
    user_id, _, secret = (token or "").partition("-")
    user = session.get(User, int(user_id)) if user_id.isdigit() and len(user_id) < 12 else None
    if (
        user is None
        or not user.is_active
        or not hmac.compare_digest(secret.encode(), _secret(user).encode())
    ):
        raise NotFound("Deze feed bestaat niet (meer).")
    return user


def rotate(session: Session, user: User) -> str:
    """Give the member new feed URLs; the old ones stop working at once."""
    user.feed_version = (user.feed_version or 0) + 1
    session.flush()
    return feed_token(user)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    excerpt: str
    author: str
    updated: datetime


def excerpt(markdown: str, limit: int = EXCERPT) -> str:
    text = " ".join(_MARKUP.sub(" ", markdown or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _author(post: Post, thread: Post) -> str:
    if post.anonymous or (thread.anonymous and post.author_id == thread.author_id):
        return "Anoniem lid"
    if post.author is None or post.author.deleted_at is not None:
        return "Verwijderd lid"
    return post.author.display_name


def _thread_entry(thread: Post) -> Entry:
    return Entry(
        id=f"kenme:post:{thread.id}",
        title=thread.title,
        link=post_url(thread),
        excerpt=excerpt(thread.body_markdown),
        author=_author(thread, thread),
        updated=thread.created_at,
    )


_THREADS = (PostType.QUESTION, PostType.AANPLAKKER)


def latest(session: Session, user: User) -> list[Entry]:
    """The newest questions and Aanplakkers, without the topics the member ignores."""
    ignored = select(post_topics.c.post_id).where(
        post_topics.c.topic_id.in_(
            select(TopicIgnore.topic_id).where(TopicIgnore.user_id == user.id)
        )
    )
    threads = session.scalars(
        select(Post)
        .where(
            Post.type.in_(_THREADS),
            Post.visibility == Visibility.VISIBLE,
            Post.id.not_in(ignored),
        )
        .order_by(Post.created_at.desc(), Post.id.desc())
        .limit(LIMIT)
    )
    return [_thread_entry(t) for t in threads]


def of_topic(session: Session, slug: str) -> tuple[Topic, list[Entry]]:
    topic = session.scalar(select(Topic).where(Topic.slug == slug))
    if topic is None:
        raise NotFound("Dit onderwerp bestaat niet.")
    threads = session.scalars(
        select(Post)
        .join(post_topics, post_topics.c.post_id == Post.id)
        .where(
            post_topics.c.topic_id == topic.id,
            Post.type.in_(_THREADS),
            Post.visibility == Visibility.VISIBLE,
        )
        .order_by(Post.created_at.desc(), Post.id.desc())
        .limit(LIMIT)
    )
    return topic, [_thread_entry(t) for t in threads]


def of_thread(session: Session, post_id: int, kind: PostType) -> tuple[Post, list[Entry]]:
    """A question with its answers, or an Aanplakker with its contributions (newest first)."""
    thread = session.get(Post, post_id)
    if thread is None or thread.type != kind or thread.visibility != Visibility.VISIBLE:
        raise NotFound("Deze vraag of Aanplakker bestaat niet (meer).")
    children = session.scalars(
        select(Post)
        .where(Post.parent_id == thread.id, Post.visibility == Visibility.VISIBLE)
        .order_by(Post.created_at.desc(), Post.id.desc())
        .limit(LIMIT - 1)
    )
    entries = [
        Entry(
            id=f"kenme:post:{child.id}",
            title=f"{'Antwoord' if kind == PostType.QUESTION else 'Bijdrage'} van "
            f"{_author(child, thread)} op “{thread.title}”",
            link=post_url(child),
            excerpt=excerpt(child.body_markdown),
            author=_author(child, thread),
            updated=child.created_at,
        )
        for child in children
    ]
    return thread, [*entries, _thread_entry(thread)]
