"""Casusvragen, answers, votes and comments: thin handlers over the posting services."""

from __future__ import annotations

from kenme.api.auth import api_user
from kenme.api.blueprint import ID, bp
from kenme.api.errors import validation_failed
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
    QuestionUpdate,
    RevisionList,
    VoteIn,
    VoteOut,
)
from kenme.api.schemas_community import EndorseIn
from kenme.api.serializers import (
    answer_out,
    comment_out,
    my_votes,
    question_detail_out,
    question_out,
    revision_out,
)
from kenme.api.spec import responses, spec
from kenme.errors import NotFound
from kenme.extensions import db
from kenme.models import PostType, User
from kenme.services import comments, endorsements, posting, threads, topics, voting

TAGS = ["vragen"]


def _confirmations(items) -> list[dict]:
    return [item.model_dump(exclude_none=True) for item in items]


def _question_response(viewer: User, question_id: int) -> dict:
    return question_detail_out(threads.question_view(db.session, viewer, question_id), viewer)


def _answer_response(viewer: User, answer_id: int) -> dict:
    """The answer as it appears in its thread (votes, comments, endorsements)."""
    answer = threads.get_post(db.session, viewer, answer_id, PostType.ANSWER)
    view = threads.question_view(db.session, viewer, answer.parent_id)
    for answer_view in view.answers:
        if answer_view.answer.id == answer_id:
            return answer_out(answer_view, viewer)
    raise NotFound("Dit antwoord bestaat niet (meer) of is niet zichtbaar.")


@bp.get("/questions")
@spec.validate(
    query=QuestionListQuery,
    resp=responses(HTTP_200=QuestionList),
    tags=TAGS,
    operation_id="listQuestions",
)
def list_questions(query: QuestionListQuery):
    """Lijst van vragen, te filteren op onderwerp en status; stabiel gesorteerd."""
    viewer = api_user()
    topic = None
    if query.topic:
        try:
            topic = topics.get_topic(db.session, query.topic)
        except NotFound as error:
            raise validation_failed({"topic": "Onbekend onderwerp."}) from error
    page = threads.list_questions(
        db.session,
        viewer,
        sort=query.sort,
        status=query.status,
        topic=topic,
        page=query.page,
        per_page=query.per_page,
    )
    votes = my_votes(db.session, viewer, [q.id for q in page.items])
    return {
        "items": [question_out(q, viewer, votes.get(q.id, 0)) for q in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
    }


@bp.post("/questions")
@spec.validate(
    json=QuestionCreate,
    resp=responses(422, HTTP_201=QuestionOut),
    tags=TAGS,
    operation_id="createQuestion",
)
def create_question(json: QuestionCreate):
    """Stel een casusvraag. Harde of onbevestigde zachte privacybevindingen geven 422."""
    viewer = api_user()
    question = posting.ask_question(
        db.session,
        viewer,
        title=json.title,
        body=json.body,
        topic_slugs=json.topics,
        anonymous=json.anonymous,
        confirmations=_confirmations(json.confirm_findings),
    )
    db.session.commit()
    return _question_response(viewer, question.id), 201


@bp.get(f"/questions/<{ID}:question_id>")
@spec.validate(resp=responses(404, HTTP_200=QuestionOut), tags=TAGS, operation_id="getQuestion")
def get_question(question_id: int):
    """Eén vraag met antwoorden en reacties."""
    viewer = api_user()
    return _question_response(viewer, question_id)


@bp.patch(f"/questions/<{ID}:question_id>")
@spec.validate(
    json=QuestionUpdate,
    resp=responses(403, 404, 409, 422, HTTP_200=QuestionOut),
    tags=TAGS,
    operation_id="updateQuestion",
)
def update_question(question_id: int, json: QuestionUpdate):
    """Bewerk een vraag (schrijver of moderator); elke bewerking wordt een nieuwe versie."""
    viewer = api_user()
    question = threads.get_post(db.session, viewer, question_id, PostType.QUESTION)
    posting.edit_post(
        db.session,
        viewer,
        question,
        body=json.body if json.body is not None else question.body_markdown,
        title=json.title,
        topic_slugs=json.topics,
        summary=json.edit_summary,
        confirmations=_confirmations(json.confirm_findings),
    )
    db.session.commit()
    return _question_response(viewer, question_id)


@bp.get(f"/questions/<{ID}:question_id>/revisions")
@spec.validate(
    resp=responses(404, HTTP_200=RevisionList), tags=TAGS, operation_id="listQuestionRevisions"
)
def question_revisions(question_id: int):
    """Alle versies van een vraag, oudste eerst."""
    viewer = api_user()
    question = threads.get_post(db.session, viewer, question_id, PostType.QUESTION)
    return {"items": [revision_out(question, r, viewer) for r in question.revisions]}


@bp.post(f"/questions/<{ID}:question_id>/answers")
@spec.validate(
    json=AnswerCreate,
    resp=responses(403, 404, 409, 422, HTTP_201=AnswerOut),
    tags=TAGS,
    operation_id="createAnswer",
)
def create_answer(question_id: int, json: AnswerCreate):
    """Beantwoord een vraag."""
    viewer = api_user()
    question = threads.get_post(db.session, viewer, question_id, PostType.QUESTION)
    answer = posting.post_answer(
        db.session,
        viewer,
        question,
        body=json.body,
        confirmations=_confirmations(json.confirm_findings),
    )
    db.session.commit()
    return _answer_response(viewer, answer.id), 201


@bp.patch(f"/answers/<{ID}:answer_id>")
@spec.validate(
    json=AnswerUpdate,
    resp=responses(403, 404, 409, 422, HTTP_200=AnswerOut),
    tags=TAGS,
    operation_id="updateAnswer",
)
def update_answer(answer_id: int, json: AnswerUpdate):
    """Bewerk een antwoord (schrijver of moderator)."""
    viewer = api_user()
    answer = threads.get_post(db.session, viewer, answer_id, PostType.ANSWER)
    posting.edit_post(
        db.session,
        viewer,
        answer,
        body=json.body,
        summary=json.edit_summary,
        confirmations=_confirmations(json.confirm_findings),
    )
    db.session.commit()
    return _answer_response(viewer, answer_id)


@bp.post(f"/answers/<{ID}:answer_id>/accept")
@spec.validate(
    json=AcceptIn,
    resp=responses(403, 404, 409, HTTP_200=QuestionOut),
    tags=TAGS,
    operation_id="acceptAnswer",
)
def accept_answer(answer_id: int, json: AcceptIn):
    """Accepteer een antwoord op je eigen vraag, of trek dat in met {"accepted": false}."""
    viewer = api_user()
    answer = threads.get_post(db.session, viewer, answer_id, PostType.ANSWER)
    question = voting.accept(db.session, viewer, answer, accepted=json.accepted)
    db.session.commit()
    return _question_response(viewer, question.id)


@bp.post(f"/posts/<{ID}:post_id>/votes")
@spec.validate(
    json=VoteIn, resp=responses(403, 404, 409, HTTP_200=VoteOut), tags=TAGS, operation_id="votePost"
)
def vote_post(post_id: int, json: VoteIn):
    """Stem op een vraag of antwoord: 1, -1 of 0 (intrekken); niet op je eigen bericht."""
    viewer = api_user()
    post = threads.get_post(db.session, viewer, post_id, PostType.QUESTION, PostType.ANSWER)
    result = voting.vote(db.session, viewer, post, json.value)
    db.session.commit()
    return {"score": result.score, "my_vote": result.my_vote}


@bp.post(f"/posts/<{ID}:post_id>/comments")
@spec.validate(
    json=CommentCreate,
    resp=responses(403, 404, 409, 422, HTTP_201=CommentOut),
    tags=TAGS,
    operation_id="createComment",
)
def create_comment(post_id: int, json: CommentCreate):
    """Reageer op een vraag of antwoord (ook reacties gaan door de privacycontrole)."""
    viewer = api_user()
    post = threads.get_post(db.session, viewer, post_id, PostType.QUESTION, PostType.ANSWER)
    comment = comments.add_comment(
        db.session, viewer, post, json.body, confirmations=_confirmations(json.confirm_findings)
    )
    db.session.commit()
    return comment_out(comment, viewer), 201


@bp.post(f"/answers/<{ID}:answer_id>/endorse")
@spec.validate(
    json=EndorseIn,
    resp=responses(403, 404, 409, 422, HTTP_200=AnswerOut),
    tags=TAGS,
    operation_id="endorseAnswer",
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
