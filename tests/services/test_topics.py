"""Topics: listing and the slugs moderators may choose."""

from __future__ import annotations

import pytest

from kenme.errors import ValidationFailed
from kenme.extensions import db
from kenme.services import topics
from tests.factories import make_topic


def test_list_topics_is_by_name(app):
    make_topic("wmo", name="Wmo")
    make_topic("bijzondere-bijstand", name="Bijzondere bijstand")
    assert [t.slug for t in topics.list_topics(db.session)] == ["bijzondere-bijstand", "wmo"]


def test_reserved_slug_is_refused(app):
    with pytest.raises(ValidationFailed) as error:
        topics.save_topic(db.session, slug="nieuw", name="Nieuw")
    assert error.value.field == "slug"
