"""Dutch texts shown to authors: one suggestion per kind and the error for oversized input."""

from __future__ import annotations

SUGGESTIONS: dict[str, str] = {
    "bsn": "Laat het BSN weg; het is niet nodig om de casus te begrijpen.",
    "iban": "Laat het rekeningnummer weg; schrijf bijvoorbeeld *een rekening op naam van de "
    "klant*.",
    "email": "Laat het e-mailadres weg; noem hooguit de rol, bijvoorbeeld *de werkgever*.",
    "phone": "Laat het telefoonnummer weg; het is niet nodig om de casus te begrijpen.",
    "postcode_address": "Laat het adres weg; beschrijf de woonsituatie, bijvoorbeeld *een "
    "huurwoning in de gemeente*.",
    "birthdate": "Laat de geboortedatum weg; noem een leeftijdsgroep, bijvoorbeeld *begin dertig*.",
    "license_plate": "Laat het kenteken weg; schrijf bijvoorbeeld *een auto op naam van de klant*.",
    "client_number": "Laat het klant-, dossier- of zaaknummer weg; het leidt direct naar de klant.",
    "vnummer": "Laat het V-nummer weg; noem hooguit de verblijfsstatus, bijvoorbeeld "
    "*statushouder*.",
    "document_number": "Laat het documentnummer weg; noem hooguit het soort document, "
    "bijvoorbeeld *een geldig paspoort*.",
    "kvk": "Laat het KvK-nummer weg; beschrijf het bedrijf, bijvoorbeeld *een eenmanszaak in "
    "de bouw*.",
    "name": "Noem de rol: *de klant*, *haar zoon (eind twintig)*.",
    "age_exact": "Noem een leeftijdsgroep in plaats van de exacte leeftijd, bijvoorbeeld *eind "
    "twintig* of *onder de 27*.",
    "date": "Noem de periode in plaats van de exacte datum, bijvoorbeeld *begin 2024* of "
    "*enkele weken geleden*.",
    "place": "Noem geen kleine woonplaats; schrijf bijvoorbeeld *een dorp in de regio*.",
    "organisation": "Noem het soort organisatie in plaats van de naam, bijvoorbeeld *een "
    "bakkerij* of *de basisschool van de kinderen*.",
}

TEXT_TOO_LARGE = (
    "De tekst is te lang om op persoonsgegevens te controleren: maximaal {limit} tekens, "
    "deze tekst heeft er {length}. Maak de tekst korter."
)

# What each kind is called in a message that must not repeat the text itself.
KIND_LABELS: dict[str, str] = {
    "bsn": "BSN",
    "iban": "rekeningnummer",
    "email": "e-mailadres",
    "phone": "telefoonnummer",
    "postcode_address": "adres",
    "birthdate": "geboortedatum",
    "license_plate": "kenteken",
    "client_number": "klant- of dossiernummer",
    "vnummer": "V-nummer",
    "document_number": "documentnummer",
    "kvk": "KvK-nummer",
    "name": "naam",
    "age_exact": "leeftijd",
    "date": "datum",
    "place": "woonplaats",
    "organisation": "organisatie",
}
