"""E-mail through a real SMTP server (aiosmtpd, in-process): direct mails, digests, refusals,
retries, and one-click unsubscribe links followed as a mail client does."""

from __future__ import annotations

import email
import socket
import time
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import MailOutbox, MailPreference, Notification
from kenme.models.types import utcnow
from kenme.services import digest, follows, mail_preferences, outbox
from tests.factories import ANSWER_BODY, QUESTION_BODY, make_answer, make_question, make_user
from tests.web.test_kept_threads import second_client
from tests.web.test_notifications import header_count


class Mailbox:
    """An SMTP handler: keeps what it accepts; refuses or defers addresses on request."""

    def __init__(self):
        self.received: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()
        self.defer: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Dit adres bestaat niet"
        if address in self.defer:
            return "451 4.3.0 Probeer het later nog eens"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.received if m["To"] == address]


@pytest.fixture
def smtp(app):
    box = Mailbox()
    with socket.socket() as probe:  # a free port on the loopback interface
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{port}?tls=none"
    app.config["BASE_URL"] = "https://kenme.example"
    yield box
    controller.stop()


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def unsubscribe_path(message) -> str:
    header = message["List-Unsubscribe"].strip()  # a long header may be folded
    assert header.startswith("<https://kenme.example/afmelden/") and header.endswith(">")
    return header[1:-1].removeprefix("https://kenme.example")


def test_an_answer_is_mailed_at_once_and_the_unsubscribe_link_works(app, smtp):
    asker = make_user(display_name="Vera Vrager")
    question = make_question(asker)
    make_answer(question, make_user(display_name="Anton Antwoord"))
    assert outbox.send_due(db.session).sent == 1
    [mail] = smtp.to(asker.email)
    assert mail["Subject"].startswith("KenMe: Anton Antwoord beantwoordde je vraag")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.get_content_type() == "multipart/alternative"
    text, html = text_of(mail), html_of(mail)
    assert f"https://kenme.example/vragen/{question.id}#bericht-" in text
    assert '<html lang="nl">' in html and "<img" not in html
    for body in (text, html):
        assert ANSWER_BODY[:40] not in body and QUESTION_BODY[20:60] not in body
    # A mail client's one-click POST: no login, no CSRF token, only the signed link.
    stranger = app.test_client()
    response = stranger.post(unsubscribe_path(mail), data="List-Unsubscribe=One-Click")
    assert response.status_code == 200
    assert "Je krijgt geen e-mail meer over" in response.get_data(as_text=True)
    assert mail_preferences.preferences(db.session, asker)["mijn_berichten"] == "uit"
    make_answer(question, make_user())
    assert outbox.send_due(db.session).sent == 0
    assert len(smtp.to(asker.email)) == 1


def test_the_worker_command_sends_within_one_cycle(app, smtp, runner):
    asker = make_user()
    make_answer(make_question(asker), make_user())
    result = runner.invoke(args=["mail", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Verstuurd: 1" in result.output
    assert len(smtp.to(asker.email)) == 1
    runner.invoke(args=["mail", "worker", "--once"])
    assert len(smtp.to(asker.email)) == 1  # never twice


def test_a_refused_address_is_marked_and_not_mailed_again(app, smtp):
    asker = make_user(email="geweigerd@gemeente.nl")
    smtp.refuse.add(asker.email)
    question = make_question(asker)
    make_answer(question, make_user())
    outcome = outbox.send_due(db.session)
    assert outcome.refused == 1 and outcome.sent == 0
    row = db.session.scalar(select(MailOutbox))
    assert row.status == "refused" and row.attempts == 1
    make_answer(question, make_user())
    assert db.session.scalar(select(db.func.count(MailOutbox.id))) == 1  # not written again
    assert outbox.send_due(db.session, now=utcnow() + timedelta(days=1)).handled == 0


def test_a_temporary_failure_is_retried_with_back_off_and_sent_once(app, smtp):
    asker = make_user()
    smtp.defer.add(asker.email)
    make_answer(make_question(asker), make_user())
    assert outbox.send_due(db.session).retried == 1
    row = db.session.scalar(select(MailOutbox))
    assert row.status == "pending" and row.attempts == 1 and row.next_attempt_at > utcnow()
    assert outbox.send_due(db.session).handled == 0  # not due yet
    smtp.defer.clear()
    later = utcnow() + timedelta(minutes=5)
    assert outbox.send_due(db.session, now=later).sent == 1
    assert outbox.send_due(db.session, now=later + timedelta(hours=1)).handled == 0
    assert len(smtp.to(asker.email)) == 1
    db.session.refresh(row)
    assert row.status == "sent" and row.attempts == 2


def test_mail_gives_up_after_the_last_try(app, smtp):
    asker = make_user()
    smtp.defer.add(asker.email)
    make_answer(make_question(asker), make_user())
    moment = utcnow()
    for _ in range(outbox.MAX_ATTEMPTS):
        moment += outbox.MAX_BACKOFF
        outbox.send_due(db.session, now=moment)
    row = db.session.scalar(select(MailOutbox))
    assert row.status == "failed" and row.attempts == outbox.MAX_ATTEMPTS


def test_a_mail_for_a_thread_hidden_before_sending_is_dropped(app, smtp):
    from kenme.models import Role
    from kenme.services.moderation import content as moderation

    asker = make_user()
    question = make_question(asker)
    make_answer(question, make_user())
    moderation.hide(db.session, make_user(role=Role.MODERATOR), question, "Controle")
    db.session.commit()
    outcome = outbox.send_due(db.session)
    assert outcome.dropped == 1  # the answer's mail; the moderation notice itself goes out
    [notice] = smtp.to(asker.email)
    assert "verborgen" in notice["Subject"]


def _backdate(hours: int) -> None:
    db.session.execute(
        Notification.__table__.update().values(created_at=utcnow() - timedelta(hours=hours))
    )
    db.session.commit()


def test_a_daily_digest_is_written_once_sent_and_unsubscribed(app, smtp, runner):
    follower = make_user(display_name="Volger Vincent")
    question = make_question(make_user())
    follows.follow_thread(db.session, follower, question)
    db.session.commit()
    make_answer(question, make_user())
    make_answer(question, make_user())
    _backdate(24)
    first = runner.invoke(args=["digest", "send", "--daily"])
    assert first.exit_code == 0, first.output
    # The follower, and the first answerer (who follows the thread since answering it).
    assert "2 geschreven" in first.output
    again = runner.invoke(args=["digest", "send", "--daily"])
    assert "0 geschreven, 2 bestonden al" in again.output
    outbox.send_due(db.session)
    [mail] = smtp.to(follower.email)
    assert "Dagelijks overzicht" in mail["Subject"]
    assert "2 nieuwe antwoorden op “" in text_of(mail)
    assert question.title in html_of(mail)
    assert ANSWER_BODY[:40] not in text_of(mail) + html_of(mail)
    response = app.test_client().post(unsubscribe_path(mail), data="List-Unsubscribe=One-Click")
    assert response.status_code == 200
    assert "dagelijks overzicht" in response.get_data(as_text=True)
    chosen = mail_preferences.preferences(db.session, follower)
    assert "dagelijks" not in chosen.values()


def test_the_weekly_digest_carries_topics(app, smtp):
    from kenme.models import Topic

    member = make_user()
    question = make_question(make_user())
    topic = db.session.get(Topic, question.topics[0].id)
    follows.follow_topic(db.session, member, topic)
    db.session.commit()
    make_question(make_user(), topics=[topic])
    _backdate(24 * 7)
    result = digest.send_digests(db.session, "wekelijks")
    db.session.commit()
    assert result.written == 1
    assert digest.send_digests(db.session, "wekelijks").written == 0
    outbox.send_due(db.session)
    [mail] = smtp.to(member.email)
    assert "Wekelijks overzicht" in mail["Subject"]


# --- unsubscribe links that must change nothing --------------------------------------------


def _token(app, user_id, category, *, age: int = 0, key: str | None = None) -> str:
    class Dated(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - age

    serializer = URLSafeTimedSerializer(
        key or app.secret_key, salt=mail_preferences.UNSUBSCRIBE_SALT, signer=Dated
    )
    return serializer.dumps({"u": user_id, "c": category})


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("tampered", "klopt niet"),
        ("wrong_key", "klopt niet"),
        ("expired", "verlopen"),
        ("unknown_category", "klopt niet"),
    ],
)
def test_bad_unsubscribe_links_change_nothing(app, client, case, expected):
    member = make_user()
    good = _token(app, member.id, "mijn_berichten")
    token = {
        "tampered": good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB"),
        "wrong_key": _token(app, member.id, "mijn_berichten", key="een-andere-sleutel-123456"),
        "expired": _token(
            app, member.id, "mijn_berichten", age=mail_preferences.UNSUBSCRIBE_MAX_AGE + 60
        ),
        "unknown_category": _token(app, member.id, "alles"),
    }[case]
    for method in ("get", "post"):
        response = getattr(client, method)(f"/afmelden/{token}")
        assert response.status_code == 400
        assert expected in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(MailPreference)) == 0


def test_another_members_link_changes_nothing_when_logged_in(app, client, auth):
    owner, other = make_user(), make_user()
    auth.login_as(other)
    token = _token(app, owner.id, "mijn_berichten")
    response = client.post(f"/afmelden/{token}")
    assert response.status_code == 400
    assert "ander account" in response.get_data(as_text=True)
    assert mail_preferences.preferences(db.session, owner)["mijn_berichten"] == "direct"


def test_preferences_page_saves_and_refuses_unknown_values(client, auth):
    member = make_user()
    auth.login_as(member)
    page = client.get("/meldingen/instellingen").get_data(as_text=True)
    assert 'name="onderwerpen"' in page
    response = client.post_form(
        "/meldingen/instellingen",
        {"onderwerpen": "uit", "mijn_berichten": "elk-uur"},
        page="/meldingen/instellingen",
    )
    assert response.status_code == 400
    assert "Kies direct, dagelijks, wekelijks of uit." in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(MailPreference)) == 0
    response = client.post_form(
        "/meldingen/instellingen", {"onderwerpen": "uit"}, page="/meldingen/instellingen"
    )
    assert response.status_code == 302
    chosen = mail_preferences.preferences(db.session, member)
    assert chosen["onderwerpen"] == "uit" and chosen["mijn_berichten"] == "direct"


def test_an_answer_posted_over_http_is_counted_on_the_next_page_and_mailed_in_one_cycle(
    app, smtp, runner, client, auth
):
    """The target of issue #19, end to end: the answerer posts through the web form, the
    asker's next page view counts it, and one worker cycle (`mail worker --once`, the loop's
    round) puts the mail in the SMTP server. No clock: one cycle is what is asserted."""
    asker = make_user(display_name="Vera Vrager")
    question = make_question(asker)
    auth.login_as(asker)
    client.get("/")  # the login's flash message
    assert header_count(client.get(f"/vragen/{question.id}").get_data(as_text=True)) == 0
    answerer = second_client(app, make_user(display_name="Anton Antwoord"))
    body = "Sinds 2023 telt een inwonende dochter onder de 27 niet mee voor de norm."
    response = answerer.post_form(f"/vragen/{question.id}/antwoorden", {"body": body})
    assert response.status_code == 302
    link = response.headers["Location"]  # /vragen/<id>#bericht-<answer id>
    # The next page view, the kept question page and any other page alike.
    assert header_count(client.get(f"/vragen/{question.id}").get_data(as_text=True)) == 1
    assert header_count(client.get("/").get_data(as_text=True)) == 1
    assert smtp.to(asker.email) == []  # written to the outbox, not sent by the request
    result = runner.invoke(args=["mail", "worker", "--once"])
    assert result.exit_code == 0 and "Verstuurd: 1" in result.output, result.output
    [mail] = smtp.to(asker.email)
    assert mail["Subject"].startswith("KenMe: Anton Antwoord beantwoordde je vraag")
    assert f"https://kenme.example{link}" in text_of(mail)
    assert body[:30] not in text_of(mail) and body[:30] not in html_of(mail)
