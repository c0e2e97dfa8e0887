"""Alembic environment for Flask-Migrate: the app's engine and metadata."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url",
    target_db.engine.url.render_as_string(hide_password=False).replace("%", "%%"),
)


def run_migrations_offline():
    """Emit SQL to stdout without a database connection."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_db.metadata,
        literal_binds=True,
        **current_app.extensions["migrate"].configure_args,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run the migrations on the app's engine."""

    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    with target_db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_db.metadata, **conf_args)
        with context.begin_transaction():
            context.run_migrations()
        # `flask db current`, `check` and `migrate` run this file too; they must write
        # nothing: no catch-up (up to UPGRADE_AT_ONCE threads re-indexed, the search cache
        # bumped) and no statistics (every table counted, drifted ones analyzed).
        if not _migrates():
            return
        # SQLite's planner statistics for tables that grew or got an index (decision 0052).
        # With nothing to upgrade, Alembic's read of the version table leaves the connection
        # in a transaction of its own: end it, or begin() below refuses.
        from kenme.models import statistics

        at_head = _at_head()
        if connection.in_transaction():
            connection.commit()
        if at_head:
            try:
                with connection.begin():
                    _catch_up_search(connection)
            except Exception as error:  # the index stays right, only slower
                # Its own transaction is rolled back and the mark stays: search reads names
                # as phrases. The error's type only: its text may quote a post.
                logger.warning("search: catching the index up failed (%s)", type(error).__name__)
                print(CATCH_UP_FAILED)
        with connection.begin():
            statistics.refresh(connection)


CATCH_UP_FAILED = (
    "KenMe search: catching the index up with the thesaurus failed; the schema is upgraded and "
    "search works, but reads multi-word names as phrases (slower). Run "
    "`flask --app kenme search rebuild` at a quiet hour (about 2 minutes per 100,000 questions)."
)


def _migrates() -> bool:
    """Tell whether this command migrates the database (upgrade, downgrade or stamp: it has
    a destination revision)."""
    return context.get_context().opts.get("destination_rev") is not None


def _at_head() -> bool:
    """Tell whether the database is at the code's head: the app's models fit its schema."""
    return set(context.get_context().get_current_heads()) == set(context.script.get_heads())


def _catch_up_search(connection):
    """A migration that adds thesaurus names marks a filled index to read names as phrases;
    re-index the threads holding a name without its token and unmark it, or, when they are
    too many for an upgrade, say what to run (decision 0068). At the head only: the index
    code reads the tables through today's models."""
    from sqlalchemy.orm import Session

    from kenme.search import catch_up

    session = Session(bind=connection)
    try:
        lacking, caught_up = catch_up.catch_up(session)
        session.flush()
    finally:
        session.close()
    if not caught_up:
        print(catch_up.INSTRUCTION.format(count=lacking, bound=catch_up.UPGRADE_AT_ONCE))
    elif lacking:
        logger.info("search: %d threads re-indexed with new thesaurus names", lacking)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
