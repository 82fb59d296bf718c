"""Pulse surveys: definitions read from YAML, their schedules and each person's delivery time.

Pure domain: no database, no network, no platform. The scheduler, the outbox and the adapters
call in here with explicit `now` values and render what comes back.
"""
