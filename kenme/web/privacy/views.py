"""The live privacy check: the same scan as posting, as JSON while the author types.

It never replaces the check when a text is posted. Texts are not logged or stored here.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from kenme.errors import ValidationFailed
from kenme.extensions import db, limiter
from kenme.services import privacy_gate
from kenme.web.messages import finding_kind_label

bp = Blueprint("privacy", __name__)
MAX_FIELDS = 10


@bp.route("/privacy/scan", methods=["POST"])
@limiter.limit("120/minute")
def scan():
    """Scan {"fields": {name: text}} (or {"text": ...}) and return {"findings": [...]}."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return _bad_request("Stuur de tekst als JSON.")
    fields = data.get("fields")
    if fields is None and isinstance(data.get("text"), str):
        fields = {"body": data["text"]}
    if (
        not isinstance(fields, dict)
        or len(fields) > MAX_FIELDS
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items())
    ):
        return _bad_request("Stuur de velden als tekst.")
    try:
        findings = privacy_gate.scan_fields(fields, db.session)
    except ValidationFailed as error:
        return jsonify(error={"code": error.code, "message": error.message}), 413
    return jsonify(
        findings=[
            {**f.to_dict(), "key": f.key, "label": finding_kind_label(f.kind)} for f in findings
        ]
    )


def _bad_request(message: str):
    return jsonify(error={"code": "bad_request", "message": message}), 400
