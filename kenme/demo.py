"""Demo data for the embedded default: members of every role (and content, when present)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from kenme.models import Role, User
from kenme.services import accounts

DEMO_PASSWORD = "KenMe-demo-wachtwoord-2026"  # noqa: S105 (printed for demo logins)


@dataclass(frozen=True)
class DemoMember:
    key: str
    email: str
    name: str
    role: Role
    organisation: str
    function: str


DEMO_MEMBERS = (
    DemoMember(
        "klantmanager",
        "sanne@demo.kenme.nl",
        "Sanne",
        Role.MEMBER,
        "Gemeente Utrecht",
        "Klantmanager Werk en Inkomen",
    ),
    DemoMember(
        "consulent",
        "mehmet@demo.kenme.nl",
        "Mehmet",
        Role.MEMBER,
        "Gemeente Rotterdam",
        "Consulent werk en inkomen",
    ),
    DemoMember(
        "casemanager",
        "ilse@demo.kenme.nl",
        "Ilse",
        Role.MEMBER,
        "Gemeente Groningen",
        "Casemanager",
    ),
    DemoMember(
        "coach",
        "ruben@demo.kenme.nl",
        "Ruben",
        Role.MEMBER,
        "Gemeente Eindhoven",
        "Participatiecoach",
    ),
    DemoMember(
        "inkomen", "noor@demo.kenme.nl", "Noor", Role.MEMBER, "Gemeente Zwolle", "Inkomensconsulent"
    ),
    DemoMember(
        "specialist",
        "specialist@demo.kenme.nl",
        "Fenna (thema-specialist)",
        Role.THEMA_SPECIALIST,
        "Gemeente Maastricht",
        "Beleidsadviseur Participatiewet",
    ),
    DemoMember(
        "moderator",
        "moderator@demo.kenme.nl",
        "Moderator Jeroen",
        Role.MODERATOR,
        "Beroepsvereniging",
        "Moderator",
    ),
    DemoMember(
        "admin",
        "beheer@demo.kenme.nl",
        "Beheerder",
        Role.ADMIN,
        "Beroepsvereniging",
        "Platformbeheer",
    ),
)


def seed_members(session: Session) -> dict[str, User]:
    """Create the demo members that are missing; return all of them by key."""
    members: dict[str, User] = {}
    for demo in DEMO_MEMBERS:
        user = accounts.find_by_email(session, demo.email)
        if user is None:
            user = accounts.create_user(
                session,
                email=demo.email,
                display_name=demo.name,
                password=DEMO_PASSWORD,
                role=demo.role,
                organisation=demo.organisation,
                function=demo.function,
            )
        members[demo.key] = user
    return members


def seed_demo(session: Session) -> dict[str, User]:
    """Fill an empty or partly seeded database with demo data; safe to run twice."""
    return seed_members(session)
