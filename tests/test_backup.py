"""`flask --app kenme backup DEST` under write load; the copy restores into a working KenMe."""

from __future__ import annotations

import threading

import pytest

from kenme import create_app
from kenme.extensions import db
from kenme.models import Post, User
from kenme.services import posting
from tests.conftest import base_config
from tests.factories import make_topic_row, make_user

BODY = "## Situatie\nDe klant woont samen met haar zoon van eind twintig. Hoe zit dat?"
ANSWER = "Volgens mij telt hij mee zodra hij 27 is; kijk ook naar de uitzonderingen."


@pytest.mark.sqlite_only
def test_backup_under_write_load_restores_clean_and_searchable(app, runner, tmp_path):
    topic = make_topic_row("kostendelersnorm")
    question = posting.ask_question(
        db.session,
        make_user(),
        title="Telt een inwonende zoon mee voor de kostendelersnorm?",
        body=BODY,
        topic_slugs=[topic.slug],
    )
    db.session.commit()
    qid, writer_id = question.id, make_user().id
    stop, written = threading.Event(), []

    def write():
        with app.app_context():
            while not stop.is_set() or len(written) < 5:
                q, writer = db.session.get(Post, qid), db.session.get(User, writer_id)
                posting.post_answer(db.session, writer, q, body=ANSWER)
                db.session.commit()
                written.append(1)
            db.session.remove()

    thread = threading.Thread(target=write)
    thread.start()
    while len(written) < 3:
        threading.Event().wait(0.01)
    dest = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", str(dest)])
    stop.set()
    thread.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["backup", str(dest)]).exit_code != 0  # never overwrites

    restored = create_app(base_config(tmp_path / "restored", f"sqlite:///{dest}"))
    with restored.app_context():
        check = restored.test_cli_runner().invoke(args=["check"])
        assert check.exit_code == 0, check.output
        answers = db.session.get(Post, qid).answer_count
        assert 3 <= answers <= len(written)
        from kenme.search import get_engine

        hits = get_engine().search("kostendelersnorm zoon").hits
        assert [h.id for h in hits] == [qid]
        db.session.remove()
        db.engine.dispose()
