"""Markdown and comments to sanitised HTML: the only HTML templates may mark safe."""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "mark",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False}).enable(
    ["table", "strikethrough", "linkify"]
)
_URL = re.compile(r"\b(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]])", re.IGNORECASE)


def sanitise(html: str) -> str:
    """Keep only our tag and attribute allowlist; links get rel=nofollow noopener."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def _demote_headings(html: str) -> str:
    """Page titles are h1; a post's own headings start at h2."""
    return re.sub(r"<(/?)h1>", r"<\1h2>", html)


def render_markdown(text: str) -> str:
    """Render a post body (Markdown, raw HTML ignored, no images) to safe HTML."""
    return sanitise(_demote_headings(_markdown.render(text or "")))


def render_comment(text: str) -> str:
    """Render a plain-text comment: escaped, links clickable, nothing else."""
    escaped = str(escape(text or ""))
    linked = _URL.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', escaped)
    return sanitise(linked)


def safe(html: str) -> Markup:
    """Mark HTML produced by this module as safe for templates."""
    return Markup(html)  # noqa: S704 (only ever called on sanitise() output stored at write time)
