"""The thread part of a question page rendered to be kept.

A thread (the question, its answers and their comments) is most of the question page's cost.
When a plain member's view misses the kept pages (page_cache.py), the page is rendered with
slots (slots.py) and placeholders, and ``render`` notes what the thread showed: its outline
(posts and writers, the key's part), the viewer's votes and the people shown. page_cache.keep
keeps the page with them, and page_rules checks them on every hit.

Writers (who wrote or endorsed something in the thread: their own posts get edit links and no
vote buttons, the asker gets accept buttons, an author sees their hidden answer) get pages of
their own; every other plain member shares one. Moderators, thema-specialists and beheerders
see controls that depend on open flags and on their topics, so their pages are never kept.

Rendered threads were once kept on their own as well (decision 0007); under the live mix they
were hit in under 1 % of views, so that layer is gone (decision 0050).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask import g, render_template
from markupsafe import Markup

from kenme.services.threads import QuestionView
from kenme.web.questions import slots

CSRF_PLACEHOLDER = f"kenme-csrf-{secrets.token_hex(16)}"  # unguessable: user text can't hold it
SEEN = "kenme_thread_seen"  # on g: (outline, viewer's votes, people shown) of the thread shown

Shown = tuple[tuple[int, str, str, int, datetime | None], ...]


@dataclass(frozen=True)
class Outline:
    """Who is who in one version of a thread: enough to find a viewer's page."""

    writers: frozenset[int]
    post_ids: tuple[int, ...]


def render(view: QuestionView, **context) -> Markup:
    """Render the thread part of the question page; in a page rendered to be kept (slots
    on), note what it showed for page_cache.keep."""
    html = render_template("questions/_thread.html", view=view, **context)
    if slots.on():
        outline = Outline(
            writers=view.writers,
            post_ids=tuple(sorted([view.question.id] + [a.answer.id for a in view.answers])),
        )
        g.setdefault(SEEN, (outline, _votes_of(view), _shown_from(view)))
    return Markup(html)  # noqa: S704 (autoescaped template output)


def seen() -> tuple[Outline, tuple, Shown] | tuple[None, None, None]:
    """The outline, the viewer's votes and the people of the thread this request showed."""
    return g.get(SEEN, (None, None, None))


@contextmanager
def csrf_placeholder() -> Iterator[None]:
    """Render with the placeholder as the CSRF token; the kept page fills in the real one."""
    had_token = "csrf_token" in g
    real_token = g.pop("csrf_token", None)
    g.csrf_token = CSRF_PLACEHOLDER
    try:
        yield
    finally:
        g.pop("csrf_token", None)
        if had_token:
            g.csrf_token = real_token


def _votes_of(view: QuestionView) -> tuple:
    votes = {view.question.id: view.my_vote}
    votes.update({a.answer.id: a.my_vote for a in view.answers})
    return tuple(sorted((post_id, value) for post_id, value in votes.items() if value))


def _shown_from(view: QuestionView) -> Shown:
    people = {view.question.author}
    for item in view.answers:
        people.add(item.answer.author)
        people.update(c.author for c in item.comments)
        people.update(e.user for e in item.endorsements)
    people.update(c.author for c in view.comments)
    if view.closed_by is not None:
        people.add(view.closed_by)
    people.update(view.closed_voters)
    return tuple(
        sorted((u.id, u.display_name, u.organisation, u.reputation, u.deleted_at) for u in people)
    )
