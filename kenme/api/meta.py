"""Health, the OpenAPI document, topics and the privacy scan."""

from __future__ import annotations

import logging

from flask import jsonify
from sqlalchemy import select

from kenme.api import health_checks
from kenme.api.auth import api_user
from kenme.api.blueprint import bp
from kenme.api.operation import Operations
from kenme.api.schemas import HealthOut, ScanIn, ScanOut, TopicList
from kenme.api.serializers import topic_out
from kenme.api.spec import PUBLIC, responses, spec
from kenme.extensions import db
from kenme.models import Topic
from kenme.permissions import public
from kenme.services import privacy_gate

logger = logging.getLogger(__name__)
vragen, privacy = Operations("vragen"), Operations("privacy")


def search_health() -> dict:
    """The search part of /health: {"engine", "status", "pending_outbox"}, from the engine."""
    from kenme import search

    return search.health()


@bp.get("/health")
@public
@spec.validate(
    resp=responses(public=True, HTTP_200=HealthOut, HTTP_503=HealthOut),
    security=PUBLIC,
    tags=["algemeen"],
    operation_id="getHealth",
)
def health():
    """Status van KenMe en elk van zijn afhankelijkheden; 503 als de database weg is.

    Database (ok, read-only, error), zoekmachine, opslag van de verzoeklimieten (ok, of
    "fallback": geheugen per proces) en de mail-outbox. Faalt zelf nooit: een afhankelijkheid
    die niet antwoordt staat als "error" of "degraded" in het antwoord.
    """
    database = health_checks.database()
    parts = {
        "search": health_checks.guarded(search_health, health_checks.SEARCH_ERROR),
        "rate_limit": health_checks.rate_limit(),
        "mail_outbox": health_checks.mail_outbox()
        if database != "error"
        else health_checks.MAIL_UNKNOWN,
    }
    ok = database == "ok" and all(part["status"] == "ok" for part in parts.values())
    body = {"status": "ok" if ok else "degraded", "database": database, **parts}
    return body, 503 if database == "error" else 200


@bp.get("/openapi.json")
@public
@spec.validate(
    resp=responses(public=True, HTTP_200=None),
    security=PUBLIC,
    tags=["algemeen"],
    operation_id="getOpenapi",
)
def openapi():
    """Dit OpenAPI 3.1-document, gemaakt uit dezelfde schema's die verzoeken controleren."""
    return jsonify(spec.spec)


@vragen.get("/topics", "listTopics", ok=TopicList)
def topics():
    """Alle onderwerpen, op naam."""
    api_user()
    items = db.session.scalars(select(Topic).order_by(Topic.name, Topic.id))
    return {"items": [topic_out(t) for t in items]}


@privacy.post("/privacy/scan", "scanText", ok=ScanOut)
def privacy_scan(json: ScanIn):
    """Controleer een tekst op persoonsgegevens van klanten; er wordt niets opgeslagen."""
    api_user()
    findings = privacy_gate.scan_fields({"text": json.text}, db.session)
    return {"findings": [f.to_dict() for f in findings]}
