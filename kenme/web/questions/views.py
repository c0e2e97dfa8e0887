"""Ask, read and answer casusvragen; comment and vote on questions and answers."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from kenme.extensions import db
from kenme.models import LawChange, Post, PostType, Role, User
from kenme.services import comments, follows, posting, privacy_gate, threads, voting
from kenme.services.posting import BODY_MAX, TITLE_MAX
from kenme.services.topics import list_topics
from kenme.web import messages
from kenme.web.posting import member, one_click, preview_html_of, preview_review, submit
from kenme.web.questions import page_cache, thread_cache
from kenme.web.questions.forms import AcceptForm, AnswerForm, AskForm, CommentForm, VoteForm

bp = Blueprint("questions", __name__)
POSTS = (PostType.QUESTION, PostType.ANSWER)


def post_url(post: Post) -> str:
    """Link to a question or answer on its question page."""
    return url_for("questions.show", question_id=post.question.id, _anchor=f"bericht-{post.id}")


def question_fields(form) -> dict[str, str]:
    """The texts of a question form as the posting service (and its privacy gate) sees them."""
    return {"title": form.title.data or "", "body": form.body_text}


@bp.route("/vragen/stellen", methods=["GET", "POST"])
def ask():
    """Ask a casusvraag; the Preview button shows the rendered text and similar questions."""
    form = AskForm(topics=list_topics(db.session))
    status, review, preview = 200, None, None
    if form.is_submitted() and form.preview.data:
        review = preview_review(form, question_fields(form))
        preview = {
            "title": form.title.data,
            "html": preview_html_of(form.body_text),
            "similar": threads.similar_titles(db.session, form.title.data or ""),
        }
    elif form.validate_on_submit():
        outcome = submit(
            form,
            lambda confirmations: posting.ask_question(
                db.session,
                member(),
                title=form.title.data,
                body=form.body_text,
                topic_slugs=form.topics.data,
                anonymous=form.anonymous.data,
                confirmations=confirmations,
            ),
            question_fields(form),
        )
        if outcome.ok:
            db.session.commit()
            flash(messages.QUESTION_POSTED, "success")
            return redirect(url_for("questions.show", question_id=outcome.value.id))
        status, review = outcome.status, outcome.privacy
    elif form.is_submitted():
        status = 400
    return render_template("questions/ask.html", form=form, review=review, preview=preview), status


def render_question(
    question_id: int,
    *,
    answer_form: AnswerForm | None = None,
    comment_form: CommentForm | None = None,
    review=None,
    preview_html: str | None = None,
    status: int = 200,
    answer_sort: str = "default",
    reader: bool = False,
):
    """Show the question page; a failed answer or comment comes back in its own form.

    A plain member's view that the kept pages missed (page_cache.py) is rendered with slots and
    kept for the next views; the answer form and the related questions are made fresh.
    """
    viewer = member()
    question, law_changes = threads.load_question(db.session, viewer, question_id)
    came_from = None
    if reader:  # a plain GET of the page: duplicates send their readers on (decision 0019)
        if threads.redirects_to_original(viewer, question) and request.args.get("toon") != "1":
            return redirect(
                url_for("questions.show", question_id=question.duplicate_of_id, via=question.id)
            )
        came_from = threads.duplicate_reached_from(
            db.session, viewer, question, request.args.get("via", type=int)
        )
    g.setdefault("kenme_law_changes", {})[question.id] = law_changes
    g.kenme_came_from = came_from
    # A comment that came back with errors is shown in its form: that page is never kept.
    # Only the default order of the answers is kept, and only for plain members.
    keep = (
        comment_form is None
        and answer_sort == "default"
        and viewer.role == Role.MEMBER
        and page_cache.keeping()
    )
    related = threads.related_questions(db.session, question)
    following = follows.follow_state(db.session, viewer, question)
    if not keep:
        return _question_page(
            viewer,
            question,
            law_changes,
            related,
            following,
            answer_sort=answer_sort,
            answer_form=answer_form,
            comment_form=comment_form,
            review=review,
            preview_html=preview_html,
        ), status
    with page_cache.rendering():
        html = _question_page(viewer, question, law_changes, related, following)
    return page_cache.keep(question, law_changes, related, html, following.key), status


def _question_page(
    viewer: User,
    question: Post,
    law_changes: list[LawChange],
    related: list[Post],
    following: follows.FollowState,
    *,
    answer_sort: str = "default",
    answer_form: AnswerForm | None = None,
    comment_form: CommentForm | None = None,
    review=None,
    preview_html: str | None = None,
) -> str:
    """The question page (with slots when it is rendered to be kept: page_cache.rendering)."""
    review_for = ("comment", comment_form.post_id) if comment_form else ("answer", None)
    view = threads.question_view(
        db.session, viewer, question.id, question=question, answer_sort=answer_sort
    )
    # The moderation macros read endorsements through this per-request map: seeding it
    # from the view spares them a query of their own.
    g.setdefault("kenme_thread_endorsements", {})[question.id] = {
        item.answer.id: item.endorsements for item in view.answers if item.endorsements
    }
    # Only a comment that came back with errors has a form object; every other post
    # gets the empty form as plain HTML (the POST still validates with CommentForm).
    comment_forms = {comment_form.post_id: comment_form} if comment_form else {}
    thread_html = thread_cache.render(
        view,
        comment_forms=comment_forms,
        review=review,
        review_for=review_for,
        answer_sort=answer_sort,
        answer_sorts=threads.ANSWER_SORTS,
    )
    return render_template(
        "questions/show.html",
        question=question,
        thread_html=thread_html,
        related=related,
        following=following,
        law_changes=law_changes,
        answer_form=answer_form or AnswerForm(formdata=None),
        review=review,
        review_for=review_for,
        preview_html=preview_html,
        came_from=g.get("kenme_came_from"),
    )


@bp.route("/vragen/<int:question_id>")
def show(question_id: int):
    """Show a question with its answers (accepted first, or ?answers=votes|newest|oldest)."""
    answer_sort = request.args.get("answers", "default")
    if answer_sort not in threads.ANSWER_SORTS:
        answer_sort = "default"
    return render_question(question_id, answer_sort=answer_sort, reader=True)


@bp.route("/vragen/<int:question_id>/antwoorden", methods=["POST"])
def answer(question_id: int):
    """Answer a question; on a problem the page comes back with the answer kept."""
    question = threads.get_post(db.session, member(), question_id, PostType.QUESTION)
    form = AnswerForm()
    fields = {"body": form.body.data or ""}
    if form.preview.data:
        return render_question(
            question_id,
            answer_form=form,
            review=preview_review(form, fields),
            preview_html=preview_html_of(fields["body"]),
        )
    if not form.validate_on_submit():
        return render_question(question_id, answer_form=form, status=400)
    outcome = submit(
        form,
        lambda confirmations: posting.post_answer(
            db.session,
            member(),
            question,
            body=form.body.data,
            anonymous=form.anonymous.data,
            confirmations=confirmations,
        ),
        fields,
    )
    if not outcome.ok:
        return render_question(
            question_id, answer_form=form, review=outcome.privacy, status=outcome.status
        )
    db.session.commit()
    flash(messages.ANSWER_POSTED, "success")
    return redirect(post_url(outcome.value))


@bp.route("/berichten/<int:post_id>/reacties", methods=["POST"])
def comment(post_id: int):
    """Comment on a question or answer (plain text, at most 600 characters)."""
    post = threads.get_post(db.session, member(), post_id, *POSTS)
    question_id = post.question.id
    form = CommentForm(post_id=post.id)
    if not form.validate_on_submit():
        return render_question(question_id, comment_form=form, status=400)
    outcome = submit(
        form,
        lambda confirmations: comments.add_comment(
            db.session,
            member(),
            post,
            form.body.data,
            anonymous=form.anonymous.data,
            confirmations=confirmations,
        ),
        {"body": form.body.data},
    )
    if not outcome.ok:
        return render_question(
            question_id, comment_form=form, review=outcome.privacy, status=outcome.status
        )
    db.session.commit()
    flash(messages.COMMENT_POSTED, "success")
    return redirect(
        url_for("questions.show", question_id=question_id, _anchor=f"reactie-{outcome.value.id}")
    )


@bp.route("/berichten/<int:post_id>/stem", methods=["POST"])
def vote(post_id: int):
    """Vote +1 or -1, or withdraw (0); JSON for our script, a redirect otherwise."""
    post = threads.get_post(db.session, member(), post_id, *POSTS)
    form = VoteForm()
    return one_click(
        form,
        lambda: voting.vote(db.session, member(), post, form.value.data),
        back=post_url(post),
        message=lambda result: messages.VOTE_SAVED if result.my_vote else messages.VOTE_WITHDRAWN,
        as_json=lambda result: {"score": result.score, "my_vote": result.my_vote},
    )


@bp.route("/antwoorden/<int:answer_id>/accepteren", methods=["POST"])
def accept(answer_id: int):
    """Let the asker accept an answer (accepted=1) or withdraw the acceptance (accepted=0)."""
    answer = threads.get_post(db.session, member(), answer_id, PostType.ANSWER)
    form = AcceptForm()
    accepted = form.accepted.data != "0"
    return one_click(
        form,
        lambda: voting.accept(db.session, member(), answer, accepted),
        back=post_url(answer),
        message=messages.ANSWER_ACCEPTED if accepted else messages.ACCEPT_WITHDRAWN,
        as_json=lambda question: {"accepted_answer_id": question.accepted_answer_id},
    )


def _json_text(name: str, limit: int) -> str:
    data = request.get_json(silent=True) if request.is_json else None
    text = (data or {}).get(name) if request.method == "POST" else request.args.get(name)
    if not isinstance(text, str):
        text = request.form.get(name, "") if request.method == "POST" else ""
    if len(text) > limit:
        abort(413)
    return text


@bp.route("/vragen/vergelijkbaar", methods=["GET", "POST"])
def similar():
    """Suggest existing questions for a draft title (our script POSTs, keeping it out of logs)."""
    title = _json_text("title", TITLE_MAX * 4)
    notice = privacy_gate.search_refusal(title)
    if notice:  # a title with a BSN, IBAN, ... is not searched with
        return jsonify(questions=[], notice=notice)
    questions = threads.similar_titles(db.session, title)
    return jsonify(
        questions=[
            {
                "id": q.id,
                "title": q.title,
                "url": url_for("questions.show", question_id=q.id),
                "answer_count": q.answer_count,
                "status": q.status.value,
            }
            for q in questions
        ]
    )


@bp.route("/vragen/voorbeeld", methods=["POST"])
def preview():
    """Render a Markdown draft for the live preview (the same sanitiser as posting)."""
    return jsonify(html=preview_html_of(_json_text("text", BODY_MAX)))
