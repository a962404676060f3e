"""Contracts on the values an NDBuffer accepts, converts or refuses, and on arguments it must refuse.

A value the dtype cannot hold must never be stored as something else:
``1e300`` in a float32 is not ``inf``, NaN in an integer dtype is not an
arbitrary integer, ``1+1j`` in a float64 does not lose its imaginary part
(NumPy only warns about each).  :data:`UNSTORABLE` lists such values once;
``create``, ``fill`` and ``__setitem__`` are each checked against all of them
(``ndbuffer.create.rejects_unstorable_fill`` and ``ndbuffer.fill.rejects_unstorable``
use the table too), and against the storable values right at the edge, which
must still be stored as NumPy converts them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bufferspec.conformance._checks_buffer import esc
from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import Level, contract
from bufferspec.conformance._ndbuffer_support import (
    create,
    expect_array,
    expect_unchanged,
    quiet,
    snapshot,
    supports,
)
from bufferspec.conformance._source import dtype_source, source_of

__all__ = ["NON_SCALARS", "STORABLE", "UNSTORABLE", "value_source"]

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
)

#: Values that are not one scalar: create's fill_value and fill's value refuse them.
NON_SCALARS: tuple[Any, ...] = (np.zeros(2), [1, 2], np.zeros((1, 1)))


def value_source(value: Any) -> str:
    """*value* as Python source, with a huge power of two written as one (``2**2000``)."""
    if type(value) is int and value > 2**64 and value & (value - 1) == 0:
        return f"2**{value.bit_length() - 1}"
    return source_of(value)


def _supported_cases(ctx: CheckContext, cases: tuple[tuple[Any, Any], ...]) -> list[tuple[Any, Any]]:
    """The cases whose dtype the backend holds; SKIP the contract when there is none."""
    chosen = [(dtype, value) for dtype, value in cases if supports(ctx, dtype)]
    if not chosen:
        ctx.skip("the backend holds none of the dtypes this contract needs (the ndbuffer.create.dtype_* "
                 "contracts report which)")
    return chosen


# -- values that are stored -------------------------------------------------------------------------


@contract(
    "ndbuffer.create.fill_value_conversion",
    member="NDBufferClass.create",
    text="create stores a fill value of another type (a Python int, float, bool or str, a NumPy scalar of "
    "another dtype, a 0-d array) as NumPy converts it to the dtype: the integer 0 is '0' in a string dtype, "
    "the epoch in a datetime; values at the edge of a float's range round to its largest finite value.",
)
@quiet
def _create_fill_value_conversion(ctx: CheckContext) -> None:
    for dtype, value in _supported_cases(ctx, STORABLE):
        with ctx.case():
            ctx.let("value", value)
            create(ctx, shape=(2, 3), dtype=dtype, fill_value=value)
            ctx.run(f"expected = full((2, 3), {dtype_source(dtype)}, value)")
            expect_array(ctx, "nd", "expected", esc(f"NDBuffer.create(shape=(2, 3), dtype={dtype_source(dtype)}, "
                                                   f"fill_value={source_of(value)})"))


@contract(
    "ndbuffer.fill.value_conversion",
    member="NDBuffer.fill",
    text="fill stores a value of another type (a Python scalar, a NumPy scalar of another dtype, a 0-d array) "
    "as NumPy converts it to the dtype, in every element.",
    needs=("writable",),
)
@quiet
def _fill_value_conversion(ctx: CheckContext) -> None:
    for dtype, value in _supported_cases(ctx, STORABLE):
        with ctx.case():
            ctx.let("value", value)
            create(ctx, shape=(3,), dtype=dtype, fill_value=None)
            ctx.run("nd.fill(value)")
            ctx.run(f"expected = full((3,), {dtype_source(dtype)}, value)")
            expect_array(ctx, "nd", "expected", esc(f"nd.fill({source_of(value)}) of dtype {dtype_source(dtype)}"))


@contract(
    "ndbuffer.setitem.sequence_values",
    member="NDBuffer.__setitem__",
    text="Assigning a Python list or tuple writes its elements as NumPy converts them; into an object array "
    "the elements themselves are stored, not the sequence.",
    needs=("writable",),
)
@quiet
def _setitem_sequence_values(ctx: CheckContext) -> None:
    cases: tuple[tuple[Any, str], ...] = (
        ("|O", "[1, 'a']"), ("|O", "(2.5, None)"), ("<f8", "[1, 2.5]"), ("<f8", "(np.float32(0.1), 3)"),
        ("<i2", "[True, -7]"), ("<U2", "['ab', 5]"), ("<M8[s]", "['2020-01-01', 'NaT']"),
    )
    for dtype, value in _supported_cases(ctx, cases):
        with ctx.case():
            create(ctx, shape=(2,), dtype=dtype, fill_value=None)
            ctx.run(f"nd[...] = {value}")
            ctx.run(f"expected = np.empty(2, {dtype_source(dtype)})")
            ctx.run(f"expected[...] = {value}")
            if dtype == "|O":
                ctx.run("got = host(nd).tolist()")
                ctx.check("[type(x) for x in got] == [type(x) for x in expected.tolist()] and got == expected.tolist()",
                          f"nd[...] = {esc(value)} (object dtype) stores {{got!r}}, expected {{expected.tolist()!r}}")
            else:
                expect_array(ctx, "nd", "expected", f"nd[...] = {esc(value)} (dtype {esc(dtype_source(dtype))})")


# -- values that are refused ------------------------------------------------------------------------


@contract(
    "ndbuffer.setitem.rejects_unstorable",
    member="NDBuffer.__setitem__",
    text="Assigning a value the dtype cannot hold (beyond a float's range, a complex value with a non-zero "
    "imaginary part into real data or records with real fields, NaN or infinity into integers, a date into a "
    "generic-unit datetime), as a scalar, a sequence, an array or an NDBuffer, raises ValueError and leaves the "
    "buffer unchanged.",
    needs=("writable",),
    level=Level.SHOULD,
    names_argument="value",
)
@quiet
def _setitem_rejects_unstorable(ctx: CheckContext) -> None:
    for dtype, value in _supported_cases(ctx, UNSTORABLE):
        for key in ("0", "..."):
            with ctx.case():
                create(ctx, shape=(2,), dtype=dtype, fill_value=None)
                snapshot(ctx, "nd")
                ctx.raises(f"nd[{key}] = {value_source(value)}", ValueError, argument="value",
                           what=esc(f"nd[{key}] = {value_source(value)} (dtype {dtype_source(dtype)})"))
                expect_unchanged(ctx, "nd", esc(f"nd[{key}] = {value_source(value)}"))
    arrays: tuple[tuple[Any, str], ...] = (
        ("<f8", "np.array([1 + 1j, 2])"), ("<f8", "[np.complex128(1 + 1j), 2.0]"),
        ("<f8", "(np.complex128(1 + 1j), 2.0)"), ("<f4", "np.array([1e300 + 0j, 1])"),
        ("<f4", "np.array([1.0, 1e300])"), ("<i4", "np.array([np.nan, 1.0])"),
        ("<i4", "NDBuffer.from_numpy_array(np.array([1.0, np.nan]))"),
        ([("a", "<f8")], "np.array([1 + 1j, 2])"), ([("a", "<f8", (2,))], "np.array([1 + 1j, 2])"),
    )
    for dtype, value in arrays:
        if not supports(ctx, dtype):
            continue
        with ctx.case():
            create(ctx, shape=(2,), dtype=dtype, fill_value=None)
            snapshot(ctx, "nd")
            ctx.raises(f"nd[...] = {value}", ValueError, argument="value",
                       what=esc(f"nd[...] = {value} (dtype {dtype_source(dtype)})"))
            expect_unchanged(ctx, "nd", esc(f"nd[...] = {value}"))


@contract(
    "ndbuffer.setitem.stores_zero_imaginary",
    member="NDBuffer.__setitem__",
    text="Assigning complex values whose imaginary parts are all zero to real data stores their real parts "
    "(only a non-zero imaginary part is lost data).",
    needs=("writable",),
    level=Level.SHOULD,
)
@quiet
def _setitem_stores_zero_imaginary(ctx: CheckContext) -> None:
    for value in ("np.array([1 + 0j, 2 - 0j])", "[np.complex128(3), 4.0]", "np.complex128(5)"):
        with ctx.case():
            create(ctx, shape=(2,), dtype="<f8", fill_value=None)
            ctx.run(f"nd[...] = {value}")
            ctx.run(f"expected = np.broadcast_to(np.real(np.asarray({value})), (2,)).astype('<f8')")
            expect_array(ctx, "nd", "expected", esc(f"nd[...] = {value} (dtype float64)"), exact=False)


@contract(
    "ndbuffer.setitem.rejects_out_of_range",
    member="NDBuffer.__setitem__",
    text="Assigning to an out-of-range index (one beyond the platform's integers included) or with too many "
    "indices raises IndexError and leaves the buffer unchanged, as in NumPy.",
    needs=("writable",),
    level=Level.SHOULD,
    names_argument="key",
)
@quiet
def _setitem_rejects_out_of_range(ctx: CheckContext) -> None:
    for key in ("5", "-6", "2**70", "(0, 0)", "(slice(None), 2**70)"):
        with ctx.case():
            ctx.run("nd = NDBuffer.from_numpy_array(np.arange(5.0))")
            snapshot(ctx, "nd")
            ctx.raises(f"nd[{key}] = 1.0", IndexError, argument="key")
            expect_unchanged(ctx, "nd", esc(f"nd[{key}] = 1.0"))


# -- astype and copy ---------------------------------------------------------------------------------


@contract(
    "ndbuffer.astype.generic_unit",
    member="NDBuffer.astype",
    text="astype to a generic-unit datetime or timedelta ('M8', '>M8') of data of the same kind keeps the "
    "values and the data's unit (generic data stays generic), stores the requested byte order, lays the "
    "result out as order says and copies.",
)
@quiet
def _astype_generic_unit(ctx: CheckContext) -> None:
    if not any(supports(ctx, source) for source in ("<M8", "<M8[s]", ">m8[ms]")):
        ctx.skip("the backend holds no datetime or timedelta dtype (the ndbuffer.create.dtype_* contracts "
                 "report which)")
    for source in ("<M8", "<M8[s]", ">m8[ms]"):
        kind = np.dtype(source).kind
        for target in (f">{kind}8", f"<{kind}8", f"{kind}8"):
            for order in ("C", "F", "K"):
                if not (supports(ctx, source) and supports(ctx, target)):
                    continue
                with ctx.case():
                    ctx.run(f"array = np.arange(1, 7, dtype='{source[0]}i8').reshape(2, 3).view({source!r})")
                    ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
                    ctx.run(f"result = nd.astype({target!r}, order={order!r})")
                    order_char = np.dtype(target).byteorder.replace("=", "<" if np.little_endian else ">")
                    unit = source[3:]
                    want = f"{order_char}{kind}8{unit}"
                    ctx.run(f"expected = int_view(array).astype({order_char + 'i8'!r}).view({want!r})")
                    expect_array(ctx, "result", "expected", esc(f"nd.astype({target!r}, order={order!r}) of dtype "
                                                                f"{source}"))
                    if order in "CF":
                        flag = "c_contiguous" if order == "C" else "f_contiguous"
                        ctx.check(f"host(result).flags.{flag}",
                                  esc(f"nd.astype({target!r}, order={order!r}) is not {flag.replace('_', '-')}"))
                    ctx.check("not np.shares_memory(host(result), host(nd))",
                              esc(f"nd.astype({target!r}, order={order!r}) shares memory with nd"))


@contract(
    "ndbuffer.astype.rejects_unconvertible",
    member="NDBuffer.astype",
    text="astype of values that cannot be converted to the dtype (the string 'abc' to an integer, a date to a "
    "string too short for it) raises ValueError or TypeError (not NumPy's RuntimeError for the date) and leaves "
    "the buffer unchanged.",
    level=Level.SHOULD,
    names_argument="dtype",
)
@quiet
def _astype_rejects_unconvertible(ctx: CheckContext) -> None:
    cases = (("np.array(['abc', '1'], '<U3')", "<U3", "<i4"), ("np.array(['2020-01-01'], '<M8[D]')", "<M8[D]", "<U2"),
             ("np.array(['1', 'x'], '|S1')", "|S1", "<f8"))
    chosen = [(array, dtype) for array, source, dtype in cases if supports(ctx, source) and supports(ctx, dtype)]
    if not chosen:
        ctx.skip("the backend holds none of the dtypes converted (the ndbuffer.create.dtype_* contracts report them)")
    for array, dtype in chosen:
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array({array})")
            snapshot(ctx, "nd")
            ctx.raises(f"nd.astype({dtype!r})", (ValueError, TypeError), argument="dtype")
            expect_unchanged(ctx, "nd", esc(f"nd.astype({dtype!r})"))


@contract(
    "ndbuffer.copy.keeps_layout",
    member="NDBuffer.copy",
    text="For host memory, copy keeps the memory layout: a Fortran-ordered buffer (or a transposed view of a "
    "C-ordered one) gives a Fortran-contiguous copy, as NumPy's copy(order='K').",
    needs=("host_memory",),
    level=Level.SHOULD,
)
@quiet
def _copy_keeps_layout(ctx: CheckContext) -> None:
    for source in ("np.asfortranarray(np.arange(6.0).reshape(2, 3))", "np.arange(6.0).reshape(2, 3).T",
                   "np.arange(24, dtype='<i2').reshape(2, 3, 4).T"):
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array({source})")
            ctx.run("result = nd.copy()")
            ctx.check("host(result).flags.f_contiguous",
                      esc(f"NDBuffer.from_numpy_array({source}).copy() is not Fortran-contiguous"))


# -- arguments that are refused -----------------------------------------------------------------------


@contract(
    "ndbuffer.from_ndarray_like.rejects_non_array",
    member="NDBufferClass.from_ndarray_like",
    text="from_ndarray_like of something that is not an array of the backend (a list, a bytes object, None) "
    "raises TypeError; from_numpy_array is the method that converts.",
    level=Level.SHOULD,
    names_argument="ndarray_like",
)
@quiet
def _from_ndarray_like_rejects_non_array(ctx: CheckContext) -> None:
    for value in ("[1, 2]", "b'ab'", "None"):
        with ctx.case():
            ctx.raises(f"NDBuffer.from_ndarray_like({value})", TypeError, argument="ndarray_like")


@contract(
    "ndbuffer.from_numpy_array.rejects_unconvertible",
    member="NDBufferClass.from_numpy_array",
    text="from_numpy_array of something numpy.asanyarray refuses (a ragged nested list) raises ValueError.",
    level=Level.SHOULD,
    names_argument="array_like",
)
@quiet
def _from_numpy_array_rejects_unconvertible(ctx: CheckContext) -> None:
    for value in ("[[1], [1, 2]]", "[[1, 2], 3]"):
        with ctx.case():
            ctx.raises(f"NDBuffer.from_numpy_array({value})", ValueError, argument="array_like")


@contract(
    "ndbuffer.reshape.rejects_non_integer_shape",
    member="NDBuffer.reshape",
    text="reshape to something that is not an integer or a tuple of integers ('x', 2.0, (2, 2.0), None in a "
    "tuple) raises TypeError and leaves the buffer unchanged.",
    level=Level.SHOULD,
    names_argument="newshape",
)
@quiet
def _reshape_rejects_non_integer_shape(ctx: CheckContext) -> None:
    for shape in ("'x'", "2.0", "(2, 2.0)", "(None, 2)"):
        with ctx.case():
            ctx.run("nd = NDBuffer.from_numpy_array(np.arange(4.0))")
            ctx.raises(f"nd.reshape({shape})", TypeError, argument="newshape")
            ctx.check("host(nd).shape == (4,)", esc(f"after nd.reshape({shape}) the shape is ") + "{host(nd).shape}")
