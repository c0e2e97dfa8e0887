"""Decision 0082: names in the places exports, registers, family notes and dictation put them,
and name-shaped words that name no client (office holders, committees, types, streets, firms).

Generated from the name lists and general shapes, never from corpus sentences; each shape that
must be found has its counterpart that must stay unflagged.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenme.privacy import lexicon, scan
from kenme.privacy.names import TRADES
from tests.privacy.helpers import kind_over
from tests.privacy.test_name_forms import SURNAMES, WORDS, names

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_COMMON = lexicon.common_words()
# Surnames that are also words ("Bos", "Vos", "Groot"): only a name's shape makes them a name.
WORD_SURNAMES = st.sampled_from(
    sorted(w for w in lexicon.surnames() & _COMMON if w.isalpha() and w.isascii() and len(w) >= 3)
).map(str.capitalize)
FIRST_NAMES = st.sampled_from(
    sorted(
        w
        for w in lexicon.first_names() - _COMMON - lexicon.ambiguous_first_names()
        if w.isalpha() and w.isascii() and len(w) >= 3
    )
).map(str.capitalize)
# Surnames no list holds, built from syllables: only the context can make them a name.
UNLISTED = st.tuples(
    st.sampled_from(["Brak", "Hol", "Wend", "Strui", "Kam", "Zeg", "Mord", "Lup"]),
    st.sampled_from(["elmans", "sema", "inga", "erink", "ouwer", "ijsen", "akker"]),
).map("".join)
# First names no list holds: a relation next to them makes them a name.
UNLISTED_FIRST = st.tuples(
    st.sampled_from(["Ka", "Lu", "Mi", "Ro", "Sa", "Te", "Yo", "Zu"]),
    st.sampled_from(["rvinne", "lindra", "shaniq", "vannoë", "mirella", "dwaine"]),
).map("".join)
INITIALS = st.lists(st.sampled_from("ABDEGHJKLMPRSTW"), min_size=1, max_size=3)
RELATIVES = st.sampled_from(["vader", "moeder", "zoon", "dochter", "broer", "zus", "oma", "opa"])


# Exports and registers


@SETTINGS
@given(
    surname=SURNAMES,
    letters=INITIALS,
    dots=st.booleans(),
    comma=st.booleans(),
    capitals=st.booleans(),
    mark=st.sampled_from([";", "|", "\t", ","]),
)
def test_a_surname_and_initials_in_an_exported_row_is_a_name(
    surname, letters, dots, comma, capitals, mark
):
    initials = "".join(f"{c}." if dots else c for c in letters)
    written = surname.upper() if capitals else surname
    cell = f"{written}{', ' if comma and mark != ',' else ' '}{initials}"
    text = f"regel uit de export:\n355125882{mark}{cell}{mark}09-01-1967{mark}actief\n"
    assert kind_over(text, cell, "name"), text


@SETTINGS
@given(
    word=WORDS,
    letter=st.sampled_from("ABCDEFG"),
    mark=st.sampled_from([";", "|", "\t"]),
)
def test_an_ordinary_word_and_a_letter_in_a_row_is_no_name(word, letter, mark):
    text = f"label{mark}{word} {letter}{mark}€ 120{mark}akkoord\n"
    assert not names(text), (text, names(text))


@SETTINGS
@given(surname=SURNAMES, first=FIRST_NAMES, mark=st.sampled_from([";", "|", "\t"]))
def test_surname_comma_first_name_in_a_row_is_a_name(surname, first, mark):
    text = f"Kind{mark}{surname}, {first}{mark}2019-12-11\n"
    assert kind_over(text, f"{surname}, {first}", "name"), text


@SETTINGS
@given(surname=SURNAMES, letters=st.lists(st.sampled_from("ABDHJKMW"), min_size=1, max_size=3))
def test_a_register_in_capitals_names_the_surname_before_its_initials(surname, letters):
    initials = "".join(f"{c}." for c in letters)
    text = f"KLANT: {surname.upper()}, {initials}   GEB: 14-08-1959   STATUS: ACTIEF"
    assert kind_over(text, surname.upper(), "name"), text


@SETTINGS
@given(
    surname=SURNAMES,
    letters=st.lists(st.sampled_from("ABDHJKMW"), min_size=1, max_size=3),
    particle=st.sampled_from(["", "DE ", "VAN ", "VAN DER "]),
)
def test_initials_before_a_surname_in_capitals_are_a_name(surname, letters, particle):
    initials = "".join(f"{c}." for c in letters)
    text = f"BETREFT DHR {initials} {particle}{surname.upper()} WONEND TE HOOGEVEEN"
    assert kind_over(text, surname.upper(), "name"), text


@SETTINGS
@given(abbreviation=st.sampled_from(["N.B.", "P.S.", "A.U.B.", "I.V.M."]), word=WORDS)
def test_an_abbreviation_before_a_word_in_capitals_is_no_name(abbreviation, word):
    text = f"{abbreviation} {word.upper()} NIET VERGETEN"
    assert not names(text), (text, names(text))


@SETTINGS
@given(surname=WORD_SURNAMES, letters=st.lists(st.sampled_from("ABDHJKMW"), min_size=2, max_size=3))
def test_several_initials_make_a_word_surname_a_name(surname, letters):
    initials = "".join(f"{c}." for c in letters)
    text = f"Klantgegevens: {initials} {surname}, voorschot te hoog."
    assert kind_over(text, surname, "name"), text


# Families and relations


@SETTINGS
@given(name=UNLISTED_FIRST, relative=RELATIVES, possessive=st.sampled_from(["", "zijn ", "haar "]))
def test_a_name_with_its_relation_in_brackets_is_a_name(name, relative, possessive):
    text = f"Aanwezig bij het gesprek: {name} ({possessive}{relative}) en de klant zelf."
    assert kind_over(text, name, "name"), text


@SETTINGS
@given(name=UNLISTED_FIRST, relative=RELATIVES)
def test_a_relation_with_the_name_in_brackets_is_a_name(name, relative):
    text = f"Zijn {relative} ({name}) komt ook mee naar het gesprek."
    assert kind_over(text, name, "name"), text


@SETTINGS
@given(children=st.lists(UNLISTED_FIRST, min_size=2, max_size=4, unique=True))
def test_every_name_a_family_word_lists_is_a_name(children):
    listed = ", ".join(children[:-1]) + " en " + children[-1]
    text = f"Het gezin heeft drie jaar in Aleppo gewoond; kinderen {listed}. Alle drie op school."
    found = names(text)
    for child in children:
        assert any(child in n for n in found), (text, found)


@SETTINGS
@given(word=WORDS, relative=RELATIVES)
def test_an_ordinary_word_in_brackets_after_a_relation_is_no_name(word, relative):
    text = f"De {relative} ({word}) komt later."
    assert word not in " ".join(names(text)), (text, names(text))


@SETTINGS
@given(surname=UNLISTED, particle=st.sampled_from(["Ten", "Ter", "Van", "Van der", "Op den"]))
def test_a_particle_that_opens_a_sentence_with_a_verb_after_the_surname_is_a_name(
    surname, particle
):
    text = f"Gisteren gesproken. {particle} {surname} heeft zijn boete betaald."
    assert kind_over(text, surname, "name"), text


@SETTINGS
@given(
    surname=SURNAMES,
    verb=st.sampled_from(["heeft", "had", "wil", "kan", "is"]),
)
def test_a_listed_surname_opening_a_sentence_with_a_verb_is_a_name(surname, verb):
    if surname.lower() in TRADES and verb == "is":
        verb = "heeft"  # "Bakker is een mooi vak": a trade (test_casus_styles)
    text = f"{surname} {verb} gisteren de stukken gebracht."
    assert kind_over(text, surname, "name"), text


@SETTINGS
@given(surname=UNLISTED)
def test_a_name_found_once_is_found_where_it_comes_back(surname):
    text = f"Vanmorgen mevrouw {surname} gesproken.\n\n{surname} en ik hebben een plan gemaakt."
    assert len([n for n in names(text) if n == surname]) == 2, (text, names(text))


@SETTINGS
@given(surname=SURNAMES, title=st.sampled_from(["mevrouw", "meneer", "mw.", "dhr."]))
def test_a_lower_case_surname_after_a_title_is_a_name_in_a_text_with_capitals(surname, title):
    text = f"Dictee: klant {title} {surname.lower()} komma geboren in Utrecht punt"
    assert kind_over(text, surname.lower(), "name"), text


@SETTINGS
@given(surname=SURNAMES, place=st.sampled_from(["Eenrum", "Warffum", "Usquert", "Baflo"]))
def test_a_surname_heading_a_list_item_with_a_comma_is_a_name(surname, place):
    text = f"Signalen deze week:\n- {surname}, {place} — energie, € 640\n- nog één open\n"
    assert kind_over(text, surname, "name"), text


@SETTINGS
@given(surname=UNLISTED, letter=st.sampled_from("BHJKMP"))
def test_an_abbreviated_particle_is_part_of_the_name(surname, letter):
    text = f"Brief ging naar {letter}. v.d. {surname}, geen reactie."
    assert kind_over(text, surname, "name"), text


@SETTINGS
@given(surname=UNLISTED, word=st.sampled_from(["Gezin", "gezin"]))
def test_gezin_before_a_surname_is_a_title(surname, word):
    text = f"Overleg over {word} {surname}: twee kinderen, schulden."
    assert kind_over(text, surname, "name"), text


@SETTINGS
@given(name=UNLISTED, verb=st.sampled_from(["noemt hem", "noemen haar", "noemde hem"]))
def test_a_nickname_after_noemt_hem_is_a_name(name, verb):
    text = f"Iedereen {verb} {name}, zegt de buurvrouw."
    assert kind_over(text, name, "name"), text


# No client


@SETTINGS
@given(
    role=st.sampled_from(["wethouder", "burgemeester", "minister", "staatssecretaris"]),
    first=FIRST_NAMES,
    particle=st.sampled_from(["", "de ", "van "]),
    surname=SURNAMES,
)
def test_an_office_holder_with_a_first_name_is_no_client(role, first, particle, surname):
    text = f"Onze {role}, {first} {particle}{surname}, zei in de krant dat het beter moet."
    assert not names(text), (text, names(text))


@SETTINGS
@given(
    word=st.sampled_from(["commissie", "kabinet", "wet", "motie", "rapport"]),
    particle=st.sampled_from(["", "Van ", "De "]),
    surname=SURNAMES,
)
def test_a_name_glued_to_a_word_by_a_hyphen_is_no_client(word, particle, surname):
    text = f"Sinds de {word}-{particle}{surname} is er veel veranderd."
    assert not names(text), (text, names(text))


@SETTINGS
@given(a=SURNAMES, b=SURNAMES)
def test_a_surname_as_a_type_after_een_is_no_client(a, b):
    text = f"Iedereen kent wel een {a} of een {b}, maar daar gaat het niet om."
    assert not names(text), (text, names(text))


@SETTINGS
@given(
    first=FIRST_NAMES,
    particle=st.sampled_from(["", "de ", "van "]),
    surname=UNLISTED,
    suffix=st.sampled_from(["laan", "straat", "weg", "plein", "singel", "kade"]),
)
def test_a_street_named_after_a_person_is_no_name(first, particle, surname, suffix):
    text = f"Het inloophuis op de {first} {particle}{surname}{suffix} sluit per 1 april."
    assert not names(text), (text, names(text))


@SETTINGS
@given(
    business=st.sampled_from(["melkveehouderij", "bakkerij", "firma", "garage", "kapsalon"]),
    surname=SURNAMES,
)
def test_a_business_named_after_its_owner_is_no_client(business, surname):
    text = f"Hij werkte tot vorig jaar bij {business} {surname}. Nu WW op."
    assert not names(text), (text, names(text))


@SETTINGS
@given(first=FIRST_NAMES, surname=SURNAMES, kind=st.sampled_from(["Klusbedrijf", "Schilderwerken"]))
def test_a_signature_name_is_not_spread_onto_the_firm_after_it(first, surname, kind):
    text = f"Met vriendelijke groet,\n{first} {surname}\n{surname} {kind}\nKvK: 23003814\n"
    found = scan(text)
    firm_start = text.index(f"\n{surname} {kind}") + 1
    assert not [f for f in found if f.kind == "name" and f.start == firm_start], (text, found)


def test_a_title_after_client_is_no_name_of_its_own():
    found = names("Please note client Mr. Dimitrov has moved.")
    assert found == ["Dimitrov"]


@SETTINGS
@given(
    surname=SURNAMES,
    label=st.sampled_from(["Naam", "NAAM", "Geslachtsnaam", "GESLACHTSNAAM", "Achternaam"]),
    particle=st.sampled_from(["", "EL ", "VAN DER ", "DE "]),
)
def test_a_name_in_capitals_alone_on_a_labelled_line_is_a_name(surname, label, particle):
    line = f"{label} {particle}{surname.upper()}"
    text = f"[kopie ID-kaart, OCR]\nNEDERLAND\n{line}\nGeb.datum onleesbaar"
    assert kind_over(text, surname.upper(), "name"), text


@SETTINGS
@given(
    label=st.sampled_from(["Naam", "NAAM"]),
    columns=st.lists(
        st.sampled_from(["BSN", "ADRES", "POSTCODE", "WOONPLAATS", "STATUS", "UWV", "SVB"]),
        min_size=1,
        max_size=3,
    ),
)
def test_column_names_after_naam_in_a_header_row_are_no_name(label, columns):
    text = f"Export:\n{label} {' '.join(columns)}\nrij 1 volgt"
    assert not names(text), (text, names(text))
