"""The server secret every test process runs with, and the keys derived from it."""

from __future__ import annotations

from bot.secrets import derive_keys

# Set as GROUNDSWELL_SECRET_KEY for the whole test session (tests/conftest.py), the way an
# operator sets it: PostgreSQL refuses to start without one.
TEST_SECRET = "test-only-secret-0123456789abcdef-not-for-production"
TEST_KEYS = derive_keys(TEST_SECRET)
FINGERPRINT_KEY = TEST_KEYS.fingerprints
