"""The evaluation set's scoring (benchmarks/search_eval.py): recall@10 and MRR@10 per half."""

from __future__ import annotations

import pytest

from benchmarks import search_eval


def query(qid: str, kind: str, relevant: dict[str, int]) -> dict:
    return {"id": qid, "kind": kind, "q": "x", "relevant": relevant}


def test_recall_counts_every_graded_thread_and_mrr_the_first_answer():
    queries = [
        query("q1", "exact", {"a": 2, "b": 1, "c": 1, "d": 1}),
        query("q2", "typo", {"e": 1}),
    ]
    ranked = {"q1": ["x", "b", "a", "y"], "q2": ["z"]}
    scores = search_eval.score(queries, ranked)
    assert scores.by_kind["exact"][:2] == (pytest.approx(0.5), pytest.approx(1 / 3))
    assert scores.by_kind["typo"][:2] == (0.0, 0.0)
    assert scores.recall == pytest.approx(0.25)
    assert scores.mrr == pytest.approx(1 / 6)
    assert len(scores.misses) == 2


def test_recall_is_out_of_ten_when_more_threads_are_relevant():
    relevant = {f"t{i}": 1 for i in range(14)}
    ranked = {"q": [f"t{i}" for i in range(10)]}
    scores = search_eval.score([query("q", "natural", relevant)], ranked)
    assert scores.recall == 1.0


@pytest.mark.parametrize("name", ["first", "C", "D", "E", "F", "G"])
def test_halves_cover_every_query_once(name):
    tuning = {q["id"] for q in search_eval.load_queries("tuning", name)}
    test = {q["id"] for q in search_eval.load_queries("test", name)}
    assert tuning and test and not tuning & test
    assert tuning | test == {q["id"] for q in search_eval.load_queries(name=name)}


@pytest.mark.parametrize("name", ["C", "D", "E", "F", "G"])
def test_the_first_set_and_a_later_set_are_loaded_apart(name):
    """A later set never enters the first set's (or another later set's) database or queries,
    so each set's figures stay comparable; and it holds only its own threads and queries."""
    letter = name.lower()
    first = search_eval.load_threads()
    later = search_eval.load_threads(name)
    first_keys = {t["key"] for t in first["questions"] + first["aanplakkers"]}
    later_keys = {t["key"] for t in later["questions"] + later["aanplakkers"]}
    assert first_keys and len(later_keys) >= 300
    assert all(key.startswith(letter) for key in later_keys)
    assert not any(key.startswith(letter) for key in first_keys)
    assert all(q["id"].startswith("q" + letter) for q in search_eval.load_queries(name=name))
    assert not any(q["id"].startswith("q" + letter) for q in search_eval.load_queries())
    from benchmarks.search_split import LATER_SETS

    for other in set(LATER_SETS) - {name}:
        threads = search_eval.load_threads(other)
        assert not later_keys & {t["key"] for t in threads["questions"] + threads["aanplakkers"]}


def recorded_runs(monkeypatch) -> tuple[list, list]:
    """Run python -m benchmarks.search without loading or scoring anything: the lists fill
    with the (url, set) of each database loaded at a URL and the name of each set scored."""
    from benchmarks import search

    loaded, scored = [], []
    monkeypatch.setattr(
        search_eval, "eval_database_at", lambda url, folder, name: loaded.append((url, name))
    )
    monkeypatch.setattr(search_eval, "eval_database", lambda folder, name="first": "sqlite://")
    monkeypatch.setattr(
        search, "score_set", lambda url, folder, name, args: scored.append(name) or {}
    )
    return loaded, scored


def test_a_held_out_set_is_scored_only_when_named_on_its_own_database(monkeypatch):
    """python -m benchmarks.search scores a held-out set only with --set (a routine run never
    shows it), on the database given with --database-url-d as set C's with --database-url-c,
    and never lists its misses."""
    from benchmarks import search

    monkeypatch.setattr(search, "HELD_OUT", ("D", *search.HELD_OUT))
    loaded, scored = recorded_runs(monkeypatch)
    urls = ["--database-url-c", "postgresql:///c", "--database-url-d", "postgresql:///d"]
    report = search.run_eval(search.build_parser().parse_args(urls))
    assert scored == ["first", "C"] and set(report) == {"set_C"}
    assert loaded == [("postgresql:///c", "C")]
    loaded.clear(), scored.clear()
    report = search.run_eval(search.build_parser().parse_args([*urls, "--set", "D"]))
    assert scored == ["D"] and set(report) == {"set_D"}
    assert loaded == [("postgresql:///d", "D")]
    misses = search.build_parser().parse_args(["--misses"])
    assert search.shows_misses(misses, "C", "tuning")
    assert not search.shows_misses(misses, "C", "test")
    assert not search.shows_misses(misses, "D", "tuning")


def test_set_d_is_open_for_tuning_and_its_test_half_stays_figures(monkeypatch):
    """Set D's tuning half is open for tuning since decision 0055: a routine run scores it and
    --misses lists its tuning misses; its test half's misses are never listed."""
    from benchmarks import search

    _, scored = recorded_runs(monkeypatch)
    search.run_eval(search.build_parser().parse_args([]))
    assert scored == ["first", "C", "D"]
    misses = search.build_parser().parse_args(["--misses"])
    assert search.shows_misses(misses, "D", "tuning")
    assert not search.shows_misses(misses, "D", "test")


@pytest.mark.parametrize("name", ["E", "F", "G"])
def test_set_e_f_and_g_are_held_out_scored_only_when_named_on_their_own_database(monkeypatch, name):
    """Sets E, F and G (docs/decisions/0059, 0061, 0071) are held out, as set D was before
    0055: a routine run never scores them, --set E (F, G) scores it alone on the database of
    --database-url-e (-f, -g), and its test half's misses are never listed, so nobody tuning
    sees the queries it fails on (E's and F's tuning halves are open since decisions 0060 and
    0069; G's is not, see the next tests)."""
    from benchmarks import search

    loaded, scored = recorded_runs(monkeypatch)
    url = f"postgresql:///{name.lower()}"
    urls = ["--database-url-c", "postgresql:///c", f"--database-url-{name.lower()}", url]
    report = search.run_eval(search.build_parser().parse_args(urls))
    assert name not in scored and f"set_{name}" not in report
    assert (url, name) not in loaded
    loaded.clear(), scored.clear()
    report = search.run_eval(search.build_parser().parse_args([*urls, "--set", name]))
    assert scored == [name] and set(report) == {f"set_{name}"}
    assert loaded == [(url, name)]
    misses = search.build_parser().parse_args(["--misses", "--set", name])
    assert not search.shows_misses(misses, name, "test")


@pytest.mark.parametrize("name", ["G"])
def test_set_g_lists_no_misses_in_either_half_and_no_test_figures_with_misses(name):
    """Set G (docs/decisions/0071) is held out in both halves: unlike the tuning halves of
    sets E and F (decisions 0060, 0069), --misses lists none of its misses, even with --half
    tuning, and a run with --misses scores none of its test half."""
    from benchmarks import search

    assert name in search.HELD_OUT and name not in search.OPEN_TUNING
    for extra in ([], ["--half", "tuning"], ["--half", "test"]):
        args = search.build_parser().parse_args(["--misses", "--set", name, *extra])
        assert not search.shows_misses(args, name, "tuning")
        assert not search.shows_misses(args, name, "test")
        assert "test" not in search.halves_scored(args, name)


@pytest.mark.parametrize("name", ["E", "F"])
def test_set_e_and_f_tuning_halves_are_open_their_test_halves_never_listed(monkeypatch, name):
    """Set E's tuning half is open for tuning (decision 0060), set F's since decision 0069:
    `--set F --half tuning --misses` lists its misses. A test half's misses are never listed,
    and a run with --misses scores a held-out set's tuning half alone (no test-half figures),
    whatever --half asks."""
    from benchmarks import search

    assert name in search.HELD_OUT and name in search.OPEN_TUNING
    args = search.build_parser().parse_args(["--misses", "--set", name, "--half", "tuning"])
    assert search.shows_misses(args, name, "tuning")
    assert not search.shows_misses(args, name, "test")
    for extra in ([], ["--half", "test"], ["--half", "tuning", "--half", "test"]):
        args = search.build_parser().parse_args(["--misses", "--set", name, *extra])
        assert "test" not in search.halves_scored(args, name)
        assert not search.shows_misses(args, name, "test")
    assert search.halves_scored(search.build_parser().parse_args(["--set", name]), name) == (
        "tuning",
        "test",
    )
    assert search.halves_scored(search.build_parser().parse_args(["--misses"]), "D") == (
        "tuning",
        "test",
    )
    # A held-out set whose tuning half is not open lists nothing.
    monkeypatch.setattr(search, "OPEN_TUNING", ())
    assert not search.shows_misses(args, name, "tuning")


# Not set G (docs/decisions/0071): nothing runs the baseline or the engine on it while it is
# held out, not even on its own titles.
@pytest.mark.parametrize("name", ["first", "C", "D", "E", "F"])
def test_baseline_finds_a_thread_by_its_own_title_words(name):
    thread = search_eval.load_threads(name)["questions"][0]
    ranked = search_eval.baseline_rankings([{"id": "q", "q": thread["title"]}], name)
    assert thread["key"] in ranked["q"][:3]
