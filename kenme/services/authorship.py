"""Who wrote a post, as a viewer may see it: a name, "Anoniem lid" or "verwijderd lid".

Anonymity covers what an anonymous author writes in their own thread and everything they do to
it (edits, suggestions, approvals); moderators and the author themselves see the name.
"""

from __future__ import annotations

from kenme import permissions
from kenme.models import Comment, Post, Revision, User


def _posted_anonymously(post: Post | Comment) -> bool:
    """Anonymous posts and comments, what an anonymous asker writes in their thread, and an
    anonymous answerer's comments under their own answer."""
    if getattr(post, "anonymous", False):
        return True
    if isinstance(post, Comment) and post.post.anonymous and post.post.author_id == post.author_id:
        return True
    thread = post.post.question if isinstance(post, Comment) else post.question
    return thread.anonymous and thread.author_id == post.author_id


def author_visible(post: Post | Comment, viewer: User | None) -> bool:
    """Whether the viewer may see who wrote a post (and reach their profile)."""
    if post.author.deleted_at is not None:
        return False
    if not _posted_anonymously(post):
        return True
    return permissions.sees_anonymous_authors(viewer) or bool(
        viewer is not None and viewer.id == post.author_id
    )


def author_label(post: Post | Comment, viewer: User | None) -> str:
    """What a viewer sees as the author: a name, "Anoniem lid" or "verwijderd lid"."""
    if post.author.deleted_at is not None:
        return "verwijderd lid"
    if not author_visible(post, viewer):
        return "Anoniem lid"
    return post.author.display_name


def member_label(user: User | None, post: Post, viewer: User | None) -> str:
    """A member who acted on a post (edited, suggested, approved), as the viewer may see them.

    Never reveals the anonymous author of the post or of its thread: a revision, suggestion or
    approval by them is as anonymous as what they posted.
    """
    if user is None:
        return ""
    if user.deleted_at is not None:
        return "verwijderd lid"
    thread = post.question
    anonymous = (post.anonymous and user.id == post.author_id) or (
        thread.anonymous and user.id == thread.author_id
    )
    if anonymous and not (
        permissions.sees_anonymous_authors(viewer) or (viewer is not None and viewer.id == user.id)
    ):
        return "Anoniem lid"
    return user.display_name


def revision_author_label(revision: Revision, viewer: User | None) -> str:
    """Name a revision's author without revealing who asked an anonymous question."""
    return member_label(revision.author, revision.post, viewer)


def revision_approver_label(revision: Revision, viewer: User | None) -> str:
    """Who approved a suggested edit ("" for a direct edit), as anonymous as they posted."""
    return member_label(revision.approved_by, revision.post, viewer)
