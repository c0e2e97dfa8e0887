"""The Dutch text and HTML of notification mails and digests (no remote images, no post text).

Every value that comes from members (names, titles) is escaped in the HTML part. The HTML is
one column, with real headings and link texts that say where they lead, and a language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

SUBJECT_MAX = 150

_PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;
 background: #ffffff; margin: 0; padding: 16px;">
<div style="max-width: 600px; margin: 0 auto;">
<p style="font-weight: bold; color: #154273;">KenMe</p>
{content}
<hr style="border: 0; border-top: 1px solid #cccccc; margin: 24px 0;">
<p style="font-size: 14px; color: #4d4d4d;">{footer}</p>
</div>
</body>
</html>
"""


def _subject(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUBJECT_MAX else text[: SUBJECT_MAX - 1].rstrip() + "…"


def _footer(category_label: str, unsubscribe: str, settings: str) -> tuple[str, str]:
    text = (
        f"Je krijgt deze e-mail omdat je meldingen over “{category_label}” per e-mail "
        "wilt ontvangen.\n"
        f"Geen e-mail meer hierover: {unsubscribe}\n"
        f"Al je instellingen: {settings}\n"
    )
    html = (
        f"Je krijgt deze e-mail omdat je meldingen over “{escape(category_label)}” per e-mail "
        f'wilt ontvangen. <a href="{escape(unsubscribe)}">Geen e-mail meer over '
        f'{escape(category_label.lower())}</a> · <a href="{escape(settings)}">Al je '
        "instellingen voor meldingen</a>"
    )
    return text, html


def direct_mail(
    *,
    name: str,
    message: str,
    link: str,
    category_label: str,
    unsubscribe: str,
    settings: str,
) -> tuple[str, str, str]:
    """(subject, text, html) for one notification."""
    subject = _subject(f"KenMe: {message}")
    foot_text, foot_html = _footer(category_label, unsubscribe, settings)
    text = (
        f"Hallo {name},\n\n{message}\n\nBekijk het op KenMe:\n{link}\n\n"
        "Deel geen persoonsgegevens van klanten, ook niet als je op deze e-mail reageert.\n\n"
        f"{foot_text}"
    )
    content = (
        f"<p>Hallo {escape(name)},</p>\n<p>{escape(message)}</p>\n"
        f'<p><a href="{escape(link)}" style="color: #154273;">Bekijk het op KenMe</a></p>'
    )
    html = _PAGE.format(title=escape(subject), content=content, footer=foot_html)
    return subject, text, html


@dataclass(frozen=True)
class DigestLine:
    text: str
    link: str


def digest_mail(
    *,
    name: str,
    period_label: str,
    lines: Sequence[DigestLine],
    more: int,
    inbox: str,
    footers: Sequence[tuple[str, str]],
    settings: str,
) -> tuple[str, str, str]:
    """(subject, text, html) of a daily or weekly digest. ``footers``: (label, unsubscribe)."""
    count = len(lines) + more
    subject = _subject(
        f"KenMe: {period_label} — {count} {'melding' if count == 1 else 'meldingen'}"
    )
    text_lines = "\n".join(f"- {line.text}\n  {line.link}" for line in lines)
    if more:
        text_lines += f"\n- en nog {more} meer: {inbox}"
    unsub_text = "\n".join(f"Geen e-mail meer over “{label}”: {url}" for label, url in footers)
    text = (
        f"Hallo {name},\n\nDit gebeurde er op KenMe ({period_label.lower()}):\n\n{text_lines}\n\n"
        f"Al je meldingen: {inbox}\n\n"
        "Deel geen persoonsgegevens van klanten, ook niet als je op deze e-mail reageert.\n\n"
        f"{unsub_text}\nAl je instellingen: {settings}\n"
    )
    items = "\n".join(
        f'<li><a href="{escape(line.link)}" style="color: #154273;">{escape(line.text)}</a></li>'
        for line in lines
    )
    if more:
        items += f'\n<li><a href="{escape(inbox)}">En nog {more} meer</a></li>'
    content = (
        f'<p>Hallo {escape(name)},</p>\n<h1 style="font-size: 20px;">{escape(period_label)}</h1>'
        f"\n<ul>\n{items}\n</ul>\n"
        f'<p><a href="{escape(inbox)}" style="color: #154273;">Al je meldingen op KenMe</a></p>'
    )
    footer = " · ".join(
        f'<a href="{escape(url)}">Geen e-mail meer over {escape(label.lower())}</a>'
        for label, url in footers
    )
    footer += f' · <a href="{escape(settings)}">Al je instellingen voor meldingen</a>'
    html = _PAGE.format(title=escape(subject), content=content, footer=footer)
    return subject, text, html
