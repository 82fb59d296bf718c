"""`app_uninstalled` and `tokens_revoked`: Slack says our tokens for an installation are gone.

With the OAuth install, that installation's stored tokens are deleted (slack-sdk's store has
`delete_all` / `delete_bot` / `delete_installation` for exactly this), and the authorize
cache forgets them. With one fixed SLACK_BOT_TOKEN there is nothing stored to delete: the
operator is told, once per event, that the token no longer works.
"""

from __future__ import annotations

import logging
from typing import Any

from adapters.slack.deps import SlackDeps

log = logging.getLogger(__name__)


async def forget_installation(deps: SlackDeps, body: dict[str, Any], context: Any) -> None:
    found = body.get("event")
    event: dict[str, Any] = found if isinstance(found, dict) else {}
    revoked = deps.revoked
    if revoked is None:
        log.warning(
            "Slack reports the app was uninstalled or its tokens revoked in a workspace: "
            "SLACK_BOT_TOKEN no longer works there"
        )
        return
    # An org-wide install is keyed by its org alone; Bolt's context has both ids.
    enterprise_id = context.enterprise_id
    team_id = None if context.is_enterprise_install else context.team_id
    if event.get("type") == "app_uninstalled":
        await revoked.installations.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)
    else:
        listed = event.get("tokens")
        tokens: dict[str, Any] = listed if isinstance(listed, dict) else {}
        named = tokens.get("oauth")
        users: list[Any] = named if isinstance(named, list) else []
        for user_id in users:
            if isinstance(user_id, str):
                await revoked.installations.async_delete_installation(
                    enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
                )
        if tokens.get("bot"):
            await revoked.installations.async_delete_bot(
                enterprise_id=enterprise_id, team_id=team_id
            )
    revoked.forget_cached()
    log.info("Slack installation removed: its stored tokens were deleted")
