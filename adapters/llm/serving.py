"""The optional win model in the running server: every free-text path asks it first.

Built here because the domain cannot import an HTTP client. Some of those paths answer inside
Slack's 3-second acknowledgement (`/groundswell win`, `feedback …`, a submitted modal), so the
model gets at most INTERACTIVE_DEADLINE there; past it, or on any error, the rules decide and
the fallback is counted (bot/advocacy/detect/service.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from aiohttp import web

from adapters.llm.client import OpenAICompatibleClassifier
from bot.advocacy.detect import WinDetector
from bot.services import Services

log = logging.getLogger(__name__)
INTERACTIVE_DEADLINE = 1.5


class ModelOutageLog:
    """A model that stops answering is one line when it stops and one when it answers again,
    not a line for every text the rules then read (a burst of comments is hundreds); the
    fallbacks are counted by reason on /metrics (groundswell_win_model_fallbacks_total)."""

    def __init__(self, count: Callable[[str], None]) -> None:
        self._count = count
        self._since: float | None = None
        self._fallbacks = 0

    def fell_back(self, reason: str) -> None:
        self._count(reason)
        self._fallbacks += 1
        if self._since is None:
            self._since = time.monotonic()
            log.warning("win model unavailable (%s): the rules decide until it answers", reason)

    def answered(self) -> None:
        if self._since is None:
            return
        lasted = time.monotonic() - self._since
        log.warning(
            "win model answering again after %.1f s (the rules read %d texts meanwhile)",
            lasted,
            self._fallbacks,
        )
        self._since, self._fallbacks = None, 0


def attach_win_model(
    app: web.Application, services: Services, count_fallback: Callable[[str], None]
) -> bool:
    """Use the model configured by GROUNDSWELL_LLM_*; False (rules only) when none is."""
    settings = services.settings.llm
    if not settings.enabled:
        return False
    client = OpenAICompatibleClassifier(settings)
    outages = ModelOutageLog(count_fallback)
    services.wins.detector = WinDetector(
        client,
        deadline_seconds=min(INTERACTIVE_DEADLINE, settings.timeout_seconds),
        on_fallback=outages.fell_back,
        on_answer=outages.answered,
    )

    async def close_client(_app: web.Application) -> None:
        await client.close()

    app.on_cleanup.append(close_client)
    return True
