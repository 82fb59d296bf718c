"""The core records of DESIGN.md as frozen domain objects.

Adapters build these from platform payloads; storage returns them from repositories. None of
them holds an SDK object or a database row, so they can cross every layer safely.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def require_utc(value: datetime) -> datetime:
    """Refuse naive times: every stored time is an instant, not a wall-clock reading."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("must carry a timezone (e.g. 2026-11-27T09:00:00Z)")
    return value


UtcDatetime = Annotated[datetime, AfterValidator(require_utc)]


class Platform(StrEnum):
    SLACK = "slack"
    TEAMS = "teams"


class Rating(StrEnum):
    UP = "up"
    DOWN = "down"
    NONE = "none"


class FeedbackSource(StrEnum):
    REACTION = "reaction"
    BUTTON = "button"
    MODAL = "modal"
    SURVEY = "survey"
    COMMAND = "command"
    API = "api"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PersonRef(Frozen):
    """Who someone is on a platform; the user id is opaque and only an adapter builds it."""

    platform: Platform
    tenant: str = Field(min_length=1, max_length=255)
    user_id: str = Field(min_length=1, max_length=255)


class Person(Frozen):
    id: int
    ref: PersonRef
    display_name: str | None = None
    department: str | None = None
    timezone: str | None = None
    opted_out: bool = False
    # From the people directory and the platforms' profiles (bot/people/).
    email: str | None = None
    title: str | None = None
    # Who set the value: "import" / "api" (the directory) or "slack" / "teams"; None: unknown.
    name_source: str | None = None
    department_source: str | None = None
    timezone_source: str | None = None
    # The zone the platform last reported, whether or not it is the one in use.
    platform_timezone: str | None = None
    profile_checked_at: datetime | None = None
    deactivated: bool = False
    is_bot: bool = False


class Place(Frozen):
    """A conversation: the installation that sees it (a Slack workspace or Enterprise Grid
    org, a Teams tenant) and the channel or chat id. Whose token posts there comes from it."""

    platform: Platform
    tenant: str = Field(min_length=1, max_length=255)
    channel: str = Field(min_length=1, max_length=255)


class MessageRef(Frozen):
    """Where one message lives: Slack (team, channel, ts) or Teams (tenant, conversation, id)."""

    platform: Platform
    tenant: str = Field(min_length=1, max_length=255)
    channel: str = Field(min_length=1, max_length=255)
    message_id: str = Field(min_length=1, max_length=255)

    @property
    def place(self) -> Place:
        return Place(platform=self.platform, tenant=self.tenant, channel=self.channel)


class OutputRegistration(Frozen):
    """An AI assistant's answer that feedback can be tied to."""

    message: MessageRef
    assistant: str = Field(min_length=1, max_length=255)
    use_case: str | None = Field(default=None, max_length=255)
    trace_id: str | None = Field(default=None, max_length=255)
    posted_at: UtcDatetime | None = None


class AIOutput(Frozen):
    id: int
    message: MessageRef
    assistant: str
    use_case: str | None
    trace_id: str | None
    posted_at: datetime | None
    registered_at: datetime


class FeedbackEvent(Frozen):
    """One real-world act of feedback, as an adapter or the API reports it.

    `key` makes recording idempotent: the same key twice is one event (platform retries,
    duplicate deliveries, replica races).
    """

    key: str = Field(min_length=1, max_length=255)
    person: PersonRef
    output_id: int | None = None
    rating: Rating = Rating.NONE
    comment: str | None = Field(default=None, max_length=4000)
    reason: str | None = Field(default=None, max_length=64)
    source: FeedbackSource
    occurred_at: UtcDatetime


class Feedback(Frozen):
    id: int
    key: str
    person: PersonRef
    output: AIOutput | None
    rating: Rating
    comment: str | None
    reason: str | None
    source: FeedbackSource
    occurred_at: datetime
    recorded_at: datetime
    retracted_at: datetime | None
    superseded_at: datetime | None

    @property
    def is_current(self) -> bool:
        """A rating that still stands: neither taken back nor replaced by a later one."""
        return self.retracted_at is None and self.superseded_at is None


class Recorded(Frozen):
    """What recording an outside write did: `created` is False when it was a repeat."""

    id: int
    created: bool


class Win(Frozen):
    id: int
    person: PersonRef
    text: str
    use_case: str | None
    minutes_saved: int | None
    shareable: bool
    confidence: float | None
    source: FeedbackSource
    occurred_at: datetime
    time_saved: str | None = None
    # The detector's reading: the words that carry the win, and whether it read one at all
    # (a win someone chose to report is kept either way). None: recorded before detection.
    evidence: str | None = None
    detected: bool | None = None


class InboxItem(Frozen):
    """One stored platform request, as the worker that replays it sees it."""

    id: int
    platform: Platform
    key: str
    kind: str
    body: str
    content_type: str
    received_at: datetime
    attempts: int


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class Budget(StrEnum):
    """Which allowance a bot-initiated message uses. A survey is also a message."""

    SURVEY = "survey"
    MESSAGE = "message"


class OutboxItem(Frozen):
    """One message Groundswell decided to send, as the dispatcher sees it. `payload` is the
    message intent as plain data (bot.chat.messenger.Outgoing)."""

    id: int
    kind: str
    platform: Platform
    person: PersonRef | None
    place: Place | None
    ephemeral: bool
    payload: dict[str, Any]
    status: OutboxStatus
    due_at: datetime
    attempts: int
