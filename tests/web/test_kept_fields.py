"""GET filter forms keep each field's HTML per value (kenme.web.forms.KeptFieldsForm)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from kenme.web.messages import SORT_LABELS, STATUS_LABELS
from kenme.web.search.forms import SearchForm
from kenme.web.topics.forms import QuestionFilterForm

FLAG_VALUES = ["y", "", "ja", '"><script>']
CASES = [
    (QuestionFilterForm, "sort", [*SORT_LABELS, "", "onbekend"]),
    (QuestionFilterForm, "status", [*STATUS_LABELS, "", '"><b>']),
    (SearchForm, "type", ["", "question", "aanplakker", "x"]),
    (SearchForm, "status", ["", "open", "closed", "x"]),
    (SearchForm, "sort", ["relevance", "newest", "votes", ""]),
    (SearchForm, "onbeantwoord", FLAG_VALUES),
    (SearchForm, "geaccepteerd", FLAG_VALUES),
    (SearchForm, "bekrachtigd", FLAG_VALUES),
]


def test_a_kept_field_is_what_wtforms_renders_for_each_value(app):
    with app.test_request_context():
        for _round in range(2):  # the second round is served from what the first kept
            for form_class, name, values in CASES:
                for value in [*values, None]:
                    data = MultiDict() if value is None else MultiDict({name: value})
                    fresh = form_class(formdata=data)[name]
                    form = form_class(formdata=data)
                    assert form.kept(name) == fresh(), (form_class, name, value)
                    assert form.kept(name, "label") == fresh.label(), (form_class, name, value)
