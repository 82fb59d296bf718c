"""`groundswell wins classify` as an operator runs it: a real process, JSON lines in and out."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from adapters.cli.wins import BadLine, Item, read_line
from tests.fakes.openai_compatible import FakeOpenAI

GROUNDSWELL = str(Path(sys.executable).with_name("groundswell"))
TEXTS = [
    "saved me ~2h on the FX reval today",
    "love it!!",
    "board pack out a day early thanks to the bot",
    "could save hours if it could read our ERP exports",
    "in 20 minutes instead of half a day, the assistant drafted the variance commentary",
    "it hallucinated a clause that isn't in the contract",
]


def env(**extra: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("GROUNDSWELL_", "SLACK_"))}
    return {**kept, **extra}


def classify(
    *args: str, stdin: str, cwd: Path, **variables: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GROUNDSWELL, "wins", "classify", *args], input=stdin, capture_output=True, text=True,
        cwd=cwd, env=env(**variables), timeout=120, check=False,
    )  # fmt: skip


def lines_of(count: int) -> list[str]:
    return [json.dumps({"id": f"t{n}", "text": TEXTS[n % len(TEXTS)]}) for n in range(count)]


def test_a_few_hundred_lines_come_back_in_order_with_bad_lines_named(tmp_path: Path) -> None:
    lines = lines_of(300)
    lines[9] = "this is not json"
    lines[99] = json.dumps({"text": "no id here"})
    lines[149] = json.dumps({"id": "t149", "text": 42})
    lines[199] = json.dumps({"id": "t199", "text": "ok", "context": "sideways"})
    lines.insert(250, "")  # a blank line is skipped, but still counted as line 251

    done = classify(stdin="\n".join(lines) + "\n", cwd=tmp_path)

    assert done.returncode == 0
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 300
    assert out[9] == {"line": 10, "error": "not JSON"}
    assert out[99] == {"line": 100, "error": "missing id"}
    assert out[149] == {"line": 150, "error": "text must be a string", "id": "t149"}
    assert out[199]["line"] == 200 and out[199]["error"].startswith("context must be one of")
    good = [row for row in out if "error" not in row]
    assert [row["id"] for row in good] == [
        f"t{n}" for n in range(300) if n not in (9, 99, 149, 199)
    ]
    assert set(good[0]) == {
        "id", "is_win", "confidence", "time_saved_minutes", "time_saved_per", "evidence",
    }  # fmt: skip
    by_text = {TEXTS[int(row["id"][1:]) % len(TEXTS)]: row for row in good}
    assert by_text[TEXTS[0]]["is_win"] and by_text[TEXTS[0]]["time_saved_minutes"] == 120
    assert by_text[TEXTS[4]]["is_win"] and by_text[TEXTS[4]]["time_saved_minutes"] == 220
    assert not any(by_text[TEXTS[n]]["is_win"] for n in (1, 3, 5))
    evidence = by_text[TEXTS[2]]["evidence"]
    assert TEXTS[2][evidence["start"] : evidence["end"]] == evidence["text"]
    assert "classified 296 lines; 4 bad lines" in done.stderr


def test_input_file_and_strict_mode(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([*lines_of(5), "[1, 2]"]) + "\n", encoding="utf-8")

    relaxed = classify("--input", str(source), stdin="", cwd=tmp_path)
    strict = classify("--input", str(source), "--strict", stdin="", cwd=tmp_path)
    missing = classify("--input", str(tmp_path / "nope.jsonl"), stdin="", cwd=tmp_path)

    assert relaxed.returncode == 0 and strict.returncode == 1
    assert relaxed.stdout == strict.stdout and len(relaxed.stdout.splitlines()) == 6
    assert json.loads(relaxed.stdout.splitlines()[5])["error"].startswith("not a JSON object")
    assert missing.returncode == 2 and "--input" in missing.stderr and not missing.stdout


def test_llm_without_configuration_names_the_setting(tmp_path: Path) -> None:
    done = classify("--llm", stdin="\n".join(lines_of(3)), cwd=tmp_path)

    assert done.returncode == 2 and not done.stdout
    assert "GROUNDSWELL_LLM_URL" in done.stderr


async def test_llm_answers_in_order_and_the_rules_stand_in_when_it_fails(tmp_path: Path) -> None:
    async with FakeOpenAI() as fake:
        fake.next_status(500)  # the first request fails; that line is judged by the rules
        process = await asyncio.create_subprocess_exec(
            GROUNDSWELL, "wins", "classify", "--llm", cwd=tmp_path,
            env=env(GROUNDSWELL_LLM_URL=fake.url, GROUNDSWELL_LLM_MODEL="judge-1",
                    GROUNDSWELL_LLM_MAX_CONCURRENCY="1"),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        stdout, stderr = await process.communicate(("\n".join(lines_of(12)) + "\n").encode())

    assert process.returncode == 0
    out = [json.loads(line) for line in stdout.decode().splitlines()]
    assert [row["id"] for row in out] == [f"t{n}" for n in range(12)]
    # The fake calls "saved" a win; the rules judged the first line and agree.
    assert [row["is_win"] for row in out] == ["saved" in TEXTS[n % 6] for n in range(12)]
    assert out[0]["time_saved_minutes"] == 120
    assert sorted(request.message for request in fake.requests) == sorted(
        TEXTS[n % 6] for n in range(12)
    )
    assert "model answered 11, rules stood in for 1 (http_5xx: 1)" in stderr.decode()


def test_a_progress_bar_shows_on_a_terminal_only(tmp_path: Path) -> None:
    stdin = "\n".join(lines_of(1500)) + "\n"
    piped = classify(stdin=stdin, cwd=tmp_path)
    assert piped.stderr.strip() == "classified 1,500 lines"

    leader, follower = pty.openpty()
    with subprocess.Popen(
        [GROUNDSWELL, "wins", "classify"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=follower, cwd=tmp_path, env=env(COLUMNS="100", TERM="xterm"),
    ) as process:  # fmt: skip
        os.close(follower)
        stdout, _ = process.communicate(stdin.encode(), timeout=120)
    terminal = _drain(leader)

    assert process.returncode == 0 and len(stdout.splitlines()) == 1500
    assert "classifying" in terminal and "classified 1,500 lines" in terminal


def _drain(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the other side closed: Linux reports EIO
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode(errors="replace")


ids = st.one_of(st.text(max_size=20), st.integers())


@given(st.binary(max_size=200))
def test_any_line_is_read_or_named_never_raised(raw: bytes) -> None:
    result = read_line(raw, 7)
    assert result is None or isinstance(result, Item | BadLine)
    if isinstance(result, BadLine):
        assert result.line == 7 and result.error


@given(ids, st.text(max_size=200), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))
def test_a_valid_line_keeps_its_id_and_text(
    given_id: Any, text: str, extra: dict[str, int]
) -> None:
    value = {**extra, "id": given_id, "text": text}
    result = read_line(json.dumps(value).encode(), 1)
    if "context" in extra:
        assert isinstance(result, BadLine) and result.id == given_id
        return
    assert isinstance(result, Item) and (result.id, result.text) == (given_id, text)
