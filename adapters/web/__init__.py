"""The one aiohttp server: health, metrics, the ingestion API, Slack and Teams routes."""
