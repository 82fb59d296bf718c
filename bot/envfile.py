"""The optional .env file, checked before it is read.

python-dotenv skips a line it cannot parse with a warning, so a setting on it is silently
not applied, and a file that is not UTF-8 stops it with a traceback. Both become one line
naming the file and the line; the line's text is never printed, since it may hold a secret.
"""

from __future__ import annotations

import io
from pathlib import Path

from dotenv.parser import parse_stream

# A bare NAME with no "=" is valid dotenv syntax (a variable without a value), but for one of
# ours it is a slip: the setting would be ignored. Other programs' lines are left alone.
OUR_PREFIXES = ("GROUNDSWELL_", "SLACK_", "MICROSOFT_")


def check_env_file(path: Path | None) -> list[str]:
    """One problem per unreadable line of `path`; nothing when the file is absent."""
    if path is None or not path.is_file():
        return []
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return [f"{path}: is not UTF-8 text (at byte {error.start + 1}); save it as UTF-8"]
    except OSError as error:
        return [f"{path}: cannot be read: {error.strerror or type(error).__name__}"]
    problems = []
    for binding in parse_stream(io.StringIO(text)):
        # A statement's text starts with the blank lines before it; count from its first word.
        statement = binding.original.string
        line = binding.original.line + statement[: len(statement) - len(statement.lstrip())].count(
            "\n"
        )
        if binding.error:
            problems.append(f"{path} line {line}: cannot be read as NAME=value")
        elif binding.key and binding.value is None and binding.key.startswith(OUR_PREFIXES):
            problems.append(
                f"{path} line {line}: {binding.key} has no '=' and no value; "
                f"write {binding.key}=value, or remove the line"
            )
    return problems
