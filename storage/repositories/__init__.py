"""Repositories: keyword-only functions that take a session, return domain objects, never commit."""
