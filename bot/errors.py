"""Domain errors the edges turn into HTTP codes or friendly chat messages."""


class DomainError(Exception):
    """Base for errors caused by what someone asked for, never by a fault of ours."""


class UnknownOutput(DomainError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"unknown AI output: {detail}")


class PersonForgotten(DomainError):
    """The person asked to be forgotten; their events are dropped, not stored."""
