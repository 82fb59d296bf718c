"""A surveys file is outside input: whatever it holds, loading gives a catalog or problem
lines naming real lines of the file — never an exception."""

from __future__ import annotations

import re
from datetime import date, timedelta
from importlib.resources import files

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.surveys.catalog import SurveyCatalog
from bot.surveys.definition import SurveyDefinition
from bot.surveys.loading import parse_surveys
from bot.surveys.problems import SurveyProblems

EXAMPLE = files("bot.surveys").joinpath("example.yaml").read_text(encoding="utf-8")
EXAMPLE_LINES = EXAMPLE.splitlines()

KEYS = [
    "surveys",
    "name",
    "title",
    "questions",
    "schedule",
    "every",
    "on",
    "anchor",
    "cron",
    "window",
    "start",
    "end",
    "days",
    "audience",
    "channel",
    "department",
    "sample",
    "open_days",
    "remind_after_days",
    "enabled",
    "anonymous",
    "id",
    "kind",
    "text",
    "required",
    "choices",
    "show_if",
    "question",
    "equals",
    "in",
    "value",
    "label",
    "max_length",
    "low_label",
    "high_label",
    "intro",
    "everyone",
]
WORDS = [
    "weekly-impact",
    "monthly-recommend",
    "week",
    "2 weeks",
    "month",
    "wednesday",
    "first tuesday",
    "day 1",
    "last day",
    "0 9 * * 3",
    "10:00",
    "16:00",
    "yes",
    "no",
    "yes_no",
    "choice",
    "scale",
    "text",
    "time_saved",
    "everyone",
    "2027-01-06",
    "mon",
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-5, 40)
    | st.floats(allow_nan=True)
    | st.sampled_from(WORDS)
    | st.text(max_size=12)
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5)
    ),
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


# Text as a person types it: no control or line-separator characters (PyYAML's dumper folds
# NEL and LS into spaces), and nothing YAML 1.2 reads as a number though YAML 1.1 does not
# ("1e5", "-.5": PyYAML's 1.1 dumper leaves them unquoted; a person would quote them too).
NUMBER_1_2 = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
typed = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() and not NUMBER_1_2.fullmatch(text))


def valid_question(
    index: int, earlier: list[dict[str, object]], draw: st.DrawFn
) -> dict[str, object]:
    kind = draw(st.sampled_from(["yes_no", "choice", "scale", "text"]))
    question: dict[str, object] = {
        "id": f"q{index}",
        "kind": kind,
        "text": draw(typed),
        "required": draw(st.booleans()),
    }
    if kind == "choice":
        question["choices"] = draw(
            st.sampled_from(["time_saved"])
            | st.lists(
                st.text(alphabet="abcdefgh", min_size=1, max_size=5),
                min_size=2,
                max_size=10,
                unique=True,
            )
        )
    answerable = [q for q in earlier if q["kind"] != "text"]
    if answerable and draw(st.booleans()):
        target = draw(st.sampled_from(answerable))
        values = {"yes_no": ["yes", "no"], "scale": [str(n) for n in range(11)]}.get(
            str(target["kind"])
        )
        if values is None:
            choices = target["choices"]
            values = (
                ["under_15m", "15_60m", "1_3h", "over_3h"]
                if choices == "time_saved"
                else list(choices)
            )  # type: ignore[call-overload]
        question["show_if"] = {
            "question": target["id"],
            "in": draw(st.lists(st.sampled_from(values), min_size=1)),
        }
    return question


@st.composite
def valid_surveys(draw: st.DrawFn) -> dict[str, object]:
    questions: list[dict[str, object]] = []
    for index in range(draw(st.integers(1, 6))):
        questions.append(valid_question(index, questions, draw))
    weekday = draw(st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday"]))
    weeks = draw(st.integers(2, 8))
    anchor = date(2027, 1, 4) + timedelta(
        days=["monday", "tuesday", "wednesday", "thursday", "friday"].index(weekday)
    )
    schedule = draw(
        st.sampled_from(
            [
                {"every": "week", "on": weekday},
                {"every": f"{weeks} weeks", "on": weekday, "anchor": anchor},
                {"every": "month", "on": f"last {weekday}"},
                f"0 9 * * {weekday[:3]}",
            ]
        )
    )
    start = draw(st.integers(0, 20))
    open_days = draw(st.integers(1, 30))
    return {
        "name": "s-" + draw(st.from_regex(r"[a-z0-9-]{0,10}", fullmatch=True)),
        "title": draw(typed),
        "anonymous": draw(st.booleans()),
        "schedule": schedule,
        "window": {
            "start": f"{start:02d}:00",
            "end": f"{start + draw(st.integers(1, 3)):02d}:00",
            "days": draw(st.sets(st.sampled_from(["mon", "tue", "sat"]), min_size=1).map(sorted)),
        },
        "audience": draw(
            st.sampled_from(
                [
                    "everyone",
                    {"department": "Finance"},
                    [{"channel": "C1"}, {"department": "Legal"}],
                ]
            )
        ),
        "sample": draw(st.floats(0.01, 1)),
        "open_days": open_days,
        "remind_after_days": draw(st.none() | st.integers(1, 29).filter(lambda d: d < open_days)),
        "questions": questions,
    }


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(valid_surveys())
def test_any_valid_survey_written_as_yaml_reads_back_the_same(survey: dict[str, object]) -> None:
    text = yaml.safe_dump({"surveys": [survey]}, allow_unicode=True, sort_keys=False)
    loaded = assert_catalog_or_located_problems(text)
    assert isinstance(loaded, SurveyCatalog), str(loaded)
    assert loaded.get(str(survey["name"])) == SurveyDefinition.model_validate(survey)
