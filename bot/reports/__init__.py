"""The weekly impact digest: programme criteria, metrics, themes, flags and their delivery."""
