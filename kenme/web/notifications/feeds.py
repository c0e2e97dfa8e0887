"""Atom feeds with a per-member secret in the URL, and the page to find and renew them."""

from __future__ import annotations

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, abort, render_template, request, url_for

from kenme.errors import NotFound
from kenme.extensions import db
from kenme.models import PostType
from kenme.models.types import utcnow
from kenme.permissions import public
from kenme.services import feeds
from kenme.web.forms import EmptyForm
from kenme.web.posting import member, one_click

bp = Blueprint("feeds", __name__)

RENEWED = "Je feed-adressen zijn vernieuwd. De oude adressen werken niet meer."


def _atom(title: str, entries: list[feeds.Entry]) -> Response:
    base = request.host_url.rstrip("/")
    generator = FeedGenerator()
    generator.id(f"kenme:feed:{request.path.split('/', 3)[-1]}")
    generator.title(f"KenMe: {title}")
    generator.language("nl")
    generator.link(href=base + request.path, rel="self")
    generator.link(href=base + "/", rel="alternate")
    generator.updated(max((e.updated for e in entries), default=utcnow()))
    for entry in reversed(entries):  # feedgen puts the last added first
        item = generator.add_entry()
        item.id(entry.id)
        item.title(entry.title)
        item.link(href=base + entry.link)
        item.summary(entry.excerpt)
        item.author(name=entry.author)
        item.updated(entry.updated)
    response = Response(generator.atom_str(pretty=True), mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _reader(token: str):
    try:
        return feeds.member_for(db.session, token)
    except NotFound:
        abort(404)


@bp.route("/feeds/<token>/laatste.atom")
@public
def latest(token: str):
    """The newest questions and Aanplakkers."""
    reader = _reader(token)
    return _atom("nieuwste vragen en Aanplakkers", feeds.latest(db.session, reader))


@bp.route("/feeds/<token>/onderwerpen/<slug>.atom")
@public
def topic(token: str, slug: str):
    """The newest questions and Aanplakkers on a topic."""
    _reader(token)
    found, entries = feeds.of_topic(db.session, slug)
    return _atom(found.name, entries)


@bp.route("/feeds/<token>/vragen/<int:post_id>.atom")
@public
def question(token: str, post_id: int):
    """A question and its answers."""
    _reader(token)
    thread, entries = feeds.of_thread(db.session, post_id, PostType.QUESTION)
    return _atom(thread.title, entries)


@bp.route("/feeds/<token>/aanplakker/<int:post_id>.atom")
@public
def aanplakker(token: str, post_id: int):
    """An Aanplakker and its contributions."""
    _reader(token)
    thread, entries = feeds.of_thread(db.session, post_id, PostType.AANPLAKKER)
    return _atom(thread.title, entries)


@bp.route("/meldingen/feeds")
def overview():
    """My feed addresses, and the button to renew them."""
    token = feeds.feed_token(member())
    return render_template(
        "notifications/feeds.html",
        latest=url_for("feeds.latest", token=token, _external=True),
        token=token,
        form=EmptyForm(),
    )


@bp.route("/meldingen/feeds/vernieuwen", methods=["POST"])
def renew():
    """New secret in every feed address of mine; the old ones answer 404."""
    return one_click(
        EmptyForm(),
        lambda: feeds.rotate(db.session, member()),
        back=url_for("feeds.overview"),
        message=RENEWED,
    )
