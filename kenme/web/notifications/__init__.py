"""The inbox (/meldingen), following and ignoring, and the unread count in the header."""
