"""Surveys told as plain text: the catalog, one survey's questions, what a run did or would
do. The CLI and the `/groundswell survey …` chat command print the same words."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.records import PersonRef
from bot.surveys.catalog import SurveyCatalog
from bot.surveys.definition import SurveyDefinition
from bot.surveys.engine import RunReport
from bot.surveys.questions import QuestionKind

LISTED_PEOPLE = 200  # a dry run of a big audience lists this many, then counts the rest


def tell_catalog(catalog: SurveyCatalog) -> str:
    lines = []
    for entry in catalog.entries:
        survey = entry.definition
        state = "on" if survey.enabled else "off"
        lines.append(f"{survey.name} ({state}, {entry.origin.value}): {survey.title}")
        lines.append(f"  {survey.describe()}")
    return "\n".join(lines)


def tell_survey(survey: SurveyDefinition) -> str:
    privacy = "anonymous" if survey.anonymous else "attributed (answers carry the name)"
    lines = [f"{survey.title}  [{survey.name}, {privacy}]", survey.describe()]
    if survey.intro:
        lines.append(survey.intro)
    for number, question in enumerate(survey.questions, start=1):
        optional = "" if question.required else " (optional)"
        lines.append(f"{number}. {question.text}{optional}")
        if question.show_if is not None:
            wanted = " or ".join(question.show_if.values())
            lines.append(f"   only if {question.show_if.question} is {wanted}")
        if question.kind is QuestionKind.TEXT:
            lines.append("   free text")
        else:
            lines.append("   " + " · ".join(choice.label for choice in question.options()))
    return "\n".join(lines)


def who(person: PersonRef) -> str:
    return f"{person.platform.value}:{person.user_id}"


def tell_run(report: RunReport, *, dry_run: bool, zone: ZoneInfo | None = None) -> str:
    if report.already_started:
        return f"{report.survey}: the run of {report.run_date} was started already."
    verb = "would ask" if dry_run else "asked"
    lines = [f"{report.survey} run of {report.run_date}: {verb} {len(report.asked)} people"]
    for person, at in sorted(report.asked, key=lambda pair: pair[1])[:LISTED_PEOPLE]:
        shown = at.astimezone(zone) if zone else at
        lines.append(f"  {who(person)} at {shown:%Y-%m-%d %H:%M %Z}")
    if len(report.asked) > LISTED_PEOPLE:
        lines.append(f"  … and {len(report.asked) - LISTED_PEOPLE} more")
    counts = report.skip_counts()
    if counts:
        lines.append("skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        for person, reason in report.skipped[:LISTED_PEOPLE]:
            lines.append(f"  {who(person)}: {reason.value}")
    if not dry_run:
        lines.append("Each person is asked in their own window; nothing more to do.")
    return "\n".join(lines)
