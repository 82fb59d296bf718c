"""Reading GROUNDSWELL_SURVEYS_FILE into a SurveyCatalog, or every problem in it at once.

The shipped templates (templates.yaml) come first. An entry of the file whose name is a
template's replaces the fields it gives and keeps the rest, so `{name: weekly-impact,
enabled: false}` switches the weekly pulse off and `{name: weekly-impact, window: {...}}`
moves it. Any other entry is a new survey and must be complete. One bad entry rejects the
whole file: `groundswell check` and `serve` print the problems and change nothing.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.surveys.catalog import CatalogEntry, Origin, SurveyCatalog
from bot.surveys.definition import SurveyDefinition
from bot.surveys.explain import explain, locate, meaningful
from bot.surveys.problems import Problem, SurveyProblems
from bot.surveys.rules import DEFER
from bot.surveys.yamlfile import Located, read_yaml

TEMPLATES = "templates.yaml"


def load_surveys(path: Path | None) -> SurveyCatalog | SurveyProblems:
    """The catalog for a surveys file, or the templates alone when no file is configured."""
    if path is None:
        return parse_surveys("", source="(no surveys file)")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        return refuse(str(path), f"cannot be read ({error.strerror or type(error).__name__})")
    except UnicodeDecodeError:
        return refuse(str(path), "is not UTF-8 text")
    return parse_surveys(text, source=str(path))


def parse_surveys(text: str, *, source: str = "surveys.yaml") -> SurveyCatalog | SurveyProblems:
    located = read_yaml(text)
    if not isinstance(located, Located):
        return SurveyProblems(source, tuple(located))
    entries, refused = read_entries(located)
    if refused:
        return SurveyProblems(source, tuple(refused))
    templates = {entry["name"]: entry for entry in template_entries()}
    catalog: dict[str, CatalogEntry] = {}
    problems: list[Problem] = []
    for name, raw in templates.items():
        catalog[name] = CatalogEntry(definition=build(raw), origin=Origin.TEMPLATE)
    for index, entry in enumerate(entries):
        name = entry.get("name")
        changed = isinstance(name, str) and name in templates
        raw = {**templates[name], **entry} if changed else entry
        built = validate(raw, ("surveys", index), located)
        if isinstance(built, list):
            problems += built
            continue
        origin = Origin.CHANGED if changed else Origin.FILE
        catalog[built.name] = CatalogEntry(definition=built, origin=origin)
    if problems:
        return SurveyProblems(source, tuple(problems))
    return SurveyCatalog(entries=tuple(catalog.values()))


def read_entries(located: Located) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The file is `surveys:` and a list of mappings with distinct names (or empty)."""
    data = located.data
    if data is None:
        return [], []
    shape = "the file holds one key, surveys:, with a list of surveys"
    if not isinstance(data, dict):
        return [], [Problem(located.line_of(()), (), shape)]
    for key in data:
        if key != "surveys":
            return [], [Problem(located.line_of((key,)), (key,), shape)]
    entries = data.get("surveys") or []
    if not isinstance(entries, list):
        return [], [Problem(located.line_of(("surveys",)), ("surveys",), "must be a list")]
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        path = ("surveys", index)
        if not isinstance(entry, dict):
            problems.append(Problem(located.line_of(path), path, "must be a mapping (name:, …)"))
            continue
        name = entry.get("name")
        if isinstance(name, str) and name in seen:
            problems.append(
                Problem(
                    located.line_of((*path, "name")),
                    (*path, "name"),
                    f"{name!r} is already surveys[{seen[name]}]",
                )
            )
        elif isinstance(name, str):
            seen[name] = index
    return entries, problems


def validate(
    raw: dict[str, Any], prefix: tuple[str | int, ...], located: Located
) -> SurveyDefinition | list[Problem]:
    try:
        survey = SurveyDefinition.model_validate(raw, context={DEFER: True})
    except ValidationError as error:
        problems = []
        for item in meaningful(error.errors()):
            path = (*prefix, *locate(item, raw))
            problems.append(Problem(located.line_of(path), path, explain(item)))
        return problems
    return [
        Problem(located.line_of((*prefix, *path)), (*prefix, *path), text)
        for path, text in survey.findings()
    ] or survey


def template_entries() -> list[dict[str, Any]]:
    """The shipped templates as raw mappings; a broken template is our bug, so it raises."""
    text = files("bot.surveys").joinpath(TEMPLATES).read_text(encoding="utf-8")
    located = read_yaml(text)
    if not isinstance(located, Located):
        raise RuntimeError(str(SurveyProblems(TEMPLATES, tuple(located))))
    entries: list[dict[str, Any]] = located.data["surveys"]
    return entries


def build(raw: dict[str, Any]) -> SurveyDefinition:
    return SurveyDefinition.model_validate(raw)


def refuse(source: str, message: str) -> SurveyProblems:
    return SurveyProblems(source, (Problem(None, (), message),))
