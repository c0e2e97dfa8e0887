"""Rewrite a span of personal data out of a post or comment, its revisions and everything
that quotes it, and regenerate the HTML from the rewritten source text."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from kenme.models import Comment, Flag, KennisbankItem, ModerationAction, Post, SuggestedEdit
from kenme.rendering import render_markdown
from kenme.services import mentions

REPLACEMENT = "[verwijderd]"
# Detail tables of aanplakkers and contributions hold Markdown next to its rendered HTML.
DETAIL_RELATIONS = ("aanplakker_details", "contribution_details")


@dataclass
class PurgeCount:
    """How much was rewritten (for the audit row: counts, never text)."""

    occurrences: int = 0
    revisions: int = 0


def scrub(value, span: str, count: PurgeCount | None = None):
    """Return value with every occurrence of span replaced, also inside JSON lists/dicts."""
    if isinstance(value, str):
        if span in value:
            if count is not None:
                count.occurrences += value.count(span)
            return value.replace(span, REPLACEMENT)
        return value
    if isinstance(value, list):
        return [scrub(item, span, count) for item in value]
    if isinstance(value, dict):
        return {key: scrub(item, span, count) for key, item in value.items()}
    return value


def _details(post: Post) -> list:
    return [d for d in (getattr(post, name, None) for name in DETAIL_RELATIONS) if d is not None]


def _markdown_columns(details) -> list[str]:
    return [column.key for column in details.__table__.columns if column.key.endswith("_markdown")]


def _details_texts(post: Post) -> list[str]:
    """The texts an aanplakker or contribution keeps in its details table."""
    texts = []
    for details in _details(post):
        texts.extend(getattr(details, key) or "" for key in _markdown_columns(details))
        texts.append(getattr(details, "closed_note", "") or "")
    return [text for text in texts if text]


def current_texts(target: Post | Comment) -> list[str]:
    """Every text a member sees now for this post or comment."""
    if isinstance(target, Comment):
        return [target.body]
    texts = [target.title, target.body_markdown, *_details_texts(target)]
    if target.revisions:
        fields = target.revisions[-1].fields or {}
        texts.extend(str(value) for value in fields.values())
    return texts


def occurs(target: Post | Comment, span: str) -> bool:
    """Tell whether the span occurs in the current text of the target."""
    return any(span in text for text in current_texts(target))


def _rewrite_post(post: Post, span: str, count: PurgeCount) -> None:
    post.title = scrub(post.title, span, count)
    if span in post.body_markdown:
        post.body_markdown = scrub(post.body_markdown, span, count)
        post.body_html, _ = mentions.render_post(object_session(post), post.body_markdown)
    details_text = _details_texts(post)
    if details_text:
        from kenme.services.aanplakker import purge_details_text

        found = sum(text.count(span) for text in details_text)
        if purge_details_text(post, span, REPLACEMENT):
            count.occurrences += found
    for revision in post.revisions:
        before = count.occurrences
        revision.title = scrub(revision.title, span, count)
        if span in revision.body_markdown:
            revision.body_markdown = scrub(revision.body_markdown, span, count)
            revision.body_html = render_markdown(revision.body_markdown)
        revision.fields = scrub(revision.fields, span, count)
        revision.confirmed_findings = scrub(revision.confirmed_findings, span, count)
        revision.edit_summary = scrub(revision.edit_summary, span, count)
        if count.occurrences > before:
            count.revisions += 1


def _rewrite_comment(comment: Comment, span: str, count: PurgeCount) -> None:
    if span in comment.body:
        comment.body = scrub(comment.body, span, count)
        comment.body_html, _ = mentions.render_comment_text(object_session(comment), comment.body)
    comment.confirmed_findings = scrub(comment.confirmed_findings, span, count)


def rewrite(session: Session, target: Post | Comment, span: str) -> PurgeCount:
    """Replace the span by "[verwijderd]" in the target, all its revisions, and in flag
    notes, audit reasons and Kennisbank notes about it."""
    count = PurgeCount()
    if isinstance(target, Comment):
        _rewrite_comment(target, span, count)
        flags = select(Flag).where(Flag.comment_id == target.id)
        actions = select(ModerationAction).where(ModerationAction.comment_id == target.id)
    else:
        _rewrite_post(target, span, count)
        flags = select(Flag).where(Flag.post_id == target.id)
        actions = select(ModerationAction).where(ModerationAction.post_id == target.id)
        for item in session.scalars(
            select(KennisbankItem).where(KennisbankItem.post_id == target.id)
        ):
            item.note = scrub(item.note, span)
        for suggestion in session.scalars(
            select(SuggestedEdit).where(SuggestedEdit.post_id == target.id)
        ):
            suggestion.title = scrub(suggestion.title, span, count)
            suggestion.body_markdown = scrub(suggestion.body_markdown, span, count)
            suggestion.edit_summary = scrub(suggestion.edit_summary, span, count)
            suggestion.confirmed_findings = scrub(suggestion.confirmed_findings, span, count)
    for flag in session.scalars(flags):
        flag.note = scrub(flag.note, span)
    for action in session.scalars(actions):
        action.reason = scrub(action.reason, span)
        action.details = scrub(action.details, span)
    return count
