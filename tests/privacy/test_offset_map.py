"""The normal form's map per stretch gives the spans a map per character gave (decision 0064).

Passes of replace_spans are run on random texts and edits, next to the per-character map the
normal form kept before (each character's original start and end, copied or set per pass), and
every span of the result must map back to the same original span.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenme.privacy.normalise import Normalised, normalise, number_view, replace_spans

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def per_character(text: str, passes: list[list[tuple[int, int, str]]]):
    """The text and per-character map after the passes, as the map used to be kept."""
    starts, ends = list(range(len(text))), list(range(1, len(text) + 1))
    for edits in passes:
        pieces, new_starts, new_ends, pos = [], [], [], 0
        for start, end, new in edits:
            if text[start:end] == new:
                continue
            pieces.append(text[pos:start])
            new_starts += starts[pos:start]
            new_ends += ends[pos:start]
            if new:
                pieces.append(new)
                new_starts += [starts[start]] * len(new)
                new_ends += [ends[end - 1]] * len(new)
            pos = end
        pieces.append(text[pos:])
        new_starts += starts[pos:]
        new_ends += ends[pos:]
        text, starts, ends = "".join(pieces), new_starts, new_ends
    return text, starts, ends


@st.composite
def texts_and_passes(draw):
    text = draw(st.text(alphabet="ab1 .\n", min_size=1, max_size=30))
    passes, length = [], len(text)
    for _ in range(draw(st.integers(1, 4))):
        cuts = sorted(draw(st.lists(st.integers(0, length), max_size=8)))
        edits = []
        for start, end in zip(cuts[::2], cuts[1::2], strict=False):
            if end > start:
                edits.append((start, end, draw(st.text(alphabet="xy", max_size=3))))
        passes.append(edits)
        length += sum(len(new) - (end - start) for start, end, new in edits)
    return text, passes


@FUZZ
@given(texts_and_passes())
def test_every_span_maps_where_the_per_character_map_mapped_it(case):
    text, passes = case
    norm = Normalised(text)
    for edits in passes:  # each pass's edits are drawn on the text the pass before made
        norm = replace_spans(norm, edits)
    expected_text, starts, ends = per_character(text, passes)
    assert norm.text == expected_text
    for start in range(len(norm.text)):
        for end in range(start + 1, len(norm.text) + 1):
            assert norm.original_span(start, end) == (starts[start], ends[end - 1])


def test_a_normal_form_of_decoded_entities_and_joined_numbers_maps_exactly():
    text = "BSN &#49;11\u00a0222\n333 en ﬁ IBAN NL91 - ABNA 0417 1643 00"
    view = number_view(normalise(text))
    assert view.text == "BSN 111 222 333 en fi IBAN NL91-ABNA 0417 1643 00"
    assert view.original_span(4, 15) == (4, 19)  # "&#49;11\u00a0222\n333"
    assert view.original_span(19, 21) == (23, 24)  # "fi" from the ligature
    assert view.original_span(27, 36) == (30, 41)  # "NL91 - ABNA"
    assert view.original_span(5, 6) == (9, 10)  # a copied character, after an entity
    assert view.offsets is not None
    assert len(view.offsets.starts) == 11  # stretches, not one entry per character (49)
