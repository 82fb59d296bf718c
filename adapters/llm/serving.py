"""The optional win model in the running server: every free-text path asks it first.

Built here because the domain cannot import an HTTP client. Some of those paths answer inside
Slack's 3-second acknowledgement (`/groundswell win`, `feedback …`, a submitted modal), so the
model gets at most INTERACTIVE_DEADLINE there; past it, or on any error, the rules decide and
the fallback is counted (bot/advocacy/detect/service.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiohttp import web

from adapters.llm.client import OpenAICompatibleClassifier
from bot.advocacy.detect import WinDetector
from bot.outages import OutageLog
from bot.services import Services

log = logging.getLogger(__name__)
INTERACTIVE_DEADLINE = 1.5


def attach_win_model(
    app: web.Application, services: Services, count_fallback: Callable[[str], None]
) -> bool:
    """Use the model configured by GROUNDSWELL_LLM_*; False (rules only) when none is."""
    settings = services.settings.llm
    if not settings.enabled:
        return False
    client = OpenAICompatibleClassifier(settings)
    # One line when the model stops answering and one when it is back; each text the rules
    # read instead is counted on /metrics by reason.
    outage = OutageLog(log, "win model", "the rules decide until it answers")

    def fell_back(reason: str) -> None:
        count_fallback(reason)
        outage.failed(reason)

    services.wins.detector = WinDetector(
        client,
        deadline_seconds=min(INTERACTIVE_DEADLINE, settings.timeout_seconds),
        on_fallback=fell_back,
        on_answer=outage.worked,
    )

    async def close_client(_app: web.Application) -> None:
        await client.close()

    app.on_cleanup.append(close_client)
    return True
