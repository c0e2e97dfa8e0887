"""Rules tuned on the tuning half of casus_2026b (decision 0025): notes without capitals,
streets that are ordinary words, office holders, spelled-out e-mail, "is van" a birth date."""

from __future__ import annotations

import pytest

from tests.privacy.helpers import findings as kinds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De klant woont op de Brink 7 boven een café.", ("postcode_address", "Brink 7")),
        ("Hij verhuist van Laan 1 naar een kamer.", ("postcode_address", "Laan 1")),
        ("Een garagebox aan de Vaart 31, daar slaapt hij.", ("postcode_address", "Vaart 31")),
        ("klant woont dijk 12, stacaravan.", ("postcode_address", "dijk 12")),
        ("Adres van de klant: Bolwerk 22-II. Zelfstandig?", ("postcode_address", "Bolwerk 22-II")),
        ("zit nu op weide 18, anti-kraak", ("postcode_address", "weide 18")),
    ],
)
def test_a_street_that_is_an_ordinary_word_is_an_address_where_someone_lives(text, expected):
    assert expected in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Op de markt staan 14 kramen van ondernemers.",
        "Op de Markt 14 kramen met Bbz-ondernemers.",
        "Sinds Week 14 werkt hij twintig uur.",
        "Zie artikel 12 lid 3 en de uitleg op Pagina 4.",
        "Zijn zoon gaat naar Groep 8.",
    ],
)
def test_a_counted_word_or_a_section_is_no_address(text):
    assert not [kind for kind, _ in kinds(text) if kind == "postcode_address"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("klant belde 9.15, mevr de vries, wil bijzondere bijstand", "de vries"),
        ("terugbelverzoek mw bakker ivm inkomstenopgave", "bakker"),
        ("klant molenaar woont naast de molen", "molenaar"),
        ("gesprek met fatma en haar moeder, tolk regelen?", "fatma"),
        ("Mail van de school: mentor klas 2, mevr. Bos.", "Bos"),
    ],
)
def test_names_in_hurried_notes_and_after_a_title(text, name):
    assert ("name", name) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "mevrouw belde boos, meneer is ziek. wat nu?",
        "de bakker op de hoek wil de klant een proefplaats geven",
        "klant heeft 12 jan 2024 gebeld over de terugvordering",
    ],
)
def test_a_note_without_capitals_names_no_one_by_chance(text):
    assert not [kind for kind, _ in kinds(text) if kind == "name"]


@pytest.mark.parametrize(
    "text",
    [
        "Wethouder Mulder heeft in de raad beloofd dat de regeling ruimer wordt.",
        "Onze burgemeester Van der Laan wil opvang voor daklozen.",
        "Staatssecretaris Nijhof schreef een Kamerbrief.",
    ],
)
def test_office_holders_named_for_their_public_role_are_no_name_finding(text):
    assert not [kind for kind, _ in kinds(text) if kind == "name"]


def test_the_lawyer_in_a_clients_case_is_a_name_finding():
    assert ("name", "Visser") in kinds("De bewindvoerder, mr. Visser, wil het leefgeld wekelijks.")


def test_an_address_spelled_out_in_dutch_words_is_an_email():
    text = "zijn mail: jeroen punt bakker apenstaartje gmail punt com. mag dat?"
    assert ("email", "jeroen punt bakker apenstaartje gmail punt com") in kinds(text)


def test_a_person_who_is_of_a_full_date_was_born_then_but_a_law_is_not():
    assert ("birthdate", "12 jan. 1990") in kinds("De klant is van 12 jan. 1990 en wil studeren.")
    assert not [k for k, _ in kinds("De wet is van 12 mei 2015.") if k == "birthdate"]


def test_ages_after_a_lower_case_name_or_a_bare_title():
    assert ("age_exact", "44") in kinds("mw ouali (44) wil parttime werken")
    assert ("age_exact", "71") in kinds("Mevrouw van 71 heeft een onvolledige AOW.")


# The misses named in the closing note of casus_2026b's test half (#17), written anew here
# from their description; the texts are not the corpus's.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De woning Hoogte 3 is te klein voor het gezin.", ("postcode_address", "Hoogte 3")),
        (
            "Het appartement Zuidzijde 14 is van een woningcorporatie.",
            ("postcode_address", "Zuidzijde 14"),
        ),
        ("nieuw adres 2514gl 12a, sleutel bij de buurvrouw", ("postcode_address", "2514gl 12a")),
        ("verhuisd naar 6211lk 3 sinds maart", ("postcode_address", "6211lk 3")),
        ("Klantnummer K-778 012 staat op de brief.", ("client_number", "K-778 012")),
        ("dossiernummer 12 345 678 bij het UWV", ("client_number", "12 345 678")),
        ("Bakker belde vanochtend over de toeslag.", ("name", "Bakker")),
        ("Jansen zegt dat hij de brief nooit kreeg.", ("name", "Jansen")),
    ],
)
def test_streets_without_preposition_lower_case_postcodes_spaced_numbers_and_opening_surnames(
    text, expected
):
    assert expected in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "De woning Type 3 is duurder dan Type 2.",
        "Het appartement Blok 3 komt vrij in mei.",
        "Hij neemt 2000mg 2 keer per dag.",
        "Het pand had 3 verdiepingen en een kelder.",
        "Bakker is een mooi vak, zegt hij.",
        "De rekening van 1500 euro 2 keer betaald.",
    ],
)
def test_a_building_part_a_dose_or_a_trade_is_no_personal_data(text):
    assert kinds(text) == []


def test_where_an_office_sits_is_no_home_address_but_where_a_client_sits_is():
    assert kinds("Ons team zit op Plein 1, naast het gemeentehuis.") == []
    assert kinds("We zitten aan de Markt 3, kom gerust langs.") == []
    assert ("postcode_address", "Brink 7") in kinds("De klant zit nu op de Brink 7, anti-kraak.")


def test_a_two_letter_first_name_after_klant_in_a_hurried_note():
    assert ("name", "mo") in kinds("klant mo heeft een boete van het cjib")
    assert kinds("klant is boos over de terugvordering") == []
