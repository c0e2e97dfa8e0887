"""The question page's most repeated parts, written in Python (decision 0076).

A heavy thread shows ~40 comments and three vote forms per post in a shared rendering
(slots.py). As Jinja macros each of them cost a macro call, a dozen attribute look-ups through
the sandbox-free but still generic ``getattr``, and an ``escape`` per value; the render of a
kept-page miss spent a third of its time in them. These functions write the same HTML, byte for
byte (templates/questions/_post.html keeps the rest, and a moderator's comments, which carry
the moderation panel), from the same helpers the templates call: ``url_for`` and
``csrf_token`` as the templates have them, authorship's rules, ``may``.

Every value that comes from a member goes through ``escape``; numbers are written as numbers.
"""

from __future__ import annotations

from flask import Flask, current_app
from markupsafe import Markup, escape

from kenme.services import authorship
from kenme.web.questions import slots
from kenme.web.templating import dutch_date, viewer


def vote_form(post, what: str, my_vote: int) -> Markup:
    """One vote form (up, the score, down) for a viewer whose vote on the post is ``my_vote``.

    The macro it replaces was called three times per post in a shared rendering.
    """
    helpers = current_app.jinja_env.globals
    action = escape(helpers["url_for"]("questions.vote", post_id=post.id))
    token = escape(helpers["csrf_token"]())
    what = escape(what)
    up, down = ("0", "-1") if my_vote == 1 else ("1", "0" if my_vote == -1 else "-1")
    return Markup(  # noqa: S704 (every value above is escaped or a number)
        f'<form method="post" action="{action}" class="vote-form" data-vote>\n'
        f'    <input type="hidden" name="csrf_token" value="{token}">\n'
        f'    <button type="submit" name="value" value="{up}" class="vote-button vote-up" '
        f'aria-pressed="{_pressed(my_vote == 1)}" data-vote-value="1">\n'
        f'      <span aria-hidden="true">▲</span><span class="visually-hidden">Stem omhoog: '
        f"{what} is nuttig</span>\n"
        f"    </button>\n"
        f'    <p class="vote-score"><span data-score>{int(post.score)}</span>'
        f'<span class="visually-hidden"> stemmen</span></p>\n'
        f'    <button type="submit" name="value" value="{down}" class="vote-button vote-down" '
        f'aria-pressed="{_pressed(my_vote == -1)}" data-vote-value="-1">\n'
        f'      <span aria-hidden="true">▼</span><span class="visually-hidden">Stem omlaag: '
        f"{what} is niet nuttig</span>\n"
        f"    </button>\n"
        f'    <p class="visually-hidden" role="status" data-vote-status></p>\n'
        f"  </form>"
    )


def _pressed(yes: bool) -> str:
    return "true" if yes else "false"


def comment_item(comment) -> Markup:
    """A visible comment as a member who moderates nothing sees it: body, author, date and
    the flag link (the template renders a moderator's, with its panel and hidden notice)."""
    from kenme.web.moderation.helpers import may

    helpers = current_app.jinja_env.globals
    url_for = helpers["url_for"]
    member = viewer()
    if authorship.author_visible(comment, member):
        profile = escape(url_for("users.profile", user_id=comment.author_id))
        author = f'<a href="{profile}">{escape(comment.author.display_name)}</a>'
    else:
        author = escape(authorship.author_label(comment, member))
    flag = ""
    if member is not None and may("report", comment):
        link = escape(url_for("reports.flag_comment", comment_id=comment.id))
        flag = (
            f'<a class="flag-link" href="{link}">Melden'
            f'<span class="visually-hidden"> (deze reactie)</span></a>\n'
        )
    created = comment.created_at
    return Markup(  # noqa: S704 (the body is sanitised at write time; the rest is escaped)
        f'    <li id="reactie-{int(comment.id)}" class="comment">\n'
        f'      <span class="comment-body">{helpers["safe"](comment.body_html)}</span>\n'
        f'      <span class="comment-meta">— {author},\n'
        f'        <time datetime="{escape(created.isoformat())}">'
        f"{escape(dutch_date(created, True))}</time></span>\n"
        f'      <span class="comment-tools">{flag}</span>\n'
        f"\n"
        f"    </li>"
    )


COMMENT_HINT = (
    "Hooguit 600 tekens platte tekst; links worden klikbaar. Geen persoonsgegevens van klanten."
)
ANONYMOUS_HINT = "Andere leden zien ‘Anoniem lid’; moderators zien wie reageerde."


def comment_section(post, items) -> Markup:
    """A post's comments and the empty form to add one, for a member who moderates nothing
    (question_view gives them visible comments only). A form that came back with errors or
    a privacy review, and a moderator's section, are rendered by the template."""
    helpers = current_app.jinja_env.globals
    url_for = helpers["url_for"]
    parts = ['<div class="comments">\n']
    if items:
        parts.append('  <ul class="comment-list">\n')
        parts.extend(f"{comment_item(comment)}\n" for comment in items)
        parts.append("  </ul>\n")
    key = int(post.id)
    on = "de vraag" if post.is_question else "dit antwoord"
    action = escape(url_for("questions.comment", post_id=post.id))
    token = escape(helpers["csrf_token"]())
    names = escape(url_for("users.names"))
    scan = escape(url_for("privacy.scan"))
    field, anonymous = f"reactie-veld-{key}", f"reactie-anoniem-{key}"
    parts.append(
        f'  <details class="comment-add">\n'
        f'    <summary>Reactie toevoegen<span class="visually-hidden"> op {on}</span></summary>\n'
        f'    <form method="post" action="{action}" class="stack comment-form" novalidate '
        f"data-privacy-form>\n"
        f'      <input type="hidden" name="csrf_token" value="{token}">\n'
        f"      \n"
        f'      <div class="field ">\n'
        f'  <label for="{field}">Reactie</label>\n'
        f'<p class="hint" id="{field}-hint">{escape(COMMENT_HINT)}</p>  <textarea '
        f'aria-describedby="{field}-hint" data-mentions="{names}" data-privacy-field="body" '
        f'id="{field}" maxlength="600" name="body" required rows="3">\r\n</textarea>\n'
        f"</div>\n"
        f"\n"
        f"      <div>\n"
        f'        <div class="field ">\n'
        f'  <div class="checkbox">\n'
        f'    <input aria-describedby="{anonymous}-hint" id="{anonymous}" name="anonymous" '
        f'type="checkbox" value="y">\n'
        f'    <label for="{anonymous}">Anoniem voor andere leden</label>\n'
        f"  </div>\n"
        f"</div>\n"
        f"\n"
        f'        <p class="hint hint-checkbox" id="{anonymous}-hint">'
        f"{escape(ANONYMOUS_HINT)}</p>\n"
        f"      </div>\n"
        f'      <div class="privacy-live" data-privacy-live data-privacy-url="{scan}" '
        f'aria-live="polite"></div>\n'
        f"\n"
        f'      <button type="submit" class="button button-secondary">Reactie plaatsen</button>\n'
        f"    </form>\n"
        f"  </details>\n"
        f"</div>"
    )
    return Markup("".join(parts))  # noqa: S704 (comments as comment_item; the rest escaped)


def byline(post, verb: str) -> Markup:
    """When a post was written and edited, and by whom as the viewer may see it (with the
    author's reputation, a slot in a shared rendering)."""
    created, edited = post.created_at, post.edited_at
    parts = [
        f'<div class="byline">\n  <p class="byline-date">{escape(verb)} op '
        f'<time datetime="{escape(created.isoformat())}">{escape(dutch_date(created, True))}'
        f"</time>\n"
    ]
    if edited:
        parts.append(
            f'<br>bewerkt op <time datetime="{escape(edited.isoformat())}">'
            f"{escape(dutch_date(edited, True))}</time>"
        )
    parts.append("</p>\n")
    member = viewer()
    if authorship.author_visible(post, member):
        author = post.author
        profile = current_app.jinja_env.globals["url_for"]("users.profile", user_id=post.author_id)
        parts.append(
            f'  <p class="byline-author">\n    <a href="{escape(profile)}">'
            f"{escape(author.display_name)}</a>\n"
        )
        if author.organisation:
            parts.append(f'<span class="byline-org">{escape(author.organisation)}</span>')
        parts.append(
            f'    <span class="byline-rep">reputatie {escape(slots.reputation(author))}</span>\n'
            f"  </p>\n"
        )
        if post.anonymous:
            parts.append(ANONYMOUS_BADGE)
    else:
        parts.append(
            f'  <p class="byline-author">{escape(authorship.author_label(post, member))}</p>\n'
        )
    parts.append("</div>\n")
    return Markup("".join(parts))  # noqa: S704 (every value above is escaped)


ANONYMOUS_BADGE = (
    '<p class="badge badge-anonymous">Anoniem geplaatst: andere leden zien ‘Anoniem lid’</p>'
)


def init_post_parts(app: Flask) -> None:
    """The templates' names for these parts."""
    app.jinja_env.globals.update(
        vote_form=vote_form,
        comment_item=comment_item,
        comment_section=comment_section,
        byline=byline,
        COMMENT_HINT=COMMENT_HINT,
        ANONYMOUS_HINT=ANONYMOUS_HINT,
    )
