"""The one place that turns a change into notifications (decision 0018).

Each write service calls one function here, in its own transaction, after the change is
flushed. A function names who hears of it and why, most specific reason first (your
question was answered, you were mentioned, a thread you follow, a topic you follow, a
member you follow); every member gets at most one notification per change, for the first
reason that holds. Then the same rules hold for every kind:

- nobody hears of their own action;
- nothing is sent about content that is not visible (hidden, deleted or purged post or
  thread);
- only members who may use the community now hear anything (not suspended, deleted,
  unverified or unapproved);
- a reason that comes from following (a thread, topic or member) does not hold for a
  member who ignores one of the thread's topics; being answered or mentioned still does;
- an anonymous author is never named nor stored as the actor, and their anonymous
  questions never reach the members who follow them.

The message is Dutch: who did what and the thread's title, never the text of a post.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.models import (
    Comment,
    Follow,
    MemberFollow,
    Post,
    PostType,
    TopicIgnore,
    User,
    Visibility,
    post_topics,
)
from kenme.services import notifications

TITLE_IN_MESSAGE = 120


@dataclass(frozen=True)
class Kind:
    category: str
    message: str  # {who} {title} and kind-specific fields
    by_following: bool = False  # a reason that an ignored topic takes away


KINDS: dict[str, Kind] = {
    "antwoord": Kind("mijn_berichten", "{who} beantwoordde je vraag “{title}”."),
    "reactie": Kind("mijn_berichten", "{who} reageerde op je bericht bij “{title}”."),
    "geaccepteerd": Kind("waardering", "{who} accepteerde je antwoord op “{title}”."),
    "bekrachtigd": Kind("waardering", "{who} bekrachtigde je antwoord op “{title}”."),
    "vermelding": Kind("vermeldingen", "{who} noemde je bij “{title}”."),
    "gevolgd_antwoord": Kind(
        "gevolgd", "{who} beantwoordde “{title}”, een vraag die je volgt.", True
    ),
    "onderwerp_vraag": Kind("onderwerpen", "Nieuwe vraag in {topics}: “{title}”.", True),
    "lid_vraag": Kind("leden", "{who} stelde een nieuwe vraag: “{title}”.", True),
    "lid_antwoord": Kind("leden", "{who} beantwoordde “{title}”.", True),
    "aanplakker_nieuw": Kind("onderwerpen", "Nieuwe Aanplakker in {topics}: “{title}”.", True),
    "aanplakker_bijdrage": Kind(
        "mijn_berichten", "{who} gaf een bijdrage ({label}) op je Aanplakker “{title}”."
    ),
    "aanplakker_gevolgd": Kind(
        "gevolgd", "{who} gaf een bijdrage op “{title}”, een Aanplakker die je volgt.", True
    ),
    "aanplakker_antwoord": Kind(
        "mijn_berichten", "{who} beantwoordde je verhelderende vraag bij “{title}”."
    ),
    "aanplakker_fase": Kind("gevolgd", "“{title}” is nu in de fase {phase}.", True),
    "aanplakker_oogst": Kind("gevolgd", "De oogst van “{title}” is klaar.", True),
    "aanplakker_vervolg": Kind("gevolgd", "Bij “{title}” staat nu hoe het is afgelopen.", True),
}


def _title(thread: Post) -> str:
    title = " ".join(thread.title.split())
    if len(title) > TITLE_IN_MESSAGE:
        title = title[: TITLE_IN_MESSAGE - 1].rstrip() + "…"
    return title


def thread_path(thread: Post) -> str:
    base = "/aanplakker" if thread.type == PostType.AANPLAKKER else "/vragen"
    return f"{base}/{thread.id}"


def post_url(post: Post) -> str:
    thread = post.question
    if post.id == thread.id:
        return thread_path(thread)
    anchor = "bijdrage" if thread.type == PostType.AANPLAKKER else "bericht"
    return f"{thread_path(thread)}#{anchor}-{post.id}"


def is_anonymous_actor(actor: User | None, thread: Post) -> bool:
    """Whether the actor is this thread's anonymous author (then never named)."""
    return actor is not None and thread.anonymous and thread.author_id == actor.id


def written_anonymously(item: Post | Comment) -> bool:
    """An answer, comment or contribution placed "anoniem voor leden", or written by the
    anonymous author of its thread: its author is never named nor followed into it."""
    if isinstance(item, Comment):
        under = item.post
        if under.anonymous and under.author_id == item.author_id:
            return True
        thread = under.question
    else:
        thread = item.question
    return bool(item.anonymous) or is_anonymous_actor(item.author, thread)


def _visible(*posts: Post) -> bool:
    return all(p.visibility == Visibility.VISIBLE for p in posts)


def _active_ids(session: Session, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    candidates = session.scalars(select(User).where(User.id.in_(sorted(ids))))
    return {user.id for user in candidates if user.is_active}


def _ignoring(session: Session, ids: set[int], thread: Post) -> set[int]:
    if not ids:
        return set()
    topic_ids = select(post_topics.c.topic_id).where(post_topics.c.post_id == thread.id)
    return set(
        session.scalars(
            select(TopicIgnore.user_id).where(
                TopicIgnore.topic_id.in_(topic_ids), TopicIgnore.user_id.in_(sorted(ids))
            )
        )
    )


def thread_followers(session: Session, thread: Post) -> set[int]:
    return set(session.scalars(select(Follow.user_id).where(Follow.post_id == thread.id)))


def topic_followers(session: Session, thread: Post) -> set[int]:
    topic_ids = select(post_topics.c.topic_id).where(post_topics.c.post_id == thread.id)
    return set(session.scalars(select(Follow.user_id).where(Follow.topic_id.in_(topic_ids))))


def member_followers(session: Session, member_id: int) -> set[int]:
    return set(
        session.scalars(select(MemberFollow.user_id).where(MemberFollow.member_id == member_id))
    )


def emit(
    session: Session,
    reasons: Iterable[tuple[str, Iterable[int]]],
    *,
    thread: Post,
    post: Post | None = None,
    actor: User | None,
    url: str = "",
    anonymous: bool = False,
    **values: str,
) -> dict[int, str]:
    """Write the notifications for one change; return recipient id -> kind.

    ``anonymous``: the actor wrote this anonymously, so they are never named nor stored.
    ``reasons`` are (kind, member ids), most specific first. ``post`` is the post the change
    is on (default: the thread), used for the visibility rule and the link.
    """
    post = post or thread
    if not _visible(post, thread):
        return {}
    anonymous = anonymous or is_anonymous_actor(actor, thread)
    chosen: dict[int, str] = {}
    for kind, ids in reasons:
        for user_id in ids:
            chosen.setdefault(user_id, kind)
    if actor is not None:
        chosen.pop(actor.id, None)
    allowed = _active_ids(session, set(chosen))
    following = {uid for uid, kind in chosen.items() if KINDS[kind].by_following}
    blocked = _ignoring(session, following & allowed, thread)
    chosen = {uid: k for uid, k in chosen.items() if uid in allowed and uid not in blocked}
    who = "Een anoniem lid" if anonymous or actor is None else actor.display_name
    fields = {
        "who": who,
        "title": _title(thread),
        "topics": ", ".join(t.name for t in thread.topics),
        **values,
    }
    for user_id, kind in sorted(chosen.items()):
        spec = KINDS[kind]
        notifications.notify(
            session,
            [user_id],
            kind=kind,
            message=spec.message.format(**fields),
            url=url or post_url(post),
            post_id=post.id,
            thread_id=thread.id,
            category=spec.category,
            actor=None if anonymous else actor,
        )
    return chosen


# --- one function per change ------------------------------------------------------------


def question_asked(session: Session, question: Post, mentioned: set[int]) -> dict[int, str]:
    """A new question: mentioned members, topic followers, followers of the asker."""
    asker_followers = () if question.anonymous else member_followers(session, question.author_id)
    return emit(
        session,
        [
            ("vermelding", mentioned),
            ("onderwerp_vraag", topic_followers(session, question)),
            ("lid_vraag", asker_followers),
        ],
        thread=question,
        actor=question.author,
    )


def answer_posted(session: Session, answer: Post, mentioned: set[int]) -> dict[int, str]:
    """A new answer: the asker, mentioned members, the thread's and the answerer's followers."""
    question = answer.question
    anonymous = written_anonymously(answer)
    # Followers of an anonymous answerer would learn who wrote it: they hear nothing.
    answerer_followers = () if anonymous else member_followers(session, answer.author_id)
    return emit(
        session,
        [
            ("antwoord", [question.author_id]),
            ("vermelding", mentioned),
            ("gevolgd_antwoord", thread_followers(session, question)),
            ("lid_antwoord", answerer_followers),
        ],
        thread=question,
        post=answer,
        actor=answer.author,
        anonymous=anonymous,
    )


def comment_added(session: Session, comment: Comment, mentioned: set[int]) -> dict[int, str]:
    """A new comment: the author of the post commented on, and mentioned members."""
    post = comment.post
    if comment.visibility != Visibility.VISIBLE:
        return {}
    return emit(
        session,
        [("reactie", [post.author_id]), ("vermelding", mentioned)],
        thread=post.question,
        post=post,
        actor=comment.author,
        url=post_url(post).split("#")[0] + f"#reactie-{comment.id}",
        anonymous=written_anonymously(comment),
    )


def mentioned_in_edit(
    session: Session, post: Post, editor: User, before: set[int], after: set[int]
) -> dict[int, str]:
    """Members newly mentioned by an edit (not those the text already mentioned)."""
    return emit(
        session,
        [("vermelding", after - before)],
        thread=post.question,
        post=post,
        actor=editor,
        anonymous=editor.id == post.author_id and written_anonymously(post),
    )


def answer_accepted(session: Session, answer: Post, asker: User) -> dict[int, str]:
    return emit(
        session,
        [("geaccepteerd", [answer.author_id])],
        thread=answer.question,
        post=answer,
        actor=asker,
    )


def answer_endorsed(session: Session, answer: Post, specialist: User) -> dict[int, str]:
    return emit(
        session,
        [("bekrachtigd", [answer.author_id])],
        thread=answer.question,
        post=answer,
        actor=specialist,
    )


def aanplakker_started(session: Session, aanplakker: Post) -> dict[int, str]:
    return emit(
        session,
        [
            ("aanplakker_nieuw", topic_followers(session, aanplakker)),
            ("lid_vraag", member_followers(session, aanplakker.author_id)),
        ],
        thread=aanplakker,
        actor=aanplakker.author,
    )


def contribution_added(
    session: Session, contribution: Post, label: str, mentioned: set[int]
) -> dict[int, str]:
    aanplakker = contribution.question
    return emit(
        session,
        [
            ("aanplakker_bijdrage", [aanplakker.author_id]),
            ("vermelding", mentioned),
            ("aanplakker_gevolgd", thread_followers(session, aanplakker)),
        ],
        thread=aanplakker,
        post=contribution,
        actor=contribution.author,
        label=label,
        anonymous=written_anonymously(contribution),
    )


def clarifying_answered(
    session: Session, contribution: Post, author: User, mentioned: set[int]
) -> dict[int, str]:
    return emit(
        session,
        [("aanplakker_antwoord", [contribution.author_id]), ("vermelding", mentioned)],
        thread=contribution.question,
        post=contribution,
        actor=author,
    )


def aanplakker_moved(
    session: Session, aanplakker: Post, actor: User, kind: str, **values: str
) -> dict[int, str]:
    """A phase change, the oogst or the follow-up: everyone who follows the Aanplakker."""
    return emit(
        session,
        [(kind, thread_followers(session, aanplakker))],
        thread=aanplakker,
        actor=actor,
        **values,
    )
