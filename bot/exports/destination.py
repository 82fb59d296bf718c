"""A destination's side of an export, as the worker sees it; adapters/exports implements it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.exports.change import ExportChange


@dataclass(frozen=True)
class Delivered:
    pass


@dataclass(frozen=True)
class RetryLater:
    """A 429, a 5xx, a timeout or a dropped connection; `after` is the Retry-After, if any."""

    reason: str
    after: float | None = None
    # A 429: the destination is fine, we were too fast (the worker paces itself).
    rate_limited: bool = False


@dataclass(frozen=True)
class Refused:
    """A permanent 4xx (bad key, bad body): parked as failed with the reason until retried."""

    reason: str


@dataclass(frozen=True)
class NotExportable:
    """Nothing to attach it to (an answer registered without a trace id)."""

    reason: str


Outcome = Delivered | RetryLater | Refused | NotExportable


class Destination(Protocol):
    name: str
    # Whether the destination can delete what it was sent (said when someone is forgotten).
    can_delete: bool

    async def deliver(self, change: ExportChange) -> Outcome: ...

    async def close(self) -> None: ...
