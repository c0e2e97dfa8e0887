"""Dutch texts the web layer shows that are not part of a template."""

from __future__ import annotations

from kenme.privacy.messages import KIND_LABELS

# What each privacy finding kind is called in the form and the live check: the guard's own
# names, where the form says more precisely what to remove.
FINDING_KINDS = {
    **KIND_LABELS,
    "iban": "IBAN",
    "age_exact": "exacte leeftijd",
    "date": "exacte datum",
    "place": "kleine woonplaats",
    "organisation": "naam van werkgever, school of instelling",
}
UNKNOWN_KIND = "mogelijk persoonsgegeven"


def finding_kind_label(kind: str) -> str:
    """Name a finding kind in Dutch."""
    return FINDING_KINDS.get(kind, UNKNOWN_KIND)


SORT_LABELS = {
    "newest": "Nieuwste",
    "active": "Actief",
    "unanswered": "Onbeantwoord",
    "votes": "Meeste stemmen",
    "hot": "Populair",
}
STATUS_LABELS = {
    "open": "Open",
    "answered": "Beantwoord",
    "accepted": "Geaccepteerd antwoord",
    "closed": "Gesloten",
}

QUESTION_POSTED = "Je vraag is geplaatst. Collega's zien hem nu in de lijst."
ANSWER_POSTED = "Je antwoord is geplaatst."
COMMENT_POSTED = "Je reactie is geplaatst."
POST_EDITED = "Je wijziging is opgeslagen als nieuwe versie."
EDIT_SUGGESTED = (
    "Je voorstel is ingediend. De schrijver, een moderator of een ervaren collega beoordeelt het."
)
ROLLED_BACK = "De tekst is teruggezet naar versie {number}."
VOTE_SAVED = "Je stem is opgeslagen."
VOTE_WITHDRAWN = "Je stem is ingetrokken."
ANSWER_ACCEPTED = "Je hebt dit antwoord geaccepteerd."
ACCEPT_WITHDRAWN = "Je hebt de acceptatie van dit antwoord ingetrokken."
TOPIC_SAVED = "Het onderwerp is opgeslagen."
FORM_EXPIRED = "Het formulier was verlopen of onvolledig. Probeer het opnieuw."
