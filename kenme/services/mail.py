"""Outgoing e-mail: SMTP when configured, else .eml files in instance/mail/."""

from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app

log = logging.getLogger(__name__)


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text mail; never log its body."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4()}@kenme>"
    message.set_content(body)
    smtp_url = current_app.config.get("SMTP_URL")
    if smtp_url:
        _send_smtp(smtp_url, message)
        log.info("mail sent", extra={"subject": subject})
        return
    folder = Path(current_app.config["MAIL_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.eml"
    path.write_bytes(bytes(message))
    log.info("mail written: %s", path.name)


def _send_smtp(url: str, message: EmailMessage) -> None:
    """Deliver through smtp://user:pass@host:port or smtps:// (implicit TLS)."""
    parts = urlsplit(url)
    port = parts.port or (465 if parts.scheme == "smtps" else 587)
    client_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with client_class(parts.hostname or "localhost", port, timeout=10) as client:
        if parts.scheme == "smtp" and port != 25:
            client.starttls()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)
