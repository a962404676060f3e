"""Hypothesis strategies and dtype tables shared by the checks (strategies built once, cached)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

__all__ = [
    "NUMERIC_DTYPES",
    "SHAPES",
    "STRING_DTYPE",
    "STRUCTURED",
    "VALUE_DTYPES",
    "byte_strings",
    "cached",
    "from_dtype",
    "sampled",
    "slice_bounds",
    "values_strategy",
]

#: Byte strings, small by default (a property check runs many times).
byte_strings: st.SearchStrategy[bytes] = st.binary(min_size=0, max_size=64)


def slice_bounds(length: int) -> st.SearchStrategy[slice]:
    """Step-1 slices with bounds anywhere around ``[-length - 2, length + 2]`` or None."""
    bound = st.none() | st.integers(min_value=-length - 2, max_value=length + 2)
    return st.builds(slice, bound, bound, st.sampled_from([None, 1]))


#: ``numpy.dtypes.StringDType`` when this NumPy has it (NumPy >= 2.0).
STRING_DTYPE: np.dtype[Any] | None = None
if hasattr(np, "dtypes") and hasattr(np.dtypes, "StringDType"):
    STRING_DTYPE = np.dtype(np.dtypes.StringDType())

#: Dtypes the property checks draw from: every kind, both byte orders.
VALUE_DTYPES: tuple[np.dtype[Any], ...] = tuple(
    np.dtype(d)
    for d in ("|b1", "|i1", "<i2", ">i4", "<u8", "<f2", "<f4", ">f8", "<c8", ">c16", "|S3", "<U2", "<M8[s]", ">m8[ns]")
)
#: Dtypes whose values are plain numbers (for conversions).
NUMERIC_DTYPES: tuple[np.dtype[Any], ...] = tuple(
    np.dtype(d) for d in ("|b1", "|i1", "<u2", ">i4", "<i8", "<f2", "<f4", ">f8", "<c8", ">c16")
)

#: A structured dtype with a sub-array field and both byte orders.
STRUCTURED = np.dtype([("a", "<i4"), ("b", ">f8"), ("c", "S3"), ("d", "<i2", (2,))])

#: Shapes with at least two dimensions of at least two: half of the drawn shapes, so
#: that 25 examples exercise real strides (Hypothesis alone favours 0s and 1s).
_RICH_SHAPES = hnp.array_shapes(min_dims=2, max_dims=4, min_side=2, max_side=4)
#: Small shapes: at most 4 dimensions of at most 5 (0-d and zero-length included).
SHAPES = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5) | _RICH_SHAPES


@functools.lru_cache(maxsize=4096)
def cached(factory: Callable[..., Any], *args: Any) -> Any:
    """``factory(*args)``, built once: Hypothesis validates each new strategy object, which
    costs more than drawing from it, so the checks reuse strategies."""
    return factory(*args)


def from_dtype(dtype: np.dtype[Any]) -> Any:
    """``hypothesis.extra.numpy.from_dtype(dtype)`` (cached)."""
    return cached(hnp.from_dtype, dtype)


def sampled(*values: Any) -> Any:
    """``st.sampled_from(values)`` (cached)."""
    return cached(st.sampled_from, values)


def values_strategy(dtype: np.dtype[Any], shape: Any = SHAPES) -> Any:
    """Arrays of *dtype* with drawn values (NaN, signed zeros, NaT included) and small shapes."""
    return cached(hnp.arrays, dtype, shape)
