"""The OpenAPI 3.1 document of the ingestion API, generated from its pydantic models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from adapters.api.schemas import (
    CreatedOut,
    ErrorOut,
    FeedbackIn,
    FeedbackListOut,
    OutputIn,
    RelayedOut,
)
from bot import __version__

REF = "#/components/schemas/{model}"


def ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


def answer(description: str, model: type[BaseModel] = ErrorOut) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref(model)}}}


ERRORS = {
    "400": answer("a field is missing or invalid; `fields` names each one"),
    "401": answer("missing or wrong bearer token"),
    "413": answer("body larger than 64 KiB"),
    "503": answer("ingestion API disabled (no GROUNDSWELL_API_TOKENS)"),
}


RELAY_MODE = (
    "Relay mode: give `post` instead of `message_id`. On Slack the answer gets "
    "`feedback_buttons` (and may carry Block Kit `blocks`, and a `thread_ts`). On Teams "
    "`workspace` is the tenant id, `channel` the id of a conversation where the app was added "
    "(a channel, a group chat, or a person's 1:1 chat after they installed the app), `post."
    "thread_ts` the activity id to reply to, and the answer gets Teams' feedback loop and the "
    "AI-generated label; `blocks` are refused. The answer is `message_id`: the Slack ts or the "
    "Teams activity id, which feedback and reactions are matched against."
)


def build_openapi() -> dict[str, Any]:
    _, schemas = models_json_schema(
        [(model, "validation") for model in (OutputIn, FeedbackIn)]
        + [
            (model, "serialization")
            for model in (CreatedOut, RelayedOut, FeedbackListOut, ErrorOut)
        ],
        ref_template=REF,
    )
    post = {"required": True}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Groundswell ingestion API", "version": __version__},
        "components": {
            "schemas": schemas.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/outputs": {
                "post": {
                    "summary": "Register an AI output (idempotent on its platform address), "
                    "or with `post` have Groundswell post it with feedback buttons (relay mode)",
                    "description": RELAY_MODE,
                    "requestBody": {
                        **post,
                        "content": {"application/json": {"schema": ref(OutputIn)}},
                    },
                    "responses": {
                        "201": answer(
                            "registered (relay mode: posted, with its address)", RelayedOut
                        ),
                        "200": answer(
                            "already registered: the same id (relay mode: a retry with the "
                            "same trace_id is not posted again and answers the first post)",
                            CreatedOut,
                        ),
                        **ERRORS,
                        "404": answer(
                            "relay mode (Teams): no stored conversation with that `channel`"
                        ),
                        "409": answer(
                            "relay mode: that platform is not configured on this server "
                            "(`post`), or Teams refused the conversation (`channel`)"
                        ),
                        "503": answer(
                            "ingestion API disabled, or relay mode: the platform is throttling "
                            "(see Retry-After); nothing was posted"
                        ),
                    },
                }
            },
            "/api/v1/feedback": {
                "post": {
                    "summary": "Record feedback on an AI output (idempotent on event_id)",
                    "requestBody": {
                        **post,
                        "content": {"application/json": {"schema": ref(FeedbackIn)}},
                    },
                    "responses": {
                        "201": answer("recorded", CreatedOut),
                        "200": answer("this event_id was already recorded", CreatedOut),
                        "202": answer("person asked to be forgotten: not stored", CreatedOut),
                        "404": answer("unknown output"),
                        **ERRORS,
                    },
                },
                "get": {
                    "summary": "List feedback, oldest first, with stable cursor paging",
                    "parameters": [
                        {
                            "name": "since",
                            "in": "query",
                            "schema": {"type": "string", "format": "date-time"},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": 500,
                                "default": 100,
                            },
                        },
                        {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {"200": answer("a page of feedback", FeedbackListOut), **ERRORS},
                },
            },
        },
    }
