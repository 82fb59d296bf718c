"""A fake Langfuse public API: scores, checked as Langfuse checks them.

POST /api/public/scores (Basic auth with the public and secret key) upserts by `id`; DELETE
/api/public/scores/{id} removes one (404 when unknown). Bodies are checked against the
CreateScoreRequest shape we use (id, traceId, name, value 0/1, dataType BOOLEAN, comment,
metadata); a wrong one is a 400, wrong keys a 401. `scores` holds what stands, `writes`
counts accepted POSTs per id, `deleted` the ids deleted.

Run on its own (the export benchmark): python -m tests.fakes.langfuse --rate 200
prints its port, then serves until killed; GET /_stats answers the counts as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import time
from collections import Counter
from typing import Any

from aiohttp import web

from tests.fakes.receiver import FakeReceiver

PUBLIC_KEY = "pk-lf-test-0123"
SECRET_KEY = "sk-lf-test-4567"
ALLOWED = {"id", "traceId", "name", "value", "dataType", "comment", "metadata"}


def score_problem(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "body must be an object"
    if set(body) - ALLOWED:
        return f"unexpected fields {sorted(set(body) - ALLOWED)}"
    if not isinstance(body.get("id"), str) or not isinstance(body.get("traceId"), str):
        return "id and traceId must be strings"
    if body.get("dataType") != "BOOLEAN" or body.get("value") not in (0, 1):
        return "a BOOLEAN score's value is 0 or 1"
    if not isinstance(body.get("name"), str) or not body["name"]:
        return "name is required"
    if body.get("comment") is not None and not isinstance(body["comment"], str):
        return "comment must be a string"
    if not isinstance(body.get("metadata", {}), dict):
        return "metadata must be an object"
    return None


class FakeLangfuse(FakeReceiver):
    def __init__(self, *, rate: float | None = None, burst: float = 10) -> None:
        super().__init__(rate=rate, burst=burst)
        self.scores: dict[str, dict[str, Any]] = {}
        self.writes: Counter[str] = Counter()
        self.deleted: list[str] = []
        self.requests: list[tuple[str, str, Any]] = []  # method, path, body
        self.keep_requests = True  # off in the benchmark: 10,000 bodies are not worth keeping
        self.first_at: float | None = None  # wall-clock time of the first request
        self.last_write_at: float | None = None

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/api/public/scores", self._post)
        app.router.add_delete("/api/public/scores/{score_id}", self._delete)
        app.router.add_get("/_stats", self._stats)

    def _authorised(self, request: web.Request) -> bool:
        pair = base64.b64encode(f"{PUBLIC_KEY}:{SECRET_KEY}".encode()).decode()
        return request.headers.get("Authorization") == f"Basic {pair}"

    async def _post(self, request: web.Request) -> web.Response:
        if self.first_at is None:
            self.first_at = time.time()
        refused = self.gate()
        if refused is not None:
            return refused
        if not self._authorised(request):
            return web.json_response({"message": "Invalid credentials"}, status=401)
        body = await request.json()
        if self.keep_requests:
            self.requests.append(("POST", request.path, body))
        problem = score_problem(body)
        if problem is not None:
            return web.json_response({"message": problem}, status=400)
        self.scores[body["id"]] = body
        self.writes[body["id"]] += 1
        self.last_write_at = time.time()
        if self.delay:
            await asyncio.sleep(self.delay)
        return web.json_response({"id": body["id"]})

    async def _delete(self, request: web.Request) -> web.Response:
        refused = self.gate()
        if refused is not None:
            return refused
        if not self._authorised(request):
            return web.json_response({"message": "Invalid credentials"}, status=401)
        score_id = request.match_info["score_id"]
        self.requests.append(("DELETE", request.path, None))
        if self.scores.pop(score_id, None) is None:
            return web.json_response({"message": "Score not found"}, status=404)
        self.deleted.append(score_id)
        return web.json_response({"message": "Score deleted"})

    async def _stats(self, _request: web.Request) -> web.Response:
        return web.json_response(
            {
                "scores": len(self.scores),
                "writes": sum(self.writes.values()),
                "written_twice": sum(1 for count in self.writes.values() if count > 1),
                "refused": self.refused,
                "first_at": self.first_at,
                "last_write_at": self.last_write_at,
                "values": {score["traceId"]: score["value"] for score in self.scores.values()},
            }
        )


async def serve_forever(rate: float | None, burst: float, port: int) -> None:
    fake = FakeLangfuse(rate=rate, burst=burst)
    fake.keep_requests = False
    await fake.start(port)
    print(fake.port, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=None)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--burst", type=float, default=10)
    options = parser.parse_args()
    asyncio.run(serve_forever(options.rate, options.burst, options.port))
