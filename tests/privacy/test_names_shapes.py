"""Names of general shapes: a child's diminutive + a capitalised word, a title + initials only."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kenme.privacy import scan

SETTINGS = settings(max_examples=100, deadline=None)
WORDLIKE_NAMES = st.sampled_from(["Wolf", "Storm", "Sky", "Bo", "Puck", "Zon", "Beer", "Vos"])
DIMINUTIVES = st.sampled_from(["zoontje", "dochtertje", "kindje", "broertje", "zusje"])


@SETTINGS
@given(diminutive=DIMINUTIVES, name=WORDLIKE_NAMES)
def test_a_capitalised_word_after_a_childs_diminutive_is_a_name(diminutive, name):
    text = f"Zij en haar {diminutive} {name} slapen nu bij een vriendin."
    assert name in [f.text for f in scan(text) if f.kind == "name"], text


@SETTINGS
@given(
    title=st.sampled_from(["dhr.", "mw.", "mevr.", "meneer", "mevrouw", "de heer"]),
    initials=st.lists(st.sampled_from("ABDEHJKLMPRSTW"), min_size=2, max_size=3),
)
def test_a_title_with_initials_and_no_surname_is_a_name(title, initials):
    written = "".join(f"{c}." for c in initials)
    text = f"Voor {title} {written} (initialen) is een bewindvoerder aangesteld."
    assert written in [f.text for f in scan(text) if f.kind == "name"], text


def test_a_title_with_initials_and_a_surname_is_one_name():
    found = [f.text for f in scan("Mw. A.B. de Vries belde over de brief.") if f.kind == "name"]
    assert found == ["A.B. de Vries"]


SCHOOL_NAMES = st.sampled_from(["De Klimop", "'t Kompas", "De Regenboog", "Het Palet"])


@SETTINGS
@given(kind=st.sampled_from(["OBS", "CBS", "IKC", "SBO", "PCBS"]), name=SCHOOL_NAMES)
def test_a_school_named_with_its_abbreviation_is_an_organisation_not_a_person(kind, name):
    text = f"Hij zit nog steeds op {kind} {name} in groep 6."
    found = scan(text)
    assert f"{kind} {name}" in [f.text for f in found if f.kind == "organisation"], text
    assert not [f for f in found if f.kind == "name"], text


@SETTINGS
@given(
    surname=st.sampled_from(["Vos", "Bakker", "De Boer", "Visser"]),
    kind=st.sampled_from(["Bewind", "Bewindvoering", "Budgetbeheer", "Administratie"]),
)
def test_a_surname_with_a_kind_of_firm_after_it_is_an_organisation(surname, kind):
    text = f"Met vriendelijke groet,\n\nmr. Linda Pieters\n{surname} {kind} & Budget\n"
    assert any(
        f.kind == "organisation" and f.text.startswith(f"{surname} {kind}") for f in scan(text)
    ), text
