"""Every main page of KenMe per role, resolved against a database with the demo data.

One list serves two uses: `make screenshots` (tests/browser/screenshots.py) photographs these pages,
and the browser tests (tests/browser/test_pages.py) run axe and the reflow check on them. A page
added here is therefore both photographed and tested.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.demo import DEMO_PASSWORD
from kenme.models import Comment, Post, PostType, SynonymGroupRecord, Topic, User
from kenme.services.mail_preferences import CATEGORIES, unsubscribe_token

ROLES = ("guest", "member", "moderator", "admin")
LOGINS = {
    "guest": None,
    "member": "sanne@demo.kenme.nl",
    "moderator": "moderator@demo.kenme.nl",
    "admin": "beheer@demo.kenme.nl",
}
PASSWORD = DEMO_PASSWORD


@dataclass(frozen=True)
class Page:
    name: str  # a file-name-safe label, e.g. "vraag"
    path: str


def _first(session: Session, statement):
    value = session.scalar(statement.limit(1))
    if value is None:
        raise LookupError(f"demo data lacks what this page needs: {statement}")
    return value


def pages(session: Session) -> dict[str, list[Page]]:
    """Return the pages to visit per role (guest, member, moderator)."""
    member = _first(session, select(User).where(User.email == LOGINS["member"]))
    other = _first(session, select(User).where(User.email == "mehmet@demo.kenme.nl"))
    questions = select(Post).where(Post.type == PostType.QUESTION).order_by(Post.id)
    # The richest thread: most answers, so the page shows votes, accepts and comments.
    question = _first(
        session,
        select(Post)
        .where(Post.type == PostType.QUESTION)
        .order_by(Post.answer_count.desc(), Post.id),
    )
    own = _first(session, questions.where(Post.author_id == member.id))
    aanplakker = _first(
        session, select(Post).where(Post.type == PostType.AANPLAKKER).order_by(Post.id)
    )
    comment = _first(session, select(Comment).order_by(Comment.id))
    topic = _first(
        session,
        select(Topic).where(Topic.slug == "kostendelersnorm").order_by(Topic.id),
    )
    synonyms = _first(session, select(SynonymGroupRecord).order_by(SynonymGroupRecord.id))
    category = next(iter(CATEGORIES))
    guest = [
        Page("inloggen", "/inloggen"),
        Page("inloggen-organisatie", "/inloggen/organisatie"),
        Page("afmelden", f"/afmelden/{unsubscribe_token(member.id, category)}"),
        Page("link-ongeldig", "/wachtwoord-herstellen/verlopen-of-onbekend"),
        Page("niet-gevonden", "/bestaat-niet"),
        Page("registreren", "/registreren"),
        Page("wachtwoord-vergeten", "/wachtwoord-vergeten"),
        Page("bevestiging-opnieuw", "/registreren/opnieuw"),
        Page("toegankelijkheid", "/toegankelijkheid"),
    ]
    common = [
        Page("vragen", "/"),
        Page("vragen-onbeantwoord", "/?sort=unanswered"),
        Page("vraag", f"/vragen/{question.id}"),
        Page("vraag-stellen", "/vragen/stellen"),
        Page("zoeken", "/zoeken"),
        Page("zoeken-resultaten", "/zoeken?q=kostendelersnorm"),
        Page("onderwerpen", "/onderwerpen"),
        Page("onderwerp", f"/onderwerpen/{topic.slug}"),
        Page("kennisbank", "/kennisbank"),
        Page("kennisbank-onderwerp", f"/kennisbank/{topic.slug}"),
        Page("aanplakker", "/aanplakker"),
        Page("aanplakker-nieuw", "/aanplakker/nieuw"),
        Page("aanplakker-draad", f"/aanplakker/{aanplakker.id}"),
        Page("meldingen", "/meldingen"),
        Page("profiel", f"/leden/{other.id}"),
        Page("bewerken", f"/berichten/{own.id}/bewerken"),
        Page("geschiedenis", f"/berichten/{own.id}/geschiedenis"),
        Page("melden", f"/berichten/{question.id}/melden"),
        Page("reactie-melden", f"/reacties/{comment.id}/melden"),
        Page("tokens", "/profiel/tokens"),
        Page("sessies", "/profiel/sessies"),
        Page("gegevens", "/profiel/gegevens"),
        Page("gegevens-overzicht", "/profiel/gegevens/overzicht"),
        Page("account-verwijderen", "/profiel/verwijderen"),
        Page("meldingen-instellingen", "/meldingen/instellingen"),
        Page("meldingen-feeds", "/meldingen/feeds"),
        Page("meldingen-volgen", "/meldingen/volgen"),
        Page("vraag-volgen", f"/vragen/{question.id}/volgen"),
        Page("aanplakker-volgen", f"/aanplakker/{aanplakker.id}/volgen"),
        Page("bewerkingen", "/bewerkingen"),
        Page("toegankelijkheid", "/toegankelijkheid"),
    ]
    moderation = [
        Page("moderatie-overzicht", "/moderatie/overzicht"),
        Page("moderatie", "/moderatie"),
        Page("moderatie-bewerkingen", "/bewerkingen"),
        Page("moderatie-logboek", "/moderatie/logboek"),
        Page("moderatie-leden", "/moderatie/leden"),
        Page("moderatie-lid", f"/moderatie/leden/{member.id}"),
        Page("moderatie-avg", f"/moderatie/leden/{member.id}/avg"),
        Page("moderatie-bewaartermijn", "/moderatie/bewaartermijn"),
        Page("thesaurus", "/moderatie/thesaurus"),
        Page("thesaurus-groep", f"/moderatie/thesaurus/{synonyms.id}"),
        Page("onderwerp-nieuw", "/onderwerpen/nieuw"),
        Page("onderwerp-bewerken", f"/onderwerpen/{topic.slug}/bewerken"),
        Page("kennisbank-bewerken", f"/kennisbank/{topic.slug}/bewerken"),
    ]
    admin = [
        Page("moderatie-rechten", "/moderatie/rechten"),
        Page("moderatie-organisaties", "/moderatie/organisaties"),
    ]
    return {
        "guest": guest,
        "member": common,
        "moderator": moderation + common[:4],
        "admin": admin + common[:1],
    }


def log_in(page, role: str) -> None:
    """Log a Playwright page in as the demo member of this role (guests stay logged out)."""
    email = LOGINS[role]
    if email is None:
        return
    page.goto("/inloggen")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(lambda url: "/inloggen" not in url)
