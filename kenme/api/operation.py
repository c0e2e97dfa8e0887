"""API operations: route, request validation and OpenAPI entry declared in one place.

A module makes one ``Operations`` for its OpenAPI tag and declares each handler with
``@ops.post(rule, "operationId", ok=Schema, status=201, errors=(403, 404))``. The request body
and query schemas come from the handler's ``json`` and ``query`` annotations, so a handler's
signature is its contract. Handlers stay explicit about what they do: who asks, which service,
what is committed and what is returned.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any

from kenme.api.blueprint import bp
from kenme.api.spec import responses, spec
from kenme.pagination import Page


class Operations:
    """The operations of one OpenAPI tag, registered on the API blueprint."""

    def __init__(self, *tags: str):
        self.tags = list(tags)

    def get(self, rule: str, op: str, **contract) -> Callable:
        return self.operation("GET", rule, op, **contract)

    def post(self, rule: str, op: str, **contract) -> Callable:
        return self.operation("POST", rule, op, **contract)

    def patch(self, rule: str, op: str, **contract) -> Callable:
        return self.operation("PATCH", rule, op, **contract)

    def delete(self, rule: str, op: str, **contract) -> Callable:
        return self.operation("DELETE", rule, op, **contract)

    def operation(
        self,
        method: str,
        rule: str,
        op: str,
        *,
        ok: Any = None,
        status: int = 200,
        errors: Iterable[int] = (),
    ) -> Callable:
        """Register a token-authenticated handler for METHOD RULE, validated and documented.

        ``ok`` is the schema of the success response with ``status``; ``errors`` the error
        statuses the operation can answer besides 400, 401 and 429, which every one can.
        """

        def register(handler: Callable) -> Callable:
            hints = inspect.get_annotations(handler, eval_str=True)
            validated = spec.validate(
                json=hints.get("json"),
                query=hints.get("query"),
                resp=responses(*errors, **{f"HTTP_{status}": ok}),
                tags=self.tags,
                operation_id=op,
            )(handler)
            bp.add_url_rule(rule, view_func=validated, methods=[method])
            return validated

        return register


def page_out(page: Page, item_out: Callable[[Any], dict]) -> dict:
    """A page of items in the shape every list operation answers."""
    return {
        "items": [item_out(item) for item in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
    }
