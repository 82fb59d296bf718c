"""POST /api/v1/feedback/{feedback_id}/questions and GET /api/v1/questions/{question_id}:
the AI team's "what went wrong?" from its own tools (bot/exports/questions.py).

The person who gave the feedback is asked in chat; the answer comes back here without their
name or id (unless they chose to share their name). `status` is `waiting` until an answer
comes or the question expires after 7 days: a caller never learns whether anyone was asked,
or declined.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from aiohttp import web
from pydantic import BaseModel, Field, ValidationError

from adapters.api.auth import TokenCheck
from adapters.api.errors import invalid, json_error, read_json_object
from adapters.api.schemas import Body, FieldError
from adapters.api.wire import MAX_ID
from bot.exports.questions import MAX_QUESTION, AlreadyAsked, UnknownFeedback
from bot.services import Services
from storage.repositories.questions import Question


class QuestionIn(Body):
    question: str = Field(min_length=1, max_length=MAX_QUESTION, description="what to ask")
    asker: str | None = Field(
        default=None, max_length=255, description="who is asking, for the audit log"
    )


class QuestionOut(BaseModel):
    id: int
    status: Literal["waiting", "answered", "expired"]
    question: str
    answer: str | None = Field(description="the answer, without the person's name or id")
    shared_name: str | None = Field(description="only when the person chose to share it")
    expires_at: datetime


def to_out(question: Question) -> QuestionOut:
    now = datetime.now(UTC)
    status: Literal["waiting", "answered", "expired"] = (
        "answered"
        if question.status == "answered"
        else "expired"
        if question.expires_at <= now or question.status == "expired"
        else "waiting"
    )
    return QuestionOut(
        id=question.id,
        status=status,
        question=question.text,
        answer=question.answer if status == "answered" else None,
        shared_name=question.shared_name if status == "answered" else None,
        expires_at=question.expires_at,
    )


def read_id(raw: str) -> int | None:
    """A database id from a path segment: ASCII digits only ("²".isdigit() is True)."""
    if raw.isascii() and raw.isdigit() and len(raw) <= 10 and 1 <= int(raw) <= MAX_ID:
        return int(raw)
    return None


def path_id(request: web.Request, name: str) -> int | web.Response:
    found = read_id(request.match_info[name])
    if found is not None:
        return found
    message = f"must be an integer from 1 to {MAX_ID}"
    return json_error(
        400, "invalid_request", f"{name} {message}", [FieldError(field=name, message=message)]
    )


def answered(question: Question, status: int) -> web.Response:
    return web.Response(
        body=to_out(question).model_dump_json().encode(),
        status=status,
        content_type="application/json",
    )


class QuestionsApi:
    def __init__(self, services: Services, tokens: TokenCheck, max_body: int) -> None:
        assert services.questions is not None
        self._questions = services.questions
        self._tokens = tokens
        self._max_body = max_body

    async def ask(self, request: web.Request) -> web.Response:
        refused = self._tokens.refuse(request)
        if refused is not None:
            return refused
        feedback_id = path_id(request, "feedback_id")
        if isinstance(feedback_id, web.Response):
            return feedback_id
        data = await read_json_object(request, self._max_body)
        if isinstance(data, web.Response):
            return data
        try:
            body = QuestionIn.model_validate(data)
        except ValidationError as error:
            return invalid(error)
        label = f"api:{body.asker}" if body.asker else "api"
        try:
            question_id = await self._questions.ask(
                text=body.question, asker=None, asker_label=label, feedback_id=feedback_id
            )
        except UnknownFeedback:
            return json_error(404, "not_found", "no feedback with that id")
        except AlreadyAsked:
            return json_error(409, "question_open", "a question about that feedback is open")
        question = await self._questions.status(question_id)
        assert question is not None
        return answered(question, 201)

    async def read(self, request: web.Request) -> web.Response:
        refused = self._tokens.refuse(request)
        if refused is not None:
            return refused
        question_id = path_id(request, "question_id")
        if isinstance(question_id, web.Response):
            return question_id
        question = await self._questions.status(question_id)
        if question is None:
            return json_error(404, "not_found", "no question with that id")
        return answered(question, 200)


def add_question_routes(app: web.Application, services: Services) -> None:
    core = services.settings.core
    api = QuestionsApi(services, TokenCheck(core.api_secret_tokens()), core.max_body_bytes)
    app.router.add_post("/api/v1/feedback/{feedback_id}/questions", api.ask)
    app.router.add_get("/api/v1/questions/{question_id}", api.read)


def question_paths(
    ref: Any, answer: Any, errors: dict[str, Any], read_errors: dict[str, Any]
) -> dict[str, Any]:
    """The two operations for the OpenAPI document (adapters/api/openapi.py)."""

    def id_parameter(name: str) -> dict[str, Any]:
        schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        return {"name": name, "in": "path", "required": True, "schema": schema}

    return {
        "/api/v1/feedback/{feedback_id}/questions": {
            "post": {
                "operationId": "askAboutFeedback",
                "summary": "Ask the person who gave this feedback a question, without learning "
                "who they are",
                "description": __doc__,
                "parameters": [id_parameter("feedback_id")],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref(QuestionIn)}},
                },
                "responses": {
                    "201": {
                        **answer("recorded; poll GET /api/v1/questions/{id}", QuestionOut),
                        "links": {
                            "ReadQuestion": {
                                "operationId": "readQuestion",
                                "parameters": {"question_id": "$response.body#/id"},
                            }
                        },
                    },
                    **errors,
                    "404": answer("no feedback with that id (or it was erased)"),
                    "409": answer("a question about that feedback is still open"),
                },
            }
        },
        "/api/v1/questions/{question_id}": {
            "get": {
                "operationId": "readQuestion",
                "summary": "A question's state and, once given, its answer",
                "parameters": [id_parameter("question_id")],
                "responses": {
                    "200": answer("the question", QuestionOut),
                    **read_errors,
                    "404": answer("no question with that id"),
                },
            }
        },
    }


# Added to GET /api/v1/feedback's 200: each listed feedback can be asked about.
ASK_LINK = {
    "AskAboutFeedback": {
        "operationId": "askAboutFeedback",
        "parameters": {"feedback_id": "$response.body#/items/0/id"},
    }
}
