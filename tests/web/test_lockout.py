"""Failed logins back off per account and are limited per address, across workers.

The lock's expiry is never waited for: a test that needs it over clears the lock's key, as
the storage's expiry would (no test depends on the clock).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kenme.extensions import limiter
from kenme.web.auth import lockout
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.app_config(RATELIMIT_ENABLED=True, LOGIN_ADDRESS_RATE_LIMIT="1000/minute")
WRONG = "fout-fout-fout-fout"
WAIT = re.compile(r"Probeer het om (\d\d:\d\d) opnieuw \(over (\d+) (minuut|minuten)\)")


@pytest.fixture(autouse=True)
def own_keys(app):
    """Keys of this test only (the limiter's storage outlives one app)."""
    app.config["RATELIMIT_KEY_PREFIX"] = f"t{uuid.uuid4().hex[:12]}:"
    limiter.reset()
    yield
    limiter.reset()


def attempt(client, email: str, password: str = WRONG, **extra):
    return client.post_form("/inloggen", {"email": email, "password": password}, **extra)


def waits(response) -> int | None:
    """The minutes the page says to wait, or None when it says nothing of waiting."""
    match = WAIT.search(response.get_data(as_text=True))
    return int(match.group(2)) if match else None


def expire_lock(app, email: str) -> None:
    with app.app_context():
        limiter.storage.clear(lockout._keys(email)[1])


def test_an_account_backs_off_more_after_each_failure_beyond_the_free_ones(client, app):
    user = make_user()
    for _ in range(5):
        response = attempt(client, user.email)
        assert response.status_code == 200 and waits(response) is None
    locked = attempt(client, user.email)
    assert locked.status_code == 429 and waits(locked) == 1
    right = attempt(client, user.email, PASSWORD)
    assert right.status_code == 429 and waits(right) == 1, "locked even with the right password"
    assert client.get("/").status_code == 302, "not logged in"
    seen = []
    for _ in range(3):
        expire_lock(app, user.email)
        seen.append(waits(attempt(client, user.email)))
    assert seen == [2, 4, 8]
    expire_lock(app, user.email)
    assert attempt(client, user.email, PASSWORD).status_code == 302
    assert client.get("/").status_code == 200


def test_the_message_gives_the_clock_time_in_amsterdam(app):
    until = datetime(2026, 7, 1, 12, 0, 30, tzinfo=UTC)  # summer time: 14:00:30 there
    message = lockout.wait_message(until, now=until - timedelta(minutes=3, seconds=30))
    assert message == "Probeer het om 14:01 opnieuw (over 4 minuten)."


def test_colleagues_behind_the_same_address_can_still_log_in(client, app):
    typist, colleague = make_user(), make_user()
    for _ in range(12):
        expire_lock(app, typist.email)
        attempt(client, typist.email)
    assert waits(attempt(client, typist.email, PASSWORD)) is not None
    assert attempt(client, colleague.email, PASSWORD).status_code == 302


def test_an_unknown_address_backs_off_exactly_like_a_known_one(client, app):
    known = make_user().email
    unknown = "niemand-hier@gemeente.nl"
    pages = {}
    for email in (known, unknown):
        for _ in range(6):
            response = attempt(client, email)
        pages[email] = (response.status_code, waits(response))
    assert pages[known] == pages[unknown] == (429, 1)


def test_a_good_login_forgets_the_failures(client, app, auth):
    user = make_user()
    for _ in range(4):
        attempt(client, user.email)
    assert attempt(client, user.email, PASSWORD).status_code == 302
    auth.logout()
    for _ in range(5):
        assert waits(attempt(client, user.email)) is None


@pytest.mark.app_config(LOGIN_ADDRESS_RATE_LIMIT="8/minute")
def test_the_address_limit_counts_failures_of_all_accounts_and_says_when(client, app):
    for n in range(8):
        assert attempt(client, f"collega{n}@gemeente.nl").status_code == 200
    blocked = attempt(client, "nog-een-collega@gemeente.nl")
    assert blocked.status_code == 429
    text = blocked.get_data(as_text=True)
    assert "Te veel pogingen in korte tijd." in text and waits(blocked) == 1


def test_the_default_address_limit_is_far_above_the_accounts_free_failures(app):
    from limits import parse_many

    from kenme.config import environment_settings

    per_minute = min(
        item.amount for item in parse_many(environment_settings()["LOGIN_ADDRESS_RATE_LIMIT"])
    )
    assert per_minute >= 10 * environment_settings()["LOGIN_FREE_FAILURES"]


@given(st.integers(min_value=0, max_value=10_000))
def test_backoff_never_shrinks_and_stays_under_its_cap(failures):
    with _config_app().app_context():
        now, later = lockout.backoff_seconds(failures), lockout.backoff_seconds(failures + 1)
        assert 0 <= now <= later <= 3600
        assert (now == 0) == (failures <= 5)


_APP = []


def _config_app():
    """A bare Flask app with the lockout's default settings (no database needed)."""
    if not _APP:
        from flask import Flask

        from kenme.config import environment_settings

        bare = Flask("lockout-settings")
        bare.config.update(environment_settings())
        _APP.append(bare)
    return _APP[0]


# --- across workers: the lock lives in Redis ------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    """A Redis server of this module's own, on loopback, without persistence."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (.ci/run installs it)")
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (our own command line)
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


WORKER = textwrap.dedent(
    """
    import sys
    from kenme import create_app
    from kenme.web.auth import lockout
    url, prefix, database, email = sys.argv[1:5]
    app = create_app({
        "TESTING": True, "SECRET_KEY": "another-worker-" + "x" * 32,
        "SQLALCHEMY_DATABASE_URI": database, "INSTANCE_PATH": sys.argv[5],
        "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": url, "RATELIMIT_KEY_PREFIX": prefix,
        "WTF_CSRF_ENABLED": False,
    })
    client = app.test_client()
    for _ in range(6):
        form = {"email": email, "password": "fout-fout-fout"}
        status = client.post("/inloggen", data=form).status_code
    print(status)
    """
)


@pytest.mark.sqlite_only
def test_a_lock_set_by_another_worker_holds_here(app, redis_url, tmp_path):
    """Another process (a second gunicorn worker, say) locks the account; this one sees it."""
    from kenme import create_app
    from tests.conftest import KenMeClient, base_config

    user = make_user()
    prefix = app.config["RATELIMIT_KEY_PREFIX"]
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    other = subprocess.run(  # noqa: S603 (our own command line)
        [sys.executable, "-c", WORKER, redis_url, prefix, database, user.email, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert other.returncode == 0, other.stderr[-2000:]
    assert other.stdout.strip().endswith("429")
    config = base_config(tmp_path, database)
    config.update(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url)
    config.update(RATELIMIT_KEY_PREFIX=prefix)
    here = create_app(config)  # this worker, on the same Redis
    try:
        here.test_client_class = KenMeClient
        client = here.test_client()
        response = attempt(client, user.email, PASSWORD)
        assert response.status_code == 429 and waits(response) == 1
        assert client.get("/").status_code == 302
        colleague = make_user()
        assert attempt(client, colleague.email, PASSWORD).status_code == 302
    finally:
        with here.app_context():
            limiter.reset()
