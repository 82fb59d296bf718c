"""`groundswell manifest slack|teams`: the apps' manifests, filled in for this server."""

from __future__ import annotations

import json
import re
import zipfile
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlparse

import typer

from bot import __version__

manifest_app = typer.Typer(no_args_is_help=True, help="App manifests for the chat platforms.")

ICONS = ("color.png", "outline.png")
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


def fill(template: Any, values: dict[str, str]) -> Any:
    """Replace {{NAME}} placeholders in every string of the parsed template."""
    if isinstance(template, dict):
        return {key: fill(value, values) for key, value in template.items()}
    if isinstance(template, list):
        return [fill(item, values) for item in template]
    if isinstance(template, str):
        for name, value in values.items():
            template = template.replace("{{" + name + "}}", value)
    return template


def packaged_template() -> Traversable:
    """manifest/teams at the repository root, installed as package data of `manifest`."""
    return files("manifest") / "teams"


def build_manifest(
    template_dir: Traversable, *, app_id: str, url: str, teams_app_id: str | None, version: str
) -> dict[str, Any]:
    base = url.rstrip("/")
    values = {
        "BOT_APP_ID": app_id,
        "TEAMS_APP_ID": teams_app_id or app_id,
        "BASE_URL": base,
        "PRIVACY_URL": f"{base}/privacy",
        "TERMS_URL": f"{base}/terms",
        "DOMAIN": urlparse(base).hostname or "",
        "VERSION": version,
    }
    template = json.loads((template_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest: dict[str, Any] = fill(template, values)
    return manifest


def check_inputs(app_id: str, url: str, teams_app_id: str | None, version: str) -> list[str]:
    problems = []
    for name, value in (("--app-id", app_id), ("--teams-app-id", teams_app_id)):
        if value is not None and not GUID.match(value):
            problems.append(f"{name}: must be a GUID like 00000000-0000-0000-0000-000000000000")
    parsed = urlparse(url)
    if parsed.scheme != "https" or not parsed.hostname:
        problems.append("--url: must be the public https:// address Groundswell is served at")
    if not SEMVER.match(version):
        problems.append("--version: must look like 1.2.3")
    return problems


@manifest_app.command("teams")
def manifest_teams(
    app_id: Annotated[str, typer.Option("--app-id", help="The bot's Microsoft App ID.")],
    url: Annotated[str, typer.Option("--url", help="Public https URL of this server.")],
    zip_path: Annotated[Path, typer.Option("--zip", help="Where to write the package.")],
    teams_app_id: Annotated[
        str | None, typer.Option("--teams-app-id", help="Teams app id (default: the app id).")
    ] = None,
    version: Annotated[str, typer.Option("--version", help="App package version.")] = (__version__),
    template_path: Annotated[
        Path | None,
        typer.Option(
            "--template",
            help="Folder with manifest.json and the icons (default: the packaged manifest/teams).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write an uploadable Teams app package (manifest.json + color and outline icons)."""
    template = packaged_template() if template_path is None else template_path
    problems = check_inputs(app_id, url, teams_app_id, version)
    problems += [
        f"--template: no {name} in {template}"
        for name in ("manifest.json", *ICONS)
        if not (template / name).is_file()
    ]
    if not problems:
        try:
            write_package(template, zip_path, app_id, url, teams_app_id, version)
        except ValueError as error:  # json.JSONDecodeError is one
            problems.append(f"--template: {template / 'manifest.json'} is not JSON: {error}")
        except OSError as error:
            problems.append(f"--zip: cannot write {zip_path}: {error.strerror or error}")
    if problems:
        for problem in problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(2)
    typer.echo(f"wrote {zip_path}: upload it in Teams (Apps → Manage your apps → Upload an app)")


def write_package(
    template: Traversable,
    zip_path: Path,
    app_id: str,
    url: str,
    teams_app_id: str | None,
    version: str,
) -> None:
    manifest = build_manifest(
        template, app_id=app_id, url=url, teams_app_id=teams_app_id, version=version
    )
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        # Teams wants the three files at the root of the zip, not in a folder.
        package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for icon in ICONS:
            package.writestr(icon, (template / icon).read_bytes())


@manifest_app.command("slack")
def print_slack_manifest(
    url: Annotated[str, typer.Option(help="Public https:// origin of this server.")],
    socket_mode: Annotated[bool, typer.Option("--socket-mode")] = False,
) -> None:
    """Print the Slack app manifest (YAML) with this server's request URLs filled in."""
    from adapters.slack.manifest import render_manifest

    try:
        typer.echo(render_manifest(url, socket_mode=socket_mode), nl=False)
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
