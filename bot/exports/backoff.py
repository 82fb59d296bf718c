"""When to try a destination again: the destination's own Retry-After when it gave one (a
rate limit says when, and repeating it is no sign of an outage: no growth), else capped
exponential back-off with jitter."""

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
    rng = rng or random.Random()
    if retry_after is not None:
        # Up to 10% later, so the rows refused together do not all come back together.
        wait = min(retry_after, cap)
        return max(wait * rng.uniform(1.0, 1.1), 0.001)
    ceiling = min(cap, base * 2 ** max(0, min(attempts - 1, 30)))
    # Jitter spreads replicas and rows that failed together (an outage) over the window.
    return rng.uniform(ceiling / 2, ceiling)
