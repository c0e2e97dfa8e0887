"""Domain errors raised by services, permissions and search; views and the API translate them."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the action; message is Dutch, for the member."""

    code = "conflict"
    status = 409

    def __init__(self, message: str, *, field: str | None = None, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or {}


class ValidationFailed(DomainError):
    """Input is incomplete or malformed."""

    code = "validation_error"
    status = 400


class NotAllowed(DomainError):
    """The acting member may not do this."""

    code = "forbidden"
    status = 403


class NotFound(DomainError):
    """The object does not exist or is not visible to the acting member."""

    code = "not_found"
    status = 404


class Conflict(DomainError):
    """The action conflicts with the current state."""

    code = "conflict"
    status = 409
