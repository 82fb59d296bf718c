"""Messages Groundswell starts itself: follow-ups after a rating, the welcome on install."""
