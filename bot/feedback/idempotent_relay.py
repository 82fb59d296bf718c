"""Posting a relayed answer once per key: claim, post, record, register (see bot/feedback/relay)."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from functools import partial

from bot.feedback.relay import (
    CLOCK_SKEW,
    LEASE,
    POST_DEADLINE,
    WAIT_FOR_FIRST,
    CannotTell,
    InFlight,
    KeyReused,
    NotPosted,
    OutcomeUnknown,
    Poster,
    PostFailed,
    Relayed,
    RelayOutcome,
    RelayRequest,
)
from bot.records import MessageRef, OutputRegistration
from storage.base import utcnow
from storage.database import Database, Session
from storage.repositories import outputs as output_repo
from storage.repositories import relays as relay_repo
from storage.repositories.relays import StoredRelay

log = logging.getLogger(__name__)


class IdempotentRelay:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def relay(self, request: RelayRequest, poster: Poster) -> RelayOutcome:
        if request.key is None:
            # Nothing to deduplicate on: post every time, as asked.
            return await self._post(None, request, poster, uuid.uuid4().hex)
        ref_id = request.ref_id
        give_up = time.monotonic() + WAIT_FOR_FIRST
        pause = 0.02
        while True:
            claimed, found = await self._db.run(lambda session: claim(session, request))
            if claimed is not None:
                # Shielded: a caller hanging up must not stop a post half-way through.
                return await asyncio.shield(self._post(claimed, request, poster, ref_id))
            assert found is not None
            if found.request_hash != request.fingerprint:
                return KeyReused()
            if found.status == relay_repo.REGISTERED and found.output_id is not None:
                return Relayed(found.output_id, message_of(request, found), created=False)
            now = utcnow()
            if found.lease_until <= now:
                if await self._db.run(partial(take_over, found=found)):
                    return await asyncio.shield(self._resume(found, request, poster))
                continue  # another retry took it over first: wait for that one instead
            if time.monotonic() >= give_up:
                left = int((found.lease_until - now).total_seconds())
                return InFlight(retry_after=max(1, min(10, left)))
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.5)

    async def _resume(
        self, found: StoredRelay, request: RelayRequest, poster: Poster
    ) -> RelayOutcome:
        """An earlier claimant died or gave up: finish its work, posting only if it did not."""
        if found.message_id is not None:
            return await self._register(found.id, request, message_of(request, found), False)
        try:
            message = await poster.find_posted(found.ref_id, found.claimed_at - CLOCK_SKEW)
        except CannotTell:
            await self._end_lease(found.id)
            return OutcomeUnknown()
        if message is None:
            log.info("an interrupted relay was not posted; posting it now")
            return await self._post(found.id, request, poster, found.ref_id)
        log.info("an interrupted relay had been posted; recording it")
        await self._db.run(lambda session: record_posted(session, found.id, message))
        return await self._register(found.id, request, message, False)

    async def _post(
        self, relay_id: int | None, request: RelayRequest, poster: Poster, ref_id: str
    ) -> RelayOutcome:
        try:
            message = await asyncio.wait_for(poster.post(ref_id), POST_DEADLINE)
        except NotPosted:
            if relay_id is not None:
                await self._db.run(lambda session: relay_repo.release(session, relay_id=relay_id))
            raise
        except (PostFailed, TimeoutError) as error:
            if relay_id is not None:
                await self._end_lease(relay_id)
            raise PostFailed(type(error).__name__) from error
        if relay_id is not None:
            await self._db.run(lambda session: record_posted(session, relay_id, message))
        return await self._register(relay_id, request, message, True)

    async def _register(
        self, relay_id: int | None, request: RelayRequest, message: MessageRef, created: bool
    ) -> Relayed:
        registration = OutputRegistration(
            message=message,
            assistant=request.assistant,
            use_case=request.use_case,
            trace_id=request.trace_id,
            posted_at=request.posted_at or utcnow(),
        )

        def work(session: Session) -> int:
            recorded = output_repo.register_output(session, registration=registration, relayed=True)
            if relay_id is not None:
                relay_repo.mark_registered(session, relay_id=relay_id, output_id=recorded.id)
            return recorded.id

        return Relayed(await self._db.run(work), message, created)

    async def _end_lease(self, relay_id: int) -> None:
        try:
            await self._db.run(
                lambda session: relay_repo.end_lease(session, relay_id=relay_id, now=utcnow())
            )
        except Exception as error:  # the lease runs out by itself anyway
            log.warning("could not end a relay's lease (%s)", type(error).__name__)


def claim(session: Session, request: RelayRequest) -> tuple[int | None, StoredRelay | None]:
    """Ours (its id), or the relay that holds the key."""
    claimed = relay_repo.claim_relay(
        session,
        ref_id=request.ref_id,
        request_hash=request.fingerprint,
        now=utcnow(),
        lease=LEASE,
    )
    if claimed is not None:
        return claimed, None
    return None, relay_repo.find_relay(session, ref_id=request.ref_id)


def take_over(session: Session, found: StoredRelay) -> bool:
    return relay_repo.take_over(
        session, relay_id=found.id, seen_lease=found.lease_until, now=utcnow(), lease=LEASE
    )


def record_posted(session: Session, relay_id: int, message: MessageRef) -> None:
    relay_repo.mark_posted(
        session, relay_id=relay_id, channel=message.channel, message_id=message.message_id
    )


def message_of(request: RelayRequest, found: StoredRelay) -> MessageRef:
    assert found.channel is not None and found.message_id is not None
    return MessageRef(
        platform=request.platform,
        tenant=request.tenant,
        channel=found.channel,
        message_id=found.message_id,
    )
