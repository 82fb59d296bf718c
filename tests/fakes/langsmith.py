"""A fake LangSmith feedback API: POST /api/v1/feedback (409 when the id exists), PATCH and
DELETE /api/v1/feedback/{id}, all behind the X-Api-Key header. `feedback` holds what stands."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.fakes.receiver import FakeReceiver

API_KEY = "lsv2_pt_test_0123456789"
CREATE_FIELDS = {"id", "run_id", "key", "score", "comment", "feedback_source"}
PATCH_FIELDS = {"score", "comment", "feedback_source"}


def feedback_problem(body: Any, allowed: set[str]) -> str | None:
    if not isinstance(body, dict) or set(body) - allowed:
        return "unexpected body"
    if "score" in body and body["score"] not in (0, 1):
        return "score must be 0 or 1 here"
    source = body.get("feedback_source")
    if source is not None and (not isinstance(source, dict) or source.get("type") != "api"):
        return "feedback_source.type must be api"
    return None


class FakeLangSmith(FakeReceiver):
    def __init__(self) -> None:
        super().__init__()
        self.feedback: dict[str, dict[str, Any]] = {}
        self.deleted: list[str] = []

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/api/v1/feedback", self._create)
        app.router.add_patch("/api/v1/feedback/{feedback_id}", self._patch)
        app.router.add_delete("/api/v1/feedback/{feedback_id}", self._delete)

    def _refusal(self, request: web.Request) -> web.Response | None:
        refused = self.gate()
        if refused is not None:
            return refused
        if request.headers.get("X-Api-Key") != API_KEY:
            return web.json_response({"detail": "Invalid token"}, status=401)
        return None

    async def _create(self, request: web.Request) -> web.Response:
        refused = self._refusal(request)
        if refused is not None:
            return refused
        body = await request.json()
        problem = feedback_problem(body, CREATE_FIELDS)
        if problem is None and not {"id", "run_id", "key", "score"} <= set(body):
            problem = "id, run_id, key and score are required"
        if problem is not None:
            return web.json_response({"detail": problem}, status=422)
        if body["id"] in self.feedback:
            return web.json_response({"detail": "Feedback already exists"}, status=409)
        self.feedback[body["id"]] = body
        return web.json_response(body)

    async def _patch(self, request: web.Request) -> web.Response:
        refused = self._refusal(request)
        if refused is not None:
            return refused
        found = self.feedback.get(request.match_info["feedback_id"])
        if found is None:
            return web.json_response({"detail": "Feedback not found"}, status=404)
        body = await request.json()
        problem = feedback_problem(body, PATCH_FIELDS)
        if problem is not None:
            return web.json_response({"detail": problem}, status=422)
        found.update(body)
        return web.json_response(found)

    async def _delete(self, request: web.Request) -> web.Response:
        refused = self._refusal(request)
        if refused is not None:
            return refused
        feedback_id = request.match_info["feedback_id"]
        if self.feedback.pop(feedback_id, None) is None:
            return web.json_response({"detail": "Feedback not found"}, status=404)
        self.deleted.append(feedback_id)
        return web.json_response({})
