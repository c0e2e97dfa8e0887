"""Edit questions and answers, read their history with a diff, and roll back."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from kenme import permissions
from kenme.extensions import db
from kenme.services import posting, suggested_edits, threads
from kenme.services.topics import list_topics
from kenme.web import messages
from kenme.web.posting import member, one_click, preview_html_of, preview_review, submit
from kenme.web.questions.diff import diff_lines, revision_text
from kenme.web.questions.forms import (
    CompareForm,
    EditAnswerForm,
    EditQuestionForm,
    RollbackForm,
)
from kenme.web.questions.views import POSTS, post_url, question_fields

bp = Blueprint("revisions", __name__)


def _editable(post_id: int):
    post = threads.get_post(db.session, member(), post_id, *POSTS)
    if not permissions.may_edit_directly(member(), post):
        if post.question.locked:
            abort(403)
        permissions.require(member(), "edit_others", post)  # says what unlocks it
    return post


def _edit_form(post, suggesting: bool = False):
    if post.is_question:
        form = EditQuestionForm(
            topics=list_topics(db.session),
            data={
                "title": post.title,
                "body": post.body_markdown,
                "topics": [t.slug for t in post.topics],
            },
        )
        if suggesting:  # a suggestion changes the text only; topics stay the author's
            del form.topics
    else:
        form = EditAnswerForm(data={"body": post.body_markdown})
    if suggesting:
        form.submit.label.text = "Voorstel indienen"
    return form


def _save(post, form, fields: dict, suggesting: bool):
    def action(confirmations):
        if suggesting:
            return suggested_edits.suggest_edit(
                db.session,
                member(),
                post,
                body=fields["body"],
                title=form.title.data if post.is_question else None,
                summary=form.summary.data or "",
                confirmations=confirmations,
            )
        return posting.edit_post(
            db.session,
            member(),
            post,
            body=fields["body"],
            title=form.title.data if post.is_question else None,
            topic_slugs=form.topics.data if post.is_question else None,
            summary=form.summary.data or "",
            confirmations=confirmations,
        )

    return submit(form, action, fields)


@bp.route("/berichten/<int:post_id>/bewerken", methods=["GET", "POST"])
def edit(post_id: int):
    """Edit a question or answer; each save is a new revision.

    Members who may not edit this post directly (below the edit threshold, decision 0022)
    get the same form, and their save becomes a suggestion for a reviewer.
    """
    viewer = member()
    post = threads.get_post(db.session, viewer, post_id, *POSTS)
    suggesting = not permissions.may_edit_directly(viewer, post)
    if suggesting and post.question.locked:
        abort(403)
    form = _edit_form(post, suggesting)
    fields = question_fields(form) if post.is_question else {"body": form.body.data or ""}
    status, review, preview_html = 200, None, None
    if form.is_submitted() and form.preview.data:
        review = preview_review(form, fields)
        preview_html = preview_html_of(fields["body"])
    elif form.validate_on_submit():
        outcome = _save(post, form, fields, suggesting)
        if outcome.ok:
            db.session.commit()
            if suggesting:
                flash(messages.EDIT_SUGGESTED, "success")
                return redirect(url_for("suggestions.show", suggestion_id=outcome.value.id))
            flash(messages.POST_EDITED, "success")
            return redirect(post_url(post))
        status, review = outcome.status, outcome.privacy
    elif form.is_submitted():
        status = 400
    return render_template(
        "questions/edit.html",
        post=post,
        form=form,
        review=review,
        preview_html=preview_html,
        suggesting=suggesting,
        pending=suggested_edits.pending_for(db.session, post) if suggesting else None,
        edit_threshold=permissions.community_settings()["edit_others"] if suggesting else None,
    ), status


@bp.route("/berichten/<int:post_id>/geschiedenis")
def history(post_id: int):
    """List the revisions of a post and show the differences between any two."""
    post = threads.get_post(db.session, member(), post_id, *POSTS)
    revisions = {r.number: r for r in post.revisions}
    latest = max(revisions)
    form = CompareForm(formdata=request.args)
    choices = [SelectChoice(n, f"Versie {n}") for n in sorted(revisions, reverse=True)]
    form.old.choices = form.new.choices = choices
    new = form.new.data if form.new.data in revisions else latest
    old = form.old.data if form.old.data in revisions else max(1, new - 1)
    form.old.data, form.new.data = old, new
    rows = diff_lines(
        revision_text(revisions[old].title, revisions[old].body_markdown),
        revision_text(revisions[new].title, revisions[new].body_markdown),
    )
    return render_template(
        "questions/history.html",
        post=post,
        revisions=sorted(revisions.values(), key=lambda r: r.number, reverse=True),
        form=form,
        old=revisions[old],
        new=revisions[new],
        rows=rows,
        changed=any(row.kind != "same" and row.kind != "skipped" for row in rows),
        rollback_form=RollbackForm(formdata=None),
        may_roll_back=permissions.may_edit_directly(member(), post),
    )


@bp.route("/berichten/<int:post_id>/terugzetten", methods=["POST"])
def rollback(post_id: int):
    """Restore an earlier revision as a new one (author and moderators)."""
    post = _editable(post_id)
    form = RollbackForm()
    number = form.revision.data
    return one_click(
        form,
        lambda: posting.rollback(db.session, member(), post, number),
        back=url_for("revisions.history", post_id=post.id),
        message=messages.ROLLED_BACK.format(number=number),
    )
