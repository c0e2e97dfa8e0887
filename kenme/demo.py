"""Demo data for the embedded default: members of every role (and content, when present)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.models import Phase, Post, Role, Topic, User
from kenme.models.aanplakker import CASE_FIELDS
from kenme.models.types import AMSTERDAM, utcnow
from kenme.search.changes import record_change
from kenme.services import aanplakker, accounts, comments, posting, privacy_gate, voting
from kenme.services.topics import save_topic

SEED_DIR = Path(__file__).parent / "seed"

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


DEMO_REPUTATION = 250


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
            # Demo members play established colleagues from an older platform: enough
            # reputation for every privilege at its default threshold (decision 0019). A
            # `reputation recompute` sets them back to what their ledger says.
            user.reputation = DEMO_REPUTATION
        members[demo.key] = user
    return members


def load_seed(name: str) -> list[dict]:
    """Read one of the JSON seed files shipped in kenme/seed/."""
    return json.loads((SEED_DIR / name).read_text(encoding="utf-8"))


def seed_topics(session: Session) -> dict[str, Topic]:
    """Create the topics that are missing (existing ones are left as moderators made them)."""
    existing = {t.slug: t for t in session.scalars(select(Topic))}
    for item in load_seed("topics.json"):
        if item["slug"] not in existing:
            existing[item["slug"]] = save_topic(
                session,
                slug=item["slug"],
                name=item["name"],
                description=item["description"],
                legal_basis=item["legal_basis"],
                synonyms=item.get("synonyms", []),
            )
    return existing


def _confirm_soft(fields: dict[str, str]) -> list[dict]:
    """Demo texts are written without personal data; confirm any soft look-alikes."""
    return [
        {"field": f.field, "kind": f.kind, "text": f.text}
        for f in privacy_gate.scan_fields(fields)
        if f.severity == "soft"
    ]


def _backdate(post: Post, days_ago: int) -> None:
    when = utcnow() - timedelta(days=days_ago, hours=days_ago % 7)
    post.created_at = when
    post.last_activity_at = when
    for revision in post.revisions:
        revision.created_at = when


def _votes(session: Session, members: dict[str, User], post: Post, votes: dict) -> None:
    for key in votes.get("up", []):
        voting.vote(session, members[key], post, 1)
    for key in votes.get("down", []):
        voting.vote(session, members[key], post, -1)


def _comments(session: Session, members: dict[str, User], post: Post, items: list) -> None:
    for item in items:
        body = item["body"]
        comments.add_comment(
            session,
            members[item["author"]],
            post,
            body,
            confirmations=_confirm_soft({"body": body}),
        )


def seed_questions(session: Session, members: dict[str, User]) -> int:
    """Create the demo casusvragen with answers, comments, votes and accepts; skip existing."""
    created = 0
    for item in load_seed("questions.json"):
        source_id = f"demo:{item['key']}"
        if session.scalar(select(Post.id).where(Post.source_id == source_id)):
            continue
        fields = {"title": item["title"], "body": item["body"]}
        question = posting.ask_question(
            session,
            members[item["author"]],
            title=item["title"],
            body=item["body"],
            topic_slugs=item["topics"],
            anonymous=item.get("anonymous", False),
            confirmations=_confirm_soft(fields),
        )
        question.source_id = source_id
        answers = {}
        for answer_item in item.get("answers", []):
            answer = posting.post_answer(
                session,
                members[answer_item["author"]],
                question,
                body=answer_item["body"],
                confirmations=_confirm_soft({"body": answer_item["body"]}),
            )
            answers[answer_item["key"]] = answer
            _votes(session, members, answer, answer_item.get("votes", {}))
            _comments(session, members, answer, answer_item.get("comments", []))
            _backdate(answer, answer_item.get("days_ago", item["days_ago"]))
        _votes(session, members, question, item.get("question_votes", {}))
        _comments(session, members, question, item.get("comments", []))
        if item.get("accepted"):
            voting.accept(session, members[item["author"]], answers[item["accepted"]])
        _backdate(question, item["days_ago"])
        if answers:
            question.last_activity_at = max(a.created_at for a in answers.values())
        record_change(session, question)  # the index holds the back-dated year too
        created += 1
    session.flush()
    return created


def _at(start, end, fraction: float):
    """A moment between two datetimes (demo contributions are spread over the run)."""
    return start + (end - start) * fraction


def _seed_contribution(session: Session, members: dict[str, User], post: Post, item: dict) -> Post:
    contribution = aanplakker.contribute(
        session,
        members[item["author"]],
        post,
        kind=item["kind"],
        lens=item.get("lens"),
        body=item["body"],
        confirmations=_confirm_soft({"body": item["body"]}),
    )
    contribution.source_id = f"demo:{item['key']}"
    if item.get("reply"):
        aanplakker.reply_to_question(
            session,
            post.author,
            contribution,
            item["reply"],
            confirmations=_confirm_soft({"reply": item["reply"]}),
        )
    return contribution


def seed_aanplakkers(session: Session, members: dict[str, User]) -> int:
    """Create the demo Aanplakkers, driven through their phases by the services; skip existing.

    Dates are moved back afterwards, so threads look as if they ran over the past weeks.
    """
    created = 0
    today = aanplakker.local_today()
    now = utcnow()
    for item in load_seed("aanplakkers.json"):
        source_id = f"demo:{item['key']}"
        if session.scalar(select(Post.id).where(Post.source_id == source_id)):
            continue
        fields = {name: item[name] for name in ("title", *CASE_FIELDS)}
        post = aanplakker.start_aanplakker(
            session,
            members[item["author"]],
            **fields,
            topic_slugs=item["topics"],
            ends_on=today + timedelta(days=item["duration_days"]),
            confirmations=_confirm_soft(fields),
        )
        post.source_id = source_id
        target = Phase(item["phase"])
        contributions: dict[str, Post] = {}
        for wanted in (Phase.VERHELDEREN, Phase.MEEDENKEN):
            if wanted != Phase.VERHELDEREN and target.order >= wanted.order:
                aanplakker.advance_phase(session, post.author, post, wanted)
            for entry in item["contributions"]:
                if Phase(entry["phase"]) == wanted:
                    contributions[entry["key"]] = _seed_contribution(session, members, post, entry)
        if target.order >= Phase.OOGST.order:
            aanplakker.advance_phase(session, post.author, post, Phase.OOGST)
        if item.get("oogst"):
            body = item["oogst"]["body"]
            aanplakker.write_oogst(
                session,
                post.author,
                post,
                body=body,
                helpful_ids=[contributions[key].id for key in item["oogst"]["helpful"]],
                confirmations=_confirm_soft({"oogst": body}),
            )
        if item.get("followup"):
            aanplakker.add_followup(
                session,
                post.author,
                post,
                item["followup"],
                confirmations=_confirm_soft({"followup": item["followup"]}),
            )
        _backdate_aanplakker(post, list(contributions.values()), item, now)
        record_change(session, post)
        created += 1
    session.flush()
    return created


def _backdate_aanplakker(post: Post, contributions: list[Post], item: dict, now) -> None:
    """Move a freshly seeded thread back in time by its days_ago."""
    started = now - timedelta(days=item["days_ago"], hours=item["days_ago"] % 7)
    ends = started + timedelta(days=item["duration_days"])
    details = post.aanplakker_details
    details.ends_on = ends.astimezone(AMSTERDAM).date()
    run_end = min(now, ends)
    for index, contribution in enumerate(contributions, start=1):
        when = _at(started, run_end, index / (len(contributions) + 2))
        contribution.created_at = contribution.last_activity_at = when
        for revision in contribution.revisions:
            revision.created_at = when
        if contribution.contribution_details.replied_at:
            contribution.contribution_details.replied_at = when + timedelta(hours=3)
    post.created_at = started
    for revision in post.revisions:
        revision.created_at = started
    share = (len(contributions) + 1) / (len(contributions) + 2)
    details.phase_changed_at = _at(started, run_end, share)
    if details.oogst_at:
        details.oogst_at = details.phase_changed_at = min(now, ends + timedelta(days=2))
    if details.followup_at:
        details.followup_at = min(now, details.oogst_at + timedelta(days=70))
    post.last_activity_at = max(
        [started, details.phase_changed_at] + [c.created_at for c in contributions]
    )


def seed_demo(session: Session) -> dict[str, User]:
    """Fill an empty or partly seeded database with demo data; safe to run twice."""
    members = seed_members(session)
    seed_topics(session)
    specialist = members["specialist"]
    if not specialist.specialist_topics:
        wanted = ("kostendelersnorm", "woonsituatie-leefvorm")
        specialist.specialist_topics = list(
            session.scalars(select(Topic).where(Topic.slug.in_(wanted)))
        )
    from kenme import demo_extra

    demo_extra.seed_follows(session, members)
    seed_questions(session, members)
    seed_aanplakkers(session, members)
    demo_extra.seed_kennisbank(session, members)
    demo_extra.seed_flags(session, members)
    demo_extra.backdate_members(session, members)
    return members
