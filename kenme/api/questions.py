"""Casusvragen, answers, votes and comments: thin handlers over the posting services."""

from __future__ import annotations

from kenme.api.auth import api_user
from kenme.api.blueprint import ID
from kenme.api.errors import validation_failed
from kenme.api.operation import Operations, page_out
from kenme.api.schemas import (
    AcceptIn,
    AnswerCreate,
    AnswerOut,
    AnswerUpdate,
    CommentCreate,
    CommentOut,
    QuestionCreate,
    QuestionList,
    QuestionListQuery,
    QuestionOut,
    QuestionQuery,
    QuestionUpdate,
    RevisionList,
    VoteIn,
    VoteOut,
)
from kenme.api.schemas_community import CloseVoteIn, CloseVoteOut, EndorseIn
from kenme.api.serializers import (
    answer_out,
    comment_out,
    my_votes,
    question_detail_out,
    question_out,
    revision_out,
)
from kenme.errors import NotFound
from kenme.extensions import db
from kenme.models import PostType, User
from kenme.services import (
    close_votes,
    comments,
    endorsements,
    follows,
    posting,
    question_lists,
    threads,
    topics,
    voting,
)

ops = Operations("vragen")


def _question_response(viewer: User, question_id: int, answer_sort: str = "default") -> dict:
    view = threads.question_view(db.session, viewer, question_id, answer_sort=answer_sort)
    return question_detail_out(view, viewer)


def _answer_response(viewer: User, answer_id: int) -> dict:
    """The answer as it appears in its thread (votes, comments, endorsements)."""
    answer = threads.get_post(db.session, viewer, answer_id, PostType.ANSWER)
    view = threads.question_view(db.session, viewer, answer.parent_id)
    for answer_view in view.answers:
        if answer_view.answer.id == answer_id:
            return answer_out(answer_view, viewer)
    raise NotFound("Dit antwoord bestaat niet (meer) of is niet zichtbaar.")


@ops.get("/questions", "listQuestions", ok=QuestionList)
def list_questions(query: QuestionListQuery):
    """Lijst van vragen, te filteren op onderwerp en status; stabiel gesorteerd. Vragen over
    onderwerpen die je negeert staan er niet in, behalve als je op dat onderwerp filtert."""
    viewer = api_user()
    topic = None
    if query.topic:
        try:
            topic = topics.get_topic(db.session, query.topic)
        except NotFound as error:
            raise validation_failed({"topic": "Onbekend onderwerp."}) from error
    page = question_lists.list_questions(
        db.session,
        viewer,
        sort=query.sort,
        status=query.status,
        topic=topic,
        page=query.page,
        per_page=query.per_page,
        ignored=follows.ignored_topic_ids(db.session, viewer),
    )
    votes = my_votes(db.session, viewer, [q.id for q in page.items])
    return page_out(page, lambda q: question_out(q, viewer, votes.get(q.id, 0)))


@ops.post("/questions", "createQuestion", ok=QuestionOut, status=201, errors=(422,))
def create_question(json: QuestionCreate):
    """Stel een casusvraag. Harde of onbevestigde zachte privacybevindingen geven 422."""
    viewer = api_user()
    question = posting.ask_question(db.session, viewer, **json.service_args(topics="topic_slugs"))
    db.session.commit()
    return _question_response(viewer, question.id), 201


@ops.get(f"/questions/<{ID}:question_id>", "getQuestion", ok=QuestionOut, errors=(404,))
def get_question(question_id: int, query: QuestionQuery):
    """Eén vraag met antwoorden en reacties (?answers=votes|newest|oldest)."""
    viewer = api_user()
    return _question_response(viewer, question_id, query.answers)


@ops.patch(
    f"/questions/<{ID}:question_id>", "updateQuestion", ok=QuestionOut, errors=(403, 404, 409, 422)
)
def update_question(question_id: int, json: QuestionUpdate):
    """Bewerk een vraag (schrijver of moderator); elke bewerking wordt een nieuwe versie."""
    viewer = api_user()
    question = threads.get_post(db.session, viewer, question_id, PostType.QUESTION)
    args = json.service_args(topics="topic_slugs", edit_summary="summary")
    if args["body"] is None:
        args["body"] = question.body_markdown
    posting.edit_post(db.session, viewer, question, **args)
    db.session.commit()
    return _question_response(viewer, question_id)


@ops.get(
    f"/questions/<{ID}:question_id>/revisions",
    "listQuestionRevisions",
    ok=RevisionList,
    errors=(404,),
)
def question_revisions(question_id: int):
    """Alle versies van een vraag, oudste eerst."""
    viewer = api_user()
    question = threads.get_post(db.session, viewer, question_id, PostType.QUESTION)
    return {"items": [revision_out(question, r, viewer) for r in question.revisions]}


@ops.post(
    f"/questions/<{ID}:question_id>/answers",
    "createAnswer",
    ok=AnswerOut,
    status=201,
    errors=(403, 404, 409, 422),
)
def create_answer(question_id: int, json: AnswerCreate):
    """Beantwoord een vraag."""
    viewer = api_user()
    question = threads.get_post(db.session, viewer, question_id, PostType.QUESTION)
    answer = posting.post_answer(db.session, viewer, question, **json.service_args())
    db.session.commit()
    return _answer_response(viewer, answer.id), 201


@ops.patch(f"/answers/<{ID}:answer_id>", "updateAnswer", ok=AnswerOut, errors=(403, 404, 409, 422))
def update_answer(answer_id: int, json: AnswerUpdate):
    """Bewerk een antwoord (schrijver of moderator)."""
    viewer = api_user()
    answer = threads.get_post(db.session, viewer, answer_id, PostType.ANSWER)
    posting.edit_post(db.session, viewer, answer, **json.service_args(edit_summary="summary"))
    db.session.commit()
    return _answer_response(viewer, answer_id)


@ops.post(
    f"/answers/<{ID}:answer_id>/accept", "acceptAnswer", ok=QuestionOut, errors=(403, 404, 409)
)
def accept_answer(answer_id: int, json: AcceptIn):
    """Accepteer een antwoord op je eigen vraag, of trek dat in met {"accepted": false}."""
    viewer = api_user()
    answer = threads.get_post(db.session, viewer, answer_id, PostType.ANSWER)
    question = voting.accept(db.session, viewer, answer, accepted=json.accepted)
    db.session.commit()
    return _question_response(viewer, question.id)


@ops.post(f"/posts/<{ID}:post_id>/votes", "votePost", ok=VoteOut, errors=(403, 404, 409))
def vote_post(post_id: int, json: VoteIn):
    """Stem op een vraag of antwoord: 1, -1 of 0 (intrekken); niet op je eigen bericht."""
    viewer = api_user()
    post = threads.get_post(db.session, viewer, post_id, PostType.QUESTION, PostType.ANSWER)
    result = voting.vote(db.session, viewer, post, json.value)
    db.session.commit()
    return {"score": result.score, "my_vote": result.my_vote}


@ops.post(
    f"/posts/<{ID}:post_id>/comments",
    "createComment",
    ok=CommentOut,
    status=201,
    errors=(403, 404, 409, 422),
)
def create_comment(post_id: int, json: CommentCreate):
    """Reageer op een vraag of antwoord (ook reacties gaan door de privacycontrole)."""
    viewer = api_user()
    post = threads.get_post(db.session, viewer, post_id, PostType.QUESTION, PostType.ANSWER)
    comment = comments.add_comment(db.session, viewer, post, **json.service_args())
    db.session.commit()
    return comment_out(comment, viewer), 201


@ops.post(
    f"/answers/<{ID}:answer_id>/endorse", "endorseAnswer", ok=AnswerOut, errors=(403, 404, 409, 422)
)
def endorse_answer(answer_id: int, json: EndorseIn):
    """Bekrachtig een antwoord als thema-specialist van een onderwerp van de vraag.

    Met {"endorsed": false} trek je de bekrachtiging weer in.
    """
    viewer = api_user()
    answer = threads.get_post(db.session, viewer, answer_id, PostType.ANSWER)
    if json.endorsed:
        endorsements.endorse(db.session, viewer, answer, json.note)
    else:
        endorsements.withdraw(db.session, viewer, answer)
    db.session.commit()
    return _answer_response(viewer, answer_id)


def _vote_out(outcome, question) -> dict:
    return {
        "decided": outcome.decided,
        "votes": outcome.votes,
        "needed": outcome.needed,
        "status": question.status.value,
    }


@ops.post(
    f"/questions/<{ID}:question_id>/close-votes",
    "voteToClose",
    ok=CloseVoteOut,
    errors=(403, 404, 409),
)
def vote_to_close(question_id: int, json: CloseVoteIn):
    """Stem om een vraag te sluiten (vanaf de drempel); genoeg stemmen sluiten haar.

    Een moderator sluit meteen.
    """
    viewer = api_user()
    question = threads.get_post(db.session, viewer, question_id, PostType.QUESTION)
    outcome = close_votes.vote_close(
        db.session, viewer, question, json.close_reason, duplicate_of_id=json.duplicate_of
    )
    db.session.commit()
    return _vote_out(outcome, question)


@ops.post(
    f"/questions/<{ID}:question_id>/reopen-votes",
    "voteToReopen",
    ok=CloseVoteOut,
    errors=(403, 404, 409),
)
def vote_to_reopen(question_id: int):
    """Stem om een gesloten vraag te heropenen; een moderator heropent meteen."""
    viewer = api_user()
    question = threads.get_post(db.session, viewer, question_id, PostType.QUESTION)
    outcome = close_votes.vote_reopen(db.session, viewer, question)
    db.session.commit()
    return _vote_out(outcome, question)
