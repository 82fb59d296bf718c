"""The ingestion API v1: AI apps in any language register outputs and forward feedback."""
