"""Rules tuned on the tuning half of casus_2026c (decision 0025): client numbers in lists and
tables, names at the start of a line, ages after a comma, birth dates with "geboren" after."""

from __future__ import annotations

import pytest

from tests.privacy.helpers import findings as kinds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nog doen:\n- RB-44120 – inkomen checken\n- verder niks", "RB-44120"),
        ("* ZK-731002 wacht op stukken", "ZK-731002"),
        ("Signaal over K0204417, wie pakt het op?", "K0204417"),
        ("| Dossiernr | Status |\n|---|---|\n| 5541203 | open |", "5541203"),
        ("| Datum | Klantnummer |\n| --- | --- |\n| 3 mei | 2023-88411 |", "2023-88411"),
    ],
)
def test_a_client_code_in_a_list_or_table_is_found(text, expected):
    assert ("client_number", expected) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Zie ECLI:NL:CRVB:2019:1234 en artikel 18 Pw.",
        "De WW-2024 regeling en de AOW 2025.",
        "| Datum | Aantal |\n|---|---|\n| 3 mei | 123456 |",
        "Het paspoort XR1234567 is verlopen.",
    ],
)
def test_codes_that_are_no_client_number_are_not_flagged_as_one(text):
    assert "client_number" not in [kind for kind, _ in kinds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postcode 6821ha nr 4, kamer boven de winkel", ("postcode_address", "6821ha nr 4")),
        ("woont 2312ha nummer 9 bij zijn moeder", ("postcode_address", "2312ha nummer 9")),
        ("klant is 3 maart 1971 geboren, de brp zegt 1972", ("birthdate", "3 maart 1971")),
        ("Ze was 14-02-1988 geboren volgens het paspoort.", ("birthdate", "14-02-1988")),
    ],
)
def test_a_postcode_with_ha_and_a_birth_date_before_geboren_are_found(text, expected):
    assert expected in kinds(text)


def test_a_rule_about_birth_years_stays_no_birth_date():
    assert "birthdate" not in [kind for kind, _ in kinds("Wie na 31 december 1960 geboren is")]


def test_hectares_without_a_house_number_word_are_no_postcode():
    assert kinds("Het bedrijf heeft 3000ha 12 jaar lang gepacht.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Ons loket zit op Raadhuisplein 2, maar de meeste klanten komen naar de wijk.",
        "Het Wmo-loket is verhuisd naar de Stationsweg 8. Zijn de tijden ook anders?",
        "Ons team zit aan de Kerkstraat 40, tweede verdieping.",
    ],
)
def test_where_an_office_sits_is_no_address_of_a_client(text):
    assert "postcode_address" not in [kind for kind, _ in kinds(text)]


def test_a_client_who_moved_to_a_street_is_still_found():
    assert ("postcode_address", "Kerkstraat 5") in kinds("De klant is verhuisd naar Kerkstraat 5.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vandaag:\n- Kuipers terugbellen\n- verslag afmaken", "Kuipers"),
        ("Bakker en haar man zijn gescheiden maar wonen samen.", "Bakker"),
        ("* rapportage Tran afmaken", "Tran"),
        ("de graaf wil een nieuwe regeling. kan dat?", "de graaf"),
        ("van dam belde gisteren, weer niks ontvangen", "van dam"),
        ("gesprek met mw de vries-el idrissi over haar huur", "de vries-el idrissi"),
        ("gesprek met mw bakker-el amrani gehad", "bakker-el amrani"),
        (
            'sms van de verhuurder: "Betalen voor vrijdag. R. Hoekstraa 06 1234 5678"',
            "R. Hoekstraa",
        ),
    ],
)
def test_a_name_that_opens_a_list_line_or_a_note_is_found(text, expected):
    assert ("name", expected) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "de bakker wil hem wel aannemen, maar pas in maart.",
        "de klant wil meer leefgeld.",
        "Bellen mag altijd. Mailen ook.",
    ],
)
def test_a_trade_or_a_role_that_opens_a_note_is_no_name(text):
    assert "name" not in [kind for kind, _ in kinds(text)]


def test_ages_in_a_household_list_are_found():
    text = "huishouden:\n- vader Karim, 51\n- moeder nora, 47\n- 2 kinderen onder de 12"
    ages = [value for kind, value in kinds(text) if kind == "age_exact"]
    assert ages == ["51", "47"]


@pytest.mark.parametrize(
    "text", ["de klant heeft schulden, 12\nwat nu?", "- moeder met kinderen, 3\n- vader weg"]
)
def test_a_count_after_a_comma_is_no_age(text):
    assert "age_exact" not in [kind for kind, _ in kinds(text)]


def test_an_e_mail_address_with_a_doubled_at_is_found():
    assert ("email", "piet.v@@gmail.com") in kinds("mail: piet.v@@gmail.com (typfout?)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hij werkt zwart bij garage de brug in veldhoven. melden?", "garage de brug"),
        ("schulden lopen via kredietbank noordwest, dus wachten", "kredietbank noordwest"),
        ("werk gevonden bij kwekerij van vliet in maasland!", "kwekerij van vliet"),
        ("stage bij autobedrijf hendriks. met behoud van uitkering?", "autobedrijf hendriks"),
        ("De voogd (Jeugdzorg, Karel Doorman Stichting) belde.", "Karel Doorman Stichting"),
        ('"Met groet, A. Smit, Bewindvoering Smit & Zn"', "Bewindvoering Smit & Zn"),
    ],
)
def test_a_named_small_employer_is_an_organisation(text, expected):
    assert ("organisation", expected) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "hij zit bij de garage de hele dag",
        "komt van school thuis.",
        "ze werkt bij supermarkt om de hoek.",
        "hulp via stichting, want de huur is hoog",
    ],
)
def test_a_kind_of_business_without_a_name_is_no_organisation(text):
    assert "organisation" not in [kind for kind, _ in kinds(text)]


@pytest.mark.parametrize(
    "text",
    [
        "| Datum | Wat |\n|---|---|\n| 4 mrt | werkoverleg |\n| 11 mrt | training schuldhulp |",
        "De intervisie is verplaatst naar dinsdag 8 december. Kan iedereen?",
    ],
)
def test_the_teams_own_diary_dates_are_no_personal_data(text):
    assert kinds(text) == []


def test_a_training_the_client_follows_keeps_its_date():
    text = "Klant had op 4 maart een gesprek, op 11 maart een training bij UWV."
    assert [kind for kind, _ in kinds(text)] == ["date", "date"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De klant woont aan de Laan van Ouderkerk 3.", "Laan van Ouderkerk 3"),
        ("Hij woont Weg naar de Kolk 12a, achterhuis.", "Weg naar de Kolk 12a"),
    ],
)
def test_a_street_of_several_words_with_a_number_is_an_address(text, expected):
    assert ("postcode_address", expected) in kinds(text)


def test_an_office_on_a_street_named_after_a_village_is_nothing():
    assert kinds("Het Wmo-loket is verhuisd naar Laan van Vollenhove 3. Weet iemand meer?") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("paspoortnr. NXR4L21P7 verloopt in mei", ("document_number", "NXR4L21P7")),
        ("klnr 1234567 wacht op stukken", ("client_number", "1234567")),
        ("kl.nr. 2204431 graag terugbellen", ("client_number", "2204431")),
        ("Uw referentie 88431209 staat op de brief.", ("client_number", "88431209")),
        ("dossier: 2024/0815, wie heeft het?", ("client_number", "2024/0815")),
        ("adres 1012AB12, derde etage", ("postcode_address", "1012AB12")),
    ],
)
def test_short_forms_of_a_number_label_and_a_joined_house_number_are_found(text, expected):
    assert expected in kinds(text)


def test_a_long_number_joined_to_a_postcode_is_no_address():
    assert "postcode_address" not in [kind for kind, _ in kinds("code 1012AB123456 is fout")]


@pytest.mark.parametrize(
    "text", ["mail: j.jansen@\ngmail.com", "mail: j.jansen\n@gmail.com of bel"]
)
def test_an_e_mail_address_split_over_a_line_break_is_found(text):
    assert [kind for kind, _ in kinds(text)] == ["email"]


def test_names_in_a_table_column_headed_klant_are_found():
    text = (
        "| Klant | Probleem |\n|---|---|\n| Jansen | huur |\n| de Boer | schulden |\n| Nieuw | x |"
    )
    assert [value for kind, value in kinds(text) if kind == "name"] == ["Jansen", "de Boer"]


def test_a_surname_heading_a_list_item_is_found_but_a_topic_is_not():
    text = "- Öztürk: huisbezoek\n- Planning: vrijdag\n- Bakker – bellen"
    assert [value for kind, value in kinds(text) if kind == "name"] == ["Öztürk", "Bakker"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Hamid en Leila hebben schulden.", "Leila"), ("dhr el khatib belt morgen", "el khatib")],
)
def test_names_the_lists_lacked_are_found(text, expected):
    assert ("name", expected) in kinds(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("leeftijd klant: 45, woont alleen", "45"),
        ("gezin:\n- moeder: 39 jaar\n- vader onbekend", "39"),
        ("klant 45 jr oud, wil werken", "45 jr oud"),
    ],
)
def test_an_age_after_a_label_or_with_jr_is_found(text, expected):
    assert ("age_exact", expected) in kinds(text)


def test_an_age_limit_after_a_label_is_no_age():
    assert kinds("Leeftijdsgrens: 27 jaar, daarna gewone bijstand.") == []


# Tuning-half leftovers of casus_2026c and casus_2026b (#17), each with made-up examples.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hij heeft werk gevonden bij een kwekerij in de lier", ("place", "de lier")),
        ("Ze woont sinds mei in De Lier.", ("place", "De Lier")),
        ("ze komt uit de koog en zoekt werk", ("place", "de koog")),
    ],
)
def test_a_village_whose_name_starts_with_de_is_found(text, expected):
    assert expected in kinds(text)


@pytest.mark.parametrize(
    "text", ["De wijk is onrustig sinds de zomer.", "hij woont in de wijk achter het station"]
)
def test_an_article_and_an_ordinary_noun_are_no_village(text):
    assert "place" not in [kind for kind, _ in kinds(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Bij vonnis van 3 maart 2026 is de schuldsanering van uw cliënt toegepast.",
        "In het vonnis van 12 mei 2025 kreeg mijn klant gelijk over de terugvordering.",
        "De rechtbank deed op 3 maart 2026 uitspraak in de zaak van mevrouw Jansen.",
    ],
)
def test_a_ruling_in_the_clients_own_case_keeps_its_date(text):
    assert "date" in [kind for kind, _ in kinds(text)]


@pytest.mark.parametrize(
    "text",
    [
        "In de uitspraak van 12 maart 2019 oordeelde de CRvB dat een klant geen recht had.",
        "Volgens het arrest van 5 juni 2020 mag de gemeente de klant niet korten.",
        "Na de uitspraak van 3 maart 2026 is mevrouw erg opgelucht.",
    ],
)
def test_the_date_of_case_law_stays_no_personal_data(text):
    assert "date" not in [kind for kind, _ in kinds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zegt dat ze bij albert heijn in zwolle werkt", "albert heijn"),
        ("Ze werkt bij Albert Heijn als vakkenvuller.", "Albert Heijn"),
        ("mijn zoon heeft een bijbaan bij de jumbo", "jumbo"),
        ("hij werkt in de keuken bij Van der Valk", "Van der Valk"),
    ],
)
def test_a_chain_someone_works_for_is_an_organisation_not_a_name(text, expected):
    found = kinds(text)
    assert ("organisation", expected) in found
    assert "name" not in [kind for kind, _ in found]


@pytest.mark.parametrize(
    "text", ["ze doet haar boodschappen bij albert heijn", "Hij koopt zijn brood bij de Jumbo."]
)
def test_a_chain_where_someone_shops_is_nothing(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mevrouw Van der Valk belde over de toeslag.", "Van der Valk"),
        ("Dirk belde gisteren over zijn uitkering.", "Dirk"),
        ("mijn klant Albert Heijnen werkt in de bouw", "Albert Heijnen"),
    ],
)
def test_people_named_like_a_chain_stay_names(text, expected):
    assert ("name", expected) in kinds(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Groet, Karin Bos, Beschermingsbewind Noord", "Beschermingsbewind Noord"),
        ("De brief kwam van Bewindvoering West.", "Bewindvoering West"),
    ],
)
def test_a_bewind_office_named_after_a_region_is_an_organisation(text, expected):
    assert ("organisation", expected) in kinds(text)


def test_an_employer_the_writer_calls_big_is_no_organisation_or_name():
    assert kinds("Hij werkt bij de Visser Groep in de haven, een groot bedrijf.") == []
    assert kinds("Ze werkt bij Jansen Transport, een landelijke werkgever.") == []
    assert ("organisation", "Visser Groep") in kinds("Hij werkt bij de Visser Groep in de haven.")


@pytest.mark.parametrize(
    "text",
    [
        "Zie Aanplakker 12 voor de lijst met vragen.",
        "Ga naar Aanplakker 14 en lees de oogst.",
        "Hij volgt leerweg 2 op het vmbo.",
        "Op Groeipad 2 staat meer over de route.",
        "We zaten aan Tafel 3 bij de training.",
        "De bijeenkomst is op Locatie 2.",
    ],
)
def test_a_plain_word_and_a_number_are_no_address(text):
    assert "postcode_address" not in [kind for kind, _ in kinds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ze woont aan de Kerkakker 7 met haar zoon.", "Kerkakker 7"),
        ("woont op de Brink 7", "Brink 7"),
        ("hij woont aan de Molenpad 3", "Molenpad 3"),
    ],
)
def test_streets_like_those_words_are_still_addresses(text, expected):
    assert ("postcode_address", expected) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bekijk https://example.nl/?utm_id=Zvhl-Xtawp73Q_C810MX_2evxAM even.",
        "Uitleg: https://youtu.be/a8Kd_C810MX_x?t=3 (vanaf minuut 3).",
        "token=aB3dE5fG7hJ9-12BDT3-kL0mN2pQ",
    ],
)
def test_a_plate_spelled_inside_a_random_token_is_no_plate(text):
    assert "license_plate" not in [kind for kind, _ in kinds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("foto_van_de_auto_12ABC3_voorkant.jpg", "12ABC3"),
        ("zijn auto 12 ABC 3 staat voor de deur", "12 ABC 3"),
        ("kenteken_12BDT3_v2xyzfoto.png", "12BDT3"),
        ("https://x.nl/a/b/12-BDT-3", "12-BDT-3"),
    ],
)
def test_a_plate_in_prose_or_a_plain_path_still_counts(text, expected):
    assert ("license_plate", expected) in kinds(text)


# Tuned on casus_2026d's tuning half only (decision 0033); examples made up.


def test_a_list_bullet_joins_no_number_to_the_next_line():
    text = "Gegevens:\n- geb. datum: 1975-04-19\n- adres: Wilg 3, 8442 BT"
    assert ("birthdate", "1975-04-19") in kinds(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Huurder mevrouw A. Sijbesma, geboren d.d. 14-\n03-1979, wonende te Dokkum",
            "14-\n03-1979",
        ),
        ("Zij is geboren op d.d. 2-9-1991 in Sneek.", "2-9-1991"),
    ],
)
def test_a_birth_date_after_geboren_dd_is_found(text, expected):
    assert ("birthdate", expected) in kinds(text)


def test_a_letters_date_after_dd_stays_an_event_date():
    assert "birthdate" not in [kind for kind, _ in kinds("De brief d.d. 3-4-2024 kwam te laat.")]


@pytest.mark.parametrize(
    "text",
    [
        "Post kan naar Woonstichting Oost, Postbus 4021, 7500 GA Enschede.",
        "Het WIZ-loket zit nu aan de Stationsplein 5, 9726 AE Groningen.",
        "Aanmelden kan in het Buurthuis, Lindelaan 14, elke woensdag.",
        "Stuur het naar het Sociaal Domein, Markt 1, 9101 LN Dokkum.",
    ],
)
def test_an_office_or_public_place_or_a_postbus_is_no_home_address(text):
    assert "postcode_address" not in [kind for kind, _ in kinds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Klant woont aan de Lindelaan 14, 9726 AE Groningen.", "9726 AE"),
        ("Hij slaapt bij zijn broer, Lindelaan 14, 9726 AE Groningen.", "Lindelaan 14"),
        ("adres: 9101 ln 7-2 (boven de bakker)", "9101 ln 7-2"),
        ("Klant P. Hoekstra, Haadstrjitte 4, wil verhuizen.", "Haadstrjitte 4"),
        ("woont op de Tsjerkewei 12", "Tsjerkewei 12"),
    ],
)
def test_home_addresses_near_those_shapes_are_still_found(text, expected):
    assert ("postcode_address", expected) in kinds(text)


@pytest.mark.parametrize(
    "text", ["in 2024 is 12 procent meer", "adres 2024 is 12", "Het gewei 3 keer"]
)
def test_a_year_and_a_word_are_no_lower_case_postcode(text):
    assert "postcode_address" not in [kind for kind, _ in kinds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CJIB betalingskenmerk 2000 1234 5678 9012 staat op de acceptgiro", "2000 1234 5678 9012"),
        ("de aanmelding WSH-25-00417 wacht nog", "WSH-25-00417"),
        ("uw besluit, kenmerk BB-2026-11872, is onjuist", "BB-2026-11872"),
        ("klantnummers 20031145 en 20031146 zijn dubbel", "20031146"),
        ("klantnr. 4410022, 4410023 of 4410024", "4410024"),
    ],
)
def test_client_numbers_named_as_kenmerk_aanmelding_or_in_a_list_are_found(text, expected):
    assert ("client_number", expected) in kinds(text)


def test_a_residence_permit_number_after_nr_is_a_document_number():
    found = kinds("Bijlagen:\n- verblijfsvergunning nr. Y30218457\n- huurcontract")
    assert ("document_number", "Y30218457") in found
    assert "client_number" not in [kind for kind, _ in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dhr de jong 61 jr wil stoppen met solliciteren", "61 jr"),
        ("mw. van der Meer-Kok (81) wil een traplift", "81"),
        ("Mw. Ramdin (Paramaribo, 52 jr) heeft schulden", "52 jr"),
        ("broer van klant, Daan Visser, 19, zoekt werk", "19"),
        ("Twee aanvragers: dhr. Hoekstra (58j) en zijn vrouw", "58"),
    ],
)
def test_ages_after_a_name_are_found(text, expected):
    assert ("age_exact", expected) in kinds(text)


@pytest.mark.parametrize(
    "text", ["Meneer Jansen 12 jaar geleden", "Den Haag, 3, 4 en 5 zijn de routes"]
)
def test_a_duration_or_a_place_with_numbers_is_no_age(text):
    assert "age_exact" not in [kind for kind, _ in kinds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("| cliënt | wijk |\n|---|---|\n| T. Akkerboom | Noord |", "T. Akkerboom"),
        ("Smit belde. De Boer, de buurvrouw, bevestigt het verhaal.", "De Boer"),
        ("Roos en haar dochtertje slapen bij een vriendin.", "Roos"),
        ('Brief: "Ik ga niet akkoord met de terugvordering. H. Akkerboom"', "H. Akkerboom"),
    ],
)
def test_names_in_a_table_an_apposition_or_a_signature_are_found(text, expected):
    assert ("name", expected) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "De Nationale ombudsman, Reinier van Zutphen, schreef een rapport.",
        "Groen, het nieuwe beleid, werkt goed.",
        "Zie A. Situatie",
    ],
)
def test_a_public_role_or_an_ordinary_word_is_no_name(text):
    assert "name" not in [kind for kind, _ in kinds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("klant komt uit Hurdegaryp", "Hurdegaryp"), ("Zij woont in Eys.", "Eys")],
)
def test_small_frisian_and_limburg_villages_are_places(text, expected):
    assert ("place", expected) in kinds(text)


def test_the_date_of_a_letter_to_parliament_is_no_personal_data():
    assert kinds("De Kamerbrief van 12 november gaat over de kostendelersnorm.") == []
