"""The SpecTree instance: validates requests against the schemas and builds the OpenAPI document."""

from __future__ import annotations

import threading

from spectree import Response, SpecTree

from kenme.api.errors import field_errors, validation_failed
from kenme.api.schemas import ErrorOut

DESCRIPTION = (
    "JSON-API van KenMe, de besloten kennisgemeenschap voor klantmanagers in het sociaal "
    "domein. Authenticatie met een persoonlijke API-sleutel: `Authorization: Bearer <sleutel>` "
    "(aan te maken op je profiel of met `flask --app kenme create-token`). Elke fout heeft de "
    'vorm `{"error": {"code", "message", "details"}}`. Elke tekst gaat door de '
    "privacycontrole: persoonsgegevens van klanten geven 422 met `details.findings`."
)

TAGS = {
    "algemeen": "Status, document en je eigen account",
    "vragen": "Casusvragen, antwoorden, stemmen en reacties",
    "privacy": "De privacycontrole",
    "zoeken": "Zoeken en vergelijkbare vragen",
    "aanplakker": "De Aanplakker: collega's laten meedenken in fasen",
    "moderatie": "Meldingen, moderatie-acties en het logboek",
    "bewerkingen": "Voorgestelde bewerkingen: voorstellen, goedkeuren en afwijzen",
}


def _refuse_invalid(req, resp, req_validation_error, instance, model_adapter) -> None:
    """Turn a schema violation into our 400 validation_error with details.fields."""
    if req_validation_error is not None:
        raise validation_failed(field_errors(req_validation_error))


def _refuse_drift(req, resp, resp_validation_error, instance, model_adapter) -> None:
    """A response that breaks its own schema is our bug: answer our JSON 500, not a list."""
    if resp_validation_error is not None:
        raise RuntimeError(f"API response breaks its schema: {resp_validation_error}")


class LazySpecTree(SpecTree):
    """A SpecTree that writes its models' JSON schemas when the OpenAPI document is first
    asked for, not when each route is decorated.

    SpecTree's validate() calls _add_model for every request and response model of a route at
    import time: 414 pydantic model_json_schema() calls, which only the OpenAPI document reads
    (validation uses the model classes). Every process importing the API paid for them at
    start-up; now only the first /api/v1/openapi.json does (decision 0080). The document is the
    same: the models are added in the same order, just later.
    """

    def __init__(self, *args, **kwargs) -> None:
        self._pending: list[tuple] = []
        self._lock = threading.Lock()  # two first requests at once: one writes, one waits
        super().__init__(*args, **kwargs)

    def _add_model(self, model, mode="validation") -> str:
        self._pending.append((model, mode))
        return self.naming_strategy(model)

    def _generate_spec(self):
        with self._lock:
            pending, self._pending = self._pending, []
            for model, mode in pending:
                super()._add_model(model, mode)
            return super()._generate_spec()


spec = LazySpecTree(
    "flask",
    mode="strict",
    title="KenMe API",
    version="1.0.0",
    description=DESCRIPTION,
    openapi_version="3.1.0",
    page_templates={},
    validation_error_status=400,
    validation_error_model=ErrorOut,
    before=_refuse_invalid,
    after=_refuse_drift,
    # Plain model names: ours are unique, and nested models (User, Comment) are shared.
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    security_schemes=[
        {
            "name": "bearerAuth",
            "data": {"type": "http", "scheme": "bearer", "description": "Persoonlijke API-sleutel"},
        }
    ],
    security={"bearerAuth": []},
)

PUBLIC = {}  # OpenAPI: no security requirement


def responses(*errors: int, public: bool = False, **ok) -> Response:
    """Declare the success response(s) plus the error responses an operation can give."""
    # 415: a body that is not JSON; 503: the database is away or read-only (Retry-After).
    codes = set(errors) | {400, 415, 429, 503}
    if not public:
        codes |= {401}
    errors_out = {f"HTTP_{code}": ErrorOut for code in sorted(codes) if f"HTTP_{code}" not in ok}
    return Response(**ok, **errors_out)
