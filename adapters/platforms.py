"""The chat platforms `groundswell serve` mounts on its one server, in mounting order."""

from __future__ import annotations

from adapters.slack.mount import mount_slack
from adapters.teams.mount import mount_teams
from adapters.web.mounting import Mounter

PLATFORMS: tuple[Mounter, ...] = (mount_slack, mount_teams)
