"""Thesaurus: reading the reference file and expanding query words into equal names."""

from __future__ import annotations

import pytest

from kenme.search.analysis import analyse, index_terms
from kenme.search.thesaurus import (
    DOMAIN_PATH,
    EVERYDAY_PATH,
    FIELD_PATH,
    PRACTICE_PATH,
    REFERENCE_PATH,
    SynonymGroup,
    Thesaurus,
    load_reference,
    parse_row,
    reference_thesaurus,
    split_terms,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("kdn, KDN, kostendeler(s)", ["kdn", "KDN", "kostendeler", "kostendelers"]),
        ("WIA (WGA, IVA)", ["WGA", "IVA", "WIA"]),
        ("AVG ↔ GDPR", ["AVG", "GDPR"]),
        (
            '"AOW-leeftijd" ↔ pensioengerechtigde leeftijd',
            ["AOW-leeftijd", "pensioengerechtigde leeftijd"],
        ),
        ("BB, bijz. bijstand", ["BB", "bijz. bijstand"]),
        ("  ", []),
    ],
)
def test_split_terms(cell, expected):
    assert split_terms(cell) == expected


def groups_of(terms: str, canonical: str, kind: str = "A") -> set[tuple[str, tuple[str, ...]]]:
    """Return parse_row's groups as (canonical, sorted terms) for comparison."""
    return {(g.canonical, tuple(sorted(g.terms))) for g in parse_row(terms, canonical, kind)}


@pytest.mark.parametrize(
    ("terms", "canonical", "expected"),
    [
        ("LKS", "loonkostensubsidie", {("loonkostensubsidie", ("LKS",))}),
        (
            "WWB, Wwb, Wet werk en bijstand",
            "Participatiewet (citeertitel gewijzigd per 1-1-2015)",
            {("Participatiewet", ("WWB", "Wet werk en bijstand", "Wwb"))},
        ),
        (
            "Tozo / TONK",
            "Tijdelijke overbruggingsregeling (2020–21) / Tijdelijke ondersteuning (2021)",
            {
                ("Tijdelijke overbruggingsregeling", ("Tozo",)),
                ("Tijdelijke ondersteuning", ("TONK",)),
            },
        ),
        (
            "SZW, VNG",
            "ministerie Sociale Zaken en Werkgelegenheid; Vereniging Nederlandse Gemeenten",
            {
                ("ministerie Sociale Zaken en Werkgelegenheid", ("SZW",)),
                ("Vereniging Nederlandse Gemeenten", ("VNG",)),
            },
        ),
        (
            "AVG ↔ GDPR; UAVG",
            "Algemene verordening gegevensbescherming; Uitvoeringswet AVG",
            {
                ("Algemene verordening gegevensbescherming", ("AVG", "GDPR")),
                ("Uitvoeringswet AVG", ("UAVG",)),
            },
        ),
        (
            "AOW",
            'Algemene Ouderdomswet; "AOW-leeftijd" ↔ pensioengerechtigde leeftijd',
            {
                ("Algemene Ouderdomswet", ("AOW",)),
                ("pensioengerechtigde leeftijd", ("AOW-leeftijd",)),
            },
        ),
        (
            "AWBZ",
            "→ Wlz + Wmo 2015 + Zvw (2015)",
            {("Wlz", ("AWBZ",)), ("Wmo 2015", ("AWBZ", "Wmo")), ("Zvw", ("AWBZ",))},
        ),
        ("WAO", "→ WIA (sinds 2006)", {("WIA", ("WAO",))}),
        (
            "LD, loondispensatie",
            "(Wajong-instrument; vóór 2015 ook in WWB) ≠ LKS",
            {("loondispensatie", ("LD",))},
        ),
        (
            "BSN",
            "burgerservicenummer (voorheen sofinummer)",
            {("burgerservicenummer", ("BSN", "sofinummer"))},
        ),
        (
            "IIT",
            "individuele inkomenstoeslag (voorheen langdurigheidstoeslag, tot 2015)",
            {("individuele inkomenstoeslag", ("IIT", "langdurigheidstoeslag"))},
        ),
        (
            "GBA",
            "→ BRP, Basisregistratie Personen (2014)",
            {("BRP", ("Basisregistratie Personen", "GBA"))},
        ),
        (
            "Wi2021, Wi2013",
            "Wet inburgering 2021 (vervangt Wi2013)",
            {("Wet inburgering 2021", ("Wet inburgering", "Wi2013", "Wi2021"))},
        ),
    ],
)
def test_parse_row_reads_the_cell_conventions(terms, canonical, expected):
    assert groups_of(terms, canonical) == expected


@pytest.mark.parametrize(
    ("terms", "canonical"), [("", ""), ("", "(alleen een opmerking)"), ("kdn", "↔"), ("", "a ↔")]
)
def test_parse_row_skips_rows_without_two_names(terms, canonical):
    assert parse_row(terms, canonical, "S") == []


def test_reference_file_ships_with_the_app_and_parses():
    groups = load_reference()
    assert REFERENCE_PATH.is_file()
    assert len(groups) >= 60
    assert (
        SynonymGroup(("kdn", "KDN", "kostendeler", "kostendelers"), "kostendelersnorm", "A/S")
        in groups
    )
    assert {g.kind for g in groups} >= {"A", "S", "O→N", "A/S"}


def test_every_reference_name_survives_analysis():
    # A name made only of stop words would silently never match.
    assert [m for g in load_reference() for m in g.members if not analyse(m)] == []
    assert [m for g in load_reference(DOMAIN_PATH) for m in g.members if not analyse(m)] == []
    assert [m for g in load_reference(EVERYDAY_PATH) for m in g.members if not analyse(m)] == []
    assert [m for g in load_reference(FIELD_PATH) for m in g.members if not analyse(m)] == []


def test_everyday_words_meet_the_fields_terms():
    # Written from the domain (migration 0023): what members say beside what the field writes.
    groups = load_reference(EVERYDAY_PATH)
    assert len(groups) >= 80
    expand = reference_thesaurus().expand
    cases = [
        (["opgebrand"], "burn-out"),  # the klantmanager's own work
        (["salarisstrook"], "loonstrook"),  # money
        (["sociale", "werkplaats"], "beschut werk"),  # work: Wsw closed, beschut werk since 2015
        (["videobellen"], "beeldbellen"),
        (["stoeltjeslift"], "traplift"),  # care and housing
        (["blijf-van-mijn-lijfhuis"], "vrouwenopvang"),
        (["zwerfjongere"], "dakloze jongere"),
        (["vergokken"], "gokschulden"),
        (["verklikker"], "anonieme tip"),  # enforcement
        (["winkelier"], "zelfstandige"),
    ]
    for words, name in cases:
        assert index_terms(name) in expand(words)[0], words


def test_the_field_names_meet_the_names_already_known():
    # Migration 0025: each row names one thing; it joins the concept of the same canonical name.
    assert len(load_reference(FIELD_PATH)) >= 20
    expand = reference_thesaurus().expand
    cases = [
        (["consulent"], "klantmanager"),  # job titles
        (["consulent"], "inkomensconsulent"),  # joined the reference row's concept
        (["IOAW'er"], "IOAW"),  # the people a law's benefit is for
        (["Wajongere"], "Wajong"),
        (["thuis", "woont"], "inwonend"),  # living arrangements, as a phrase
        (["crediteuren"], "schuldeiser"),  # debts
        (["KNM"], "Kennis van de Nederlandse Maatschappij"),  # integration
        (["OTS"], "ondertoezichtstelling"),  # youth protection
        (["gemeentepolis"], "collectieve zorgverzekering"),  # benefits
        (["nabetaald"], "nabetaling"),
        (["huisgenoten"], "medebewoner"),  # living arrangements
        (["eigen", "baas"], "zzp"),  # self-employment, joined the domain concept
        (["afbetalen"], "aflossen"),  # debts
        (["huisbaas"], "verhuurder"),  # housing
        (["taalcoach"], "taalmaatje"),  # integration
        (["no-show"], "niet verschijnen"),  # work obligations
        (["WWZ"], "Wet werk en zekerheid"),  # law names
    ]
    for words, name in cases:
        assert index_terms(name) in expand(words)[0], words
    # A phrase synonym is a phrase: the words apart are no name.
    assert expand(["thuis"]) == [{"thuis"}]


def test_the_practice_names_cover_every_field_of_the_issue():
    # Migration 0027: names of everyday casework, written from the domain (not from the
    # evaluation queries), one or more per field the issue lists.
    assert len(load_reference(PRACTICE_PATH)) >= 60
    expand = reference_thesaurus().expand
    cases = [
        (["Participatiewet", "in", "balans"], "Participatiewet"),  # old and new law names
        (["werkleeraanbod"], "Wet investeren in jongeren"),
        (["woningdelers"], "medebewoner"),  # living arrangements, joined a concept
        (["getrouwd"], "geregistreerd partnerschap"),
        (["failliet"], "faillissement"),  # self-employment
        (["levensvatbaarheidsonderzoek"], "rentabiliteit"),
        (["bewindvoerder"], "beschermingsbewind"),  # debts, joined a concept
        (["moratorium"], "afkoelingsperiode"),
        (["krediethypotheek"], "bijstand als lening"),  # housing
        (["huurovereenkomst"], "huurcontract"),
        (["nareizigers"], "gezinshereniging"),  # integration
        (["tolken"], "taalbarrière"),
        (["ziekgemeld"], "ziekmelding"),  # work obligations
        (["passend", "werk"], "algemeen geaccepteerde arbeid"),
        (["kinderbijslag"], "AKW"),  # benefits, joined a concept
        (["zorgsubsidie"], "zorgtoeslag"),
    ]
    for words, name in cases:
        assert index_terms(name) in expand(words)[0], words


def test_the_practice_names_know_plain_names_for_the_fields_jargon():
    # Decision 0055: more of a klantmanager's words for the field's things, nouns and names
    # only (a name weighs as a name of the field in the levels, so no common verbs).
    expand = reference_thesaurus().expand
    cases = [
        (["zwerver"], "dakloos"),  # housing
        (["invalide"], "lichamelijke beperking"),
        (["jonggehandicaptenuitkering"], "Wajong"),  # benefits, joined a concept
        (["gewezen", "echtgenoot"], "voormalige partner"),  # living arrangements, joined a concept
        (["inzamelactie"], "crowdfunding"),  # gifts as income
        (["buitenlands", "diploma"], "diplomawaardering"),  # integration
        (["woonplaatsbeginsel"], "verantwoordelijke gemeente"),
        (["vijftigplusser"], "oudere werkloze"),  # work obligations
        (["verplicht", "vrijwilligerswerk"], "tegenprestatie"),
        (["depressief"], "psychische problemen"),
    ]
    for words, name in cases:
        assert index_terms(name) in expand(words)[0], words


def test_the_practice_names_know_a_clients_everyday_words():
    # Decision 0060: the plain and informal words clients and klantmanagers use for the
    # field's things, nouns and names only, joined to the concept they mean (migration 0029
    # brings them to existing databases).
    expand = reference_thesaurus().expand
    cases = [
        (["bajes"], "detentie"),  # prison
        (["messie"], "woningvervuiling"),  # hoarding
        (["verkering"], "liefdesrelatie"),  # a relationship
        (["speelschulden"], "gokverslaving"),  # gambling debts
        (["remigrant"], "remigratie"),
        (["analfabeet"], "laaggeletterdheid"),
        (["tiener"], "jongere"),
        (["jeugdinstelling"], "jeugdhulp"),
        (["wasmachine"], "witgoed"),  # bijzondere bijstand
        (["verhuisdozen"], "verhuiskosten"),
    ]
    for words, name in cases:
        assert index_terms(name) in expand(words)[0], words
    # Not made names: words that stem like common ones ("gevangene" -> "vang", "vriendje" ->
    # "vriend", "verhuizing" -> "verhuiz") would turn plain words of other questions into names.
    for word in ("vriend", "vriendin", "verhuizen", "vangen"):
        assert expand([word])[0] == {index_terms(word)}, word


def test_the_domain_jargon_covers_the_fields_of_the_issue():
    groups = load_reference(DOMAIN_PATH)
    assert len(groups) >= 100
    expand = reference_thesaurus().expand
    cases = [
        (["bijstandswet"], "Participatiewet"),  # old and new law names
        (["samenwoning"], "gezamenlijke huishouding"),  # living arrangements
        (["zzp"], "zelfstandige"),  # self-employment
        (["schuldregeling"], "minnelijk traject"),  # debts
        (["wsnp"], "wettelijk traject"),
        (["dakloos"], "zonder vast adres"),  # housing
        (["huursubsidie"], "huurtoeslag"),
        (["taalplicht"], "taaleis"),  # integration
        (["sollicitatieplicht"], "arbeidsplicht"),  # work obligations
        (["sanctie"], "afstemming"),
        (["levensonderhoud"], "kosten van het bestaan"),  # benefits
    ]
    for words, name in cases:
        assert index_terms(name) in expand(words)[0], words


def analysed(*names: str) -> set[str]:
    """Return names in the analysed form expand() speaks."""
    return {index_terms(name) for name in names}


@pytest.mark.parametrize(
    ("words", "expected_in_first_slot"),
    [
        (["kdn"], analysed("kdn", "kostendelersnorm", "kostendeler")),
        (["kostendelers"], analysed("kdn", "kostendelersnorm")),
        (["WWB"], analysed("Participatiewet", "Pw", "Wet werk en bijstand", "Abw")),
        (["Participatiewet"], analysed("WWB", "Abw", "Pw")),  # the new name finds the old
        (["wet", "werk", "en", "bijstand"], analysed("WWB", "Participatiewet")),
        (["LKS"], analysed("loonkostensubsidie")),
        (["Bbz"], analysed("Besluit bijstandverlening zelfstandigen")),
        (["maatregelen"], analysed("verlaging", "sanctie", "korting")),
        (["sofinummer"], analysed("BSN", "burgerservicenummer")),
        (["terugvorderingen"], analysed("terugvordering", "TV", "vordering")),
        (["samenwonende"], analysed("gezamenlijke huishouding", "GH")),
        (["bijzondere", "bijstand"], analysed("BB", "bijz. bijstand", "bijzondere bijstand")),
        (["de", "AWBZ"], analysed("Wlz", "Zvw", "Wmo")),
        (["P-wet"], analysed("Participatiewet")),
    ],
)
def test_expand_finds_equal_names(words, expected_in_first_slot):
    slots = reference_thesaurus().expand(words)
    assert expected_in_first_slot <= slots[0]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["huisdier"], [analysed("huisdier")]),  # in no group
        (["de", "het", "een"], []),
        ([], []),
        (["kdn", "zoon"], [analysed("kdn", "kostendeler", "kostendelersnorm"), analysed("zoon")]),
        # Within the old/new concept "Wmo 2015" beside "Wmo" adds nothing: the phrase is pruned.
        (["AWBZ"], [analysed("AWBZ", "Wlz", "Wmo", "Zvw")]),
    ],
)
def test_expand_slots(words, expected):
    assert reference_thesaurus().expand(words) == expected


@pytest.mark.parametrize(
    ("words", "not_expected"),
    [
        (["Wlz"], "Zvw"),  # both replaced AWBZ, yet they are not the same law
        (["bijstand"], "BB"),  # algemene bijstand is not bijzondere bijstand
        (["LKS"], "loondispensatie"),  # "≠ LKS"
    ],
)
def test_expand_does_not_chain_concepts(words, not_expected):
    assert index_terms(not_expected) not in reference_thesaurus().expand(words)[0]


def test_thesaurus_builds_from_plain_groups():
    thesaurus = Thesaurus(
        [
            SynonymGroup(("PvA",), "plan van aanpak", "A"),
            SynonymGroup(("plan",), "plan van aanpak", "S"),  # same canonical: one concept
            SynonymGroup(("de",), "het", "S"),  # stop words only: ignored
        ]
    )
    assert len(thesaurus) == 2
    assert thesaurus.expand(["pva"]) == [{"pva", "plan"}]
    assert thesaurus.expand(["het"]) == []
    assert thesaurus.alternatives("Plan van aanpak") == {"pva", "plan"}
    assert thesaurus.alternatives("woning") == {"woning"}


def test_meilisearch_synonyms_work_both_ways():
    synonyms = reference_thesaurus().meilisearch_synonyms()
    assert "kostendelersnorm" in synonyms["kdn"] and "kdn" in synonyms["kostendelersnorm"]
    assert "participatiewet" in synonyms["wwb"] and "wwb" in synonyms["participatiewet"]
    assert index_terms("Wet werk en bijstand") in synonyms["wwb"]
    assert all(key not in values and values == sorted(values) for key, values in synonyms.items())


def test_meilisearch_synonyms_in_normalised_form_keep_stop_words():
    synonyms = reference_thesaurus().meilisearch_synonyms("normalised")
    assert "wet werk en bijstand" in synonyms["wwb"]
    assert "wwb" in synonyms["wet werk en bijstand"]
    assert all(key == key.lower() for key in synonyms)


def test_load_reference_reads_any_file_of_that_shape(tmp_path):
    path = tmp_path / "synoniemen.tsv"
    path.write_text(
        'terms\tcanonical\tkind\nGH, "samenwonen"\tgezamenlijke huishouding\tA/S\n'
        "kdn\tkostendelersnorm (Pw art. 22a)\tA\n",
        encoding="utf-8",
    )
    assert load_reference(path) == [
        SynonymGroup(("GH", "samenwonen"), "gezamenlijke huishouding", "A/S"),
        SynonymGroup(("kdn",), "kostendelersnorm", "A"),
    ]
