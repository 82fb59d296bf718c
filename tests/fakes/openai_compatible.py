"""A fake OpenAI-compatible chat completions endpoint for tests.

Runs a real aiohttp server on 127.0.0.1, port 0. Point the classifier at ``fake.url`` (the
``/v1`` base). By default it answers like a well-behaved model: it reads the message out of
the user prompt and calls ``judge(message) -> dict`` (default: a win when the message
contains "saved"). Queue misbehaviour for the next requests, one per call:

    async with FakeOpenAI() as fake:
        fake.next_content("not json at all")          # a 200 whose content is not JSON
        fake.next_answer({"is_win": "yes"})           # a 200 with the wrong schema
        fake.next_status(500)                         # an error status
        fake.next_status(429, retry_after="30")       # rate limited
        fake.next_body(b"<html>oops</html>")          # a 200 that is not a chat completion
        fake.next_delay(2.0)                          # answers, but only after 2 s
        fake.refuse_response_format = True            # 400 whenever response_format is sent

Every request is recorded in ``fake.requests`` (JSON body and headers).
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from aiohttp import web

Judge = Callable[[str], dict[str, Any]]


def saved_means_win(message: str) -> dict[str, Any]:
    is_win = "saved" in message.lower()
    return {"is_win": is_win, "confidence": 0.9, "evidence": "saved" if is_win else None}


@dataclass(frozen=True)
class RecordedRequest:
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def message(self) -> str:
        """The text the classifier sent, without the prompt around it."""
        user = self.body["messages"][-1]["content"]
        return str(user).split("Message:\n", 1)[1]


@dataclass
class _Plan:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    content: str | None = None
    delay: float = 0.0


class FakeOpenAI:
    def __init__(self, judge: Judge = saved_means_win) -> None:
        self.judge = judge
        self.requests: list[RecordedRequest] = []
        self.refuse_response_format = False
        self._plans: deque[_Plan] = deque()
        self._runner: web.AppRunner | None = None
        self.url = ""

    def next_answer(self, answer: dict[str, Any]) -> None:
        self._plans.append(_Plan(content=json.dumps(answer)))

    def next_content(self, content: str) -> None:
        self._plans.append(_Plan(content=content))

    def next_body(self, body: bytes, status: int = 200) -> None:
        self._plans.append(_Plan(status=status, body=body))

    def next_status(self, status: int, retry_after: str | None = None) -> None:
        headers = {"Retry-After": retry_after} if retry_after else {}
        self._plans.append(_Plan(status=status, headers=headers, body=b'{"error": "nope"}'))

    def next_delay(self, seconds: float) -> None:
        self._plans.append(_Plan(delay=seconds))

    async def _complete(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(RecordedRequest(body, dict(request.headers)))
        if self.refuse_response_format and "response_format" in body:
            return web.json_response({"error": {"message": "response_format"}}, status=400)
        plan = self._plans.popleft() if self._plans else _Plan()
        if plan.delay:
            await asyncio.sleep(plan.delay)  # a slow model, for the client's timeout
        if plan.body is not None:
            return web.Response(status=plan.status, body=plan.body, headers=plan.headers)
        content = plan.content
        if content is None:
            content = json.dumps(self.judge(self.requests[-1].message))
        completion = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "model": body.get("model"),
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": content},
                 "finish_reason": "stop"}
            ],
        }  # fmt: skip
        return web.json_response(completion)

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._complete)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server  # aiohttp has no public accessor for the bound port
        assert server is not None
        port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/v1"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
