"""Contracts of ``NDBuffer``: indexing, assignment, ``all_equal`` and pickling.

Like ``_checks_ndbuffer``, inputs are made only through the target's
constructors and results read back through ``as_numpy_array``; NumPy computes
the expected result of the same operation on the same values.

Checks are written as steps (see :class:`CheckContext`): each ``ctx.run`` /
``ctx.check`` / ``ctx.raises`` is Python source that runs as the check and is
also the reproducer.  The messages of property checks name drawn values
(``nd[key]``) instead of writing them out: every example of one violation then
fails in the same step source, which Hypothesis counts as one bug, not many.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bufferspec.conformance._axes import LARGE, LARGE_SHAPES, draw_subject
from bufferspec.conformance._check_helpers import full, same_values
from bufferspec.conformance._checks_buffer import esc, expect_type
from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import Level, contract
from bufferspec.conformance._ndbuffer_support import (
    SHAPES,
    STRING_DTYPE,
    cached,
    draw_dtype,
    expect_array,
    expect_unchanged,
    from_dtype,
    key_src,
    ndbuffer,
    quiet,
    sampled,
    snapshot,
    supported,
    supports,
)
from bufferspec.conformance._source import dtype_source, source_of

__all__: list[str] = []

NAN = float("nan")
INF = float("inf")


def _expected_index(ctx: CheckContext, shape: tuple[int, ...], key: Any) -> None:
    """Step ``expected = array[key]`` (*key* bound as ``key``): NumPy's result as an array.

    For a key that selects one element NumPy returns a scalar, which loses
    the byte order; ``...`` appended to the key gives the element as a 0-d view.
    """
    if isinstance(np.empty(shape, np.int8)[key], np.ndarray):
        ctx.run("expected = array[key]")
    elif isinstance(key, tuple):
        ctx.run("expected = array[(*key, ...)]  # the element as a 0-d view, not NumPy's scalar")
    else:
        ctx.run("expected = array[key, ...]  # the element as a 0-d view, not NumPy's scalar")


_RICH_SHAPES = hnp.array_shapes(min_dims=2, max_dims=4, min_side=2, max_side=5)
_INDEXING_SHAPES = {
    side: hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=side) | _RICH_SHAPES for side in (5, 6)
}
_SMALL_NONEMPTY = hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=6) | _RICH_SHAPES
#: Non-empty shapes, 0-d included; one draw in five over 64 Ki elements (a difference in the last block).
_NONEMPTY_SHAPES_0D = st.one_of(_SMALL_NONEMPTY, _SMALL_NONEMPTY, _SMALL_NONEMPTY, _SMALL_NONEMPTY, LARGE_SHAPES)


def _indexing_shapes(max_side: int = 5) -> Any:
    return _INDEXING_SHAPES[max_side]


def _basic_indices(shape: tuple[int, ...]) -> Any:
    return hnp.basic_indices(shape, allow_newaxis=True, allow_ellipsis=True)


def _arange_nd(ctx: CheckContext, shape: str = "shape", dtype: str = "'<i4'", *, writes: bool = False) -> None:
    """Steps ``array = arange(shape, dtype)`` (distinct values) and ``nd`` holding a copy of it: in a
    property check made through a drawn source (C or Fortran order, read-only memory unless *writes*,
    a reshaped view, a copy; see :func:`draw_subject`), else from a C-ordered copy."""
    ctx.run(f"array = arange({shape}, {dtype})")
    if ctx.drawing:
        draw_subject(ctx, writes=writes, same_shape=True)
    else:
        ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")


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
    draw_dtype(ctx, ("<i4", ">f8", "<U3"))
    key = ctx.draw(cached(_basic_indices, shape), "key")
    _arange_nd(ctx, dtype="dtype")
    ctx.run("result = nd[key]")
    expect_type(ctx, "result", "nd[key]", cls="NDBuffer")
    _expected_index(ctx, shape, key)
    expect_array(ctx, "result", "expected", "nd[key]")


@contract(
    "ndbuffer.getitem.integer_key_zero_d",
    member="NDBuffer.__getitem__",
    text="A key of only integers gives a 0-d buffer of the class holding that element.",
)
@quiet
def _getitem_integer_key(ctx: CheckContext) -> None:
    dtype = ">f8" if supports(ctx, ">f8") else "<f8"  # big-endian shows that the dtype is kept exactly
    _arange_nd(ctx, "(3, 4)", repr(dtype))
    for key in ((1, 2), (-1, 0), (np.int64(2), np.intp(3))):
        with ctx.case():
            text = key_src(key)
            ctx.run(f"element = nd[{text}]")
            expect_type(ctx, "element", f"nd[{esc(text)}]", cls="NDBuffer")
            ctx.run(f"expected = array[{text}, ...]")
            expect_array(ctx, "element", "expected", f"nd[{esc(text)}]")
    with ctx.case():
        ctx.run("element = nd[2][-1]")
        expect_type(ctx, "element", "nd[2][-1]", cls="NDBuffer")
        ctx.run("expected = array[2, -1, ...]")
        expect_array(ctx, "element", "expected", "nd[2][-1]")
    ctx.run(f"zero_d = NDBuffer.from_numpy_array(np.array(1.5, {dtype!r}))")
    ctx.run("element = zero_d[()]")
    expect_type(ctx, "element", "zero_d[()] of a 0-d buffer", cls="NDBuffer")
    ctx.run(f"expected = np.array(1.5, {dtype!r})")
    expect_array(ctx, "element", "expected", "zero_d[()] of a 0-d buffer")


@contract(
    "ndbuffer.getitem.integer_key_view",
    member="NDBuffer.__getitem__",
    text="The 0-d buffer of an integer key is a view: writing to it changes the buffer.",
    needs=("writable",),
)
@quiet
def _getitem_integer_key_view(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros((3, 4), '<i4'))")
    ctx.run("expected = np.zeros((3, 4), '<i4')")
    for key, value in (("1, 2", 9), ("-1, 0", 5), ("np.int64(2), np.intp(1)", 6)):
        ctx.run(f"element = nd[{key}]")
        ctx.run(f"element[...] = {value}")
        ctx.run(f"expected[{key}] = {value}")
        expect_array(ctx, "nd", "expected", f"nd after writing to nd[{key}]")
    ctx.run("element = nd[0][3]")
    ctx.run("element[...] = 4")
    ctx.run("expected[0, 3] = 4")
    expect_array(ctx, "nd", "expected", "nd after writing to nd[0][3]")
    ctx.run("row = nd[np.int64(1)]  # a NumPy integer key: a view like any integer")
    ctx.run("row[...] = 3")
    ctx.run("expected[1] = 3")
    expect_array(ctx, "nd", "expected", "nd after writing to nd[np.int64(1)]")
    ctx.run("vector = NDBuffer.from_numpy_array(np.zeros(5, '<i4'))")
    ctx.run("element = vector[np.int64(3)]  # one element by a NumPy integer: a 0-d view")
    ctx.run("element[...] = 8")
    expect_array(ctx, "vector", "np.array([0, 0, 0, 8, 0], '<i4')", "vector after writing to vector[np.int64(3)]")


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
    _arange_nd(ctx, writes=True)
    ctx.run("view = nd[key]")
    ctx.run("view[...] = -1")
    ctx.run("expected = array.copy()")
    ctx.run("expected[key] = -1")
    expect_array(ctx, "nd", "expected", "nd after writing to view = nd[key]")


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
    ctx.draw(cached(_integer_array_keys, shape), "key")
    draw_dtype(ctx, ("<i4", ">i4"))
    _arange_nd(ctx, dtype="dtype")
    ctx.run("result = nd[key]")
    expect_type(ctx, "result", "nd[key] (an integer array key)", cls="NDBuffer")
    ctx.run("expected = array[key]")
    expect_array(ctx, "result", "expected", "nd[key] (an integer array key)")
    if shape and shape[0]:
        with ctx.case():  # a Python list is an integer array key, not a tuple of indices
            ctx.run("result = nd[[0, -1]]")
            expect_array(ctx, "result", "array[[0, -1]]", "nd[[0, -1]] (a list key)")


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
    mask_shape = ctx.draw(sampled(shape, shape[:1]), "mask_shape")
    ctx.draw(cached(hnp.arrays, np.dtype(np.bool_), mask_shape), "key")
    _arange_nd(ctx, dtype="'<f4'")
    ctx.run("result = nd[key]")
    expect_type(ctx, "result", "nd[key] (a boolean mask)", cls="NDBuffer")
    ctx.run("expected = array[key]")
    expect_array(ctx, "result", "expected", "nd[key] (a boolean mask)")


@contract(
    "ndbuffer.getitem.rejects_out_of_range",
    member="NDBuffer.__getitem__",
    text="An out-of-range index or too many indices raise IndexError, as in NumPy.",
    level=Level.SHOULD,
    names_argument="key",
)
@quiet
def _getitem_rejects(ctx: CheckContext) -> None:
    _arange_nd(ctx, "(3, 4)")
    snapshot(ctx, "nd")
    for key in (3, (0, 4), -4, (0, 0, 0)):
        with ctx.case():
            text = key_src(key)
            ctx.raises(f"nd[{text}]", IndexError, argument="key", what=f"nd[{esc(text)}] of shape (3, 4)")
            expect_unchanged(ctx, "nd", f"nd[{esc(text)}]")


# -- __setitem__ ------------------------------------------------------------------------------


#: (the initial array's source, its dtype, key, value) of ``ndbuffer.setitem.scalar``.
_SCALAR_CASES: tuple[tuple[str, str, Any, Any], ...] = (
    ("np.ones((3, 4), '<f8')", "<f8", (1, 2), 5),
    ("np.ones((3, 4), '<f8')", "<f8", (slice(None), 1), -0.0),
    ("np.ones((3, 4), '>f8')", ">f8", 0, NAN),
    ("np.ones((3, 4), '<f4')", "<f4", (Ellipsis, slice(None, None, -2)), np.float32(-0.0)),
    ("np.ones(3, '<c16')", "<c16", 1, complex(-0.0, -0.0)),
    ("np.full(3, 'ab', '<U3')", "<U3", slice(1, None), "xyz"),
    ("np.full(3, b'ab', '|S2')", "|S2", 0, b"q"),
    ("np.zeros(3, '<M8[s]')", "<M8[s]", 2, np.datetime64("NaT", "s")),
    ("np.zeros(3, '|b1')", "|b1", slice(None, None, 2), True),
    ("np.zeros((2, 3), '<i2')", "<i2", Ellipsis, 7),
    ("np.zeros(4, '<i8')", "<i8", slice(None, None, -2), np.int64(-4)),
)


@contract(
    "ndbuffer.setitem.scalar",
    member="NDBuffer.__setitem__",
    text="Assigning a scalar writes it, converted to the dtype bit-exactly (signed zeros, NaN, strings, "
    "NaT), to every selected element.",
    needs=("writable",),
)
@quiet
def _setitem_scalar(ctx: CheckContext) -> None:
    for initial, dtype, key, value in _SCALAR_CASES:
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        with ctx.case():
            ctx.run(f"array = {initial}")
            ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
            assignment = f"[{key_src(key)}] = {source_of(value)}"
            ctx.run(f"nd{assignment}")
            ctx.run("expected = array.copy()")
            ctx.run(f"expected{assignment}")
            expect_array(ctx, "nd", "expected", f"nd after nd{esc(assignment)}")


#: (key, the value's source, whether it is assigned transposed) of the setitem value checks.
_ARRAY_CASES: tuple[tuple[Any, str, bool], ...] = (
    (Ellipsis, "np.array([[1.0, 2.0, 3.0, 4.0]], '<f8')", False),  # broadcast (1, 4) -> (3, 4)
    ((slice(1, None), slice(None, None, 2)), "np.array([[1.5, -0.0], [float('nan'), 3.0]], '<f8')", False),
    (0, "np.arange(4, dtype='>f8') - 0.5", False),  # byte order converted
    ((slice(None), 1), "np.array([7, 8, 9], '<i4')", False),  # dtype converted
    ((2, 3), "np.array(-0.0, '<f8')", False),  # 0-d
    ((slice(None), slice(0, 3)), "np.arange(9.0).reshape(3, 3) * -1", True),  # strided value
)


def _check_setitem_values(ctx: CheckContext, make: str, kind: str) -> None:
    """Assign the values of :data:`_ARRAY_CASES` in turn, each made by the expression *make* of ``values``.

    *kind* says what the value is, for messages.
    """
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros((3, 4), '<f8'))")
    ctx.run("expected = np.zeros((3, 4), '<f8')")
    for key, values, transpose in _ARRAY_CASES:
        ctx.run(f"values = {values}")
        ctx.run(f"value = {make}")
        text = key_src(key)
        assigned, expected = ("value.transpose(None)", "values.T") if transpose else ("value", "values")
        ctx.run(f"nd[{text}] = {assigned}")
        ctx.run(f"expected[{text}] = {expected}")
        expect_array(ctx, "nd", "expected",
                     f"nd after nd[{esc(text)}] = {assigned} ({kind} holding {{show({expected})}})")
    if supports(ctx, object):  # an object array holds anything: the value must still be unwrapped
        with ctx.case():
            ctx.run("objects = NDBuffer.from_numpy_array(np.array([None, None], dtype=object))")
            ctx.run("values = np.array([1, 'a'], dtype=object)")
            ctx.run(f"value = {make}")
            ctx.run("objects[...] = value")
            ctx.run("got = host(objects).tolist()")
            ctx.check("got == [1, 'a']", f"objects[...] = value ({kind} holding [1, 'a'], object dtype) stores "
                      "{got!r}, expected [1, 'a']")


@contract(
    "ndbuffer.setitem.numpy_array",
    member="NDBuffer.__setitem__",
    text="For host memory, assigning a NumPy array writes its values, broadcast and converted as in NumPy.",
    needs=("host_memory", "writable"),
)
@quiet
def _setitem_numpy_array(ctx: CheckContext) -> None:
    _check_setitem_values(ctx, "values.copy()", "a NumPy array")


@contract(
    "ndbuffer.setitem.ndarray_like",
    member="NDBuffer.__setitem__",
    text="Assigning an array the backend itself produced (as_ndarray_like()) writes its values, broadcast "
    "and converted as in NumPy.",
    needs=("writable",),
)
@quiet
def _setitem_ndarray_like(ctx: CheckContext) -> None:
    _check_setitem_values(ctx, "NDBuffer.from_numpy_array(values.copy()).as_ndarray_like()", "the backend's array")


@contract(
    "ndbuffer.setitem.own_ndbuffer",
    member="NDBuffer.__setitem__",
    text="Assigning an NDBuffer of the same class writes its contents (unwrapped, into object arrays too), "
    "broadcast and converted as in NumPy.",
    needs=("writable",),
)
@quiet
def _setitem_own_ndbuffer(ctx: CheckContext) -> None:
    _check_setitem_values(ctx, "NDBuffer.from_numpy_array(values.copy())", "an NDBuffer")


@contract(
    "ndbuffer.setitem.foreign_ndbuffer",
    member="NDBuffer.__setitem__",
    text="Assigning a conforming NDBuffer of another implementation writes its contents (unwrapped through "
    "its protocol), broadcast and converted as in NumPy.",
    needs=("writable",),
)
@quiet
def _setitem_foreign_ndbuffer(ctx: CheckContext) -> None:
    _check_setitem_values(ctx, "ForeignNDBuffer.from_numpy_array(values.copy())",
                          f"a {esc(ctx.target.foreign_nd_buffer.__qualname__)}")


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
    region = np.empty(shape, np.int8)[key].shape
    kind = ctx.draw(sampled("scalar", "same shape", "broadcast"), "kind")
    _arange_nd(ctx, writes=True)
    ctx.run("expected = array.copy()")
    if kind == "scalar":
        ctx.run("nd[key] = -7")
        ctx.run("expected[key] = -7")
    else:
        if kind == "same shape":
            ctx.let("value_shape", region)
        else:
            ctx.draw(cached(_broadcastable_to, region), "value_shape")
        ctx.run("values = -1 - arange(value_shape, '<i4')")
        ctx.run("value = NDBuffer.from_numpy_array(values.copy())")
        ctx.run("nd[key] = value")
        ctx.run("expected[key] = values")
    expect_array(ctx, "nd", "expected", f"nd after nd[key] = {'-7' if kind == 'scalar' else 'value'}")


@contract(
    "ndbuffer.setitem.fancy_keys",
    member="NDBuffer.__setitem__",
    text="Assigning through integer-array and boolean-mask keys writes the selected elements as in NumPy.",
    needs=("writable",),
)
@quiet
def _setitem_fancy_keys(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros((3, 4), '<i4'))")
    ctx.run("expected = np.zeros((3, 4), '<i4')")
    mask = np.array([[True, False, False, True], [False, True, False, False], [False, False, False, True]])
    cases: tuple[tuple[Any, Any], ...] = (
        (np.array([0, 2]), 5),
        ((np.array([True, False, True]), 1), np.array([7, 8], "<i4")),
        (mask, 3),
        ((np.array([0, 1]), np.array([3, -2])), np.array([1, 2], "<i4")),
    )
    for key, value in cases:
        ctx.let("key", key)
        if isinstance(value, np.ndarray):
            ctx.let("values", value)
            ctx.run("nd[key] = NDBuffer.from_numpy_array(values.copy())")
            ctx.run("expected[key] = values")
        else:
            ctx.run(f"nd[key] = {value!r}")
            ctx.run(f"expected[key] = {value!r}")
        shown = "an NDBuffer holding {show(values)}" if isinstance(value, np.ndarray) else repr(value)
        expect_array(ctx, "nd", "expected", f"nd after nd[{esc(key_src(key))}] = {shown}")


@contract(
    "ndbuffer.setitem.rejects_non_broadcastable",
    member="NDBuffer.__setitem__",
    text="Assigning a value that does not broadcast to the region, or cannot be converted to the dtype, raises "
    "ValueError and leaves the buffer unchanged.",
    needs=("writable",),
    level=Level.SHOULD,
    names_argument="value",
)
@quiet
def _setitem_rejects(ctx: CheckContext) -> None:
    _arange_nd(ctx, "(3, 4)", "'<f8'")
    snapshot(ctx, "nd")
    cases: tuple[tuple[Any, str, str], ...] = (
        (0, "NDBuffer.from_numpy_array(np.ones(3))", "an NDBuffer of shape (3,)"),
        (slice(None, 2), "NDBuffer.from_numpy_array(np.ones((3, 4)))", "an NDBuffer of shape (3, 4)"),
        (Ellipsis, "NDBuffer.from_numpy_array(np.ones((2, 4)))", "an NDBuffer of shape (2, 4)"),
        ((slice(None), 0), "NDBuffer.from_numpy_array(np.ones(4))", "an NDBuffer of shape (4,)"),
        (0, "'abc'", "'abc'"),
    )
    for key, value, label in cases:
        with ctx.case():
            ctx.run(f"value = {value}")
            text = key_src(key)
            ctx.raises(f"nd[{text}] = value", ValueError, argument="value",
                       what=f"nd[{esc(text)}] = {esc(label)} on shape (3, 4)")
            expect_unchanged(ctx, "nd", f"nd[{esc(text)}] = {esc(label)}")


# -- all_equal --------------------------------------------------------------------------------

_BOUND: Any = object()


def _expect_all_equal(
    ctx: CheckContext,
    nd: str,
    expected: bool | str,
    other: Any = _BOUND,
    *,
    equal_nan: bool | None = None,
    other_src: str | None = None,
) -> None:
    """Steps: ``result = nd.all_equal(other)`` is a bool and is *expected* (a bool, or the name of one).

    ``other`` is bound exactly to *other* (``ctx.let``), or to the expression
    *other_src*, or (neither given) is a name earlier steps bound.
    """
    with ctx.case():
        if other_src is not None:
            ctx.run(f"other = {other_src}")
            shown = other_src
        elif other is not _BOUND:
            ctx.let("other", other)
            shown = source_of(other)
        else:
            shown = "other"
        extra = "" if equal_nan is None else f", equal_nan={equal_nan}"
        ctx.run(f"result = {nd}.all_equal(other{extra})")
        call = esc(f"{nd}.all_equal({shown}{extra})")
        ctx.check("isinstance(result, (bool, np.bool_))", f"{call} returned {{type(result).__name__}}, expected bool")
        want, want_text = (expected, f"{{{expected}}}") if isinstance(expected, str) else (repr(expected),) * 2
        ctx.check(f"bool(result) is {want}",
                  f"{call} is {{bool(result)}}, expected {want_text} ({nd} holds {{show(host({nd}))}})")


@contract(
    "ndbuffer.all_equal.none_false",
    member="NDBuffer.all_equal",
    text="all_equal(None) is False, for every buffer (empty buffers and object buffers of None included).",
)
@quiet
def _all_equal_none(ctx: CheckContext) -> None:
    arrays = (("np.zeros(3, '<f8')", "<f8"), ("np.zeros((0,), '<f8')", "<f8"),
              ("np.array([None, None], dtype=object)", object), ("np.zeros(())", "<f8"))
    for array, dtype in arrays:
        if not supports(ctx, dtype):
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array({array})")
            _expect_all_equal(ctx, "nd", False, None)


@contract(
    "ndbuffer.all_equal.nan",
    member="NDBuffer.all_equal",
    text="NaN equals NaN exactly when equal_nan is true (the default), for real and complex dtypes.",
)
@quiet
def _all_equal_nan(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f2", "<f4", ">f8")):
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.full((2, 3), float('nan'), {dtype!r}))")
            _expect_all_equal(ctx, "nd", True, NAN)
            _expect_all_equal(ctx, "nd", True, NAN, equal_nan=True)
            _expect_all_equal(ctx, "nd", False, NAN, equal_nan=False)
            _expect_all_equal(ctx, "nd", True, np.float32(NAN))
            _expect_all_equal(ctx, "nd", False, 1.0)
            ctx.run(f"mixed = NDBuffer.from_numpy_array(np.array([float('nan'), 1.0], {dtype!r}))")
            _expect_all_equal(ctx, "mixed", False, NAN)
            ctx.run(f"ones = NDBuffer.from_numpy_array(np.ones(3, {dtype!r}))")
            _expect_all_equal(ctx, "ones", False, NAN)
            ctx.run(f"array = np.full({LARGE}, float('nan'), {dtype!r})\narray[-1] = 1.0")
            ctx.run("tail = NDBuffer.from_numpy_array(array)  # the one number beyond any 64 Ki block")
            _expect_all_equal(ctx, "tail", False, NAN)
    for value in (complex(NAN, 0.0), complex(1.0, NAN)):
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.full(3, {source_of(value)}, '<c16'))")
            _expect_all_equal(ctx, "nd", True, value)
            _expect_all_equal(ctx, "nd", False, value, equal_nan=False)


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
        with ctx.case():
            nat_src, value_src = source_of(nat), source_of(value)
            ctx.run(f"nd = NDBuffer.from_numpy_array(full((2, 3), {dtype!r}, {nat_src}))")
            _expect_all_equal(ctx, "nd", True, nat)
            _expect_all_equal(ctx, "nd", False, nat, equal_nan=False)
            if value is None:
                continue
            _expect_all_equal(ctx, "nd", False, value)
            ctx.run(f"mixed_array = full((2,), {dtype!r}, {nat_src})")
            ctx.run(f"mixed_array[1] = {value_src}")
            ctx.run("mixed = NDBuffer.from_numpy_array(mixed_array)")
            _expect_all_equal(ctx, "mixed", False, nat)
            ctx.run(f"values = NDBuffer.from_numpy_array(full((3,), {dtype!r}, {value_src}))")
            _expect_all_equal(ctx, "values", True, value)
            _expect_all_equal(ctx, "values", False, nat)


@contract(
    "ndbuffer.all_equal.signed_zero",
    member="NDBuffer.all_equal",
    text="-0.0 never equals 0.0, in either direction: -0.0 data vs a 0.0 fill and 0.0 data vs a -0.0 fill "
    "are both not equal.",
)
@quiet
def _all_equal_signed_zero(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f2", "<f4", "<f8", ">f8")):
        with ctx.case():
            ctx.run(f"negative = NDBuffer.from_numpy_array(np.full((2, 3), -0.0, {dtype!r}))")
            ctx.run(f"positive = NDBuffer.from_numpy_array(np.zeros((2, 3), {dtype!r}))")
            for other in (0.0, np.float64(0.0), np.dtype(dtype).type(0.0)):
                _expect_all_equal(ctx, "negative", False, other)
                _expect_all_equal(ctx, "positive", True, other)
        with ctx.case():  # the one -0.0 (or 0.0) beyond any 64 Ki block
            ctx.run(f"array = np.zeros({LARGE}, {dtype!r})\narray[-1] = -0.0")
            ctx.run("tail = NDBuffer.from_numpy_array(array)")
            _expect_all_equal(ctx, "tail", False, 0.0)
            ctx.run(f"array = np.full({LARGE}, -0.0, {dtype!r})\narray[-1] = 0.0")
            ctx.run("tail = NDBuffer.from_numpy_array(array)")
            _expect_all_equal(ctx, "tail", False, -0.0)
        with ctx.case():  # a strided view: the -0.0 inside it counts, the one outside does not
            ctx.run(f"array = np.zeros((4, 6), {dtype!r})\narray[3, 4] = -0.0")
            ctx.run("view = NDBuffer.from_numpy_array(array)[:, ::2]")
            _expect_all_equal(ctx, "view", False, 0.0)
            ctx.run(f"array = np.zeros((4, 6), {dtype!r})\narray[3, 3] = -0.0")
            ctx.run("view = NDBuffer.from_numpy_array(array)[:, ::2]")
            _expect_all_equal(ctx, "view", True, 0.0)
        with ctx.case():
            ctx.run(f"negative = NDBuffer.from_numpy_array(np.full((2, 3), -0.0, {dtype!r}))")
            ctx.run(f"positive = NDBuffer.from_numpy_array(np.zeros((2, 3), {dtype!r}))")
            for other in (-0.0, np.float64(-0.0), np.dtype(dtype).type(-0.0)):
                _expect_all_equal(ctx, "positive", False, other)
                _expect_all_equal(ctx, "negative", True, other)
            _expect_all_equal(ctx, "positive", False, -0.0, equal_nan=False)
            ctx.run(f"mixed = NDBuffer.from_numpy_array(np.array([0.0, 0.0, -0.0], {dtype!r}))")
            _expect_all_equal(ctx, "mixed", False, 0.0)


@contract(
    "ndbuffer.all_equal.int_zero_vs_negative_zero",
    member="NDBuffer.all_equal",
    text="An integer 0 (a +0.0) does not equal -0.0 float or complex data.",
)
@quiet
def _all_equal_int_zero(ctx: CheckContext) -> None:
    for dtype, negative_value in (("<f8", -0.0), ("<f4", -0.0), ("<c16", complex(-0.0, 0.0))):
        with ctx.case():
            ctx.run(f"negative = NDBuffer.from_numpy_array(np.full(3, {source_of(negative_value)}, {dtype!r}))")
            ctx.run(f"positive = NDBuffer.from_numpy_array(np.zeros(3, {dtype!r}))")
            for other in (0, np.int64(0)):
                _expect_all_equal(ctx, "negative", False, other)
                _expect_all_equal(ctx, "positive", True, other)


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
            with ctx.case():
                ctx.run(f"nd = NDBuffer.from_numpy_array(np.full(3, {source_of(data)}, {dtype!r}))")
                for other in values:
                    same = math.copysign(1, data.real) == math.copysign(1, other.real) and (
                        math.copysign(1, data.imag) == math.copysign(1, other.imag))
                    _expect_all_equal(ctx, "nd", same, other)
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.full(3, complex(0.0, -0.0), {dtype!r}))")
            _expect_all_equal(ctx, "nd", False, 0.0)


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
        with ctx.case():
            dt = dtype_source(dtype)
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.array(['ab', 'ab'], dtype={dt}))")
            _expect_all_equal(ctx, "nd", True, "ab")
            _expect_all_equal(ctx, "nd", True, np.str_("ab"))
            for other in ("abc", "a", "", "AB"):
                _expect_all_equal(ctx, "nd", False, other)
            ctx.run(f"mixed = NDBuffer.from_numpy_array(np.array(['ab', 'ab', 'ac'], dtype={dt}))")
            _expect_all_equal(ctx, "mixed", False, "ab")
            ctx.run(f"blank = NDBuffer.from_numpy_array(np.array(['', ''], dtype={dt}))")
            _expect_all_equal(ctx, "blank", True, "")
            _expect_all_equal(ctx, "blank", False, "a")


@contract(
    "ndbuffer.all_equal.bytes",
    member="NDBuffer.all_equal",
    text="Fixed-length bytes (S) compare element by element: equal only to the same bytes.",
)
@quiet
def _all_equal_bytes(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(np.array([b'ab', b'ab'], '|S3'))")
    _expect_all_equal(ctx, "nd", True, b"ab")
    _expect_all_equal(ctx, "nd", True, np.bytes_(b"ab"))
    for other in (b"abc", b"a", b"", b"AB"):
        _expect_all_equal(ctx, "nd", False, other)
    ctx.run("mixed = NDBuffer.from_numpy_array(np.array([b'ab', b'\\xffb'], '|S3'))")
    _expect_all_equal(ctx, "mixed", False, b"ab")
    ctx.run("blank = NDBuffer.from_numpy_array(np.zeros(2, '|S3'))")
    _expect_all_equal(ctx, "blank", True, b"")
    _expect_all_equal(ctx, "blank", False, b"a")


@contract(
    "ndbuffer.all_equal.bool",
    member="NDBuffer.all_equal",
    text="Booleans compare element by element.",
)
@quiet
def _all_equal_bool(ctx: CheckContext) -> None:
    ctx.run("trues = NDBuffer.from_numpy_array(np.ones((2, 2), '|b1'))")
    _expect_all_equal(ctx, "trues", True, True)
    _expect_all_equal(ctx, "trues", True, np.True_)
    _expect_all_equal(ctx, "trues", False, False)
    ctx.run("falses = NDBuffer.from_numpy_array(np.zeros((2, 2), '|b1'))")
    _expect_all_equal(ctx, "falses", True, False)
    _expect_all_equal(ctx, "falses", False, True)
    ctx.run("mixed = NDBuffer.from_numpy_array(np.array([True, True, False]))")
    _expect_all_equal(ctx, "mixed", False, True)


_RECORD = np.dtype([("a", "<f8"), ("b", "<i4"), ("c", "S2")])


@contract(
    "ndbuffer.all_equal.structured",
    member="NDBuffer.all_equal",
    text="Structured values compare field by field, each field by its own rules (-0.0 vs 0.0 differ, NaN "
    "equal with equal_nan).",
)
@quiet
def _all_equal_structured(ctx: CheckContext) -> None:
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
    ctx.let("record", _RECORD)
    for data, other, expected, equal_nan in cases:
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(full((2, 2), record, {source_of(data)}))")
            _expect_all_equal(ctx, "nd", expected, other_src=f"np.array({source_of(other)}, dtype=record)[()]",
                              equal_nan=equal_nan)
            _expect_all_equal(ctx, "nd", expected, other_src=source_of(other), equal_nan=equal_nan)  # a plain tuple


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
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.zeros({shape!r}, {dtype!r}))")
            for other in (0, NAN, -0.0, "x", 12345):
                _expect_all_equal(ctx, "nd", True, other)
            _expect_all_equal(ctx, "nd", True, NAN, equal_nan=False)


@contract(
    "ndbuffer.all_equal.zero_d",
    member="NDBuffer.all_equal",
    text="A 0-d buffer compares its one element by the same rules.",
)
@quiet
def _all_equal_zero_d(ctx: CheckContext) -> None:
    cases: tuple[tuple[Any, str, Any, bool, bool | None], ...] = (
        (5, "<i4", 5, True, None),
        (5, "<i4", 6, False, None),
        (-0.0, ">f8", 0.0, False, None),
        (-0.0, ">f8", -0.0, True, None),
        (NAN, "<f4", NAN, True, None),
        (NAN, "<f4", NAN, False, False),
        ("ab", "<U2", "ab", True, None),
    )
    for value, dtype, other, expected, equal_nan in cases:
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.array({source_of(value)}, {dtype!r}))")
            _expect_all_equal(ctx, "nd", expected, other, equal_nan=equal_nan)


@contract(
    "ndbuffer.all_equal.broadcast_array",
    member="NDBuffer.all_equal",
    text="all_equal accepts an array (one the backend made) that broadcasts to the buffer's shape and "
    "compares element by element with the same rules.",
)
@quiet
def _all_equal_broadcast(ctx: CheckContext) -> None:
    ctx.run("row = np.array([0.0, 1.5, -0.0, float('nan')])")
    ctx.run("nd = NDBuffer.from_numpy_array(np.tile(row, (3, 1)))")
    cases: tuple[tuple[str, bool, bool | None], ...] = (
        ("row", True, None),
        ("row", False, False),
        ("np.array([0.0, 1.5, 0.0, float('nan')])", False, None),
        ("np.array([-0.0, 1.5, -0.0, float('nan')])", False, None),
        ("np.array([0.0, 1.5, -0.0, 2.0])", False, None),
        ("np.tile(row, (3, 1))", True, None),
        ("np.tile(row, (3, 1))[:, :1].copy()", False, None),
        ("row[None, :].copy()", True, None),
    )
    for other, expected, equal_nan in cases:
        _expect_all_equal(ctx, "nd", expected, other_src=f"NDBuffer.from_numpy_array({other}).as_ndarray_like()",
                          equal_nan=equal_nan)
    ctx.run("ints = NDBuffer.from_numpy_array(np.tile(np.arange(4, dtype='<i4'), (2, 1)))")
    for other, expected in (("np.arange(4, dtype='<i4')", True), ("np.array([0, 1, 2, 4], '<i4')", False)):
        _expect_all_equal(ctx, "ints", expected, other_src=f"NDBuffer.from_numpy_array({other}).as_ndarray_like()")


@contract(
    "ndbuffer.all_equal.rejects_non_broadcastable",
    member="NDBuffer.all_equal",
    text="all_equal with an array that does not broadcast to the buffer's shape raises ValueError.",
    level=Level.SHOULD,
    names_argument="other",
)
@quiet
def _all_equal_rejects(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros((3, 4)))")
    for shape in ((5,), (3,), (2, 4)):
        with ctx.case():
            ctx.run(f"other = NDBuffer.from_numpy_array(np.zeros({shape!r})).as_ndarray_like()")
            ctx.raises("nd.all_equal(other)", ValueError, argument="other",
                       what=f"nd.all_equal(other) with other of shape {shape} on shape (3, 4)")


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


def _fill_and_difference(ctx: CheckContext) -> None:
    """Draw ``dtype`` (one the target supports), ``fill`` and a value of it that differs, bound as ``difference``."""
    dtype = draw_dtype(ctx, _SPECIAL_DTYPES)
    fill = ctx.draw(cached(_fills, dtype), "fill")
    drawn = ctx.draw(from_dtype(dtype), "drawn")
    candidates = [v for v in (*_SPECIALS[dtype], drawn) if not _same_scalar(v, fill, dtype)]
    difference = candidates[ctx.draw(_INDEX, "difference_index") % len(candidates)]
    ctx.let("difference", difference)


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
    _fill_and_difference(ctx)
    shape = ctx.draw(_NONEMPTY_SHAPES_0D, "shape")
    ctx.draw(cached(_positions, shape), "index")
    ctx.run("array = full(shape, dtype, fill)")
    ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
    ctx.run("other = scalar_of(fill, dtype)")
    _expect_all_equal(ctx, "nd", True)
    ctx.run("array[index] = scalar_of(difference, dtype)")
    ctx.run("changed = NDBuffer.from_numpy_array(array.copy())")
    _expect_all_equal(ctx, "changed", False)


def _position_lists(shape: tuple[int, ...]) -> Any:
    return st.lists(_positions(shape), max_size=3)


_STEPS = st.sampled_from([slice(None), slice(None, None, 2), slice(1, None, 2), slice(None, None, -1),
                          slice(None, None, -2), slice(1, None, 3)])


def _steps(ndim: int) -> Any:
    return st.tuples(*[_STEPS] * ndim)


def _axes(ndim: int) -> Any:
    return st.permutations(range(ndim)).map(tuple)


@contract(
    "ndbuffer.all_equal.strided",
    member="NDBuffer.all_equal",
    text="all_equal of a strided or transposed view (made with getitem steps and transpose) compares "
    "exactly the view's elements (property).",
    examples=True,
)
@quiet
def _all_equal_strided(ctx: CheckContext) -> None:
    _fill_and_difference(ctx)
    shape = ctx.draw(_indexing_shapes(6), "shape")
    ctx.draw(cached(_position_lists, shape), "positions")
    ctx.draw(cached(_steps, len(shape)), "steps")
    ctx.draw(cached(_axes, len(shape)), "axes")
    kind = ctx.draw(sampled("steps", "transpose", "both"), "kind")
    view = {"steps": "[steps]", "transpose": ".transpose(axes)", "both": "[steps].transpose(axes)"}[kind]
    ctx.run("array = full(shape, dtype, fill)")
    ctx.run("for index in positions:\n    array[index] = scalar_of(difference, dtype)")
    ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
    ctx.run(f"view = nd{view}")
    ctx.run(f"array_view = array{view}")
    ctx.run("expected = same_values(array_view, full(array_view.shape, dtype, fill))")
    ctx.run("other = scalar_of(fill, dtype)")
    _expect_all_equal(ctx, "view", "expected")


# -- pickle -------------------------------------------------------------------------------------


def _pickle_cases() -> list[tuple[str, str]]:
    """(the array's source, the view of it pickled) of ``ndbuffer.pickle.roundtrip``."""
    nat = "np.iinfo(np.int64).min"
    cases = [
        ("np.array([[1.5, -0.0], [float('nan'), -float('inf')]], '<f8')", ""),
        ("np.arange(6, dtype='>i4').reshape(2, 3)", ""),
        ("np.arange(6, dtype='>f8').reshape(2, 3)", ".transpose(None)"),
        ("np.arange(12, dtype='<i2').reshape(3, 4)", "[::2, 1::2]"),
        ("np.array(-0.0, '>f8')", ""),
        ("np.zeros((0, 3), '<c8')", ""),
        ("np.array(['ab', 'c'], '>U2')", ""),
        ("np.array([b'x', b''], '|S2')", ""),
        ("full((2,), [('a', '<f8'), ('b', '>i2')], (-0.0, 7))", ""),
        (f"np.array([{nat}, 5], '>i8').view('>M8')", ""),
        (f"np.array([{nat}, 5], '<i8').view('<m8[ms]')", ""),
        ("np.array([1, 'a', None], dtype=object)", ""),
        ("np.array([7], '|u1')", ""),
        ("read_only(np.arange(3.0))", ""),
    ]
    if STRING_DTYPE is not None:
        cases.append(("np.array(['h\\u00e9llo', ''], dtype=np.dtypes.StringDType())", ""))
    return cases


@contract(
    "ndbuffer.pickle.roundtrip",
    member="NDBuffer",
    text="Pickling round-trips (protocols 2, 4 and 5, in-band and out-of-band) keeping the class, the exact "
    "dtype (byte order included), the shape and the values; for host memory the result is writable exactly "
    "when the pickled buffer was.",
    level=Level.SHOULD,
)
@quiet
def _pickle_roundtrip(ctx: CheckContext) -> None:
    trips = (
        ("back = pickle.loads(pickle.dumps(src, protocol=2))", "protocol 2"),
        ("back = pickle.loads(pickle.dumps(src, protocol=4))", "protocol 4"),
        ("back = pickle.loads(pickle.dumps(src, protocol=5))", "protocol 5"),
        ("buffers = []\nback = pickle.loads(pickle.dumps(src, protocol=5, buffer_callback=buffers.append), "
         "buffers=buffers)", "protocol 5, out-of-band"),
    )
    for array, view in _pickle_cases():
        with ctx.case():
            ctx.run(f"array = {array}")
            if not supports(ctx, ctx["array"].dtype):  # create.dtype_* reports unsupported dtypes
                continue
            wrapped = "array" if array.startswith("read_only(") else "array.copy()"
            ctx.run(f"nd = NDBuffer.from_numpy_array({wrapped})")
            ctx.run(f"src = nd{view}")
            ctx.run(f"expected = array{view}")
            for trip, label in trips:
                with ctx.case():
                    ctx.run(trip)
                    what = f"pickle round trip ({label}) of nd{esc(view)}"
                    expect_type(ctx, "back", what, cls="NDBuffer")
                    ctx.check("back.byteorder == src.byteorder",
                              f"{what} changed byteorder {{src.byteorder!r}} to {{back.byteorder!r}}")
                    expect_array(ctx, "back", "expected", what)
                    if "host_memory" in ctx.has:
                        ctx.check("host(back).flags.writeable == host(src).flags.writeable",
                                  f"{what} is {{'writable' if host(back).flags.writeable else 'read-only'}}, "
                                  f"expected {{'writable' if host(src).flags.writeable else 'read-only'}} as src")
