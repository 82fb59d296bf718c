"""GROUNDSWELL_SCHEDULER_*: the periodic jobs inside `groundswell serve` (surveys, digests,
advocate nudges), run by one replica at a time."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings

from bot.settings.common import section_config


class SchedulerSettings(BaseSettings):
    model_config = section_config("GROUNDSWELL_SCHEDULER_")

    # Off: no periodic job runs in this process (tests; a replica meant only to serve).
    enabled: bool = True
    # How often a standby replica tries to take over (PostgreSQL advisory lock): a dead
    # leader's jobs resume within this many seconds.
    leader_poll_seconds: float = Field(default=15.0, gt=0, le=60)
    # How often due survey runs, reminders and closings are looked for.
    survey_tick_seconds: int = Field(default=60, ge=1, le=3600)
