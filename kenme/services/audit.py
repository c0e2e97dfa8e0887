"""The audit log of moderation and the notices it sends to the members concerned."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.models import Comment, ModerationAction, Post, PostType, Role, User
from kenme.models.types import utcnow
from kenme.services import notifications

REASON_MAX = 500

# What the affected member is told. Fixed Dutch sentences: never any text of the post itself.
NOTICES = {
    "post_hidden": (
        "Een moderator heeft je bericht verborgen. Alleen jij en moderators zien het nog."
    ),
    "post_hidden_by_flags": (
        "Je bericht is na meldingen van collega's verborgen tot een moderator ernaar kijkt."
    ),
    "post_restored": "Je bericht is weer zichtbaar voor iedereen.",
    "post_closed": "Een moderator heeft je vraag gesloten.",
    "post_purged": (
        "Een moderator heeft persoonsgegevens uit je bericht verwijderd, ook uit eerdere versies."
    ),
    "answer_featured": "Je antwoord is uitgelicht door een moderator.",
    "suspended": "Je account is geschorst tot {until}. Reden: {reason}",
}


def post_path(post: Post) -> str:
    """The path of the page that shows this post: its thread, at the post's anchor."""
    thread = post.question
    if thread.type == PostType.AANPLAKKER:
        base, anchor = f"/aanplakker/{thread.id}", "bijdrage"
    else:
        base, anchor = f"/vragen/{thread.id}", "bericht"
    return base if post.id == thread.id else f"{base}#{anchor}-{post.id}"


def comment_path(comment: Comment) -> str:
    """The path of the thread that shows this comment, at the comment."""
    return post_path(comment.post).split("#")[0] + f"#reactie-{comment.id}"


def record_action(
    session: Session,
    actor: User | None,
    action: str,
    *,
    post: Post | None = None,
    comment: Comment | None = None,
    user: User | None = None,
    reason: str = "",
    details: dict | None = None,
) -> ModerationAction:
    """Write one audit row; callers pass details that never hold purged or posted text."""
    if comment is not None and post is None:
        post = comment.post
    entry = ModerationAction(
        actor_id=actor.id if actor is not None else None,
        action=action,
        post_id=post.id if post is not None else None,
        comment_id=comment.id if comment is not None else None,
        user_id=user.id if user is not None else None,
        reason=reason,
        details=details or {},
        created_at=utcnow(),
    )
    session.add(entry)
    return entry


TYPE_WORDS = {
    PostType.QUESTION: "een vraag",
    PostType.ANSWER: "een antwoord",
    PostType.AANPLAKKER: "een Aanplakker",
    PostType.CONTRIBUTION: "een bijdrage",
}


def notify_moderators(session: Session, target, reporter: User, *, hidden: bool) -> int:
    """Tell every active moderator at once that persoonsgegevens were reported.

    The message names neither the text nor the thread's title (either may hold the personal
    data) nor the reporter; the link goes to the queue, where the moderator decides.
    """
    what = "een reactie" if isinstance(target, Comment) else TYPE_WORDS[target.type]
    state = (
        "De tekst is verborgen tot je beslist."
        if hidden
        else "De tekst is nog zichtbaar voor leden."
    )
    moderators = session.scalars(
        select(User).where(User.role.in_((Role.MODERATOR, Role.ADMIN))).order_by(User.id)
    ).all()
    return notifications.notify(
        session,
        [m.id for m in moderators if m.is_active],
        kind="melding_persoonsgegevens",
        message=f"Persoonsgegevens gemeld in {what}. {state}",
        url="/moderatie",
        category="moderatie",
        actor=reporter,
    )


def notify(
    session: Session,
    user_id: int,
    kind: str,
    *,
    post: Post | None = None,
    url: str = "",
    actor: User | None = None,
    **values: str,
) -> None:
    """Tell a member what happened to their post or account (fixed text, no post text)."""
    notifications.notify(
        session,
        [user_id],
        kind=kind,
        message=NOTICES[kind].format(**values),
        url=url or (post_path(post) if post is not None else ""),
        post_id=post.id if post is not None else None,
        actor=actor,
    )
