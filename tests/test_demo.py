"""The demo data shows the product: Kennisbank pages with wetswijzigingen that mark older
answers, members who joined before they posted, open flags, notifications; run twice, it
adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from kenme.demo import DEMO_MEMBERS, seed_demo
from kenme.extensions import db
from kenme.models import (
    Flag,
    KennisbankItem,
    KennisbankPage,
    LawChange,
    Notification,
    Post,
    PostType,
    User,
    Visibility,
)
from kenme.models.moderation import FlagStatus
from kenme.services import kennisbank


def counts() -> tuple[int, ...]:
    models = (Post, KennisbankItem, LawChange, Flag, Notification, User)
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in models)


def test_demo_data_shows_the_product_and_is_idempotent(app):
    with app.app_context():
        seed_demo(db.session)
        db.session.commit()

        pages = db.session.scalars(select(KennisbankPage).where(KennisbankPage.intro_html != ""))
        with_law = {c.topic_id for c in db.session.scalars(select(LawChange))}
        filled = [p for p in pages if p.topic_id in with_law and p.items]
        assert len(filled) >= 8

        # Some answers are older than a wetswijziging on their topic, and get the notice.
        answers = db.session.scalars(select(Post).where(Post.type == PostType.ANSWER)).all()
        outdated = 0
        for answer in answers:
            topic_ids = [t.id for t in answer.parent.topics]
            changes = kennisbank.law_changes_for(db.session, topic_ids)
            outdated += kennisbank.outdated_notice(answer, changes) is not None
        assert 0 < outdated < len(answers)

        # Nobody is "lid sinds vandaag" beside questions of years ago.
        for demo in DEMO_MEMBERS:
            user = db.session.scalar(select(User).where(User.email == demo.email))
            first = db.session.scalar(
                select(func.min(Post.created_at)).where(Post.author_id == user.id)
            )
            if first is not None:
                assert user.created_at < first, demo.email

        # Open flags wait in the queue; the flagged posts are still visible.
        open_flags = db.session.scalars(select(Flag).where(Flag.status == FlagStatus.OPEN)).all()
        assert len(open_flags) >= 3
        for flag in open_flags:
            if flag.post_id:
                assert db.session.get(Post, flag.post_id).visibility == Visibility.VISIBLE

        # Demo members follow topics and have notifications to read.
        assert db.session.scalar(select(func.count(Notification.id))) > 0

        before = counts()
        seed_demo(db.session)
        db.session.commit()
        assert counts() == before
