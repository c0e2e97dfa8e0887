"""flask import-jsonl: through the privacy guard, idempotent, never printing the texts."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from kenme.extensions import db
from kenme.models import Post, PostType
from tests.api.conftest import ANSWER_BODY, QUESTION_BODY, QUESTION_TITLE
from tests.factories import make_user

HARD_BODY = "De klant met BSN 111222333 woont samen met haar zoon, die mantelzorg geeft aan haar."
SOFT_BODY = (
    "Mevrouw Jansen woont samen met haar zoon van eind twintig, die mantelzorg geeft. "
    "Telt hij mee voor de kostendelersnorm?"
)


def _line(n: int, **overrides) -> str:
    data = {
        "title": f"{QUESTION_TITLE} (archief {n})",
        "body": QUESTION_BODY,
        "topics": ["kostendelersnorm"],
        "answers": [{"body": ANSWER_BODY}],
        "created_at": "2019-03-04T10:15:00+01:00",
        "source_id": f"oud-{n}",
    }
    data.update(overrides)
    return json.dumps(data, ensure_ascii=False)


def _write(tmp_path, lines: list[str]):
    path = tmp_path / "import.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _count(post_type: PostType) -> int:
    return db.session.scalar(select(func.count()).where(Post.type == post_type))


def test_import_creates_questions_with_answers_and_dates(runner, topic, tmp_path):
    path = _write(tmp_path, [_line(1), _line(2, answers=[])])
    result = runner.invoke(args=["import-jsonl", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 vragen en 1 antwoorden geïmporteerd" in result.output
    question = db.session.scalar(select(Post).where(Post.source_id == "oud-1"))
    assert question.created_at.isoformat() == "2019-03-04T09:15:00+00:00"
    assert question.author.display_name == "KenMe-archief"
    assert question.answer_count == 1 and question.status.value == "answered"
    assert question.children[0].source_id == "oud-1/a1"


def test_import_is_idempotent_by_source_id(runner, topic, tmp_path):
    path = _write(tmp_path, [_line(1), _line(2)])
    runner.invoke(args=["import-jsonl", str(path)])
    again = runner.invoke(args=["import-jsonl", str(path)])
    assert "2 al aanwezig" in again.output
    assert _count(PostType.QUESTION) == 2 and _count(PostType.ANSWER) == 2


def test_lines_without_source_id_are_idempotent_too(runner, topic, tmp_path):
    line = _line(1, source_id=None)
    path = _write(
        tmp_path, [json.dumps({k: v for k, v in json.loads(line).items() if k != "source_id"})]
    )
    runner.invoke(args=["import-jsonl", str(path)])
    runner.invoke(args=["import-jsonl", str(path)])
    assert _count(PostType.QUESTION) == 1


def test_hard_findings_skip_the_line_and_name_it(runner, topic, tmp_path):
    path = _write(tmp_path, [_line(1), _line(2, body=HARD_BODY), _line(3)])
    result = runner.invoke(args=["import-jsonl", str(path), "--accept-soft"])
    assert "regel 2: harde privacybevindingen (bsn in body)" in result.output
    assert "111222333" not in result.output
    assert _count(PostType.QUESTION) == 2


def test_hard_findings_in_an_answer_skip_the_whole_line(runner, topic, tmp_path):
    path = _write(tmp_path, [_line(1, answers=[{"body": "Bel haar op 06-12345678 voor meer."}])])
    result = runner.invoke(args=["import-jsonl", str(path)])
    assert "regel 1: harde privacybevindingen (phone in answers[0].body)" in result.output
    assert "06-12345678" not in result.output
    assert _count(PostType.QUESTION) == 0


def test_soft_findings_are_reported_and_imported_only_when_accepted(runner, topic, tmp_path):
    path = _write(tmp_path, [_line(1, body=SOFT_BODY)])
    skipped = runner.invoke(args=["import-jsonl", str(path)])
    assert "regel 1: zachte privacybevindingen (name in body" in skipped.output
    assert "Jansen" not in skipped.output
    assert _count(PostType.QUESTION) == 0

    imported = runner.invoke(args=["import-jsonl", str(path), "--accept-soft"])
    assert "regel 1: geïmporteerd met bevestigde zachte bevindingen" in imported.output
    assert "Jansen" not in imported.output
    question = db.session.scalar(select(Post).where(Post.source_id == "oud-1"))
    assert any(c["kind"] == "name" for c in question.revisions[0].confirmed_findings)


def test_invalid_lines_are_reported_and_skipped(runner, topic, tmp_path):
    path = _write(
        tmp_path,
        [
            "{dit is geen json",
            json.dumps(["lijst"]),
            _line(3, topics=["bestaat-niet"]),
            _line(4, title="Kort"),
            _line(5),
        ],
    )
    result = runner.invoke(args=["import-jsonl", str(path)])
    assert result.exit_code == 0
    for number in (1, 2, 3, 4):
        assert f"regel {number}:" in result.output
    assert "3 ongeldig" not in result.output and "4 ongeldig" in result.output
    assert _count(PostType.QUESTION) == 1


def test_author_email_is_used_when_known(runner, topic, tmp_path):
    author = make_user(display_name="Oud-lid")
    path = _write(tmp_path, [_line(1, author_email=author.email), _line(2)])
    runner.invoke(args=["import-jsonl", str(path)])
    authors = {
        q.source_id: q.author_id
        for q in db.session.scalars(select(Post).where(Post.type == PostType.QUESTION))
    }
    assert authors["oud-1"] == author.id and authors["oud-2"] != author.id


def test_default_author_from_option(runner, topic, tmp_path):
    author = make_user(display_name="Migratie")
    path = _write(tmp_path, [_line(1)])
    runner.invoke(args=["import-jsonl", str(path), "--author-email", author.email])
    assert db.session.scalar(select(Post.author_id).where(Post.source_id == "oud-1")) == author.id
    unknown = runner.invoke(args=["import-jsonl", str(path), "--author-email", "x@y.nl"])
    assert unknown.exit_code != 0
