"""Survey files as an operator writes them: the shipped templates run with no file, a file
adds or changes surveys by name, and every mistake comes back as a line naming the file, the
line and the field — with nothing applied."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from bot.feedback.vocabulary import TIME_SAVED
from bot.surveys.catalog import Origin, SurveyCatalog
from bot.surveys.loading import load_surveys, parse_surveys
from bot.surveys.problems import SurveyProblems
from bot.surveys.questions import QuestionKind
from tests.bot.surveys.support import catalog, problems


def test_the_two_templates_are_live_with_no_file() -> None:
    shipped = load_surveys(None)
    assert isinstance(shipped, SurveyCatalog)
    assert [survey.name for survey in shipped.enabled()] == ["weekly-impact", "monthly-recommend"]

    weekly = shipped.get("weekly-impact")
    assert weekly is not None and not weekly.anonymous
    assert weekly.schedule.describe() == "every Wednesday"
    helped, what, saved = weekly.questions
    assert [choice.value for choice in helped.options()] == ["yes", "no", "not-used"]
    assert what.kind is QuestionKind.TEXT and what.show_if is not None
    assert what.show_if.values() == ("yes",)
    assert [choice.label for choice in saved.options()] == [b.label for b in TIME_SAVED]
    assert saved.show_if == what.show_if

    monthly = shipped.get("monthly-recommend")
    assert monthly is not None and monthly.anonymous
    assert monthly.schedule.describe() == "monthly, on the first Tuesday"
    score, why = monthly.questions
    assert [choice.value for choice in score.options()] == [str(n) for n in range(11)]
    assert why.kind is QuestionKind.TEXT and not why.required
    assert shipped.origin("monthly-recommend") is Origin.TEMPLATE


def test_the_documented_example_loads_and_is_package_data(tmp_path: Path) -> None:
    example = files("bot.surveys").joinpath("example.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "surveys.yaml"
    copy.write_text(example, encoding="utf-8")
    loaded = load_surveys(copy)
    assert isinstance(loaded, SurveyCatalog), str(loaded)
    assert [s.name for s in loaded.enabled()] == ["weekly-impact", "copilot-onboarding"]
    onboarding = loaded.get("copilot-onboarding")
    assert onboarding is not None
    assert onboarding.schedule.describe() == "every other Wednesday (from 2027-01-06)"
    assert onboarding.sample == 0.5 and onboarding.anonymous
    assert loaded.origin("copilot-onboarding") is Origin.FILE


def test_a_file_changes_only_the_fields_it_names_and_can_switch_a_template_off() -> None:
    loaded = catalog("""
        surveys:
          - name: weekly-impact
            window: {start: "09:00", end: "11:00", days: [tue, thu]}
          - name: monthly-recommend
            enabled: no
    """)
    weekly = loaded.get("weekly-impact")
    assert weekly is not None and weekly.window.describe() == "09:00–11:00 local, Tue, Thu"
    assert len(weekly.questions) == 3  # kept from the template
    assert loaded.origin("weekly-impact") is Origin.CHANGED
    assert [s.name for s in loaded.enabled()] == ["weekly-impact"]


def test_yaml_1_1_words_keep_their_meaning_for_people() -> None:
    """`on:` is a key, `yes` an answer and 10:00 a time — PyYAML's default reads True, True
    and 600."""
    loaded = catalog("""
        surveys:
          - name: check-in
            title: Check-in
            schedule: {every: week, on: friday}
            window: {start: 10:00, end: 12:30}
            questions:
              - {id: used, kind: yes_no, text: Used it}
              - {id: more, kind: text, text: Tell us more, show_if: {question: used, equals: yes}}
    """)
    check_in = loaded.get("check-in")
    assert check_in is not None
    assert check_in.schedule.on == "friday"
    assert check_in.window.describe() == "10:00–12:30 local, Mon, Tue, Wed, Thu, Fri"
    assert check_in.questions[1].show_if is not None
    assert check_in.questions[1].show_if.values() == ("yes",)


BAD_FILES = [
    (
        """\
        surveys:
          - name: pulse
            title: Pulse
            schedule: {every: week, on: wednesday}
            questions:
              - id: what
                kind: text
                text: What was it?
                show_if: {question: helped, equals: "yes"}
              - id: helped
                kind: yes_no
                text: Did it help?
        """,
        "surveys.yaml line 9, surveys[0].questions[0].show_if: refers to question 'helped'"
        " which comes later",
    ),
    (
        """\
        surveys:
          - name: pulse
            title: Pulse
            schedule: {every: 2 weeks, on: wednesday}
            questions: [{id: ok, kind: yes_no, text: OK}]
        """,
        "surveys.yaml line 4, surveys[0].schedule.anchor: is required with every: 2 weeks",
    ),
    (
        """\
        surveys:
          - name: pulse
            title: Pulse
            schedule:
              every: 2 weeks
              on: wednesday
              anchor: 2027-01-07
            questions: [{id: ok, kind: yes_no, text: OK}]
        """,
        "surveys.yaml line 7, surveys[0].schedule.anchor: 2027-01-07 is a Thursday, not a"
        " Wednesday",
    ),
    (
        'surveys:\n  - name: weekly-impact\n    schedule: "0 0 30 2 *"\n',
        "surveys.yaml line 3, surveys[0].schedule: cron '0 0 30 2 *' never matches a date",
    ),
    (
        "surveys:\n  - name: weekly-impact\n    schedule: {every: month, on: day 31}\n",
        "surveys.yaml line 3, surveys[0].schedule.on: 'day 31': day must be 1–28",
    ),
    (
        "surveys:\n  - name: weekly-impact\n    schedule: {every: fortnightly, on: mon}\n",
        "surveys.yaml line 3, surveys[0].schedule.every: 'fortnightly' is not a period",
    ),
    (
        "surveys:\n  - name: weekly-impact\n    sample: 1.5\n",
        "surveys.yaml line 3, surveys[0].sample: should be less than or equal to 1 (got 1.5)",
    ),
    (
        'surveys:\n  - name: weekly-impact\n    window: {start: "16:00", end: "10:00"}\n',
        "surveys.yaml line 3, surveys[0].window.end: must be at least 30 minutes after start",
    ),
    (
        "surveys:\n  - name: weekly-impact\n    window: {days: [mon, funday]}\n",
        "surveys.yaml line 3, surveys[0].window.days: 'funday' is not a weekday",
    ),
    (
        "surveys:\n  - name: weekly-impact\n    audience: [{team: x}]\n",
        "surveys.yaml line 3, surveys[0].audience[0].team: is not a field here",
    ),
    (
        "surveys:\n  - name: weekly-impact\n    remind_after_days: 5\n",
        "surveys.yaml line 3, surveys[0].remind_after_days: must be less than open_days (5)",
    ),
    (
        "surveys:\n  - name: Weekly Impact\n",
        "surveys.yaml line 2, surveys[0].name: must be lowercase letters, digits and dashes",
    ),
    (
        "surveys:\n  - name: weekly-impact\n    questions: [{id: q, kind: text}]\n",
        "surveys.yaml line 3, surveys[0].questions[0].text: is required",
    ),
    (
        "surveys:\n  - name: new-one\n    title: New\n",
        "surveys.yaml line 2, surveys[0].questions: is required",
    ),
    (
        "surveys:\n  - name: a\n  - name: a\n",
        "surveys.yaml line 3, surveys[1].name: 'a' is already surveys[0]",
    ),
    (
        "surveys:\n  - name: weekly-impact\n    title: A\n    title: B\n",
        "surveys.yaml line 4, surveys[0].title: is given twice (first on line 3)",
    ),
    ("survey:\n  - name: a\n", "surveys.yaml line 1, survey: the file holds one key, surveys:"),
    ("surveys: [\n", "surveys.yaml line 2: is not valid YAML"),
    (
        "surveys: !!python/object/apply:os.system [ls]\n",
        "surveys.yaml line 1, surveys: uses the tag !!python/object/apply:os.system",
    ),
    ("a: &a [*a]\n", "surveys.yaml line 1, a[0]: an alias refers to a value that contains it"),
    ("[" * 100 + "]" * 100, "surveys.yaml line 1: nests more than 40 levels deep"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_FILES)
def test_a_bad_file_names_the_line_and_the_field(text: str, expected: str) -> None:
    found = problems(text)
    assert any(line.startswith(expected) for line in found), found
    # Nothing else is reported, except the missing fields of a survey that is not a template.
    assert len(found) == 1 or all(line.endswith("is required") for line in found[1:]), found


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    found = problems("""
        surveys:
          - name: weekly-impact
            sample: 0
          - name: monthly-recommend
            open_days: 0
            window: {start: 10}
    """)
    assert [line.split(":")[0] for line in found] == [
        "surveys.yaml line 4, surveys[0].sample",
        "surveys.yaml line 6, surveys[1].open_days",
        "surveys.yaml line 7, surveys[1].window.start",
    ]


def test_alias_expansion_is_capped() -> None:
    """Ten aliases to ten aliases, six deep, would be a million values ("billion laughs")."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]" for n in range(1, 7)]
    found = problems("\n".join(lines))
    assert any("has more than 50000 values (aliases counted)" in line for line in found), found


def test_reading_the_file_fails_with_its_name(tmp_path: Path) -> None:
    missing = load_surveys(tmp_path / "nope.yaml")
    assert isinstance(missing, SurveyProblems)
    assert missing.lines() == [
        f"{tmp_path / 'nope.yaml'}: cannot be read (No such file or directory)"
    ]
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"surveys: \xff\xfe\n")
    refused = load_surveys(binary)
    assert isinstance(refused, SurveyProblems)
    assert refused.lines() == [f"{binary}: is not UTF-8 text"]


def test_an_empty_file_means_the_templates_alone() -> None:
    for text in ("", "# nothing yet\n", "surveys:\n", "surveys: []\n"):
        loaded = parse_surveys(text)
        assert isinstance(loaded, SurveyCatalog)
        assert [s.name for s in loaded.surveys] == ["weekly-impact", "monthly-recommend"]
