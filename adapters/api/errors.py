"""JSON error answers: every client mistake names what was wrong and changes nothing."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from pydantic import ValidationError

from adapters.api.schemas import ErrorOut, FieldError
from adapters.web.json_body import JsonRefused, decode_utf8, load_json


def json_error(
    status: int,
    error: str,
    message: str,
    fields: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> web.Response:
    body = ErrorOut(error=error, message=message, fields=fields or [])
    return web.json_response(body.model_dump(), status=status, headers=headers)


def field_errors(error: ValidationError) -> list[FieldError]:
    fields = []
    for item in error.errors(include_url=False):
        location = ".".join(str(part) for part in item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        if not location and ": " in message:
            # Model-level checks name their field themselves ("rating: give a rating ...").
            location, message = message.split(": ", 1)
        fields.append(FieldError(field=location or "body", message=message))
    return fields


def invalid(error: ValidationError) -> web.Response:
    fields = field_errors(error)
    names = ", ".join(sorted({item.field for item in fields}))
    return json_error(400, "invalid_request", f"invalid fields: {names}", fields)


async def read_json_object(request: web.Request, limit: int) -> dict[str, Any] | web.Response:
    """The body as a JSON object, or the error answer to send instead."""
    data = await read_json_value(request, limit)
    if isinstance(data, web.Response):
        return data
    if not isinstance(data, dict):
        return json_error(
            400,
            "invalid_request",
            "body must be a JSON object",
            [FieldError(field="body", message="must be a JSON object")],
        )
    return data


async def read_json_value(request: web.Request, limit: int) -> Any:
    """The body as any JSON value, or the error answer (a web.Response) to send instead."""
    length = request.content_length
    if length is not None and length > limit:
        return too_large(limit)
    raw: bytes | bytearray
    if length is not None:
        raw = await request.read()
    else:
        # Chunked upload with no declared length: count as it streams in.
        received = bytearray()
        async for chunk in request.content.iter_chunked(16 * 1024):
            received.extend(chunk)
            if len(received) > limit:
                return too_large(limit)
        raw = bytes(received)
    try:
        # UTF-8 only (RFC 8259), and depth measured before parsing: 30,000 nested arrays
        # would make json.loads raise RecursionError.
        data = load_json(decode_utf8(bytes(raw), "body"), "body")
    except JsonRefused as refused:
        return json_error(
            400,
            "invalid_json",
            str(refused),
            [FieldError(field="body", message=str(refused).removeprefix("body "))],
        )
    return data


def too_large(limit: int) -> web.Response:
    return json_error(413, "body_too_large", f"request body is larger than {limit} bytes")
