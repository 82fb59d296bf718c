"""Load generation for bench/ingest.py: a lean keep-alive HTTP/1.1 client on plain asyncio.

Why not aiohttp's client: on a 2-core machine the client shares the CPU with the server,
and aiohttp's client spends several times more CPU per request than writing prebuilt
request bytes to a socket and reading back a Content-Length framed answer. This client only
speaks to the servers bench/ingest.py starts itself (aiohttp, Content-Length answers, no
pipelining, 127.0.0.1 only), so it can stay this small.

Two load shapes:
- open loop: sends are scheduled on a clock and never wait for earlier answers; latency is
  measured from the *scheduled* send time, so a stalled server or client shows up in the
  tail instead of silently lowering the rate (coordinated omission);
- closed loop: N connections each send as soon as their previous answer arrives.
Both are bounded in request count and in time, and cancel whatever is left at the deadline.
"""

from __future__ import annotations

import asyncio
import collections
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HOST = "127.0.0.1"
TOKEN = "bench-token-0123456789"  # serve refuses API tokens under 16 characters
# A send more than this behind its scheduled time counts as "late" (the event loop's timers
# are only millisecond-accurate, so a smaller threshold would count noise).
LATE_AFTER_S = 0.005
# After the last scheduled send, how long stragglers get before they count as timeouts.
DRAIN_S = 10.0

PayloadFactory = Callable[[int], bytes]


class HttpError(Exception):
    """The server closed the connection or answered something this client cannot frame."""


class HttpConnection(asyncio.Protocol):
    """One keep-alive connection with at most one request in flight."""

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._waiter: asyncio.Future[int] | None = None
        self.closed = False
        self.last_body = b""  # body of the latest answer, for set-up calls that need it

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._fail(HttpError(f"connection lost: {exc!r}"))

    def data_received(self, data: bytes) -> None:
        self._buffer.extend(data)
        if self._waiter is None or self._waiter.done():
            return
        try:
            status = self._parse()
        except HttpError as error:
            self._fail(error)
            self.close()
            return
        if status is not None:
            self._waiter.set_result(status)

    def _parse(self) -> int | None:
        """The status once a whole answer is buffered (and consumed), else None."""
        head_end = self._buffer.find(b"\r\n\r\n")
        if head_end < 0:
            return None
        head = bytes(self._buffer[:head_end]).decode("latin-1")
        lines = head.split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        if length is None:
            raise HttpError(f"answer without Content-Length: {lines[0]}")
        end = head_end + 4 + length
        if len(self._buffer) < end:
            return None
        self.last_body = bytes(self._buffer[head_end + 4 : end])
        del self._buffer[:end]
        return status

    def _fail(self, error: Exception) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(error)

    def request(self, raw: bytes) -> asyncio.Future[int]:
        """Send a prebuilt request; the future resolves to the status code."""
        waiter: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        if self.closed or self._transport is None:
            waiter.set_exception(HttpError("connection is closed"))
            return waiter
        self._waiter = waiter
        self._transport.write(raw)
        return waiter

    def close(self) -> None:
        self.closed = True
        if self._transport is not None:
            self._transport.close()


async def connect(port: int) -> HttpConnection:
    loop = asyncio.get_running_loop()
    _, protocol = await loop.create_connection(HttpConnection, HOST, port)
    return protocol


def build_request(method: str, path: str, port: int, body: bytes = b"") -> bytes:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        f"Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def call(port: int, method: str, path: str, body: bytes = b"") -> int:
    """One request on a fresh connection (set-up and health checks, not measured)."""
    connection = await connect(port)
    try:
        return await asyncio.wait_for(
            connection.request(build_request(method, path, port, body)), timeout=5.0
        )
    finally:
        connection.close()


REPEAT_DISTANCE = 1000


@dataclass
class FeedbackBodies:
    """Unique, realistic feedback bodies: users spread over outputs, ~30% with a comment."""

    port: int
    output_ids: list[int]
    users_per_output: int
    run_tag: str
    seed: int = 7
    # This share of requests resends an earlier request's event id, as a client retrying
    # after a lost answer does; the server must answer with the first row, writing nothing.
    repeats: float = 0.0
    _random: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def __call__(self, index: int) -> bytes:
        user = self._random.randrange(len(self.output_ids) * self.users_per_output)
        # Drawn only with --repeats, so the default load is the same sequence as before it.
        if self.repeats and index >= REPEAT_DISTANCE and self._random.random() < self.repeats:
            index -= REPEAT_DISTANCE  # long answered, so it is a repeat, not a race
        body: dict[str, Any] = {
            "event_id": f"{self.run_tag}-{index}",
            "platform": "slack",
            "workspace": "T1",
            "user": f"U{user}",
            "rating": self._random.choice(("up", "down")),
            "output_id": self.output_ids[user // self.users_per_output],
        }
        if self._random.random() < 0.3:
            body["comment"] = (
                "the answer missed the point" if body["rating"] == "down" else "spot on"
            )
        return build_request(
            "POST", "/api/v1/feedback", self.port, json.dumps(body, separators=(",", ":")).encode()
        )


@dataclass
class PhaseResult:
    """Raw outcome of one phase; ingest.py turns it into the table's numbers."""

    sent: int = 0
    ok: int = 0
    errors: int = 0
    late: int = 0
    max_send_lag_s: float = 0.0
    wall_s: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    latencies_s: list[float] = field(default_factory=list)

    def record(self, status: int | None, latency_s: float) -> None:
        key = str(status) if status is not None else "failed"
        self.statuses[key] = self.statuses.get(key, 0) + 1
        if status in (200, 201):
            self.ok += 1
            self.latencies_s.append(latency_s)
        else:
            self.errors += 1


class ConnectionPool:
    """Idle connections to reuse; opens more up to a cap, then queues (and that wait counts)."""

    def __init__(self, port: int, limit: int) -> None:
        self._port = port
        self._limit = limit
        self._idle: list[HttpConnection] = []
        self._all: set[HttpConnection] = set()  # to close even the ones a deadline abandoned
        self._open = 0
        self._waiters: collections.deque[asyncio.Future[HttpConnection]] = collections.deque()

    async def fill(self, count: int) -> None:
        for _ in range(min(count, self._limit)):
            self._open += 1
            self._idle.append(await self._connect())

    async def _connect(self) -> HttpConnection:
        connection = await connect(self._port)
        self._all.add(connection)
        return connection

    async def acquire(self) -> HttpConnection:
        while self._idle:
            connection = self._idle.pop()
            if not connection.closed:
                return connection
            self._open -= 1
        if self._open < self._limit:
            self._open += 1
            try:
                return await self._connect()
            except OSError:
                self._open -= 1
                raise
        waiter: asyncio.Future[HttpConnection] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        return await waiter

    def release(self, connection: HttpConnection) -> None:
        if connection.closed:
            self._open -= 1
            return
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(connection)
                return
        self._idle.append(connection)

    def close(self) -> None:
        for connection in self._all:
            connection.close()
        self._all.clear()
        self._idle.clear()


async def _timed_request(
    pool: ConnectionPool, raw: bytes, scheduled: float, result: PhaseResult
) -> None:
    loop = asyncio.get_running_loop()
    connection: HttpConnection | None = None
    try:
        connection = await pool.acquire()
        status: int | None = await connection.request(raw)
    except (OSError, HttpError):
        status = None
    if connection is not None:
        if status is None:
            connection.close()
        pool.release(connection)
    result.record(status, loop.time() - scheduled)


async def open_loop(
    port: int,
    bodies: PayloadFactory,
    *,
    rate: float,
    duration_s: float,
    max_connections: int,
) -> PhaseResult:
    """Offer `rate` requests/s for `duration_s`, whatever the answers do."""
    loop = asyncio.get_running_loop()
    result = PhaseResult()
    pool = ConnectionPool(port, max_connections)
    await pool.fill(min(max_connections, 32))
    total = int(rate * duration_s)
    # Build every body first so JSON encoding never delays a scheduled send.
    requests = [bodies(index) for index in range(total)]
    tasks: set[asyncio.Task[None]] = set()
    start = loop.time() + 0.01
    for index, raw in enumerate(requests):
        scheduled = start + index / rate
        # Always yield, even when behind, so answers keep being read while we catch up.
        await asyncio.sleep(max(0.0, scheduled - loop.time()))
        lag = loop.time() - scheduled
        result.max_send_lag_s = max(result.max_send_lag_s, lag)
        result.late += lag > LATE_AFTER_S
        tasks.add(asyncio.create_task(_timed_request(pool, raw, scheduled, result)))
        result.sent += 1
    await _finish(tasks, result, DRAIN_S)
    result.wall_s = loop.time() - start
    pool.close()
    return result


async def closed_loop(
    port: int,
    bodies: PayloadFactory,
    *,
    connections: int,
    duration_s: float,
    max_requests: int,
) -> PhaseResult:
    """`connections` keep-alive clients, each sending as soon as its last answer arrived."""
    loop = asyncio.get_running_loop()
    result = PhaseResult()
    pool = ConnectionPool(port, connections)
    await pool.fill(connections)
    counter = iter(range(max_requests))
    start = loop.time()
    deadline = start + duration_s

    async def client() -> None:
        for index in counter:
            if loop.time() >= deadline:
                return
            raw = bodies(index)
            result.sent += 1
            await _timed_request(pool, raw, loop.time(), result)

    tasks = {asyncio.create_task(client()) for _ in range(connections)}
    await _finish(tasks, result, duration_s + DRAIN_S)
    result.wall_s = loop.time() - start
    pool.close()
    return result


async def _finish(tasks: set[asyncio.Task[None]], result: PhaseResult, wait_s: float) -> None:
    """Wait up to `wait_s` for the tasks; a request still open then is a timeout (an error)."""
    if not tasks:
        return
    _, pending = await asyncio.wait(tasks, timeout=wait_s)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending)
        result.errors += len(pending)
        result.statuses["timeout"] = result.statuses.get("timeout", 0) + len(pending)
