"""`pip install .` (not editable): the built wheel, installed into a fresh venv, runs both
`manifest` commands and migrates; without the postgres extra, a PostgreSQL URL says what to
install.

Offline and quick: the wheel is built with the test venv's own setuptools (no build
isolation, no index) and installed with --no-deps; the fresh venv sees the test venv's
dependencies through a .pth file, minus psycopg (the postgres extra) and our own editable
install, so what runs is the wheel's code, as a user who ran `pip install .` has it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]

from tests.cli.support import run

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "README.md", "adapters", "bot", "storage", "manifest")
# Left out of the view of the test venv: the postgres extra, and the editable checkout.
NOT_INSTALLED = ("psycopg", "__editable__", "groundswell", "_virtualenv", "distutils-precedence")
APP_ID = "11111111-2222-3333-4444-555555555555"


@dataclass
class Installed:
    python: Path
    groundswell: Path
    site_packages: Path


def call(program: str | Path, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run(*args, cwd=cwd, program=program)


def build_wheel(into: Path) -> Path:
    source = into / "source"  # a copy: an in-tree build would leave build/ in the checkout
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignored)
        else:
            shutil.copy2(ROOT / name, source / name)
    built = call(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "--quiet", "--wheel-dir", into / "dist", source, cwd=into,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    [wheel] = (into / "dist").glob("groundswell-*.whl")
    return wheel


def ignored(_folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name == "__pycache__" or name.endswith(".egg-info")]


def share_dependencies(site_packages: Path, into: Path) -> None:
    """A folder of links to the test venv's packages except NOT_INSTALLED, on the new path."""
    view = into / "dependencies"
    view.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.startswith(NOT_INSTALLED) and entry.suffix != ".pth":
            (view / entry.name).symlink_to(entry)
    (site_packages / "test-dependencies.pth").write_text(f"{view}\n")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    where = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(where)
    venv = where / "venv"
    made = call(sys.executable, "-m", "venv", "--without-pip", venv, cwd=where)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    done = call(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "--quiet", wheel, cwd=where,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    site_packages = Path(
        call(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=where
        ).stdout.strip()
    )
    share_dependencies(site_packages, where)
    return Installed(python, venv / "bin" / "groundswell", site_packages)


def test_the_wheels_own_code_runs_not_the_checkout(installed: Installed, tmp_path: Path) -> None:
    found = call(
        installed.python,
        "-c",
        "import adapters.cli.main, manifest, yaml; "
        "print(adapters.cli.main.__file__); print(manifest.__file__); print(yaml.__file__)",
        cwd=tmp_path,
    )
    ours, data, dependency = found.stdout.split()
    assert Path(ours).is_relative_to(installed.site_packages)
    assert Path(data).is_relative_to(installed.site_packages)
    assert not Path(dependency).is_relative_to(installed.site_packages)  # shared, not installed
    assert not (installed.site_packages / "psycopg").exists()


def test_manifest_slack_from_the_installed_wheel(installed: Installed, tmp_path: Path) -> None:
    result = call(
        installed.groundswell, "manifest", "slack", "--url", "https://x.example", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    printed = yaml.safe_load(result.stdout)
    assert printed["settings"]["event_subscriptions"]["request_url"] == (
        "https://x.example/slack/events"
    )
    assert printed["oauth_config"]["redirect_urls"] == ["https://x.example/slack/oauth_redirect"]


def test_manifest_teams_zip_from_the_installed_wheel(installed: Installed, tmp_path: Path) -> None:
    result = call(
        installed.groundswell, "manifest", "teams", "--app-id", APP_ID,
        "--url", "https://x.example", "--zip", "out.zip", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "out.zip") as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        for icon in ("color.png", "outline.png"):
            assert package.read(icon) == (ROOT / "manifest" / "teams" / icon).read_bytes()
    assert manifest["bots"][0]["botId"] == APP_ID
    assert manifest["validDomains"] == ["x.example"]


def test_installed_wheel_migrates_and_checks_sqlite(installed: Installed, tmp_path: Path) -> None:
    upgraded = call(installed.groundswell, "db", "upgrade", cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert call(installed.groundswell, "check", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("command", [["check"], ["db", "upgrade"], ["serve", "--port", "0"]])
def test_postgresql_without_the_extra_says_what_to_install(
    installed: Installed, tmp_path: Path, command: list[str]
) -> None:
    url = "postgresql+psycopg://groundswell@127.0.0.1:5432/groundswell"
    result = call(installed.groundswell, *command, "--database-url", url, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "configuration error --database-url: PostgreSQL needs the psycopg driver, not "
        "installed: install the PostgreSQL extra: pip install 'groundswell[postgres]' "
        "(from a checkout: pip install '.[postgres]')"
    ]
