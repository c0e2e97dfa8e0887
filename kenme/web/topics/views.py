"""Topic overview and topic pages; moderators add and edit topics."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from kenme.extensions import db
from kenme.models import Topic
from kenme.permissions import moderator_required
from kenme.services import follows, question_lists
from kenme.services import topics as topic_service
from kenme.web import messages
from kenme.web.posting import member, submit
from kenme.web.topics.forms import QuestionFilterForm, TopicForm

bp = Blueprint("topics", __name__, url_prefix="/onderwerpen")


@bp.route("")
def index():
    """List every topic with its number of questions and followers."""
    return render_template("topics/index.html", topics=topic_service.list_topics(db.session))


@bp.route("/<slug>")
def show(slug: str):
    """Show a topic: description, legal basis, and its questions sorted and filtered."""
    topic = topic_service.get_topic(db.session, slug)
    form = QuestionFilterForm(formdata=request.args)
    viewer = member()
    ignored, following = follows.topic_stance(db.session, viewer, topic)
    page = question_lists.list_questions(
        db.session,
        viewer,
        sort=form.sort_value,
        status=form.status_value,
        topic=topic,
        page=request.args.get("page", 1),
        exact_total=False,
        rows=True,
        ignored=ignored,
    )
    return render_template(
        "topics/show.html",
        topic=topic,
        form=form,
        page=page,
        following=following,
        synonyms=topic_service.synonym_terms(db.session, topic),
        ignoring=topic.id in ignored,
        ignored_count=len(ignored - {topic.id}),
    )


def _save(form: TopicForm, topic: Topic | None):
    """Create or update a topic from the form, then show it."""
    outcome = submit(
        form,
        lambda _confirmations: topic_service.save_topic(
            db.session,
            slug=form.slug.data,
            name=form.name.data,
            description=form.description.data or "",
            legal_basis=form.legal_basis.data or "",
            synonyms=form.synonym_list,
            topic=topic,
        ),
        {},
    )
    if outcome.ok:
        db.session.commit()
        flash(messages.TOPIC_SAVED, "success")
        return redirect(url_for("topics.show", slug=outcome.value.slug))
    return render_template("topics/form.html", form=form, topic=topic), outcome.status


@bp.route("/nieuw", methods=["GET", "POST"])
@moderator_required
def new():
    """Add a topic (moderators)."""
    form = TopicForm()
    if form.validate_on_submit():
        return _save(form, None)
    status = 400 if form.is_submitted() else 200
    return render_template("topics/form.html", form=form, topic=None), status


@bp.route("/<slug>/bewerken", methods=["GET", "POST"])
@moderator_required
def edit(slug: str):
    """Edit a topic and its synonyms (moderators)."""
    topic = topic_service.get_topic(db.session, slug)
    form = TopicForm(
        data={
            "name": topic.name,
            "slug": topic.slug,
            "description": topic.description,
            "legal_basis": topic.legal_basis,
            "synonyms": "\n".join(s.term for s in topic.synonyms),
        }
    )
    if form.validate_on_submit():
        return _save(form, topic)
    status = 400 if form.is_submitted() else 200
    return render_template("topics/form.html", form=form, topic=topic), status
