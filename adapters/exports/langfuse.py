"""Langfuse: each opinion is one BOOLEAN score on the answer's trace.

POST /api/public/scores with our derived score id upserts (a retry or a later change
overwrites the same score); a withdrawn opinion is DELETE /api/public/scores/{id}, where a
404 means there was nothing to delete. Basic auth: public key, secret key. The official SDK
batches in a background thread that a crash can lose, so the REST API is called directly.
"""

from __future__ import annotations

import base64

from adapters.exports.http import HttpCaller
from bot.exports.change import ChangeKind, ExportChange
from bot.exports.destination import NotExportable, Outcome
from bot.settings import ExportSettings

SCORE_NAME = "user-feedback"


class LangfuseDestination:
    name = "langfuse"
    can_delete = True

    def __init__(self, settings: ExportSettings) -> None:
        if not (settings.langfuse_public_key and settings.langfuse_secret_key):
            raise ValueError("GROUNDSWELL_LANGFUSE_PUBLIC_KEY and _SECRET_KEY are required")
        self._base = f"{settings.langfuse_host.rstrip('/')}/api/public/scores"
        pair = f"{settings.langfuse_public_key}:{settings.langfuse_secret_key.get_secret_value()}"
        self._headers = {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode()}
        self._http = HttpCaller(
            timeout_seconds=settings.export_timeout_seconds,
            concurrency=settings.export_concurrency,
        )

    async def deliver(self, change: ExportChange) -> Outcome:
        if change.kind is ChangeKind.DELETED:
            outcome, _ = await self._http.call(
                "DELETE",
                f"{self._base}/{change.score_id}",
                headers=self._headers,
                ok_statuses=frozenset({404}),
            )
            return outcome
        if not change.trace_id:
            return NotExportable(reason="no trace id")
        body = {
            "id": change.score_id,
            "traceId": change.trace_id,
            "name": SCORE_NAME,
            "value": 1 if change.value else 0,
            "dataType": "BOOLEAN",
            "comment": change.comment,
            "metadata": change.metadata,
        }
        outcome, _ = await self._http.call("POST", self._base, headers=self._headers, body=body)
        return outcome

    async def close(self) -> None:
        await self._http.close()
