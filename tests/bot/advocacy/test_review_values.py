"""A card button's value comes back from the platform: whatever it holds, it names a candidate
id or nothing, never raises."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.advocacy.review import parse_id


@given(st.text(max_size=40))
@example("12")
@example("²")
@example("-1")
@example("1" * 19)
def test_a_button_value_is_an_id_or_nothing(value: str) -> None:
    found = parse_id(value)
    if found is None:
        assert not (value.isascii() and value.isdigit() and len(value) <= 18)
    else:
        assert str(found) == value.lstrip("0") or (found == 0 and set(value) == {"0"})
