"""The inbox, read marks, and following or ignoring questions, Aanplakkers, topics, members."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from kenme.errors import NotFound
from kenme.extensions import db
from kenme.models import Post, PostType, User
from kenme.services import follows, notifications
from kenme.services.topics import get_topic
from kenme.web.forms import EmptyForm
from kenme.web.posting import member, one_click

bp = Blueprint("notifications", __name__)

FOLLOWED = "Je volgt nu {what}. Nieuwe activiteit zie je bij je meldingen."
UNFOLLOWED = "Je volgt {what} niet meer."
IGNORED = "Je negeert nu het onderwerp {what}: volgen en meldingen erover staan uit."
UNIGNORED = "Je negeert het onderwerp {what} niet meer."
ALL_READ = "Alle meldingen zijn gemarkeerd als gelezen."
READ = "De melding is gemarkeerd als gelezen."


def _safe_next(value: str | None, fallback: str) -> str:
    """Only a path on this site ("/…", not "//…") to go back to."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return fallback


@bp.route("/meldingen")
def inbox():
    """The member's notifications, grouped per thread, newest first."""
    page = notifications.inbox(db.session, member(), request.args.get("pagina", 1))
    return render_template("notifications/inbox.html", page=page, form=EmptyForm())


@bp.route("/meldingen/gelezen", methods=["POST"])
def read_all():
    """Mark every notification as read."""
    return one_click(
        EmptyForm(),
        lambda: notifications.mark_all_read(db.session, member()),
        back=url_for("notifications.inbox"),
        message=ALL_READ,
    )


@bp.route("/meldingen/<int:notification_id>/gelezen", methods=["POST"])
def read_one(notification_id: int):
    """Mark one line of the inbox (a thread's notifications of one kind) as read."""
    return one_click(
        EmptyForm(),
        lambda: notifications.mark_group_read(db.session, member(), notification_id),
        back=_safe_next(request.form.get("next"), url_for("notifications.inbox")),
        message=READ,
    )


@bp.route("/meldingen/<int:notification_id>")
def open_one(notification_id: int):
    """Follow a notification's link; its line of the inbox counts as read.

    A GET that marks as read, as mail clients and GitHub do: following a link is what
    reading means, and all another site can do with it is mark a member's own notification
    read.
    """
    note = notifications.mark_group_read(db.session, member(), notification_id)
    db.session.commit()
    return redirect(_safe_next(note.url, url_for("notifications.inbox")))


def _thread(post_id: int) -> Post:
    post = db.session.get(Post, post_id)
    if post is None or post.type not in (PostType.QUESTION, PostType.AANPLAKKER):
        abort(404)
    return post


def _thread_page(post: Post) -> str:
    if post.type == PostType.AANPLAKKER:
        return url_for("aanplakker.thread", post_id=post.id)
    return url_for("questions.show", question_id=post.id)


@bp.route("/vragen/<int:post_id>/volgen", methods=["GET", "POST"])
@bp.route("/aanplakker/<int:post_id>/volgen", methods=["GET", "POST"])
def thread_follow(post_id: int):
    """Whether I follow this question or Aanplakker, and the button to change it."""
    post = _thread(post_id)
    if request.method == "GET":
        if not post.is_visible:
            abort(404)
        following = follows.is_following_thread(db.session, member(), post)
        return render_template(
            "notifications/thread_follow.html",
            post=post,
            following=following,
            back=_thread_page(post),
            form=EmptyForm(),
        )
    stop = request.form.get("actie") == "ontvolgen"
    action = follows.unfollow_thread if stop else follows.follow_thread
    what = "deze vraag" if post.type == PostType.QUESTION else "deze Aanplakker"
    return one_click(
        EmptyForm(),
        lambda: action(db.session, member(), post),
        back=_safe_next(request.form.get("next"), request.path),
        message=(UNFOLLOWED if stop else FOLLOWED).format(what=what),
    )


@bp.route("/leden/<int:user_id>/volgen", methods=["POST"])
def member_follow(user_id: int):
    """Follow a colleague's new questions and answers (or stop, with actie=ontvolgen)."""
    other = db.session.get(User, user_id)
    if other is None or other.deleted_at is not None:
        raise NotFound("Dit lid bestaat niet (meer).")
    stop = request.form.get("actie") == "ontvolgen"
    action = follows.unfollow_member if stop else follows.follow_member
    return one_click(
        EmptyForm(),
        lambda: action(db.session, member(), other),
        back=url_for("users.profile", user_id=other.id),
        message=(UNFOLLOWED if stop else FOLLOWED).format(what=other.display_name),
    )


@bp.route("/onderwerpen/<slug>/negeren", methods=["POST"])
def topic_ignore(slug: str):
    """Ignore a topic (or stop, with actie=niet-negeren)."""
    topic = get_topic(db.session, slug)
    stop = request.form.get("actie") == "niet-negeren"
    action = follows.unignore_topic if stop else follows.ignore_topic
    return one_click(
        EmptyForm(),
        lambda: action(db.session, member(), topic),
        back=_safe_next(request.form.get("next"), url_for("notifications.following")),
        message=(UNIGNORED if stop else IGNORED).format(what=topic.name),
    )


@bp.route("/meldingen/volgen")
def following():
    """What I follow and ignore, each with a button to stop."""
    listing = follows.followed(db.session, member())
    return render_template("notifications/following.html", form=EmptyForm(), **listing)
