"""The Slack app manifest: read it, and print it with an install's own URL filled in."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import yaml

PLACEHOLDER_ORIGIN = "https://groundswell.example.com"


def read_manifest_text() -> str:
    """Package data of `manifest` (the repository's top-level folder), so a wheel has it too."""
    return (files("manifest") / "slack" / "manifest.yaml").read_text(encoding="utf-8")


def load_manifest() -> dict[str, Any]:
    data = yaml.safe_load(read_manifest_text())
    if not isinstance(data, dict):
        raise ValueError("manifest/slack/manifest.yaml is not a mapping")
    return data


def manifest_bot_scopes() -> list[str]:
    """The OAuth install asks for exactly the manifest's scopes."""
    return [str(scope) for scope in load_manifest()["oauth_config"]["scopes"]["bot"]]


def render_manifest(url: str, *, socket_mode: bool = False) -> str:
    """The manifest text with every request URL on `url` (comments kept for the reader)."""
    origin = url.rstrip("/")
    if not origin.startswith("https://"):
        raise ValueError("--url must start with https:// (Slack only calls HTTPS URLs)")
    text = read_manifest_text().replace(PLACEHOLDER_ORIGIN, origin)
    if socket_mode:
        text = text.replace("socket_mode_enabled: false", "socket_mode_enabled: true")
    return text
