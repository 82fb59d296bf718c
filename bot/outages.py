"""Something outside that stops working is one log line when it stops and one when it works
again, however many requests, messages or texts meet it meanwhile (a survey fan-out is
thousands of sends; a burst of comments hundreds of model calls). The count of failures is
said at the end; per-reason counts belong in metrics, not the log."""

from __future__ import annotations

import logging
import time


class OutageLog:
    def __init__(self, log: logging.Logger, what: str, meanwhile: str) -> None:
        self._log = log
        self._what = what  # "win model", "sending to slack"
        self._meanwhile = meanwhile  # what happens until it is back
        self._since: float | None = None
        self._failures = 0

    def failed(self, reason: str) -> None:
        self._failures += 1
        if self._since is None:
            self._since = time.monotonic()
            self._log.warning("%s unavailable (%s): %s", self._what, reason, self._meanwhile)

    def worked(self) -> None:
        if self._since is None:
            return
        lasted = time.monotonic() - self._since
        self._log.warning(
            "%s works again after %.1f s (%d failed meanwhile)", self._what, lasted, self._failures
        )
        self._since, self._failures = None, 0
