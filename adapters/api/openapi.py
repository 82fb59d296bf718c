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
                        "409": answer("relay mode: that platform is not configured", ErrorOut),
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
