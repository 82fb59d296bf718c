"""/privacy and /terms: the pages the generated Teams manifest links to are served."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import aiohttp

from adapters.cli.manifests import build_manifest
from tests.support.server import make_settings, running_app

TEMPLATE = Path(__file__).resolve().parents[2] / "manifest" / "teams"


async def test_the_manifest_links_answer_with_plain_html(sqlite_url: str) -> None:
    manifest = build_manifest(
        TEMPLATE,
        app_id="11111111-2222-3333-4444-555555555555",
        url="https://groundswell.example.com",
        teams_app_id=None,
        version="1.0.0",
    )
    links = [manifest["developer"]["privacyUrl"], manifest["developer"]["termsOfUseUrl"]]
    pages = []
    async with running_app(make_settings(sqlite_url)) as (url, _), aiohttp.ClientSession() as http:
        for link in links:
            async with http.get(url + urlparse(link).path) as response:
                assert response.status == 200
                assert response.content_type == "text/html"
                pages.append(await response.text())
    privacy, terms = pages
    for said in ("user id", "comments", "export me", "forget me", "optout", "operator"):
        assert said in privacy
    assert "operator" in terms and 'href="/privacy"' in terms
    assert "<script" not in privacy + terms
