"""Fixtures in the flaskr style: app, client (CSRF on), runner, auth; on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from argon2 import PasswordHasher
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from kenme import create_app
from kenme.extensions import db
from kenme.services import passwords

# Argon2id at the lowest cost the library allows, in this test process only: production's
# (3 passes over 64 MiB) takes 0.1 to 1 s per hash or login on a loaded 2-core machine, and
# the suite registers and logs in hundreds of times. The hashes keep production's shape
# (Argon2id, 16-byte salt, 32-byte hash), and unknown addresses still verify against a dummy
# hash of the same cost. tests/services/test_accounts.py checks production's parameters in a
# process of its own.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
passwords._DUMMY_HASH = passwords._hasher.hash("kenme-timing-equaliser")


def _reuse_url_builders() -> None:
    """Compile each URL rule's builder once per test process, not once per test app.

    Every test builds its own app, and werkzeug turns each of its ~170 rules into two Python
    functions (ast + compile) on the way: two thirds of create_app's time. A builder is the
    same code for the same rule; everything that differs between apps (the converters, the
    map) it reads through the rule it is bound to. Rules whose defaults fill a part of the
    path are compiled as before (their builder holds a converted default).
    """
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    built: dict[tuple, object] = {}

    def reused(self, append_unknown: bool = True):
        defaults = self.defaults or {}
        if any(dynamic and part in defaults for dynamic, part in self._trace):
            return compile_builder(self, append_unknown)
        key = (tuple(self._trace), tuple(defaults), append_unknown)
        if key not in built:
            built[key] = compile_builder(self, append_unknown)
        return built[key]

    Rule._compile_builder = reused


_reuse_url_builders()

POSTGRES_URL = os.environ.get("KENME_TEST_DATABASE_URL", "")
REQUIRE_POSTGRES = os.environ.get("KENME_REQUIRE_POSTGRES") == "1"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
DATABASES = ["sqlite", "postgresql"]


def base_config(tmp_path, database_url: str) -> dict:
    """Return the config every test app starts from."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-123456",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "MAIL_DIR": str(tmp_path / "mail"),
        "RATELIMIT_ENABLED": False,
        # The embedded search engine unless a test asks for Meilisearch (app_config marker).
        "MEILISEARCH_URL": "",
    }


def migrate_to_head(app) -> None:
    """Build the schema the way production does: with the Alembic migrations."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """Migrate one SQLite file per test session; each test gets a copy."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite3"
    migrate_to_head(create_app(base_config(folder, f"sqlite:///{path}")))
    return path


def _database_for_this_worker(url: str) -> str:
    """Give each pytest-xdist worker its own PostgreSQL database next to the configured one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_database(tmp_path_factory):
    """Migrate the PostgreSQL test database once per test session."""
    if not POSTGRES_URL:
        message = "KENME_TEST_DATABASE_URL is not set: PostgreSQL tests not run"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    from kenme.config import normalise_database_url

    url = _database_for_this_worker(normalise_database_url(POSTGRES_URL))
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    migrate_to_head(create_app(base_config(tmp_path_factory.mktemp("pg"), url)))
    return url


# Tables outside the models that hang off them by a foreign key (the fts_* tables of the
# migrations): TRUNCATE ... CASCADE emptied them too, so they are emptied here as well.
_REFERENCING_TABLES = """
    SELECT DISTINCT c.conrelid::regclass::text FROM pg_constraint c
    WHERE c.contype = 'f' AND c.confrelid::regclass::text = ANY(:names)
      AND NOT c.conrelid::regclass::text = ANY(:names)
"""
_RESTART_SEQUENCES = """
    SELECT setval(format('%I.%I', schemaname, sequencename), start_value, false)
    FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL
"""
_emptying: dict[str, list[str]] = {}


def _truncate_all(app) -> None:
    """Empty every table into new files: no pages, no planner statistics of the last test."""
    with app.app_context():
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _empty_all(app) -> None:
    """Empty every table and restart every id sequence, as TRUNCATE ... RESTART IDENTITY
    CASCADE would.

    DELETE, children before parents: a test leaves a handful of rows, and deleting them
    takes about 15 ms, where TRUNCATE gives 40 tables and their indexes new files (0.3 to
    0.7 s per test on a loaded 2-core machine, about 1,200 PostgreSQL tests). The deleted
    rows' pages stay until autovacuum, so the planner's guesses depend on the tests before:
    a test that reads PostgreSQL's plans is marked fresh_tables and gets _truncate_all.
    """
    with app.app_context(), db.engine.begin() as connection:
        url = db.engine.url.render_as_string(hide_password=False)
        if url not in _emptying:
            names = [t.name for t in db.metadata.sorted_tables]
            others = connection.execute(text(_REFERENCING_TABLES), {"names": names})
            _emptying[url] = sorted(others.scalars()) + names[::-1]
        for name in _emptying[url]:
            connection.execute(text(f'DELETE FROM "{name}"'))  # noqa: S608 (model names)
        connection.execute(text(_RESTART_SEQUENCES))


def pytest_collection_modifyitems(config, items):
    """Leave out, rather than skip, the variant of a check for the other database.

    CI fails on any skipped test, so tests about SQLite's own query plans are not collected
    for PostgreSQL at all, nor tests about PostgreSQL's connections for SQLite.
    """
    kept, dropped = [], []
    for item in items:
        database = getattr(item, "callspec", None) and item.callspec.params.get("database_url")
        other = (database == "postgresql" and item.get_closest_marker("sqlite_only")) or (
            database == "sqlite" and item.get_closest_marker("postgresql")
        )
        (dropped if other else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path):
    """Yield a migrated, empty database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "kenme.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
    else:
        yield request.getfixturevalue("postgres_database")


@pytest.fixture
def app(request, database_url, tmp_path):
    """Create an app on a fresh database, inside an app context.

    ``@pytest.mark.app_config(KEY=value)`` overrides settings read at start-up.
    """
    config = base_config(tmp_path, database_url)
    # A module's marker first, then the test's own: the closer one wins where both set a key.
    for marker in reversed(list(request.node.iter_markers("app_config"))):
        config.update(marker.kwargs)
    app = create_app(config)
    from kenme.services import threads

    threads._related_ids.clear()  # per-process cache; test databases reuse ids
    if database_url.startswith("postgresql"):
        fresh = request.node.get_closest_marker("fresh_tables")
        (_truncate_all if fresh else _empty_all)(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


class KenMeClient(FlaskClient):
    """A test client that keeps CSRF on and fetches tokens like a browser would.

    Each request runs in its own app context (fresh ``g`` and database session), as in
    production; the test's own session is committed around it so both see the same data.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.commit()
        return response

    def csrf_token(self, page: str = "/toegankelijkheid") -> str:
        for path in (page, "/toegankelijkheid", "/inloggen"):
            html = self.get(path, follow_redirects=True).get_data(as_text=True)
            match = CSRF_RE.search(html)
            if match:
                return match.group(1)
        raise AssertionError("no CSRF token found on any page")

    def post_form(self, url: str, data: dict | None = None, *, page: str | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token(page or url))
        return self.post(url, data=data, **kwargs)


@pytest.fixture
def client(app):
    """A client whose POSTs need a real CSRF token."""
    app.test_client_class = KenMeClient
    return app.test_client()


@pytest.fixture
def runner(app):
    """Run flask CLI commands against the test app."""
    return app.test_cli_runner()


class AuthActions:
    """Log a member in and out through the real forms."""

    def __init__(self, client: KenMeClient):
        self._client = client

    def login(self, email: str, password: str, **extra):
        return self._client.post_form(
            "/inloggen", {"email": email, "password": password, **extra}, page="/inloggen"
        )

    def login_as(self, user, password: str | None = None):
        from tests.factories import PASSWORD

        response = self.login(user.email, password or PASSWORD)
        assert response.status_code == 302, "login failed in test setup"
        return response

    def logout(self):
        return self._client.post_form("/uitloggen")


@pytest.fixture
def auth(client):
    """Log in and out as in the flaskr tutorial."""
    return AuthActions(client)


def _group_of(report) -> str:
    """Name the group a test belongs to in the closing summary line."""
    if report.nodeid.startswith("tests/browser/"):
        return "browser"
    if "[postgresql" in report.nodeid:
        return "PostgreSQL"
    if "[sqlite" in report.nodeid:
        return "SQLite"
    return "no database"


_controller = {}


def pytest_configure(config):
    if not hasattr(config, "workerinput"):
        _controller["config"] = config


def pytest_runtest_logreport(report):
    """Name a failure the moment it happens, not only in the summary at the end.

    A whole-suite run on a loaded machine takes the better part of an hour; under xdist its
    progress shows only "F", and a run stopped early (or cut off by a CI time limit) named none.
    """
    config = _controller.get("config")
    reporter = config and config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and report.failed:
        reporter.write("\n")
        reporter.write_line(f"FAILED NOW {report.nodeid} ({report.when})")


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """End the run with one line: which groups ran, and which were skipped and why."""
    terminalreporter = config.pluginmanager.get_plugin("terminalreporter")
    if terminalreporter is None or hasattr(config, "workerinput"):
        return
    ran: dict[str, int] = {}
    skipped: dict[str, dict[str, int]] = {}
    for status in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(status, []):
            if not hasattr(report, "nodeid") or report.when not in ("setup", "call"):
                continue
            group = _group_of(report)
            if status == "skipped":
                reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else ""
                reason = str(reason).removeprefix("Skipped: ")
                reasons = skipped.setdefault(group, {})
                reasons[reason] = reasons.get(reason, 0) + 1
            elif report.when == "call" or status == "error":
                ran[group] = ran.get(group, 0) + 1
    order = ("SQLite", "PostgreSQL", "browser", "no database")
    parts = [f"{group} {ran[group]} ran" for group in order if ran.get(group)]
    for group in order:
        for reason, count in skipped.get(group, {}).items():
            parts.append(f"{group} {count} skipped ({reason})")
    if parts:
        terminalreporter.write_line("KenMe tests: " + "; ".join(parts))
