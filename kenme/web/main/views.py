"""Home (the question lists), the accessibility statement and security.txt."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, current_app, render_template, request

from kenme.extensions import db
from kenme.models.types import utcnow
from kenme.permissions import public
from kenme.services import follows, question_lists
from kenme.web.messages import SORT_LABELS
from kenme.web.posting import member

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    """List questions: newest, active, unanswered or most votes."""
    sort = request.args.get("sort", "newest")
    if sort not in SORT_LABELS:
        sort = "newest"
    viewer = member()
    ignored = follows.ignored_topic_ids(db.session, viewer)
    # Counted a few pages ahead only: a count of every question grows with the site.
    page = question_lists.list_questions(
        db.session,
        viewer,
        sort=sort,
        page=request.args.get("page", 1),
        exact_total=False,
        rows=True,
        ignored=ignored,
    )
    return render_template(
        "main/index.html", page=page, sort=sort, sorts=SORT_LABELS, ignored_count=len(ignored)
    )


@bp.route("/toegankelijkheid")
@public
def accessibility():
    """Show the accessibility statement (public: required for public-sector services)."""
    return render_template("main/accessibility.html")


@bp.route("/.well-known/security.txt")
@public
def security_txt():
    """Tell security researchers how to reach us (RFC 9116)."""
    expires = (utcnow() + timedelta(days=180)).replace(microsecond=0).isoformat()
    body = (
        f"Contact: {current_app.config['SECURITY_CONTACT']}\n"
        f"Expires: {expires}\n"
        "Preferred-Languages: nl, en\n"
        "Policy: /toegankelijkheid#veiligheid\n"
    )
    return Response(body, mimetype="text/plain")
