"""LangSmith: each opinion is one feedback on the answer's run (run id = its trace id).

POST /api/v1/feedback with our derived feedback id creates it; when it exists already (a
retry, a later change: 409) the same id is PATCHed. A withdrawn opinion is DELETE
/api/v1/feedback/{id}, 404 meaning nothing to delete. Auth: the X-Api-Key header.
"""

from __future__ import annotations

from typing import Any

from adapters.exports.http import HttpCaller
from bot.exports.change import ChangeKind, ExportChange
from bot.exports.destination import NotExportable, Outcome
from bot.settings import ExportSettings

FEEDBACK_KEY = "user-feedback"


class LangSmithDestination:
    name = "langsmith"
    can_delete = True

    def __init__(self, settings: ExportSettings) -> None:
        if settings.langsmith_api_key is None:
            raise ValueError("GROUNDSWELL_LANGSMITH_API_KEY is required")
        self._base = f"{settings.langsmith_endpoint.rstrip('/')}/api/v1/feedback"
        self._headers = {"X-Api-Key": settings.langsmith_api_key.get_secret_value()}
        self._http = HttpCaller(
            timeout_seconds=settings.export_timeout_seconds,
            concurrency=settings.export_concurrency,
        )

    async def deliver(self, change: ExportChange) -> Outcome:
        one = f"{self._base}/{change.score_id}"
        if change.kind is ChangeKind.DELETED:
            outcome, _ = await self._http.call(
                "DELETE", one, headers=self._headers, ok_statuses=frozenset({404})
            )
            return outcome
        if not change.trace_id:
            return NotExportable(reason="no trace id")
        fields: dict[str, Any] = {
            "score": 1 if change.value else 0,
            "comment": change.comment,
            "feedback_source": {"type": "api", "metadata": change.metadata},
        }
        body = {"id": change.score_id, "run_id": change.trace_id, "key": FEEDBACK_KEY, **fields}
        outcome, status = await self._http.call(
            "POST", self._base, headers=self._headers, body=body
        )
        if status == 409:
            outcome, _ = await self._http.call("PATCH", one, headers=self._headers, body=fields)
        return outcome

    async def close(self) -> None:
        await self._http.close()
