"""The walk that finds text no database can store: it must name the same field whether or not
the body is clean, since a 400 names that field to the client."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from adapters.web.json_body import UNSTORABLE, holds_unstorable_text, unstorable_text_at

text = st.text(max_size=6) | st.sampled_from(["\x00", "a\x00", "\ud800", "x\udfff", "ok"])
values = st.recursive(
    st.none() | st.integers() | st.booleans() | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=15,
)


def first_unstorable(data: Any, path: list[str]) -> list[str] | None:
    """Reference: depth first, keys before their values, in order."""
    if isinstance(data, str):
        return path if UNSTORABLE.search(data) else None
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        if UNSTORABLE.search(str(key)):
            return [*path, str(key)]
        found = first_unstorable(value, [*path, str(key)])
        if found is not None:
            return found
    return None


@given(values)
def test_the_named_field_is_the_first_unstorable_text(data: Any) -> None:
    expected = first_unstorable(data, [])
    named = unstorable_text_at(data)
    assert holds_unstorable_text(data) is (expected is not None)
    if expected is None:
        assert named is None
        return
    escaped = [UNSTORABLE.sub(lambda bad: f"\\u{ord(bad.group()):04x}", part) for part in expected]
    assert named == (".".join(escaped) or "body")


def test_a_nul_inside_nested_text_is_named_by_its_path() -> None:
    body = {"user": "U1", "post": {"blocks": [{"text": "ok"}, {"text": "a\x00b"}]}}
    assert unstorable_text_at(body) == "post.blocks.1.text"
    assert unstorable_text_at({"comment": "fine"}) is None
