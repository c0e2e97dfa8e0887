"""Markdown and comments to sanitised HTML: the only HTML templates may mark safe."""

from __future__ import annotations

import re
from collections.abc import Mapping

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup, escape

from kenme.mentions import mention_candidates, name_key

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
ALLOWED_CLASSES = {"a": {"mention"}}  # a link to a member's profile (kenme.services.mentions)
MENTIONS_ENV = "kenme_mentions"

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False}).enable(
    ["table", "strikethrough", "linkify"]
)
_URL = re.compile(r"\b(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]])", re.IGNORECASE)

Links = Mapping[str, str]  # a mentioned name (kenme.mentions.name_key) -> its profile path


def mention_spans(text: str, links: Links) -> list[tuple[int, int, str]]:
    """Where ``text`` mentions a linked name: (start, end, url), the longest reading per "@"."""
    spans: list[tuple[int, int, str]] = []
    for start, end, name in mention_candidates(text):
        if spans and start < spans[-1][1]:
            continue  # this "@" has its mention already, or lies inside the previous one
        url = links.get(name_key(name))
        if url:
            spans.append((start, end, url))
    return spans


def _link_mentions(state: StateCore) -> None:
    """Core rule: split text tokens (never code, never link text) around linked mentions."""
    links: Links = state.env.get(MENTIONS_ENV) or {}
    if not links:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        depth = 0
        for token in block.children:
            depth += {"link_open": 1, "link_close": -1}.get(token.type, 0)
            if token.type != "text" or depth:
                children.append(token)
                continue
            children.extend(_split_text(token, links))
        block.children = children


def _split_text(token: Token, links: Links) -> list[Token]:
    text, out, done = token.content, [], 0
    for start, end, url in mention_spans(text, links):
        if start > done:
            out.append(_text(text[done:start]))
        opening = Token("link_open", "a", 1)
        opening.attrs = {"href": url, "class": "mention"}
        out += [opening, _text(text[start:end]), Token("link_close", "a", -1)]
        done = end
    if not out:
        return [token]
    if done < len(text):
        out.append(_text(text[done:]))
    return out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


_markdown.core.ruler.push("kenme_mentions", _link_mentions)


def sanitise(html: str) -> str:
    """Keep only our tag and attribute allowlist; links get rel=nofollow noopener."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        allowed_classes=ALLOWED_CLASSES,
        strip_comments=True,
    )


def _demote_headings(html: str) -> str:
    """Page titles are h1; a post's own headings start at h2."""
    return re.sub(r"<(/?)h1>", r"<\1h2>", html)


def render_markdown(text: str, mentions: Links | None = None) -> str:
    """Render a post body (Markdown, raw HTML ignored, no images) to safe HTML.

    ``mentions`` maps mentioned names to profile paths: those mentions become links.
    """
    env = {MENTIONS_ENV: mentions} if mentions else {}
    return sanitise(_demote_headings(_markdown.render(text or "", env)))


def render_comment(text: str, mentions: Links | None = None) -> str:
    """Render a plain-text comment: escaped, links and mentions clickable, nothing else."""
    text = text or ""
    pieces: list[str] = []
    done = 0
    for match in _URL.finditer(text):
        pieces.append(_comment_text(text[done : match.start()], mentions))
        url = str(escape(match.group(1)))
        pieces.append(f'<a href="{url}">{url}</a>')
        done = match.end()
    pieces.append(_comment_text(text[done:], mentions))
    return sanitise("".join(pieces))


def _comment_text(text: str, mentions: Links | None) -> str:
    if not mentions:
        return str(escape(text))
    pieces, done = [], 0
    for start, end, url in mention_spans(text, mentions):
        pieces.append(str(escape(text[done:start])))
        pieces.append(f'<a class="mention" href="{escape(url)}">{escape(text[start:end])}</a>')
        done = end
    pieces.append(str(escape(text[done:])))
    return "".join(pieces)


def safe(html: str) -> Markup:
    """Mark HTML produced by this module as safe for templates."""
    return Markup(html)  # noqa: S704 (only ever called on sanitise() output stored at write time)
