"""Contracts of ``NDBuffer`` and ``NDBufferClass``: constructors from arrays, properties, transforms.

Every input is made through the target's own constructors (``create``,
``empty``, ``from_numpy_array``, ``from_ndarray_like`` of an array the target
itself produced) and every result is read back through ``as_numpy_array``,
``as_scalar``, ``dtype``, ``shape`` and ``byteorder``, so the checks run on
device backends too.  Memory identity (``numpy.shares_memory``) is only used by
contracts that need ``host_memory``; the others detect views by writing through
one buffer and reading the other.

Shared helpers live in ``_ndbuffer_support``; ``create``/``empty`` in
``_checks_ndbuffer_create``; indexing, assignment, ``all_equal`` and pickling
in ``_checks_ndbuffer_ops``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import Level, contract

from bufferspec.conformance._ndbuffer_support import (
    STRUCTURED as _STRUCTURED,
    STRING_DTYPE,
    VALUE_DTYPES,
    NUMERIC_DTYPES,
    SHAPES,
    cached,
    from_dtype,
    sampled,
    supported,
    supports,
    draw_dtype,
    quiet,
    src,
    dtype_src,
    key_src,
    int_view,
    full,
    same_values,
    dtype_text,
    expect_array,
    expect_dtype,
    expect_unchanged,
    snapshot,
    create,
    arange,
    ndbuffer,
    _LAYOUTS,
    derived,
    values_strategy,
)


# -- from_ndarray_like, from_numpy_array, as_ndarray_like, as_numpy_array --------------------


@contract(
    "ndbuffer.from_ndarray_like.no_copy",
    member="NDBufferClass.from_ndarray_like",
    text="from_ndarray_like(x).as_ndarray_like() is x: wrapping never copies.",
)
@quiet
def _from_ndarray_like_no_copy(ctx: CheckContext) -> None:
    nd = ndbuffer(ctx, arange((2, 3), "<f8"))
    for source, text in ((nd, "nd"), (nd.transpose(None), "nd.transpose(None)")):
        ctx.record(f"array = {text}.as_ndarray_like(); wrapped = NDBuffer.from_ndarray_like(array)")
        array = source.as_ndarray_like()
        wrapped = ctx.NDBuffer.from_ndarray_like(array)
        ctx.expect_type(wrapped, ctx.NDBuffer, "from_ndarray_like(array)")
        ctx.expect(wrapped.as_ndarray_like() is array, "from_ndarray_like(x).as_ndarray_like() is not x")
        expect_array(ctx, wrapped, ctx.host(source).copy(), "from_ndarray_like(array)")


@contract(
    "ndbuffer.from_numpy_array.array_likes",
    member="NDBufferClass.from_numpy_array",
    text="from_numpy_array accepts anything numpy.asanyarray does (lists, tuples, scalars, strided arrays) "
    "and holds the same shape, dtype and values.",
)
@quiet
def _from_numpy_array_array_likes(ctx: CheckContext) -> None:
    cases: tuple[tuple[Any, str], ...] = (
        ([1, 2, 3], "[1, 2, 3]"),
        ([[1.5, -0.0], [2.0, float("inf")]], "[[1.5, -0.0], [2.0, float('inf')]]"),
        ((1, 2), "(1, 2)"),
        (5, "5"),
        (2.5, "2.5"),
        (True, "True"),
        (np.float32(1.5), "np.float32(1.5)"),
        ([b"ab", b"c"], "[b'ab', b'c']"),
        (["x", "yz"], "['x', 'yz']"),
        (np.arange(12, dtype=">i4").reshape(3, 4).T[::2], "np.arange(12, dtype='>i4').reshape(3, 4).T[::2]"),
    )
    for value, text in cases:
        expected = np.asanyarray(value)
        if not supports(ctx, expected.dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        nd = ctx.call(f"nd = NDBuffer.from_numpy_array({text})", ctx.NDBuffer.from_numpy_array, value)
        what = f"from_numpy_array({text})"
        ctx.expect_type(nd, ctx.NDBuffer, what)
        expect_array(ctx, nd, expected, what)


@contract(
    "ndbuffer.from_numpy_array.roundtrip",
    member="NDBufferClass.from_numpy_array",
    text="from_numpy_array(a).as_numpy_array() holds a's shape, exact dtype and values bit for bit (property).",
    examples=True,
)
@quiet
def _from_numpy_array_roundtrip(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    array = ctx.draw(values_strategy(dtype), "array")
    nd = ndbuffer(ctx, array)
    ctx.expect_type(nd, ctx.NDBuffer, "from_numpy_array(a)")
    expect_array(ctx, nd, array, "from_numpy_array(a)")


@contract(
    "ndbuffer.from_numpy_array.no_copy",
    member="NDBufferClass.from_numpy_array",
    text="For host memory, from_numpy_array wraps a NumPy array without copying it.",
    needs=("host_memory",),
)
@quiet
def _from_numpy_array_no_copy(ctx: CheckContext) -> None:
    base = np.arange(12, dtype="<f8").reshape(3, 4)
    cases = ((base, "a"), (base[:, ::2], "a[:, ::2]"), (base.T, "a.T"), (base.astype(">i4"), "a.astype('>i4')"))
    ctx.record("a = np.arange(12, dtype='<f8').reshape(3, 4)")
    for array, text in cases:
        if not supports(ctx, array.dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        nd = ctx.call(f"nd = NDBuffer.from_numpy_array({text})", ctx.NDBuffer.from_numpy_array, array)
        ctx.expect_shares_memory(ctx.host(nd), array, f"from_numpy_array({text})")


@contract(
    "ndbuffer.as_ndarray_like.no_copy",
    member="NDBuffer.as_ndarray_like",
    text="as_ndarray_like never copies: it returns the same object every time.",
)
@quiet
def _as_ndarray_like_no_copy(ctx: CheckContext) -> None:
    nd = ndbuffer(ctx, arange((2, 3)))
    made = create(ctx, shape=(3,), dtype="<f8", fill_value=1.0)
    for buffer, text in ((nd, "nd"), (nd[1:], "nd[1:]"), (made, "nd2")):
        ctx.record(f"assert {text}.as_ndarray_like() is {text}.as_ndarray_like()")
        ctx.expect(buffer.as_ndarray_like() is buffer.as_ndarray_like(),
                   f"{text}.as_ndarray_like() returned a different object each time")


@contract(
    "ndbuffer.as_numpy_array.matches_buffer",
    member="NDBuffer.as_numpy_array",
    text="as_numpy_array returns a numpy.ndarray with the buffer's shape, dtype and values, for views too "
    "(property).",
    examples=True,
)
@quiet
def _as_numpy_array_matches_buffer(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    array = ctx.draw(values_strategy(dtype), "array")
    nd, expected = derived(ctx, array)
    host = ctx.host(nd)
    ctx.expect(host.shape == nd.shape, f"as_numpy_array().shape {host.shape} differs from shape {nd.shape}")
    ctx.expect(host.dtype == nd.dtype, f"as_numpy_array().dtype {dtype_text(host.dtype)} differs from dtype "
               f"{dtype_text(nd.dtype)}")
    expect_array(ctx, nd, expected, "the buffer")


@contract(
    "ndbuffer.as_numpy_array.no_copy",
    member="NDBuffer.as_numpy_array",
    text="For host memory, as_numpy_array never copies: repeated calls share the buffer's memory.",
    needs=("host_memory",),
)
@quiet
def _as_numpy_array_no_copy(ctx: CheckContext) -> None:
    nd = ndbuffer(ctx, arange((3, 4), "<f8"))
    for buffer, text in ((nd, "nd"), (nd[:, ::2], "nd[:, ::2]")):
        ctx.record(f"a = {text}.as_numpy_array(); b = {text}.as_numpy_array()")
        first, second = ctx.host(buffer), ctx.host(buffer)
        ctx.expect_shares_memory(first, second, f"{text}.as_numpy_array()")
        native = buffer.as_ndarray_like()
        if isinstance(native, np.ndarray):
            ctx.expect_shares_memory(first, native, f"{text}.as_numpy_array() (vs as_ndarray_like())")


# -- as_scalar, byteorder, dtype, shape, len -------------------------------------------------


_ONE_ELEMENT_SHAPES = st.sampled_from([(), (1,), (1, 1), (1, 1, 1), (1, 1, 1, 1)])


def _expect_scalar(ctx: CheckContext, nd: Any, dtype: np.dtype[Any], value: Any, what: str) -> None:
    ctx.record(f"value = {what}")
    scalar = nd.as_scalar()
    ctx.expect(not isinstance(scalar, np.ndarray), f"{what} returned an array {scalar!r}, expected a scalar")
    if dtype.kind == "O":
        ctx.expect(scalar is value, f"{what} returned {scalar!r}, expected the element itself {value!r}")
        return
    if dtype.kind == "T":
        ctx.expect(type(scalar) is str and scalar == value, f"{what} returned {scalar!r}, expected the str {value!r}")
        return
    ctx.expect(
        type(scalar) is dtype.type,
        f"{what} returned {type(scalar).__name__}, expected a NumPy scalar {dtype.type.__name__}",
    )
    if dtype.kind in "biufcmM":
        got = np.dtype(scalar.dtype).newbyteorder("=")
        ctx.expect(got == dtype.newbyteorder("="), f"{what} has dtype {got}, expected {dtype}")
    expected = full((), dtype, value)
    ctx.expect(same_values(full((), dtype, scalar), expected),
               f"{what} returned {scalar!r}, expected {expected[()]!r}")


@contract(
    "ndbuffer.as_scalar.size_one",
    member="NDBuffer.as_scalar",
    text="as_scalar returns the only element as a scalar of the buffer's dtype, never an array, for every "
    "size-1 shape (property).",
    examples=True,
)
@quiet
def _as_scalar_size_one(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    value = ctx.draw(from_dtype(dtype), "value")
    shape = ctx.draw(_ONE_ELEMENT_SHAPES, "shape")
    nd = ndbuffer(ctx, full(shape, dtype, value))
    _expect_scalar(ctx, nd, dtype, full((), dtype, value)[()], "nd.as_scalar()")
    if not supports(ctx, object):
        return
    element = object()
    obj = ndbuffer(ctx, np.array([element], dtype=object).reshape(shape))
    _expect_scalar(ctx, obj, np.dtype(object), element, "nd2.as_scalar()")
    if STRING_DTYPE is not None and supports(ctx, STRING_DTYPE):
        text = ndbuffer(ctx, np.array(["h\u00e9llo"], dtype=STRING_DTYPE).reshape(shape))
        _expect_scalar(ctx, text, STRING_DTYPE, "h\u00e9llo", "nd3.as_scalar()")


@contract(
    "ndbuffer.as_scalar.rejects_size_not_one",
    member="NDBuffer.as_scalar",
    text="as_scalar raises ValueError unless the buffer holds exactly one element.",
)
@quiet
def _as_scalar_rejects(ctx: CheckContext) -> None:
    for shape in ((0,), (2,), (2, 3), (1, 0), (1, 2)):
        nd = create(ctx, shape=shape, dtype="<f8", fill_value=1.0)
        before = snapshot(ctx, nd)
        ctx.record("nd.as_scalar()  # must raise ValueError")
        ctx.expect_raises(ValueError, nd.as_scalar, what=f"as_scalar() of shape {shape}")
        expect_unchanged(ctx, nd, before, "as_scalar()")


@contract(
    "ndbuffer.byteorder.values",
    member="NDBuffer.byteorder",
    text="byteorder is 'little' for dtype byte order '<', 'big' for '>', and sys.byteorder for '=' and '|'.",
)
@quiet
def _byteorder_values(ctx: CheckContext) -> None:
    host = sys.byteorder
    cases: tuple[tuple[Any, str], ...] = (
        ("<f8", "little"), (">f8", "big"), ("=f8", host), ("f8", host), ("|u1", host), ("|b1", host),
        ("|S3", host), ("<U2", "little"), (">U2", "big"), (">M8", "big"), ("<m8[s]", "little"), (">c8", "big"),
        ([("a", "<i4"), ("b", ">f8")], host), (">i8", "big"),
    )
    for dtype, expected in cases:
        if not supports(ctx, dtype):  # create.dtype_* reports unsupported dtypes
            continue
        nd = create(ctx, shape=(2,), dtype=dtype)
        ctx.expect(nd.byteorder == expected,
                   f"byteorder of dtype {dtype_src(dtype)} is {nd.byteorder!r}, expected {expected!r}")
    if not supports(ctx, ">i2"):
        return
    big = ndbuffer(ctx, np.zeros((2, 3), ">i2"))
    for buffer, text in ((big, "nd"), (big.transpose(None), "nd.transpose(None)"), (big[1:], "nd[1:]")):
        ctx.expect(buffer.byteorder == "big", f"{text}.byteorder of dtype '>i2' is {buffer.byteorder!r}, expected 'big'")


_EXACT_DTYPES = (*VALUE_DTYPES, _STRUCTURED, np.dtype(">M8"), np.dtype(">m8"), np.dtype(">U2"), np.dtype("|O"),
                 *(() if STRING_DTYPE is None else (STRING_DTYPE,)))


@contract(
    "ndbuffer.dtype.exact",
    member="NDBuffer.dtype",
    text="dtype is the exact NumPy dtype of the elements, byte order included (property).",
    examples=True,
)
@quiet
def _dtype_exact(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, _EXACT_DTYPES)
    shape = ctx.draw(SHAPES, "shape")
    for nd, text in ((ndbuffer(ctx, full(shape, dtype, None)), "from_numpy_array"),
                     (create(ctx, shape=shape, dtype=dtype), "create")):
        ctx.expect(isinstance(nd.dtype, np.dtype), f"{text}(...).dtype is {type(nd.dtype).__name__}, expected numpy.dtype")
        ctx.expect(nd.dtype == dtype, f"{text}(...).dtype is {dtype_text(nd.dtype)}, expected {dtype_text(dtype)}")


@contract(
    "ndbuffer.shape.tuple",
    member="NDBuffer.shape",
    text="shape is a tuple of Python ints, the length of every dimension (property).",
    examples=True,
)
@quiet
def _shape_tuple(ctx: CheckContext) -> None:
    shape = ctx.draw(SHAPES, "shape")
    for nd, text in ((ndbuffer(ctx, np.zeros(shape, "<i2")), "from_numpy_array"),
                     (create(ctx, shape=list(shape), dtype="<i2"), "create")):
        got = nd.shape
        ctx.expect(
            type(got) is tuple and got == shape and all(type(d) is int for d in got),
            f"{text}(...).shape is {got!r}, expected the tuple of ints {shape!r}",
        )


@contract(
    "ndbuffer.len.first_dim",
    member="NDBuffer.__len__",
    text="len() is the length of the first dimension.",
)
@quiet
def _len_first_dim(ctx: CheckContext) -> None:
    for shape in ((3,), (0,), (0, 4), (2, 5, 1), (4, 0)):
        nd = create(ctx, shape=shape, dtype="<i2")
        ctx.record("len(nd)")
        ctx.expect(len(nd) == shape[0], f"len() of shape {shape} is {len(nd)}, expected {shape[0]}")


@contract(
    "ndbuffer.len.zero_d_type_error",
    member="NDBuffer.__len__",
    text="len() of a 0-d buffer raises TypeError.",
)
@quiet
def _len_zero_d(ctx: CheckContext) -> None:
    for nd in (create(ctx, shape=(), dtype="<f8", fill_value=1.0), ndbuffer(ctx, np.array(5))):
        ctx.record("len(nd)  # must raise TypeError")
        ctx.expect_raises(TypeError, lambda: len(nd), what="len() of a 0-d buffer")


# -- reshape -------------------------------------------------------------------------------


@st.composite
def reshape_targets(draw: Any, size: int) -> tuple[int, ...]:
    """A shape with *size* elements (one to four dimensions)."""
    ndim = draw(st.integers(1, 4))
    if size == 0:
        dims = [draw(st.integers(0, 3)) for _ in range(ndim)]
        dims[draw(st.integers(0, ndim - 1))] = 0
        return tuple(dims)
    dims, rest = [], size
    for _ in range(ndim - 1):
        divisor = draw(st.sampled_from([d for d in range(1, rest + 1) if rest % d == 0]))
        dims.append(divisor)
        rest //= divisor
    dims.append(rest)
    return tuple(draw(st.permutations(dims)))


@contract(
    "ndbuffer.reshape.values_c_order",
    member="NDBuffer.reshape",
    text="reshape(shape) returns the elements in C order in the new shape, for strided inputs too (property).",
    examples=True,
)
@quiet
def _reshape_values(ctx: CheckContext) -> None:
    shape = ctx.draw(SHAPES, "shape")
    dtype = draw_dtype(ctx, ("<i4", ">f8"))
    nd, array = derived(ctx, arange(shape, dtype))
    target = ctx.draw(cached(reshape_targets, array.size), "newshape")
    ctx.record(f"result = src.reshape({target!r})")
    result = nd.reshape(target)
    ctx.expect_type(result, ctx.NDBuffer, f"reshape({target!r})")
    expect_array(ctx, result, array.reshape(target), f"reshape({target!r})")


@contract(
    "ndbuffer.reshape.flatten",
    member="NDBuffer.reshape",
    text="reshape(-1) flattens to one dimension in C order.",
)
@quiet
def _reshape_flatten(ctx: CheckContext) -> None:
    array = arange((2, 3, 4))
    nd = ndbuffer(ctx, array)
    cases = ((nd, array, "nd"), (nd.transpose((1, 0, 2)), array.transpose((1, 0, 2)), "nd.transpose((1, 0, 2))"),
             (nd[:, ::2], array[:, ::2], "nd[:, ::2]"))
    for buffer, expected, text in cases:
        ctx.record(f"flat = {text}.reshape(-1)")
        flat = buffer.reshape(-1)
        ctx.expect_type(flat, ctx.NDBuffer, f"{text}.reshape(-1)")
        expect_array(ctx, flat, expected.reshape(-1), f"{text}.reshape(-1)")
    for shape in ((), (0, 3)):
        small = create(ctx, shape=shape, dtype="<i4", fill_value=3)
        ctx.record("flat = nd.reshape(-1)")
        expect_array(ctx, small.reshape(-1), full(shape, "<i4", 3).reshape(-1), f"create(shape={shape}).reshape(-1)")


@contract(
    "ndbuffer.reshape.view",
    member="NDBuffer.reshape",
    text="For host memory, reshape of contiguous memory is a view: it shares memory with the buffer.",
    needs=("host_memory",),
    level=Level.SHOULD,
)
@quiet
def _reshape_view(ctx: CheckContext) -> None:
    nd = ndbuffer(ctx, arange((3, 4)))
    for newshape in ((2, 6), (12,), -1, (2, 2, 3)):
        ctx.record(f"result = nd.reshape({newshape!r})")
        ctx.expect_shares_memory(ctx.host(nd.reshape(newshape)), ctx.host(nd), f"reshape({newshape!r})")


@contract(
    "ndbuffer.reshape.rejects_size_mismatch",
    member="NDBuffer.reshape",
    text="reshape to a shape with a different number of elements raises ValueError naming newshape and "
    "leaves the buffer unchanged.",
)
@quiet
def _reshape_rejects(ctx: CheckContext) -> None:
    nd = ndbuffer(ctx, arange((2, 3)))
    before = snapshot(ctx, nd)
    for newshape in ((4, 2), (7,), (0,), ()):
        ctx.record(f"nd.reshape({newshape!r})  # must raise ValueError")
        ctx.expect_raises(ValueError, lambda: nd.reshape(newshape), what=f"reshape({newshape!r}) of shape (2, 3)",
                          argument="newshape")
        expect_unchanged(ctx, nd, before, f"reshape({newshape!r})")


# -- squeeze ------------------------------------------------------------------------------------


_SQUEEZABLE_SHAPES = hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=3)


def _axis_subsets(candidates: tuple[int, ...]) -> Any:
    return st.lists(st.sampled_from(candidates), unique=True) if candidates else st.just([])


@contract(
    "ndbuffer.squeeze.drops_axes",
    member="NDBuffer.squeeze",
    text="squeeze(axis) removes exactly the given length-1 axes and keeps the values (property).",
    examples=True,
)
@quiet
def _squeeze_drops_axes(ctx: CheckContext) -> None:
    shape = ctx.draw(_SQUEEZABLE_SHAPES, "shape")
    array = arange(shape, draw_dtype(ctx, (">i2", "<i2")))
    candidates = [i for i, d in enumerate(shape) if d == 1]
    chosen = ctx.draw(cached(_axis_subsets, tuple(candidates)), "axis")
    axis = tuple(chosen)
    nd = ndbuffer(ctx, array)
    ctx.record(f"result = nd.squeeze({axis!r})")
    result = nd.squeeze(axis)
    ctx.expect_type(result, ctx.NDBuffer, f"squeeze({axis!r})")
    expected = array.squeeze(axis)
    expect_array(ctx, result, expected, f"squeeze({axis!r})")


@contract(
    "ndbuffer.squeeze.view",
    member="NDBuffer.squeeze",
    text="squeeze returns a view: writing to the result changes the buffer.",
    needs=("writable",),
)
@quiet
def _squeeze_view(ctx: CheckContext) -> None:
    nd = ndbuffer(ctx, np.zeros((1, 3, 1), "<i4"))
    ctx.record("result = nd.squeeze((0, 2)); result[1] = 5")
    result = nd.squeeze((0, 2))
    result[1] = 5
    expected = np.zeros((1, 3, 1), "<i4")
    expected[0, 1, 0] = 5
    expect_array(ctx, nd, expected, "nd after writing to nd.squeeze((0, 2))")


@contract(
    "ndbuffer.squeeze.rejects_bad_axis",
    member="NDBuffer.squeeze",
    text="squeeze of an axis that is not of length 1 or out of range raises ValueError naming axis and "
    "leaves the buffer unchanged.",
)
@quiet
def _squeeze_rejects(ctx: CheckContext) -> None:
    nd = ndbuffer(ctx, arange((1, 3, 1)))
    before = snapshot(ctx, nd)
    for axis in ((1,), (0, 1), (3,), (0, 5)):
        ctx.record(f"nd.squeeze({axis!r})  # must raise ValueError")
        ctx.expect_raises(ValueError, lambda: nd.squeeze(axis), what=f"squeeze({axis!r}) of shape (1, 3, 1)",
                          argument="axis")
        expect_unchanged(ctx, nd, before, f"squeeze({axis!r})")


# -- transpose ----------------------------------------------------------------------------------


def _transpose_axes(ndim: int) -> Any:
    """None, or a permutation of the axes as a tuple or a list."""
    return st.none() | st.permutations(range(ndim)).flatmap(lambda p: st.sampled_from([tuple(p), list(p)]))


@contract(
    "ndbuffer.transpose.values",
    member="NDBuffer.transpose",
    text="transpose(axes) permutes the axes as NumPy does; None reverses them (property).",
    examples=True,
)
@quiet
def _transpose_values(ctx: CheckContext) -> None:
    shape = ctx.draw(SHAPES, "shape")
    array = arange(shape, "<f4")
    axes = ctx.draw(cached(_transpose_axes, len(shape)), "axes")
    nd = ndbuffer(ctx, array)
    ctx.record(f"result = nd.transpose({axes!r})")
    result = nd.transpose(axes)
    ctx.expect_type(result, ctx.NDBuffer, f"transpose({axes!r})")
    expected = array.transpose(axes)
    expect_array(ctx, result, expected, f"transpose({axes!r})")


@contract(
    "ndbuffer.transpose.view",
    member="NDBuffer.transpose",
    text="transpose never copies: writing to the result changes the buffer.",
    needs=("writable",),
)
@quiet
def _transpose_view(ctx: CheckContext) -> None:
    for axes, key in (((1, 2, 0), (2, 3, 1)), (None, (3, 2, 1))):
        nd = ndbuffer(ctx, np.zeros((2, 3, 4), "<i4"))
        ctx.record(f"result = nd.transpose({axes!r}); result[{key_src(key)}] = 7")
        result = nd.transpose(axes)
        result[key] = 7
        expected = np.zeros((2, 3, 4), "<i4")
        expected.transpose(axes)[key] = 7
        expect_array(ctx, nd, expected, f"nd after writing to nd.transpose({axes!r})")


@contract(
    "ndbuffer.transpose.rejects_bad_axes",
    member="NDBuffer.transpose",
    text="transpose with axes that are not a permutation raises ValueError naming axes and leaves the "
    "buffer unchanged.",
    level=Level.SHOULD,
)
@quiet
def _transpose_rejects(ctx: CheckContext) -> None:
    nd = ndbuffer(ctx, arange((2, 3, 4)))
    before = snapshot(ctx, nd)
    for axes in ((0, 0, 1), (0, 1), (0, 1, 3)):
        ctx.record(f"nd.transpose({axes!r})  # must raise ValueError")
        ctx.expect_raises(ValueError, lambda: nd.transpose(axes), what=f"transpose({axes!r}) of 3 axes",
                          argument="axes")
        expect_unchanged(ctx, nd, before, f"transpose({axes!r})")


# -- astype ----------------------------------------------------------------------------------------


def _castable(source: np.dtype[Any], target: np.dtype[Any]) -> bool:
    # Float to integer casts of NaN/inf are undefined; everything else is well defined.
    return not (source.kind in "fc" and target.kind in "iu")


@contract(
    "ndbuffer.astype.values",
    member="NDBuffer.astype",
    text="astype(dtype) converts the values as NumPy does, to exactly that dtype (property).",
    examples=True,
)
@quiet
def _astype_values(ctx: CheckContext) -> None:
    source = draw_dtype(ctx, NUMERIC_DTYPES, "source dtype")
    target = draw_dtype(ctx, (d for d in NUMERIC_DTYPES if _castable(source, d)))
    order = ctx.draw(sampled(None, "C", "F", "K", "A"), "order")
    nd, array = derived(ctx, ctx.draw(values_strategy(source), "array"))
    if order is None:
        ctx.record(f"result = src.astype({dtype_src(target)})")
        result = nd.astype(target)
    else:
        ctx.record(f"result = src.astype({dtype_src(target)}, order={order!r})")
        result = nd.astype(target, order=order)
    ctx.expect_type(result, ctx.NDBuffer, "astype(...)")
    expect_array(ctx, result, array.astype(target), f"astype({dtype_src(target)})")


@contract(
    "ndbuffer.astype.always_copies",
    member="NDBuffer.astype",
    text="astype always returns new memory, even to the same dtype: writing to the result never changes "
    "the buffer.",
    needs=("writable",),
)
@quiet
def _astype_always_copies(ctx: CheckContext) -> None:
    array = arange((2, 3), "<i4")
    nd = ndbuffer(ctx, array)
    cases = ((nd, "nd", "<i4"), (nd, "nd", "<f8"), (nd.transpose(None), "nd.transpose(None)", "<i4"),
             (nd[:, ::2], "nd[:, ::2]", "<i4"))
    for buffer, text, dtype in cases:
        for order in (None, "K", "C"):
            call = f"astype({dtype!r})" if order is None else f"astype({dtype!r}, order={order!r})"
            ctx.record(f"result = {text}.{call}; result[...] = 9")
            result = buffer.astype(dtype) if order is None else buffer.astype(dtype, order=order)
            result[...] = 9
            expect_array(ctx, nd, array, f"nd after writing to {text}.{call}")
    ctx.record("result = nd.astype(nd.dtype); result[...] = 9")
    same = nd.astype(nd.dtype)
    same[...] = 9
    expect_array(ctx, nd, array, "nd after writing to nd.astype(nd.dtype)")


@contract(
    "ndbuffer.astype.byte_order",
    member="NDBuffer.astype",
    text="astype converts the byte order too: astype('>f8') stores big-endian bytes (generic datetimes included).",
)
@quiet
def _astype_byte_order(ctx: CheckContext) -> None:
    nat = np.iinfo(np.int64).min
    cases: tuple[tuple[npt.NDArray[Any], str], ...] = (
        (np.array([1.5, -0.0, 2.0**40 + 1], "<f8"), ">f8"),
        (np.array([1, -2, 0x01020304], ">i4"), "<i4"),
        (np.array([1, -2, 3], "<i2"), ">f4"),
        (np.array([0, 5, nat], "<i8").view("<M8[s]"), ">M8[s]"),
        (np.array([0, 5, nat], "<i8").view("<M8"), ">M8"),
        (np.array([0, 5, nat], ">i8").view(">m8"), "<m8"),
    )
    for array, dtype in cases:
        nd = ndbuffer(ctx, array)
        ctx.record(f"result = nd.astype({dtype!r})")
        result = nd.astype(dtype)
        what = f"astype({dtype!r}) of dtype {array.dtype.str}"
        expect_dtype(ctx, result, dtype, what)
        if array.dtype.kind in "mM":
            twin = np.dtype(f"{dtype[0]}i8")
            expected = int_view(array).astype(twin).tobytes()
        else:
            expected = array.astype(dtype).tobytes()
        got = np.ascontiguousarray(ctx.host(result)).tobytes()
        ctx.expect(got == expected, f"{what} stores the bytes {got.hex()}, expected {expected.hex()}")


@contract(
    "ndbuffer.astype.order",
    member="NDBuffer.astype",
    text="For host memory, astype(dtype, order='C'/'F') lays the result out C-/Fortran-contiguously.",
    needs=("host_memory",),
)
@quiet
def _astype_order(ctx: CheckContext) -> None:
    nd = ndbuffer(ctx, arange((2, 3, 4)))
    for buffer, text in ((nd, "nd"), (nd.transpose(None), "nd.transpose(None)")):
        for dtype in supported(ctx, ("<i4", ">f8")):
            for order in ("C", "F"):
                ctx.record(f"result = {text}.astype({dtype!r}, order={order!r})")
                flags = ctx.host(buffer.astype(dtype, order=order)).flags
                good = flags.c_contiguous if order == "C" else flags.f_contiguous
                ctx.expect(good, f"{text}.astype({dtype!r}, order={order!r}) is not {order}-contiguous")


# -- copy, fill ---------------------------------------------------------------------------------


@contract(
    "ndbuffer.copy.values",
    member="NDBuffer.copy",
    text="copy returns a buffer of the class with the same shape, exact dtype and values, for strided "
    "inputs too (property).",
    examples=True,
)
@quiet
def _copy_values(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    nd, array = derived(ctx, ctx.draw(values_strategy(dtype), "array"))
    ctx.record("result = src.copy()")
    result = nd.copy()
    ctx.expect_type(result, ctx.NDBuffer, "copy()")
    expect_array(ctx, result, array, "copy()")


@contract(
    "ndbuffer.copy.independent",
    member="NDBuffer.copy",
    text="copy never shares memory: writing to the copy leaves the buffer unchanged and vice versa.",
    needs=("writable",),
)
@quiet
def _copy_independent(ctx: CheckContext) -> None:
    array = arange((3, 4), "<f8")
    for text in ("nd", "nd[::2]", "nd.transpose(None)"):
        nd = ndbuffer(ctx, array)
        ctx.record(f"result = {text}.copy(); result[...] = -1")
        result = _LAYOUTS[text](nd).copy()
        shape = ctx.host(result).shape
        result[...] = -1
        expect_array(ctx, nd, array, f"nd after writing to {text}.copy()")
        ctx.record("nd[...] = 5")
        nd[...] = 5
        expect_array(ctx, result, full(shape, "<f8", -1), f"{text}.copy() after writing to nd")


@contract(
    "ndbuffer.fill.in_place",
    member="NDBuffer.fill",
    text="fill sets every element in place: views of the buffer, and the buffer a view came from, see it.",
    needs=("writable",),
)
@quiet
def _fill_in_place(ctx: CheckContext) -> None:
    nd = ndbuffer(ctx, np.zeros((4, 5), "<i4"))
    ctx.record("view = nd[1:3, ::2]; view.fill(7)")
    view = nd[1:3, ::2]
    result = view.fill(7)
    ctx.expect(result is None, f"fill() returned {result!r}, expected None")
    expected = np.zeros((4, 5), "<i4")
    expected[1:3, ::2] = 7
    expect_array(ctx, nd, expected, "nd after nd[1:3, ::2].fill(7)")
    ctx.record("other = nd[1:]; nd.fill(3)")
    other = nd[1:]
    nd.fill(3)
    expect_array(ctx, other, full((3, 5), "<i4", 3), "nd[1:] after nd.fill(3)")


@contract(
    "ndbuffer.fill.negative_zero",
    member="NDBuffer.fill",
    text="fill(-0.0) keeps the sign bit, in real and complex parts.",
    needs=("writable",),
)
@quiet
def _fill_negative_zero(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f2", "<f4", "<f8", ">f8")):
        nd = ndbuffer(ctx, np.ones((2, 3), dtype))
        ctx.record("nd.fill(-0.0)")
        nd.fill(-0.0)
        expect_array(ctx, nd, full((2, 3), dtype, -0.0), f"nd.fill(-0.0) of dtype {dtype!r}")
    for dtype in supported(ctx, ("<c8", ">c16")):
        for value in (complex(-0.0, -0.0), complex(0.0, -0.0), complex(-0.0, 0.0)):
            nd = ndbuffer(ctx, np.ones(3, dtype))
            ctx.record(f"nd.fill({src(value)})")
            nd.fill(value)
            expect_array(ctx, nd, full((3,), dtype, value), f"nd.fill({src(value)}) of dtype {dtype!r}")


@contract(
    "ndbuffer.fill.bit_exact",
    member="NDBuffer.fill",
    text="fill stores any value of the dtype bit-exactly in every element (property).",
    needs=("writable",),
    examples=True,
)
@quiet
def _fill_bit_exact(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    value = ctx.draw(from_dtype(dtype), "value")
    nd, array = derived(ctx, full(ctx.draw(SHAPES, "shape"), dtype, None))
    ctx.record(f"src.fill({src(value)})")
    nd.fill(value)
    expect_array(ctx, nd, full(array.shape, dtype, value), f"fill({src(value)})")


@contract(
    "ndbuffer.fill.rejects_unstorable",
    member="NDBuffer.fill",
    text="fill with a value that cannot be stored in the dtype raises ValueError naming value and leaves "
    "the buffer unchanged.",
    needs=("writable",),
    level=Level.SHOULD,
)
@quiet
def _fill_rejects(ctx: CheckContext) -> None:
    for dtype, value in (("<i4", "abc"), ("|u1", 300), ("<M8[s]", "not a date")):
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        nd = create(ctx, shape=(3,), dtype=dtype, fill_value=None)
        before = snapshot(ctx, nd)
        ctx.record(f"nd.fill({value!r})  # must raise ValueError")
        ctx.expect_raises(ValueError, lambda: nd.fill(value), what=f"fill({value!r}) of dtype {dtype!r}",
                          argument="value")
        expect_unchanged(ctx, nd, before, f"fill({value!r})")


# -- every method returns type(self) ---------------------------------------------------------


@contract(
    "ndbuffer.results.type_self",
    member="NDBuffer",
    text="Every constructor and every method that returns a buffer returns an instance of type(self), "
    "subclasses included.",
)
@quiet
def _results_type_self(ctx: CheckContext) -> None:
    ctx.record("class Sub(NDBuffer): pass")
    sub: Any = type("Sub", (ctx.NDBuffer,), {})
    ctx.record("nd = Sub.create(shape=(2, 3), dtype='<f8', fill_value=1.0)")
    nd = sub.create(shape=(2, 3), dtype="<f8", fill_value=1.0)
    calls: tuple[tuple[str, Callable[[], Any]], ...] = (
        ("Sub.create(shape=(2, 3), dtype='<f8', fill_value=1.0)", lambda: nd),
        ("Sub.empty((2,), '<i4')", lambda: sub.empty((2,), "<i4")),
        ("Sub.from_numpy_array([1, 2])", lambda: sub.from_numpy_array(np.array([1, 2]))),
        ("Sub.from_ndarray_like(nd.as_ndarray_like())", lambda: sub.from_ndarray_like(nd.as_ndarray_like())),
        ("nd.reshape(-1)", lambda: nd.reshape(-1)),
        ("nd.reshape((3, 2))", lambda: nd.reshape((3, 2))),
        ("nd[None].squeeze((0,))", lambda: nd[None].squeeze((0,))),
        ("nd.transpose(None)", lambda: nd.transpose(None)),
        ("nd.transpose((1, 0))", lambda: nd.transpose((1, 0))),
        ("nd.astype('<i4')", lambda: nd.astype("<i4")),
        ("nd.copy()", lambda: nd.copy()),
        ("nd[0]", lambda: nd[0]),
        ("nd[0, 1]", lambda: nd[0, 1]),
        ("nd[:, ::2]", lambda: nd[:, ::2]),
        ("nd[[0, 1]]", lambda: nd[np.array([0, 1])]),
        ("nd[mask]", lambda: nd[np.array([[True, False, True], [False, True, False]])]),
    )
    for text, call in calls:
        ctx.record(f"assert type({text}) is Sub")
        ctx.expect_type(call(), sub, text)



@contract(
    "ndbuffer.eq.identity",
    member="NDBuffer",
    text="NDBuffers are hashable and compare by identity: == between two buffers with equal contents is False "
    "(contents are compared with all_equal).",
    level=Level.SHOULD,
)
@quiet
def _eq_identity(ctx: CheckContext) -> None:
    first = ndbuffer(ctx, np.arange(3))
    second = ndbuffer(ctx, np.arange(3))
    ctx.record("hash(nd); assert nd == nd and not (nd == nd2) and nd != nd2")
    try:
        hash(first)
    except TypeError as exc:
        ctx.fail(f"hash(nd) raised TypeError: {exc}")
    same = first == first
    ctx.expect(type(same) is bool and same, f"nd == nd gave {same!r}, expected True")
    other = first == second
    ctx.expect(type(other) is bool and not other, f"nd == nd2 (equal contents) gave {other!r}, expected False")
    ctx.expect((first != second) is True, "nd != nd2 is not True")
    ctx.expect(len({first, second, first}) == 2, "a set of nd, nd2, nd does not hold two buffers")
