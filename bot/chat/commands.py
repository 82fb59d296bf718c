"""The chat commands shared by Slack's `/groundswell` and Teams' 1:1 chat.

Adapters pass the text after the command name; the handler answers with a `Reply` intent
that each adapter renders (ephemeral text, buttons, a JSON file in a DM).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.advocacy.wins import WinReport, WinService, describe_minutes
from bot.chat.messenger import Attachment, Choice, open_form_choice
from bot.errors import PersonForgotten
from bot.feedback.prompts import SHARE_WIN
from bot.feedback.service import FeedbackService
from bot.people.service import PeopleService
from bot.records import FeedbackEvent, FeedbackSource, Frozen, PersonRef, Platform

FORGET_CONFIRM = "forget_me_confirm"
FORGET_CANCEL = "forget_me_cancel"

ALIASES = {
    "forget me": "forget-me",
    "forgetme": "forget-me",
    "forget": "forget-me",
    "export me": "export-me",
    "exportme": "export-me",
    "export": "export-me",
    "opt-out": "optout",
    "opt out": "optout",
    "opt-in": "optin",
    "opt in": "optin",
    "step down": "step-down",
    "stepdown": "step-down",
    "?": "help",
    "": "help",
}
LEAD_VERBS = frozenset({"report", "advocates", "survey"})
MAX_TEXT = 3000

HELP = """*Groundswell* helps your team show what the AI assistant is really worth.
• `win <what it helped you do>` — share a real win (e.g. _saved 2 hours on reconciliations_)
• `feedback <text>` — tell the programme team anything about the assistant
• `optout` / `optin` — stop or restart surveys, nudges and follow-ups
• `questions off` / `questions on` — stop or allow the AI team's questions about your feedback
• `export-me` — get a file with everything stored about you (and why, if you were
  proposed as an advocate)
• `step-down` — stop being a champion of the assistant
• `forget-me` — erase everything stored about you
• `help` — this list"""


class Reply(Frozen):
    """What the person sees: privately by default; `to_dm` when it belongs in their DM."""

    text: str
    choices: tuple[Choice, ...] = ()
    attachment: Attachment | None = None
    to_dm: bool = False


@dataclass(frozen=True)
class Invocation:
    """One use of a command: who, what they typed, the platform's id for it, and when."""

    person: PersonRef
    text: str
    key: str
    at: datetime


def split_command(text: str) -> tuple[str, str]:
    """("win", "saved 2 hours") from "Win saved 2 hours"; two-word verbs like "forget me" too."""
    cleaned = " ".join(text.strip().split())
    lowered = cleaned.lower()
    for phrase, verb in ALIASES.items():
        if phrase and " " in phrase and (lowered == phrase or lowered.startswith(phrase + " ")):
            return verb, cleaned[len(phrase) :].strip()
    head, _, rest = cleaned.partition(" ")
    verb = head.lower()
    return ALIASES.get(verb, verb), rest.strip()


VerbHandler = Callable[["Invocation", str], Awaitable[Reply]]
LeadCommand = VerbHandler


class CommandHandler:
    def __init__(self, people: PeopleService, wins: WinService, feedback: FeedbackService) -> None:
        self._people = people
        self._wins = wins
        self._feedback = feedback
        self._features: dict[str, VerbHandler] = {}
        # `report` for leads (bot/reports/command.py), set where the digest is built.
        self.report: Callable[[str, Platform], Awaitable[Reply]] | None = None

    def on(self, verb: str, handler: VerbHandler) -> None:
        """Let a feature own a verb (advocates: `advocates`, `step-down`; follow-up questions:
        `ask`, `questions`); a verb in LEAD_VERBS still reaches it only from a configured lead."""
        self._features[verb] = handler

    def on_lead(self, verb: str, handler: LeadCommand) -> None:
        """A feature owns a lead-only verb (`survey`, `report`, `advocates`)."""
        self.on(verb, handler)

    async def handle(self, call: Invocation) -> Reply:
        verb, rest = split_command(call.text)
        if verb == "report" and self.report is not None and self._people.is_lead(call.person):
            return await self.report(rest, call.person.platform)
        feature = self._features.get(verb)
        if verb in LEAD_VERBS:
            if feature is not None and self._people.is_lead(call.person):
                return await feature(call, rest)
            return self._lead_only(call.person, verb)
        handler = feature or {
            "win": self._win,
            "feedback": self._free_text,
            "optout": self._opt_out,
            "optin": self._opt_in,
            "forget-me": self._ask_forget,
            "export-me": self._export,
            "help": self._help,
        }.get(verb)
        if handler is None:
            return Reply(text=f"I don't know `{verb[:40]}`.\n\n{HELP}")
        return await handler(call, rest)

    def _lead_only(self, person: PersonRef, verb: str) -> Reply:
        if not self._people.is_lead(person):
            return Reply(
                text=f"Sorry, `{verb}` is for programme leads. If you think you should "
                "have it, ask your Groundswell admin to add you to GROUNDSWELL_LEADS."
            )
        return Reply(text=f"`{verb}` is not available in this version of Groundswell yet.")

    async def _help(self, call: Invocation, rest: str) -> Reply:
        return Reply(text=HELP)

    async def _win(self, call: Invocation, rest: str) -> Reply:
        if not rest:
            return Reply(
                text="Tell me what the assistant helped you get done, e.g. "
                "`win got the board pack out a day early`.",
                choices=(open_form_choice("Share a win", SHARE_WIN),),
            )
        try:
            await self._wins.record(
                WinReport(
                    key=call.key,
                    person=call.person,
                    text=rest[:MAX_TEXT],
                    source=FeedbackSource.COMMAND,
                    occurred_at=call.at,
                    shareable=True,
                )
            )
        except PersonForgotten:
            return forgotten_reply()
        saved = await self._wins.list_for(call.person, limit=1)
        minutes = describe_minutes(saved[0].minutes_saved) if saved else ""
        extra = f" That's about {minutes} saved." if minutes else ""
        return Reply(
            text=f"Thanks! Your win is recorded.{extra} Wins like this are how the "
            "programme team learns what the assistant is really good for."
        )

    async def _free_text(self, call: Invocation, rest: str) -> Reply:
        if not rest:
            return Reply(
                text="Add what you want to tell us, e.g. "
                "`feedback it keeps citing last year's policy`."
            )
        try:
            await self._feedback.record(
                FeedbackEvent(
                    key=call.key,
                    person=call.person,
                    comment=rest[:4000],
                    source=FeedbackSource.COMMAND,
                    occurred_at=call.at,
                )
            )
        except PersonForgotten:
            return forgotten_reply()
        return Reply(text="Thanks, your feedback is with the programme team.")

    async def _opt_out(self, call: Invocation, rest: str) -> Reply:
        await self._people.opt_out(call.person)
        return Reply(
            text="Done: no more surveys, nudges or follow-ups. Your 👍/👎 still count "
            "as ratings. `optin` undoes this; `forget-me` erases what you said."
        )

    async def _opt_in(self, call: Invocation, rest: str) -> Reply:
        await self._people.opt_in(call.person)
        return Reply(text="Welcome back: you will get the occasional survey and follow-up again.")

    async def _ask_forget(self, call: Invocation, rest: str) -> Reply:
        return Reply(
            text="This erases everything Groundswell stores about you: ratings, comments, wins "
            "and survey answers. It cannot be undone. Continue?",
            choices=(
                Choice(label="Erase everything", action=FORGET_CONFIRM, primary=True),
                Choice(label="Cancel", action=FORGET_CANCEL),
            ),
        )

    async def confirm_forget(self, person: PersonRef) -> Reply:
        await self._people.forget(person)
        exported = self._people.forget_exports_note()
        return Reply(
            text="Done: everything Groundswell stored about you is erased, and it will "
            "ignore your reactions from now on. `optin` starts afresh."
            + (f" {exported}" if exported else "")
        )

    async def _export(self, call: Invocation, rest: str) -> Reply:
        content = await self._people.export(call.person)
        return Reply(
            text="Here is everything Groundswell stores about you.",
            to_dm=True,
            attachment=Attachment(filename="groundswell-export.json", content=content),
        )


def forgotten_reply() -> Reply:
    return Reply(
        text="You asked Groundswell to forget you, so this was not stored. `optin` starts afresh."
    )
