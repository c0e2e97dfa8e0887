"""Flask commands: create-user, seed-demo and friends."""

from __future__ import annotations

import click
from flask import Flask

from kenme.errors import ValidationFailed
from kenme.extensions import db
from kenme.models import Role
from kenme.services import accounts


def init_cli(app: Flask) -> None:
    """Register every command on the app, the API's and search's included."""
    from kenme.api.cli import create_token_command, import_jsonl_command
    from kenme.search.cli import search_group

    for command in (
        create_user_command,
        seed_demo_command,
        reputation_group,
        create_token_command,
        import_jsonl_command,
        search_group,
        mail_group,
        digest_group,
        retention_group,
        check_command,
        backup_command,
        analyze_command,
    ):
        app.cli.add_command(command)


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--password", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.MEMBER.value)
@click.option("--organisation", default="")
@click.option("--function", default="")
def create_user_command(email, display_name, password, role, organisation, function):
    """Create a verified, approved member."""
    try:
        user = accounts.create_user(
            db.session,
            email=email,
            display_name=display_name,
            password=password,
            role=Role(role),
            organisation=organisation,
            function=function,
        )
    except ValidationFailed as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Lid aangemaakt: {user.email} ({user.role.value}), id {user.id}")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only seed when there are no members yet.")
def seed_demo_command(if_empty: bool):
    """Fill the database with demo members and content (idempotent)."""
    from kenme.demo import DEMO_MEMBERS, DEMO_PASSWORD, seed_demo
    from kenme.models import User

    if if_empty and db.session.query(User.id).first() is not None:
        click.echo("De database bevat al leden; demo-data niet opnieuw geladen.")
    else:
        seed_demo(db.session)
        db.session.commit()
        _refresh_statistics()
    click.echo(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
    for demo in DEMO_MEMBERS:
        click.echo(f"  {demo.role.value:<17} {demo.email}")


@click.group("reputation")
def reputation_group():
    """Reputation ledger tools."""


@reputation_group.command("recompute")
def reputation_recompute_command():
    """Recompute every member's reputation from the ledger and report differences."""
    from kenme.models import User
    from kenme.services.reputation import recompute

    before = {user.id: user.reputation for user in db.session.query(User)}
    totals = recompute(db.session)
    db.session.commit()
    changed = {
        uid: (old, totals.get(uid, 0)) for uid, old in before.items() if old != totals.get(uid, 0)
    }
    for uid, (old, new) in sorted(changed.items()):
        click.echo(f"lid {uid}: {old} -> {new}")
    click.echo(f"Reputatie herberekend voor {len(before)} leden; {len(changed)} gewijzigd.")


@click.group("mail")
def mail_group():
    """The mail outbox: send what is due."""


@mail_group.command("worker")
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between rounds.")
@click.option("--batch", default=100, show_default=True, help="Mails per round at most.")
def mail_worker_command(once: bool, interval: float, batch: int):
    """Send due mails from the outbox, retrying failures with back-off (runs until stopped)."""
    import time

    from kenme.services import outbox

    while True:
        outcome = outbox.send_due(db.session, limit=batch)
        if outcome.handled or once:
            click.echo(
                f"Verstuurd: {outcome.sent}, later opnieuw: {outcome.retried}, "
                f"geweigerd adres: {outcome.refused}, opgegeven: {outcome.failed}, "
                f"vervallen: {outcome.dropped}"
            )
        if once:
            return
        if outcome.handled < batch:
            time.sleep(interval)


@click.group("digest")
def digest_group():
    """Daily and weekly digests of notifications."""


@digest_group.command("send")
@click.option("--daily", "kind", flag_value="dagelijks", help="Yesterday's digest.")
@click.option("--weekly", "kind", flag_value="wekelijks", help="Last week's digest.")
@click.option("--date", "today", default=None, help="Pretend today is YYYY-MM-DD.")
def digest_send_command(kind: str | None, today: str | None):
    """Write this period's digests to the outbox; running it twice writes nothing twice."""
    from datetime import date

    from kenme.services import digest

    if kind is None:
        raise click.UsageError("Kies --daily of --weekly.")
    try:
        day = date.fromisoformat(today) if today else None
    except ValueError as error:
        raise click.BadParameter("Gebruik de vorm JJJJ-MM-DD.", param_hint="--date") from error
    result = digest.send_digests(db.session, kind, day)
    db.session.commit()
    click.echo(
        f"Overzichten: {result.written} geschreven, {result.already} bestonden al, "
        f"{result.skipped} overgeslagen ({result.members} leden met ongelezen meldingen)."
    )


@click.group("retention")
def retention_group():
    """Bewaartermijn: gesloten draden voorstellen om de casus te archiveren."""


@retention_group.command("propose")
@click.option("--date", "today", default=None, help="Pretend now is YYYY-MM-DD (00:00 UTC).")
def retention_propose_command(today: str | None):
    """Zet draden die KENME_RETENTION_MONTHS maanden gesloten zijn in de wachtrij (dagelijks)."""
    from datetime import UTC, datetime

    from flask import current_app

    from kenme.services import retention

    months = int(current_app.config.get("RETENTION_MONTHS") or 0)
    if months <= 0:
        click.echo("Bewaartermijn staat uit (KENME_RETENTION_MONTHS); niets voorgesteld.")
        return
    try:
        now = datetime.fromisoformat(today).replace(tzinfo=UTC) if today else None
    except ValueError as error:
        raise click.BadParameter("Gebruik de vorm JJJJ-MM-DD.", param_hint="--date") from error
    added = retention.propose(db.session, months, now)
    db.session.commit()
    waiting = retention.pending_count(db.session)
    click.echo(
        f"Bewaartermijn {months} maanden: {added} {'draad' if added == 1 else 'draden'} "
        f"voorgesteld; {waiting} {'wacht' if waiting == 1 else 'wachten'} op een moderator "
        "(/moderatie/bewaartermijn)."
    )


@click.command("check")
@click.option(
    "--repair",
    is_flag=True,
    help="Versies, tellers en zoekindex herstellen; het bericht blijft zoals lezers het zien.",
)
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON (voor monitoring).")
def check_command(repair: bool, as_json: bool):
    """Vergelijk tellers, zoekindex en versies met de rijen; exit 1 bij verschillen."""
    import json

    from kenme.search import get_engine
    from kenme.services.consistency import run_check

    report = run_check(db.session, get_engine(), repair=repair)
    if repair:
        db.session.commit()
    else:
        db.session.rollback()
    if as_json:
        click.echo(json.dumps(report.to_dict()))
    else:
        _echo_check(report)
    if not report.clean:
        raise click.exceptions.Exit(1)


def _echo_check(report) -> None:
    for difference in report.counters:
        click.echo(
            f"teller {difference.counter} rij {difference.row_id}: "
            f"opgeslagen {difference.stored}, geteld {difference.counted}"
        )
    index = report.index
    if index is not None:
        if index.error:
            click.echo(f"zoekindex ({index.engine}): {index.error}")
        for label, ids in (
            ("ontbreekt in de zoekindex", index.missing),
            ("staat onterecht in de zoekindex", index.extra),
            ("verouderd in de zoekindex", index.stale),
        ):
            if ids:
                click.echo(f"{label}: draad {', '.join(map(str, ids[:50]))}")
    for item in report.revisions:
        click.echo(f"bericht {item['post_id']}: {item['problem']}")
    for what, count in report.repaired.items():
        click.echo(f"hersteld ({what}): {count}")
    threads = index.threads if index is not None else 0
    if report.clean:
        click.echo(f"Alles klopt: tellers, zoekindex ({threads} draden) en versies.")
    else:
        click.echo("Verschillen gevonden (zie hierboven).")


@click.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False, writable=True))
def backup_command(dest: str):
    """Maak een consistente kopie van de SQLite-database, ook terwijl er geschreven wordt.

    Via SQLite's online-back-up (een momentopname; schrijvers gaan door). PostgreSQL:
    gebruik pg_dump -Fc (zie README, "Back-up en herstel").
    """
    import sqlite3
    from pathlib import Path

    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(
            "Deze database is PostgreSQL: maak de back-up met "
            "pg_dump -Fc -f kenme.dump <database> (zie README, 'Back-up en herstel')."
        )
    target_path = Path(dest)
    if target_path.exists():
        raise click.ClickException(f"{dest} bestaat al; kies een nieuwe bestandsnaam.")
    source = sqlite3.connect(url.database)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)  # all pages in one step: one consistent snapshot (WAL included)
    finally:
        target.close()
        source.close()
    click.echo(f"Back-up geschreven naar {dest} ({target_path.stat().st_size} bytes).")


@click.command("analyze")
@click.option("--all", "everything", is_flag=True, help="Analyze every table, not only changed.")
def analyze_command(everything: bool):
    """Werk SQLite's statistieken voor de queryplanner bij (dagelijks, op een rustig uur).

    Alleen tabellen die sinds de vorige keer twee keer zo groot (of klein) werden of een
    nieuwe index kregen; --all: alles. PostgreSQL doet dit zelf (autovacuum).
    """
    from kenme.models import statistics

    with db.engine.begin() as connection:
        if everything:
            statistics.analyze(connection)
            click.echo("Statistieken van alle tabellen bijgewerkt.")
            return
        tables = statistics.refresh(connection)
    click.echo(
        f"Statistieken bijgewerkt: {', '.join(tables)}" if tables else "Niets bij te werken."
    )


def _refresh_statistics() -> None:
    """After a load: SQLite's statistics for the tables that grew (decision 0052)."""
    from kenme.models import statistics

    with db.engine.begin() as connection:
        statistics.refresh(connection)
