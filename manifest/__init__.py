"""The Slack and Teams app manifests, as package data.

The folder stays at the repository root, where people look for it; being a package is what
makes `pip install .` carry the files, so `groundswell manifest …` works from any install.
Read them with importlib.resources, never by a path relative to the source checkout.
"""
