"""Decision 0042: names in the forms hurried notes and pasted lists write them.

Generated from the name lists and general shapes, never from corpus sentences; next to each
form, the ordinary words in the same place that must stay no name.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kenme.privacy import lexicon, scan
from tests.privacy.helpers import kind_over

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_COMMON = lexicon.common_words()
SURNAMES = st.sampled_from(
    sorted(
        w
        for w in lexicon.surnames() - _COMMON - lexicon.first_names()
        if w.isalpha() and w.isascii() and len(w) >= 4
    )
).map(str.capitalize)
FIRST_NAMES = st.sampled_from(
    sorted(w for w in lexicon.first_names() if w.isalpha() and w.isascii() and len(w) >= 3)
).map(str.capitalize)
# Capitalised ordinary words that no name list holds.
WORDS = st.sampled_from(
    sorted(
        w
        for w in _COMMON - lexicon.surnames() - lexicon.first_names()
        if w.isalpha() and w.isascii() and len(w) >= 4
    )
).map(str.capitalize)
INITIALS = st.lists(st.sampled_from("ABCDEFGHJKLMNPRSTW"), min_size=1, max_size=3).map(
    lambda letters: "".join(f"{c}." for c in letters)
)


def names(text: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == "name"]


@SETTINGS
@given(surname=SURNAMES, initials=INITIALS, end=st.sampled_from(["", ";", '"', " en de rest"]))
def test_a_surname_before_its_initials_is_a_name(surname, initials, end):
    text = f"Op de lijst van vandaag:\n{surname}, {initials}{end}"
    assert kind_over(text, surname, "name"), text


@SETTINGS
@given(word=WORDS, initials=INITIALS, surname=SURNAMES)
def test_an_ordinary_word_before_initials_is_no_name(word, initials, surname):
    text = f"Zie {word.lower()}, {initials} {surname} gaat erover."
    found = names(text)
    assert all(word.lower() not in n.lower() for n in found), (text, found)


RELATIVES = st.sampled_from(["dochter", "zoon", "moeder", "vrouw", "ex", "kinderen", "vriendin"])


@SETTINGS
@given(name=st.one_of(SURNAMES, FIRST_NAMES), relative=RELATIVES)
def test_a_genitive_before_a_relative_is_a_name(name, relative):
    assume(not name.endswith("s"))
    text = f"{name}s {relative} is net 18 geworden en woont thuis."
    assert kind_over(text, f"{name}s", "name"), text


WORDS_IN_S = st.sampled_from(
    sorted(
        w
        for w in _COMMON - lexicon.surnames() - lexicon.first_names()
        if w.isalpha()
        and w.isascii()
        and len(w) >= 4
        and w.endswith("s")
        and w[:-1] not in lexicon.first_names()
        and w[:-1] not in lexicon.surnames()
    )
).map(str.capitalize)


@SETTINGS
@given(word=WORDS_IN_S, relative=RELATIVES)
def test_an_ordinary_word_ending_in_s_before_a_relative_is_no_name(word, relative):
    text = f"{word} {relative} van de klant komt langs."
    assert not kind_over(text, word, "name"), text


@SETTINGS
@given(children=st.lists(st.tuples(FIRST_NAMES, st.integers(0, 17)), min_size=1, max_size=3))
def test_first_names_with_an_age_in_brackets_are_names(children):
    listed = ", ".join(f"{name} ({age})" for name, age in children)
    text = f"Gezin met kinderen: {listed}. Vader werkt."
    for name, _ in children:
        assert kind_over(text, f"{name} (", "name"), text


@SETTINGS
@given(word=WORDS, number=st.integers(1, 20))
def test_an_ordinary_word_with_a_number_in_brackets_is_no_name(word, number):
    text = f"Zie {word} ({number}) in het beleid."
    assert not kind_over(text, word, "name"), text


@SETTINGS
@given(
    particle=st.sampled_from(["Van der", "Van den", "Van 't", "Op den", "Uit den"]),
    word=st.one_of(SURNAMES, WORDS),
    verb=st.sampled_from(["heeft", "belde", "is", "wil", "komt"]),
)
def test_a_name_particle_opening_a_sentence_makes_a_name(particle, word, verb):
    text = f"Dat klopt. {particle} {word} {verb} niet gereageerd op de brief."
    assert kind_over(text, f"{particle} {word}", "name"), text


@SETTINGS
@given(
    opening=st.sampled_from(["Van de", "Van het", "Op de", "Uit de", "In de"]),
    word=WORDS,
)
def test_a_plain_phrase_opening_a_sentence_is_no_name(opening, word):
    text = f"Dat klopt. {opening} {word.lower()} hoor ik niets."
    assert not names(text), text


def _slips(word: str) -> list[str]:
    """Every spelling one typing slip (drop, swap, double) away from word."""
    out = {word[:i] + word[i + 1 :] for i in range(1, len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
    out |= {word[:i] + word[i] + word[i:] for i in range(1, len(word))}
    return sorted(out - {word})


SLIPS = st.sampled_from(_slips("mevrouw") + _slips("meneer"))


# A surname no list holds: made of syllables ("Kortelnig" is the kind of name a list lacks).
MADE_UP_SURNAMES = st.builds(
    lambda parts: "".join(parts).capitalize(),
    st.lists(st.sampled_from(["kor", "tel", "nig", "vran", "dol", "sek", "bur", "mi", "ja"]),
             min_size=2, max_size=3),
).filter(lambda w: w.lower() not in _COMMON and w.lower() not in lexicon.surnames())  # fmt: skip


@SETTINGS
@given(title=SLIPS, surname=MADE_UP_SURNAMES)
def test_a_name_after_a_mistyped_title_is_a_name(title, surname):
    text = f"Vandaag belde {title} {surname} over de uitkering."
    assert kind_over(text, surname, "name"), text


@SETTINGS
@given(title=SLIPS, word=WORDS)
def test_an_ordinary_word_after_a_mistyped_title_is_no_name(title, word):
    text = f"Vandaag belde {title} {word.lower()} over de uitkering."
    assert not names(text), text


@SETTINGS
@given(
    subject=st.sampled_from(["de klant", "hij", "zij", "ze", "haar vriend"]),
    particle=st.sampled_from(["de", "van der", "van de", "el"]),
    surname=SURNAMES,
)
def test_a_name_in_lower_case_after_heet_is_a_name(subject, particle, surname):
    text = f"Nog een vraag: {subject} heet {particle} {surname.lower()}, geen idee waarom."
    assert kind_over(text, surname.lower(), "name"), text


@SETTINGS
@given(word=WORDS)
def test_what_a_rule_or_a_thing_is_called_is_no_name(word):
    text = f"Nog een vraag: dat heet de {word.lower()}, geen idee waarom."
    assert not names(text), text


@SETTINGS
@given(
    particle_form=st.one_of(
        st.tuples(
            st.sampled_from(["Van der", "Van den", "Van de", "Ter"]),
            st.sampled_from(["Bakkerij {n}", "Garage {n}", "{n} Bouw", "{n} Transport"]),
        ),
        # after the kind of firm the particle may be written as in the owner's name
        st.tuples(st.sampled_from(["van der", "van den", "van"]), st.just("Bakkerij {n}")),
    ),
    surname=SURNAMES,
)
def test_a_firm_named_after_its_owner_with_a_particle_is_one_organisation(particle_form, surname):
    particle, form = particle_form
    firm = form.format(n=f"{particle} {surname}")
    text = f"Mevrouw werkte jaren bij {firm} in Ede."
    found = [(f.kind, f.text) for f in scan(text) if f.kind in ("organisation", "name")]
    assert found == [("organisation", firm)], (text, found)
