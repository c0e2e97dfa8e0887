"""The @mention leaf and the renderers' mention links (pure: no database)."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from kenme.mentions import MAX_WORDS, mention_candidates, name_key
from kenme.rendering import render_comment, render_markdown


def names(text: str) -> list[str]:
    return [name for _start, _end, name in mention_candidates(text)]


def test_every_reading_of_a_mention_longest_first():
    assert names("@Ilse de Vries vindt") == [
        "Ilse de Vries vindt",
        "Ilse de Vries",
        "Ilse de",
        "Ilse",
    ]


def test_a_name_at_the_end_of_a_sentence_is_read_with_and_without_its_dot():
    assert names("Vraag het @Noor.") == ["Noor.", "Noor"]
    assert names("@M. Bakker weet het")[:3] == ["M. Bakker weet het", "M. Bakker weet", "M. Bakker"]


def test_punctuation_ends_a_name():
    assert names("@Ilse, kun je kijken?") == ["Ilse"]
    assert names("(@Jan-Willem)") == ["Jan-Willem"]
    assert names("@van 't Hof") == ["van 't Hof", "van 't", "van"]


def test_brackets_mark_where_a_name_ends():
    assert mention_candidates("zie @[Ilse  de Vries] hier") == [(4, 21, "Ilse de Vries")]
    assert names("@[]") == []


def test_no_mention_inside_words_addresses_or_paths():
    assert mention_candidates("mail naam@gemeente.nl of https://x.nl/@ilse") == []
    assert mention_candidates("@ alleen") == []


def test_at_most_max_words():
    assert len(names("@a b c d e f g h")) == MAX_WORDS


def test_name_key_folds_case_width_spaces_and_apostrophes():
    assert name_key("  Ömer  van ’t   HOF ") == name_key("ömer van 't hof") == "ömer van 't hof"
    assert name_key("Straße") == name_key("STRASSE")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("@ aIé.'’-[]\n,(xZ0_/")), max_size=200))
def test_candidates_point_into_the_text(text):
    previous = (-1, 10**9)
    for start, end, name in mention_candidates(text):
        assert text[start] == "@"
        assert start < end <= len(text)
        inner = text[start + 1 : end]
        assert name == inner or (inner.startswith("[") and name == " ".join(inner[1:-1].split()))
        assert "\n" not in name and name.strip() == name and name
        assert (start, -end) >= (previous[0], -previous[1])  # by start, longest first
        previous = (start, end)


def test_candidates_take_linear_time():
    text = ("@Aa bb cc dd ee ff " * 3000)[:50_000]
    started = time.perf_counter()
    found = mention_candidates(text)
    assert len(found) == text.count("@") * MAX_WORDS - 1  # the last "@" has 4 words left
    assert time.perf_counter() - started < 5  # generous: quadratic behaviour takes minutes


LINKS = {"ilse de vries": "/leden/3", "noor": "/leden/4"}


def test_markdown_links_mentions_to_profiles_but_not_in_code_or_links():
    html = render_markdown(
        "Hoi @Ilse de Vries, *@Noor* en `@Noor` of [@Noor](https://e.nl) @Onbekend", LINKS
    )
    assert '<a href="/leden/3" class="mention" rel="nofollow noopener">@Ilse de Vries</a>,' in html
    assert '<em><a href="/leden/4" class="mention"' in html
    assert "<code>@Noor</code>" in html
    assert '<a href="https://e.nl" rel="nofollow noopener">@Noor</a>' in html
    assert "@Onbekend" in html and html.count('class="mention"') == 2


def test_without_links_a_mention_is_plain_text():
    assert "<a" not in render_markdown("Hoi @Ilse de Vries")
    assert "<a" not in render_comment("Hoi @Ilse de Vries")


def test_comments_link_mentions_and_urls_and_escape_the_rest():
    html = render_comment("@noor zie <b>https://x.nl/?a=1&b=2</b> & @[Ilse de Vries]", LINKS)
    assert html.startswith('<a class="mention" href="/leden/4" rel="nofollow noopener">@noor</a>')
    assert "&lt;b&gt;" in html and "https://x.nl/?a=1&amp;b=2" in html
    assert html.endswith(
        'class="mention" href="/leden/3" rel="nofollow noopener">@[Ilse de Vries]</a>'
    )


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("@ <>&\"'noNOR[]`*_:/.h")), max_size=120))
def test_mention_links_never_let_markup_through(text):
    for html in (render_comment(text, LINKS), render_markdown(text, LINKS)):
        tags = set(re.findall(r"</?([a-z0-9]+)", html))
        assert tags <= {
            "a",
            "p",
            "em",
            "strong",
            "code",
            "pre",
            "br",
            "ul",
            "ol",
            "li",
            "blockquote",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "del",
        }
        for attributes in re.findall(r"<a ([^>]*)>", html):
            assert "on" not in re.sub(r'"[^"]*"', "", attributes)  # no event handler attribute
