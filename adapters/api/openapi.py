"""The OpenAPI 3.1 document of the ingestion API, generated from its pydantic models.

It says exactly what the API accepts and answers (tests/api/test_openapi_contract.py runs
schemathesis with every check against it): the models' cross-field rules are in their JSON
Schema (schemas.py), text rules are patterns (wire.py), and every status a route can answer
is listed with its headers.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue, models_json_schema
from pydantic_core import core_schema

from adapters.api.cursor import CURSOR_PATTERN
from adapters.api.people import MAX_PEOPLE, PeopleOut, PersonIn
from adapters.api.questions import ASK_LINK, QuestionIn, QuestionOut, question_paths
from adapters.api.relay import IDEMPOTENCY_KEY
from adapters.api.schemas import (
    CreatedOut,
    ErrorOut,
    FeedbackIn,
    FeedbackListOut,
    OutputIn,
    RelayedOut,
)
from adapters.api.wire import IDEMPOTENCY_KEY_PATTERN, JsonSchema
from adapters.exports.webhooks import FeedbackEvent, webhook_operation
from bot import __version__

REF = "#/components/schemas/{model}"


class RequestTextRules(GenerateJsonSchema):
    """Request text as the models check it (schemas.Body): never NUL, and not blank where
    at least one character is required. A field with its own pattern already says more."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        json_schema = super().str_schema(schema)
        if self.mode == "validation" and "pattern" not in json_schema:
            rules = JsonSchema.NOT_BLANK if json_schema.get("minLength") else JsonSchema.NO_NUL
            json_schema.update(rules)
        return json_schema


def ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


def one_of(*models: type[BaseModel]) -> dict[str, Any]:
    return {"anyOf": [ref(model) for model in models]}


def header(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "schema": schema}


RETRY_AFTER = {"Retry-After": header("seconds to wait before asking again", {"type": "integer"})}


def answer(
    description: str,
    schema: dict[str, Any] | type[BaseModel] = ErrorOut,
    headers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    body = ref(schema) if isinstance(schema, type) else schema
    found: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": body}},
    }
    if headers:
        found["headers"] = headers
    return found


UNAUTHORIZED = answer(
    "missing or wrong bearer token",
    headers={"WWW-Authenticate": header("the scheme to use", {"type": "string"})},
)
UNAVAILABLE = (
    "the ingestion API is disabled (no GROUNDSWELL_API_TOKENS), or the database is unavailable "
    "(with Retry-After); nothing was changed"
)
ERRORS = {
    "400": answer("a field, parameter or header is invalid; `fields` names each one"),
    "401": UNAUTHORIZED,
    "413": answer("body larger than GROUNDSWELL_MAX_BODY_BYTES (64 KiB by default)"),
    "503": answer(UNAVAILABLE, headers=RETRY_AFTER),
}
READ_ERRORS = {key: ERRORS[key] for key in ("400", "401", "503")}

RELAY_MODE = (
    "Relay mode: give `post` instead of `message_id`. On Slack the answer gets "
    "`feedback_buttons` (and may carry Block Kit `blocks`, and a `thread_ts`). On Teams "
    "`workspace` is the tenant id, `channel` the id of a conversation where the app was added "
    "(a channel, a group chat, or a person's 1:1 chat after they installed the app), `post."
    "thread_ts` the activity id to reply to, and the answer gets Teams' feedback loop and the "
    "AI-generated label; `blocks` are refused. The answer is `message_id`: the Slack ts or the "
    "Teams activity id, which feedback and reactions are matched against.\n\n"
    "A relay is posted once per key: the `Idempotency-Key` header, else `trace_id`, scoped to "
    "platform, workspace and channel (not to the API token, so a retry after rotating tokens "
    "is still recognised). A repeat answers the first post (200); one that arrives while the "
    "first is still posting waits up to 5 s for it, then answers 409 `relay_in_progress` with "
    "Retry-After; the same key with a different `post` is refused (409). After a crash between "
    "posting and recording, a retry with the same key looks for the posted message in Slack "
    "before posting again (this needs the channel type's `*:history` scope); Teams cannot be "
    "asked, so there such a retry answers 409 `relay_outcome_unknown`. A relay with neither "
    "key is not deduplicated: every request posts."
)

FEED = (
    "A change feed of feedback, oldest change first. Every new feedback and every change to "
    "one (superseded by a later rating, retracted) comes at a new position, so an item can "
    "appear again with its new state: keep the latest per `id`. Page with `next_cursor` until "
    "it is null, keep `resume_cursor`, and list with it later to get exactly what changed "
    "since: nothing is skipped, even with many writers on PostgreSQL. Erased feedback "
    '("forget me") leaves the feed without a trace.'
)


def build_openapi() -> dict[str, Any]:
    _, schemas = models_json_schema(
        [(model, "validation") for model in (OutputIn, FeedbackIn, PersonIn, QuestionIn)]
        + [
            (model, "serialization")
            for model in (CreatedOut, RelayedOut, FeedbackListOut, ErrorOut, PeopleOut)
        ]
        + [(FeedbackEvent, "serialization"), (QuestionOut, "serialization")],
        ref_template=REF,
        schema_generator=RequestTextRules,
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
        "webhooks": {"feedbackChange": webhook_operation(ref(FeedbackEvent))},
        "paths": {
            "/api/v1/outputs": {
                "post": {
                    "summary": "Register an AI output (idempotent on its platform address), "
                    "or with `post` have Groundswell post it with feedback buttons (relay mode)",
                    "description": RELAY_MODE,
                    "parameters": [
                        {
                            "name": IDEMPOTENCY_KEY,
                            "in": "header",
                            "required": False,
                            "description": "relay mode: post once per key (a UUID is a good "
                            "key); without it `trace_id` is the key",
                            "schema": {"type": "string", "pattern": IDEMPOTENCY_KEY_PATTERN},
                        }
                    ],
                    "requestBody": {
                        **post,
                        "content": {"application/json": {"schema": ref(OutputIn)}},
                    },
                    "responses": {
                        "201": answer(
                            "registered; relay mode: posted by this request, with its address",
                            one_of(RelayedOut, CreatedOut),
                        ),
                        "200": answer(
                            "already registered: the same id; relay mode: the key was seen "
                            "before, and this is the earlier post (nothing posted now)",
                            one_of(RelayedOut, CreatedOut),
                        ),
                        **ERRORS,
                        "404": answer(
                            "relay mode (Teams): no stored conversation with that `channel`"
                        ),
                        "409": answer(
                            "relay mode: the platform is not configured on this server "
                            "(`relay_unavailable`), Teams refused the conversation "
                            "(`unreachable`), a relay with this key is still posting "
                            "(`relay_in_progress`, with Retry-After), this key was used before "
                            "for a different `post` (`idempotency_key_reused`), or an "
                            "interrupted earlier attempt cannot be checked "
                            "(`relay_outcome_unknown`)",
                            headers=RETRY_AFTER,
                        ),
                        "503": answer(
                            f"{UNAVAILABLE}; relay mode: the platform is throttling or refused "
                            "the post (nothing was posted), or did not confirm it "
                            "(`relay_unconfirmed`: ask again with the same key)",
                            headers=RETRY_AFTER,
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
                    "summary": "The feedback change feed, with cursors that never skip",
                    "description": FEED,
                    "parameters": [
                        {
                            "name": "since",
                            "in": "query",
                            "description": "only feedback that happened at or after this time",
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
                        {
                            "name": "cursor",
                            "in": "query",
                            "description": "`next_cursor` or `resume_cursor` of an earlier page",
                            "schema": {"type": "string", "pattern": CURSOR_PATTERN},
                        },
                    ],
                    "responses": {
                        "200": {
                            **answer("a page of the feed", FeedbackListOut),
                            "links": ASK_LINK,
                        },
                        **READ_ERRORS,
                    },
                },
            },
            "/api/v1/people": {"put": people_operation()},
            **question_paths(ref, answer, ERRORS, READ_ERRORS),
        },
    }


PEOPLE = (
    "The people directory: departments, emails, names and timezones from your own list "
    "(an HR export, a script), the same as `groundswell people import`. An upsert on "
    "(platform, workspace, user): a value left out or null keeps what is stored; surrounding "
    "whitespace is removed. What the directory states wins over the platforms' profiles "
    "(a timezone the person later changes on the platform wins until the directory states "
    "one again).\n\n"
    "200: every item was stored, except those listed in `not_stored` by index: a later item "
    "for the same person as an earlier one (`duplicate`; the first wins), or a person who "
    "asked to be forgotten (`forgotten`; never re-created). 400: nothing was stored; "
    "`fields[].field` names each problem as `<index>.<field>`, e.g. `3.timezone`."
)


def people_operation() -> dict[str, Any]:
    return {
        "summary": f"Add or update up to {MAX_PEOPLE} people in the directory (idempotent)",
        "description": PEOPLE,
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"type": "array", "items": ref(PersonIn), "maxItems": MAX_PEOPLE}
                }
            },
        },
        "responses": {
            "200": answer("stored, except the items listed in `not_stored`", PeopleOut),
            **ERRORS,
        },
    }
