"""People and where to reach them: first contact, privacy (opt out, export, forget), leads."""
