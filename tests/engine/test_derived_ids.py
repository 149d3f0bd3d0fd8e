"""A derived fact's fid is the hash of its content as ``json.dumps`` with sorted keys and
ASCII writes it; ``ir`` writes that text directly for plain facts, so it must be the same
text for every content, plain or not."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from familycase.engine.ir import Derive, Ref, _content_text, derived_fact

VALUES = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x90)),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=6), VALUES, max_size=6))
def test_the_content_text_is_what_json_writes(content: dict[str, str | int | bool]) -> None:
    assert _content_text(content) == json.dumps(content, sort_keys=True, ensure_ascii=True)


def test_a_derived_fid_is_the_hash_of_that_text() -> None:
    fact = {"type": "p", "fid": "f0", "pid": 'a"b', "n": 3, "ok": True}
    made = derived_fact(Derive("d", (("who", Ref("p", "pid")), ("n", Ref("p", "n")))), {"p": fact})
    text = json.dumps({"type": "d", "who": 'a"b', "n": 3}, sort_keys=True, ensure_ascii=True)
    expected = "d" + hashlib.sha1(text.encode("ascii"), usedforsecurity=False).hexdigest()[:16]
    assert made == {"type": "d", "who": 'a"b', "n": 3, "fid": expected}
