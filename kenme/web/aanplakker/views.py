"""De Aanplakker: the board, starting one, its thread and every step in it."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Blueprint, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from kenme.extensions import db
from kenme.models import ContributionKind, Phase, Post, PostType, Topic
from kenme.services import aanplakker as service
from kenme.services import follows
from kenme.services import topics as topic_service
from kenme.services.threads import get_post
from kenme.services.topics import get_topic
from kenme.web.aanplakker import messages
from kenme.web.aanplakker.forms import (
    AanplakkerForm,
    CloseForm,
    ContributionForm,
    FollowupForm,
    OogstForm,
    PhaseForm,
    ReplyForm,
)
from kenme.web.forms import EmptyForm
from kenme.web.posting import member, one_click, submit

bp = Blueprint("aanplakker", __name__)


def _topics() -> list[Topic]:
    return list(db.session.scalars(db.select(Topic).order_by(Topic.name)))


def _load(post_id: int) -> Post:
    return get_post(db.session, member(), post_id, PostType.AANPLAKKER)


def _load_contribution(contribution_id: int) -> Post:
    return get_post(db.session, member(), contribution_id, PostType.CONTRIBUTION)


def _safe_next(target: str | None, fallback: str) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


@bp.route("/aanplakker")
def board():
    """Show open Aanplakkers by time left and closed ones with their oogst."""
    topic = None
    slug = request.args.get("onderwerp", "").strip()
    if slug:
        topic = get_topic(db.session, slug)
    view = service.board_rows(db.session, topic=topic, page=request.args.get("pagina", 1))
    topics = topic_service.topic_names(db.session)
    return render_template("aanplakker/board.html", view=view, topic=topic, topics=topics)


@bp.route("/aanplakker/nieuw", methods=["GET", "POST"])
def new():
    """Start an Aanplakker; the text comes back with findings when the privacy gate refuses."""
    form = AanplakkerForm()
    form.topics.choices = [SelectChoice(t.slug, t.name) for t in _topics()]
    today = service.local_today()
    if request.method == "GET":
        form.ends_on.data = today + timedelta(days=service.DEFAULT_DAYS)
    review, status = None, 200
    if form.validate_on_submit():
        outcome = submit(
            form,
            lambda confirmations: service.start_aanplakker(
                db.session,
                member(),
                title=form.title.data,
                situatie=form.situatie.data,
                dilemma=form.dilemma.data,
                geprobeerd=form.geprobeerd.data,
                meedenkvraag=form.meedenkvraag.data,
                topic_slugs=form.topics.data,
                ends_on=form.ends_on.data,
                confirmations=confirmations,
            ),
            form.case_fields(),
        )
        if outcome.ok:
            db.session.commit()
            flash(messages.STARTED, "success")
            return redirect(url_for("aanplakker.thread", post_id=outcome.value.id))
        review, status = outcome.privacy, outcome.status
    elif request.method == "POST":
        status = 400
    return render_template(
        "aanplakker/new.html",
        form=form,
        review=review,
        min_days=service.MIN_DAYS,
        max_days=service.MAX_DAYS,
        min_date=today + timedelta(days=service.MIN_DAYS),
        max_date=today + timedelta(days=service.MAX_DAYS),
    ), status


def _render_thread(post_id: int, status: int = 200, **forms):
    """Render the thread; a form that was refused comes in to keep its text and errors."""
    view = service.thread_view(db.session, member(), post_id)
    contribution = forms.get("contribution") or ContributionForm(formdata=None)
    contribution.set_kinds(view.allowed_kinds)
    oogst = forms.get("oogst") or OogstForm(formdata=None)
    oogst.helpful.choices = [SelectChoice(str(c.post.id)) for c in view.contributions]
    replies = {
        c.post.id: ReplyForm(formdata=None, prefix=f"antwoord-{c.post.id}")
        for c in view.contributions
        if c.details.kind == ContributionKind.VRAAG
    }
    if forms.get("reply") is not None:
        replies[forms["reply_to"]] = forms["reply"]
    return render_template(
        "aanplakker/thread.html",
        view=view,
        post=view.post,
        details=view.details,
        contribution_form=contribution,
        oogst_form=oogst,
        followup_form=forms.get("followup") or FollowupForm(formdata=None),
        close_form=forms.get("close") or CloseForm(formdata=None),
        reply_forms=replies,
        reply_to=forms.get("reply_to"),
        review=forms.get("review"),
        review_target=forms.get("review_target"),
        labels=messages,
        Phase=Phase,
        Kind=ContributionKind,
        next_phase=service.NEXT_PHASE.get(view.details.phase),
    ), status


@bp.route("/aanplakker/<int:post_id>")
def thread(post_id: int):
    """Show an Aanplakker: oogst first, then the case, then contributions by phase."""
    return _render_thread(post_id)


def _thread_form(
    post_id: int, name: str, form, action, fields: dict, done: str, anchor: str, **extra
):
    """Run one thread form through its service; on refusal show the thread with the text kept."""
    if not form.validate_on_submit():
        return _render_thread(post_id, 400, **{name: form}, **extra)
    outcome = submit(form, action, fields)
    if not outcome.ok:
        return _render_thread(
            post_id,
            outcome.status,
            review=outcome.privacy,
            review_target=name,
            **{name: form},
            **extra,
        )
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("aanplakker.thread", post_id=post_id, _anchor=anchor))


@bp.route("/aanplakker/<int:post_id>/bijdragen", methods=["POST"])
def contribute(post_id: int):
    """Add a contribution of the kind the current phase allows (409 for another kind)."""
    post = _load(post_id)
    form = ContributionForm()
    form.set_kinds(tuple(ContributionKind))
    return _thread_form(
        post_id,
        "contribution",
        form,
        lambda confirmations: service.contribute(
            db.session,
            member(),
            post,
            kind=form.kind.data or "",
            lens=form.lens.data or None,
            body=form.body.data,
            anonymous=form.anonymous.data,
            confirmations=confirmations,
        ),
        {"body": form.body.data or ""},
        messages.CONTRIBUTED,
        "bijdragen",
    )


@bp.route("/aanplakker/bijdrage/<int:contribution_id>/antwoord", methods=["POST"])
def reply(contribution_id: int):
    """The author answers a clarifying question inline."""
    contribution = _load_contribution(contribution_id)
    form = ReplyForm(prefix=f"antwoord-{contribution_id}")
    return _thread_form(
        contribution.parent_id,
        "reply",
        form,
        lambda confirmations: service.reply_to_question(
            db.session, member(), contribution, form.reply.data, confirmations=confirmations
        ),
        {"reply": form.reply.data or ""},
        messages.REPLIED,
        f"bijdrage-{contribution_id}",
        reply_to=contribution_id,
    )


@bp.route("/aanplakker/bijdrage/<int:contribution_id>/herkenbaar", methods=["POST"])
def herkenbaar(contribution_id: int):
    """Mark a contribution as recognisable, or withdraw the mark (one-click button)."""
    contribution = _load_contribution(contribution_id)
    withdraw = request.form.get("actie") == "intrekken"
    action = service.unmark_herkenbaar if withdraw else service.mark_herkenbaar
    return one_click(
        EmptyForm(),
        lambda: action(db.session, member(), contribution),
        back=url_for(
            "aanplakker.thread",
            post_id=contribution.parent_id,
            _anchor=f"bijdrage-{contribution_id}",
        ),
        message=messages.UNMARKED if withdraw else messages.MARKED,
        as_json=lambda count: {"herkenbaar_count": count, "herkenbaar_by_me": not withdraw},
    )


@bp.route("/aanplakker/<int:post_id>/fase", methods=["POST"])
def phase(post_id: int):
    """Move the Aanplakker to a later phase (author; a moderator may force)."""
    post = _load(post_id)
    form = PhaseForm()
    return one_click(
        form,
        lambda: service.advance_phase(db.session, member(), post, form.phase.data or ""),
        back=url_for("aanplakker.thread", post_id=post_id),
        message=lambda new_phase: messages.PHASE_MOVED[new_phase],
    )


@bp.route("/aanplakker/<int:post_id>/oogst", methods=["POST"])
def oogst(post_id: int):
    """The author writes the oogst, marks what helped, and so closes the thread."""
    post = _load(post_id)
    form = OogstForm()
    return _thread_form(
        post_id,
        "oogst",
        form,
        lambda confirmations: service.write_oogst(
            db.session,
            member(),
            post,
            body=form.oogst.data,
            helpful_ids=form.helpful.data or [],
            confirmations=confirmations,
        ),
        {"oogst": form.oogst.data or ""},
        messages.HARVESTED,
        "de-oogst",
    )


@bp.route("/aanplakker/<int:post_id>/vervolg", methods=["POST"])
def followup(post_id: int):
    """The author tells how it turned out."""
    post = _load(post_id)
    form = FollowupForm()
    return _thread_form(
        post_id,
        "followup",
        form,
        lambda confirmations: service.add_followup(
            db.session, member(), post, form.followup.data, confirmations=confirmations
        ),
        {"followup": form.followup.data or ""},
        messages.FOLLOWED_UP,
        "vervolg",
    )


@bp.route("/aanplakker/<int:post_id>/sluiten", methods=["POST"])
def close(post_id: int):
    """A moderator closes an Aanplakker without oogst, with a note."""
    post = _load(post_id)
    form = CloseForm()
    return _thread_form(
        post_id,
        "close",
        form,
        lambda _confirmations: service.moderator_close(db.session, member(), post, form.note.data),
        {"note": form.note.data or ""},
        messages.CLOSED,
        "inhoud",
    )


@bp.route("/onderwerpen/<slug>/volgen", methods=["POST"])
def follow_topic(slug: str):
    """Follow a topic (or stop, with actie=ontvolgen) to hear of new Aanplakkers on it."""
    topic = get_topic(db.session, slug)
    stop = request.form.get("actie") == "ontvolgen"
    action = follows.unfollow_topic if stop else follows.follow_topic
    fallback = url_for("aanplakker.board", onderwerp=topic.slug)
    return one_click(
        EmptyForm(),
        lambda: action(db.session, member(), topic),
        back=_safe_next(request.form.get("next"), fallback),
        message=(messages.UNFOLLOWED if stop else messages.FOLLOWED).format(topic=topic.name),
    )


@bp.cli.command("remind-overdue")
def remind_overdue_command():
    """Remind authors whose Aanplakker is past its end date without an oogst (run daily)."""
    reminded = service.remind_overdue(db.session)
    db.session.commit()
    click.echo(f"Herinnering gestuurd voor {len(reminded)} Aanplakker(s).")
