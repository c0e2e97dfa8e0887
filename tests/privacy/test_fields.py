"""Every text column is scanned by the privacy gate or exempt with a reason; the hook works."""

from __future__ import annotations

import pytest

from kenme.extensions import db
from kenme.models import ApiToken, MailOutbox, ModerationAction, Topic, User
from kenme.privacy import scan
from kenme.services import privacy_fields
from kenme.services.privacy_gate import PersonalDataRefused
from tests.factories import make_user

BSN = "BSN &#49;&#49;&#49;&#50;&#50;&#50;&#51;&#51;&#51;"


def test_every_text_column_is_scanned_or_exempt_with_a_reason(app):
    columns = privacy_fields.text_columns(db.metadata)
    known = set(privacy_fields.SCANNED) | set(privacy_fields.EXEMPT)
    missing = [c for c in columns if c not in known]
    assert not missing, (
        f"New text column(s) {missing}: add each to SCANNED (a person writes it) or to "
        "EXEMPT with the reason in kenme/services/privacy_fields.py"
    )
    stale = sorted(known - set(columns))
    assert not stale, f"privacy_fields lists columns that no longer exist: {stale}"
    assert not set(privacy_fields.SCANNED) & set(privacy_fields.EXEMPT)
    assert all(reason.strip() for reason in privacy_fields.EXEMPT.values())


@pytest.mark.parametrize(
    ("make", "column"),
    [
        (lambda u: setattr(u, "display_name", "Jan 06-12345678"), "display_name"),
        (lambda u: setattr(u, "organisation", BSN), "organisation"),
        (lambda u: setattr(u, "function", "mail: j [at] x [dot] nl"), "function"),
        (
            lambda u: db.session.add(ApiToken(user=u, name=BSN, token_hash="x" * 64, prefix="p")),
            "name",
        ),
        (lambda u: db.session.add(Topic(slug="t", name="NL91 ABNA 0417 1643 00")), "name"),
    ],
)
def test_the_flush_hook_refuses_hard_identifiers_in_any_write_path(app, make, column):
    user = make_user()
    make(user)
    with pytest.raises(PersonalDataRefused) as caught:
        db.session.flush()
    db.session.rollback()
    assert caught.value.field == column
    assert caught.value.status == 422
    assert "111222333" not in caught.value.message
    assert all("text" not in f for f in caught.value.details["findings"])


def test_clean_writes_and_soft_findings_pass_the_hook(app):
    user = make_user(display_name="Ilse de Vries", organisation="Gemeente Utrecht")
    user.function = "Klantmanager Participatiewet sinds 2019"
    db.session.commit()
    assert db.session.get(User, user.id).function.endswith("2019")


# An unsubscribe token as the app signs it (base64 of JSON, a timestamp, a signature) whose
# signature happens to spell a licence plate: it refused the mail, and with it the answer.
# The scanner now skips plates inside random-looking tokens (…Xtawp73Q_C810MX_2evxAM: 0 of
# 20,000 signed footers read as a plate, 8 before), but a signature whose other pieces are
# plain letters still reads like prose, so the gate's own mask stays needed.
TOKEN = "eyJ1IjoxLCJjIjoiYmVyaWNodGVuIn0.axYjpA.zvhlxtawpq_C810MX_evxamz"


def outbox_mail(text_body: str) -> MailOutbox:
    return MailOutbox(
        dedupe_key=text_body[-40:], to_address="lid@gemeente.nl", subject="KenMe: een antwoord",
        text_body=text_body,
    )  # fmt: skip


def test_our_own_unsubscribe_token_in_a_mail_is_not_read_as_a_plate(app):
    footer = f"Geen e-mail meer hierover: http://localhost:5000/afmelden/{TOKEN}\n"
    assert [f.kind for f in scan(footer)] == ["license_plate"], "the token must spell a plate"
    db.session.add(outbox_mail("Noor beantwoordde je vraag.\n" + footer))
    db.session.commit()
    # What a person wrote in the mail is still scanned, and so is the same text elsewhere.
    db.session.add(outbox_mail(f"Vraag over kenteken C810MX.\n{footer}"))
    with pytest.raises(PersonalDataRefused):
        db.session.flush()
    db.session.rollback()


def test_each_string_of_a_json_value_is_scanned_on_its_own(app):
    """Joined, "aanplakker" and the next value's date read as a street and house number."""
    db.session.add(
        ModerationAction(action="test", details={"target": "aanplakker", "on": "2026-12-07"})
    )
    db.session.commit()
    for details in (
        {"note": BSN},
        {"target": "aanplakker", "terms": ["x", "NL91 ABNA 0417 1643 00"]},
    ):
        db.session.add(ModerationAction(action="test", details=details))
        with pytest.raises(PersonalDataRefused):
            db.session.flush()
        db.session.rollback()
