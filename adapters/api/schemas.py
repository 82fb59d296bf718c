"""Request and response bodies of the ingestion API; the OpenAPI document is built from these."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.config import JsonDict

from adapters.api.bounds import EventTime
from adapters.api.wire import (
    MAX_ID,
    JsonSchema,
    QueryInt,
    Rfc3339,
    is_blank,
)
from adapters.web.json_body import (
    holds_unstorable_text,
    unstorable_text_at,
    without_lone_surrogates,
)
from bot.records import Feedback, Platform


class Body(BaseModel):
    """Every request body. Unknown fields are refused so a typo ("ratng") is a 400 naming it,
    not silently dropped. Strings are taken as sent: a required one must not be blank and
    no string may hold NUL (the OpenAPI document says both with a pattern)."""

    model_config = ConfigDict(extra="forbid")
    # Fields holding someone else's JSON (Slack's blocks): passed on as they are.
    FREE_FORM: ClassVar[tuple[str, ...]] = ()

    @field_validator("*", mode="after")
    @classmethod
    def _meaningful_text(cls, value: Any, info: Any) -> Any:
        if isinstance(value, str):
            if "\x00" in value:
                raise ValueError("must not contain NUL characters")
            if info.field_name in required_text(cls) and is_blank(value):
                raise ValueError("must not be blank")
        return value

    @model_validator(mode="before")
    @classmethod
    def _storable_text(cls, data: Any) -> Any:
        """Nested text too (`post.blocks`): lone surrogates become U+FFFD (no database stores
        them, and the schema cannot forbid them); NUL is refused, as the schema says, except
        inside Block Kit blocks, which are Slack's to judge and are never stored here."""
        if not holds_unstorable_text(data):
            return data  # nearly every body: one walk that builds nothing
        data = without_lone_surrogates(data)
        if isinstance(data, dict):
            checked = {k: v for k, v in data.items() if k not in cls.FREE_FORM}
            where = unstorable_text_at(checked)
            if where is not None:
                raise ValueError(f"{where}: must not contain NUL characters")
        return data


@cache
def required_text(model: type[BaseModel]) -> frozenset[str]:
    """The model's fields whose text must not be blank (a min_length rule): read once."""
    return frozenset(
        name
        for name, field in model.model_fields.items()
        if any(getattr(rule, "min_length", 0) for rule in field.metadata)
    )


SLACK_TS_PATTERN = r"^[0-9]{1,12}\.[0-9]{1,8}$"
SLACK_TS = re.compile(SLACK_TS_PATTERN)
STRING: JsonDict = {"type": "string"}
OBJECT: JsonDict = {"type": "object"}
NOTHING: JsonDict = {"type": "null"}
# Relay posts as each platform takes them (or no post at all).
SLACK_THREAD: JsonDict = {"anyOf": [NOTHING, {"pattern": SLACK_TS_PATTERN}]}
SLACK_POST: JsonDict = {"anyOf": [NOTHING, {"properties": {"thread_ts": SLACK_THREAD}}]}
TEAMS_POST: JsonDict = {
    "anyOf": [NOTHING, {"properties": {"blocks": {"anyOf": [NOTHING, {"maxItems": 0}]}}}]
}


class PostIn(Body):
    """Relay mode: Groundswell posts the answer itself, with native feedback buttons."""

    FREE_FORM = ("blocks",)

    text: str = Field(min_length=1, max_length=40_000, description="the answer (fallback text)")
    blocks: list[dict[str, Any]] | None = Field(
        default=None, max_length=49, description="Slack only: Block Kit blocks of the answer"
    )
    # Its exact shape is the platform's (a Slack ts, a Teams activity id): each relay target
    # checks it. Here only characters that are safe inside a connector URL path.
    thread_ts: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="reply to this message: the Slack ts of the thread's root, or the Teams "
        "activity id (in a Teams channel, the thread's root post)",
    )


class OutputIn(Body):
    platform: Platform = Field(description="slack or teams")
    workspace: str = Field(
        min_length=1, max_length=64, description="Slack team id or Teams tenant id"
    )
    channel: str = Field(
        min_length=1,
        max_length=255,
        description="Slack channel id, or Teams conversation id (relay mode: a channel or "
        "chat where the app was added, e.g. a person's 1:1 chat)",
    )
    message_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=255,
        description="Slack ts or Teams activity id; leave out with `post`",
    )
    assistant: str = Field(min_length=1, max_length=255, description="which AI assistant answered")
    use_case: str | None = Field(default=None, max_length=255)
    trace_id: str | None = Field(default=None, max_length=255, description="your tracing id")
    posted_at: EventTime | None = None
    post: PostIn | None = Field(
        default=None, description="relay mode: Groundswell posts this answer into `channel`"
    )

    # The rules below, for the OpenAPI document: exactly one of message_id and post; a Slack
    # thread is a Slack ts; Teams takes no Block Kit.
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                {
                    "oneOf": [
                        {"required": ["message_id"], "properties": {"message_id": STRING}},
                        {"required": ["post"], "properties": {"post": OBJECT}},
                    ]
                },
                {
                    "anyOf": [
                        {"properties": {"platform": {"const": "slack"}, "post": SLACK_POST}},
                        {"properties": {"platform": {"const": "teams"}, "post": TEAMS_POST}},
                    ]
                },
            ]
        }
    )

    @model_validator(mode="after")
    def _address_or_post(self) -> OutputIn:
        if self.post is None and self.message_id is None:
            raise ValueError("message_id: give the posted message's id, or a `post` to relay")
        if self.post is not None and self.message_id is not None:
            raise ValueError("post: give message_id or post, not both")
        return self

    @model_validator(mode="after")
    def _fits_platform(self) -> OutputIn:
        post = self.post
        if post is None:
            return self
        thread = post.thread_ts
        if self.platform is Platform.SLACK and thread and not SLACK_TS.fullmatch(thread):
            raise ValueError("post.thread_ts: must be a Slack ts such as 1700000000.000100")
        if self.platform is Platform.TEAMS and post.blocks:
            raise ValueError("post.blocks: Block Kit is Slack's; on Teams send `text` only")
        return self


class OutputAddress(Body):
    channel: str = Field(min_length=1, max_length=255)
    message_id: str = Field(min_length=1, max_length=255)


class FeedbackIn(Body):
    event_id: str = Field(
        min_length=1, max_length=128, description="your id for this event; repeats are ignored"
    )
    platform: Platform
    workspace: str = Field(min_length=1, max_length=64)
    user: str = Field(
        min_length=1, max_length=255, description="the platform user id of who gave feedback"
    )
    rating: Literal["up", "down"] | None = None
    comment: str | None = Field(default=None, max_length=4000)
    reason: str | None = Field(default=None, max_length=64)
    output_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    output: OutputAddress | None = None
    occurred_at: EventTime | None = None

    # The rules below, for the OpenAPI document: a rating or a comment that is not blank, and
    # not both output_id and output.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["rating"], "properties": {"rating": {"enum": ["up", "down"]}}},
                {"required": ["comment"], "properties": {"comment": JsonSchema.NOT_BLANK}},
            ],
            "not": {
                "required": ["output_id", "output"],
                "properties": {"output_id": {"type": "integer"}, "output": {"type": "object"}},
            },
        }
    )

    @model_validator(mode="after")
    def _meaningful(self) -> FeedbackIn:
        comment = self.comment if self.comment is not None and not is_blank(self.comment) else None
        if self.rating is None and comment is None:
            raise ValueError("rating: give a rating ('up' or 'down') or a comment, or both")
        if self.output_id is not None and self.output is not None:
            raise ValueError("output: give output_id or output, not both")
        self.comment = comment
        return self


class CreatedOut(BaseModel):
    id: int | None = Field(description="null when the person asked to be forgotten")
    created: bool


class RelayedOut(CreatedOut):
    channel: str = Field(description="where the answer was posted")
    message_id: str = Field(description="the Slack ts or Teams activity id of the posted answer")


class ListQuery(Body):
    since: Rfc3339 | None = Field(
        default=None, description="only feedback that happened at or after this time"
    )
    limit: QueryInt = Field(default=100, ge=1, le=500, description="items per page")
    # Checked by cursor.decode_cursor, which can say why a cursor is refused.
    cursor: str | None = Field(
        default=None,
        description="`next_cursor` or `resume_cursor` of an earlier page: the feed goes on "
        "after it",
    )


class OutputSummary(BaseModel):
    id: int
    channel: str
    message_id: str
    assistant: str
    use_case: str | None
    trace_id: str | None


class FeedbackOut(BaseModel):
    id: int
    key: str
    platform: Platform
    workspace: str
    user: str
    rating: Literal["up", "down"] | None
    comment: str | None
    reason: str | None
    source: str
    current: bool = Field(description="false once retracted or replaced by a later rating")
    occurred_at: datetime
    recorded_at: datetime
    retracted_at: datetime | None
    superseded_at: datetime | None
    output: OutputSummary | None

    @classmethod
    def of(cls, item: Feedback) -> FeedbackOut:
        output = item.output
        return cls(
            id=item.id,
            key=item.key,
            platform=item.person.platform,
            workspace=item.person.tenant,
            user=item.person.user_id,
            rating=None if item.rating == "none" else item.rating.value,
            comment=item.comment,
            reason=item.reason,
            source=item.source.value,
            current=item.is_current,
            occurred_at=item.occurred_at,
            recorded_at=item.recorded_at,
            retracted_at=item.retracted_at,
            superseded_at=item.superseded_at,
            output=None
            if output is None
            else OutputSummary(
                id=output.id,
                channel=output.message.channel,
                message_id=output.message.message_id,
                assistant=output.assistant,
                use_case=output.use_case,
                trace_id=output.trace_id,
            ),
        )


class FeedbackListOut(BaseModel):
    items: list[FeedbackOut] = Field(description="changes in feed order")
    next_cursor: str | None = Field(
        description="more changes are waiting: ask again with this cursor; null once caught up"
    )
    resume_cursor: str = Field(
        description="where this page ends: keep it and pass it as `cursor` later to get every "
        "change since (new feedback, and feedback already read that changed)"
    )


class FieldError(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    error: str
    message: str
    fields: list[FieldError] = []
