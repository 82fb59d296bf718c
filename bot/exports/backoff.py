"""When to try a destination again: capped exponential back-off with full jitter, or the
destination's own Retry-After when it gave one (never sooner, never past the cap)."""

from __future__ import annotations

import random


def retry_delay(
    attempts: int,
    *,
    base: float,
    cap: float,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait after the `attempts`-th failed try (1 for the first)."""
    ceiling = min(cap, base * 2 ** max(0, min(attempts - 1, 30)))
    # Jitter spreads replicas and rows that failed together (an outage) over the window.
    delay = (rng or random).uniform(ceiling / 2, ceiling)
    if retry_after is not None:
        delay = max(delay, min(retry_after, cap))
    return delay
