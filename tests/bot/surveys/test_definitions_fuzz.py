"""A surveys file is outside input: whatever it holds, loading gives a catalog or problem
lines naming real lines of the file — never an exception."""

from __future__ import annotations

import re
from importlib.resources import files

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.surveys.catalog import SurveyCatalog
from bot.surveys.loading import parse_surveys
from bot.surveys.problems import SurveyProblems

EXAMPLE = files("bot.surveys").joinpath("example.yaml").read_text(encoding="utf-8")
EXAMPLE_LINES = EXAMPLE.splitlines()

KEYS = ["surveys", "name", "title", "questions", "schedule", "every", "on", "anchor", "cron",
        "window", "start", "end", "days", "audience", "channel", "department", "sample",
        "open_days", "remind_after_days", "enabled", "anonymous", "id", "kind", "text",
        "required", "choices", "show_if", "question", "equals", "in", "value", "label",
        "max_length", "low_label", "high_label", "intro", "everyone"]
WORDS = ["weekly-impact", "monthly-recommend", "week", "2 weeks", "month", "wednesday",
         "first tuesday", "day 1", "last day", "0 9 * * 3", "10:00", "16:00", "yes", "no",
         "yes_no", "choice", "scale", "text", "time_saved", "everyone", "2027-01-06", "mon"]
scalars = (st.none() | st.booleans() | st.integers(-5, 40) | st.floats(allow_nan=True)
           | st.sampled_from(WORDS) | st.text(max_size=12))
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5),
    max_leaves=30,
)


def assert_catalog_or_located_problems(text: str) -> SurveyCatalog | SurveyProblems:
    result = parse_surveys(text, source="surveys.yaml")
    if isinstance(result, SurveyProblems):
        assert result.problems
        # The line breaks YAML counts (PyYAML's marks): \r\n, \r, \n, NEL, LS and PS.
        line_count = len(re.findall("\r\n|[\r\n\x85\u2028\u2029]", text)) + 1
        for problem in result.problems:
            assert problem.line is None or 1 <= problem.line <= line_count, problem
            assert problem.message
        assert all(line.startswith("surveys.yaml") for line in result.lines())
    else:
        assert isinstance(result, SurveyCatalog)
    return result


@given(st.text(max_size=400))
def test_any_text_gives_a_catalog_or_problems(text: str) -> None:
    assert_catalog_or_located_problems(text)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({"surveys": st.lists(documents, max_size=3)}) | documents)
def test_any_yaml_structure_gives_a_catalog_or_problems(document: object) -> None:
    assert_catalog_or_located_problems(yaml.safe_dump(document, allow_unicode=True))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_example_with_a_line_changed_gives_a_catalog_or_problems(data: st.DataObject) -> None:
    lines = list(EXAMPLE_LINES)
    index = data.draw(st.integers(0, len(lines) - 1))
    action = data.draw(st.sampled_from(["drop", "replace-value", "indent", "duplicate"]))
    if action == "drop":
        del lines[index]
    elif action == "replace-value" and ":" in lines[index]:
        key = lines[index].split(":", 1)[0]
        value = data.draw(st.sampled_from(WORDS) | st.text(max_size=10).map(repr))
        lines[index] = f"{key}: {value}"
    elif action == "indent":
        lines[index] = "  " + lines[index]
    else:
        lines.insert(index, lines[index])
    assert_catalog_or_located_problems("\n".join(lines) + "\n")


def test_the_example_itself_is_accepted() -> None:
    assert isinstance(assert_catalog_or_located_problems(EXAMPLE), SurveyCatalog)
