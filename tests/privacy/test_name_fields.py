"""Names that their place gives away (decision 0046): form fields, column tables, other scripts,
initials standing for a person, household lists; and the ordinary values in the same places."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenme.privacy import lexicon
from tests.privacy.helpers import kind_over, kinds_over

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Unlisted surnames too: the place, not a word list, makes them names.
SURNAMES = st.from_regex(r"[A-Z][a-z]{3,9}(?:ink|ema|ouch|ahi|ski|ić|ens)", fullmatch=True)
INITIALS = st.lists(st.sampled_from("ABCDEGHJKLMNPRSTW"), min_size=1, max_size=3).map(
    lambda letters: "".join(f"{c}." for c in letters)
)
# One-word first names ("Jan-Hein" is two names to the capitalised-word rule).
FIRST_NAMES = st.sampled_from(
    sorted(
        name
        for name in lexicon.first_names() - lexicon.ambiguous_first_names()
        if name.isalpha() and name.isascii()
    )
)


@SETTINGS
@given(
    surname=SURNAMES,
    initials=INITIALS,
    form=st.sampled_from(
        [
            "NAAM      : {S}, {I}\nGEB.DATUM : onbekend",
            '{{"klant": {{"naam": "{s}", "voorletters": "{I}"}}}}',
            "Surname: {S} Voornamen: {s}",
            "naam={s}&wijk=Noord",
            "NAAM  {S}  VL {I}",
        ]
    ),
)
def test_the_value_of_a_name_field_is_a_name(surname, initials, form):
    text = form.format(S=surname.upper(), s=surname, I=initials)
    piece = surname.upper() if "{S}" in form else surname
    assert kind_over(text, piece, "name"), text


@SETTINGS
@given(
    value=st.sampled_from(["de klant", "onbekend", "zie bijlage", "het gezin", "nvt"]),
    label=st.sampled_from(["Naam", "naam", "Achternaam"]),
)
def test_an_ordinary_value_in_a_name_field_is_no_name(value, label):
    text = f"{label}: {value}"
    assert "name" not in kinds_over(text, value), text


@SETTINGS
@given(
    surname=SURNAMES,
    initials=INITIALS,
    header=st.sampled_from(["naam", "Naam", "T.N.V.", "klant"]),
    gap=st.sampled_from(["\t", "   ", "\t\t"]),
    cell=st.sampled_from(["{S}, {I}", "{I} {U}", "{U} {i}"]),
)
def test_a_name_column_of_a_pasted_range_or_screen_holds_names(
    surname, initials, header, gap, cell
):
    value = cell.format(S=surname, I=initials, U=surname.upper(), i=initials[0])
    text = (
        f"geplakt uit excel:\nbsn{gap}{header}{gap}wijk\n"
        f"123456782{gap}{value}{gap}Noord\nklopt dit?"
    )
    assert kind_over(text, value, "name"), text


@SETTINGS
@given(gap=st.sampled_from(["\t", "   "]), norm=st.integers(500, 2000))
def test_a_column_table_without_a_name_header_names_no_one(gap, norm):
    text = f"Normen 2026:\nSOORT{gap}BEDRAG\nALLEENSTAAND{gap}{norm}\nGEHUWD{gap}{norm + 300}"
    assert "name" not in kinds_over(text, "ALLEENSTAAND"), text


@SETTINGS
@given(
    name=st.sampled_from(
        ["Олена Коваленко", "محمد الحسن", "Γιώργος Παπαδόπουλος", "王小明", "דוד כהן"]
    ),
    lead=st.sampled_from(["In haar paspoort staat ", "Op het formulier: ", "Klant schrijft "]),
)
def test_a_name_in_another_script_is_a_name(name, lead):
    text = f"{lead}{name}, klopt dat met de BRP?"
    assert kind_over(text, name, "name"), text


@SETTINGS
@given(word=st.sampled_from(["مرحبا", "Привет", "谢"]))
def test_a_lone_word_in_another_script_is_no_name(word):
    text = f'WhatsApp van de tolk: "{word}, de klant komt morgen."'
    assert "name" not in kinds_over(text, word), text


@SETTINGS
@given(a=INITIALS.filter(lambda i: len(i) >= 4), b=INITIALS.filter(lambda i: len(i) >= 4))
def test_initials_standing_for_people_are_names(a, b):
    text = f"Wie kent dit: {a} en {b} (19) wonen samen in een studio."
    assert kind_over(text, a, "name") and kind_over(text, b, "name"), text


@SETTINGS
@given(
    known=FIRST_NAMES,
    others=st.lists(SURNAMES, min_size=1, max_size=3, unique=True),
    ages=st.lists(st.integers(1, 17), min_size=4, max_size=4),
)
def test_every_name_of_a_household_list_is_a_name_once_one_is_known(known, others, ages):
    names = [known.title(), *others]
    items = [f"{name} ({age})" for name, age in zip(names, ages, strict=False)]
    text = f"Mevrouw heeft kinderen: {', '.join(items[:-1])} en {items[-1]}. Klopt de toeslag?"
    for name in names:
        assert kind_over(text, name, "name"), text
