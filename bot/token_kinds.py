"""Slack's token kinds, told apart by prefix: a token pasted into the wrong variable is refused
at start-up, naming where it belongs, instead of failing at the first Slack call."""

from __future__ import annotations

from pydantic import SecretStr

# What each Slack token is, by its prefix, to say which variable a pasted token belongs in.
SLACK_TOKEN_KINDS = {
    "xoxb-": "a bot token (xoxb-), which belongs in SLACK_BOT_TOKEN",
    "xapp-": "an app-level token (xapp-), which belongs in SLACK_APP_TOKEN",
    "xoxp-": "a user token (xoxp-): Groundswell must act as its bot, never as a person",
    "xoxe": "a configuration or refresh token (xoxe), not one Groundswell uses",
}
WHERE_SLACK_TOKENS_ARE = {
    "xoxb-": "use the Bot User OAuth Token (xoxb-…) from OAuth & Permissions",
    "xapp-": "create an app-level token (xapp-…) with connections:write under Basic Information",
}


def require_slack_token(value: SecretStr | None, prefix: str) -> SecretStr | None:
    """Slack tells its token kinds apart by prefix; a wrong kind fails only at the first call."""
    if value is None or value.get_secret_value().startswith(prefix):
        return value
    where = WHERE_SLACK_TOKENS_ARE[prefix]
    for kind_prefix, kind in SLACK_TOKEN_KINDS.items():
        if value.get_secret_value().startswith(kind_prefix):
            raise ValueError(f"is {kind}; {where}")
    raise ValueError(f"must start with {prefix}: {where}")


def refuse_slack_token(value: SecretStr | None) -> SecretStr | None:
    """A secret that is really a token was pasted into the wrong variable."""
    for kind_prefix, kind in SLACK_TOKEN_KINDS.items():
        if value is not None and value.get_secret_value().startswith(kind_prefix):
            raise ValueError(f"is {kind}, not this secret (Basic Information → App Credentials)")
    return value
