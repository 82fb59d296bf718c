"""Platform edges: the HTTP ingestion API, Slack, Teams, the web server and the CLI.

The only code that imports slack_bolt, slack_sdk, the Teams SDK or aiohttp.
"""
