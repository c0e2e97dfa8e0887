"""Back-ups under write load restore into a working KenMe: SQLite through
`flask --app kenme backup DEST`, PostgreSQL through `pg_dump -Fc` and `pg_restore` (README,
"Back-up en herstel"). No skips: CI installs postgresql-client (.ci/run).
"""

from __future__ import annotations

import shutil
import subprocess
import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kenme import create_app
from kenme.extensions import db
from kenme.models import Post, User
from kenme.services import posting
from tests.conftest import base_config
from tests.factories import make_topic_row, make_user

BODY = "## Situatie\nDe klant woont samen met haar zoon van eind twintig. Hoe zit dat?"
ANSWER = "Volgens mij telt hij mee zodra hij 27 is; kijk ook naar de uitzonderingen."


class Writer:
    """Answers one question in a thread, over and over, until stopped (at least 5 times)."""

    def __init__(self, app):
        topic = make_topic_row("kostendelersnorm")
        question = posting.ask_question(
            db.session,
            make_user(),
            title="Telt een inwonende zoon mee voor de kostendelersnorm?",
            body=BODY,
            topic_slugs=[topic.slug],
        )
        db.session.commit()
        self.app, self.qid, self.writer_id = app, question.id, make_user().id
        self.stop, self.written = threading.Event(), []
        self.thread = threading.Thread(target=self._write)

    def _write(self):
        with self.app.app_context():
            while not self.stop.is_set() or len(self.written) < 5:
                q, writer = db.session.get(Post, self.qid), db.session.get(User, self.writer_id)
                posting.post_answer(db.session, writer, q, body=ANSWER)
                db.session.commit()
                self.written.append(1)
            db.session.remove()

    def __enter__(self):
        self.thread.start()
        while len(self.written) < 3:  # the back-up starts while answers are being written
            threading.Event().wait(0.01)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=60)


def assert_restored_copy_works(restored, writer: Writer) -> None:
    """`db upgrade` is a no-op, `check` is clean, the counts add up and search finds the thread."""
    with restored.app_context():
        runner = restored.test_cli_runner()
        upgrade = runner.invoke(args=["db", "upgrade"])
        assert upgrade.exit_code == 0, upgrade.output
        check = runner.invoke(args=["check"])
        assert check.exit_code == 0, check.output
        answers = db.session.get(Post, writer.qid).answer_count
        assert 3 <= answers <= len(writer.written)
        assert db.session.query(Post).filter_by(parent_id=writer.qid).count() == answers
        from kenme.search import get_engine

        hits = get_engine().search("kostendelersnorm zoon").hits
        assert [h.id for h in hits] == [writer.qid]
        db.session.remove()
        db.engine.dispose()


@pytest.mark.sqlite_only
def test_backup_under_write_load_restores_clean_and_searchable(app, runner, tmp_path):
    dest = tmp_path / "backup.sqlite3"
    with Writer(app) as writer:
        result = runner.invoke(args=["backup", str(dest)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["backup", str(dest)]).exit_code != 0  # never overwrites

    restored = create_app(base_config(tmp_path / "restored", f"sqlite:///{dest}"))
    assert_restored_copy_works(restored, writer)


@pytest.mark.postgresql
def test_pg_dump_under_write_load_restores_clean_and_searchable(app, database_url, tmp_path):
    tools = {name: shutil.which(name) for name in ("pg_dump", "pg_restore")}
    assert all(tools.values()), f"install postgresql-client: {tools}"
    source = make_url(database_url)
    libpq = source.set(drivername="postgresql")  # what pg_dump understands
    target = source.set(database=f"{source.database}_restored")
    admin = create_engine(source.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    dump = tmp_path / "kenme.dump"
    try:
        with Writer(app) as writer:
            subprocess.run(  # noqa: S603 (fixed arguments)
                [
                    tools["pg_dump"],
                    "-Fc",
                    "-f",
                    str(dump),
                    libpq.render_as_string(hide_password=False),
                ],
                check=True,
                capture_output=True,
            )
        subprocess.run(  # noqa: S603 (fixed arguments)
            [
                tools["pg_restore"],
                "--no-owner",
                "-d",
                libpq.set(database=target.database).render_as_string(hide_password=False),
                str(dump),
            ],
            check=True,
            capture_output=True,
        )
        url = target.render_as_string(hide_password=False)
        assert_restored_copy_works(create_app(base_config(tmp_path / "restored", url)), writer)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        admin.dispose()
