"""Persistence: SQLAlchemy 2 tables, sessions, repositories and Alembic migrations.

Knows nothing of Slack or Teams. Repositories take a session, return domain objects and never
commit; the services in bot/ own the transaction.
"""
