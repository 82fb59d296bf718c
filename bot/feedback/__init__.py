"""Feedback on AI answers: recording ratings and comments, registering and relaying answers."""
