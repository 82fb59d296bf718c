"""Chat without a platform: the Messenger protocol, normalised events, commands and answers."""
