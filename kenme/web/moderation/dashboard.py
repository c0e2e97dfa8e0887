"""The moderators' overview (/moderatie/overzicht): what waits, charts with tables, CSV files.

Moderators only, checked on the server for the page and every download (403 for anyone
else). The CSV files are for Dutch spreadsheets: UTF-8 with a byte-order mark, ";" between
fields and a decimal comma; a text that starts like a formula is prefixed with "'" so that a
spreadsheet shows it as text (a title is member input).
"""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, render_template

from kenme.extensions import db
from kenme.models.types import dutch_today
from kenme.permissions import action_required
from kenme.services import dashboard, retention
from kenme.web.moderation.charts import bar_chart, number
from kenme.web.posting import member

bp = Blueprint("moderation_dashboard", __name__, url_prefix="/moderatie/overzicht")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
OVERDUE_SLUG = "aanplakkers-zonder-oogst"


@bp.get("")
@action_required("view_moderation")
def show():
    """The overview page."""
    overview = dashboard.overview(db.session, member())
    return render_template(
        "moderation/dashboard.html",
        overview=overview,
        bar_chart=bar_chart,
        number=number,
        overdue_slug=OVERDUE_SLUG,
        retention_waiting=retention.pending_count(db.session),
    )


@bp.get("/<slug>.csv")
@action_required("view_moderation")
def download(slug: str):
    """One chart's table (or the Aanplakkers without an oogst) as a CSV file."""
    overview = dashboard.overview(db.session, member())
    if slug == OVERDUE_SLUG:
        headers = ("Aanplakker", "Fase", "Einddatum", "Dagen over de einddatum")
        rows = [
            (item.title, item.phase.label, item.ends_on.isoformat(), item.days_over)
            for item in overview.overdue
        ]
    else:
        try:
            chart = overview.chart(slug)
        except StopIteration:
            abort(404)
        headers, rows = chart.headers, chart.rows
    return csv_response(slug, headers, rows)


def _cell(value) -> str:
    if isinstance(value, int | float):
        return number(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(slug: str, headers, rows) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([_cell(value) for value in row] for row in rows)
    name = f"kenme-{slug}-{dutch_today().isoformat()}.csv"
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
