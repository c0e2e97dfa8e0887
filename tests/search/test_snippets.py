"""Snippets: escaped text, our own <mark> around matching words, nothing else."""

from __future__ import annotations

import pytest

from kenme.search.documents import plain_text
from kenme.search.snippets import Highlighter, highlight, snippet


def test_matching_words_are_marked_and_everything_is_escaped():
    marked = highlight("<b>Terugvorderingen</b> & boetes", Highlighter(frozenset({"terugvorder"})))
    assert str(marked) == "&lt;b&gt;<mark>Terugvorderingen</mark>&lt;/b&gt; &amp; boetes"


@pytest.mark.parametrize(
    "text",
    ["Cliënt met één uitkering", "Cliënt met e\u0301e\u0301n uitkering", "ﬁnanciële uitkering"],
)
def test_accents_and_ligatures_keep_their_place(text):
    marked = str(highlight(text, Highlighter(frozenset({"uitker"}))))
    assert marked.endswith("<mark>uitkering</mark>")


def test_prefixes_and_typos_are_marked():
    assert "<mark>kostendelersnorm</mark>" in str(
        highlight("de kostendelersnorm", Highlighter(prefixes=("kostendel",)))
    )
    assert "<mark>kostendelersnorm</mark>" in str(
        highlight("de kostendelersnorm", Highlighter(fuzzy=("kostendelersnrom",)))
    )


def test_a_phrase_is_marked_only_when_whole():
    highlighter = Highlighter(phrases=(("gezamen", "huishoud"),))
    assert str(highlight("een gezamenlijke huishouding", highlighter)) == (
        "een <mark>gezamenlijke</mark> <mark>huishouding</mark>"
    )
    assert "<mark>" not in str(highlight("gezamenlijk beleid, huishouding", highlighter))


def test_the_snippet_is_cut_around_the_matches():
    text = "Begin van een lang verhaal. " * 30 + "Hier staat de kostendelersnorm. " + "Eind. " * 40
    cut = str(snippet([text], Highlighter(frozenset({"kostendelersnorm"}))))
    assert cut.startswith("… ") and cut.endswith(" …")
    assert "<mark>kostendelersnorm</mark>" in cut
    assert len(cut) < 320


def test_without_a_match_the_snippet_is_the_start_of_the_first_text():
    cut = str(snippet(["", "Eerste zin. Tweede zin."], Highlighter()))
    assert cut == "Eerste zin. Tweede zin."


def test_plain_text_drops_markdown_but_keeps_the_words():
    markdown = "## Situatie\n\n- een **klant** met [een link](https://x.nl) en `code`\n> citaat"
    assert plain_text(markdown) == "Situatie\n\neen klant met een link en code\ncitaat"
