"""The Kennisbank: "Start hier" with every topic page, the curated pages and their editing."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from kenme import permissions
from kenme.extensions import db
from kenme.models import Topic
from kenme.services import kennisbank
from kenme.services.topics import get_topic
from kenme.web.forms import EmptyForm
from kenme.web.kennisbank.forms import IntroForm, ItemForm, LawChangeForm
from kenme.web.posting import member, one_click, submit

bp = Blueprint("kennisbank", __name__, url_prefix="/kennisbank")


def _editable(slug: str) -> Topic:
    topic = get_topic(db.session, slug)
    if not permissions.allowed(member(), "edit_kennisbank", topic):
        abort(403)
    return topic


def _edit_url(topic: Topic, anchor: str | None = None) -> str:
    return url_for("kennisbank.edit", slug=topic.slug, _anchor=anchor)


@bp.route("")
def index():
    """List every topic's page: the newcomer's start ("Start hier")."""
    return render_template("kennisbank/index.html", entries=kennisbank.overview(db.session))


@bp.route("/<slug>")
def show(slug: str):
    """Show the curated page of one topic."""
    topic = get_topic(db.session, slug)
    return render_template(
        "kennisbank/show.html", view=kennisbank.page_view(db.session, member(), topic)
    )


def render_edit(
    topic: Topic,
    *,
    intro_form=None,
    item_form=None,
    law_form=None,
    review=None,
    review_for: str = "",
    status: int = 200,
):
    view = kennisbank.page_view(db.session, member(), topic)
    if intro_form is None:
        intro_form = IntroForm(formdata=None, intro=view.page.intro_markdown if view.page else "")
    return render_template(
        "kennisbank/edit.html",
        view=view,
        intro_form=intro_form,
        item_form=item_form or ItemForm(formdata=None),
        law_form=law_form or LawChangeForm(formdata=None),
        review=review,
        review_for=review_for,
        button=EmptyForm(formdata=None),
    ), status


@bp.route("/<slug>/bewerken")
def edit(slug: str):
    """Show the editing forms (moderators and the topic's thema-specialists)."""
    return render_edit(_editable(slug))


def _save(topic: Topic, form, slot: str, write, fields: dict, *, message: str, anchor=None):
    """One editing form's POST: validate, write through the privacy review, then back to the
    edit page at its section. A refused or reviewed text comes back in its own form (slot)."""
    if not form.validate_on_submit():
        return render_edit(topic, **{f"{slot}_form": form}, status=400)
    outcome = submit(form, write, fields)
    if not outcome.ok:
        return render_edit(
            topic,
            **{f"{slot}_form": form},
            review=outcome.privacy,
            review_for=slot,
            status=outcome.status,
        )
    db.session.commit()
    flash(message, "success")
    return redirect(_edit_url(topic, anchor))


@bp.route("/<slug>/inleiding", methods=["POST"])
def save_intro(slug: str):
    """Save the introduction; personal data comes back as a review with the text kept."""
    topic, form = _editable(slug), IntroForm()
    return _save(
        topic,
        form,
        "intro",
        lambda confirmations: kennisbank.save_intro(
            db.session, member(), topic, form.intro.data or "", confirmations
        ),
        {"intro": form.intro.data or ""},
        message="De inleiding is opgeslagen.",
    )


@bp.route("/<slug>/onderdelen", methods=["POST"])
def add_item(slug: str):
    """Add a link to a question, answer or aanplakker."""
    topic, form = _editable(slug), ItemForm()
    return _save(
        topic,
        form,
        "item",
        lambda confirmations: kennisbank.add_item(
            db.session, member(), topic, form.post.data, form.note.data, confirmations
        ),
        {"note": form.note.data or ""},
        message="Het onderdeel staat op de pagina.",
        anchor="onderdelen",
    )


@bp.route("/<slug>/onderdelen/<int:item_id>/<any(omhoog, omlaag):direction>", methods=["POST"])
def move_item(slug: str, item_id: int, direction: str):
    """Move a link one place up or down."""
    topic = _editable(slug)
    step = -1 if direction == "omhoog" else 1
    return one_click(
        EmptyForm(),
        lambda: kennisbank.move_item(db.session, member(), topic, item_id, step),
        back=_edit_url(topic, "onderdelen"),
        message="De volgorde is aangepast.",
    )


@bp.route("/<slug>/onderdelen/<int:item_id>/verwijderen", methods=["POST"])
def remove_item(slug: str, item_id: int):
    """Take a link off the page."""
    topic = _editable(slug)
    return one_click(
        EmptyForm(),
        lambda: kennisbank.remove_item(db.session, member(), topic, item_id),
        back=_edit_url(topic, "onderdelen"),
        message="Het onderdeel is van de pagina gehaald.",
    )


@bp.route("/<slug>/wetswijzigingen", methods=["POST"])
def add_law_change(slug: str):
    """Add a dated wetswijziging note."""
    topic, form = _editable(slug), LawChangeForm()
    return _save(
        topic,
        form,
        "law",
        lambda confirmations: kennisbank.add_law_change(
            db.session, member(), topic, form.effective_on.data, form.note.data, confirmations
        ),
        {"note": form.note.data or ""},
        message="De wetswijziging is toegevoegd.",
        anchor="wetswijzigingen",
    )


@bp.route("/<slug>/wetswijzigingen/<int:change_id>/verwijderen", methods=["POST"])
def remove_law_change(slug: str, change_id: int):
    """Delete a wetswijziging note."""
    topic = _editable(slug)
    return one_click(
        EmptyForm(),
        lambda: kennisbank.remove_law_change(db.session, member(), topic, change_id),
        back=_edit_url(topic, "wetswijzigingen"),
        message="De wetswijziging is verwijderd.",
    )
