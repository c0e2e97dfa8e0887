"""Flask commands for integrations: create-token and import-jsonl."""

from __future__ import annotations

from pathlib import Path

import click

from kenme.errors import DomainError
from kenme.extensions import db
from kenme.models import statistics
from kenme.services import accounts, importing, tokens


@click.command("create-token")
@click.option("--email", required=True, help="E-mailadres van het lid.")
@click.option("--name", default="", help="Naam van de sleutel, bijvoorbeeld 'intranet'.")
def create_token_command(email: str, name: str):
    """Create a personal API token; prints the token (shown only once) as the last line."""
    user = accounts.find_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"Geen lid gevonden met e-mailadres {email}.")
    try:
        token, plain = tokens.create_token(db.session, user, name)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"API-sleutel '{token.name}' aangemaakt voor {user.email} ({token.prefix}…).")
    click.echo("Bewaar hem nu: hij wordt niet nog eens getoond.")
    click.echo(plain)


@click.command("import-jsonl")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--accept-soft",
    is_flag=True,
    help="Importeer ook regels met zachte privacybevindingen (bevestiging vastgelegd).",
)
@click.option(
    "--author-email",
    default=None,
    help="Lid dat als schrijver geldt wanneer een regel geen author_email heeft.",
)
def import_jsonl_command(file: Path, accept_soft: bool, author_email: str | None):
    """Import questions (one JSON object per line) through the privacy guard; idempotent."""
    try:
        importer = importing.Importer(
            db.session, accept_soft=accept_soft, default_author_email=author_email
        )
    except DomainError as error:
        raise click.ClickException(error.message) from error
    lines = file.read_text(encoding="utf-8").splitlines()
    with click.progressbar(
        enumerate(lines, start=1), length=len(lines), label="Importeren"
    ) as numbered:
        for number, line in numbered:
            importer.import_line(number, line)
    report = importer.report
    with db.engine.begin() as connection:
        statistics.refresh(connection)  # the tables the import grew (decision 0052)
    for message in report.messages:
        click.echo(message)
    click.echo(report.summary())
