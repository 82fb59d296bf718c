"""Slack: events, interactivity, commands and the Slack Messenger (slack-bolt AsyncApp)."""
