"""Concurrent writers: python -m benchmarks.run --writers --database-url postgresql://...

``--writer-count`` processes (20 by default) each post answers through the posting service,
one transaction per answer as the answer form does, to questions drawn from a Zipf
distribution over the open questions (so popular threads see concurrent answers too).
Answers per second and the p95 of one answer show whether any single row serialises
writers: a row every writing transaction updates makes them queue from that update to their
commit, whatever thread they write to.
"""

from __future__ import annotations

import bisect
import itertools
import multiprocessing
import random
import time

from sqlalchemy import select

from benchmarks.common import make_app
from benchmarks.inprocess import percentiles
from benchmarks.scenarios import answer_text

ZIPF_S = 1.0


def _targets(app) -> tuple[list[int], list[int]]:
    from kenme.extensions import db
    from kenme.models import Post, PostType, QuestionStatus, Role, User, Visibility

    with app.app_context():
        questions = db.session.scalars(
            select(Post.id)
            .where(
                Post.type == PostType.QUESTION,
                Post.visibility == Visibility.VISIBLE,
                Post.status.in_([QuestionStatus.OPEN, QuestionStatus.ANSWERED]),
                Post.locked.is_(False),
            )
            .order_by(Post.id)
            .limit(2000)
        ).all()
        members = db.session.scalars(
            select(User.id).where(User.role == Role.MEMBER).order_by(User.id).limit(400)
        ).all()
    return list(questions), list(members)


def _writer(url: str, index: int, seconds: float, start_at: float, queue) -> None:
    from kenme.extensions import db
    from kenme.models import Post, User
    from kenme.services import posting

    app = make_app(url)
    questions, members = _targets(app)
    rng = random.Random(index)
    rng.shuffle(questions)
    weights = list(itertools.accumulate(1 / r**ZIPF_S for r in range(1, len(questions) + 1)))
    body = answer_text()
    samples: list[float] = []
    errors = 0
    with app.app_context():
        # One answer rolled back first: the first write of a process loads the privacy
        # scanner, the lemmatiser and the thesaurus (seconds each on a busy machine), which
        # the timed answers of a running server do not pay.
        author = db.session.get(User, members[0])
        posting.post_answer(db.session, author, db.session.get(Post, questions[0]), body=body)
        db.session.rollback()
        db.session.expunge_all()
        time.sleep(max(0.0, start_at - time.time()))
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            question_id = questions[bisect.bisect(weights, rng.random() * weights[-1])]
            begun = time.perf_counter()
            try:
                author = db.session.get(User, rng.choice(members))
                question = db.session.get(Post, question_id)
                posting.post_answer(db.session, author, question, body=body)
                db.session.commit()
                samples.append((time.perf_counter() - begun) * 1000)
            except Exception:
                db.session.rollback()
                errors += 1
            db.session.expunge_all()
    queue.put((samples, errors))


def run_writers(url: str, count: int, seconds: float) -> dict:
    """Answers/s and p95 with ``count`` concurrent writing processes."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    # Every process has made its app and written its first answer by then.
    start_at = time.time() + 30 + count * 2.0
    processes = [
        context.Process(target=_writer, args=(url, i, seconds, start_at, queue))
        for i in range(count)
    ]
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    samples = [ms for done, _ in results for ms in done]
    errors = sum(failed for _, failed in results)
    report = {
        "writers": count,
        "seconds": seconds,
        "answers": len(samples),
        "answers_per_s": round(len(samples) / seconds, 2),
        "errors": errors,
    }
    if samples:
        report.update(percentiles(samples))
    return report


def print_writers(report: dict, database: str, load: tuple[float, float]) -> None:
    print()
    print(
        f"Writers: {report['writers']} processes posting answers for {report['seconds']:.0f} s "
        f"on {database}; load average {load[0]:.2f} -> {load[1]:.2f}"
    )
    print(
        f"answers {report['answers']} ({report['answers_per_s']:.2f}/s), "
        f"p50 {report.get('p50_ms', 0):.0f} ms, p95 {report.get('p95_ms', 0):.0f} ms, "
        f"errors {report['errors']}"
    )
