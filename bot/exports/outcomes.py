"""What came of one delivery, as the queue row records it."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.exports.backoff import retry_delay
from bot.exports.destination import Delivered, NotExportable, Outcome, Refused, RetryLater
from storage.repositories import exports as exports_repo
from storage.repositories.exports import ExportItem

log = logging.getLogger(__name__)


def settle(
    item: ExportItem, outcome: Outcome, now: datetime, *, backoff: float, cap: float
) -> tuple[str, datetime | None, str | None, str]:
    """The row's new status, when it is due again, the error to keep, and the metric outcome."""
    match outcome:
        case Delivered():
            return exports_repo.SENT, None, None, "sent"
        case NotExportable(reason=reason):
            return exports_repo.UNEXPORTABLE, None, reason, "not_exportable"
        case Refused(reason=reason):
            log.warning("export to %s refused (%s): parked", item.destination, reason)
            return exports_repo.FAILED, None, reason, "failed"
        case RetryLater(reason=reason, after=after):
            delay = retry_delay(item.attempts, base=backoff, cap=cap, retry_after=after)
            return exports_repo.PENDING, now + timedelta(seconds=delay), reason, "retried"
    raise AssertionError(outcome)  # pragma: no cover - the match is exhaustive
