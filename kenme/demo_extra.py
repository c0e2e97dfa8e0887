"""More demo data (kenme/demo.py calls it): Kennisbank pages with wetswijzigingen, topic
follows (so members get notifications), open flags for the moderators, and join dates
before each member's first post."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kenme.models import Comment, Flag, KennisbankPage, Post, Topic, User
from kenme.models.types import utcnow
from kenme.services import flags, follows, kennisbank

SEED = Path(__file__).parent / "seed" / "kennisbank.json"

DEMO_FOLLOWS = {
    "klantmanager": ("kostendelersnorm", "algemene-bijstand", "vakmanschap-intervisie"),
    "consulent": ("terugvordering-verhaal", "re-integratie", "algemene-bijstand"),
    "coach": ("re-integratie", "vakmanschap-intervisie"),
    "inkomen": ("middelen-inkomen", "vermogen", "kostendelersnorm"),
}

# (reporter, question key, reason, note, on the question's first comment?): one flag per
# reason that leaves the post visible, so the queue shows what moderators meet.
DEMO_FLAGS = (
    ("consulent", "q42", "off_topic", "Dit gaat eerder over bezwaar dan over terugvordering.", 0),
    ("inkomen", "q38", "dubbel", "Lijkt op de vraag over bruto of netto terugvorderen.", 0),
    ("coach", "q01", "ongepast", "Deze reactie vind ik niet collegiaal geformuleerd.", 1),
)


def _topics(session: Session) -> dict[str, Topic]:
    return {t.slug: t for t in session.scalars(select(Topic))}


def seed_follows(session: Session, members: dict[str, User]) -> None:
    """Members follow a few topics; run before the content, so its events reach them."""
    topics = _topics(session)
    for key, slugs in DEMO_FOLLOWS.items():
        for slug in slugs:
            follows.follow_topic(session, members[key], topics[slug])


def seed_kennisbank(session: Session, members: dict[str, User]) -> int:
    """Assemble Kennisbank pages: an introduction, chosen questions, wetswijzigingen."""
    moderator = members["moderator"]
    topics = _topics(session)
    ids = dict(
        session.execute(select(Post.source_id, Post.id).where(Post.source_id.isnot(None))).all()
    )
    done = set(
        session.scalars(select(KennisbankPage.topic_id).where(KennisbankPage.intro_html != ""))
    )
    today = utcnow().date()
    made = 0
    for entry in json.loads(SEED.read_text(encoding="utf-8")):
        topic = topics[entry["topic"]]
        if topic.id in done:
            continue
        kennisbank.save_intro(session, moderator, topic, entry["intro"])
        for key, note in entry["items"]:
            kennisbank.add_item(session, moderator, topic, ids[f"demo:{key}"], note)
        for change in entry["law_changes"]:
            when = (
                date.fromisoformat(change["effective_on"])
                if "effective_on" in change
                else today - timedelta(days=change["days_ago"])
            )
            kennisbank.add_law_change(session, moderator, topic, when, change["note"])
        made += 1
    session.flush()
    return made


def seed_flags(session: Session, members: dict[str, User]) -> None:
    """Open flags in the moderation queue (skipped when the demo already has flags)."""
    if session.scalar(select(func.count(Flag.id))):
        return
    for reporter, key, reason, note, on_comment in DEMO_FLAGS:
        post = session.scalar(select(Post).where(Post.source_id == f"demo:{key}"))
        target = post
        if on_comment:
            target = session.scalar(
                select(Comment).where(Comment.post_id == post.id).order_by(Comment.id).limit(1)
            )
        flags.flag(session, members[reporter], target, reason, note)
    session.flush()


def backdate_members(session: Session, members: dict[str, User]) -> None:
    """Each member joined some weeks before their first post, not "lid sinds vandaag"."""
    now = utcnow()
    for index, user in enumerate(members.values()):
        first = session.scalar(select(func.min(Post.created_at)).where(Post.author_id == user.id))
        joined = min(first or now, now) - timedelta(days=45 + 29 * index)
        if user.created_at is None or user.created_at > joined:
            user.created_at = joined
    session.flush()
