"""Value tables: values a dtype cannot hold, values at its edges, non-scalars, and values of every dtype kind.

Data that several members' contracts draw from (``create``, ``fill``, ``setitem``, ``astype``,
``all_equal``), so a table changes in one place.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.source import dtype_source, source_of
from bufferspec.conformance._inputs.ndbuffer_steps import supported, supports
from bufferspec.conformance._inputs.strategies import STRING_DTYPE, STRUCTURED

__all__ = [
    "ALL_KINDS",
    "NAN",
    "NON_SCALARS",
    "STORABLE",
    "UNSTORABLE",
    "kind_scalar",
    "kind_values",
    "kinds",
    "supported_cases",
    "value_source",
]

#: ``(dtype, value)``: values the dtype cannot hold, which create, fill and setitem must refuse.
UNSTORABLE: tuple[tuple[Any, Any], ...] = (
    ("<f4", 1e300), ("<f2", 10**6), ("<f2", -70000.0), ("<f2", np.float64(1e300)),  # beyond the float's range
    ("<c8", complex(1e300, 0.0)), ("<c8", complex(0.0, 1e300)), ("<c8", np.complex128(1e300)),
    ("<f8", 2**2000),  # beyond float64
    ("<f8", np.complex128(1 + 1j)), ("<f8", 1j), ("<i4", 1j),  # a non-zero imaginary part
    ([("a", "<f8")], np.complex128(1 + 1j)),
    ("<i4", float("nan")), ("<i4", np.float64("nan")), ("<i2", float("inf")),  # no integer
    ("<M8", "2020-01-01"), ("<M8", "abc"), ("<M8", np.datetime64(5, "s")),  # a generic unit holds no date
    ("<f8", NotImplemented),
)


#: ``(dtype, value)``: values at the edge of what the dtype holds, stored as NumPy converts them.
STORABLE: tuple[tuple[Any, Any], ...] = (
    ("<f4", 3.4e38), ("<f4", np.float64(3.4e38)), ("<f2", 65504.0), ("<f2", -65519.0),  # round to the largest
    ("<f8", np.complex128(3 + 0j)),  # a zero imaginary part
    ("<c8", complex(3e38, -3e38)),
    ("<U2", 0), ("|S2", 0), ("<M8[s]", 0), ("|O", 0), ("<f4", 0), ("|b1", 0), ("<c16", 0),  # the integer 0
    ("<U3", 1.5), ("<i4", True), ("<m8[s]", 7), (">m8", 5), ("<M8[D]", "2020-01-02"), ("<f8", np.float32(0.1)),
    ("<i4", np.array(3)), ("<U2", np.array("ab")),  # 0-d arrays are scalars
    ("<c8", "1"), ("<c16", "2.5-1j"), ("<f8", "1.5"), ("<i2", "7"),  # strings NumPy parses as numbers
)


#: Values that are not one scalar: create's fill_value and fill's value refuse them.
NON_SCALARS: tuple[Any, ...] = (np.zeros(2), [1, 2], np.zeros((1, 1)))


def value_source(value: Any) -> str:
    """*value* as Python source, with a huge power of two written as one (``2**2000``)."""
    if type(value) is int and value > 2**64 and value & (value - 1) == 0:
        return f"2**{value.bit_length() - 1}"
    return source_of(value)


def supported_cases(ctx: CheckContext, cases: tuple[tuple[Any, Any], ...]) -> list[tuple[Any, Any]]:
    """The cases whose dtype the backend holds; SKIP the contract when there is none."""
    chosen = [(dtype, value) for dtype, value in cases if supports(ctx, dtype)]
    if not chosen:
        ctx.skip("the backend holds none of the dtypes this contract needs (the ndbuffer.create.dtype_* "
                 "contracts report which)")
    return chosen


#: One dtype of every kind and size a backend may hold (both byte orders for some).
ALL_KINDS: tuple[np.dtype[Any], ...] = tuple(
    np.dtype(d)
    for d in ("|b1", "|i1", "<i2", "<i4", "<i8", ">i4", "|u1", "<u2", "<u4", "<u8", "<f2", "<f4", "<f8", ">f8",
              "<c8", "<c16", "<M8[D]", "<M8[ns]", ">M8[s]", "<m8[s]", "<m8[ms]", "|S5", "<U3", "|V4", STRUCTURED,
              object)
) + ((STRING_DTYPE,) if STRING_DTYPE is not None else ())


def kinds(ctx: CheckContext) -> tuple[np.dtype[Any], ...]:
    kinds = supported(ctx, ALL_KINDS)
    if not kinds:
        ctx.skip("the backend supports none of the dtypes (the ndbuffer.create.dtype_* contracts report which)")
    return kinds


def kind_values(ctx: CheckContext, dtype: np.dtype[Any], shape: tuple[int, ...], seed: int, name: str = "array") -> None:
    """Step ``name = pattern_array(shape, dtype, seed)``."""
    ctx.run(f"{name} = pattern_array({shape!r}, {dtype_source(dtype)}, {seed})")


def kind_scalar(ctx: CheckContext, dtype: np.dtype[Any], seed: int, name: str = "value") -> None:
    """Step ``name``: one pseudo-random value of *dtype* (a NumPy scalar, or the element for objects and strings)."""
    ctx.run(f"{name} = pattern_array((1,), {dtype_source(dtype)}, {seed})[0]")


NAN = float("nan")
