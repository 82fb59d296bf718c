"""Logging a failure without the words it may quote.

Exception texts can hold what people wrote: database errors quote the values they failed on,
SDK errors quote payloads. At ERROR we log the kind of error and where it happened (the stack
frames, which hold code, not data); the full text only at DEBUG.
"""

from __future__ import annotations

import logging
import traceback

from storage.availability import DatabaseUnavailable


def log_failure(log: logging.Logger, what: str, error: BaseException) -> None:
    if isinstance(error, DatabaseUnavailable):
        # Not a bug: the outage is logged once as it starts and once as it ends
        # (adapters/web/outage.py), not once per event that needed the database.
        log.debug("%s failed: %s", what, error)
        return
    frames = "".join(traceback.format_tb(error.__traceback__)).rstrip()
    log.error("%s failed: %s%s", what, type(error).__name__, f"\n{frames}" if frames else "")
    log.debug("%s failure in full", what, exc_info=error)
