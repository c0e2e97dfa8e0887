"""Every "today" the app shows or checks is the Dutch calendar day, from one clock (utcnow).

From 00:00 to 01:00 Amsterdam time (02:00 in summer) the machine's UTC date is yesterday. The
export files were named by date.today() (the machine's date) and the Aanplakker board's today
read datetime.now, a second clock that a test fixing utcnow did not reach.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kenme.models import types
from kenme.services import outdated
from kenme.services.aanplakker import rules
from kenme.services.moderation import members
from kenme.web.account.views import export_json_response
from kenme.web.moderation.dashboard import csv_response

NEW_YEAR = date(2027, 1, 1)


@pytest.fixture
def half_past_midnight_in_amsterdam(monkeypatch):
    # 23:30 UTC on 31 December is 00:30 on 1 January in Amsterdam (winter time, UTC+1).
    monkeypatch.setattr(types, "utcnow", lambda: datetime(2026, 12, 31, 23, 30, tzinfo=UTC))


@pytest.mark.usefixtures("half_past_midnight_in_amsterdam")
def test_every_today_is_the_dutch_day():
    assert types.dutch_today() == NEW_YEAR
    assert rules.local_today() == NEW_YEAR
    assert outdated.today() == NEW_YEAR
    assert members.today() == NEW_YEAR


@pytest.mark.usefixtures("half_past_midnight_in_amsterdam")
def test_export_files_are_named_after_the_dutch_day(app):
    with app.test_request_context():
        exported = csv_response("leden", ["Naam"], [["Vera"]])
        mine = export_json_response({}, "kenme-mijn-gegevens")
    assert 'filename="kenme-leden-2027-01-01.csv"' in exported.headers["Content-Disposition"]
    assert "kenme-mijn-gegevens-2027-01-01.json" in mine.headers["Content-Disposition"]
