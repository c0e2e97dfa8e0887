"""Who hears of what (kenme.services.events): every event against every recipient rule.

The rules: never your own action; nothing about hidden, deleted or purged content; nobody
who may not use the community now (suspended); following does not reach through an ignored
topic; an anonymous author is never named nor stored, and never reaches their followers.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import Notification, Phase, Role
from kenme.services import aanplakker, comments, endorsements, events, follows, posting, voting
from kenme.services.moderation import content as moderation
from tests.factories import (
    ANSWER_BODY,
    ESTABLISHED,
    make_aanplakker,
    make_answer,
    make_comment,
    make_contribution,
    make_question,
    make_topic,
    make_user,
)
from tests.helpers import notification_kinds as kinds
from tests.helpers import notifications_of as received


@pytest.fixture
def topic(app):
    return make_topic("kostendelersnorm", name="Kostendelersnorm")


def test_an_answer_reaches_the_asker_and_the_followers_once_each(topic):
    asker, answerer, follower, fan = make_user(), make_user(), make_user(), make_user()
    question = make_question(asker, topics=[topic])
    follows.follow_thread(db.session, follower, question)
    follows.follow_member(db.session, fan, answerer)
    follows.follow_topic(db.session, follower, topic)  # a topic follower hears of new questions
    db.session.commit()
    answer = make_answer(question, answerer)
    assert kinds(asker) == ["antwoord"]
    assert kinds(follower) == ["gevolgd_antwoord"]
    assert kinds(fan) == ["lid_antwoord"]
    assert kinds(answerer) == []  # own action
    note = db.session.scalar(select(Notification).where(Notification.user_id == asker.id))
    assert note.thread_id == question.id and note.post_id == answer.id
    assert note.category == "mijn_berichten"
    assert note.url == f"/vragen/{question.id}#bericht-{answer.id}"
    assert answerer.display_name in note.message and question.title[:40] in note.message
    assert ANSWER_BODY[:30] not in note.message


def test_answering_makes_you_follow_and_hear_of_later_answers(topic):
    question = make_question(topics=[topic])
    first, second = make_user(), make_user()
    make_answer(question, first)
    make_answer(question, second)
    assert kinds(first) == ["gevolgd_antwoord"]


def test_own_answer_on_own_question_notifies_nobody_of_it(topic):
    asker = make_user()
    question = make_question(asker, topics=[topic])
    make_answer(question, asker)
    assert kinds(asker) == []


def test_topic_and_member_followers_hear_of_a_new_question_but_not_the_asker(topic):
    asker, topic_fan, asker_fan = make_user(), make_user(), make_user()
    follows.follow_topic(db.session, topic_fan, topic)
    follows.follow_topic(db.session, asker, topic)
    follows.follow_member(db.session, asker_fan, asker)
    db.session.commit()
    make_question(asker, topics=[topic])
    assert kinds(topic_fan) == ["onderwerp_vraag"]
    assert kinds(asker_fan) == ["lid_vraag"]
    assert kinds(asker) == []


def test_an_anonymous_question_is_never_traced_to_its_asker(topic):
    asker, topic_fan, asker_fan = make_user(), make_user(), make_user()
    follows.follow_topic(db.session, topic_fan, topic)
    follows.follow_member(db.session, asker_fan, asker)
    db.session.commit()
    question = make_question(asker, topics=[topic], anonymous=True)
    assert kinds(asker_fan) == []  # following the asker would reveal them
    assert received(topic_fan) == [("onderwerp_vraag", None)]
    note = db.session.scalar(select(Notification).where(Notification.user_id == topic_fan.id))
    assert asker.display_name not in note.message
    # The anonymous asker comments on an answer and accepts it: still not named.
    answerer = make_user()
    answer = make_answer(question, answerer)
    comments.add_comment(db.session, asker, answer, "Dank je, dit helpt mij verder.")
    voting.accept(db.session, asker, answer)
    db.session.commit()
    assert received(answerer) == [("reactie", None), ("geaccepteerd", None)]
    messages = db.session.scalars(
        select(Notification.message).where(Notification.user_id == answerer.id)
    ).all()
    assert all(asker.display_name not in m and "Een anoniem lid" in m for m in messages)


def test_comments_reach_the_post_author_and_mentioned_members(topic):
    asker, ilse = make_user(), make_user(display_name="Ilse de Vries")
    question = make_question(asker, topics=[topic])
    answer = make_answer(question, make_user())
    commenter = make_user(reputation=ESTABLISHED)
    make_comment(question, commenter, body="Vraag het eens aan @Ilse de Vries, zij weet dit.")
    make_comment(answer, commenter)
    assert kinds(asker) == ["antwoord", "reactie"]
    assert kinds(ilse) == ["vermelding"]
    assert kinds(answer.author) == ["reactie"]
    assert kinds(commenter) == []


def test_one_change_gives_one_notification_with_the_most_specific_reason(topic):
    asker = make_user(display_name="Sanne Bakker")
    question = make_question(asker, topics=[topic])
    make_answer(question, make_user(), body="Ja @Sanne Bakker, dat klopt volgens artikel 22a Pw.")
    assert kinds(asker) == ["antwoord"]  # not also "vermelding" or "gevolgd_antwoord"


def test_accepted_and_endorsed_reach_the_answerer(topic):
    asker, answerer = make_user(), make_user()
    question = make_question(asker, topics=[topic])
    answer = make_answer(question, answerer)
    voting.accept(db.session, asker, answer)
    specialist = make_user(role=Role.THEMA_SPECIALIST)
    specialist.specialist_topics.append(topic)
    db.session.commit()
    endorsements.endorse(db.session, specialist, answer)
    db.session.commit()
    assert kinds(answerer) == ["geaccepteerd", "bekrachtigd"]
    voting.accept(db.session, asker, answer, accepted=False)  # withdrawing tells nobody
    db.session.commit()
    assert kinds(answerer) == ["geaccepteerd", "bekrachtigd"]


def test_accepting_your_own_answer_tells_nobody(topic):
    asker = make_user()
    question = make_question(asker, topics=[topic])
    answer = make_answer(question, asker)
    voting.accept(db.session, asker, answer)
    db.session.commit()
    assert kinds(asker) == []


def test_a_suspended_member_hears_nothing(topic):
    asker = make_user()
    question = make_question(asker, topics=[topic])
    suspended = make_user(display_name="Even Geschorst", suspended_days=3)
    follows.follow_topic(db.session, suspended, topic)
    follows.follow_thread(db.session, suspended, question)
    db.session.commit()
    make_answer(question, make_user(), body="Vraag het @Even Geschorst als die terug is, prima.")
    make_question(make_user(), topics=[topic])
    assert kinds(suspended) == []
    assert kinds(asker) == ["antwoord"]
    asker.suspended_until = suspended.suspended_until
    db.session.commit()
    make_answer(question, make_user())
    assert kinds(asker) == ["antwoord"]  # not the second answer, given while suspended


def test_an_ignored_topic_silences_following_but_not_your_own_question(topic):
    other = make_topic("bijstand", name="Bijstand")
    member = make_user()
    follows.follow_topic(db.session, member, other)
    follows.ignore_topic(db.session, member, topic)
    db.session.commit()
    asker_fan_target = make_user()
    follows.follow_member(db.session, member, asker_fan_target)
    db.session.commit()
    question = make_question(asker_fan_target, topics=[topic, other])
    assert kinds(member) == []  # topic, member: both through following
    follows.follow_thread(db.session, member, question)
    db.session.commit()
    make_answer(question, make_user())
    assert kinds(member) == []
    own = make_question(member, topics=[topic])
    make_answer(own, make_user())
    assert kinds(member) == ["antwoord"]
    follows.follow_topic(db.session, member, topic)  # following again ends the ignoring
    db.session.commit()
    assert not follows.is_ignoring_topic(db.session, member, topic)


def test_hidden_content_reaches_nobody(topic):
    moderator = make_user(role=Role.MODERATOR)
    mentioned = make_user(display_name="Pieter Jansen")
    asker = make_user()
    question = make_question(asker, topics=[topic])
    answerer = make_user()
    answer = make_answer(question, answerer)
    moderation.hide(db.session, moderator, answer, "Controle op persoonsgegevens")
    db.session.commit()
    # Its author still sees it, comments and edits it, mentioning someone: nobody hears.
    comments.add_comment(db.session, answerer, answer, "Klopt @Pieter Jansen, wacht even.")
    posting.edit_post(
        db.session, answerer, answer, body=ANSWER_BODY + " Zie ook @Pieter Jansen hierover."
    )
    comments.add_comment(db.session, moderator, answer, "Ik kijk er zo naar.")
    db.session.commit()
    assert kinds(mentioned) == []
    assert kinds(answerer) == ["post_hidden"]  # the moderation notice is kept
    assert kinds(asker) == ["antwoord"]


def test_a_deleted_thread_gives_no_events_directly(topic):
    question = make_question(make_user(), topics=[topic])
    answer = make_answer(question, make_user())
    follower = make_user()
    moderation.delete(db.session, make_user(role=Role.MODERATOR), question, "Dubbel geplaatst")
    db.session.commit()
    assert events.answer_posted(db.session, answer, {follower.id}) == {}
    assert events.answer_accepted(db.session, answer, question.author) == {}


def test_an_edit_notifies_only_newly_mentioned_members(topic):
    first = make_user(display_name="Eerste Collega")
    second = make_user(display_name="Tweede Collega")
    author = make_user()
    question = make_question(author, topics=[topic])
    answer = make_answer(question, author, body=ANSWER_BODY + " Vraag @Eerste Collega.")
    assert kinds(first) == ["vermelding"]
    posting.edit_post(
        db.session,
        author,
        answer,
        body=ANSWER_BODY + " Vraag @Eerste Collega of @Tweede Collega.",
    )
    db.session.commit()
    assert kinds(first) == ["vermelding"]
    assert kinds(second) == ["vermelding"]


def test_aanplakker_events_reach_author_followers_and_mentioned(app):
    author, follower = make_user(), make_user()
    topic = make_topic("vakmanschap-intervisie", name="Vakmanschap")
    topic_fan = make_user()
    follows.follow_topic(db.session, topic_fan, topic)
    db.session.commit()
    post = make_aanplakker(author)
    assert kinds(topic_fan) == ["aanplakker_nieuw"]
    follows.follow_thread(db.session, follower, post)
    db.session.commit()
    asker = make_user()
    question = make_contribution(post, asker)
    assert kinds(author) == ["aanplakker_bijdrage"]
    assert kinds(follower) == ["aanplakker_gevolgd"]
    aanplakker.reply_to_question(
        db.session, author, question, "Ik werk er nu twee maanden mee, samen met de klant."
    )
    db.session.commit()
    assert kinds(asker) == ["aanplakker_antwoord"]
    aanplakker.advance_phase(db.session, author, post, Phase.MEEDENKEN)
    db.session.commit()
    assert kinds(follower)[-1] == "aanplakker_fase"
    assert kinds(asker)[-1] == "aanplakker_fase"  # contributing made them follow
    assert "aanplakker_fase" not in kinds(author)


def test_following_refuses_what_cannot_be_followed(topic):
    from kenme.errors import NotFound, ValidationFailed

    member = make_user()
    question = make_question(make_user(), topics=[topic])
    assert follows.follow_thread(db.session, member, question) is True
    assert follows.follow_thread(db.session, member, question) is False
    assert follows.unfollow_thread(db.session, member, question) is True
    assert follows.unfollow_thread(db.session, member, question) is False
    with pytest.raises(ValidationFailed):
        follows.follow_member(db.session, member, member)
    moderation.hide(db.session, make_user(role=Role.MODERATOR), question, "Controle")
    with pytest.raises(NotFound):
        follows.follow_thread(db.session, member, question)
    with pytest.raises(NotFound):
        follows.follow_thread(db.session, member, make_answer(make_question(topics=[topic])))
    other = make_user()
    assert follows.follow_member(db.session, member, other) is True
    assert follows.follow_member(db.session, member, other) is False
    listing = follows.followed(db.session, member)
    assert listing["members"] == [other] and listing["threads"] == []
