"""The independent search evaluation set (#16) is well-formed and free of client data.

The set lives in benchmarks/data/search_eval: threads_<writer>.json (casusvragen and Aanplakkers)
and queries_<writer>.json (information needs with graded relevance). These tests check its shape,
not the engine: every key unique across writers, every graded key present in the corpus, every
query with at least one thread that answers it, and no text with a hard privacy finding. The
later blind sets C, D, E, F and G (docs/decisions/0036, 0049, 0059, 0061, 0071) are checked like
the first, and their queries grade only their own threads: each is evaluated on a database of its
own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kenme.demo import DEMO_MEMBERS
from kenme.privacy import scan

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "search_eval"
THREAD_FILES = sorted(DATA.glob("threads_*.json"))
QUERY_FILES = sorted(DATA.glob("queries_*.json"))
TOPICS = {
    topic["slug"]
    for topic in json.loads(
        (Path(__file__).resolve().parents[2] / "kenme" / "seed" / "topics.json").read_text("utf-8")
    )
}
AUTHORS = {member.key for member in DEMO_MEMBERS if member.key != "admin"}
KINDS = {"exact", "typo", "abbreviation", "synonym", "inflection", "compound", "natural"}
CONTRIBUTION_KINDS = {"vraag", "perspectief", "ervaring", "advies"}
LENSES = {"juridisch", "methodisch", "klantperspectief", "ethisch", "organisatie"}
BODY_HEADINGS = (
    "## Situatie",
    "## Mijn vraag",
    "## Wat heb ik al uitgezocht",
    "## Wettelijk kader",
)


def writer(path: Path) -> str:
    """Return the writer letter of a file: threads_B.json -> 'b'."""
    return path.stem.split("_", 1)[1].lower()


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def thread_texts(thread: dict) -> list[str]:
    """Every free text a member would have written in one thread."""
    texts = [thread["title"]]
    if "body" in thread:
        texts.append(thread["body"])
        texts += [answer["body"] for answer in thread["answers"]]
        texts += [comment["body"] for comment in thread.get("comments", [])]
        return texts
    texts += [thread[field] for field in ("situatie", "dilemma", "geprobeerd", "meedenkvraag")]
    for contribution in thread["contributions"]:
        texts.append(contribution["body"])
        if contribution.get("reply"):
            texts.append(contribution["reply"])
    if thread["oogst"]:
        texts += [thread["oogst"]["takeaway"], thread["oogst"]["next_steps"]]
    if thread["followup"]:
        texts.append(thread["followup"])
    return texts


def corpus() -> dict[str, dict]:
    """All threads of all writers by key; a key used twice fails here."""
    threads: dict[str, dict] = {}
    for path in THREAD_FILES:
        data = load(path)
        for thread in data["questions"] + data["aanplakkers"]:
            assert thread["key"] not in threads, f"{thread['key']} twice"
            threads[thread["key"]] = thread
    return threads


def test_the_set_is_there():
    assert THREAD_FILES, f"no threads_*.json in {DATA}"


@pytest.mark.parametrize("path", THREAD_FILES, ids=lambda path: path.name)
def test_threads_have_the_documented_shape(path):
    data = load(path)
    prefix = writer(path)
    key_re = re.compile(rf"{prefix}\d{{3}}")
    threads = data["questions"] + data["aanplakkers"]
    assert len(threads) >= 155, "each writer writes at least 155 threads"
    assert data["aanplakkers"], "about 15 % of the threads are Aanplakkers"
    for thread in threads:
        key = thread["key"]
        assert key_re.fullmatch(key), key
        assert thread["title"].strip(), key
        assert 1 <= len(thread["topics"]) <= 3 and set(thread["topics"]) <= TOPICS, key
        assert thread["author"] in AUTHORS, key
        assert 1 <= thread["days_ago"] <= 2500, key
    for question in data["questions"]:
        key = question["key"]
        assert all(heading in question["body"] for heading in BODY_HEADINGS), key
        assert 1 <= len(question["answers"]) <= 4, key
        own = {key}
        for number, answer in enumerate(question["answers"], 1):
            assert answer["key"] == f"{key}a{number}", answer["key"]
            assert answer["author"] in AUTHORS and answer["body"].strip(), answer["key"]
            own.add(answer["key"])
        for comment in question.get("comments", []):
            assert comment["on"] in own and comment["author"] in AUTHORS, key
    for aanplakker in data["aanplakkers"]:
        key = aanplakker["key"]
        contributions = set()
        for number, contribution in enumerate(aanplakker["contributions"], 1):
            assert contribution["key"] == f"{key}c{number}", contribution["key"]
            assert contribution["kind"] in CONTRIBUTION_KINDS, contribution["key"]
            perspective = contribution["kind"] == "perspectief"
            assert (contribution["lens"] in LENSES) is perspective, contribution["key"]
            assert contribution["author"] in AUTHORS, contribution["key"]
            contributions.add(contribution["key"])
        if aanplakker["oogst"]:
            assert aanplakker["oogst"]["takeaway"].strip(), key
            assert set(aanplakker["oogst"]["helpful"]) <= contributions, key


def test_keys_are_unique_across_writers():
    threads = corpus()
    sub_keys = [
        item["key"]
        for thread in threads.values()
        for item in thread.get("answers", []) + thread.get("contributions", [])
    ]
    assert len(sub_keys) == len(set(sub_keys))
    assert not set(sub_keys) & set(threads)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.name)
def test_queries_are_graded_against_the_corpus(path):
    threads = corpus()
    queries = load(path)["queries"]
    prefix = f"q{writer(path)}"
    assert len(queries) >= 84, "each writer writes at least 84 queries"
    ids = [query["id"] for query in queries]
    assert len(ids) == len(set(ids))
    for query in queries:
        qid = query["id"]
        assert re.fullmatch(rf"{prefix}\d{{3}}", qid), qid
        assert query["kind"] in KINDS, qid
        assert query["need"].strip() and query["q"].strip(), qid
        assert "half" not in query, f"{qid}: the lead splits the set, not the writer"
        grades = query["relevant"]
        assert set(grades) <= set(threads), f"{qid}: unknown {set(grades) - set(threads)}"
        assert set(grades.values()) <= {1, 2}, qid
        assert 2 in grades.values(), f"{qid}: no thread answers the need"
    kinds = {kind: sum(query["kind"] == kind for query in queries) for kind in KINDS}
    assert min(kinds.values()) >= 12, kinds


def test_no_text_holds_a_hard_privacy_finding():
    hard = [
        (thread["key"], finding.kind, finding.text)
        for thread in corpus().values()
        for text in thread_texts(thread)
        for finding in scan(text)
        if finding.severity == "hard"
    ]
    assert hard == []


def test_the_privacy_check_can_fail():
    """The scan above would notice client data: a BSN that passes the 11-proef is hard."""
    findings = scan("## Situatie\n\nDe klant (BSN 111222333) vraagt bijstand aan.")
    assert any(finding.severity == "hard" for finding in findings)


def test_every_query_sits_in_exactly_one_fixed_half():
    """The lead split the set once (benchmarks/search_split.py); no query moves or is left out."""
    from benchmarks.search_split import SPLIT, load_queries, split

    recorded = json.loads(SPLIT.read_text(encoding="utf-8"))
    queries = load_queries()
    assert set(recorded["halves"]) == {q["id"] for q in queries}
    assert set(recorded["halves"].values()) == {"tuning", "test"}
    assert recorded["halves"] == split(queries, recorded["seed"])
    for kind in KINDS:
        halves = [recorded["halves"][q["id"]] for q in queries if q["kind"] == kind]
        assert abs(halves.count("tuning") - halves.count("test")) <= 1, kind


def test_a_later_set_grades_only_its_own_threads():
    """Sets C, D, E, F and G are each loaded on their own (benchmarks.search_eval), so a grade on
    a thread of another set would count a thread their database does not hold."""
    from benchmarks.search_split import LATER_SETS, load_queries, set_files

    for name in LATER_SETS:
        own = {
            thread["key"]
            for path in set_files("threads", name)
            for thread in load(path)["questions"] + load(path)["aanplakkers"]
        }
        assert own, name
        for query in load_queries(name):
            assert set(query["relevant"]) <= own, query["id"]


# The fewest queries each later set was written with.
LATER_MINIMUM = {"C": 160, "D": 150, "E": 160, "F": 168, "G": 172}


@pytest.mark.parametrize("name", sorted(LATER_MINIMUM))
def test_a_later_set_sits_in_its_recorded_random_split(name):
    """split_<X>.json was drawn once (python -m benchmarks.search_split X): a seed from
    secrets.randbelow(10**8) and the hash of queries_<X>.json; every query sits in exactly one
    half, none moves, none is added."""
    from benchmarks.search_split import load_queries, queries_hash, split, split_path

    recorded = json.loads(split_path(name).read_text(encoding="utf-8"))
    assert recorded["queries_sha256"] == queries_hash(name), f"queries_{name}.json changed"
    assert isinstance(recorded["seed"], int) and 0 <= recorded["seed"] < 10**8
    queries = load_queries(name)
    assert len(queries) >= LATER_MINIMUM[name]
    assert set(recorded["halves"]) == {q["id"] for q in queries}
    assert set(recorded["halves"].values()) == {"tuning", "test"}
    assert recorded["halves"] == split(queries, recorded["seed"])
    for kind in KINDS:
        halves = [recorded["halves"][q["id"]] for q in queries if q["kind"] == kind]
        assert abs(halves.count("tuning") - halves.count("test")) <= 1, kind


@pytest.mark.parametrize("name", ["D", "E", "F", "G"])
def test_a_held_out_set_covers_every_topic_and_kind_in_balance(name):
    """Sets D, E, F and G (docs/decisions/0049, 0059, 0061, 0071): at least 300 threads over all
    topics, Aanplakkers among them, and at least 150 queries spread evenly over the kinds the
    benchmark reports."""
    from benchmarks.search_split import load_queries, set_files

    (path,) = set_files("threads", name)
    data = load(path)
    threads = data["questions"] + data["aanplakkers"]
    assert len(threads) >= 300 and len(data["aanplakkers"]) >= 40
    assert {topic for thread in threads for topic in thread["topics"]} == TOPICS
    queries = load_queries(name)
    kinds = [query["kind"] for query in queries]
    assert len(queries) >= 150 and set(kinds) == KINDS
    assert max(map(kinds.count, KINDS)) - min(map(kinds.count, KINDS)) <= 2


def test_threads_pass_the_apps_length_rules():
    """benchmarks.search_eval writes the set through the services, which refuse texts that are
    too short; a thread that fails there would stop the whole evaluation."""
    from kenme.services import comments, posting
    from kenme.services.aanplakker import rules

    short = []
    for key, thread in corpus().items():
        if not posting.TITLE_MIN <= len(thread["title"]) <= posting.TITLE_MAX:
            short.append((key, "title"))
        for answer in thread.get("answers", []):
            if len(answer["body"].strip()) < posting.ANSWER_MIN:
                short.append((answer["key"], "answer"))
        for comment in thread.get("comments", []):
            if not comments.COMMENT_MIN <= len(comment["body"].strip()) <= comments.COMMENT_MAX:
                short.append((key, "comment"))
        for field, minimum in rules.FIELD_MIN.items():
            if field in thread and len(thread[field].strip()) < minimum:
                short.append((key, field))
        for contribution in thread.get("contributions", []):
            if len(contribution["body"].strip()) < rules.CONTRIBUTION_MIN:
                short.append((contribution["key"], "contribution"))
            # The author's reply to a clarifying question has the contributions' minimum too.
            reply = contribution.get("reply")
            if reply and len(reply.strip()) < rules.CONTRIBUTION_MIN:
                short.append((contribution["key"], "reply"))
        oogst = thread.get("oogst")
        if oogst and len(oogst["takeaway"] + "\n\n" + oogst["next_steps"]) < rules.OOGST_MIN:
            short.append((key, "oogst"))
        if thread.get("followup") and len(thread["followup"].strip()) < rules.FOLLOWUP_MIN:
            short.append((key, "followup"))
    assert short == []


def _words(text: str) -> list[str]:
    """Lower-case words without accents, as a reader compares them (not the engine's analysis)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.lower())
    return re.findall(r"\w+", "".join(c for c in plain if not unicodedata.combining(c)))


def _holds(words: list[str], term: str) -> bool:
    wanted = _words(term)
    return any(words[i : i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


@pytest.mark.parametrize("name", ["F", "G"])
def test_sets_f_and_g_mark_the_word_each_query_is_about_and_no_answer_holds_it(name):
    """Sets F and G (docs/decisions/0061, 0071): outside the exact and natural kinds each query
    names, in "marked", the word(s) its kind is about (the slip, abbreviation, synonym,
    inflected or compound form), which the query holds and no thread graded 2 contains. A
    compound term of several words is a phrase; otherwise each word counts on its own."""
    from benchmarks.search_split import load_queries, set_files

    (path,) = set_files("threads", name)
    data = load(path)
    words = {
        thread["key"]: _words("\n".join(thread_texts(thread)))
        for thread in data["questions"] + data["aanplakkers"]
    }
    found = []
    for query in load_queries(name):
        if query["kind"] in ("exact", "natural"):
            assert "marked" not in query, query["id"]
            continue
        marked = query["marked"]
        if "," in marked:
            terms = [term.strip() for term in marked.split(",")]
        elif query["kind"] == "compound":
            terms = [marked]
        else:
            terms = marked.split()
        for term in terms:
            assert _holds(_words(query["q"]), term), (query["id"], term)
            found += [
                (query["id"], key, term)
                for key, grade in query["relevant"].items()
                if grade == 2 and _holds(words[key], term)
            ]
    assert found == []
