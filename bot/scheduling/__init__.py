"""Periodic jobs inside `groundswell serve`: surveys now, digests and advocate nudges later."""
