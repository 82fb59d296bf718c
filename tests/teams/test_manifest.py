"""`groundswell manifest teams --zip` writes a package Teams accepts."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from bot.chat.commands import ALIASES, split_command
from tests.support.fixtures import missing
from tests.teams.support import APP_ID, SCHEMAS

GROUNDSWELL = Path(sys.executable).with_name("groundswell")


def png_facts(data: bytes) -> tuple[int, int, int]:
    """(width, height, colour type) from the IHDR chunk; 6 = RGBA (has transparency)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, _depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, colour


def build_package(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GROUNDSWELL), "manifest", "teams", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )


@pytest.mark.parametrize("version", ["1.25"])
def test_package_validates_against_the_official_schema_with_both_icons(
    tmp_path: Path, version: str
) -> None:
    schema_file = SCHEMAS / f"MicrosoftTeams.schema.v{version}.json"
    if not schema_file.exists():
        missing("The official Teams manifest schema", schema_file)
    out = tmp_path / "pkg" / "groundswell.zip"
    result = build_package(
        tmp_path, "--app-id", APP_ID, "--url", "https://groundswell.example.com", "--zip", str(out)
    )
    assert result.returncode == 0, result.stderr

    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        color = png_facts(package.read("color.png"))
        outline = png_facts(package.read("outline.png"))

    # The files say draft-04 but use `const`; Draft 7 is what enforces manifestVersion.
    errors = sorted(
        Draft7Validator(json.loads(schema_file.read_text())).iter_errors(manifest), key=str
    )
    assert errors == []
    assert manifest["manifestVersion"] == version
    assert "{{" not in json.dumps(manifest)
    assert color[:2] == (192, 192)
    assert outline == (32, 32, 6)
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID and manifest["id"] == APP_ID
    assert set(bot["scopes"]) == {"personal", "team"}
    assert manifest["validDomains"] == ["groundswell.example.com"]


def test_manifest_commands_are_the_shared_command_verbs() -> None:
    template = Path(__file__).resolve().parents[2] / "manifest" / "teams" / "manifest.json"
    manifest = json.loads(template.read_text())
    titles = [c["title"] for c in manifest["bots"][0]["commandLists"][0]["commands"]]
    verbs = {split_command(title)[0] for title in titles}
    assert verbs == {"win", "feedback", "optout", "optin", "export-me", "forget-me", "help"}
    assert all(title in ALIASES or " " not in title for title in titles)


def test_wrong_inputs_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "x.zip"
    result = build_package(
        tmp_path, "--app-id", "not-a-guid", "--url", "http://x", "--zip", str(out)
    )
    assert result.returncode == 2
    assert "--app-id" in result.stderr and "--url" in result.stderr
    assert not out.exists()
