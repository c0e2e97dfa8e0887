"""Small helpers for reading what the app wrote: mails, pages and SQL statements."""

from __future__ import annotations

import email
import re
from email import policy
from pathlib import Path

from sqlalchemy import Engine, event, select


def read_mails(app) -> list[email.message.EmailMessage]:
    """Return the mails written to instance/mail/, oldest first."""
    folder = Path(app.config["MAIL_DIR"])
    if not folder.exists():
        return []
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]


def link_in_last_mail(app, to: str) -> str:
    """Return the path of the first KenMe link in the newest mail to this address."""
    mails = [m for m in read_mails(app) if m["To"] == to]
    assert mails, f"no mail written to {to}"
    body = mails[-1].get_content()
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, "no link in mail"
    return match.group(1)


class CapturedStatements:
    """Record the SQL statements sent while the block runs: `with CapturedStatements() as s:`.

    Any engine counts: on PostgreSQL the page cache reads with an engine of its own.

    `wanted(statement)` decides which are kept (all of them here).
    """

    def __init__(self):
        self.seen: list[tuple[str, object]] = []

    def wanted(self, statement: str) -> bool:
        return True

    def __call__(self, _conn, _cursor, statement, parameters, _context, _many):
        if self.wanted(statement):
            self.seen.append((statement, parameters))

    def __enter__(self):
        event.listen(Engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc):
        event.remove(Engine, "before_cursor_execute", self)


def notifications_of(user) -> list[tuple[str, int | None]]:
    """(kind, actor id) of every notification a member got, oldest first."""
    from kenme.extensions import db
    from kenme.models import Notification

    rows = db.session.execute(
        select(Notification.kind, Notification.actor_id)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id)
    )
    return [tuple(row) for row in rows]


def notification_kinds(user) -> list[str]:
    """The kinds of every notification a member got, oldest first."""
    return [kind for kind, _actor in notifications_of(user)]


def rows_containing(fragment: str) -> list[tuple[str, str]]:
    """Every (table, column) in the whole database whose value contains the fragment."""
    from sqlalchemy import inspect, text

    from kenme.extensions import db

    found = []
    for table in inspect(db.engine).get_table_names():
        query = text(f'SELECT * FROM "{table}"')  # noqa: S608 (names come from the inspector)
        for row in db.session.execute(query).mappings():
            found.extend((table, column) for column, value in row.items() if fragment in str(value))
    return found


COMMENT_FORM_TOKEN = re.compile(
    r'class="stack comment-form".*?name="csrf_token" value="([^"]+)"', re.S
)


def comment_with_the_pages_token(client, page: str, post_id: int, body: str):
    """Post a comment with the CSRF token of the first comment form on ``page`` (a kept page
    fills in the viewer's own token)."""
    token = COMMENT_FORM_TOKEN.search(page)
    return client.post(
        f"/berichten/{post_id}/reacties", data={"csrf_token": token.group(1), "body": body}
    )


def purge_through_the_web(client, post_id: int, text: str, **options):
    """A moderator's ``client`` purges ``text`` from a post (and its revisions) through the
    moderation form, the way a moderator does; ``options`` go to ``post_form``."""
    return client.post_form(
        "/moderatie/acties",
        {
            "action": "purge",
            "post_id": post_id,
            "purge_text": text,
            "reason": "Naam van de klant",
            "next": "/moderatie/logboek",
        },
        **options,
    )
