"""The ingestion API as an AI app developer's client sees it, over real HTTP."""

from __future__ import annotations

from typing import Any

import aiohttp

TOKEN = "t1-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TABLES = ("people", "ai_outputs", "feedback")
OUTPUT = {
    "platform": "slack",
    "workspace": "T1",
    "channel": "C1",
    "message_id": "1700.0001",
    "assistant": "finance-helper",
    "use_case": "reconciliations",
    "trace_id": "tr-1",
}


def feedback(event_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "platform": "slack",
        "workspace": "T1",
        "user": "U1",
        "rating": "up",
        **fields,
    }


class Api:
    def __init__(self, url: str, http: aiohttp.ClientSession) -> None:
        self.url = url
        self.http = http

    async def post(
        self,
        path: str,
        body: Any,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        async with self.http.post(
            self.url + path, json=body, headers=AUTH if headers is None else headers
        ) as response:
            return response.status, await response.json()

    async def post_raw(self, path: str, raw: bytes) -> tuple[int, Any]:
        headers = {**AUTH, "Content-Type": "application/json"}
        async with self.http.post(self.url + path, data=raw, headers=headers) as response:
            return response.status, await response.json()

    async def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        async with self.http.get(
            self.url + path, headers=AUTH if headers is None else headers
        ) as response:
            return response.status, await response.json()
