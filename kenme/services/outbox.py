"""The mail outbox: mails are written in the transaction that causes them and sent by a worker.

``flask --app kenme mail worker`` takes due rows one at a time, in a transaction that holds
the row (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two workers never take the same row),
hands the mail to SMTP and marks it sent in the same transaction. A mail that fails with a
temporary error is retried with back-off (1, 2, 4 … minutes, at most 6 hours apart, 8 tries);
one whose address the server refuses (5xx) is marked ``refused`` and no further mail is
written to that address for REFUSED_DAYS. Each mail's Message-ID is derived from its row, so
a mail that is sent again after a crash between SMTP and commit is recognisable as the same.
Without ``KENME_SMTP_URL`` the worker writes .eml files to ``instance/mail/``.

Mails carry who did what, the thread's title and a link; never the text of a post.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kenme.models import MailOutbox, Notification, Post, User, Visibility
from kenme.models.types import utcnow
from kenme.services import mail_preferences as prefs
from kenme.services.mail_text import direct_mail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(hours=6)
REFUSED_DAYS = 30


def base_url() -> str:
    return (current_app.config.get("BASE_URL") or "http://localhost:5000").rstrip("/")


def unsubscribe_url(user_id: int, category: str) -> str:
    return f"{base_url()}/afmelden/{prefs.unsubscribe_token(user_id, category)}"


def address_refused(session: Session, address: str) -> bool:
    """Whether the SMTP server refused this address in the last REFUSED_DAYS."""
    since = utcnow() - timedelta(days=REFUSED_DAYS)
    return (
        session.scalar(
            select(MailOutbox.id)
            .where(
                MailOutbox.status == "refused",
                MailOutbox.to_address == address,
                MailOutbox.next_attempt_at >= since,
            )
            .limit(1)
        )
        is not None
    )


def may_mail(user: User) -> bool:
    return user.is_active and bool(user.email)


def enqueue(session: Session, row: MailOutbox) -> bool:
    """Add a mail unless one with its dedupe key exists; False when it was already there."""
    exists = session.scalar(select(MailOutbox.id).where(MailOutbox.dedupe_key == row.dedupe_key))
    if exists is not None:
        return False
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # written meanwhile by another transaction
        return False
    return True


def enqueue_direct(session: Session, note: Notification) -> bool:
    """Mail a notification right away when its member chose *direct* for its category."""
    if prefs.frequency(session, note.user_id, note.category) != prefs.DIRECT:
        return False
    user = session.get(User, note.user_id)
    if user is None or not may_mail(user) or address_refused(session, user.email):
        return False
    session.flush()  # the notification's id names the mail
    unsubscribe = unsubscribe_url(user.id, note.category)
    subject, text, html = direct_mail(
        name=user.display_name,
        message=note.message,
        link=base_url() + (note.url or "/meldingen"),
        category_label=prefs.CATEGORIES[note.category].label,
        unsubscribe=unsubscribe,
        settings=base_url() + "/meldingen/instellingen",
    )
    return enqueue(
        session,
        MailOutbox(
            user_id=user.id,
            dedupe_key=f"n:{note.id}",
            category=note.category,
            to_address=user.email,
            subject=subject,
            text_body=text,
            html_body=html,
            unsubscribe_url=unsubscribe,
            status="pending",
            attempts=0,
            next_attempt_at=utcnow(),
            last_error="",
            created_at=utcnow(),
        ),
    )


def forget_text(session: Session, span: str) -> int:
    """A purge: rewrite a span of personal data out of mails not yet sent; return how many."""
    rows = session.scalars(
        select(MailOutbox).where(
            MailOutbox.status == "pending",
            MailOutbox.subject.contains(span) | MailOutbox.text_body.contains(span),
        )
    ).all()
    for row in rows:
        row.subject = row.subject.replace(span, "[verwijderd]")
        row.text_body = row.text_body.replace(span, "[verwijderd]")
        row.html_body = row.html_body.replace(span, "[verwijderd]")
    for note in session.scalars(select(Notification).where(Notification.message.contains(span))):
        note.message = note.message.replace(span, "[verwijderd]")
    return len(rows)


# --- sending -------------------------------------------------------------------------------


def compose(row: MailOutbox) -> Message:
    """The mail for an outbox row: text and HTML, with one-click unsubscribe headers.

    Built with the compat32 MIME classes: a third of the cost of ``EmailMessage`` per mail,
    which counts for a digest to every member (benchmarks/digest.py).
    """
    text = MIMEText(row.text_body, "plain", "utf-8")
    if row.html_body:
        message: Message = MIMEMultipart("alternative")
        message.attach(text)
        message.attach(MIMEText(row.html_body, "html", "utf-8"))
    else:
        message = text
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = row.to_address
    message["Subject"] = Header(row.subject, "utf-8")
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = f"<kenme-outbox-{row.id}@{_mail_domain()}>"
    message["Auto-Submitted"] = "auto-generated"
    if row.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{row.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def _mail_domain() -> str:
    host = urlsplit(base_url()).hostname or "kenme.local"
    return host


@dataclass
class Outcome:
    sent: int = 0
    retried: int = 0
    refused: int = 0
    failed: int = 0
    dropped: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.refused + self.failed + self.dropped


class Transport:
    """One SMTP connection for a batch (or .eml files without KENME_SMTP_URL)."""

    def __init__(self, url: str, folder: str):
        self.url, self.folder, self.client = url, folder, None

    def send(self, message: Message) -> None:
        if not self.url:
            path = Path(self.folder)
            path.mkdir(parents=True, exist_ok=True)
            name = message["Message-ID"].strip("<>").split("@")[0]
            (path / f"{name}.eml").write_bytes(bytes(message))
            return
        if self.client is None:
            self.client = _connect(self.url)
        self.client.send_message(message)

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except smtplib.SMTPException:
                pass
            except OSError:
                pass
            self.client = None


def _connect(url: str) -> smtplib.SMTP:
    """smtps:// is implicit TLS; smtp:// uses STARTTLS except on port 25 or with ?tls=none
    (a relay on the loopback interface, as the tests run one)."""
    parts = urlsplit(url)
    port = parts.port or (465 if parts.scheme == "smtps" else 587)
    client_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    client = client_class(parts.hostname or "localhost", port, timeout=10)
    if parts.scheme == "smtp" and port != 25 and "tls=none" not in parts.query:
        client.starttls()
    if parts.username:
        client.login(unquote(parts.username), unquote(parts.password or ""))
    return client


def _still_wanted(session: Session, row: MailOutbox) -> bool:
    """A notification mail only while its notification and thread still exist and show."""
    if not row.dedupe_key.startswith("n:"):
        return True
    note = session.get(Notification, int(row.dedupe_key[2:]))
    if note is None:
        return False
    if note.thread_id is None:
        return True
    thread = session.get(Post, note.thread_id)
    return thread is not None and thread.visibility == Visibility.VISIBLE


def _claim(session: Session, now: datetime) -> MailOutbox | None:
    statement = (
        select(MailOutbox)
        .where(MailOutbox.status == "pending", MailOutbox.next_attempt_at <= now)
        .order_by(MailOutbox.next_attempt_at, MailOutbox.id)
        .limit(1)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    return session.scalar(statement)


def send_due(session: Session, *, limit: int = 100, now: datetime | None = None) -> Outcome:
    """Send up to ``limit`` due mails, each in its own transaction."""
    outcome = Outcome()
    transport = Transport(current_app.config.get("SMTP_URL", ""), current_app.config["MAIL_DIR"])
    try:
        for _ in range(limit):
            row = _claim(session, now or utcnow())
            if row is None:
                break
            _send_one(session, transport, row, outcome)
            session.commit()
    finally:
        transport.close()
        session.rollback()
    return outcome


def _send_one(session: Session, transport: Transport, row: MailOutbox, outcome: Outcome) -> None:
    now = utcnow()
    if not _still_wanted(session, row):
        row.status, row.last_error = "dropped", "niet meer zichtbaar"
        outcome.dropped += 1
        return
    row.attempts += 1
    try:
        transport.send(compose(row))
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        _failed(row, now, outcome, permanent=all(c >= 500 for c in codes), detail=str(codes))
    except smtplib.SMTPResponseException as error:
        transport.close()
        _failed(row, now, outcome, permanent=error.smtp_code >= 500, detail=str(error.smtp_code))
    except (smtplib.SMTPException, OSError) as error:
        transport.close()
        _failed(row, now, outcome, permanent=False, detail=type(error).__name__)
    else:
        row.status, row.sent_at, row.last_error = "sent", now, ""
        outcome.sent += 1
        log.info("mail sent", extra={"outbox_id": row.id, "category": row.category})


def _failed(row: MailOutbox, now: datetime, outcome: Outcome, *, permanent: bool, detail: str):
    row.last_error = f"SMTP {detail}"[:300]
    outcome.errors.append(row.last_error)
    if permanent:
        row.status, row.next_attempt_at = "refused", now
        outcome.refused += 1
        log.warning("mail address refused", extra={"outbox_id": row.id})
    elif row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        outcome.failed += 1
        log.warning("mail given up", extra={"outbox_id": row.id})
    else:
        wait = min(timedelta(minutes=2 ** (row.attempts - 1)), MAX_BACKOFF)
        row.next_attempt_at = now + wait
        outcome.retried += 1
