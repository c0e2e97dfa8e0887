"""Moderator actions on posts and comments: flags, visibility, purge, threads, featuring.

Every function checks everything before it changes anything: a refusal raises a domain error
with a Dutch reason, and then nothing is changed and nothing is logged as done.
"""

from __future__ import annotations

from sqlalchemy import delete as sql_delete
from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import Conflict, ValidationFailed
from kenme.models import (
    CloseReason,
    Comment,
    FlagStatus,
    ModerationAction,
    Post,
    PostType,
    QuestionStatus,
    User,
    Visibility,
)
from kenme.search.changes import bump_thread_version, drop_replaced_tokens, record_change
from kenme.services import outbox
from kenme.services.moderation import purging
from kenme.services.moderation.common import (
    HIDDEN_BY_MODERATOR,
    Target,
    clean_reason,
    ensure_exists,
    ensure_question,
    ensure_thread_root,
    log_action,
    notify_author,
    open_flags,
    resolve_flags,
    set_visibility,
    thread_of,
)
from kenme.services.posting import refresh_status

PURGE_MIN = 2
CLOSE_LABELS = {
    CloseReason.DUPLICATE: "Dubbele vraag",
    CloseReason.OFF_TOPIC: "Buiten het onderwerp",
    CloseReason.ANSWERED: "Elders beantwoord",
    CloseReason.TOO_BROAD: "Te breed",
}

# --- flags and visibility -------------------------------------------------------------------


def auto_hide(session: Session, target: Target, hidden_reason: str) -> None:
    """Hide a target on members' flags until a moderator decides (logged without actor)."""
    set_visibility(session, target, Visibility.HIDDEN, hidden_reason)
    log_action(session, None, "auto_hide", target, "", hidden_reason=hidden_reason)
    notify_author(session, target, "post_hidden_by_flags", None)


def dismiss_flags(session: Session, actor: User, target: Target, reason: str = "") -> int:
    """Decide the open flags were unfounded; a target they hid becomes visible again."""
    permissions.require(actor, "dismiss_flags")
    ensure_exists(target)
    reason = clean_reason(reason)
    flags = open_flags(session, target)
    if not flags:
        raise Conflict("Er zijn geen open meldingen over dit bericht.")
    count = resolve_flags(session, target, actor, FlagStatus.DISMISSED)
    restored = target.visibility == Visibility.HIDDEN and target.hidden_reason.startswith("flag")
    if restored:
        set_visibility(session, target, Visibility.VISIBLE)
        notify_author(session, target, "post_restored", actor)
    log_action(session, actor, "dismiss_flags", target, reason, flags=count, restored=restored)
    return count


def hide(session: Session, actor: User, target: Target, reason: str) -> None:
    """Hide a post or comment from members (author and moderators still see it)."""
    permissions.require(actor, "hide")
    ensure_exists(target)
    reason = clean_reason(reason, required=True)
    if target.visibility == Visibility.DELETED:
        raise Conflict("Dit bericht is verwijderd; zet het eerst terug.")
    if target.visibility == Visibility.HIDDEN and target.hidden_reason == HIDDEN_BY_MODERATOR:
        raise Conflict("Dit bericht is al verborgen.")
    was_visible = target.visibility == Visibility.VISIBLE
    upheld = resolve_flags(session, target, actor, FlagStatus.UPHELD)
    set_visibility(session, target, Visibility.HIDDEN, HIDDEN_BY_MODERATOR)
    log_action(session, actor, "hide", target, reason, flags=upheld)
    if was_visible:
        notify_author(session, target, "post_hidden", actor)


def _purged_since_flags(session: Session, target: Target) -> bool:
    flags = open_flags(session, target)
    if not flags:
        return False
    first = min(flag.created_at for flag in flags)
    column = (
        ModerationAction.comment_id if isinstance(target, Comment) else ModerationAction.post_id
    )
    return (
        session.scalar(
            select(ModerationAction.id).where(
                column == target.id,
                ModerationAction.action == "purge",
                ModerationAction.created_at >= first,
            )
        )
        is not None
    )


def restore(session: Session, actor: User, target: Target, reason: str = "") -> None:
    """Make a hidden post or comment visible again; its open flags are decided with it."""
    permissions.require(actor, "restore")
    ensure_exists(target)
    reason = clean_reason(reason)
    if target.visibility != Visibility.HIDDEN:
        raise Conflict("Dit bericht is niet verborgen.")
    # Flags that led to a purge were right; otherwise restoring says they were not.
    status = FlagStatus.UPHELD if _purged_since_flags(session, target) else FlagStatus.DISMISSED
    count = resolve_flags(session, target, actor, status)
    set_visibility(session, target, Visibility.VISIBLE)
    log_action(session, actor, "restore", target, reason, flags=count)
    notify_author(session, target, "post_restored", actor)


def delete(session: Session, actor: User, target: Target, reason: str) -> None:
    """Soft-delete: gone for everyone but moderators, who can undo it."""
    permissions.require(actor, "delete")
    ensure_exists(target)
    reason = clean_reason(reason, required=True)
    if target.visibility == Visibility.DELETED:
        raise Conflict("Dit bericht is al verwijderd.")
    upheld = resolve_flags(session, target, actor, FlagStatus.UPHELD)
    set_visibility(session, target, Visibility.DELETED)
    log_action(session, actor, "delete", target, reason, flags=upheld)


def undelete(session: Session, actor: User, target: Target, reason: str = "") -> None:
    """Undo a soft delete."""
    permissions.require(actor, "undelete")
    ensure_exists(target)
    reason = clean_reason(reason)
    if target.visibility != Visibility.DELETED:
        raise Conflict("Dit bericht is niet verwijderd.")
    set_visibility(session, target, Visibility.VISIBLE)
    log_action(session, actor, "undelete", target, reason)


def purge(session: Session, actor: User, target: Target, span: str, reason: str) -> int:
    """Replace a span of personal data by "[verwijderd]" everywhere it was ever stored.

    The audit row records who, when and why, and counts, but never the purged text.
    """
    permissions.require(actor, "purge")
    ensure_exists(target)
    span = (span or "").strip()
    if len(span) < PURGE_MIN:
        raise ValidationFailed(
            "Geef de precieze tekst op die weg moet (minimaal 2 tekens).", field="purge_text"
        )
    if span in purging.REPLACEMENT:
        raise ValidationFailed("Deze tekst is al verwijderd.", field="purge_text")
    if not purging.occurs(target, span):
        raise ValidationFailed(
            "Deze tekst komt niet (precies zo) voor in de huidige tekst van het bericht. "
            "Kopieer het stuk letterlijk, met hoofdletters en leestekens.",
            field="purge_text",
        )
    reason = clean_reason(reason, required=True)
    if span in reason:
        raise ValidationFailed("Herhaal de tekst die weg moet niet in de reden.", field="reason")
    count = purging.rewrite(session, target, span)
    outbox.forget_text(session, span)  # notifications and mails not yet sent (titles)
    session.flush()
    record_change(session, thread_of(target))
    drop_replaced_tokens(session)  # and out of SQLite's FTS5 segments
    log_action(
        session,
        actor,
        "purge",
        target,
        reason,
        occurrences=count.occurrences,
        revisions=count.revisions,
        length=len(span),
    )
    notify_author(session, target, "post_purged", actor)
    return count.occurrences


# --- threads --------------------------------------------------------------------------------


def lock(session: Session, actor: User, thread: Post, reason: str = "") -> None:
    """Stop new answers, comments, votes and edits on a thread."""
    permissions.require(actor, "lock")
    ensure_thread_root(thread, "vergrendeld")
    reason = clean_reason(reason)
    if thread.locked:
        raise Conflict("Deze vraag is al vergrendeld.")
    thread.locked = True
    bump_thread_version(thread)  # search does not index locks, but pages show them
    session.flush()
    log_action(session, actor, "lock", thread, reason)


def unlock(session: Session, actor: User, thread: Post, reason: str = "") -> None:
    """Allow answers, comments, votes and edits again."""
    permissions.require(actor, "unlock")
    ensure_thread_root(thread, "ontgrendeld")
    reason = clean_reason(reason)
    if not thread.locked:
        raise Conflict("Deze vraag is niet vergrendeld.")
    thread.locked = False
    bump_thread_version(thread)
    session.flush()
    log_action(session, actor, "unlock", thread, reason)


def parse_close_reason(close_reason: str | CloseReason) -> CloseReason:
    try:
        return CloseReason(close_reason)
    except ValueError as error:
        raise ValidationFailed(
            "Kies waarom de vraag dicht gaat: dubbel, off-topic, elders beantwoord of te breed.",
            field="close_reason",
        ) from error


def close(
    session: Session,
    actor: User,
    question: Post,
    close_reason: str,
    *,
    duplicate_of_id: int | str | None = None,
    reason: str = "",
) -> None:
    """Close a question: a duplicate (with a link to the original), off-topic, answered
    elsewhere or too broad."""
    permissions.require(actor, "close")
    ensure_question(question)
    why = parse_close_reason(close_reason)
    reason = clean_reason(reason)
    if question.status == QuestionStatus.CLOSED:
        raise Conflict("Deze vraag is al gesloten.")
    original = (
        original_for(session, question, duplicate_of_id) if why == CloseReason.DUPLICATE else None
    )
    apply_close(session, actor, question, why, original, reason or CLOSE_LABELS[why])


def apply_close(
    session: Session,
    actor: User | None,
    question: Post,
    why: CloseReason,
    original: Post | None,
    reason: str,
    voters: list[int] | None = None,
) -> None:
    """Close a checked question, by a moderator (``actor``) or by members' votes (``voters``).

    The standing close votes are spent: their voters go into the audit row, the rows go.
    """
    from kenme.models import CloseVote, CloseVoteKind

    question.status = QuestionStatus.CLOSED
    question.closed_reason = why
    question.duplicate_of_id = original.id if original is not None else None
    session.execute(
        sql_delete(CloseVote).where(
            CloseVote.question_id == question.id, CloseVote.kind == CloseVoteKind.CLOSE
        )
    )
    session.flush()
    record_change(session, question)
    details: dict = {"close_reason": why.value}
    if original is not None:
        details["duplicate_of"] = original.id
    if voters:
        details["voters"] = voters
    log_action(session, actor, "close", question, reason, **details)
    notify_author(session, question, "post_closed", actor)


def original_for(session: Session, question: Post, duplicate_of_id) -> Post:
    if duplicate_of_id in (None, ""):
        raise ValidationFailed("Geef aan van welke vraag dit een dubbele is.", field="duplicate_of")
    try:
        original_id = int(duplicate_of_id)
    except (TypeError, ValueError) as error:
        raise ValidationFailed(
            "Geef het nummer van de oorspronkelijke vraag op.", field="duplicate_of"
        ) from error
    if original_id == question.id:
        raise ValidationFailed(
            "Een vraag kan geen dubbele van zichzelf zijn.", field="duplicate_of"
        )
    original = session.get(Post, original_id)
    if (
        original is None
        or original.type != PostType.QUESTION
        or original.visibility != Visibility.VISIBLE
    ):
        raise ValidationFailed(
            f"Vraag {original_id} bestaat niet of is niet zichtbaar.", field="duplicate_of"
        )
    return original


def reopen(session: Session, actor: User, question: Post, reason: str = "") -> None:
    """Open a closed question again."""
    permissions.require(actor, "reopen")
    ensure_question(question)
    reason = clean_reason(reason)
    if question.status != QuestionStatus.CLOSED:
        raise Conflict("Deze vraag is niet gesloten.")
    apply_reopen(session, actor, question, reason)


def apply_reopen(
    session: Session,
    actor: User | None,
    question: Post,
    reason: str,
    voters: list[int] | None = None,
) -> None:
    """Reopen a checked question, by a moderator or by members' votes (spent here)."""
    from kenme.models import CloseVote, CloseVoteKind

    question.status = QuestionStatus.OPEN
    question.closed_reason = None
    question.duplicate_of_id = None
    refresh_status(question)
    session.execute(
        sql_delete(CloseVote).where(
            CloseVote.question_id == question.id, CloseVote.kind == CloseVoteKind.REOPEN
        )
    )
    session.flush()
    record_change(session, question)
    log_action(session, actor, "reopen", question, reason, **({"voters": voters} if voters else {}))


def feature(session: Session, actor: User, answer: Post, reason: str = "") -> None:
    """Feature ("uitlichten") a visible answer."""
    permissions.require(actor, "feature")
    if not isinstance(answer, Post) or answer.type != PostType.ANSWER:
        raise ValidationFailed("Alleen een antwoord kan worden uitgelicht.")
    reason = clean_reason(reason)
    if not answer.is_visible or not answer.question.is_visible:
        raise Conflict("Een verborgen of verwijderd antwoord kan niet worden uitgelicht.")
    if answer.featured:
        raise Conflict("Dit antwoord is al uitgelicht.")
    answer.featured = True
    session.flush()
    record_change(session, answer.question)
    log_action(session, actor, "feature", answer, reason)
    notify_author(session, answer, "answer_featured", actor)


def unfeature(session: Session, actor: User, answer: Post, reason: str = "") -> None:
    """Take the "uitgelicht" mark off an answer."""
    permissions.require(actor, "unfeature")
    if not isinstance(answer, Post) or answer.type != PostType.ANSWER:
        raise ValidationFailed("Alleen een antwoord kan worden uitgelicht.")
    reason = clean_reason(reason)
    if not answer.featured:
        raise Conflict("Dit antwoord is niet uitgelicht.")
    answer.featured = False
    session.flush()
    record_change(session, answer.question)
    log_action(session, actor, "unfeature", answer, reason)
