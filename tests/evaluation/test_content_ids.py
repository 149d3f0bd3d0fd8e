"""Content ids are written without the JSON encoder for the parts they are made of (strings,
``None``, lists of strings): the text hashed must be byte for byte what the encoder writes,
or every suggestion's, question's and duty's id would change."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from familycase.assess.explanation import _ENCODER, _encoded, content_id


class _Str(str):
    """A string subclass: left to the encoder."""


_TEXT = st.text(
    st.one_of(
        st.characters(),  # every code point, surrogates included
        st.sampled_from(['"', "\\", "\n", "\x00", "\x1f", "\x7f", "\u2028", "ø", "😀"]),
    ),
    max_size=8,
)
_PART = st.one_of(
    _TEXT,
    st.none(),
    st.lists(_TEXT, max_size=4),
    st.lists(_TEXT, max_size=4).map(tuple),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.lists(st.one_of(_TEXT, st.none(), st.integers()), max_size=3),
    st.dictionaries(_TEXT, st.integers(), max_size=2),
    _TEXT.map(_Str),
    st.lists(_TEXT.map(_Str), min_size=1, max_size=2),
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PART, max_size=5).map(tuple))
def test_ids_are_made_of_what_the_encoder_writes(parts: tuple[object, ...]) -> None:
    assert _encoded(parts) == _ENCODER.encode(parts)


def test_known_ids_stay_the_same() -> None:
    """Ids as the encoder made them before (a suggestion's, a question's, a duty's)."""
    assert content_id("s", "notify_child_welfare", ["emma", "jonas"]) == "s_f018e89dbdc98d4d"
    assert content_id("q", "r1", None, []) == "q_4ad3bd299f5cb4be"
    assert content_id("d", "x", "p1") == "d_f6b6c2518fd8440b"
