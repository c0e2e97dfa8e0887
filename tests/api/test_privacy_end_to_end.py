"""Generated identifiers through every field of the HTML forms and the API; afterwards the
database (every table, the search tables included, and the SQLite file itself) and the app's
log hold none of them.

Two kinds of cases go through every field:
- **Fixed cases** (``fixed_cases``): three families per field, rotating, so every field sees
  three families and every family five or six fields; their obfuscations rotate too, so together
  they send every (family, obfuscation) pair. They come from ``random.Random`` seeded with the
  field's name, so they are the same in every process, whatever else was imported.
- **Hypothesis cases** (``identifier_cases``): a family, one to four obfuscations (at most one
  encoding) and Hypothesis' own Random, to explore combinations and shrink a failure.
  ``derandomize=True`` and no example database, but note: Hypothesis draws about 5 % of its
  choices from the constants of every local module imported so far (``hypothesis.internal.
  conjecture.providers._get_local_constants``), so which cases it makes depends on which other
  test modules the process imported. That is why coverage is asserted on the fixed cases, not on
  what Hypothesis happens to draw (the full suite drew other cases than this file alone, and
  found a real miss there: a plate or phone number right after a full stop, "zorg.TS.00.00").
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, text

from benchmarks.identifiers import FAMILIES, generate, kinds_for
from kenme.extensions import db
from kenme.privacy.normalise import normalise
from tests.api.conftest import ANSWER_BODY, QUESTION_BODY, QUESTION_TITLE

# Hypothesis examples per field and database, after the fixed cases. 17 fields x 8 took
# 6 minutes for both databases at load average ~10 on 2 cores; 3 + 3 kept the file near 4-5.
# Four fixed families per field since decision 0046: its three spellings (spoken, spaced,
# OCR) give a family up to seven obfuscation pairs, and 17 x 4 slots reach them all.
EXAMPLES_PER_FIELD = 3
FIXED_FAMILIES_PER_FIELD = 4
# A case draws a Random (large base example); requests under load are slow.
SUPPRESSED = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.large_base_example]
ENCODINGS = ("entities_decimal", "entities_hex", "entities_double", "percent")


# Numbers that only their name makes personal data carry that name wherever they are written
# (a bare ten-digit number is nobody's V-nummer; a bare date is a date, a soft finding).
CONTEXT = {"vnummer": "V-nummer ", "kvk": "KvK ", "birthdate": "geboren "}


@dataclass(frozen=True)
class Case:
    """One generated identifier: as written (obfuscated), in its family's sentence."""

    family: str
    kinds: tuple[str, ...]
    written: str
    value: str
    sentence: str

    @property
    def short(self) -> str:
        """The identifier with its name, for one-line fields (title, token name, search)."""
        return CONTEXT.get(self.family, "") + self.written

    def needles(self) -> set[str]:
        """Every form the identifier could be kept in: as generated, compact, digits only, as
        written (entities and all), and the digits of its normal form."""
        found = _needles(self.value) | {self.written.lower()}
        digits = "".join(c for c in normalise(self.written).text if c.isdigit())
        if len(digits) >= 6:
            found.add(digits)
        return {n for n in found if len(n) >= 5}


@st.composite
def identifier_cases(draw) -> Case:
    """A valid identifier of any family, written in a combination of obfuscations."""
    family = draw(st.sampled_from(list(FAMILIES)))
    order = draw(st.permutations(kinds_for(family)))
    chosen = order[: draw(st.integers(1, 4))]
    chosen = [k for k in chosen if k != "plain"] or ["plain"]
    encodings = [k for k in chosen if k in ENCODINGS]
    kinds = [k for k in chosen if k not in encodings[1:]]  # at most one encoding
    rng = draw(st.randoms(use_true_random=False))
    return _case(family, kinds, rng)


def _case(family: str, kinds: list[str], rng: random.Random) -> Case:
    sentence, start, end, value = generate(family, kinds, rng)
    return Case(family, tuple(kinds), sentence[start:end], value, sentence)


def _kind_pairs(family: str) -> list[list[str]]:
    """The family's obfuscations as a rotation: plain alone, then an encoding with another kind
    (two encodings in one text are not a case: one undoes the other's input)."""
    encodings = [k for k in kinds_for(family) if k in ENCODINGS]
    others = [k for k in kinds_for(family) if k not in ENCODINGS and k != "plain"]
    ring = [k for pair in zip(encodings, others, strict=False) for k in pair]
    ring += encodings[len(others) :] + others[len(encodings) :]
    pairs = [["plain"]]
    for i in range(0, len(ring), 2):
        pair = [ring[i], ring[(i + 1) % len(ring)]]
        pairs.append(pair if sum(k in ENCODINGS for k in pair) <= 1 else pair[:1])
    return pairs


def fixed_cases() -> dict[str, list[Case]]:
    """FIXED_FAMILIES_PER_FIELD families per field, rotating over the fields; each family's uses
    walk its obfuscation pairs. A case too long for its field loses its encoding (it would be
    refused for its length alone), and its pair goes to the family's next field. The same in
    every process: seeded by field, family and use."""
    families = list(FAMILIES)
    uses = dict.fromkeys(families, 0)
    cases: dict[str, list[Case]] = {}
    slot = 0
    for name, target in FIELDS.items():
        cases[name] = []
        for _ in range(FIXED_FAMILIES_PER_FIELD):
            family = families[slot % len(families)]
            slot += 1
            pairs = _kind_pairs(family)
            kinds = pairs[uses[family] % len(pairs)]
            rng = random.Random(f"{name}|{family}|{uses[family]}")
            case = _case(family, kinds, rng)
            if len(target.text(case)) > target.limit:
                plain = [k for k in kinds if k not in ENCODINGS] or ["plain"]
                case = _case(family, plain, rng)
            else:
                uses[family] += 1  # a pair that lost its encoding is sent again in a later field
            cases[name].append(case)
    return cases


@dataclass
class Paths:
    """What the senders need: the web client, an API client and a question to answer."""

    client: object
    api: object
    question: object
    sent: list[int] = field(default_factory=list)


def _ask_form(paths: Paths, title: str, body: str) -> int:
    data = {"title": title, "body": body, "topics": ["kostendelersnorm"]}
    return paths.client.post_form("/vragen/stellen", data, page="/vragen/stellen").status_code


def _register(paths: Paths, **fields: str) -> int:
    data = {
        "display_name": "Petra K", "email": "petra@gemeente-testdam.nl",
        "organisation": "Gemeente Testdam", "function": "Inkomensconsulent",
        "password": "zomer-bij-de-sociale-dienst",
        "password_confirm": "zomer-bij-de-sociale-dienst", **fields,
    }  # fmt: skip
    return paths.client.post_form("/registreren", data, page="/registreren").status_code


@dataclass(frozen=True)
class Field:
    """A field a person writes: the text put in it, its length limit, and how it is sent."""

    text: Callable[[Case], str]
    send: Callable[[Paths, str], int]
    limit: int = 10_000


def _body(case: Case) -> str:
    return f"{QUESTION_BODY}\n\n{case.sentence}"


def _answer(case: Case) -> str:
    return ANSWER_BODY + case.sentence


def _sentence(case: Case) -> str:
    return case.sentence


def _short(case: Case) -> str:
    return case.short


# Every field a person writes, in the HTML forms and the API (the registration fields are sent
# logged out). Each send returns the HTTP status.
FIELDS: dict[str, Field] = {
    "form ask title": Field(
        lambda c: f"Vraag: {c.short}", lambda p, t: _ask_form(p, t, QUESTION_BODY), 150
    ),
    "form ask body": Field(_body, lambda p, t: _ask_form(p, QUESTION_TITLE, t)),
    "form answer": Field(
        _answer,
        lambda p, t: (
            p.client.post_form(f"/vragen/{p.question.id}/antwoorden", {"body": t}).status_code
        ),
    ),
    "form comment": Field(
        _sentence,
        lambda p, t: (
            p.client.post_form(f"/berichten/{p.question.id}/reacties", {"body": t}).status_code
        ),
    ),
    "form edit summary": Field(
        _sentence,
        lambda p, t: (
            p.client.post_form(
                f"/berichten/{p.question.id}/bewerken",
                {
                    "title": p.question.title,
                    "body": QUESTION_BODY + " Aangevuld.",
                    "summary": t,
                    "topics": ["kostendelersnorm"],
                },
            ).status_code
        ),
        300,
    ),
    "form token name": Field(
        lambda c: f"sleutel {c.short}",
        lambda p, t: p.client.post_form("/profiel/tokens", {"name": t}).status_code,
        80,
    ),
    "form search": Field(
        _short, lambda p, t: p.client.get("/zoeken", query_string={"q": t}).status_code
    ),
    "api question": Field(
        _body,
        lambda p, t: (
            p.api.post(
                "/questions", {"title": QUESTION_TITLE, "body": t, "topics": ["kostendelersnorm"]}
            ).status_code
        ),
    ),
    "api answer": Field(
        _answer,
        lambda p, t: p.api.post(f"/questions/{p.question.id}/answers", {"body": t}).status_code,
    ),
    "api edit summary": Field(
        _sentence,
        lambda p, t: (
            p.api.patch(
                f"/questions/{p.question.id}",
                {"body": QUESTION_BODY + " Nog iets.", "edit_summary": t},
            ).status_code
        ),
        300,
    ),
    "api comment": Field(
        _sentence,
        lambda p, t: p.api.post(f"/posts/{p.question.id}/comments", {"body": t}).status_code,
    ),
    "api flag note": Field(
        _sentence,
        lambda p, t: (
            p.api.post(
                "/flags", {"post_id": p.question.id, "reason": "spam", "note": t}
            ).status_code
        ),
    ),
    "api search": Field(
        _short, lambda p, t: p.api.get("/search", query_string={"q": t}).status_code
    ),
    "api suggest": Field(
        _short, lambda p, t: p.api.get("/search/suggest", query_string={"title": t}).status_code
    ),
    "register display name": Field(
        lambda c: f"Petra {c.short}", lambda p, t: _register(p, display_name=t), 80
    ),
    "register organisation": Field(
        lambda c: f"Gemeente {c.short}", lambda p, t: _register(p, organisation=t), 120
    ),
    "register function": Field(_sentence, lambda p, t: _register(p, function=t), 120),
}
LOGGED_OUT = {name for name in FIELDS if name.startswith("register")}


def _needles(value: str) -> set[str]:
    """The forms an identifier could be stored in: as generated, compact, digits only."""
    compact = re.sub(r"[\s./-]", "", value)
    needles = {value.lower(), compact.lower()}
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) >= 6:
        needles.add(digits)
    if "@" in value:
        needles.add(value.split("@")[0].lower())
    return {n for n in needles if len(n) >= 5}


def _database_text() -> str:
    """Every row of every table (search tables and their shadows included), as lower text."""
    db.session.commit()
    parts = []
    with db.engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).fetchall()  # noqa: S608
            parts.append(repr(rows))
    return "\n".join(parts).lower()


def _database_file_bytes(app) -> bytes:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite:///"):
        return b""
    db.session.commit()
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(uri.removeprefix("sqlite:///"))
    data = path.read_bytes()
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal")):
        if extra.exists():
            data += extra.read_bytes()
    return data.lower()


def _paths(client, auth, api_as, member, ask, name: str) -> Paths:
    question = ask(member)
    if name not in LOGGED_OUT:
        auth.login_as(member)
    return Paths(client, api_as(member), question)


FIXED = fixed_cases()


@pytest.mark.parametrize("name", list(FIELDS))
def test_generated_identifiers_never_reach_the_database_or_the_log(
    app, client, auth, api_as, member, ask, name, caplog
):
    caplog.set_level(logging.DEBUG)
    paths = _paths(client, auth, api_as, member, ask, name)
    target = FIELDS[name]
    sent: list[tuple[Case, str, int]] = []

    def send_and_check(case: Case) -> None:
        value = target.text(case)
        status = target.send(paths, value)
        sent.append((case, value, status))
        assert status < 500, (name, case, status)
        stored, stored_file = _database_text(), _database_file_bytes(app)
        logged = caplog.text.lower()
        for needle in sorted(case.needles()):
            # Every case of this test shares one database: name the earlier sends that held
            # the needle, so a leak is blamed on the case that caused it.
            culprits = [(c, st_) for c, v, st_ in sent if needle in _normal_lower(v)]
            where = f"{needle!r} of {case} via {name}; sends holding it: {culprits}"
            assert needle not in stored, f"stored in a table: {where}"
            assert needle.encode() not in stored_file, f"in the SQLite file: {where}"
            assert needle not in logged, f"in the log: {where}"

    for case in FIXED[name]:
        assert len(target.text(case)) <= target.limit, case
        send_and_check(case)

    @settings(
        max_examples=EXAMPLES_PER_FIELD,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=SUPPRESSED,
    )
    @given(case=identifier_cases())
    def sent_and_not_kept(case: Case) -> None:
        assume(len(target.text(case)) <= target.limit)  # longer text is refused for its length
        send_and_check(case)

    sent_and_not_kept()
    assert len({case.family for case in FIXED[name]}) == FIXED_FAMILIES_PER_FIELD


def _normal_lower(value: str) -> str:
    return (value + "\n" + normalise(value).text).lower()


def test_the_fixed_cases_send_every_family_and_obfuscation():
    """Every (family, obfuscation) pair goes through some field, every family through at least
    five fields, and each case holds the obfuscations it names (a respelling changed the text)."""
    cases = [case for field_cases in FIXED.values() for case in field_cases]
    sent = {(case.family, kind) for case in cases for kind in case.kinds}
    wanted = {(family, kind) for family in FAMILIES for kind in kinds_for(family)}
    assert sent == wanted, sorted(wanted - sent)
    for family in FAMILIES:
        fields = {
            name
            for name, field_cases in FIXED.items()
            if any(c.family == family for c in field_cases)
        }
        assert len(fields) >= 5, (family, fields)
    for case in cases:
        if case.kinds != ("plain",):
            assert case.written != case.value, case
    assert fixed_cases() == FIXED  # the same when built again


def test_the_strategy_reaches_every_family_and_obfuscation():
    """Without a server: Hypothesis' cases reach every family and every obfuscation kind.

    Not every (family, obfuscation) pair: Hypothesis mutates the cases it already has rather
    than drawing evenly, and its draws depend on the modules imported (see the module's
    docstring): 400 cases reached 67-74 of the 83 pairs depending on the process (800 since the
    three spellings of decision 0046 made e-mail's own obfuscation rarer). The fixed
    cases send all 83 (test above)."""
    families: set[str] = set()
    kinds: set[str] = set()

    @settings(
        max_examples=800,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=SUPPRESSED,
    )
    @given(case=identifier_cases())
    def collect(case: Case) -> None:
        families.add(case.family)
        kinds.update(case.kinds)

    collect()
    assert families == set(FAMILIES)
    assert kinds == {kind for family in FAMILIES for kind in kinds_for(family)}


def test_the_same_paths_store_clean_text(app, client, auth, api_as, member, ask):
    """The control: a harmless word sent the same way is stored, so the paths above write."""
    clean = Case("none", ("plain",), "zonnebloemveld", "zonnebloemveld", "Zij zei zonnebloemveld.")
    statuses = []
    for name, target in FIELDS.items():
        paths = _paths(client, auth, api_as, member, ask, name)
        statuses.append(target.send(paths, target.text(clean)))
        auth.logout()
    assert all(status < 500 for status in statuses), statuses
    assert _database_text().count("zonnebloemveld") >= 10, statuses
