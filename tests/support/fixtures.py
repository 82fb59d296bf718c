"""The shared platform fixtures (`../shared/fixtures`: real payloads, official schemas).

They live beside the checkout, never in it. On a developer's clone without them, the tests
that need them skip and say where they looked; in CI (`CI=true`) a missing fixture fails the
run, so a broken checkout can never pass by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest


def missing(what: str, where: Path) -> NoReturn:
    message = f"{what} not found at {where} (../shared/fixtures beside the checkout)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}: CI needs them", pytrace=False)
    pytest.skip(message)
