"""Destinations of exports over HTTP: Langfuse, LangSmith, Standard Webhooks receivers."""
