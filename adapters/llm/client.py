"""A `WinClassifier` on an OpenAI-compatible chat completions endpoint (OpenAI, Azure OpenAI's
compatible route, vLLM, llama.cpp, Ollama…).

One POST per text with the domain's prompt and the (already redacted) text, temperature 0 and
`response_format: json_object`. Servers that refuse `response_format` (a 400) are asked once
more without it, and never again with it. Every failure becomes `ClassifierUnavailable` with
a short reason — "timeout", "connection", "rate_limited", "http_4xx", "http_5xx",
"malformed", "schema" — and the detector answers with the rules instead. After a 429 the
endpoint is left alone for its Retry-After (at most a minute), so a busy model is not
hammered by a batch. No text, prompt or answer is ever logged.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, Self

import aiohttp

from bot.advocacy.detect import (
    ClassifierUnavailable,
    WinContext,
    WinDetector,
    WinVerdict,
    model_messages,
    parse_answer,
    verdict_from_answer,
)
from bot.settings import LlmSettings

MAX_ANSWER_BYTES = 256 * 1024
MAX_PAUSE_SECONDS = 60.0
DEFAULT_PAUSE_SECONDS = 10.0


def completions_url(url: str) -> str:
    """Accept the endpoint itself or its base ("https://api.openai.com/v1")."""
    url = url.rstrip("/")
    return url if url.endswith("/chat/completions") else f"{url}/chat/completions"


class OpenAICompatibleClassifier:
    def __init__(self, settings: LlmSettings) -> None:
        if not (settings.url and settings.model):
            raise ValueError("GROUNDSWELL_LLM_URL and GROUNDSWELL_LLM_MODEL are required")
        self._url = completions_url(settings.url)
        self._model = settings.model
        self._key = settings.api_key
        self._timeout = aiohttp.ClientTimeout(total=settings.timeout_seconds)
        self._json_mode = settings.json_mode
        self._slots = asyncio.Semaphore(settings.max_concurrency)
        self._session: aiohttp.ClientSession | None = None
        self._paused_until = 0.0

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def classify(self, text: str, context: WinContext = WinContext.UNKNOWN) -> WinVerdict:
        if time.monotonic() < self._paused_until:
            raise ClassifierUnavailable("rate_limited")
        async with self._slots:
            content = await self._ask(model_messages(text, context))
        return verdict_from_answer(text, parse_answer(content))

    async def _ask(self, messages: list[dict[str, str]]) -> str:
        try:
            status, headers, body = await self._post(messages, self._json_mode)
            if status == 400 and self._json_mode:
                self._json_mode = False  # this server does not take response_format
                status, headers, body = await self._post(messages, False)
        except TimeoutError:
            raise ClassifierUnavailable("timeout") from None
        except aiohttp.ClientError:
            raise ClassifierUnavailable("connection") from None
        if status == 429:
            self._paused_until = time.monotonic() + _retry_after(headers.get("Retry-After"))
            raise ClassifierUnavailable("rate_limited")
        if status != 200:
            raise ClassifierUnavailable("http_5xx" if status >= 500 else "http_4xx")
        return _content_of(body)

    async def _post(
        self, messages: list[dict[str, str]], json_mode: bool
    ) -> tuple[int, dict[str, str], bytes]:
        payload: dict[str, Any] = {
            "model": self._model,
            "messages": messages,
            "temperature": 0,
            "max_tokens": 300,
        }
        if json_mode:
            payload["response_format"] = {"type": "json_object"}
        headers = {"Content-Type": "application/json"}
        if self._key is not None:
            headers["Authorization"] = f"Bearer {self._key.get_secret_value()}"
        session = self._ensure_session()
        async with session.post(self._url, data=json.dumps(payload), headers=headers) as response:
            body = await response.content.read(MAX_ANSWER_BYTES)
            return response.status, dict(response.headers), body

    def _ensure_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session


def _content_of(body: bytes) -> str:
    """choices[0].message.content of a chat completion, or "malformed"."""
    try:
        content = json.loads(body)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise ClassifierUnavailable("malformed") from None
    if not isinstance(content, str):
        raise ClassifierUnavailable("malformed")
    return content


def _retry_after(value: str | None) -> float:
    try:
        seconds = float(value) if value is not None else DEFAULT_PAUSE_SECONDS
    except ValueError:
        seconds = DEFAULT_PAUSE_SECONDS  # an HTTP date: not worth parsing for a pause this short
    return min(max(seconds, 0.0), MAX_PAUSE_SECONDS)


def build_win_detector(
    settings: LlmSettings,
    *,
    assistant_names: Iterable[str] = (),
    on_fallback: Callable[[str], None] | None = None,
) -> tuple[WinDetector, OpenAICompatibleClassifier | None]:
    """The detector, with the model client when one is configured (close it on shutdown).

    The domain cannot import this HTTP client, so whoever starts Groundswell builds the
    detector here and hands it in; `on_fallback(reason)` is where a metrics counter plugs in.
    """
    client = OpenAICompatibleClassifier(settings) if settings.enabled else None
    detector = WinDetector(client, assistant_names=assistant_names, on_fallback=on_fallback)
    return detector, client
