"""The benchmark's cache statistics: counted per phase only when asked for, summed per run."""

from __future__ import annotations

from kenme.web import cache_stats


def test_counts_are_kept_per_phase_and_summed_over_workers(tmp_path):
    first, second = cache_stats.CacheStats(str(tmp_path)), cache_stats.CacheStats(str(tmp_path))
    first.count({cache_stats.PHASE_HEADER: "5 w/s question"}, "question page", "hit")
    first.count({cache_stats.PHASE_HEADER: "5 w/s question"}, "question page", "hit")
    first.count({}, "question page", "question not kept")
    first.write()
    second.count({cache_stats.PHASE_HEADER: "5 w/s question"}, "question page", "hit")
    second.folder = tmp_path / "other"  # a second worker writes a file of its own
    second.write()
    for path in (tmp_path / "other").glob("*.json"):
        path.rename(tmp_path / f"second-{path.name}")
    counts = cache_stats.read(tmp_path)
    assert counts[("5 w/s question", "question page", "hit")] == 3
    assert counts[("", "question page", "question not kept")] == 1


def test_nothing_is_counted_unless_the_configuration_asks():
    assert cache_stats.stats({"CACHE_STATS_DIR": ""}) is None
