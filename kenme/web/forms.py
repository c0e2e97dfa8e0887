"""Forms shared by several blueprints."""

from __future__ import annotations

from typing import ClassVar

from flask_wtf import FlaskForm
from markupsafe import Markup

REQUIRED = "Dit veld is verplicht."


class EmptyForm(FlaskForm):
    """A one-click POST button: carries only the CSRF token."""


class KeptFieldsForm(FlaskForm):
    """A GET filter form whose fields' choices and attributes are fixed by its class, so a
    field's HTML depends only on its value: ``form.kept("sort")`` (and ``kept("sort",
    "label")``) renders it once per process and value instead of through wtforms' widgets on
    every list and search page (about 0.5-1 ms a page; decision 0040). A form that sets
    choices per request must not use it."""

    class Meta:
        csrf = False

    _kept: ClassVar[dict[tuple, Markup]] = {}
    KEPT_MAX = 1024  # values come from the query string: stop keeping, never grow unbounded

    def kept(self, name: str, part: str = "field") -> Markup:
        field = self[name]
        key = (type(self), name, part, field.id, repr(field.data), repr(field.raw_data))
        html = self._kept.get(key)
        if html is None:
            html = field.label() if part == "label" else field()
            if len(self._kept) < self.KEPT_MAX:
                self._kept[key] = html
        return html
