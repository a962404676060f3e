"""Hypothesis strategies shared by the checks."""

from __future__ import annotations

from hypothesis import strategies as st

__all__ = ["byte_strings", "slice_bounds"]

#: Byte strings, small by default (a property check runs many times).
byte_strings: st.SearchStrategy[bytes] = st.binary(min_size=0, max_size=64)


def slice_bounds(length: int) -> st.SearchStrategy[slice]:
    """Step-1 slices with bounds anywhere around ``[-length - 2, length + 2]`` or None."""
    bound = st.none() | st.integers(min_value=-length - 2, max_value=length + 2)
    return st.builds(slice, bound, bound, st.sampled_from([None, 1]))
