"""The digest as one self-contained HTML file: inline CSS, charts as embedded PNGs, readable
on a phone (one column, fluid images)."""

from __future__ import annotations

import base64
from html import escape

from adapters.reports.charts import draw_helpful_rates, draw_response_rates, draw_wins
from bot.chat.messenger import Attachment
from bot.reports import figures as fig
from bot.reports.markdown import render_markdown

STYLE = """
body{font-family:system-ui,sans-serif;max-width:720px;margin:0 auto;padding:12px;
line-height:1.45;color:#1b1b1b}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.4em;border-bottom:1px solid #ddd}
img{max-width:100%;height:auto}ul{padding-left:1.2em}.flag{color:#9a3412}
"""


def png_tag(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}">'


def markdown_to_html(markdown: str) -> str:
    """Our own Markdown only (bold headings, bullets, nested bullets): escaped line by line."""
    out: list[str] = []
    depth = 0
    for line in markdown.splitlines():
        stripped = line.strip()
        level = 2 if line.startswith("  - ") else 1 if line.startswith("- ") else 0
        while depth > level:
            out.append("</ul>")
            depth -= 1
        while depth < level:
            out.append("<ul>")
            depth += 1
        if level:
            text = escape(stripped[2:]).replace("**", "")
            css = ' class="flag"' if text.startswith("⚠") else ""
            out.append(f"<li{css}>{text}</li>")
        elif stripped.startswith("**") and stripped.endswith("**"):
            out.append(f"<h2>{escape(stripped.strip('*'))}</h2>")
    out += ["</ul>"] * depth
    return "\n".join(out)


def render_html(digest: fig.Digest) -> str:
    charts = "\n".join(
        (
            png_tag(draw_helpful_rates(digest), "Helpful rate per use case over 8 weeks"),
            png_tag(draw_wins(digest), "Wins and time saved per week"),
            png_tag(draw_response_rates(digest), "Pulse response rates"),
        )
    )
    # The first line is the title, shown as the page's heading.
    body = markdown_to_html(render_markdown(digest).split("\n", 1)[1])
    title = f"Groundswell digest {escape(digest.week)}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head>\n"
        f"<body><h1>{title}</h1>\n{body}\n<h2>Charts</h2>\n{charts}\n</body></html>\n"
    )


def html_attachment(digest: fig.Digest) -> Attachment:
    """The report as a file for `/groundswell report` (bot/reports/command.py)."""
    return Attachment(
        filename=f"groundswell-digest-{digest.week}.html",
        content=render_html(digest).encode("utf-8"),
        mime="text/html",
    )
