"""The Messenger protocol: how the domain speaks in chat without knowing which chat.

The domain sends *intents* (a notice, a prompt with choices); each adapter renders them as
Block Kit or Adaptive Cards and reports back the platform address of what it posted.
"""

from __future__ import annotations

from typing import Protocol

from pydantic import Field

from bot.chat.forms import OPEN_FORM, Form
from bot.records import Frozen, MessageRef, PersonRef, Place


class Choice(Frozen):
    """A button the person can press; `action` names the domain action, `value` its argument."""

    label: str = Field(min_length=1, max_length=75)
    action: str = Field(min_length=1, max_length=64)
    value: str = Field(default="", max_length=2000)
    primary: bool = False


def open_form_choice(label: str, form: str, value: str = "", *, primary: bool = True) -> Choice:
    """A button that opens the named form; its value travels into the form."""
    return Choice(label=label, action=f"{OPEN_FORM}{form}", value=value, primary=primary)


class Attachment(Frozen):
    """A file that goes with a reply or a message (export-me's JSON, the digest's HTML
    report). Slack shares it in the DM or the message's thread; Teams, which needs its
    file-consent flow for that, shows the text only."""

    filename: str
    content: bytes
    mime: str = "application/json"


class Outgoing(Frozen):
    """One message the domain wants shown. `kind` and `ref_id` travel as message metadata so
    a restarted process can tell what it already sent."""

    kind: str = Field(min_length=1, max_length=64)
    ref_id: str | None = None
    title: str | None = None
    text: str
    choices: tuple[Choice, ...] = ()
    # A form to fill in: Teams shows it inline, Slack as a button opening a modal.
    form: Form | None = None
    ai_generated: bool = False
    feedback_buttons: bool = False
    attachment: Attachment | None = None


class Unreachable(Exception):
    """The platform will not deliver to this person (app not installed, account gone)."""

    def __init__(self, person: PersonRef, reason: str) -> None:
        super().__init__(f"{person.platform}:{reason}")
        self.person = person
        self.reason = reason


class RateLimited(Exception):
    """The platform asked us to slow down for `retry_after` seconds (Slack and Teams 429)."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited for {retry_after:.1f} s")
        self.retry_after = retry_after


class Messenger(Protocol):
    """Implemented once per platform in adapters/."""

    async def send_dm(self, person: PersonRef, message: Outgoing) -> MessageRef:
        """Open (or reuse) a 1:1 conversation with the person and post the message."""
        ...

    async def post_to_channel(
        self, tenant: str, channel: str, message: Outgoing, *, thread: str | None = None
    ) -> MessageRef:
        """Post into a channel or group conversation, optionally as a thread reply."""
        ...

    async def update_message(self, ref: MessageRef, message: Outgoing) -> None:
        """Replace a message the bot posted earlier (e.g. a card after it was answered)."""
        ...

    async def post_ephemeral(self, person: PersonRef, place: Place, message: Outgoing) -> None:
        """Show a message only this person can see, in the conversation they are in (where
        a platform has no such messages, in their 1:1 chat)."""
        ...

    async def find_sent(self, person: PersonRef, ref_id: str) -> MessageRef | None:
        """A message we sent this person earlier with this `ref_id`, or None: how a restart
        learns whether a send that was under way when it crashed reached them. A platform
        that cannot tell answers None (and the message is sent again)."""
        ...
