"""AI outputs: register idempotently by platform address, look up by id or address."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.records import AIOutput, MessageRef, OutputRegistration, Recorded
from storage.repositories.convert import to_output
from storage.repositories.upsert import insert_unless_exists
from storage.tables import OutputRow


def address(message: MessageRef) -> list[ColumnElement[bool]]:
    return [
        OutputRow.platform == message.platform.value,
        OutputRow.tenant == message.tenant,
        OutputRow.channel == message.channel,
        OutputRow.message_id == message.message_id,
    ]


async def find_output_id(session: AsyncSession, *, message: MessageRef) -> int | None:
    return await session.scalar(select(OutputRow.id).where(*address(message)))


async def find_output(session: AsyncSession, *, output_id: int) -> AIOutput | None:
    row = await session.get(OutputRow, output_id)
    return to_output(row) if row is not None else None


async def find_output_by_message(session: AsyncSession, *, message: MessageRef) -> AIOutput | None:
    row = await session.scalar(select(OutputRow).where(*address(message)))
    return to_output(row) if row is not None else None


async def output_exists(session: AsyncSession, *, output_id: int) -> bool:
    return await session.scalar(select(OutputRow.id).where(OutputRow.id == output_id)) is not None


async def register_output(
    session: AsyncSession, *, registration: OutputRegistration, relayed: bool = False
) -> Recorded:
    message = registration.message
    new_id = await insert_unless_exists(
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
    existing = await find_output_id(session, message=message)
    if existing is None:  # pragma: no cover - the conflicting row cannot vanish mid-transaction
        raise LookupError("output disappeared during registration")
    return Recorded(id=existing, created=False)
