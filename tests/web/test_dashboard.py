"""The moderators' overview (/moderatie/overzicht): who may see it, its figures, its CSV files."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from kenme.errors import NotAllowed
from kenme.extensions import db
from kenme.models import Comment, Flag, FlagReason, FlagStatus, Phase, QuestionStatus, Role
from kenme.services import dashboard
from tests.factories import (
    make_aanplakker,
    make_answer_row,
    make_question_row,
    make_topic_row,
    make_user,
)
from tests.helpers import CapturedStatements

# A Wednesday. Its week began on Monday 16 March 00:00 in Amsterdam = 15 March 23:00 UTC;
# March began on 1 March 00:00 in Amsterdam = 28 February 23:00 UTC (winter time).
NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@pytest.fixture
def moderator(app):
    return make_user(role=Role.MODERATOR, display_name="Mo de Moderator")


def _answered(topic, asked: datetime, *hours_later: float):
    question = make_question_row(topics=[topic], created_at=asked)
    for hours in hours_later:
        make_answer_row(question, created_at=asked + hours * HOUR)
    return question


def test_only_moderators_see_the_overview_and_its_downloads(client, auth, moderator):
    paths = ("/moderatie/overzicht", "/moderatie/overzicht/onbeantwoord.csv")
    for path in paths:  # logged out: to the login page
        response = client.get(path)
        assert response.status_code == 302 and "/inloggen" in response.location
    auth.login_as(make_user(reputation=5000))  # many points, but no moderator
    for path in paths:
        assert client.get(path).status_code == 403
    auth.logout()
    auth.login_as(moderator)
    for path in paths:
        assert client.get(path).status_code == 200
    assert client.get("/moderatie/overzicht/bestaat-niet.csv").status_code == 404


def test_the_service_refuses_a_member(app):
    with pytest.raises(NotAllowed):
        dashboard.overview(db.session, make_user(reputation=5000), NOW)


def test_unanswered_questions_by_age(app, moderator):
    for age in (2 * HOUR, 3 * DAY, 3 * DAY, 20 * DAY, 100 * DAY):
        make_question_row(created_at=NOW - age)
    closed = make_question_row(created_at=NOW - 3 * DAY)
    closed.status = QuestionStatus.CLOSED
    _answered(make_topic_row("wmo"), NOW - 3 * DAY, 1)  # answered: not counted
    db.session.commit()
    result = dashboard.overview(db.session, moderator, NOW)
    assert result.chart("onbeantwoord").rows == (
        ("Jonger dan 1 dag", 1),
        ("1 tot 7 dagen", 2),
        ("1 tot 4 weken", 1),
        ("4 weken tot 3 maanden", 0),
        ("3 maanden of ouder", 1),
    )
    assert result.unanswered == 5


def test_median_time_to_first_answer_per_topic(app, moderator):
    norm, wmo = make_topic_row("kostendelersnorm", "Kostendelersnorm"), make_topic_row("wmo", "Wmo")
    _answered(norm, NOW - 10 * DAY, 2, 50)  # the first answer counts: 2 hours
    _answered(norm, NOW - 20 * DAY, 6)
    _answered(norm, NOW - 30 * DAY, 10.5)
    _answered(norm, NOW - 400 * DAY, 1)  # older than 365 days: left out
    _answered(wmo, NOW - 5 * DAY, 30)
    make_question_row(topics=[wmo], created_at=NOW - 2 * DAY)  # unanswered: no time yet
    rows = dashboard.overview(db.session, moderator, NOW).chart("eerste-antwoord").rows
    assert rows == (("Wmo", 30.0, 1), ("Kostendelersnorm", 6.0, 3))  # slowest first


def _flag(status: FlagStatus, resolved_at: datetime | None) -> None:
    question = make_question_row(created_at=NOW - 60 * DAY)
    db.session.add(
        Flag(
            reporter_id=make_user().id,
            post_id=question.id,
            reason=FlagReason.SPAM,
            status=status,
            created_at=NOW - 60 * DAY,
            resolved_at=resolved_at,
        )
    )
    db.session.commit()


def test_flags_handled_per_amsterdam_week(app, moderator):
    # Monday 00:30 in Amsterdam: this week; Sunday 23:30 there: last week.
    _flag(FlagStatus.UPHELD, datetime(2026, 3, 15, 23, 30, tzinfo=UTC))
    _flag(FlagStatus.DISMISSED, datetime(2026, 3, 17, 9, 0, tzinfo=UTC))
    _flag(FlagStatus.DISMISSED, datetime(2026, 3, 15, 22, 30, tzinfo=UTC))
    _flag(FlagStatus.UPHELD, datetime(2025, 12, 1, 9, 0, tzinfo=UTC))  # before the 12 weeks
    _flag(FlagStatus.OPEN, None)
    rows = dashboard.overview(db.session, moderator, NOW).chart("meldingen-per-week").rows
    assert len(rows) == 12
    assert rows[-1] == ("Week 12 (vanaf 16 maart)", 2)
    assert rows[-2] == ("Week 11 (vanaf 9 maart)", 1)
    assert sum(count for _, count in rows) == 3


def test_active_members_per_amsterdam_month(app, moderator):
    anna, bart = make_user(), make_user()
    # 1 March 00:30 in Amsterdam; then the same member again that month.
    first = make_question_row(anna, created_at=datetime(2026, 2, 28, 23, 30, tzinfo=UTC))
    make_question_row(anna, created_at=datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    # 28 February 23:30 in Amsterdam.
    make_answer_row(first, bart, created_at=datetime(2026, 2, 28, 22, 30, tzinfo=UTC))
    february = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
    db.session.add(
        Comment(
            post=first, author=anna, body="Eens.", body_html="<p>Eens.</p>", created_at=february
        )
    )
    db.session.commit()
    rows = dashboard.overview(db.session, moderator, NOW).chart("actieve-leden").rows
    assert len(rows) == 12
    assert rows[0][0] == "april 2025"
    assert rows[-1] == ("maart 2026", 1)
    assert rows[-2] == ("februari 2026", 2)
    assert sum(count for _, count in rows) == 3


def test_aanplakkers_past_their_end_date_without_an_oogst(app, moderator):
    late = make_aanplakker(phase=Phase.MEEDENKEN, title="Huisbezoek of vertrouwen bewaren?")
    done = make_aanplakker(phase=Phase.GESLOTEN, title="Een gesloten Aanplakker met oogst")
    running = make_aanplakker(title="Een Aanplakker die nog loopt tot volgende week")
    late.aanplakker_details.ends_on = date(2026, 3, 15)
    done.aanplakker_details.ends_on = date(2026, 3, 1)
    running.aanplakker_details.ends_on = date(2026, 3, 25)
    db.session.commit()
    result = dashboard.overview(db.session, moderator, NOW)
    assert result.overdue_total == 1
    assert [(o.post_id, o.phase, o.days_over) for o in result.overdue] == [
        (late.id, Phase.MEEDENKEN, 3)
    ]


def test_page_shows_each_chart_with_its_table_in_a_few_statements(client, auth, moderator):
    norm = make_topic_row("kostendelersnorm", "Kostendelersnorm")
    _answered(norm, datetime.now(UTC) - 3 * DAY, 5)
    make_question_row(created_at=datetime.now(UTC) - 2 * HOUR)
    auth.login_as(moderator)
    client.get("/moderatie/overzicht")  # the login's first page notes "last seen"
    with CapturedStatements() as captured:
        response = client.get("/moderatie/overzicht")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for title in (
        "Onbeantwoorde vragen naar leeftijd",
        "Mediane tijd tot het eerste antwoord per onderwerp",
        "Afgehandelde meldingen per week",
        "Actieve leden per maand",
    ):
        assert f"<caption>{title} (tabel)</caption>" in html
        assert f'aria-label="{title}: staafdiagram' in html
    assert html.count('<svg class="chart"') == 4
    assert "Kostendelersnorm: 5 uur" in html  # the chart's label, decimal comma style
    assert re.search(r'data-label="Mediaan \(uren\)">5</td>', html)
    assert 'aria-current="page">Overzicht</a>' in html
    # Member, login, 4 waiting figures, 4 charts (+ topic names), overdue list: about 12.
    assert len(captured.seen) <= 14, [s for s, _ in captured.seen]


def test_csv_is_for_dutch_spreadsheets_and_defuses_formulas(client, auth, moderator):
    late = make_aanplakker(phase=Phase.OOGST, title='=HYPERLINK("x") of toch vertrouwen?')
    # The overview counts days on the Amsterdam calendar: between 23:00 and 00:00 UTC (22:00 in
    # summer) the machine's date.today() is a day behind it.
    late.aanplakker_details.ends_on = datetime.now(dashboard.AMSTERDAM).date() - timedelta(days=4)
    norm = make_topic_row("kostendelersnorm", "Kostendelersnorm")
    _answered(norm, datetime.now(UTC) - 3 * DAY, 2.5)
    db.session.commit()
    auth.login_as(moderator)
    response = client.get("/moderatie/overzicht/aanplakkers-zonder-oogst.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0] == ["Aanplakker", "Fase", "Einddatum", "Dagen over de einddatum"]
    assert rows[1][0] == '\'=HYPERLINK("x") of toch vertrouwen?'
    assert rows[1][1:] == ["Oogst", late.aanplakker_details.ends_on.isoformat(), "4"]
    medians = client.get("/moderatie/overzicht/eerste-antwoord.csv").get_data(as_text=True)
    assert list(csv.reader(io.StringIO(medians[1:]), delimiter=";"))[1] == [
        "Kostendelersnorm",
        "2,5",
        "1",
    ]
