"""Wins people report, and (later) the advocates and champions they point to."""
