"""Moderators approve and suspend members; admins appoint thema-specialisten."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from kenme.errors import NotFound
from kenme.extensions import db
from kenme.models import User
from kenme.permissions import action_required
from kenme.services import moderation
from kenme.services.mail import send_mail
from kenme.services.topics import get_topic, list_topics
from kenme.web.moderation.forms import MemberSearchForm, ReasonForm, SpecialistForm, SuspendForm
from kenme.web.posting import member, one_click, submit

bp = Blueprint("moderation_members", __name__, url_prefix="/moderatie/leden")


def _member(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise NotFound("Dit lid bestaat niet.")
    return user


def _specialist_form(user: User, formdata=None) -> SpecialistForm:
    form = SpecialistForm(formdata=formdata)
    taken = {t.id for t in user.specialist_topics}
    form.topic.choices = [
        SelectChoice(t.slug, t.name) for t in list_topics(db.session) if t.id not in taken
    ]
    return form


@bp.route("")
@action_required("view_moderation")
def index():
    """Show members waiting for approval, suspended members and a member search."""
    actor = member()
    search = MemberSearchForm(formdata=request.args)
    return render_template(
        "moderation/members.html",
        search=search,
        results=moderation.search_members(db.session, actor, search.q.data or ""),
        waiting=moderation.waiting_members(db.session, actor),
        suspended=moderation.suspended_members(db.session, actor),
        form=ReasonForm(formdata=None),
    )


def render_member(user: User, *, suspend_form: SuspendForm | None = None, status: int = 200):
    return render_template(
        "moderation/member.html",
        user=user,
        suspend_form=suspend_form or SuspendForm(formdata=None),
        specialist_form=_specialist_form(user),
        form=ReasonForm(formdata=None),
    ), status


@bp.route("/<int:user_id>")
@action_required("view_moderation")
def show(user_id: int):
    """Show one member with the approve, suspend and specialist actions."""
    return render_member(_member(user_id))


def safe_back() -> str:
    """Back to the page the button was on (only our own moderation pages)."""
    target = request.form.get("next", "")
    if target.startswith("/moderatie/") and "//" not in target:
        return target
    return url_for("moderation_members.index")


@bp.route("/<int:user_id>/goedkeuren", methods=["POST"])
@action_required("approve_member")
def approve(user_id: int):
    """Let a waiting member in and tell them by e-mail."""
    user = _member(user_id)
    form = ReasonForm()
    approved: list[User] = []

    def approve_now() -> None:
        moderation.approve_member(db.session, member(), user, form.reason.data or "")
        approved.append(user)

    response = one_click(
        form,
        approve_now,
        back=safe_back(),
        message=f"{user.display_name} is goedgekeurd en kan nu inloggen.",
    )
    if approved:
        send_mail(
            user.email,
            "Je account bij KenMe is goedgekeurd",
            render_template(
                "moderation/mail_approved.txt",
                user=user,
                link=url_for("auth.login", _external=True),
            ),
        )
    return response


@bp.route("/<int:user_id>/schorsen", methods=["POST"])
@action_required("suspend")
def suspend(user_id: int):
    """Suspend a member through a date, with a reason."""
    user = _member(user_id)
    form = SuspendForm()
    if not form.validate_on_submit():
        return render_member(user, suspend_form=form, status=400)
    outcome = submit(
        form,
        lambda _confirmations: moderation.suspend(
            db.session, member(), user, form.until.data, form.reason.data
        ),
        {},
    )
    if not outcome.ok:
        return render_member(user, suspend_form=form, status=outcome.status)
    db.session.commit()
    flash(f"{user.display_name} is geschorst en uitgelogd.", "success")
    return redirect(url_for("moderation_members.show", user_id=user.id))


@bp.route("/<int:user_id>/schorsing-opheffen", methods=["POST"])
@action_required("unsuspend")
def unsuspend(user_id: int):
    """Lift a suspension early."""
    user = _member(user_id)
    form = ReasonForm()
    return one_click(
        form,
        lambda: moderation.unsuspend(db.session, member(), user, form.reason.data or ""),
        back=url_for("moderation_members.show", user_id=user.id),
        message=f"De schorsing van {user.display_name} is opgeheven.",
    )


@bp.route("/<int:user_id>/specialist", methods=["POST"])
@action_required("appoint_specialist")
def appoint(user_id: int):
    """Make a member thema-specialist for a topic."""
    user = _member(user_id)
    form = _specialist_form(user, request.form)
    return one_click(
        form,
        lambda: moderation.appoint_specialist(
            db.session, member(), user, get_topic(db.session, form.topic.data or "")
        ),
        back=url_for("moderation_members.show", user_id=user.id),
        message=f"{user.display_name} is nu thema-specialist.",
    )


@bp.route("/<int:user_id>/specialist/<slug>/beeindigen", methods=["POST"])
@action_required("appoint_specialist")
def remove(user_id: int, slug: str):
    """End a member's specialism for one topic."""
    user = _member(user_id)
    form = ReasonForm()
    return one_click(
        form,
        lambda: moderation.remove_specialist(
            db.session, member(), user, get_topic(db.session, slug), form.reason.data or ""
        ),
        back=url_for("moderation_members.show", user_id=user.id),
        message=f"{user.display_name} is geen thema-specialist meer voor dit onderwerp.",
    )
