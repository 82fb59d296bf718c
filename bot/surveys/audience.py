"""Who a survey asks: everyone known, a channel's members, a department — or several of these.

    audience: everyone
    audience: {department: Finance}
    audience: [{channel: C0123ABCD}, {department: Finance}]   # anyone in either

The storage side resolves these to people; this module only says what was asked for.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from bot.records import Frozen

Name = Annotated[str, Field(min_length=1, max_length=255, pattern=r"\S")]


class Target(Frozen):
    everyone: Literal[True] | None = None
    channel: Name | None = None
    department: Name | None = None

    @model_validator(mode="before")
    @classmethod
    def _word(cls, value: Any) -> Any:
        return {"everyone": True} if value == "everyone" else value

    @model_validator(mode="after")
    def _exactly_one(self) -> Target:
        given = [name for name in ("everyone", "channel", "department") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError("each entry is one of: everyone, {channel: ID}, {department: NAME}")
        return self

    def describe(self) -> str:
        if self.everyone:
            return "everyone"
        return f"channel {self.channel}" if self.channel else f"department {self.department}"


EVERYONE = (Target(everyone=True),)


def as_targets(value: Any) -> Any:
    """One entry or a list of them; the file may say `audience: everyone`."""
    return value if isinstance(value, list | tuple) else [value]
