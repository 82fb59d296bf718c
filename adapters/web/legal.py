"""GET /privacy and GET /terms: the pages the Teams manifest links to (`<url>/privacy`,
`<url>/terms`). Teams shows these links on the app's details, so they must answer.

Plain, static HTML: no scripts, no external assets, nothing about the visitor is read.
The operator (whoever runs this server) is the contact; the open-source project sees no data.
"""

from __future__ import annotations

from aiohttp import web

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Groundswell: {title}</title></head>
<body style="font-family: sans-serif; max-width: 42em; margin: 2em auto; line-height: 1.5">
<h1>{title}</h1>
{body}
<p><a href="/privacy">Privacy</a> · <a href="/terms">Terms of use</a></p>
</body>
</html>
"""

PRIVACY = """
<p>Groundswell is a Slack and Microsoft Teams bot that collects feedback on the answers of
your organisation's AI assistant. This server is run by your organisation (the operator), not
by the Groundswell open-source project, which never receives any data.</p>
<h2>What Groundswell stores</h2>
<ul>
<li>Who you are on the platform: your Slack or Teams user id, workspace or tenant id, display
name and time zone, and the conversation address it needs to message you.</li>
<li>What you tell it: ratings (👍/👎) and comments on AI answers, with the answer they are
about; answers to pulse surveys (anonymous surveys keep no link to you); wins you share.</li>
<li>Whether you opted out, and, for programme leads, which champions they approved.</li>
</ul>
<p>It does not read your other messages, and its logs hold no message text or names.</p>
<h2>Your choices</h2>
<ul>
<li><strong>optout</strong> / <strong>optin</strong>: stop or restart surveys, nudges and
follow-ups.</li>
<li><strong>export me</strong>: get everything stored about you, as JSON.</li>
<li><strong>forget me</strong>: erase everything stored about you. Only a one-way fingerprint
is kept, so that later events from you are dropped.</li>
</ul>
<p>Type these to the bot in a 1:1 chat in Teams, or use <code>/groundswell export me</code>
(and so on) in Slack.</p>
<h2>Contact</h2>
<p>Questions about your data go to the operator of this Groundswell server: the team in
your organisation that runs the AI assistant programme, or your IT or privacy contact.</p>
"""

TERMS = """
<p>Groundswell is open-source software run by your organisation (the operator). Your
organisation's own policies for workplace tools and AI assistants apply to its use.</p>
<ul>
<li>Use it to give honest feedback on AI answers, answer surveys and share wins.</li>
<li>Do not put secrets or other people's personal data into comments.</li>
<li>The operator decides who can read the feedback (programme leads) and how long it is kept;
you can export or erase what you said at any time (see <a href="/privacy">Privacy</a>).</li>
<li>The software comes without warranty, as its open-source licence says.</li>
</ul>
<p>Questions go to the operator of this server: the team in your organisation that runs the
AI assistant programme.</p>
"""


def static_page(title: str, body: str) -> web.Handler:  # type: ignore[name-defined]
    html = PAGE.format(title=title, body=body.strip())

    async def page(_request: web.Request) -> web.Response:
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    return page


def add_legal_pages(app: web.Application) -> None:
    app.router.add_get("/privacy", static_page("Privacy", PRIVACY))
    app.router.add_get("/terms", static_page("Terms of use", TERMS))
