"""Dutch texts the Aanplakker pages show that are not part of a template."""

from __future__ import annotations

from datetime import date

from kenme.dutch import dutch_day
from kenme.models import ContributionKind, Phase

STARTED = "Je Aanplakker hangt op het bord. Collega's kunnen nu verhelderende vragen stellen."
CONTRIBUTED = "Je bijdrage is geplaatst. Dank je voor het meedenken."
REPLIED = "Je antwoord staat bij de vraag."
MARKED = "Je hebt de bijdrage als herkenbaar gemarkeerd."
UNMARKED = "Je markering 'herkenbaar' is ingetrokken."
HARVESTED = "Je oogst is geplaatst. De Aanplakker is gesloten; dank voor het delen."
FOLLOWED_UP = "Je vervolg is toegevoegd."
CLOSED = "De Aanplakker is gesloten met je toelichting."
FOLLOWED = "Je volgt nu {topic}. Je krijgt een melding bij een nieuwe Aanplakker."
UNFOLLOWED = "Je volgt {topic} niet meer."
PHASE_MOVED = {
    Phase.MEEDENKEN: "De Aanplakker is nu in de fase Meedenken. Collega's delen hun "
    "perspectieven; jij luistert.",
    Phase.OOGST: "De Aanplakker is nu in de fase Oogst. Markeer wat je hielp en schrijf je oogst.",
}

# What each phase is for, shown on the thread and the board.
PHASE_INTRO = {
    Phase.VERHELDEREN: "Collega's stellen verhelderende vragen; de schrijver antwoordt.",
    Phase.MEEDENKEN: "Collega's delen perspectieven, ervaringen en adviezen; de schrijver "
    "luistert.",
    Phase.OOGST: "De schrijver verwerkt de bijdragen en schrijft de oogst.",
    Phase.GESLOTEN: "Afgesloten.",
}

# How to contribute well in each phase (shown above the composer).
COMPOSER_HINT = {
    Phase.VERHELDEREN: "Stel een open vraag die helpt de situatie beter te begrijpen. Geef nog "
    "geen advies en verstop er geen oplossing in ('Heb je al overwogen om…?').",
    Phase.MEEDENKEN: "Vertel wat jij ziet, vanuit je eigen ervaring of door één bril. Schrijf in "
    "de ik-vorm en laat ruimte: de schrijver kiest zelf wat bruikbaar is.",
}

KIND_HINTS = {
    ContributionKind.VRAAG: "Een open vraag om de situatie te begrijpen.",
    ContributionKind.PERSPECTIEF: "Hoe kijk jij naar dit dilemma?",
    ContributionKind.ERVARING: "Wat heb je zelf in een vergelijkbare situatie meegemaakt?",
    ContributionKind.ADVIES: "Wat zou jij doen, en waarom?",
}


def date_text(value: date) -> str:
    """Format a calendar date as '14 maart 2026'."""
    return dutch_day(value)
