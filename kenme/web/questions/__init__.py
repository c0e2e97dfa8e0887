"""Casusvragen: asking, answering, commenting, voting, and revisions."""
