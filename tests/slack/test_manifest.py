"""The manifest validates against Slack's schema and lists exactly what the code handles."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from adapters.slack.inbox import HANDLED_EVENTS
from adapters.slack.listeners import COMMANDS, EVENTS, MESSAGE_SHORTCUTS
from adapters.slack.manifest import load_manifest
from bot.records import Platform
from tests.fakes.slack_signing import signed_slash_command
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import FIXTURES, SECRET, Server, payload, reaction_envelope
from tests.support.fixtures import missing

GROUNDSWELL = str(Path(sys.executable).parent / "groundswell")
SCHEMA_BASE = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"


def test_manifest_validates_against_the_official_schema() -> None:
    import jsonschema  # a test dependency: missing it is an error, not a skip
    from referencing import Registry, Resource

    folder = FIXTURES / "manifest-schema"
    if not folder.is_dir():
        missing("The Slack manifest schema", folder)
    root = json.loads((folder / "manifest.schema.json").read_text())
    registry = Registry().with_resources(
        (SCHEMA_BASE + path.name, Resource.from_contents(json.loads(path.read_text())))
        for path in (folder / "schemas").glob("*.json")
    )
    validator = jsonschema.Draft7Validator(root, registry=registry)
    errors = sorted(validator.iter_errors(load_manifest()), key=str)
    assert errors == []
    bad = load_manifest()
    bad["settings"]["event_subscriptions"]["bot_events"] = "reaction_added"  # not a list
    assert list(validator.iter_errors(bad)) != []


def test_listeners_and_manifest_match_both_ways() -> None:
    manifest = load_manifest()
    assert sorted(manifest["settings"]["event_subscriptions"]["bot_events"]) == sorted(EVENTS)
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == list(COMMANDS)
    shortcuts = manifest["features"]["shortcuts"]
    assert [s["callback_id"] for s in shortcuts if s["type"] == "message"] == list(
        MESSAGE_SHORTCUTS
    )
    assert [s for s in shortcuts if s["type"] != "message"] == []
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True


def test_the_inbox_stores_exactly_the_events_the_manifest_subscribes_to() -> None:
    manifest = load_manifest()
    assert sorted(HANDLED_EVENTS) == sorted(
        manifest["settings"]["event_subscriptions"]["bot_events"]
    )


async def test_the_running_app_handles_exactly_the_manifest_listeners(
    server: Server, fake: FakeSlackWebApi, caplog: pytest.LogCaptureFixture
) -> None:
    """Every subscription in the manifest reaches a listener; anything else Slack sends (an
    event nobody subscribed to, an action on a message we did not post) is answered 200 and
    dropped quietly: a non-2xx makes Slack retry, and can get the app's events switched off."""
    manifest = load_manifest()
    for event_type in manifest["settings"]["event_subscriptions"]["bot_events"]:
        envelope = reaction_envelope(f"Ev-{event_type}")
        envelope["event"]["type"] = event_type
        assert (await server.event(envelope)).status == 200, event_type
    for command in manifest["features"]["slash_commands"]:
        fields = {
            "command": command["command"],
            "text": "help",
            "team_id": "T111",
            "user_id": "U1",
            "channel_id": "C1",
            "trigger_id": "t",
        }
        answer = await server.post_signed(*signed_slash_command(fields, SECRET))
        assert answer.status == 200
    for shortcut in manifest["features"]["shortcuts"]:
        body = payload("message_shortcut_message_action.json")
        body.update(callback_id=shortcut["callback_id"], team={"id": "T111"})
        assert (await server.interact(body)).status == 200
    await server.drained()
    fake.reset_calls()
    caplog.clear()
    caplog.set_level(logging.INFO)
    for unsubscribed in ("app_mention", "message", "member_joined_channel"):
        envelope = reaction_envelope(f"Ev-{unsubscribed}")
        envelope["event"]["type"] = unsubscribed
        assert (await server.event(envelope)).status == 200, unsubscribed
    other = {"command": "/other", "text": "", "team_id": "T111", "user_id": "U1", "trigger_id": "o"}
    assert (await server.post_signed(*signed_slash_command(other, SECRET))).status == 200
    body = payload("message_shortcut_message_action.json")
    assert (await server.interact(body)).status == 200  # callback "test-shortcut"
    await server.drained()
    assert fake.calls() == []
    assert await server.services.inbox.pending(Platform.SLACK) == 0
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_cli_prints_the_manifest_with_urls_filled_in() -> None:
    result = subprocess.run(
        [GROUNDSWELL, "manifest", "slack", "--url", "https://example.org/"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    printed = yaml.safe_load(result.stdout)
    assert printed["settings"]["event_subscriptions"]["request_url"] == (
        "https://example.org/slack/events"
    )
    assert printed["settings"]["interactivity"]["request_url"] == "https://example.org/slack/events"
    assert printed["features"]["slash_commands"][0]["url"] == "https://example.org/slack/events"
    assert printed["oauth_config"]["redirect_urls"] == ["https://example.org/slack/oauth_redirect"]
    assert "example.com" not in result.stdout
    refused = subprocess.run(
        [GROUNDSWELL, "manifest", "slack", "--url", "http://x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2 and "https://" in refused.stderr
