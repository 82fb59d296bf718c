"""A fake Slack Web API (plus a fake Socket Mode endpoint) for tests.

Runs a real aiohttp server on 127.0.0.1, port 0. Point slack-sdk at it with
``AsyncWebClient(token="xoxb-test", base_url=fake.url)`` (``fake.url`` ends in ``/api/``).

    async with FakeSlackWebApi(bot_user_id="UBOT", bot_id="BBOT", team_id="T111") as fake:
        client = AsyncWebClient(token="xoxb-test", base_url=fake.url)
        await client.chat_postMessage(channel="C1", text="hi")
        assert fake.calls("chat.postMessage")[0].params["text"] == "hi"

Every request is recorded as a ``RecordedCall`` whose ``params`` merge the query string, the
form body and the JSON body (slack-sdk sends some methods as JSON, some as form, some as query
string). The token is taken from ``Authorization: Bearer ...`` or a ``token`` param.

Socket Mode: ``apps.connections.open`` answers ``fake.socket_mode_url`` (a ws:// URL on the
same server). A real ``slack_sdk.socket_mode.aiohttp.SocketModeClient`` (and so Bolt's
``AsyncSocketModeHandler``) connects to it; ``send_socket_mode_envelope()`` pushes an
envelope, ``wait_for_socket_mode_ack()`` returns what the client answered.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

JsonDict = dict[str, Any]
_NO_TOKEN_METHODS = frozenset({"oauth.v2.access", "oauth.access", "api.test"})
Responder = Callable[["RecordedCall"], JsonDict | Awaitable[JsonDict]]

__all__ = ["FakeSlackWebApi", "FakeUser", "RecordedCall"]


@dataclass(frozen=True)
class RecordedCall:
    """One request received by the fake."""

    method: str
    """Web API method name, e.g. ``chat.postMessage`` (``upload`` for file-upload URLs)."""
    params: JsonDict
    """Query string + form body + JSON body, merged (JSON values keep their types)."""
    headers: Mapping[str, str]
    """Request headers (case-insensitive lookup is NOT kept: keys are lower-cased)."""
    http_method: str
    raw_body: bytes
    token: str | None
    """Bearer token from the Authorization header, else the ``token`` param."""
    at: float = field(default_factory=time.monotonic)

    def json_param(self, name: str) -> Any:
        """A param that may arrive as a JSON string (form-encoded ``blocks``, ``view``...)."""
        value = self.params.get(name)
        if isinstance(value, str) and value[:1] in ("{", "["):
            return json.loads(value)
        return value


@dataclass
class FakeUser:
    """What ``users.info`` answers for one user."""

    id: str
    real_name: str = "Test User"
    name: str = "test.user"
    tz: str = "Europe/Berlin"
    tz_label: str = "Central European Time"
    tz_offset: int = 3600
    is_bot: bool = False
    deleted: bool = False
    locale: str | None = None

    def to_dict(self, team_id: str) -> JsonDict:
        user: JsonDict = {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "deleted": self.deleted,
            "real_name": self.real_name,
            "tz": self.tz,
            "tz_label": self.tz_label,
            "tz_offset": self.tz_offset,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "profile": {
                "real_name": self.real_name,
                "display_name": self.name,
                "team": team_id,
            },
        }
        if self.locale is not None:
            user["locale"] = self.locale
        return user


@dataclass
class _Failure:
    status: int
    retry_after: int | None
    error: str
    remaining: int


@dataclass
class _Message:
    channel: str
    ts: str
    data: JsonDict


class FakeSlackWebApi:
    """Fake Slack Web API server. Use as ``async with`` or ``await start()`` / ``await stop()``."""

    def __init__(
        self,
        *,
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        team_id: str = "T111",
        team_name: str = "Test Workspace",
        enterprise_id: str | None = None,
        app_id: str = "A111",
        bot_token: str = "xoxb-installed-token",  # noqa: S107 - fake credential
        bot_scopes: str = "chat:write,commands,im:history,reactions:read,users:read",
        installer_user_id: str = "W111",
        require_token: bool = True,
        host: str = "127.0.0.1",
    ) -> None:
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.team_id = team_id
        self.team_name = team_name
        self.enterprise_id = enterprise_id
        self.app_id = app_id
        self.bot_token = bot_token
        """Token that ``oauth.v2.access`` hands out."""
        self.bot_scopes = bot_scopes
        self.installer_user_id = installer_user_id
        self.require_token = require_token
        """Answer ``not_authed`` to Web API calls that carry no token (oauth.v2.access exempt)."""
        self.host = host

        self.users: dict[str, FakeUser] = {}
        self.uploads: dict[str, bytes] = {}
        """Bytes received on upload URLs, by file id."""
        self.socket_mode_acks: list[JsonDict] = []
        """Every message the Socket Mode client sent back (acks: ``{"envelope_id", ...}``)."""

        self._calls: list[RecordedCall] = []
        self._responses: dict[str, Responder] = {}
        self._failures: dict[str, list[_Failure]] = {}
        self._lost_answers: dict[str, list[_Failure]] = {}
        self._delays: dict[str, float] = {}
        self._holds: dict[str, asyncio.Event] = {}
        self._messages: list[_Message] = []
        self._dm_channels: dict[str, str] = {}
        self._ts_counter = itertools.count(1)
        self._id_counter = itertools.count(1)
        self._ws_clients: list[web.WebSocketResponse] = []
        self._ws_connected = asyncio.Event()
        self._ack_waiters: dict[str, asyncio.Future[JsonDict]] = {}
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

        self._defaults: dict[str, Responder] = {
            "api.test": lambda call: {"ok": True, "args": call.params},
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": lambda call: {
                "ok": True,
                "channel": call.params.get("channel"),
                "ts": call.params.get("ts"),
            },
            "conversations.open": self._conversations_open,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "views.open": self._views,
            "views.publish": self._views,
            "views.update": self._views,
            "views.push": self._views,
            "users.info": self._users_info,
            "oauth.v2.access": self._oauth_v2_access,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "reactions.add": lambda _call: {"ok": True},
            "apps.connections.open": lambda _call: {"ok": True, "url": self.socket_mode_url},
        }

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> Self:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        app.router.add_post("/response/{hook}", self._handle_response_url)
        app.router.add_get("/socket-mode", self._handle_socket_mode)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        server = site._server  # aiohttp has no public accessor for the bound port
        assert server is not None
        sockets = getattr(server, "sockets", None)
        assert sockets, "fake Slack server did not bind"
        self._port = int(sockets[0].getsockname()[1])
        return self

    async def stop(self) -> None:
        for ws in list(self._ws_clients):
            await ws.close()
        self._ws_clients.clear()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeSlackWebApi is not started")
        return self._port

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """Base URL for ``AsyncWebClient(base_url=...)``; ends with ``/api/``."""
        return f"{self.origin}/api/"

    @property
    def socket_mode_url(self) -> str:
        return f"ws://{self.host}:{self.port}/socket-mode"

    def response_url(self, hook: str = "hook") -> str:
        """A `response_url` for payloads; what is posted to it is recorded as method
        ``response_url`` (``hook`` ``gone`` answers 404, as Slack does once it expired)."""
        return f"{self.origin}/response/{hook}"

    # ------------------------------------------------------------------ test helpers

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        """Recorded calls, oldest first; all of them, or those of one method."""
        if method is None:
            return list(self._calls)
        return [c for c in self._calls if c.method == method]

    def last_call(self, method: str) -> RecordedCall:
        found = self.calls(method)
        if not found:
            seen = [c.method for c in self._calls]
            raise AssertionError(f"no {method} call recorded; got {seen}")
        return found[-1]

    def reset_calls(self) -> None:
        self._calls.clear()

    def set_response(self, method: str, payload: JsonDict | Responder) -> None:
        """Answer ``method`` with ``payload`` from now on (a dict, or a function of the call)."""
        if callable(payload):
            self._responses[method] = payload
        else:
            fixed = dict(payload)
            self._responses[method] = lambda _call: fixed

    def clear_response(self, method: str) -> None:
        self._responses.pop(method, None)

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int | None = 1,
        times: int = 1,
        error: str | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail.

        status 429 answers ``{"ok": false, "error": "ratelimited"}`` with ``Retry-After``;
        status 200 answers ``{"ok": false, "error": error}`` (e.g. ``channel_not_found``);
        other statuses answer ``{"ok": false, "error": error or "fatal_error"}``.
        """
        default_error = "ratelimited" if status == 429 else "fatal_error"
        self._failures.setdefault(method, []).append(
            _Failure(
                status=status,
                retry_after=retry_after if status == 429 else None,
                error=error or default_error,
                remaining=times,
            )
        )

    def lose_next_answer(
        self, method: str, status: int = 500, error: str = "internal_error"
    ) -> None:
        """Do the next ``method`` call (a message is posted) but answer it with an error, as
        Slack may when it fails after doing the work: the caller cannot tell it happened."""
        self._lost_answers.setdefault(method, []).append(
            _Failure(status=status, retry_after=None, error=error, remaining=1)
        )

    def delay(self, method: str, seconds: float) -> None:
        """Answer every ``method`` call only after ``seconds`` (its work is done at once)."""
        self._delays[method] = seconds

    def hold(self, method: str) -> asyncio.Event:
        """Do every ``method`` call's work at once, but answer only when the returned event
        is set: the caller is left waiting with the work already done (e.g. posted)."""
        released = asyncio.Event()
        self._holds[method] = released
        return released

    def add_user(self, user_id: str, **fields: Any) -> FakeUser:
        """Register what ``users.info`` returns for ``user_id`` (FakeUser fields as kwargs)."""
        user = FakeUser(id=user_id, **fields)
        self.users[user_id] = user
        return user

    def add_message(self, channel: str, message: JsonDict) -> None:
        """Seed ``conversations.history`` (``message`` must have ``ts``)."""
        self._messages.append(_Message(channel=channel, ts=str(message["ts"]), data=dict(message)))

    def messages(self, channel: str | None = None) -> list[JsonDict]:
        """Messages posted with chat.postMessage (or seeded), oldest first."""
        return [m.data for m in self._messages if channel is None or m.channel == channel]

    async def wait_for_call(
        self, method: str, count: int = 1, within: float = 5.0
    ) -> list[RecordedCall]:
        """Wait until ``method`` was called ``count`` times (listeners run after the ack)."""
        deadline = time.monotonic() + within
        while len(self.calls(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{method} called {len(self.calls(method))} times, expected {count}; "
                    f"calls so far: {[c.method for c in self._calls]}"
                )
            await asyncio.sleep(0.01)
        return self.calls(method)

    # ------------------------------------------------------------------ Socket Mode helpers

    async def wait_for_socket_mode_connection(self, within: float = 5.0) -> None:
        await asyncio.wait_for(self._ws_connected.wait(), within)

    async def send_socket_mode_envelope(self, envelope: JsonDict) -> None:
        """Push an envelope (``{"envelope_id", "type", "payload", ...}``) to every client."""
        envelope_id = envelope.get("envelope_id")
        if isinstance(envelope_id, str) and envelope_id not in self._ack_waiters:
            self._ack_waiters[envelope_id] = asyncio.get_running_loop().create_future()
        if not self._ws_clients:
            raise AssertionError("no Socket Mode client connected")
        for ws in list(self._ws_clients):
            await ws.send_str(json.dumps(envelope))

    async def wait_for_socket_mode_ack(self, envelope_id: str, within: float = 5.0) -> JsonDict:
        """The client's answer to an envelope sent with ``send_socket_mode_envelope``."""
        for ack in self.socket_mode_acks:
            if ack.get("envelope_id") == envelope_id:
                return ack
        future = self._ack_waiters.setdefault(
            envelope_id, asyncio.get_running_loop().create_future()
        )
        return await asyncio.wait_for(asyncio.shield(future), within)

    async def disconnect_socket_mode(self, reason: str = "refresh_requested") -> None:
        """Send Slack's ``disconnect``; the SDK reconnects through apps.connections.open."""
        for ws in list(self._ws_clients):
            await ws.send_str(json.dumps({"type": "disconnect", "reason": reason}))

    # ------------------------------------------------------------------ HTTP handlers

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        raw = await request.read()
        params: JsonDict = dict(request.query)
        content_type = request.content_type
        if raw:
            if content_type == "application/json":
                body = json.loads(raw)
                if isinstance(body, dict):
                    params.update(body)
            elif content_type == "application/x-www-form-urlencoded":
                params.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        headers = {k.lower(): v for k, v in request.headers.items()}
        token: str | None = None
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            token = auth[7:].strip()
        elif isinstance(params.get("token"), str):
            token = params["token"]
        call = RecordedCall(
            method=method,
            params=params,
            headers=headers,
            http_method=request.method,
            raw_body=raw,
            token=token,
        )
        self._calls.append(call)

        failure = self._take_failure(method)
        if failure is not None:
            fail_headers = {}
            if failure.retry_after is not None:
                fail_headers["Retry-After"] = str(failure.retry_after)
            return web.json_response(
                {"ok": False, "error": failure.error}, status=failure.status, headers=fail_headers
            )

        if self.require_token and token is None and method not in _NO_TOKEN_METHODS:
            return web.json_response({"ok": False, "error": "not_authed"})

        responder = self._responses.get(method) or self._defaults.get(method)
        if responder is None:
            return web.json_response({"ok": False, "error": "unknown_method", "req_method": method})
        result = responder(call)
        payload = await result if isinstance(result, Awaitable) else result
        if method in self._delays:
            await asyncio.sleep(self._delays[method])
        if method in self._holds:
            await self._holds[method].wait()
        lost = self._take_failure(method, self._lost_answers)
        if lost is not None:
            return web.json_response({"ok": False, "error": lost.error}, status=lost.status)
        extra_headers = {"x-oauth-scopes": self.bot_scopes} if method == "auth.test" else {}
        return web.json_response(payload, headers=extra_headers)

    async def _handle_response_url(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        body = json.loads(raw) if raw else {}
        self._calls.append(
            RecordedCall(
                method="response_url",
                params={"hook": request.match_info["hook"], **body},
                headers={k.lower(): v for k, v in request.headers.items()},
                http_method=request.method,
                raw_body=raw,
                token=None,
            )
        )
        if request.match_info["hook"] == "gone":
            return web.Response(status=404, text="expired_url")
        return web.Response(text="ok")

    async def _handle_upload(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["file_id"]
        raw = await request.read()
        self._calls.append(
            RecordedCall(
                method="upload",
                params={"file_id": file_id, "length": len(raw)},
                headers={k.lower(): v for k, v in request.headers.items()},
                http_method=request.method,
                raw_body=raw,
                token=None,
            )
        )
        failure = self._take_failure("upload")
        if failure is not None:
            return web.Response(status=failure.status, text=failure.error)
        self.uploads[file_id] = raw
        return web.Response(text=f"OK - {len(raw)}")

    async def _handle_socket_mode(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._ws_clients.append(ws)
        await ws.send_str(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": len(self._ws_clients),
                    "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                    "connection_info": {"app_id": self.app_id},
                }
            )
        )
        self._ws_connected.set()
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    data = json.loads(msg.data)
                    if isinstance(data, dict):
                        self.socket_mode_acks.append(data)
                        envelope_id = data.get("envelope_id")
                        if isinstance(envelope_id, str):
                            future = self._ack_waiters.get(envelope_id)
                            if future is None:
                                future = asyncio.get_running_loop().create_future()
                                self._ack_waiters[envelope_id] = future
                            if not future.done():
                                future.set_result(data)
        finally:
            if ws in self._ws_clients:
                self._ws_clients.remove(ws)
            if not self._ws_clients:
                self._ws_connected.clear()
        return ws

    def _take_failure(
        self, method: str, queues: dict[str, list[_Failure]] | None = None
    ) -> _Failure | None:
        queue = (self._failures if queues is None else queues).get(method)
        if not queue:
            return None
        failure = queue[0]
        failure.remaining -= 1
        if failure.remaining <= 0:
            queue.pop(0)
        return failure

    # ------------------------------------------------------------------ canned answers

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts_counter):06d}"

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._id_counter):08d}"

    def _auth_test(self, call: RecordedCall) -> JsonDict:
        result: JsonDict = {
            "ok": True,
            "url": "https://fake-workspace.slack.com/",
            "team": self.team_name,
            "user": "bot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }
        if self.enterprise_id is not None:
            result["enterprise_id"] = self.enterprise_id
        return result

    def _chat_post_message(self, call: RecordedCall) -> JsonDict:
        channel = str(call.params.get("channel", ""))
        if channel.startswith("U") or channel.startswith("W"):
            channel = self._dm_channel_for(channel)
        ts = self._next_ts()
        message: JsonDict = {
            "type": "message",
            "subtype": "bot_message",
            "text": call.params.get("text", ""),
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "ts": ts,
        }
        for key in ("blocks", "attachments", "metadata"):
            value = call.json_param(key)
            if value is not None:
                message[key] = value
        thread_ts = call.params.get("thread_ts")
        if thread_ts:
            message["thread_ts"] = thread_ts
        self._messages.append(_Message(channel=channel, ts=ts, data=message))
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _chat_post_ephemeral(self, call: RecordedCall) -> JsonDict:
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, call: RecordedCall) -> JsonDict:
        channel = str(call.params.get("channel", ""))
        ts = str(call.params.get("ts", ""))
        message: JsonDict = {
            "text": call.params.get("text", ""),
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
        }
        for key in ("blocks", "attachments", "metadata"):
            value = call.json_param(key)
            if value is not None:
                message[key] = value
        for stored in self._messages:
            if stored.channel == channel and stored.ts == ts:
                stored.data.update(message)
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": message["text"],
            "message": message,
        }

    def _dm_channel_for(self, users: str) -> str:
        if users not in self._dm_channels:
            self._dm_channels[users] = self._next_id("D")
        return self._dm_channels[users]

    def _conversations_open(self, call: RecordedCall) -> JsonDict:
        users = str(call.params.get("users", ""))
        channel_id = call.params.get("channel") or self._dm_channel_for(users)
        return {
            "ok": True,
            "channel": {"id": channel_id, "is_im": True, "user": users.split(",")[0]},
        }

    def _conversations_history(self, call: RecordedCall) -> JsonDict:
        channel = str(call.params.get("channel", ""))
        include_metadata = str(call.params.get("include_all_metadata", "")).lower() in ("1", "true")
        oldest = float(call.params.get("oldest") or 0)
        latest = float(call.params.get("latest") or "inf")
        limit = int(call.params.get("limit") or 100)
        found = [
            m.data for m in self._messages if m.channel == channel and oldest < float(m.ts) < latest
        ]
        found.sort(key=lambda m: float(m["ts"]), reverse=True)
        out = []
        for m in found[:limit]:
            copy = dict(m)
            if not include_metadata:
                copy.pop("metadata", None)
            out.append(copy)
        return {
            "ok": True,
            "messages": out,
            "has_more": len(found) > limit,
            "response_metadata": {"next_cursor": ""},
        }

    def _conversations_replies(self, call: RecordedCall) -> JsonDict:
        """The thread's root and its replies, oldest first (Slack's order for replies)."""
        channel = str(call.params.get("channel", ""))
        root = str(call.params.get("ts", ""))
        include_metadata = str(call.params.get("include_all_metadata", "")).lower() in ("1", "true")
        oldest = float(call.params.get("oldest") or 0)
        latest = float(call.params.get("latest") or "inf")
        found = [
            dict(m.data)
            for m in self._messages
            if m.channel == channel
            and root in (m.ts, str(m.data.get("thread_ts", "")))
            and oldest <= float(m.ts) <= latest
        ]
        found.sort(key=lambda m: float(m["ts"]))
        if not include_metadata:
            for message in found:
                message.pop("metadata", None)
        return {"ok": True, "messages": found, "has_more": False}

    def _views(self, call: RecordedCall) -> JsonDict:
        view = call.json_param("view") or {}
        view_id = call.params.get("view_id") or self._next_id("V")
        return {
            "ok": True,
            "view": {
                **view,
                "id": view_id,
                "team_id": self.team_id,
                "app_id": self.app_id,
                "bot_id": self.bot_id,
                "hash": f"{int(time.time())}.fakehash",
                "external_id": call.params.get("external_id", ""),
            },
        }

    def _users_info(self, call: RecordedCall) -> JsonDict:
        user_id = str(call.params.get("user", ""))
        user = self.users.get(user_id)
        if user is None:
            if not user_id:
                return {"ok": False, "error": "user_not_found"}
            user = FakeUser(id=user_id, real_name=f"User {user_id}", name=user_id.lower())
        return {"ok": True, "user": user.to_dict(self.team_id)}

    def _oauth_v2_access(self, call: RecordedCall) -> JsonDict:
        result: JsonDict = {
            "ok": True,
            "access_token": self.bot_token,
            "token_type": "bot",
            "scope": self.bot_scopes,
            "bot_user_id": self.bot_user_id,
            "app_id": self.app_id,
            "team": {"name": self.team_name, "id": self.team_id},
            "enterprise": {"id": self.enterprise_id, "name": "Fake Enterprise"}
            if self.enterprise_id
            else None,
            "is_enterprise_install": False,
            "authed_user": {"id": self.installer_user_id},
        }
        return result

    def _files_get_upload_url(self, call: RecordedCall) -> JsonDict:
        file_id = self._next_id("F")
        return {"ok": True, "upload_url": f"{self.origin}/upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, call: RecordedCall) -> JsonDict:
        files = call.json_param("files") or []
        out = [
            {
                "id": f.get("id"),
                "title": f.get("title"),
                "name": f.get("title"),
                "size": len(self.uploads.get(str(f.get("id")), b"")),
            }
            for f in files
        ]
        return {"ok": True, "files": out}
