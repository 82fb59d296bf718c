"""Handlers of the ingestion API v1."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

from adapters.api.auth import TokenCheck
from adapters.api.cursor import START, decode_cursor, encode_cursor
from adapters.api.errors import invalid, json_error, read_json_object
from adapters.api.openapi import build_openapi
from adapters.api.people import add_people_routes
from adapters.api.questions import add_question_routes
from adapters.api.relay import IDEMPOTENCY_KEY, relay_output
from adapters.api.schemas import (
    CreatedOut,
    FeedbackIn,
    FeedbackListOut,
    FeedbackOut,
    FieldError,
    ListQuery,
    OutputIn,
)
from adapters.api.wire import IDEMPOTENCY_KEY_SHAPE
from bot.errors import PersonForgotten, UnknownOutput
from bot.feedback.idempotent_relay import IdempotentRelay
from bot.records import (
    FeedbackEvent,
    FeedbackSource,
    MessageRef,
    OutputRegistration,
    PersonRef,
    Rating,
)
from bot.services import Services

Body = TypeVar("Body", bound=BaseModel)


def feedback_key(body: FeedbackIn) -> str:
    """API event ids are the caller's own, so they are namespaced by where they come from."""
    return f"api:{body.platform.value}:{body.workspace}:{body.event_id}"


def created(result: CreatedOut) -> web.Response:
    return web.Response(
        body=result.model_dump_json().encode(),
        status=201 if result.created else 200,
        content_type="application/json",
    )


class IngestionApi:
    def __init__(self, services: Services, tokens: TokenCheck, max_body: int) -> None:
        self._services = services
        self._tokens = tokens
        self._max_body = max_body
        self._openapi = build_openapi()
        self._relays = IdempotentRelay(services.database)

    @property
    def enabled(self) -> bool:
        return self._tokens.enabled

    async def accept(self, request: web.Request, model: type[Body]) -> Body | web.Response:
        """The authenticated, validated body, or the error answer to send instead."""
        refused = self._tokens.refuse(request)
        if refused is not None:
            return refused
        data = await read_json_object(request, self._max_body)
        if isinstance(data, web.Response):
            return data
        try:
            return model.model_validate(data)
        except ValidationError as error:
            return invalid(error)

    async def register_output(self, request: web.Request) -> web.Response:
        body = await self.accept(request, OutputIn)
        if isinstance(body, web.Response):
            return body
        key = request.headers.get(IDEMPOTENCY_KEY)
        if key is not None and IDEMPOTENCY_KEY_SHAPE.fullmatch(key) is None:
            message = "1 to 255 printable ASCII characters, no spaces (a UUID is a good key)"
            return json_error(
                400,
                "invalid_request",
                f"invalid fields: {IDEMPOTENCY_KEY}",
                [FieldError(field=IDEMPOTENCY_KEY, message=message)],
            )
        if body.post is not None:
            return await relay_output(request.app, body, key, self._relays)
        assert body.message_id is not None  # the schema requires one of message_id / post
        registration = OutputRegistration(
            message=MessageRef(
                platform=body.platform,
                tenant=body.workspace,
                channel=body.channel,
                message_id=body.message_id,
            ),
            assistant=body.assistant,
            use_case=body.use_case,
            trace_id=body.trace_id,
            posted_at=body.posted_at,
        )
        recorded = await self._services.outputs.register(registration)
        return created(CreatedOut(id=recorded.id, created=recorded.created))

    async def record_feedback(self, request: web.Request) -> web.Response:
        body = await self.accept(request, FeedbackIn)
        if isinstance(body, web.Response):
            return body
        output_id = body.output_id
        if body.output is not None:
            output_id = await self._services.feedback.resolve_output(
                MessageRef(
                    platform=body.platform,
                    tenant=body.workspace,
                    channel=body.output.channel,
                    message_id=body.output.message_id,
                )
            )
            if output_id is None:
                return unknown_output(
                    "output", "no AI output registered at that channel and message_id"
                )
        event = FeedbackEvent(
            key=feedback_key(body),
            person=PersonRef(platform=body.platform, tenant=body.workspace, user_id=body.user),
            output_id=output_id,
            rating=Rating(body.rating or "none"),
            comment=body.comment,
            reason=body.reason,
            source=FeedbackSource.API,
            occurred_at=body.occurred_at or datetime.now(UTC),
        )
        try:
            recorded = await self._services.feedback.record(event)
        except UnknownOutput:
            return unknown_output("output_id", f"no AI output with id {output_id}")
        except PersonForgotten:
            # The person asked to be forgotten: accepted, and deliberately not stored.
            return web.json_response(CreatedOut(id=None, created=False).model_dump(), status=202)
        return created(CreatedOut(id=recorded.id, created=recorded.created))

    async def list_feedback(self, request: web.Request) -> web.Response:
        refused = self._tokens.refuse(request)
        if refused is not None:
            return refused
        try:
            query = ListQuery.model_validate(dict(request.query))
        except ValidationError as error:
            return invalid(error)
        try:
            after = decode_cursor(query.cursor) if query.cursor is not None else START
        except ValueError as error:
            return json_error(
                400,
                "invalid_request",
                "invalid fields: cursor",
                [FieldError(field="cursor", message=str(error))],
            )
        page = await self._services.feedback.page(since=query.since, after=after, limit=query.limit)
        resume = encode_cursor(page.resume_at)
        body = FeedbackListOut(
            items=[FeedbackOut.of(item) for item in page.items],
            next_cursor=resume if page.has_more else None,
            resume_cursor=resume,
        )
        return web.json_response(text=body.model_dump_json())

    async def openapi(self, _request: web.Request) -> web.Response:
        return web.json_response(self._openapi)


def unknown_output(field: str, message: str) -> web.Response:
    return json_error(404, "unknown_output", message, [FieldError(field=field, message=message)])


def add_api_routes(app: web.Application, services: Services) -> IngestionApi:
    core = services.settings.core
    api = IngestionApi(services, TokenCheck(core.api_secret_tokens()), core.max_body_bytes)
    app.router.add_post("/api/v1/outputs", api.register_output)
    app.router.add_post("/api/v1/feedback", api.record_feedback)
    app.router.add_get("/api/v1/feedback", api.list_feedback)
    app.router.add_get("/api/v1/openapi.json", api.openapi)
    add_people_routes(app, services)
    add_question_routes(app, services)
    return api
