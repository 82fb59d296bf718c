"""Proportions with honest uncertainty: Wilson score intervals and a two-proportion test."""

from __future__ import annotations

import math

Z95 = 1.959963984540054


def wilson_interval(successes: int, total: int, z: float = Z95) -> tuple[float, float] | None:
    """The 95% Wilson score interval of successes/total; None when there is nothing to judge.

    Unlike the normal approximation it stays inside [0, 1] and is not absurdly narrow for
    small counts or rates near 0 or 1."""
    if total <= 0:
        return None
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    margin = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    # At 0 and 1 the bound is exactly the rate; floating point would land a hair inside it.
    low = 0.0 if successes == 0 else max(0.0, centre - margin)
    high = 1.0 if successes == total else min(1.0, centre + margin)
    return low, high


def beyond_noise(up_now: int, total_now: int, up_before: int, total_before: int) -> bool:
    """Whether two helpful rates differ by more than chance would (pooled two-proportion
    z-test, two-sided, 95%)."""
    if total_now <= 0 or total_before <= 0:
        return False
    pooled = (up_now + up_before) / (total_now + total_before)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / total_now + 1 / total_before))
    if spread == 0:
        return False
    return abs(up_now / total_now - up_before / total_before) / spread > Z95
