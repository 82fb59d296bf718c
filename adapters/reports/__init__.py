"""Digest renderings that need more than the standard library: rich and matplotlib."""
