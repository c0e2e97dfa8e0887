"""Every text column of the database: scanned by the privacy gate, or exempt with a reason.

``SCANNED`` lists each column a person writes (directly, or text built from what a person
wrote). Whatever service writes them, a ``before_flush`` hook (``install``) scans every new or
changed value of these columns and refuses the flush when it holds a hard identifier (BSN,
IBAN, e-mail, phone, address, date of birth, plate, client/V-/document/KvK number), so no
write path, present or future, can store one. Services still call ``privacy_gate.check`` first
for the friendly round trip (soft findings with confirmation, the form keeping the text).

``EXEMPT`` lists every other text column with the reason it needs no scan. A test
(tests/privacy/test_fields.py) fails when a text column is in neither list, so a new column
gets a decision the day it is added. Enum columns are fixed choices and need no entry; JSON
columns are listed too, and every string inside a scanned JSON value is scanned.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from kenme.services import privacy_gate

# table.column -> who writes it (documentation for the reader; the hook scans them all)
SCANNED: dict[str, str] = {
    "users.display_name": "registration form + API, CLI create-user",
    "users.organisation": "registration form + API, CLI create-user",
    "users.function": "registration form + API, CLI create-user",
    "users.about": "profile text",
    "users.suspension_reason": "moderator's reason, read by the member at login",
    "api_tokens.name": "token name (form, CLI)",
    "posts.title": "question title (form, API, import-jsonl)",
    "posts.body_markdown": "question/answer body (form, API, import-jsonl)",
    "posts.source_id": "import-jsonl: the source's own id",
    "revisions.title": "title of each version",
    "revisions.body_markdown": "body of each version",
    "revisions.edit_summary": "edit summary (form + API)",
    "comments.body": "comment (form + API)",
    "suggested_edits.title": "suggested title (form + API)",
    "suggested_edits.body_markdown": "suggested body (form + API)",
    "suggested_edits.edit_summary": "summary of a suggested edit (form + API)",
    "suggested_edits.review_note": "reviewer's note on a rejected suggestion",
    "suggested_edits.confirmed_findings": "soft findings the suggester confirmed (JSON)",
    "aanplakker_details.situatie_markdown": "Aanplakker section",
    "aanplakker_details.dilemma_markdown": "Aanplakker section",
    "aanplakker_details.geprobeerd_markdown": "Aanplakker section",
    "aanplakker_details.meedenkvraag_markdown": "Aanplakker section",
    "aanplakker_details.oogst_markdown": "Aanplakker harvest",
    "aanplakker_details.followup_markdown": "Aanplakker follow-up",
    "aanplakker_details.closed_note": "moderator's closing note",
    "contribution_details.reply_markdown": "Aanplakker contribution",
    "endorsements.note": "endorsement note",
    "flags.note": "flag note (form + API)",
    "moderation_actions.reason": "moderation reason (form + API)",
    "retention_reviews.keep_reason": "moderator's reason to keep a thread's case text (retention)",
    "kennisbank_pages.intro_markdown": "Kennisbank intro",
    "kennisbank_items.note": "Kennisbank item note",
    "law_changes.note": "law change note",
    "topics.name": "topic (moderators)",
    "sso_organisations.name": "name of an allowlisted organisation (admins)",
    "topics.description": "topic description (moderators)",
    "topics.legal_basis": "topic legal basis (moderators)",
    "topic_synonyms.term": "topic synonym (moderators)",
    "search_synonym_groups.canonical": "thesaurus entry (moderators)",
    "search_synonym_groups.note": "thesaurus note (moderators)",
    "search_synonym_groups.terms": "thesaurus terms (JSON list, moderators)",
    "revisions.fields": "Aanplakker sections of each version (JSON)",
    "revisions.confirmed_findings": "soft findings the author confirmed (JSON)",
    "comments.confirmed_findings": "soft findings the author confirmed (JSON)",
    "moderation_actions.details": "details of a moderation action (JSON)",
    "notifications.message": "notification text built from titles and names people wrote",
    "mail_outbox.subject": "mail subject built from titles people wrote",
    "mail_outbox.text_body": "mail text built from titles, names and excerpts people wrote",
}

EXEMPT: dict[str, str] = {
    "users.email": "the member's own login address, never shown to others",
    "users.name_key": "derived from display_name, which is scanned",
    "users.password_hash": "a hash",
    "api_tokens.token_hash": "a hash",
    "api_tokens.prefix": "random characters the app generates",
    "login_sessions.key_hash": "a hash",
    "login_sessions.device": "short label the app derives from the User-Agent header",
    "login_sessions.method": "fixed code set by the app",
    "login_sessions.end_reason": "fixed code set by the app",
    "posts.body_html": "rendered from body_markdown, which is scanned",
    "posts.hidden_reason": "fixed code chosen from a list",
    "revisions.body_html": "rendered from body_markdown, which is scanned",
    "comments.body_html": "rendered from body, which is scanned",
    "comments.hidden_reason": "fixed code chosen from a list",
    "aanplakker_details.situatie_html": "rendered from the scanned markdown",
    "aanplakker_details.dilemma_html": "rendered from the scanned markdown",
    "aanplakker_details.geprobeerd_html": "rendered from the scanned markdown",
    "aanplakker_details.meedenkvraag_html": "rendered from the scanned markdown",
    "aanplakker_details.oogst_html": "rendered from the scanned markdown",
    "aanplakker_details.followup_html": "rendered from the scanned markdown",
    "contribution_details.reply_html": "rendered from the scanned markdown",
    "kennisbank_pages.intro_html": "rendered from intro_markdown, which is scanned",
    "topics.slug": "made from the scanned name (letters, digits, dashes)",
    "search_synonym_groups.kind": "fixed code",
    "search_outbox.kind": "fixed code",
    "search_outbox.last_error": "error text of the search engine, written by the app",
    "search_state.epoch": "random token",
    "search_terms.term": "vocabulary of indexed (scanned) texts",
    "search_terms.head": "vocabulary of indexed (scanned) texts",
    "search_terms.tail": "vocabulary of indexed (scanned) texts",
    "search_terms.word": "vocabulary of indexed (scanned) texts",
    "notifications.kind": "fixed code",
    "notifications.url": "a path the app builds",
    "moderation_actions.action": "fixed code",
    "notifications.category": "fixed code",
    "mail_outbox.html_body": "the HTML twin of text_body, which is scanned",
    "mail_outbox.category": "fixed code",
    "mail_outbox.dedupe_key": "key the app builds from ids",
    "mail_outbox.last_error": "error text of the mail server, written by the app",
    "mail_outbox.status": "fixed code",
    "mail_outbox.to_address": "the member's own address",
    "mail_outbox.unsubscribe_url": "a link the app builds with a random token",
    "mail_preferences.category": "fixed code",
    "mail_preferences.frequency": "fixed code",
    "community_settings.key": "name of a setting, fixed by the app",
    "sso_identities.issuer": "the identity provider's issuer URL, from the admins' allowlist",
    "sso_identities.subject": "the provider's opaque account id, never shown",
    "sso_issuers.connection": "fixed code of the connection kind",
    "sso_issuers.issuer": "the identity provider's issuer URL (admins)",
    "sso_issuers.tenant_id": "the provider's tenant id, a GUID (admins)",
}


def text_columns(metadata: sa.MetaData) -> list[str]:
    """Every String/Text (not Enum) and JSON column of the metadata, as table.column."""
    return sorted(
        f"{table.name}.{column.name}"
        for table in metadata.sorted_tables
        for column in table.columns
        if (isinstance(column.type, sa.String) and not isinstance(column.type, sa.Enum))
        or isinstance(column.type, sa.JSON)
    )


def _leaves(value: object) -> list[str]:
    """The texts of a column value: a string, or each string inside a JSON value on its own.

    On its own, because the strings of a JSON value are separate texts (Aanplakker sections,
    thesaurus terms, an audit row's fields): joined, the end of one and the start of the next
    read as one ("aanplakker" + a date looked like a street and house number)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for v in value.values() for text in _leaves(v)]
    if isinstance(value, list | tuple):
        return [text for v in value for text in _leaves(v)]
    return []


def _by_table(columns: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    tables: dict[str, list[str]] = {}
    for key in columns:
        table, column = key.split(".")
        tables.setdefault(table, []).append(column)
    return {table: tuple(cols) for table, cols in tables.items()}


_SCANNED_BY_TABLE = _by_table(SCANNED)
# The signed, dated token of our own unsubscribe links (outbox.unsubscribe_url) is base64 made
# by the app; its letters and digits can spell a licence plate ("…_C810MX_…"), which refused the
# notification mail and with it the answer that caused it. What a person wrote in a mail (titles,
# names, excerpts) is still scanned; the token is not theirs.
_APP_TOKENS = re.compile(r"(/afmelden/)[A-Za-z0-9_.-]+")


def changed_texts(obj: object, is_new: bool) -> list[tuple[str, str]]:
    """(column, text) of every scanned column of obj whose value is new in this flush; a JSON
    column gives each of its strings."""
    table = getattr(obj, "__tablename__", None)
    columns = _SCANNED_BY_TABLE.get(table or "", ())
    if not columns:
        return []
    state = inspect(obj)
    found: list[tuple[str, str]] = []
    for column in columns:
        attr = state.attrs.get(column) if column in state.attrs else None
        if attr is None:
            continue
        if is_new:
            value = attr.value
        else:
            added = attr.history.added
            value = added[0] if added else None
        for text in _leaves(value):
            if table == "mail_outbox":
                text = _APP_TOKENS.sub(r"\1…", text)
            if text.strip():
                found.append((column, text))
    return found


def _gate_flush(session: Session, _context, _instances) -> None:
    """Refuse a flush that would store a hard identifier in any scanned column."""
    fields: list[tuple[str, str]] = []
    for is_new, objects in ((True, session.new), (False, session.dirty)):
        for obj in objects:
            fields.extend(changed_texts(obj, is_new))
    if fields:
        privacy_gate.refuse_hard(fields)


_installed = False


def install() -> None:
    """Scan every flush of every session (once per process)."""
    global _installed
    if not _installed:
        event.listen(Session, "before_flush", _gate_flush)
        _installed = True
