"""The revision diff: lines, words, and folded unchanged runs."""

from __future__ import annotations

from kenme.web.questions.diff import diff_lines, revision_text


def test_changed_line_is_compared_word_by_word():
    [row] = diff_lines("De norm geldt vanaf 21 jaar.", "De norm geldt vanaf 27 jaar.")
    assert row.kind == "changed"
    assert ("del", "21") in row.parts and ("ins", "27") in row.parts
    assert "".join(text for op, text in row.parts if op != "del") == "De norm geldt vanaf 27 jaar."


def test_added_and_removed_lines_keep_their_numbers():
    rows = diff_lines("een\ntwee\ndrie", "een\ndrie\nvier")
    kinds = [(r.kind, r.old_number, r.new_number) for r in rows]
    assert ("removed", 2, None) in kinds
    assert ("added", None, 3) in kinds


def test_long_unchanged_runs_are_folded_with_context():
    old = "\n".join(f"regel {n}" for n in range(30))
    new = old.replace("regel 15", "regel vijftien")
    rows = diff_lines(old, new)
    skipped = [r for r in rows if r.kind == "skipped"]
    assert [r.parts[0][1] for r in skipped] == ["13", "12"]
    assert len(rows) == 2 + 2 + 1 + 2  # two folds, context either side, the change


def test_identical_texts_have_no_changes():
    assert all(r.kind in ("same", "skipped") for r in diff_lines("a\nb", "a\nb"))


def test_revision_text_puts_the_title_on_top():
    assert revision_text("Titel", "Tekst") == "Titel\n\nTekst"
    assert revision_text("", "Tekst") == "Tekst"
