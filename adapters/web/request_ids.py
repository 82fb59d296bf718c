"""A request id for every HTTP request: in each log line written while serving it (and in
the work it starts), and echoed in the `X-Request-Id` response header.

A caller's own `X-Request-Id` (a reverse proxy's, a relay's) is kept only when it is short
and plainly an id; anything else could smuggle text into every log line, so it is replaced.
"""

from __future__ import annotations

import re
import uuid

from aiohttp import web

from adapters.logs import REQUEST_ID
from adapters.web.metrics import Handler

HEADER = "X-Request-Id"
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def request_id_of(request: web.Request) -> str:
    given = request.headers.get(HEADER, "")
    return given if SAFE_ID.fullmatch(given) else uuid.uuid4().hex


@web.middleware
async def request_ids(request: web.Request, handler: Handler) -> web.StreamResponse:
    request_id = request_id_of(request)
    token = REQUEST_ID.set(request_id)
    try:
        response = await handler(request)
    except web.HTTPException as answer:
        answer.headers[HEADER] = request_id
        raise
    finally:
        REQUEST_ID.reset(token)
    if not response.prepared:
        response.headers[HEADER] = request_id
    return response
