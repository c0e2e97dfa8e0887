"""Hostile texts at the size limit stay fast: no detector may turn quadratic."""

from __future__ import annotations

import time

import pytest

from kenme.privacy import MAX_TEXT_CHARS, scan

# Each of these once took 5-30 s (a context word without a number, a 50,000-letter word,
# thousands of names). Linear code scans them well under a second; 5 s still catches a
# quadratic regression. Measured in process CPU time: on a shared machine at load 15 the wall
# clock of "thousands of names" passed 5 s while the scan itself used 0.6 s of CPU.
LIMIT_SECONDS = 5.0
HOSTILE = {
    "context words without numbers": "klantnummer kvk v-nummer paspoort ",
    "one endless word": "a",
    "thousands of names": "Jan ",
    "iban-like groups": "NL12 ",
    "phone-like groups": "06 ",
    "capitalised words": "Aa ",
    "titles without names": "mevrouw ",
    # The detectors of decision 0032 (person lines, streets, numbers and ages in words, dates
    # of exports, postcodes in words, phones listed with a slash, the unknown-number fallback).
    "number words": "nul zes een twee ",
    "number words with a breaking word": "nul zes een twee drie vier vijf zes zeven acht en ",
    "number words each before a dash": "nul- ",
    "postcodes in words": "negen twee nul een BT ",
    "street and number": "Straat 1 ",
    "capitalised words and digits": "Aa Bb Cc 12, ",
    "dates of exports": "03-mrt-19",
    "person words and six-digit numbers": "klant meneer zij 123456 ",
    "person lines and six-digit numbers": "klant meneer zij\n123456\n",
    "phones listed with a slash": "0612345678 / ",
    "ages in words": "zesenvijftig jaar oud ",
    "lower-case postcodes": "klant 9201bt ",
    # Decision 0042: weak pronouns, rates and counts, publications, cited rulings.
    "weak pronouns and numbers": "ze zijn haar heeft ze 123456 ",
    "organisations before a pronoun": "gemeente en haar gemeente en zijn 123456 ",
    "rates after numbers": "123456 per per ",
    "publications with a year": "Stcrt. 2023, Kamerstukken II 2022/23, ",
    "cited rulings": "CRvB 12 maart 2020, zaaknummer AWB ",
    "case numbers before an ECLI": "klant 18/123456 ECLI ",
    # Decision 0042: the forms of names in notes and lists.
    "surnames before initials": "Aa, A. ",
    "genitives before a relative": "Jansens dochter ",
    "first names with an age": "Noor (1) ",
    "name particles": "Van der Aa ",
    "mistyped titles": "mevruow menner Aa ",
    "names after heet": "hij heet de aa ",
    "foreign street suffixes": "Aastraße 1 ",
    "foreign street words": "rue Aa Bb Cc ",
    "turkish street words": "Aa Bb Cc Cad. ",
    "english streets": "1 Aa Bb Street ",
    # A line without breaks: the fallback once read "the line above" back to the text's start
    # for every candidate (dates with a Roman month: 0.5 s at 12,500, 1.7 s at 25,000).
    "dates with a roman month": "03-XI-1964 ",
    "american dates": "07/23/1990 ",
    "genealogical asterisks": "a (*1 ",
    "belgian plates": "1-ABC-234 ",
    "labels glued to numbers": "kvk-nr.1 nr.1 ",
}
# One word and then a single run of spaces to the limit: a pattern with two adjacent runs of
# spaces ("[ ]*,?[ ]+") or one tried at every space ("\s+jaar") turned quadratic (20-100 s).
SPACE_RUN_PREFIXES = {
    "a number word": "nul",
    "a number read out in words": "nul zes een twee drie",
    "a postcode in words": "negen twee nul een BT",
    "a street and number near a person": "klant, Straat 1",
    "a capitalised word": "Aa",
    "a weak pronoun": "klant 123456 ze",
    "a court and a date": "klant CRvB 12 maart 2020,",
    "a publication and a year": "klant Stcrt. 2023,",
    "a surname before initials": "Aa,",
    "a mistyped title": "mevruow",
    "heet": "hij heet",
    "a name particle": "Van der",
    "a foreign street and its number": "klant Aastraße 1,",
    "a foreign street word": "rue Aa",
    "an english street's number": "1 Aa",
    # decision 0046: the spelled view, name fields and column tables
    "a postcode before the run": "9201 BT",
    "a spaced postcode": "9 2 0 1 B T",
    "a number read out with commas": "nul zes, vier, acht,",
    "a day in words before a month": "geboren vijf mei",
    "an ordinal date": "de zevende van de tiende,",
    "an ocr number": "KvK 3l428Ol7",
    "an ocr iban": "NL76 lNGB 2887",
    "a number before a street": "14, Singel",
    "a name field": "NAAM",
    "a column header": "bsn\tnaam\tgeb.datum",
    "a name in another script": "Олена Коваленко",
}


@pytest.mark.parametrize("unit", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_at_the_limit_is_scanned_quickly(unit):
    text = (unit * (MAX_TEXT_CHARS // len(unit) + 1))[:MAX_TEXT_CHARS]
    started = time.process_time()
    scan(text)
    assert time.process_time() - started < LIMIT_SECONDS


@pytest.mark.parametrize("prefix", SPACE_RUN_PREFIXES.values(), ids=SPACE_RUN_PREFIXES.keys())
def test_one_long_run_of_spaces_is_scanned_quickly(prefix):
    text = prefix + " " * (MAX_TEXT_CHARS - len(prefix) - 1) + "x"
    started = time.process_time()
    scan(text)
    assert time.process_time() - started < LIMIT_SECONDS
