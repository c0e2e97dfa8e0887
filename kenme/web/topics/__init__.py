"""Topic pages and, for moderators, curating topics."""
