"""Short plain-text comments under questions and answers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import NotAllowed, NotFound, ValidationFailed
from kenme.models import Comment, Post, PostType, User
from kenme.models.types import utcnow
from kenme.search.changes import record_change
from kenme.services import counters, events, mentions, privacy_gate
from kenme.services.posting import ensure_open_thread

COMMENT_MIN, COMMENT_MAX = 2, 600


def add_comment(
    session: Session,
    author: User,
    post: Post,
    body: str,
    *,
    anonymous: bool = False,
    confirmations: Iterable[Mapping] = (),
) -> Comment:
    """Comment on a question or answer; links become clickable, nothing else is markup."""
    if not author.is_active:
        raise NotAllowed("Je account kan op dit moment niets plaatsen.")
    if post.type not in (PostType.QUESTION, PostType.ANSWER) or not permissions.can_see_post(
        author, post
    ):
        raise NotFound("Dit bericht bestaat niet (meer) of is niet zichtbaar.")
    ensure_open_thread(post.question, action="reageren")
    permissions.require(author, "comment", post)
    body = " ".join((body or "").split()) if "\n" not in (body or "") else (body or "").strip()
    if len(body) < COMMENT_MIN:
        raise ValidationFailed("Schrijf een reactie van minimaal 2 tekens.", field="body")
    if len(body) > COMMENT_MAX:
        raise ValidationFailed(
            f"Een reactie is hooguit {COMMENT_MAX} tekens; je hebt er {len(body)}. "
            "Voor meer kun je beter een antwoord schrijven.",
            field="body",
        )
    confirmed = privacy_gate.check({"body": body}, confirmations, session=session)
    now = utcnow()
    body_html, mentioned = mentions.render_comment_text(session, body)
    comment = Comment(
        post=post,
        author=author,
        body=body,
        body_html=body_html,
        confirmed_findings=confirmed,
        anonymous=bool(anonymous),
        created_at=now,
    )
    session.add(comment)
    counters.add(post, "comment_count", +1)
    post.question.last_activity_at = now
    session.flush()
    events.comment_added(session, comment, mentions.mentioned_ids(mentioned))
    record_change(session, post, added=comment)
    return comment
