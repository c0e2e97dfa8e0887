"""The moderators' thesaurus page: list, add, change and delete synonym groups."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from sqlalchemy import func, select

from kenme.errors import NotFound, ValidationFailed
from kenme.extensions import db
from kenme.models import SynonymGroupRecord
from kenme.permissions import moderator_required
from kenme.search import synonyms
from kenme.web.forms import EmptyForm
from kenme.web.posting import member
from kenme.web.search.forms import SynonymGroupForm

bp = Blueprint("thesaurus", __name__, url_prefix="/moderatie/thesaurus")


def _groups() -> list[SynonymGroupRecord]:
    return list(
        db.session.scalars(
            select(SynonymGroupRecord).order_by(func.lower(SynonymGroupRecord.canonical))
        )
    )


def _save(form: SynonymGroupForm, group_id: int | None) -> bool:
    """Save the form through the service; on a problem, put the message on the field."""
    try:
        data = synonyms.parse_input(
            form.canonical.data, form.terms.data, form.kind.data, form.note.data
        )
        synonyms.save_group(db.session, member(), data, group_id)
    except ValidationFailed as error:
        db.session.rollback()
        target = form._fields.get(error.field or "", form.canonical)
        target.errors = [*target.errors, error.message]
        return False
    db.session.commit()
    return True


@bp.route("", methods=["GET", "POST"])
@moderator_required
def index():
    """List the thesaurus and add a group."""
    form = SynonymGroupForm()
    if form.validate_on_submit() and _save(form, None):
        flash("Synoniemengroep toegevoegd. Zoeken gebruikt hem meteen.", "success")
        return redirect(url_for("thesaurus.index"))
    status = 400 if form.errors else 200
    return render_template("search/thesaurus.html", form=form, groups=_groups()), status


@bp.route("/<int:group_id>", methods=["GET", "POST"])
@moderator_required
def edit(group_id: int):
    """Change one synonym group."""
    group = db.session.get(SynonymGroupRecord, group_id)
    if group is None:
        raise NotFound("Deze synoniemengroep bestaat niet (meer).")
    form = SynonymGroupForm(
        data={
            "canonical": group.canonical,
            "terms": "\n".join(group.terms or []),
            "kind": group.kind,
            "note": group.note,
        }
    )
    if form.validate_on_submit() and _save(form, group_id):
        flash("Synoniemengroep opgeslagen.", "success")
        return redirect(url_for("thesaurus.index"))
    status = 400 if form.errors else 200
    return render_template("search/thesaurus_edit.html", form=form, group=group), status


@bp.route("/<int:group_id>/verwijderen", methods=["POST"])
@moderator_required
def delete(group_id: int):
    """Delete one synonym group."""
    form = EmptyForm()
    if form.validate_on_submit():
        synonyms.delete_group(db.session, group_id)
        db.session.commit()
        flash("Synoniemengroep verwijderd.", "success")
    else:
        flash("Het formulier was verlopen. Probeer het opnieuw.", "error")
    return redirect(url_for("thesaurus.index"))
