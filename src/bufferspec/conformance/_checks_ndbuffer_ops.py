"""Contracts of ``NDBuffer``: indexing, assignment, ``all_equal`` and pickling.

Like ``_checks_ndbuffer``, inputs are made only through the target's
constructors and results read back through ``as_numpy_array``; NumPy computes
the expected result of the same operation on the same values.
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bufferspec.conformance._ndbuffer_support import (
    SHAPES,
    STRING_DTYPE,
    arange,
    array_src,
    cached,
    draw_dtype,
    expect_array,
    expect_unchanged,
    from_dtype,
    full,
    key_src,
    named,
    quiet,
    same_values,
    sampled,
    scalar_of,
    show,
    snapshot,
    src,
    supported,
    supports,
)
from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import Level, contract

NAN = float("nan")
INF = float("inf")


def _with_ellipsis(key: Any) -> Any:
    if isinstance(key, tuple):
        return key if any(k is Ellipsis for k in key) else (*key, Ellipsis)
    return key if key is Ellipsis else (key, Ellipsis)


def np_index(array: npt.NDArray[Any], key: Any) -> npt.NDArray[Any]:
    """NumPy's ``array[key]`` as an array: integer keys give a 0-d view instead of a scalar."""
    result = array[key]
    if isinstance(result, np.ndarray):
        return result
    view: npt.NDArray[Any] = array[_with_ellipsis(key)]
    return view


_RICH_SHAPES = hnp.array_shapes(min_dims=2, max_dims=4, min_side=2, max_side=5)
_INDEXING_SHAPES = {
    side: hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=side) | _RICH_SHAPES for side in (5, 6)
}
_NONEMPTY_SHAPES_0D = hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=6) | _RICH_SHAPES


def _indexing_shapes(max_side: int = 5) -> Any:
    return _INDEXING_SHAPES[max_side]


def _basic_indices(shape: tuple[int, ...]) -> Any:
    return hnp.basic_indices(shape, allow_newaxis=True, allow_ellipsis=True)


# -- __getitem__ -----------------------------------------------------------------------------


@contract(
    "ndbuffer.getitem.basic_keys",
    member="NDBuffer.__getitem__",
    text="Indexing with integers, slices (any step), Ellipsis, None and tuples of them gives NumPy's "
    "result, as a buffer of the class (property).",
    examples=True,
)
@quiet
def _getitem_basic_keys(ctx: CheckContext) -> None:
    shape = ctx.draw(SHAPES, "shape")
    dtype = draw_dtype(ctx, ("<i4", ">f8", "<U3"))
    key = ctx.draw(cached(_basic_indices, shape), "key")
    array = arange(shape, dtype)
    name, nd = named(ctx, array)
    ctx.record(f"result = {name}[{key_src(key)}]")
    result = nd[key]
    ctx.expect_type(result, ctx.NDBuffer, f"nd[{key_src(key)}]")
    expected = np_index(array, key)
    expect_array(ctx, result, expected, f"nd[{key_src(key)}]")


@contract(
    "ndbuffer.getitem.integer_key_zero_d",
    member="NDBuffer.__getitem__",
    text="A key of only integers gives a 0-d buffer of the class holding that element.",
)
@quiet
def _getitem_integer_key(ctx: CheckContext) -> None:
    dtype = ">f8" if supports(ctx, ">f8") else "<f8"  # big-endian shows that the dtype is kept exactly
    array = arange((3, 4), dtype)
    name, nd = named(ctx, array)
    for key in ((1, 2), (-1, 0), (np.int64(2), np.intp(3))):
        ctx.record(f"element = {name}[{key_src(key)}]")
        element = nd[key]
        what = f"nd[{key_src(key)}]"
        ctx.expect_type(element, ctx.NDBuffer, what)
        expect_array(ctx, element, np_index(array, key), what)
    ctx.record(f"element = {name}[2][-1]")
    element = nd[2][-1]
    ctx.expect_type(element, ctx.NDBuffer, "nd[2][-1]")
    expect_array(ctx, element, np_index(array, (2, -1)), "nd[2][-1]")
    zero_name, zero_d = named(ctx, np.array(1.5, dtype))
    ctx.record(f"element = {zero_name}[()]")
    element = zero_d[()]
    ctx.expect_type(element, ctx.NDBuffer, "nd[()] of a 0-d buffer")
    expect_array(ctx, element, np.array(1.5, dtype), "nd[()] of a 0-d buffer")


@contract(
    "ndbuffer.getitem.integer_key_view",
    member="NDBuffer.__getitem__",
    text="The 0-d buffer of an integer key is a view: writing to it changes the buffer.",
    needs=("writable",),
)
@quiet
def _getitem_integer_key_view(ctx: CheckContext) -> None:
    name, nd = named(ctx, np.zeros((3, 4), "<i4"))
    expected = np.zeros((3, 4), "<i4")
    for key, value in (((1, 2), 9), ((-1, 0), 5)):
        ctx.record(f"element = {name}[{key_src(key)}]; element[...] = {value}")
        element = nd[key]
        element[...] = value
        expected[key] = value
        expect_array(ctx, nd, expected, f"nd after writing to nd[{key_src(key)}]")
    ctx.record(f"element = {name}[0][3]; element[...] = 4")
    element = nd[0][3]
    element[...] = 4
    expected[0, 3] = 4
    expect_array(ctx, nd, expected, "nd after writing to nd[0][3]")


@contract(
    "ndbuffer.getitem.basic_view",
    member="NDBuffer.__getitem__",
    text="Basic indexing returns a view: writing to the result changes exactly the selected elements of "
    "the buffer (property).",
    needs=("writable",),
    examples=True,
)
@quiet
def _getitem_basic_view(ctx: CheckContext) -> None:
    shape = ctx.draw(_indexing_shapes(), "shape")
    key = ctx.draw(cached(_basic_indices, shape), "key")
    array = arange(shape, "<i4")
    name, nd = named(ctx, array)
    ctx.record(f"view = {name}[{key_src(key)}]; view[...] = -1")
    view = nd[key]
    view[...] = -1
    expected = array.copy()
    expected[key] = -1
    expect_array(ctx, nd, expected, f"nd after writing to nd[{key_src(key)}]")


@st.composite
def _integer_array_keys(draw: Any, shape: tuple[int, ...]) -> Any:
    if draw(st.booleans()):
        return draw(hnp.integer_array_indices(shape, result_shape=hnp.array_shapes(min_dims=1, max_dims=2, max_side=4)))
    length = shape[0]
    return draw(hnp.arrays(np.intp, draw(st.integers(0, 5)), elements=st.integers(-length, length - 1)))


@contract(
    "ndbuffer.getitem.fancy_integer",
    member="NDBuffer.__getitem__",
    text="Indexing with integer arrays gives NumPy's result (a copy), as a buffer of the class (property).",
    examples=True,
)
@quiet
def _getitem_fancy_integer(ctx: CheckContext) -> None:
    shape = ctx.draw(_indexing_shapes(), "shape")
    key = ctx.draw(cached(_integer_array_keys, shape), "key")
    array = arange(shape, draw_dtype(ctx, ("<i4", ">i4")))
    name, nd = named(ctx, array)
    ctx.record(f"result = {name}[{key_src(key)}]")
    result = nd[key]
    ctx.expect_type(result, ctx.NDBuffer, "nd[integer array]")
    expect_array(ctx, result, array[key], f"nd[{key_src(key)}]")


@contract(
    "ndbuffer.getitem.fancy_boolean",
    member="NDBuffer.__getitem__",
    text="Indexing with a boolean mask (of the whole shape or of the first axis) gives NumPy's result, as a "
    "buffer of the class (property).",
    examples=True,
)
@quiet
def _getitem_fancy_boolean(ctx: CheckContext) -> None:
    shape = ctx.draw(_indexing_shapes(), "shape")
    mask_shape = ctx.draw(sampled(shape, shape[:1]), "mask shape")
    key = ctx.draw(cached(hnp.arrays, np.dtype(np.bool_), mask_shape), "key")
    array = arange(shape, "<f4")
    name, nd = named(ctx, array)
    ctx.record(f"result = {name}[{key_src(key)}]")
    result = nd[key]
    ctx.expect_type(result, ctx.NDBuffer, "nd[mask]")
    expect_array(ctx, result, array[key], f"nd[{key_src(key)}]")


@contract(
    "ndbuffer.getitem.rejects_out_of_range",
    member="NDBuffer.__getitem__",
    text="An out-of-range index or too many indices raise IndexError naming key, as in NumPy.",
    level=Level.SHOULD,
)
@quiet
def _getitem_rejects(ctx: CheckContext) -> None:
    name, nd = named(ctx, arange((3, 4)))
    before = snapshot(ctx, nd)
    for key in (3, (0, 4), -4, (0, 0, 0)):
        ctx.record(f"{name}[{key_src(key)}]  # must raise IndexError")
        ctx.expect_raises(IndexError, lambda: nd[key], what=f"nd[{key_src(key)}] of shape (3, 4)", argument="key")
        expect_unchanged(ctx, nd, before, f"nd[{key_src(key)}]")


# -- __setitem__ ------------------------------------------------------------------------------


@contract(
    "ndbuffer.setitem.scalar",
    member="NDBuffer.__setitem__",
    text="Assigning a scalar writes it, converted to the dtype bit-exactly (signed zeros, NaN, strings, "
    "NaT), to every selected element.",
    needs=("writable",),
)
@quiet
def _setitem_scalar(ctx: CheckContext) -> None:
    cases: tuple[tuple[npt.NDArray[Any], Any, Any], ...] = (
        (np.ones((3, 4), "<f8"), (1, 2), 5),
        (np.ones((3, 4), "<f8"), (slice(None), 1), -0.0),
        (np.ones((3, 4), ">f8"), 0, NAN),
        (np.ones((3, 4), "<f4"), (Ellipsis, slice(None, None, -2)), np.float32(-0.0)),
        (np.ones(3, "<c16"), 1, complex(-0.0, -0.0)),
        (np.full(3, "ab", "<U3"), slice(1, None), "xyz"),
        (np.full(3, b"ab", "|S2"), 0, b"q"),
        (np.zeros(3, "<M8[s]"), 2, np.datetime64("NaT", "s")),
        (np.zeros(3, "|b1"), slice(None, None, 2), True),
        (np.zeros((2, 3), "<i2"), Ellipsis, 7),
        (np.zeros(4, "<i8"), slice(None, None, -2), np.int64(-4)),
    )
    for initial, key, value in cases:
        if not supports(ctx, initial.dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        name, nd = named(ctx, initial)
        ctx.record(f"{name}[{key_src(key)}] = {src(value)}")
        nd[key] = value
        expected = initial.copy()
        expected[key] = value
        expect_array(ctx, nd, expected, f"nd after nd[{key_src(key)}] = {src(value)}")


_ARRAY_CASES: tuple[tuple[Any, npt.NDArray[Any], bool], ...] = (
    # (key, value, transpose the value before assigning)
    (Ellipsis, np.array([[1.0, 2.0, 3.0, 4.0]], "<f8"), False),  # broadcast (1, 4) -> (3, 4)
    ((slice(1, None), slice(None, None, 2)), np.array([[1.5, -0.0], [NAN, 3.0]], "<f8"), False),
    (0, np.arange(4, dtype=">f8") - 0.5, False),  # byte order converted
    ((slice(None), 1), np.array([7, 8, 9], "<i4"), False),  # dtype converted
    ((2, 3), np.array(-0.0, "<f8"), False),  # 0-d
    ((slice(None), slice(0, 3)), np.arange(9.0).reshape(3, 3) * -1, True),  # strided value
)


def _check_setitem_values(
    ctx: CheckContext, make: Callable[[npt.NDArray[Any]], tuple[str, Any]], kind: str
) -> None:
    initial = np.zeros((3, 4), "<f8")
    name, nd = named(ctx, initial)
    expected = initial.copy()
    for key, array, transpose in _ARRAY_CASES:
        text, value = make(array)
        if transpose:
            value, text, array = value.transpose(None), f"{text}.transpose(None)", array.T
        ctx.record(f"{name}[{key_src(key)}] = {text}")
        nd[key] = value
        expected[key] = array
        expect_array(ctx, nd, expected, f"nd after nd[{key_src(key)}] = {kind} {show(array)}")


@contract(
    "ndbuffer.setitem.numpy_array",
    member="NDBuffer.__setitem__",
    text="For host memory, assigning a NumPy array writes its values, broadcast and converted as in NumPy.",
    needs=("host_memory", "writable"),
)
@quiet
def _setitem_numpy_array(ctx: CheckContext) -> None:
    def make(array: npt.NDArray[Any]) -> tuple[str, Any]:
        value = array.copy()
        return array_src(array), value

    _check_setitem_values(ctx, make, "the numpy array")


@contract(
    "ndbuffer.setitem.ndarray_like",
    member="NDBuffer.__setitem__",
    text="Assigning an array the backend itself produced (as_ndarray_like()) writes its values, broadcast "
    "and converted as in NumPy.",
    needs=("writable",),
)
@quiet
def _setitem_ndarray_like(ctx: CheckContext) -> None:
    def make(array: npt.NDArray[Any]) -> tuple[str, Any]:
        name, value = named(ctx, array)
        return f"{name}.as_ndarray_like()", value.as_ndarray_like()

    _check_setitem_values(ctx, make, "the array")


@contract(
    "ndbuffer.setitem.own_ndbuffer",
    member="NDBuffer.__setitem__",
    text="Assigning an NDBuffer of the same class writes its contents (unwrapped), broadcast and converted "
    "as in NumPy.",
    needs=("writable",),
)
@quiet
def _setitem_own_ndbuffer(ctx: CheckContext) -> None:
    _check_setitem_values(ctx, lambda array: named(ctx, array), "an NDBuffer holding")


@contract(
    "ndbuffer.setitem.foreign_ndbuffer",
    member="NDBuffer.__setitem__",
    text="Assigning a conforming NDBuffer of another implementation writes its contents (unwrapped through "
    "its protocol), broadcast and converted as in NumPy.",
    needs=("writable",),
)
@quiet
def _setitem_foreign_ndbuffer(ctx: CheckContext) -> None:
    foreign = ctx.target.foreign_nd_buffer
    _check_setitem_values(ctx, lambda array: named(ctx, array, cls=foreign), f"a {foreign.__qualname__} holding")


@st.composite
def _broadcastable_to(draw: Any, shape: tuple[int, ...]) -> tuple[int, ...]:
    """A shape that broadcasts to *shape*: leading dimensions dropped, some set to 1."""
    drop = draw(st.integers(0, len(shape)))
    kept = shape[drop:]
    ones = draw(st.lists(st.booleans(), min_size=len(kept), max_size=len(kept)))
    return tuple(1 if one else d for d, one in zip(kept, ones))


@contract(
    "ndbuffer.setitem.region_property",
    member="NDBuffer.__setitem__",
    text="Assigning a scalar or a broadcastable NDBuffer to a basic-index region changes exactly that region "
    "as in NumPy (property).",
    needs=("writable",),
    examples=True,
)
@quiet
def _setitem_region(ctx: CheckContext) -> None:
    shape = ctx.draw(_indexing_shapes(), "shape")
    key = ctx.draw(cached(_basic_indices, shape), "key")
    array = arange(shape, "<i4")
    region = np_index(array, key).shape
    kind = ctx.draw(sampled("scalar", "same shape", "broadcast"), "value kind")
    name, nd = named(ctx, array)
    expected = array.copy()
    if kind == "scalar":
        ctx.record(f"{name}[{key_src(key)}] = -7")
        nd[key] = -7
        expected[key] = -7
    else:
        value_shape = region if kind == "same shape" else ctx.draw(cached(_broadcastable_to, region), "value shape")
        values = -1 - arange(value_shape, "<i4")
        value_name, value = named(ctx, values)
        ctx.record(f"{name}[{key_src(key)}] = {value_name}")
        nd[key] = value
        expected[key] = values
    expect_array(ctx, nd, expected, f"nd after nd[{key_src(key)}] = ...")


@contract(
    "ndbuffer.setitem.fancy_keys",
    member="NDBuffer.__setitem__",
    text="Assigning through integer-array and boolean-mask keys writes the selected elements as in NumPy.",
    needs=("writable",),
)
@quiet
def _setitem_fancy_keys(ctx: CheckContext) -> None:
    initial = np.zeros((3, 4), "<i4")
    name, nd = named(ctx, initial)
    expected = initial.copy()
    mask = np.array([[True, False, False, True], [False, True, False, False], [False, False, False, True]])
    cases: tuple[tuple[Any, Any], ...] = (
        (np.array([0, 2]), 5),
        ((np.array([True, False, True]), 1), np.array([7, 8], "<i4")),
        (mask, 3),
        ((np.array([0, 1]), np.array([3, -2])), np.array([1, 2], "<i4")),
    )
    for key, value in cases:
        if isinstance(value, np.ndarray):
            value_name, stored = named(ctx, value)
            ctx.record(f"{name}[{key_src(key)}] = {value_name}")
            nd[key] = stored
        else:
            ctx.record(f"{name}[{key_src(key)}] = {value!r}")
            nd[key] = value
        expected[key] = value
        expect_array(ctx, nd, expected, f"nd after nd[{key_src(key)}] = ...")


@contract(
    "ndbuffer.setitem.rejects_non_broadcastable",
    member="NDBuffer.__setitem__",
    text="Assigning a value that does not broadcast to the region, or cannot be converted to the dtype, raises "
    "ValueError naming value and leaves the buffer unchanged.",
    needs=("writable",),
    level=Level.SHOULD,
)
@quiet
def _setitem_rejects(ctx: CheckContext) -> None:
    name, nd = named(ctx, arange((3, 4), "<f8"))
    before = snapshot(ctx, nd)
    cases: tuple[tuple[Any, npt.NDArray[Any] | str], ...] = (
        (0, np.ones(3)),
        (slice(None, 2), np.ones((3, 4))),
        (Ellipsis, np.ones((2, 4))),
        ((slice(None), 0), np.ones(4)),
        (0, "abc"),
    )
    for key, value in cases:
        if isinstance(value, np.ndarray):
            text, stored = named(ctx, value)
        else:
            text, stored = repr(value), value
        ctx.record(f"{name}[{key_src(key)}] = {text}  # must raise ValueError")

        def assign(key: Any = key, stored: Any = stored) -> None:
            nd[key] = stored

        ctx.expect_raises(ValueError, assign, what=f"nd[{key_src(key)}] = {text} on shape (3, 4)", argument="value")
        expect_unchanged(ctx, nd, before, f"nd[{key_src(key)}] = {text}")


# -- all_equal --------------------------------------------------------------------------------


def _expect_all_equal(
    ctx: CheckContext, name: str, nd: Any, other: Any, expected: bool, *, equal_nan: bool | None = None,
    other_src: str | None = None,
) -> None:
    other_text = other_src if other_src is not None else src(other)
    call = f"{name}.all_equal({other_text})" if equal_nan is None else (
        f"{name}.all_equal({other_text}, equal_nan={equal_nan})")
    ctx.record(f"assert {call} is {expected}")
    result = nd.all_equal(other) if equal_nan is None else nd.all_equal(other, equal_nan=equal_nan)
    ctx.expect(isinstance(result, (bool, np.bool_)), f"{call} returned {type(result).__name__}, expected bool")
    if bool(result) != expected:
        ctx.fail(f"{call} is {bool(result)}, expected {expected} ({name} holds {show(ctx.host(nd))})")


@contract(
    "ndbuffer.all_equal.none_false",
    member="NDBuffer.all_equal",
    text="all_equal(None) is False, for every buffer (empty buffers and object buffers of None included).",
)
@quiet
def _all_equal_none(ctx: CheckContext) -> None:
    arrays = (np.zeros(3, "<f8"), np.zeros((0,), "<f8"), np.array([None, None], dtype=object), np.zeros(()))
    for array in (a for a in arrays if supports(ctx, a.dtype)):
        name, nd = named(ctx, array)
        _expect_all_equal(ctx, name, nd, None, False)


@contract(
    "ndbuffer.all_equal.nan",
    member="NDBuffer.all_equal",
    text="NaN equals NaN exactly when equal_nan is true (the default), for real and complex dtypes.",
)
@quiet
def _all_equal_nan(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f2", "<f4", ">f8")):
        name, nd = named(ctx, np.full((2, 3), NAN, dtype))
        _expect_all_equal(ctx, name, nd, NAN, True)
        _expect_all_equal(ctx, name, nd, NAN, True, equal_nan=True)
        _expect_all_equal(ctx, name, nd, NAN, False, equal_nan=False)
        _expect_all_equal(ctx, name, nd, np.float32(NAN), True)
        _expect_all_equal(ctx, name, nd, 1.0, False)
        mixed_name, mixed = named(ctx, np.array([NAN, 1.0], dtype))
        _expect_all_equal(ctx, mixed_name, mixed, NAN, False)
        ones_name, ones = named(ctx, np.ones(3, dtype))
        _expect_all_equal(ctx, ones_name, ones, NAN, False)
    for value in (complex(NAN, 0.0), complex(1.0, NAN)):
        name, nd = named(ctx, np.full(3, value, "<c16"))
        _expect_all_equal(ctx, name, nd, value, True)
        _expect_all_equal(ctx, name, nd, value, False, equal_nan=False)


@contract(
    "ndbuffer.all_equal.nat",
    member="NDBuffer.all_equal",
    text="NaT equals NaT exactly when equal_nan is true (the default), for datetime64 and timedelta64.",
)
@quiet
def _all_equal_nat(ctx: CheckContext) -> None:
    cases: tuple[tuple[str, Any, Any], ...] = (
        ("<M8[s]", np.datetime64("NaT", "s"), np.datetime64(0, "s")),
        (">m8[ns]", np.timedelta64("NaT", "ns"), np.timedelta64(5, "ns")),
        ("<M8", np.datetime64("NaT"), None),
        (">M8", np.datetime64("NaT"), None),
        (">m8", np.timedelta64("NaT"), None),
    )
    for dtype, nat, value in cases:
        name, nd = named(ctx, full((2, 3), dtype, nat))
        _expect_all_equal(ctx, name, nd, nat, True)
        _expect_all_equal(ctx, name, nd, nat, False, equal_nan=False)
        if value is not None:
            _expect_all_equal(ctx, name, nd, value, False)
            array = full((2,), dtype, nat)
            array[1] = value
            mixed_name, mixed = named(ctx, array)
            _expect_all_equal(ctx, mixed_name, mixed, nat, False)
            values_name, values = named(ctx, full((3,), dtype, value))
            _expect_all_equal(ctx, values_name, values, value, True)
            _expect_all_equal(ctx, values_name, values, nat, False)


@contract(
    "ndbuffer.all_equal.signed_zero",
    member="NDBuffer.all_equal",
    text="-0.0 never equals 0.0, in either direction: -0.0 data vs a 0.0 fill and 0.0 data vs a -0.0 fill "
    "are both not equal.",
)
@quiet
def _all_equal_signed_zero(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f2", "<f4", "<f8", ">f8")):
        neg_name, negative = named(ctx, np.full((2, 3), -0.0, dtype))
        pos_name, positive = named(ctx, np.zeros((2, 3), dtype))
        for other in (0.0, np.float64(0.0), np.dtype(dtype).type(0.0)):
            _expect_all_equal(ctx, neg_name, negative, other, False)
            _expect_all_equal(ctx, pos_name, positive, other, True)
        for other in (-0.0, np.float64(-0.0), np.dtype(dtype).type(-0.0)):
            _expect_all_equal(ctx, pos_name, positive, other, False)
            _expect_all_equal(ctx, neg_name, negative, other, True)
        _expect_all_equal(ctx, pos_name, positive, -0.0, False, equal_nan=False)
        mixed_name, mixed = named(ctx, np.array([0.0, 0.0, -0.0], dtype))
        _expect_all_equal(ctx, mixed_name, mixed, 0.0, False)


@contract(
    "ndbuffer.all_equal.int_zero_vs_negative_zero",
    member="NDBuffer.all_equal",
    text="An integer 0 (a +0.0) does not equal -0.0 float or complex data.",
)
@quiet
def _all_equal_int_zero(ctx: CheckContext) -> None:
    for dtype, negative_value in (("<f8", -0.0), ("<f4", -0.0), ("<c16", complex(-0.0, 0.0))):
        neg_name, negative = named(ctx, np.full(3, negative_value, dtype))
        pos_name, positive = named(ctx, np.zeros(3, dtype))
        for other in (0, np.int64(0)):
            _expect_all_equal(ctx, neg_name, negative, other, False)
            _expect_all_equal(ctx, pos_name, positive, other, True)


@contract(
    "ndbuffer.all_equal.complex_signed_zero",
    member="NDBuffer.all_equal",
    text="For complex data the sign of zero counts in the real and in the imaginary part.",
)
@quiet
def _all_equal_complex_signed_zero(ctx: CheckContext) -> None:
    values = (complex(0.0, 0.0), complex(-0.0, 0.0), complex(0.0, -0.0), complex(-0.0, -0.0))
    for dtype in supported(ctx, ("<c8", "<c16", ">c16")):
        for data in values:
            name, nd = named(ctx, np.full(3, data, dtype))
            for other in values:
                same = math.copysign(1, data.real) == math.copysign(1, other.real) and (
                    math.copysign(1, data.imag) == math.copysign(1, other.imag))
                _expect_all_equal(ctx, name, nd, other, same)
        name, nd = named(ctx, np.full(3, complex(0.0, -0.0), dtype))
        _expect_all_equal(ctx, name, nd, 0.0, False)


@contract(
    "ndbuffer.all_equal.strings",
    member="NDBuffer.all_equal",
    text="Unicode strings (U and StringDType) compare element by element: equal only to the same string.",
)
@quiet
def _all_equal_strings(ctx: CheckContext) -> None:
    dtypes: list[Any] = ["<U3", ">U3"]
    if STRING_DTYPE is not None:
        dtypes.append(STRING_DTYPE)
    for dtype in supported(ctx, dtypes):
        name, nd = named(ctx, np.array(["ab", "ab"], dtype))
        _expect_all_equal(ctx, name, nd, "ab", True)
        _expect_all_equal(ctx, name, nd, np.str_("ab"), True)
        for other in ("abc", "a", "", "AB"):
            _expect_all_equal(ctx, name, nd, other, False)
        mixed_name, mixed = named(ctx, np.array(["ab", "ab", "ac"], dtype))
        _expect_all_equal(ctx, mixed_name, mixed, "ab", False)
        blank_name, blank = named(ctx, np.array(["", ""], dtype))
        _expect_all_equal(ctx, blank_name, blank, "", True)
        _expect_all_equal(ctx, blank_name, blank, "a", False)


@contract(
    "ndbuffer.all_equal.bytes",
    member="NDBuffer.all_equal",
    text="Fixed-length bytes (S) compare element by element: equal only to the same bytes.",
)
@quiet
def _all_equal_bytes(ctx: CheckContext) -> None:
    name, nd = named(ctx, np.array([b"ab", b"ab"], "|S3"))
    _expect_all_equal(ctx, name, nd, b"ab", True)
    _expect_all_equal(ctx, name, nd, np.bytes_(b"ab"), True)
    for other in (b"abc", b"a", b"", b"AB"):
        _expect_all_equal(ctx, name, nd, other, False)
    mixed_name, mixed = named(ctx, np.array([b"ab", b"\xffb"], "|S3"))
    _expect_all_equal(ctx, mixed_name, mixed, b"ab", False)
    blank_name, blank = named(ctx, np.zeros(2, "|S3"))
    _expect_all_equal(ctx, blank_name, blank, b"", True)
    _expect_all_equal(ctx, blank_name, blank, b"a", False)


@contract(
    "ndbuffer.all_equal.bool",
    member="NDBuffer.all_equal",
    text="Booleans compare element by element.",
)
@quiet
def _all_equal_bool(ctx: CheckContext) -> None:
    true_name, trues = named(ctx, np.ones((2, 2), "|b1"))
    _expect_all_equal(ctx, true_name, trues, True, True)
    _expect_all_equal(ctx, true_name, trues, np.True_, True)
    _expect_all_equal(ctx, true_name, trues, False, False)
    false_name, falses = named(ctx, np.zeros((2, 2), "|b1"))
    _expect_all_equal(ctx, false_name, falses, False, True)
    _expect_all_equal(ctx, false_name, falses, True, False)
    mixed_name, mixed = named(ctx, np.array([True, True, False]))
    _expect_all_equal(ctx, mixed_name, mixed, True, False)


_RECORD = np.dtype([("a", "<f8"), ("b", "<i4"), ("c", "S2")])


@contract(
    "ndbuffer.all_equal.structured",
    member="NDBuffer.all_equal",
    text="Structured values compare field by field, each field by its own rules (-0.0 vs 0.0 differ, NaN "
    "equal with equal_nan).",
)
@quiet
def _all_equal_structured(ctx: CheckContext) -> None:
    def record(*fields: Any) -> Any:
        return scalar_of(tuple(fields), _RECORD)

    def source(*fields: Any) -> str:
        return f"np.array(({', '.join(src(f) for f in fields)}), dtype={_RECORD.descr!r})[()]"

    cases: tuple[tuple[tuple[Any, ...], tuple[Any, ...], bool, bool | None], ...] = (
        ((1.5, 2, b"x"), (1.5, 2, b"x"), True, None),
        ((1.5, 2, b"x"), (1.5, 3, b"x"), False, None),
        ((1.5, 2, b"x"), (1.5, 2, b"y"), False, None),
        ((-0.0, 1, b""), (0.0, 1, b""), False, None),
        ((0.0, 1, b""), (-0.0, 1, b""), False, None),
        ((-0.0, 1, b""), (-0.0, 1, b""), True, None),
        ((NAN, 1, b""), (NAN, 1, b""), True, None),
        ((NAN, 1, b""), (NAN, 1, b""), False, False),
    )
    for data, other, expected, equal_nan in cases:
        name, nd = named(ctx, full((2, 2), _RECORD, data))
        _expect_all_equal(ctx, name, nd, record(*other), expected, equal_nan=equal_nan, other_src=source(*other))


@contract(
    "ndbuffer.all_equal.empty_true",
    member="NDBuffer.all_equal",
    text="An empty buffer is equal to anything except None.",
)
@quiet
def _all_equal_empty(ctx: CheckContext) -> None:
    for shape, dtype in (((0,), "<f8"), ((3, 0), "<i4"), ((0, 2), "<U2")):
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        name, nd = named(ctx, np.zeros(shape, dtype))
        for other in (0, NAN, -0.0, "x", 12345):
            _expect_all_equal(ctx, name, nd, other, True)
        _expect_all_equal(ctx, name, nd, NAN, True, equal_nan=False)


@contract(
    "ndbuffer.all_equal.zero_d",
    member="NDBuffer.all_equal",
    text="A 0-d buffer compares its one element by the same rules.",
)
@quiet
def _all_equal_zero_d(ctx: CheckContext) -> None:
    cases: tuple[tuple[npt.NDArray[Any], Any, bool, bool | None], ...] = (
        (np.array(5, "<i4"), 5, True, None),
        (np.array(5, "<i4"), 6, False, None),
        (np.array(-0.0, ">f8"), 0.0, False, None),
        (np.array(-0.0, ">f8"), -0.0, True, None),
        (np.array(NAN, "<f4"), NAN, True, None),
        (np.array(NAN, "<f4"), NAN, False, False),
        (np.array("ab", "<U2"), "ab", True, None),
    )
    for array, other, expected, equal_nan in cases:
        if not supports(ctx, array.dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        name, nd = named(ctx, array)
        _expect_all_equal(ctx, name, nd, other, expected, equal_nan=equal_nan)


@contract(
    "ndbuffer.all_equal.broadcast_array",
    member="NDBuffer.all_equal",
    text="all_equal accepts an array (one the backend made) that broadcasts to the buffer's shape and "
    "compares element by element with the same rules.",
)
@quiet
def _all_equal_broadcast(ctx: CheckContext) -> None:
    row = np.array([0.0, 1.5, -0.0, NAN])
    name, nd = named(ctx, np.tile(row, (3, 1)))
    cases: tuple[tuple[npt.NDArray[Any], bool, bool | None], ...] = (
        (row, True, None),
        (row, False, False),
        (np.array([0.0, 1.5, 0.0, NAN]), False, None),
        (np.array([-0.0, 1.5, -0.0, NAN]), False, None),
        (np.array([0.0, 1.5, -0.0, 2.0]), False, None),
        (np.tile(row, (3, 1)), True, None),
        (np.tile(row, (3, 1))[:, :1], False, None),
        (row[None, :], True, None),
    )
    for other, expected, equal_nan in cases:
        other_name, other_nd = named(ctx, other)
        _expect_all_equal(ctx, name, nd, other_nd.as_ndarray_like(), expected, equal_nan=equal_nan,
                          other_src=f"{other_name}.as_ndarray_like()")
    ints_name, ints = named(ctx, np.tile(np.arange(4, dtype="<i4"), (2, 1)))
    for other, expected in ((np.arange(4, dtype="<i4"), True), (np.array([0, 1, 2, 4], "<i4"), False)):
        other_name, other_nd = named(ctx, other)
        _expect_all_equal(ctx, ints_name, ints, other_nd.as_ndarray_like(), expected,
                          other_src=f"{other_name}.as_ndarray_like()")


@contract(
    "ndbuffer.all_equal.rejects_non_broadcastable",
    member="NDBuffer.all_equal",
    text="all_equal with an array that does not broadcast to the buffer's shape raises ValueError naming other.",
    level=Level.SHOULD,
)
@quiet
def _all_equal_rejects(ctx: CheckContext) -> None:
    name, nd = named(ctx, np.zeros((3, 4)))
    for shape in ((5,), (3,), (2, 4)):
        other_name, other = named(ctx, np.zeros(shape))
        ctx.record(f"{name}.all_equal({other_name}.as_ndarray_like())  # must raise ValueError")
        ctx.expect_raises(ValueError, lambda: nd.all_equal(other.as_ndarray_like()),
                          what=f"all_equal(array of shape {shape}) on shape (3, 4)", argument="other")


#: dtype -> special values for the all_equal properties (each distinguishable from the others).
_SPECIALS: dict[np.dtype[Any], tuple[Any, ...]] = {
    np.dtype("<f8"): (0.0, -0.0, NAN, INF, -INF, 1.5),
    np.dtype("<f2"): (0.0, -0.0, NAN, 1.0),
    np.dtype(">f4"): (0.0, -0.0, NAN, -INF),
    np.dtype("<c16"): (0j, complex(-0.0, 0.0), complex(0.0, -0.0), complex(NAN, 0.0), 1j),
    np.dtype(">i4"): (0, -1, 7),
    np.dtype("|u1"): (0, 255),
    np.dtype("|b1"): (False, True),
    np.dtype("|S3"): (b"", b"a", b"abc"),
    np.dtype("<U2"): ("", "a", "ab"),
    np.dtype("<M8[s]"): (np.datetime64("NaT", "s"), np.datetime64(0, "s"), np.datetime64(1, "s")),
    np.dtype(">m8[ns]"): (np.timedelta64("NaT", "ns"), np.timedelta64(0, "ns"), np.timedelta64(-5, "ns")),
    np.dtype([("a", "<f8"), ("b", "<i2")]): ((0.0, 1), (-0.0, 1), (0.0, 2), (NAN, 1)),
}
_SPECIAL_DTYPES = tuple(_SPECIALS)


def _same_scalar(a: Any, b: Any, dtype: np.dtype[Any]) -> bool:
    return same_values(full((), dtype, a), full((), dtype, b))


_INDEX = st.integers(0, 1 << 16)


def _fills(dtype: np.dtype[Any]) -> Any:
    return st.sampled_from(_SPECIALS[dtype]) | hnp.from_dtype(dtype)


def _fill_and_difference(ctx: CheckContext, dtype: np.dtype[Any]) -> tuple[Any, Any]:
    specials = _SPECIALS[dtype]
    fill = ctx.draw(cached(_fills, dtype), "fill")
    drawn = ctx.draw(from_dtype(dtype), "drawn")
    candidates = [v for v in (*specials, drawn) if not _same_scalar(v, fill, dtype)]
    difference = candidates[ctx.draw(_INDEX, "difference index") % len(candidates)]
    return fill, difference


@st.composite
def _positions(draw: Any, shape: tuple[int, ...]) -> tuple[int, ...]:
    where = draw(st.sampled_from(["first", "last", "random"]))
    if where == "first":
        return tuple(0 for _ in shape)
    if where == "last":
        return tuple(d - 1 for d in shape)
    return tuple(draw(st.integers(0, d - 1)) for d in shape)


@contract(
    "ndbuffer.all_equal.finds_difference",
    member="NDBuffer.all_equal",
    text="all_equal(fill) is True for a buffer holding only the fill value and False when one element "
    "differs, wherever it is: first, last or anywhere (property).",
    examples=True,
)
@quiet
def _all_equal_finds_difference(ctx: CheckContext) -> None:
    dtype = ctx.draw(sampled(*supported(ctx, _SPECIAL_DTYPES)), "dtype")
    fill, difference = _fill_and_difference(ctx, dtype)
    shape = ctx.draw(_NONEMPTY_SHAPES_0D, "shape")
    index = ctx.draw(cached(_positions, shape), "index")
    other = scalar_of(fill, dtype)
    array = full(shape, dtype, fill)
    name, nd = named(ctx, array)
    _expect_all_equal(ctx, name, nd, other, True)
    array[index] = full((), dtype, difference)[()]
    changed_name, changed = named(ctx, array)
    _expect_all_equal(ctx, changed_name, changed, other, False)


def _position_lists(shape: tuple[int, ...]) -> Any:
    return st.lists(_positions(shape), max_size=3)


@st.composite
def _strided_views(draw: Any, ndim: int) -> tuple[str, Callable[[Any], Any]]:
    steps = tuple(
        draw(st.sampled_from([slice(None), slice(None, None, 2), slice(1, None, 2), slice(None, None, -1),
                              slice(None, None, -2), slice(1, None, 3)]))
        for _ in range(ndim)
    )
    axes = tuple(draw(st.permutations(range(ndim))))
    kind = draw(st.sampled_from(["steps", "transpose", "both"]))
    if kind == "steps":
        return f"[{key_src(steps)}]", lambda x: x[steps]
    if kind == "transpose":
        return f".transpose({axes!r})", lambda x: x.transpose(axes)
    return f"[{key_src(steps)}].transpose({axes!r})", lambda x: x[steps].transpose(axes)


@contract(
    "ndbuffer.all_equal.strided",
    member="NDBuffer.all_equal",
    text="all_equal of a strided or transposed view (made with getitem steps and transpose) compares "
    "exactly the view's elements (property).",
    examples=True,
)
@quiet
def _all_equal_strided(ctx: CheckContext) -> None:
    dtype = ctx.draw(sampled(*supported(ctx, _SPECIAL_DTYPES)), "dtype")
    fill, difference = _fill_and_difference(ctx, dtype)
    shape = ctx.draw(_indexing_shapes(6), "shape")
    positions = ctx.draw(cached(_position_lists, shape), "differences at")
    array = full(shape, dtype, fill)
    for index in positions:
        array[index] = full((), dtype, difference)[()]
    text, apply = ctx.draw(cached(_strided_views, len(shape)), "view")
    ctx.draws[-1] = ("view", repr(text))
    name, nd = named(ctx, array)
    view_name = f"{name}{text}"
    view = apply(nd)
    expected_view = apply(array)
    expected = same_values(expected_view, full(expected_view.shape, dtype, fill))
    _expect_all_equal(ctx, view_name, view, scalar_of(fill, dtype), expected)


# -- pickle -------------------------------------------------------------------------------------


def _pickle_cases() -> list[tuple[npt.NDArray[Any], str]]:
    nat = np.iinfo(np.int64).min
    cases: list[tuple[npt.NDArray[Any], str]] = [
        (np.array([[1.5, -0.0], [NAN, -INF]], "<f8"), ""),
        (np.arange(6, dtype=">i4").reshape(2, 3), ""),
        (np.arange(6, dtype=">f8").reshape(2, 3), ".transpose(None)"),
        (np.arange(12, dtype="<i2").reshape(3, 4), "[::2, 1::2]"),
        (np.array(-0.0, ">f8"), ""),
        (np.zeros((0, 3), "<c8"), ""),
        (np.array(["ab", "c"], ">U2"), ""),
        (np.array([b"x", b""], "|S2"), ""),
        (full((2,), [("a", "<f8"), ("b", ">i2")], (-0.0, 7)), ""),
        (np.array([nat, 5], ">i8").view(">M8"), ""),
        (np.array([nat, 5], "<i8").view("<m8[ms]"), ""),
        (np.array([1, "a", None], dtype=object), ""),
    ]
    if STRING_DTYPE is not None:
        cases.append((np.array(["h\u00e9llo", ""], dtype=STRING_DTYPE), ""))
    return cases


_VIEWS: dict[str, Callable[[Any], Any]] = {
    "": lambda x: x,
    ".transpose(None)": lambda x: x.transpose(None),
    "[::2, 1::2]": lambda x: x[::2, 1::2],
}


@contract(
    "ndbuffer.pickle.roundtrip",
    member="NDBuffer",
    text="Pickling round-trips (protocols 2 and 5, in-band and out-of-band) keeping the class, the exact "
    "dtype (byte order included), the shape and the values.",
    level=Level.SHOULD,
)
@quiet
def _pickle_roundtrip(ctx: CheckContext) -> None:
    ctx.record("import pickle")
    for array, view in _pickle_cases():
        if not supports(ctx, array.dtype):  # create.dtype_* reports unsupported dtypes
            continue
        name, nd = named(ctx, array)
        nd = _VIEWS[view](nd)
        expected = _VIEWS[view](array)
        for protocol, out_of_band in ((2, False), (5, False), (5, True)):
            if out_of_band:
                ctx.record(f"buffers = []; back = pickle.loads(pickle.dumps({name}{view}, 5, "
                           "buffer_callback=buffers.append), buffers=buffers)")
                buffers: list[pickle.PickleBuffer] = []
                back = pickle.loads(pickle.dumps(nd, 5, buffer_callback=buffers.append), buffers=buffers)
            else:
                ctx.record(f"back = pickle.loads(pickle.dumps({name}{view}, {protocol}))")
                back = pickle.loads(pickle.dumps(nd, protocol))
            what = f"pickle round trip (protocol {protocol}{', out-of-band' if out_of_band else ''})"
            ctx.expect_type(back, ctx.NDBuffer, what)
            ctx.expect(back.byteorder == nd.byteorder, f"{what} changed byteorder {nd.byteorder!r} to {back.byteorder!r}")
            expect_array(ctx, back, expected, what)
