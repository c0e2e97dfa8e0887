"""Nine members at the same moment: every counter counts all of them, on both databases.

Each thread loads what it writes to (as a request does), waits at a barrier until all have
loaded, then writes and commits in its own session. A counter computed in Python and written
back as an absolute value loses updates here every time (all nine read the old value first);
one changed in SQL (``col = col + 1``) counts nine.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from kenme.errors import Conflict
from kenme.extensions import db
from kenme.models import (
    ContributionDetails,
    ContributionKind,
    Follow,
    Phase,
    Post,
    Revision,
    Role,
    Topic,
    User,
    Vote,
)
from kenme.services import aanplakker, comments, endorsements, follows, posting, voting
from tests.factories import (
    ESTABLISHED,
    make_aanplakker,
    make_contribution,
    make_specialist,
    make_topic_row,
    make_user,
)

N = 9
# Up to 27 sessions hold a connection at the barrier at once (as 27 requests would). On SQLite
# they then queue on its one write lock, each behind all the others: at load 10 on two cores
# that took longer than the production wait (a CI run failed with "database is locked"), so
# here a writer may wait as long as the threads are given to finish.
pytestmark = pytest.mark.app_config(
    SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": 30, "max_overflow": 5},
    SQLITE_BUSY_TIMEOUT_MS=120_000,
)
ANSWER = "Volgens mij telt hij mee zodra hij 27 is; kijk ook naar de uitzonderingen in de wet."
QUESTION_BODY = (
    "## Situatie\nDe klant woont samen met haar zoon van eind twintig in een huurwoning. "
    "Hoe gaan jullie hiermee om?"
)


def race(app, jobs):
    """Run each job(session) in its own thread and app context, all writing at once.

    A job returns a callable: loading happens before the barrier, the write after it.
    """
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        with app.app_context():
            try:
                write = job(db.session)
            except BaseException as error:  # pragma: no cover (shown by the assert below)
                errors.append(error)
                barrier.abort()
                return
            try:
                barrier.wait(timeout=60)
                write()
                db.session.commit()
            except BaseException as error:  # pragma: no cover
                errors.append(error)
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    db.session.expire_all()


def members(n=N, **kwargs):
    """Members allowed to comment anywhere (decision 0019: from 10 reputation)."""
    kwargs.setdefault("reputation", 10)
    return [make_user(**kwargs).id for _ in range(n)]


def ask(asker=None):
    """The question every race here writes to, asked and committed in the test's own session."""
    topic = make_topic_row("kostendelersnorm")
    question = posting.ask_question(
        db.session,
        asker or make_user(),
        title="Telt een inwonende zoon mee voor de kostendelersnorm?",
        body=QUESTION_BODY,
        topic_slugs=[topic.slug],
    )
    db.session.commit()
    return question, topic


def test_answers_comments_and_votes_on_one_question_all_count(app):
    asker = make_user()
    question, topic = ask(asker)
    qid, ids = question.id, members(reputation=ESTABLISHED)  # commenting is a privilege

    def answering(uid):
        def load(session):
            member, q = session.get(User, uid), session.get(Post, qid)
            q.answer_count  # noqa: B018 (loaded before the others write, as in a request)
            return lambda: posting.post_answer(session, member, q, body=ANSWER)

        return load

    def commenting(uid):
        def load(session):
            member, q = session.get(User, uid), session.get(Post, qid)
            q.comment_count  # noqa: B018
            return lambda: comments.add_comment(session, member, q, "Goede vraag, dank je.")

        return load

    def voting_up(uid):
        def load(session):
            member, q = session.get(User, uid), session.get(Post, qid)
            q.score  # noqa: B018
            return lambda: voting.vote(session, member, q, 1)

        return load

    race(app, [make(uid) for uid in ids for make in (answering, commenting, voting_up)])
    question = db.session.get(Post, qid)
    assert (question.answer_count, question.comment_count, question.score) == (N, N, N)
    assert db.session.get(User, asker.id).reputation == 5 * N
    assert db.session.get(Topic, topic.id).question_count == 1


def test_topic_followers_and_questions_all_count(app):
    topic = make_topic_row("kostendelersnorm")
    tid, ids = topic.id, members()

    def following(uid):
        def load(session):
            member, t = session.get(User, uid), session.get(Topic, tid)
            t.follower_count  # noqa: B018
            return lambda: follows.follow_topic(session, member, t)

        return load

    def asking(uid):
        def load(session):
            member, t = session.get(User, uid), session.get(Topic, tid)
            t.question_count  # noqa: B018
            return lambda: posting.ask_question(
                session,
                member,
                title=f"Telt een inwonende zoon mee (variant {uid})?",
                body=QUESTION_BODY,
                topic_slugs=[t.slug],
            )

        return load

    race(app, [make(uid) for uid in ids for make in (following, asking)])
    topic = db.session.get(Topic, tid)
    assert (topic.follower_count, topic.question_count) == (N, N)

    race(app, [lambda s, uid=uid: _unfollow(s, uid, tid) for uid in ids])
    assert db.session.get(Topic, tid).follower_count == 0


def _unfollow(session, uid, tid):
    member, topic = session.get(User, uid), session.get(Topic, tid)
    topic.follower_count  # noqa: B018
    return lambda: follows.unfollow_topic(session, member, topic)


def test_endorsements_and_their_reputation_all_count(app):
    writer = make_user()
    question, topic = ask()
    answer = posting.post_answer(db.session, writer, question, body=ANSWER)
    db.session.commit()
    aid = answer.id
    ids = [make_specialist(db.session.get(Topic, topic.id)).id for _ in range(N)]

    def endorsing(uid):
        def load(session):
            specialist, a = session.get(User, uid), session.get(Post, aid)
            a.endorsement_count  # noqa: B018
            return lambda: endorsements.endorse(session, specialist, a, "Klopt met de wet")

        return load

    race(app, [endorsing(uid) for uid in ids])
    assert db.session.get(Post, aid).endorsement_count == N
    assert db.session.get(User, writer.id).reputation == 10 * N


def test_contributions_and_herkenbaar_marks_all_count(app):
    post = make_aanplakker(phase=Phase.MEEDENKEN)
    target = make_contribution(post, make_user())
    pid, cid, ids = post.id, target.id, members()

    def contributing(uid):
        def load(session):
            member, p = session.get(User, uid), session.get(Post, pid)
            p.answer_count  # noqa: B018
            return lambda: aanplakker.contribute(
                session,
                member,
                p,
                kind=ContributionKind.ERVARING,
                lens=None,
                body="Ik herken dit: de klant wist vaak zelf niet wat handhaving al had.",
            )

        return load

    def marking(uid):
        def load(session):
            member, c = session.get(User, uid), session.get(Post, cid)
            c.contribution_details.herkenbaar_count  # noqa: B018
            return lambda: aanplakker.mark_herkenbaar(session, member, c)

        return load

    race(app, [make(uid) for uid in ids for make in (contributing, marking)])
    assert db.session.get(Post, pid).answer_count == N + 1
    assert db.session.get(ContributionDetails, cid).herkenbaar_count == N


def test_simultaneous_edits_each_get_their_own_revision_number(app):
    """Nine moderators saving one question at once: ten revisions numbered 1-10, no error."""
    question, _ = ask()
    qid, ids = question.id, members(role=Role.MODERATOR)

    def editing(uid):
        def load(session):
            moderator, q = session.get(User, uid), session.get(Post, qid)
            q.revisions  # noqa: B018
            return lambda: posting.edit_post(
                session, moderator, q, body=QUESTION_BODY + f" (aangevuld door {uid})"
            )

        return load

    race(app, [editing(uid) for uid in ids])
    numbers = db.session.scalars(
        select(Revision.number).where(Revision.post_id == qid).order_by(Revision.number)
    ).all()
    assert numbers == list(range(1, N + 2))
    assert db.session.get(Post, qid).revision_count == N + 1
    assert db.session.scalar(select(func.count()).select_from(Revision)) == N + 1


def test_the_same_request_four_times_at_once_counts_once(app):
    """A double click or a retried request: one member's vote, follow and unfollow, each sent
    four times at the same moment, count once and none ends in an error (was: a unique
    violation, a 500, for all but the first)."""
    asker = make_user()
    question, topic = ask(asker)
    qid, tid, (uid,) = question.id, topic.id, members(1)

    def voting_up(session):
        member, q = session.get(User, uid), session.get(Post, qid)
        q.score  # noqa: B018
        return lambda: voting.vote(session, member, q, 1)

    def following(session):
        member, t = session.get(User, uid), session.get(Topic, tid)
        t.follower_count  # noqa: B018
        return lambda: follows.follow_topic(session, member, t)

    race(app, [voting_up] * 4)
    votes = db.session.scalar(select(func.count()).select_from(Vote).where(Vote.post_id == qid))
    question = db.session.get(Post, qid)
    assert (votes, question.score, db.session.get(User, asker.id).reputation) == (1, 1, 5)
    race(app, [following] * 4)
    followers = db.session.scalar(
        select(func.count()).select_from(Follow).where(Follow.topic_id == tid)
    )
    assert (followers, db.session.get(Topic, tid).follower_count) == (1, 1)
    race(app, [lambda s: _unfollow(s, uid, tid)] * 4)
    assert db.session.get(Topic, tid).follower_count == 0


def test_the_same_herkenbaar_mark_twice_at_once_is_one_mark_and_one_conflict(app):
    post = make_aanplakker(phase=Phase.MEEDENKEN)
    cid = make_contribution(post, make_user(), kind=ContributionKind.ERVARING).id
    (uid,) = members(1)
    refused = []

    def marking(session):
        member, c = session.get(User, uid), session.get(Post, cid)
        c.contribution_details.herkenbaar_count  # noqa: B018

        def write():
            try:
                aanplakker.mark_herkenbaar(session, member, c)
            except Conflict:
                refused.append(1)

        return write

    race(app, [marking] * 4)
    assert db.session.get(ContributionDetails, cid).herkenbaar_count == 1
    assert len(refused) == 3
