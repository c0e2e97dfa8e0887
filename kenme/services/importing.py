"""Import questions from an older platform (JSON Lines) through the same posting services.

Every text passes the privacy guard; a line with hard findings is skipped, one with soft
findings only with ``accept_soft`` (the confirmations are then recorded on the revisions).
Reports name line numbers, fields and kinds of findings, never the texts themselves.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.errors import DomainError, NotFound
from kenme.models import Post, User
from kenme.models.types import utcnow
from kenme.services import accounts, posting, privacy_gate
from kenme.services.privacy_gate import FieldFinding

IMPORTER_EMAIL = "importer@kenme.invalid"
IMPORTER_NAME = "KenMe-archief"
SOURCE_ID_MAX = 120


@dataclass
class ImportReport:
    """What happened per line, and the totals for the summary."""

    questions: int = 0
    answers: int = 0
    existing: int = 0
    with_soft_findings: int = 0
    skipped_hard: int = 0
    skipped_soft: int = 0
    invalid: int = 0
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Klaar: {self.questions} vragen en {self.answers} antwoorden geïmporteerd "
            f"({self.with_soft_findings} met bevestigde zachte bevindingen); "
            f"{self.existing} al aanwezig; overgeslagen: {self.skipped_hard} met harde "
            f"bevindingen, {self.skipped_soft} met zachte bevindingen, {self.invalid} ongeldig."
        )


def _describe(findings: list[FieldFinding]) -> str:
    """Fields and kinds only: the found text itself is never printed or logged."""
    seen = dict.fromkeys(f"{f.kind} in {f.field}" for f in findings)
    return ", ".join(seen)


def _parse_time(value) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def importer_account(session: Session) -> User:
    """The account imported questions are attributed to when no author is given."""
    user = accounts.find_by_email(session, IMPORTER_EMAIL)
    if user is None:
        now = utcnow()
        user = User(
            email=IMPORTER_EMAIL,
            display_name=IMPORTER_NAME,
            organisation="",
            function="Geïmporteerd van het vorige platform",
            # Not a valid Argon2 hash: nobody can log in as the importer.
            password_hash="!importer:" + secrets.token_hex(16),
            email_verified_at=now,
            approved_at=now,
        )
        session.add(user)
        session.flush()
    return user


class Importer:
    """Import one line at a time; each line is committed on its own, so a rerun resumes."""

    def __init__(
        self,
        session: Session,
        *,
        accept_soft: bool = False,
        default_author_email: str | None = None,
    ):
        self.session = session
        self.accept_soft = accept_soft
        self.report = ImportReport()
        if default_author_email:
            author = accounts.find_by_email(session, default_author_email)
            if author is None or not author.is_active:
                raise NotFound("Het lid van --author-email bestaat niet of is niet actief.")
            self.default_author = author
        else:
            self.default_author = importer_account(session)
            session.commit()

    def _skip(self, number: int, message: str, counter: str) -> None:
        setattr(self.report, counter, getattr(self.report, counter) + 1)
        self.report.messages.append(f"regel {number}: {message}")

    def import_line(self, number: int, line: str) -> None:
        """Import one question with its answers, or report why the line was skipped."""
        if not line.strip():
            return
        try:
            item = self._parse(line)
        except (ValueError, TypeError):
            self._skip(
                number,
                "geen geldige vraag (JSON-object met title, body, topics, answers); overgeslagen.",
                "invalid",
            )
            return
        if self.session.scalar(select(Post.id).where(Post.source_id == item["source_id"])):
            self.report.existing += 1
            return
        fields = {"title": item["title"], "body": item["body"]}
        for index, answer in enumerate(item["answers"]):
            fields[f"answers[{index}].body"] = answer["body"]
        try:
            findings = privacy_gate.scan_fields(fields)
        except DomainError as error:
            self._skip(number, f"{error.message} Overgeslagen.", "invalid")
            return
        hard = [f for f in findings if f.severity == "hard"]
        if hard:
            self._skip(
                number,
                f"harde privacybevindingen ({_describe(hard)}); overgeslagen.",
                "skipped_hard",
            )
            return
        if findings and not self.accept_soft:
            self._skip(
                number,
                f"zachte privacybevindingen ({_describe(findings)}); "
                "overgeslagen (gebruik --accept-soft om te importeren).",
                "skipped_soft",
            )
            return
        try:
            answers = self._create(item, findings)
        except DomainError as error:
            self.session.rollback()  # earlier lines are committed; only this one is undone
            self._skip(number, f"{error.message} Overgeslagen.", "invalid")
            return
        self.session.commit()
        self.report.questions += 1
        self.report.answers += answers
        if findings:
            self.report.with_soft_findings += 1
            self.report.messages.append(
                f"regel {number}: geïmporteerd met bevestigde zachte bevindingen "
                f"({_describe(findings)})."
            )

    def _parse(self, line: str) -> dict:
        data = json.loads(line)
        if not isinstance(data, dict):
            raise ValueError
        title, body, topics = data.get("title"), data.get("body"), data.get("topics")
        answers = data.get("answers") or []
        if not (
            isinstance(title, str)
            and isinstance(body, str)
            and isinstance(topics, list)
            and isinstance(answers, list)
        ):
            raise ValueError
        if not all(isinstance(t, str) for t in topics):
            raise ValueError
        if not all(isinstance(a, dict) and isinstance(a.get("body"), str) for a in answers):
            raise ValueError
        source_id = data.get("source_id")
        if source_id is None:
            digest = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
            source_id = f"sha256:{digest[:48]}"
        if not isinstance(source_id, str | int) or not str(source_id).strip():
            raise ValueError
        source_id = str(source_id).strip()
        if len(source_id) > SOURCE_ID_MAX - 8:
            raise ValueError
        author_email = data.get("author_email")
        return {
            "title": title,
            "body": body,
            "topics": topics,
            "answers": [
                {
                    "body": a["body"],
                    "created_at": _parse_time(a.get("created_at")),
                    "author_email": a.get("author_email"),
                }
                for a in answers
            ],
            "created_at": _parse_time(data.get("created_at")),
            "source_id": source_id,
            "author_email": author_email if isinstance(author_email, str) else None,
        }

    def _author(self, email: str | None) -> User:
        if email:
            user = accounts.find_by_email(self.session, email)
            if user is not None and user.is_active:
                return user
        return self.default_author

    def _create(self, item: dict, findings: list[FieldFinding]) -> int:
        """Create the question and its answers; return how many answers were created."""
        confirmed = [{"field": f.field, "kind": f.kind, "text": f.text} for f in findings]
        question = posting.ask_question(
            self.session,
            self._author(item["author_email"]),
            title=item["title"],
            body=item["body"],
            topic_slugs=item["topics"],
            confirmations=[c for c in confirmed if c["field"] in ("title", "body")],
        )
        question.source_id = item["source_id"]
        created_at = latest = item["created_at"]
        if created_at is not None:
            question.created_at = created_at
            question.revisions[0].created_at = created_at
        for index, answer_item in enumerate(item["answers"]):
            prefix = f"answers[{index}]."
            answer = posting.post_answer(
                self.session,
                self._author(answer_item["author_email"]),
                question,
                body=answer_item["body"],
                confirmations=[
                    {**c, "field": "body"} for c in confirmed if c["field"].startswith(prefix)
                ],
            )
            answer.source_id = f"{item['source_id']}/a{index + 1}"
            moment = answer_item["created_at"] or created_at
            if moment is not None:
                answer.created_at = moment
                answer.revisions[0].created_at = moment
                latest = max(latest or moment, moment)
        if latest is not None:
            question.last_activity_at = latest
        self.session.flush()
        return len(item["answers"])
