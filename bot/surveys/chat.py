"""`/groundswell survey …` for programme leads, the same verbs as the CLI:

survey list | preview NAME | send-now NAME [--dry-run] | results NAME [--run ID]
"""

from __future__ import annotations

from bot.chat.commands import Invocation, Reply
from bot.surveys.results import render
from bot.surveys.service import SurveyService, UnknownSurvey
from bot.surveys.telling import tell_catalog, tell_run, tell_survey

USAGE = (
    "Usage: `survey list`, `survey preview NAME`, `survey send-now NAME [--dry-run]`, "
    "`survey results NAME [--run ID]`."
)
LIMIT = 3500  # one message; the CLI shows everything


class SurveyCommand:
    def __init__(self, service: SurveyService) -> None:
        self._service = service

    async def __call__(self, call: Invocation, rest: str) -> Reply:
        words = rest.split()
        verb = words[0].lower() if words else ""
        try:
            text = await self._answer(verb, words[1:])
        except UnknownSurvey as error:
            text = str(error)
        if len(text) > LIMIT:
            text = text[:LIMIT] + "\n… (the CLI shows all of it)"
        return Reply(text=text)

    async def _answer(self, verb: str, args: list[str]) -> str:
        if verb == "list":
            return tell_catalog(self._service.catalog)
        if not args:
            return USAGE
        name = args[0]
        if verb == "preview":
            return tell_survey(self._service.survey(name))
        if verb == "send-now":
            dry = "--dry-run" in args[1:]
            report = await self._service.send_now(name, dry_run=dry)
            return tell_run(report, dry_run=dry)
        if verb == "results":
            run_id = run_argument(args[1:])
            if run_id == -1:
                return "`--run` takes a run number, e.g. `--run 3`."
            results = await self._service.results(name, run_id=run_id)
            return render(results) if results else f"{name} has no run yet."
        return USAGE


def run_argument(args: list[str]) -> int | None:
    """The number after --run; None when absent, -1 when unusable."""
    if "--run" not in args:
        return None
    index = args.index("--run")
    value = args[index + 1] if index + 1 < len(args) else ""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else -1
