"""Exports: chat feedback delivered to Langfuse, LangSmith and signed webhooks."""
