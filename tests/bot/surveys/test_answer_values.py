"""What a survey button or form carries back comes from outside (a click can be forged): any
value decodes without error, and a value that names no delivery of the person's stores
nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.surveys.answering import GONE
from bot.surveys.chat import run_argument
from bot.surveys.steps import decode, encode
from storage.database import Database
from storage.tables import ResponseRow
from tests.bot.surveys.engine_support import answer, org, slack, templates

answers_so_far = st.dictionaries(
    st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True), st.text(min_size=1, max_size=20)
)


@given(st.text(max_size=300))
def test_any_button_value_decodes(value: str) -> None:
    delivery, answers = decode(value)
    assert isinstance(delivery, str) and isinstance(answers, dict)


@given(st.integers(min_value=1, max_value=10**9), answers_so_far)
def test_what_a_button_carries_comes_back_as_it_was(delivery: int, answers: dict[str, str]) -> None:
    assert decode(encode(str(delivery), answers)) == (str(delivery), answers)


@given(st.lists(st.text(max_size=12), max_size=4))
def test_the_run_argument_of_the_chat_command_never_raises(words: list[str]) -> None:
    found = run_argument(words)
    assert found is None or found == -1 or found >= 0


# The database persists across examples on purpose: nothing may ever be stored in it.
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.text(max_size=40))
async def test_a_forged_value_stores_nothing(database: Database, value: str) -> None:
    team = org(database, templates())
    reply = await team.surveys.answer(answer(slack("U_FORGER"), value, {"helped": "no"}))
    assert reply.text == GONE
    stored = await database.run(
        lambda session: session.scalar(select(func.count()).select_from(ResponseRow.__table__))
    )
    assert stored == 0
