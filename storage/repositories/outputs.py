"""AI outputs: register idempotently by platform address, look up by id or address."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from bot.records import AIOutput, MessageRef, OutputRegistration, Platform, Recorded
from storage.database import Session
from storage.repositories.convert import to_output
from storage.repositories.upsert import insert_unless_exists
from storage.tables import OutputRow

OUTPUTS = OutputRow.__table__
# Prebuilt: Slack checks every reaction's message against these.
AT_ADDRESS = (
    (OUTPUTS.c.platform == bindparam("platform"))
    & (OUTPUTS.c.tenant == bindparam("tenant"))
    & (OUTPUTS.c.channel == bindparam("channel"))
    & (OUTPUTS.c.message_id == bindparam("message_id"))
)
FIND_ID_AT = select(OUTPUTS.c.id).where(AT_ADDRESS)
# Slack channel ids are global: a Slack Connect channel has the same id in both
# organisations, and each side's events name their own workspace. One message is one answer
# whoever rates it, so Slack answers are found by channel and ts alone (the earliest row, if
# both sides ever registered it).
FIND_SLACK_ID_AT = (
    select(OUTPUTS.c.id)
    .where(
        (OUTPUTS.c.platform == bindparam("platform"))
        & (OUTPUTS.c.channel == bindparam("channel"))
        & (OUTPUTS.c.message_id == bindparam("message_id"))
    )
    .order_by(OUTPUTS.c.id)
    .limit(1)
)
FIND_BY_ID = select(OUTPUTS).where(OUTPUTS.c.id == bindparam("output_id"))
EXISTS = select(OUTPUTS.c.id).where(OUTPUTS.c.id == bindparam("output_id"))


def address(message: MessageRef) -> dict[str, str]:
    return {
        "platform": message.platform.value,
        "tenant": message.tenant,
        "channel": message.channel,
        "message_id": message.message_id,
    }


def find_output_id(session: Session, *, message: MessageRef) -> int | None:
    if message.platform is Platform.SLACK:
        values = address(message)
        del values["tenant"]
        slack: int | None = session.scalar(FIND_SLACK_ID_AT, values)
        return slack
    found: int | None = session.scalar(FIND_ID_AT, address(message))
    return found


def find_output(session: Session, *, output_id: int) -> AIOutput | None:
    row = session.execute(FIND_BY_ID, {"output_id": output_id}).first()
    return to_output(row) if row is not None else None


def output_exists(session: Session, *, output_id: int) -> bool:
    return session.scalar(EXISTS, {"output_id": output_id}) is not None


def register_output(
    session: Session, *, registration: OutputRegistration, relayed: bool = False
) -> Recorded:
    message = registration.message
    if message.platform is Platform.SLACK:
        known = find_output_id(session, message=message)
        if known is not None:
            return Recorded(id=known, created=False)
    new_id = insert_unless_exists(
        session,
        OutputRow,
        values={
            "platform": message.platform.value,
            "tenant": message.tenant,
            "channel": message.channel,
            "message_id": message.message_id,
            "assistant": registration.assistant,
            "use_case": registration.use_case,
            "trace_id": registration.trace_id,
            "posted_at": registration.posted_at,
            "relayed": relayed,
        },
        unique_on=("platform", "tenant", "channel", "message_id"),
    )
    if new_id is not None:
        return Recorded(id=new_id, created=True)
    existing = find_output_id(session, message=message)
    if existing is None:  # pragma: no cover - the conflicting row cannot vanish mid-transaction
        raise LookupError("output disappeared during registration")
    return Recorded(id=existing, created=False)
