"""The search page (/zoeken) and the moderators' thesaurus page (/moderatie/thesaurus)."""
