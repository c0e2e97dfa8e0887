"""Decision 0072: a BSN as hurried writers, exports and scanners write it, and the numbers that
only look like one.

Generated from general shapes, never from corpus sentences: every name a writer gives the
number (any case, the parts joined, spaced or dashed, a full stop after an abbreviation) before
eight or nine digits whatever their 11-proef; a table column headed by such a name (markdown,
tabs, a fixed-width screen); a valid BSN copied in groups with OCR's O/o for 0 and l/I for 1.
Next to them the look-alikes the 11-proef alone lets through: an amount followed by the first
groups of a phone number, a postbus number on the line before its postcode, and nine digits
that go on into a creditor's longer code.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn, postcode

from kenme.privacy import scan
from tests.privacy.fake_identifiers import fake_bsn

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RANDOMS = st.integers(0, 2**32 - 1).map(random.Random)  # a seeded generator per example
DIGITS = st.one_of(
    st.integers(10_000_000, 99_999_999).map(str), st.integers(100_000_000, 999_999_999).map(str)
)


@st.composite
def bsn_names(draw):
    """A name of the BSN as a hurried writer types it: "BSN-nr.", "burger service nummer",
    "Sofi nr", "B.S.N." - in any case."""
    head, tails = draw(
        st.sampled_from(
            [
                ("bsn", ("", "nr", "nummer")),
                ("burger|service", ("nummer", "nr")),
                ("sofi", ("nummer", "nr")),
                ("b.s.n", ("",)),
            ]
        )
    )
    joins = st.sampled_from(["", " ", "-"])
    name = head.replace("|", draw(joins))
    tail = draw(st.sampled_from(tails))
    if tail:
        name += draw(joins) + tail
    if tail == "nr" or name == "b.s.n":
        name += draw(st.sampled_from(["", "."]))
    style = draw(st.sampled_from([str.lower, str.upper, str.capitalize, lambda s: s]))
    return style(name)


def bsn_spans(text: str) -> list[str]:
    """The texts of the BSN findings."""
    return [f.text for f in scan(text) if f.kind == "bsn"]


def grouped(number: str, rng: random.Random) -> str:
    """A nine-digit number in one of the groupings forms and letters use."""
    sizes = rng.choice([(3, 3, 3), (4, 2, 3), (2, 2, 2, 3), (9,)])
    sep = rng.choice([" ", ".", "-"])
    groups, pos = [], 0
    for size in sizes:
        groups.append(number[pos : pos + size])
        pos += size
    return sep.join(groups)


@SETTINGS
@given(name=bsn_names(), digits=DIGITS, colon=st.sampled_from(["", ":", " :"]))
def test_every_name_of_the_bsn_names_the_number_after_it(name, digits, colon):
    text = f"Klant belde, {name}{colon} {digits} graag nakijken."
    assert bsn_spans(text) == [digits], (text, scan(text))


@SETTINGS
@given(
    header=bsn_names(),
    numbers=st.lists(DIGITS, min_size=2, max_size=4, unique=True),
    layout=st.sampled_from(["markdown", "tabs", "spaces"]),
)
def test_a_column_headed_bsn_holds_bsns_whatever_their_11_proef(header, numbers, layout):
    # a number in the next column is a cell of its own, no ninth digit (in a fixed-width screen
    # the number view still joins "12345678   1": left open, decision 0072)
    rows = [(header, "Trede")] + [(n, str(i % 4 + 1)) for i, n in enumerate(numbers)]
    if layout == "spaces":
        rows = [(header, "Status")] + [(n, "lopend") for n in numbers]
    if layout == "markdown":
        lines = [f"| {a} | {b} |" for a, b in rows]
        lines.insert(1, "|---|---|")
    else:
        gap = "\t" if layout == "tabs" else "   "
        lines = [f"{a}{gap}{b}" for a, b in rows]
    text = "Export uit Suite:\n" + "\n".join(lines)
    assert bsn_spans(text) == numbers, (text, scan(text))


@SETTINGS
@given(rng=RANDOMS, label=st.sampled_from(["", "Uw BSN: ", "bsn "]))
def test_a_bsn_in_groups_with_ocr_letters_for_0_and_1_is_one(rng, label):
    number = fake_bsn(rng)
    written = grouped(number, rng)
    places = [i for i, c in enumerate(written) if c in "01"]
    assume(places)
    chars = list(written)
    for i in rng.sample(places, min(len(places), rng.randint(1, 2))):
        chars[i] = rng.choice("Oo" if chars[i] == "0" else "lI")
    written = "".join(chars)
    text = f"[OCR, slecht gescand]\nAan de heer\n{label}{written}\nTerugvordering 2024"
    assert bsn_spans(text) == [written], (text, scan(text))


def _nine_digits_passing(rng: random.Random, make) -> tuple[str, ...]:
    """Draw parts with make(rng) until their nine digits together pass the 11-proef."""
    while True:
        parts = make(rng)
        if bsn.is_valid("".join(parts)):
            return parts


@SETTINGS
@given(rng=RANDOMS, currency=st.sampled_from(["", "€ ", "EUR "]))
def test_an_amount_and_the_start_of_a_phone_number_are_no_bsn(rng, currency):
    def make(r):
        return str(r.randint(1, 9)), f"{r.randrange(100):02d}", "06", f"{r.randrange(10**4):04d}"

    euros, cents, mobile, block = _nine_digits_passing(rng, make)
    text = f"Eigen bijdrage {currency}{euros}.{cents} {mobile} {block} 5678 is haar nummer."
    assert bsn_spans(text) == [], (text, scan(text))


@SETTINGS
@given(rng=RANDOMS, place=st.sampled_from(["Amsterdam", "ZWOLLE", "Den Haag"]))
def test_a_postbus_number_and_the_postcode_below_it_are_no_bsn(rng, place):
    def make(r):
        code = f"{r.randint(1000, 9999)}"
        return f"{r.randint(10000, 99999)}", code

    box, code = _nine_digits_passing(rng, make)
    letters = "".join(rng.choice("BCDEGHJKLMNPRTVWXZ") for _ in range(2))
    assume(postcode.is_valid(f"{code}{letters}"))
    text = f"Stuur het bezwaar naar\nGemeente Voorbeeld\nPostbus {box}\n{code} {letters} {place}"
    assert bsn_spans(text) == [], (text, scan(text))


@SETTINGS
@given(rng=RANDOMS)
def test_a_bsn_split_over_a_line_break_is_still_one(rng):
    number = fake_bsn(rng)
    cut = rng.randint(2, 7)
    written = f"{number[:cut]}\n{number[cut:]}"
    text = f"De klant met nummer {written} woont alleen."
    assert bsn_spans(text) == [written], (text, scan(text))


@SETTINGS
@given(rng=RANDOMS, letter=st.sampled_from("TABHK"), sep=st.sampled_from(".-"))
def test_nine_digits_that_go_on_into_a_longer_code_are_no_bsn(rng, letter, sep):
    parts = grouped(fake_bsn(rng), rng).replace(" ", sep).replace(".", sep).replace("-", sep)
    assume(sep in parts)
    code = f"{parts}{sep}{letter}{sep}{rng.randint(10, 99)}"
    text = f"Belastingdienst/Toeslagen  {code}  € 3.204,00"
    assert bsn_spans(text) == [], (text, scan(text))
