"""The unread count next to "Meldingen" in the header: one cheap count per page.

A page the whole-page cache keeps (kenme/web/questions/page_cache.py) holds a placeholder
here, filled for every viewer with their own count, read in the same statement as the
member; other pages count once per request (the ``ix_notifications_user`` index).
"""

from __future__ import annotations

from flask import g
from flask_login import current_user
from markupsafe import Markup

from kenme.extensions import db
from kenme.services.notifications import unread_count

CACHED = "kenme_unread_count"


def badge_html(count: int) -> str:
    """The header's count, or nothing when there is nothing unread."""
    if count <= 0:
        return ""
    shown = "99+" if count > 99 else str(count)
    return (
        f' <span class="nav-count">({shown}<span class="visually-hidden"> '
        f"{'ongelezen melding' if count == 1 else 'ongelezen meldingen'}</span>)</span>"
    )


def my_unread_count() -> int:
    """The current member's unread notifications, counted at most once per request."""
    if not current_user.is_authenticated:
        return 0
    if CACHED not in g:
        g.kenme_unread_count = unread_count(db.session, current_user)
    return g.kenme_unread_count


def unread_badge() -> Markup:
    """For the layout: the placeholder in a page to be kept, else the member's count."""
    from kenme.web.questions.page_cache import UNREAD_PLACEHOLDER, is_rendering_kept_page

    if is_rendering_kept_page():
        return Markup(UNREAD_PLACEHOLDER)  # noqa: S704 (a constant)
    return Markup(badge_html(my_unread_count()))  # noqa: S704 (digits and fixed text)
