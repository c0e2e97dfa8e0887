"""``flask --app kenme search …``: rebuild the index, run the outbox worker, show status."""

from __future__ import annotations

import json
import time

import click

from kenme.extensions import db


@click.group("search")
def search_group():
    """Zoekindex beheren."""


@search_group.command("rebuild")
def rebuild_command():
    """Bouw de zoekindex opnieuw op uit de database (Meilisearch: nieuwe index, dan wisselen)."""
    from kenme.search import get_engine

    engine = get_engine()
    started = time.perf_counter()

    def progress(count: int) -> None:
        if count % 10_000 < 1000:
            click.echo(f"  {count} draden …")

    count = engine.rebuild(db.session, progress=progress)
    db.session.commit()
    took = time.perf_counter() - started
    click.echo(f"Zoekindex ({engine.name}) opnieuw opgebouwd: {count} draden in {took:.1f} s.")


@search_group.command("worker")
@click.option("--once", is_flag=True, help="Verwerk wat klaarstaat en stop dan.")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--interval", default=1.0, show_default=True, type=click.FloatRange(0.05, 60))
def worker_command(once: bool, batch_size: int, interval: float):
    """Stuur wijzigingen uit de outbox naar Meilisearch (met nieuwe pogingen bij storing)."""
    from kenme.search import get_engine
    from kenme.search.meili import MeilisearchEngine
    from kenme.search.outbox import run_worker

    engine = get_engine()
    if not isinstance(engine, MeilisearchEngine):
        click.echo("De ingebouwde zoekmachine werkt in de database zelf; er is geen outbox.")
        return
    code = run_worker(
        db.session, engine, once=once, batch_size=batch_size, interval=interval, echo=click.echo
    )
    if code:
        raise click.exceptions.Exit(code)


@search_group.command("status")
def status_command():
    """Toon de zoekmachine, haar toestand en de achterstand (JSON); exit 1 als die niet ok is."""
    from kenme.search import health

    status = health()
    click.echo(json.dumps(status))
    if status.get("status") != "ok":
        raise click.exceptions.Exit(1)  # for monitoring: the engine is away or behind
