"""Pacing one destination that rate-limits us: start requests no closer than a learned gap.

Additive-increase, multiplicative-decrease on the sending rate: a 429 widens the gap by 5%
(once per gap in force, however many requests started under it came back refused together),
and each accepted request narrows it by 0.2%, so the rate settles just around what the
destination allows, with a few percent of requests refused instead of most of them. Each
refused row waits its Retry-After while the following rows use the slots.
"""

from __future__ import annotations

import asyncio
import time

MIN_GAP = 0.0005
WIDEN = 1.05
NARROW = 0.995


class Pacer:
    def __init__(self) -> None:
        self.gap = 0.0
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait_turn(self) -> float:
        """Wait for this request's start; the gap it was started under."""
        async with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.gap
            gap = self.gap
        if start > now:
            await asyncio.sleep(start - now)
        return gap

    def refused(self, gap_at_start: float) -> None:
        self.gap = max(self.gap, max(gap_at_start, MIN_GAP) * WIDEN)

    def accepted(self) -> None:
        narrower = self.gap * NARROW
        self.gap = narrower if narrower >= MIN_GAP else 0.0
