"""Groundswell's domain and application layer: it knows no chat platform and no web framework."""

__version__ = "0.1.0"
