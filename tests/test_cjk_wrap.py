"""Wrapping Chinese text counts each character's cells once and breaks where it always broke."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qc_ledger.render.cells import cell_len
from qc_ledger.render.cjk import _TOKENS, NO_LINE_END, NO_LINE_START, _fits, wrap_cjk


def _wrapped(text: str, width: int) -> list[str]:
    """The wrapping as first written: every token measured whole by cell_len."""
    if _fits(text, width):
        return [text.rstrip()]
    lines: list[list[str]] = [[]]
    used = 0
    for word in _TOKENS.findall(text):
        size = cell_len(word)
        for token in word if size > width else (word,):
            if token is not word:
                size = cell_len(token)
            if used + size > width and lines[-1]:
                carried: list[str] = []
                if token in NO_LINE_START and len(lines[-1]) > 1:
                    carried = [lines[-1].pop()]
                while len(lines[-1]) > 1 and lines[-1][-1] in NO_LINE_END:
                    carried.insert(0, lines[-1].pop())
                lines.append(carried)
                used = sum(map(cell_len, carried))
                if token.isspace():
                    continue
            lines[-1].append(token)
            used += size
    return ["".join(line).rstrip() for line in lines]


# Wide and narrow, Chinese punctuation both ways, ambiguous widths, combining marks, emoji with
# joiners and variation selectors, control and zero-width characters, long ASCII words.
ALPHABET = "区财政局措施ab Z9-，。、；）》（《“”…—·\u0301\u200d\ufe0f\u200b\t\n\x07😀👍🏽"
texts = st.one_of(
    st.text(alphabet=ALPHABET, max_size=60),
    st.lists(st.sampled_from(["ledger", "unit", "2025-06-30", "区财政局", "，", "（", " "])).map(
        "".join
    ),
)


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(min_value=1, max_value=30))
def test_wrap_cjk_is_the_wrapping_of_whole_tokens(text, width):
    assert wrap_cjk(text, width) == _wrapped(text, width)
