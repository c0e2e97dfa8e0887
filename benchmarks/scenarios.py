"""What the runner measures: the endpoints, their paths, and the fixed search and title mixes."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from sqlalchemy import func, select

from benchmarks.common import HEAVY_SOURCE_PREFIX
from benchmarks.textgen import TextGen

ENDPOINTS = (
    "home",
    "topic",
    "question",
    "ask_form",
    "search",
    "suggest",
    "privacy_scan",
    "post_answer",
)
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')

# The fixed search mix: (category, query). Same queries every run, so runs compare.
SEARCH_MIX = (
    ("exact", "kostendelersnorm"),
    ("exact", "terugvordering inkomsten"),
    ("exact", "huurtoeslag"),
    ("exact", "beslagvrije voet"),
    ("typo", "kostendelrsnorm"),
    ("typo", "teruvordering"),
    ("typo", "inlichtingeplicht"),
    ("typo", "schuldhulpverlenning"),
    ("synonym", "kdn"),
    ("synonym", "WWB"),
    ("synonym", "LKS"),
    ("synonym", "SHV schulden"),
    ("multi", "bijstand zelfstandige inkomsten verrekenen"),
    ("multi", "woonsituatie gezamenlijke huishouding partner"),
    ("multi", "terugvordering dringende redenen schulden"),
    ("multi", "mag ik kostgeld van een inwonende zoon als inkomsten zien"),
)
# Draft titles as members type them while asking.
SUGGEST_MIX = (
    "Kostendelersnorm bij inwonende zoon",
    "terugvordering na fraude met inkomsten",
    "huurtoeslag verrekenen met bijstand",
    "kdn student met studiefinanciering",
    "Hoe gaan jullie om met de taaleis",
    "beslagvrije voet bij schuldhulpverlening",
    "zoektermijn jongere onder de 27",
    "Bbz zelfstandige levensvatbaarheid",
)


@dataclass
class Endpoint:
    """One measured endpoint: how to reach it and what a good answer is."""

    name: str
    rule: str | None  # the url_map rule that must exist; None for a direct function call
    method: str = "GET"
    paths: list[str] = field(default_factory=list)
    expect: tuple[int, ...] = (200,)
    form: dict[str, str] = field(default_factory=dict)  # POST body (csrf_token added later)
    # A light page of the same kind: its query count next to the measured pages' shows N+1.
    baseline_path: str | None = None

    def cycle(self):
        return itertools.cycle(self.paths)


@dataclass
class Fixtures:
    """Ids and slugs found in a generated database."""

    questions: int
    heavy_ids: list[int]
    light_id: int | None  # a question without answers or comments
    topic_slug: str
    answer_targets: list[int]
    topic_sizes: list[tuple[str, int]]  # (slug, questions): smallest, quartiles, largest


def find_fixtures(session) -> Fixtures:
    """Look up what the runner needs in a database made by benchmarks.generate."""
    from kenme.models import Post, PostType, QuestionStatus, Topic, Visibility

    questions = session.scalar(
        select(func.count()).select_from(Post).where(Post.type == PostType.QUESTION)
    )
    heavy = list(
        session.scalars(
            select(Post.id).where(Post.source_id.like(f"{HEAVY_SOURCE_PREFIX}%")).order_by(Post.id)
        )
    )
    if not questions or not heavy:
        raise SystemExit("This database was not made by benchmarks.generate (no heavy questions).")
    slug = session.scalar(select(Topic.slug).order_by(Topic.question_count.desc()).limit(1))
    targets = list(
        session.scalars(
            select(Post.id)
            .where(
                Post.type == PostType.QUESTION,
                Post.visibility == Visibility.VISIBLE,
                Post.status.in_([QuestionStatus.OPEN, QuestionStatus.ANSWERED]),
                Post.locked.is_(False),
                Post.source_id.is_(None),
            )
            .order_by(Post.created_at.desc())
            .limit(200)
        )
    )
    light = session.scalar(
        select(Post.id)
        .where(
            Post.type == PostType.QUESTION,
            Post.visibility == Visibility.VISIBLE,
            Post.answer_count == 0,
            Post.comment_count == 0,
        )
        .limit(1)
    )
    sizes = session.execute(select(Topic.slug, Topic.question_count).order_by(Topic.question_count))
    by_size = [tuple(row) for row in sizes]
    quantiles = sorted({round(q * (len(by_size) - 1)) for q in (0, 0.25, 0.5, 0.75, 1)})
    return Fixtures(questions, heavy, light, slug, targets, [by_size[i] for i in quantiles])


def answer_text(seed: int = 7) -> str:
    """An answer body the privacy scan lets through without confirmations."""
    from kenme.privacy import scan

    gen = TextGen(seed)
    for _ in range(200):
        body = gen.answer_body(["kostendelersnorm", "inwonende zoon"]).markdown
        if 200 <= len(body) <= 3000 and not scan(body):
            return body
    raise RuntimeError("no generated answer passes the privacy scan")


def privacy_text(size: int = 5_000, seed: int = 11) -> str:
    """About 5 KB of casus-like text for timing the privacy scan."""
    gen = TextGen(seed)
    parts, length = [], 0
    while length < size:
        text = gen.question_body(["kostendelersnorm", "woonsituatie"], "Pw art. 22a").markdown
        parts.append(text)
        length += len(text) + 2
    return "\n\n".join(parts)[:size]


def endpoints(fixtures: Fixtures) -> dict[str, Endpoint]:
    """The measured endpoints, in report order."""
    return {
        "home": Endpoint("home", "/", paths=["/"]),
        "topic": Endpoint(
            "topic", "/onderwerpen/<slug>", paths=[f"/onderwerpen/{fixtures.topic_slug}"]
        ),
        "question": Endpoint(
            "question",
            "/vragen/<int:question_id>",
            paths=[f"/vragen/{qid}" for qid in fixtures.heavy_ids],  # 10 answers, 30 comments
            baseline_path=f"/vragen/{fixtures.light_id}" if fixtures.light_id else None,
        ),
        "ask_form": Endpoint("ask_form", "/vragen/stellen", paths=["/vragen/stellen"]),
        "search": Endpoint(
            "search", "/zoeken", paths=[f"/zoeken?q={quote(q)}" for _, q in SEARCH_MIX]
        ),
        "suggest": Endpoint(
            "suggest",
            "/vragen/vergelijkbaar",
            paths=[f"/vragen/vergelijkbaar?title={quote(t)}" for t in SUGGEST_MIX],
        ),
        "privacy_scan": Endpoint("privacy_scan", None),  # kenme.privacy.scan of 5 KB
        "post_answer": Endpoint(
            "post_answer",
            "/vragen/<int:question_id>/antwoorden",
            method="POST",
            paths=[f"/vragen/{qid}/antwoorden" for qid in fixtures.answer_targets],
            expect=(302, 303),
            form={"body": answer_text()},
        ),
    }


# A comment as the live mix writes it (benchmarks/live.py).
COMMENT = "Herkenbaar; bij ons telt de handreiking van de VNG hier ook mee, zie paragraaf 3."


def comment_endpoint(fixtures: Fixtures) -> Endpoint:
    """Posting a comment on a question, for the profiler (the runner's tables leave it out)."""
    return Endpoint(
        "post_comment",
        "/berichten/<int:post_id>/reacties",
        method="POST",
        paths=[f"/berichten/{qid}/reacties" for qid in fixtures.answer_targets],
        expect=(302, 303),
        form={"body": COMMENT},
    )


DEEP_PAGE = 50


def list_variants(fixtures: Fixtures) -> list[tuple[str, str]]:
    """(kind, path) of the question lists beyond the two the table times.

    The list target (p95 <= 25 ms) holds for every list, not only for the first page of the
    start page and of the biggest topic: other sorts, status filters, deep pages (page 50,
    or the last page of a smaller topic) and small topics.
    """
    from kenme.pagination import DEFAULT_PER_PAGE

    largest, median = (
        fixtures.topic_sizes[-1][0],
        fixtures.topic_sizes[len(fixtures.topic_sizes) // 2][0],
    )
    variants = [("sort", f"/?sort={sort}") for sort in ("active", "unanswered", "votes")]
    variants += [
        ("sort", f"/onderwerpen/{slug}?sort={sort}")
        for slug in (largest, median)
        for sort in ("active", "unanswered", "votes")
    ]
    variants += [
        ("status", f"/onderwerpen/{slug}?status={status}")
        for slug in (largest, median)
        for status in ("open", "answered", "accepted", "closed")
    ]
    variants.append(("deep", f"/?page={DEEP_PAGE}"))
    for slug, count in fixtures.topic_sizes:
        page = max(1, min(DEEP_PAGE, -(-count // DEFAULT_PER_PAGE)))
        variants += [
            ("deep", f"/onderwerpen/{slug}?sort={s}&page={page}") for s in ("newest", "votes")
        ]
    variants += [("small", f"/onderwerpen/{slug}") for slug, _ in fixtures.topic_sizes[:2]]
    return variants


def csrf_token(html: str) -> str | None:
    match = CSRF_RE.search(html)
    return (match.group(1) or match.group(2)) if match else None
