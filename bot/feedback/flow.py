"""The one feedback flow: a rating is recorded, a follow-up is decided, the prompt goes out,
and the answer to the prompt is stored. Slack, Teams and the API all come through here, so
they ask the same questions, under the same limits, in the same words.

Adapters translate a platform event into a `FeedbackEvent` and hand over their `Messenger`;
they never decide whether to follow up.
"""

from __future__ import annotations

from datetime import datetime

from bot.advocacy.wins import WinReport, WinService
from bot.chat.answers import Answer, AnswerRouter
from bot.chat.commands import Reply
from bot.chat.forms import FormCatalog, check_values, clean_values
from bot.errors import PersonForgotten
from bot.feedback import prompts
from bot.feedback.outputs import OutputService
from bot.feedback.service import FeedbackService
from bot.feedback.vocabulary import TIME_SAVED_BY_KEY
from bot.outreach.followups import FollowupPolicy
from bot.outreach.outbox import Outreach
from bot.records import FeedbackEvent, FeedbackSource, PersonRef, Place, Rating, Recorded


class FeedbackFlow:
    def __init__(
        self,
        *,
        feedback: FeedbackService,
        outputs: OutputService,
        wins: WinService,
        followups: FollowupPolicy,
        outreach: Outreach,
        forms: FormCatalog,
        answers: AnswerRouter,
    ) -> None:
        self._feedback = feedback
        self._outputs = outputs
        self._wins = wins
        self._followups = followups
        self._outreach = outreach
        forms.add(prompts.WHAT_WENT_WRONG, prompts.what_went_wrong_form)
        forms.add(prompts.SHARE_WIN, prompts.share_win_form)
        self._forms = forms
        answers.on(prompts.FOLLOWUP_SUBMIT, self.submit_what_went_wrong)
        answers.on(prompts.WIN_SUBMIT, self.submit_win)

    async def rate(
        self, event: FeedbackEvent, *, place: Place | None = None, asked: bool = False
    ) -> Recorded | None:
        """Record the rating, then follow up at most once; None if the person was forgotten.

        `place` is where the person rated (the prompt shows there, privately); without one
        the prompt goes to their 1:1 chat. `asked` says the platform's own UI already asked
        what went wrong (Teams' feedback form), so we do not ask again.
        """
        try:
            recorded = await self._feedback.record(event)
        except PersonForgotten:
            return None
        # Tried even when the event is a repeat: a crash between storing the rating and
        # deciding the follow-up must not lose the prompt, and deciding is once-only.
        item_id = await self._decide(event, place, asked=asked)
        if item_id is not None:
            await self._outreach.send_now(item_id)
        return recorded

    async def retract(
        self,
        *,
        person: PersonRef,
        output_id: int,
        rating: Rating,
        source: FeedbackSource,
        at: datetime,
    ) -> int:
        return await self._feedback.retract(
            person=person, output_id=output_id, rating=rating, source=source.value, at=at
        )

    async def _decide(
        self, event: FeedbackEvent, place: Place | None, *, asked: bool
    ) -> int | None:
        """The outbox item of the follow-up to send, if any (policy and budget allowing)."""
        output_id = event.output_id
        if output_id is None:
            return None
        if event.rating is Rating.DOWN and not asked and not event.comment:
            ask = prompts.ask_what_went_wrong(output_id)
            return await self._followups.after_down(event.person, output_id, ask, place)
        if event.rating is Rating.UP:
            offer = prompts.ask_for_a_win(output_id)
            return await self._followups.after_up(event.person, offer, place)
        return None

    async def submit_what_went_wrong(self, answer: Answer) -> Reply:
        form = prompts.what_went_wrong_form(answer.value)
        values = clean_values(form, answer.inputs)
        if not values["reason"] and not values["comment"]:
            return Reply(text="Nothing to add? No problem.")
        problems = check_values(form, values)
        if problems:
            return Reply(text=f"That did not work: {next(iter(problems.values()))}")
        await self._feedback.record(
            FeedbackEvent(
                key=answer.key,
                person=answer.person,
                output_id=await self._known_output(answer.value),
                comment=values["comment"] or None,
                reason=values["reason"] or None,
                source=FeedbackSource.MODAL,
                occurred_at=answer.occurred_at,
            )
        )
        return Reply(text="Thanks, that helps the team fix it.")

    async def submit_win(self, answer: Answer) -> Reply:
        form = prompts.share_win_form(answer.value)
        legacy = answer.inputs.get("shareable")  # Teams cards sent before shared forms
        inputs = {"share": "yes" if legacy == "true" else "no"} if legacy else {}
        values = clean_values(form, {**inputs, **answer.inputs})
        if not values["text"]:
            return Reply(text="Your win was empty, so nothing was recorded.")
        problems = check_values(form, values)
        if problems:
            return Reply(text=f"That did not work: {next(iter(problems.values()))}")
        bucket = TIME_SAVED_BY_KEY.get(values["time_saved"])
        await self._wins.record(
            WinReport(
                key=answer.key,
                person=answer.person,
                text=values["text"],
                time_saved=bucket.key if bucket else None,
                shareable=values["share"] == "yes",
                # A win shared from a follow-up names the answer that helped.
                output_id=await self._known_output(answer.value),
                source=FeedbackSource.MODAL,
                occurred_at=answer.occurred_at,
            )
        )
        return Reply(text="Thanks! Your win is recorded.")

    async def _known_output(self, value: str) -> int | None:
        # A form can outlive its answer (forgotten, purged): keep the words, drop the link.
        output_id = output_id_of(value)
        if output_id is None:
            return None
        found = await self._outputs.find(output_id)
        return found.id if found is not None else None


def output_id_of(value: str) -> int | None:
    """Ids are database integers: ASCII digits only ("²".isdigit() is True), at most 18."""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None
