"""Contracts of ``NDBuffer`` and ``NDBufferClass``: constructors from arrays, properties, transforms.

Every input is made through the target's own constructors (``create``,
``empty``, ``from_numpy_array``, ``from_ndarray_like`` of an array the target
itself produced) and every result is read back through ``as_numpy_array``,
``as_scalar``, ``dtype``, ``shape`` and ``byteorder``, so the checks run on
device backends too.  Memory identity (``numpy.shares_memory``) is only used by
contracts that need ``host_memory``; the others detect views by writing through
one buffer and reading the other.

Checks are written as steps (see :class:`CheckContext`): each ``ctx.run`` /
``ctx.check`` / ``ctx.raises`` is Python source that runs as the check and is
also the reproducer.

Shared helpers live in ``_ndbuffer_support``; ``create``/``empty`` in
``_checks_ndbuffer_create``; indexing, assignment, ``all_equal`` and pickling
in ``_checks_ndbuffer_ops``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bufferspec.conformance._checks_buffer import esc, expect_shares_memory, expect_type
from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._axes import LARGE, any_size_shapes, draw_array, every_subject
from bufferspec.conformance._contract import Level, contract
from bufferspec.conformance._ndbuffer_support import (
    NUMERIC_DTYPES,
    SHAPES,
    STRING_DTYPE,
    VALUE_DTYPES,
    cached,
    create,
    derived,
    draw_dtype,
    expect_array,
    expect_dtype,
    expect_unchanged,
    from_dtype,
    key_src,
    quiet,
    sampled,
    snapshot,
    supported,
    supports,
    values_strategy,
)
from bufferspec.conformance._ndbuffer_support import (
    STRUCTURED as _STRUCTURED,
)
from bufferspec.conformance._source import dtype_source, source_of

__all__: list[str] = []


# -- from_ndarray_like, from_numpy_array, as_ndarray_like, as_numpy_array --------------------


@contract(
    "ndbuffer.from_ndarray_like.no_copy",
    member="NDBufferClass.from_ndarray_like",
    text="from_ndarray_like(x).as_ndarray_like() is x: wrapping never copies, nor converts (an ndarray subclass "
    "stays itself when NumPy arrays are the backend's arrays).",
)
@quiet
def _from_ndarray_like_no_copy(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(arange((2, 3), '<f8'))")
    for text in ("nd", "nd.transpose(None)"):
        with ctx.case():
            ctx.run(f"native = {text}.as_ndarray_like()")
            ctx.run("wrapped = NDBuffer.from_ndarray_like(native)")
            what = f"NDBuffer.from_ndarray_like({text}.as_ndarray_like())"
            expect_type(ctx, "wrapped", what, "NDBuffer")
            ctx.check("wrapped.as_ndarray_like() is native", f"{what}.as_ndarray_like() is not the array it wrapped")
            ctx.run(f"expected = host({text}).copy()")
            expect_array(ctx, "wrapped", "expected", what)
    ctx.run("native = nd.as_ndarray_like()")
    if isinstance(ctx["native"], np.ndarray):  # NumPy arrays are the backend's own: so are their subclasses
        with ctx.case():
            ctx.run("class SubArray(np.ndarray):\n    pass")
            ctx.run("native = arange((2, 3), '<f8').view(SubArray)")
            ctx.run("wrapped = NDBuffer.from_ndarray_like(native)")
            ctx.check("wrapped.as_ndarray_like() is native",
                      "NDBuffer.from_ndarray_like(x).as_ndarray_like() is not x for x of an ndarray subclass")


@contract(
    "ndbuffer.from_numpy_array.array_likes",
    member="NDBufferClass.from_numpy_array",
    text="from_numpy_array accepts anything numpy.asanyarray does (lists, tuples, scalars, strided arrays) "
    "and holds the same shape, dtype and values.",
)
@quiet
def _from_numpy_array_array_likes(ctx: CheckContext) -> None:
    cases = (
        "[1, 2, 3]",
        "[[1.5, -0.0], [2.0, float('inf')]]",
        "(1, 2)",
        "5",
        "2.5",
        "True",
        "np.float32(1.5)",
        "[b'ab', b'c']",
        "['x', 'yz']",
        "np.arange(12, dtype='>i4').reshape(3, 4).T[::2]",
    )
    for text in cases:
        dtype = np.asanyarray(eval(text, {"np": np})).dtype  # noqa: S307 - the kit's own literals
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array({text})")
            ctx.run(f"expected = np.asanyarray({text})")
            what = f"NDBuffer.from_numpy_array({esc(text)})"
            expect_type(ctx, "nd", what, "NDBuffer")
            expect_array(ctx, "nd", "expected", what)


@contract(
    "ndbuffer.from_numpy_array.roundtrip",
    member="NDBufferClass.from_numpy_array",
    text="from_numpy_array(a).as_numpy_array() holds a's shape, exact dtype and values bit for bit (property).",
    examples=True,
)
@quiet
def _from_numpy_array_roundtrip(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    draw_array(ctx, dtype)
    ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
    expect_type(ctx, "nd", "NDBuffer.from_numpy_array(array)", "NDBuffer")
    expect_array(ctx, "nd", "array", "NDBuffer.from_numpy_array(array)")


@contract(
    "ndbuffer.from_numpy_array.no_copy",
    member="NDBufferClass.from_numpy_array",
    text="For host memory, from_numpy_array wraps a writable NumPy array without copying it, whatever its layout "
    "(strided, reversed, transposed, Fortran-ordered, unaligned).",
    needs=("host_memory",),
)
@quiet
def _from_numpy_array_no_copy(ctx: CheckContext) -> None:
    ctx.run("a = np.arange(12, dtype='<f8').reshape(3, 4)")
    for text, dtype in (("a", "<f8"), ("a[:, ::2]", "<f8"), ("a.T", "<f8"), ("a.astype('>i4')", ">i4"),
                        ("np.asfortranarray(a)", "<f8"), ("np.frombuffer(bytearray(33), 'u1')[1:].view('<f8')", "<f8"),
                        ("a[::-1]", "<f8"), ("a[::-1, ::-2]", "<f8"), ("a.reshape(-1)[::-1]", "<f8")):
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        with ctx.case():
            ctx.run(f"source = {text}")
            ctx.run("nd = NDBuffer.from_numpy_array(source)")
            expect_shares_memory(ctx, "host(nd)", "source", f"NDBuffer.from_numpy_array({text})")


@contract(
    "ndbuffer.from_numpy_array.read_only_no_copy",
    member="NDBufferClass.from_numpy_array",
    text="For host memory, from_numpy_array wraps a read-only NumPy array without copying it, and the buffer "
    "stays read-only (a backend whose arrays cannot be read-only copies instead).",
    needs=("host_memory",),
    level=Level.SHOULD,
)
@quiet
def _from_numpy_array_read_only_no_copy(ctx: CheckContext) -> None:
    for text in ("read_only(np.arange(12, dtype='<f8').reshape(3, 4))",
                 "np.frombuffer(bytes(range(12)), '|u1').reshape(3, 4)",
                 "read_only(np.asfortranarray(np.arange(12, dtype='<f8').reshape(3, 4)))"):
        with ctx.case():
            ctx.run(f"source = {text}")
            ctx.run("nd = NDBuffer.from_numpy_array(source)")
            expect_shares_memory(ctx, "host(nd)", "source", f"NDBuffer.from_numpy_array({esc(text)})")
            ctx.check("not host(nd).flags.writeable",
                      f"NDBuffer.from_numpy_array({esc(text)}) made writable memory of a read-only array")


@contract(
    "ndbuffer.as_ndarray_like.no_copy",
    member="NDBuffer.as_ndarray_like",
    text="as_ndarray_like never copies: it returns the same object every time, for every layout (C, Fortran, "
    "read-only, transposed and stepped views).",
)
@quiet
def _as_ndarray_like_no_copy(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(arange((2, 3)))")
    create(ctx, "nd2", shape=(3,), dtype="<f8", fill_value=1.0)
    ctx.run("fortran = NDBuffer.from_numpy_array(np.asfortranarray(arange((2, 3))))")
    ctx.run("frozen = NDBuffer.from_numpy_array(read_only(arange((2, 3))))")
    for text in ("nd", "nd[1:]", "nd2", "fortran", "frozen", "nd.transpose(None)", "nd[:, ::-2]"):
        with ctx.case():
            ctx.run(f"buffer = {text}")
            ctx.check("buffer.as_ndarray_like() is buffer.as_ndarray_like()",
                      f"{text}.as_ndarray_like() returned a different object each time")


@contract(
    "ndbuffer.as_numpy_array.matches_buffer",
    member="NDBuffer.as_numpy_array",
    text="as_numpy_array returns a numpy.ndarray with the buffer's shape, dtype and values, bit for bit, for "
    "every construction path and layout: C, Fortran, read-only, reshaped and copied buffers, and their views "
    "(itself, [...], transposed, stepped, reversed) (property).",
    examples=True,
)
@quiet
def _as_numpy_array_matches_buffer(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    draw_array(ctx, dtype)
    derived(ctx, required=True)
    ctx.run("got = host(src)")
    ctx.check("got.shape == src.shape", "src.as_numpy_array().shape {got.shape} differs from src.shape {src.shape}")
    ctx.check("got.dtype == src.dtype",
              "src.as_numpy_array().dtype {dtype_text(got.dtype)} differs from src.dtype {src.dtype!r}")
    expect_array(ctx, "src", "expected", "src")
    ctx.run("grid = pattern_array((3, 4), dtype, 7)")
    for made_as in every_subject(ctx, array="grid"):  # and every layout of a 2-d array, every time
        expect_array(ctx, "src", "expected", esc(made_as))


@contract(
    "ndbuffer.as_numpy_array.no_copy",
    member="NDBuffer.as_numpy_array",
    text="For host memory, as_numpy_array never copies: repeated calls share the buffer's memory, for read-only, "
    "Fortran-ordered and strided buffers too.",
    needs=("host_memory",),
)
@quiet
def _as_numpy_array_no_copy(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(arange((3, 4), '<f8'))")
    ctx.run("frozen = NDBuffer.from_numpy_array(read_only(arange((3, 4), '<f8')))")
    ctx.run("fortran = NDBuffer.from_numpy_array(np.asfortranarray(arange((3, 4), '<f8')))")
    for text in ("nd", "nd[:, ::2]", "frozen", "frozen.transpose(None)", "fortran", "fortran[::-1]"):
        with ctx.case():
            ctx.run(f"buffer = {text}")
            ctx.run("first = host(buffer)")
            ctx.run("second = host(buffer)")
            expect_shares_memory(ctx, "first", "second", f"{text}.as_numpy_array()")
            ctx.run("native = buffer.as_ndarray_like()")
            if isinstance(ctx["native"], np.ndarray):
                expect_shares_memory(ctx, "first", "native", f"{text}.as_numpy_array() (vs as_ndarray_like())")


# -- as_scalar, byteorder, dtype, shape, len -------------------------------------------------


_ONE_ELEMENT_SHAPES = st.sampled_from([(), (1,), (1, 1), (1, 1, 1), (1, 1, 1, 1)])


def _expect_scalar(ctx: CheckContext, name: str, kind: str) -> None:
    """Steps: ``scalar = name.as_scalar()`` is the element as a scalar.

    The expected element is ``expected`` (a 0-d array of ``dtype``) for NumPy
    scalar kinds, ``element`` (the object itself) for object dtype and ``text``
    (a ``str``) for StringDType.
    """
    what = f"{name}.as_scalar()"
    ctx.run(f"scalar = {what}")
    ctx.check("not isinstance(scalar, np.ndarray)", f"{what} returned an array {{scalar!r}}, expected a scalar")
    if kind == "O":
        ctx.check("scalar is element",
                  f"{what} returned another object (a {{type(scalar).__name__}}), expected the element itself")
        return
    if kind == "T":
        ctx.check("type(scalar) is str and scalar == text", f"{what} returned {{scalar!r}}, expected the str {{text!r}}")
        return
    ctx.check("type(scalar) is dtype.type",
              f"{what} returned {{type(scalar).__name__}}, expected a NumPy scalar {{dtype.type.__name__}}")
    if kind in "biufcmM":
        ctx.check("np.dtype(scalar.dtype).newbyteorder('=') == dtype.newbyteorder('=')",
                  f"{what} has dtype {{np.dtype(scalar.dtype).newbyteorder('=')}}, expected {{dtype}}")
    ctx.check("same_bits(full((), dtype, scalar), expected)",
              f"{what} returned {{scalar!r}}, expected {{expected[()]!r}} (bit for bit)")


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
    ctx.draw(from_dtype(dtype), "value")
    ctx.draw(_ONE_ELEMENT_SHAPES, "shape")
    with ctx.case():
        ctx.run("nd = NDBuffer.from_numpy_array(full(shape, dtype, value))")
        ctx.run("expected = full((), dtype, value)")
        _expect_scalar(ctx, "nd", dtype.kind)
    if dtype.kind in "fc":  # the bit patterns a drawn value rarely is: -0.0, a negative NaN with a full payload
        for edge in ("-np.zeros((), dtype)[()]", "np.frombuffer(b'\\xff' * dtype.itemsize, dtype)[0]"):
            with ctx.case():
                ctx.run(f"value = {edge}")
                ctx.run("nd = NDBuffer.from_numpy_array(full(shape, dtype, value))")
                ctx.run("expected = full((), dtype, value)")
                _expect_scalar(ctx, "nd", dtype.kind)
    if supports(ctx, object):
        with ctx.case():
            ctx.run("element = object()")
            ctx.run("nd = NDBuffer.from_numpy_array(np.array([element], dtype=object).reshape(shape))")
            _expect_scalar(ctx, "nd", "O")
    if STRING_DTYPE is not None and supports(ctx, STRING_DTYPE):
        with ctx.case():
            ctx.run("text = 'h\\u00e9llo'")
            ctx.run("nd = NDBuffer.from_numpy_array(np.array([text], dtype=np.dtypes.StringDType()).reshape(shape))")
            _expect_scalar(ctx, "nd", "T")


@contract(
    "ndbuffer.as_scalar.rejects_size_not_one",
    member="NDBuffer.as_scalar",
    text="as_scalar raises ValueError unless the buffer holds exactly one element.",
)
@quiet
def _as_scalar_rejects(ctx: CheckContext) -> None:
    for shape in ((0,), (2,), (2, 3), (1, 0), (1, 2)):
        with ctx.case():
            create(ctx, shape=shape, dtype="<f8", fill_value=1.0)
            snapshot(ctx, "nd")
            ctx.raises("nd.as_scalar()", ValueError, what=f"as_scalar() of shape {shape}")
            expect_unchanged(ctx, "nd", "as_scalar()")


@contract(
    "ndbuffer.byteorder.values",
    member="NDBuffer.byteorder",
    text="byteorder is 'little' for dtype byte order '<', 'big' for '>', and sys.byteorder for '=' and '|'.",
)
@quiet
def _byteorder_values(ctx: CheckContext) -> None:
    host = "sys.byteorder"
    cases: tuple[tuple[Any, str], ...] = (
        ("<f8", "'little'"), (">f8", "'big'"), ("=f8", host), ("f8", host), ("|u1", host), ("|b1", host),
        ("|S3", host), ("<U2", "'little'"), (">U2", "'big'"), (">M8", "'big'"), ("<m8[s]", "'little'"),
        (">c8", "'big'"), ([("a", "<i4"), ("b", ">f8")], host), (">i8", "'big'"),
    )
    for dtype, expected in cases:
        if not supports(ctx, dtype):  # create.dtype_* reports unsupported dtypes
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.create(shape=(2,), dtype={source_of(dtype)})")
            shown = "{sys.byteorder!r}" if expected == host else expected
            ctx.check(f"nd.byteorder == {expected}",
                      f"byteorder of dtype {esc(source_of(dtype))} is {{nd.byteorder!r}}, expected {shown}")
    if not supports(ctx, ">i2"):
        return
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros((2, 3), '>i2'))")
    for text in ("nd", "nd.transpose(None)", "nd[1:]"):
        with ctx.case():
            ctx.run(f"view = {text}")
            ctx.check("view.byteorder == 'big'",
                      f"{text}.byteorder of dtype '>i2' is {{view.byteorder!r}}, expected 'big'")


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
    draw_dtype(ctx, _EXACT_DTYPES)
    ctx.draw(SHAPES, "shape")
    for make, text in (("NDBuffer.from_numpy_array(full(shape, dtype, None))", "from_numpy_array"),
                       ("NDBuffer.create(shape=shape, dtype=dtype)", "create")):
        with ctx.case():
            ctx.run(f"nd = {make}")
            ctx.check("isinstance(nd.dtype, np.dtype)",
                      f"{text}(...).dtype is {{type(nd.dtype).__name__}}, expected numpy.dtype")
            ctx.check("nd.dtype == dtype", f"{text}(...).dtype is {{dtype_text(nd.dtype)}}, expected {{dtype_text(dtype)}}")


@contract(
    "ndbuffer.shape.tuple",
    member="NDBuffer.shape",
    text="shape is a tuple of Python ints, the length of every dimension (property).",
    examples=True,
)
@quiet
def _shape_tuple(ctx: CheckContext) -> None:
    ctx.draw(SHAPES, "shape")
    for make, text in (("NDBuffer.from_numpy_array(np.zeros(shape, '<i2'))", "from_numpy_array"),
                       ("NDBuffer.create(shape=list(shape), dtype='<i2')", "create")):
        with ctx.case():
            ctx.run(f"nd = {make}")
            ctx.run("got = nd.shape")
            ctx.check("type(got) is tuple and got == shape and all(type(d) is int for d in got)",
                      f"{text}(...).shape is {{got!r}}, expected the tuple of ints {{shape!r}}")


@contract(
    "ndbuffer.len.first_dim",
    member="NDBuffer.__len__",
    text="len() is the length of the first dimension.",
)
@quiet
def _len_first_dim(ctx: CheckContext) -> None:
    for shape in ((3,), (0,), (0, 4), (2, 5, 1), (4, 0)):
        with ctx.case():
            create(ctx, shape=shape, dtype="<i2")
            ctx.check(f"len(nd) == {shape[0]}", f"len() of shape {shape} is {{len(nd)}}, expected {shape[0]}")


@contract(
    "ndbuffer.len.zero_d_type_error",
    member="NDBuffer.__len__",
    text="len() of a 0-d buffer raises TypeError.",
)
@quiet
def _len_zero_d(ctx: CheckContext) -> None:
    for make in ("NDBuffer.create(shape=(), dtype='<f8', fill_value=1.0)", "NDBuffer.from_numpy_array(np.array(5))"):
        with ctx.case():
            ctx.run(f"nd = {make}")
            ctx.raises("len(nd)", TypeError, what="len() of a 0-d buffer")


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
    ctx.draw(any_size_shapes(), "shape")
    draw_dtype(ctx, ("<i4", ">f8"))
    ctx.run("array = arange(shape, dtype)")
    derived(ctx)
    ctx.draw(cached(reshape_targets, ctx["expected"].size), "newshape")
    ctx.run("result = src.reshape(newshape)")
    expect_type(ctx, "result", "src.reshape({newshape})", "NDBuffer")
    expect_array(ctx, "result", "expected.reshape(newshape)", "src.reshape({newshape})")


@contract(
    "ndbuffer.reshape.flatten",
    member="NDBuffer.reshape",
    text="reshape(-1) flattens to one dimension in C order.",
)
@quiet
def _reshape_flatten(ctx: CheckContext) -> None:
    ctx.run("array = arange((2, 3, 4))")
    ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
    for text in ("nd", "nd.transpose((1, 0, 2))", "nd[:, ::2]"):
        with ctx.case():
            ctx.run(f"flat = {text}.reshape(-1)")
            expect_type(ctx, "flat", f"{text}.reshape(-1)", "NDBuffer")
            expect_array(ctx, "flat", f"{text.replace('nd', 'array', 1)}.reshape(-1)", f"{text}.reshape(-1)")
    for shape in ((), (0, 3)):
        with ctx.case():
            create(ctx, shape=shape, dtype="<i4", fill_value=3)
            ctx.run("flat = nd.reshape(-1)")
            expect_array(ctx, "flat", f"full({shape!r}, '<i4', 3).reshape(-1)",
                         f"NDBuffer.create(shape={shape!r}, ...).reshape(-1)")


@contract(
    "ndbuffer.reshape.view",
    member="NDBuffer.reshape",
    text="For host memory, reshape of contiguous memory is a view: it shares memory with the buffer.",
    needs=("host_memory",),
    level=Level.SHOULD,
)
@quiet
def _reshape_view(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(arange((3, 4)))")
    for newshape in ((2, 6), (12,), -1, (2, 2, 3)):
        with ctx.case():
            ctx.run(f"result = nd.reshape({newshape!r})")
            expect_shares_memory(ctx, "host(result)", "host(nd)", f"nd.reshape({newshape!r})")


@contract(
    "ndbuffer.reshape.rejects_size_mismatch",
    member="NDBuffer.reshape",
    text="reshape to a shape with a different number of elements raises ValueError and leaves the buffer "
    "unchanged.",
    names_argument="newshape",
)
@quiet
def _reshape_rejects(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(arange((2, 3)))")
    snapshot(ctx, "nd")
    for newshape in ((4, 2), (7,), (0,), ()):
        with ctx.case():
            ctx.raises(f"nd.reshape({newshape!r})", ValueError, argument="newshape",
                       what=f"reshape({newshape!r}) of shape (2, 3)")
            expect_unchanged(ctx, "nd", f"reshape({newshape!r})")
    ctx.run("empty = NDBuffer.from_numpy_array(np.zeros((0, 3), '<i4'))")  # size 0 is a size too
    for newshape in ((2, 2), (1,), ()):
        with ctx.case():
            ctx.raises(f"empty.reshape({newshape!r})", ValueError, argument="newshape",
                       what=f"reshape({newshape!r}) of shape (0, 3)")


# -- squeeze ------------------------------------------------------------------------------------


_SQUEEZABLE_SHAPES = hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=3)


def _axis_subsets(candidates: tuple[int, ...]) -> Any:
    """Tuples of distinct axes among *candidates*."""
    return st.lists(st.sampled_from(candidates), unique=True).map(tuple) if candidates else st.just(())


@contract(
    "ndbuffer.squeeze.drops_axes",
    member="NDBuffer.squeeze",
    text="squeeze(axis) removes exactly the given length-1 axes and keeps the values (property).",
    examples=True,
)
@quiet
def _squeeze_drops_axes(ctx: CheckContext) -> None:
    shape = ctx.draw(_SQUEEZABLE_SHAPES, "shape")
    draw_dtype(ctx, (">i2", "<i2"))
    candidates = tuple(i for i, d in enumerate(shape) if d == 1)
    ctx.draw(cached(_axis_subsets, candidates), "axis")
    ctx.run("array = arange(shape, dtype)")
    ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
    ctx.run("result = nd.squeeze(axis)")
    expect_type(ctx, "result", "nd.squeeze({axis})", "NDBuffer")
    expect_array(ctx, "result", "array.squeeze(axis)", "nd.squeeze({axis})")


@contract(
    "ndbuffer.squeeze.view",
    member="NDBuffer.squeeze",
    text="squeeze returns a view: writing to the result changes the buffer.",
    needs=("writable",),
)
@quiet
def _squeeze_view(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros((1, 3, 1), '<i4'))")
    ctx.run("result = nd.squeeze((0, 2))")
    ctx.run("result[1] = 5")
    ctx.run("expected = np.zeros((1, 3, 1), '<i4')")
    ctx.run("expected[0, 1, 0] = 5")
    expect_array(ctx, "nd", "expected", "nd after writing to nd.squeeze((0, 2))")


@contract(
    "ndbuffer.squeeze.rejects_bad_axis",
    member="NDBuffer.squeeze",
    text="squeeze of an axis that is not of length 1 or out of range raises ValueError and leaves the buffer "
    "unchanged, for empty buffers too (an axis of length 0 is not of length 1).",
    names_argument="axis",
)
@quiet
def _squeeze_rejects(ctx: CheckContext) -> None:
    for shape, axes in (((1, 3, 1), ((1,), (0, 1), (3,), (0, 5), (2**70,))), ((0, 3), ((1,), (0,))),
                        ((2, 0, 1), ((1,), (0,)))):
        ctx.run(f"nd = NDBuffer.from_numpy_array(arange({shape!r}))")
        snapshot(ctx, "nd")
        for axis in axes:
            with ctx.case():
                ctx.raises(f"nd.squeeze({axis!r})", ValueError, argument="axis",
                           what=f"squeeze({axis!r}) of shape {shape!r}")
                expect_unchanged(ctx, "nd", f"squeeze({axis!r})")


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
    shape = ctx.draw(any_size_shapes(), "shape")
    ctx.draw(cached(_transpose_axes, len(shape)), "axes")
    ctx.run("array = arange(shape, '<f4')")
    made_as = derived(ctx)
    ctx.run("result = src.transpose(axes)")
    expect_type(ctx, "result", "src.transpose({axes!r})", "NDBuffer")
    expect_array(ctx, "result", "expected.transpose(axes)", f"src.transpose({{axes!r}}) for src = {esc(made_as)}")


@contract(
    "ndbuffer.transpose.view",
    member="NDBuffer.transpose",
    text="transpose never copies: writing to the result changes the buffer.",
    needs=("writable",),
)
@quiet
def _transpose_view(ctx: CheckContext) -> None:
    cases = (((2, 3, 4), (1, 2, 0), (2, 3, 1)), ((2, 3, 4), None, (3, 2, 1)), ((2, 3, 4), (0, 1, 2), (1, 2, 3)),
             ((5,), None, (4,)), ((5,), (0,), (1,)), ((), None, ()), ((), (), ()))  # identities are views too
    for shape, axes, key in cases:
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.zeros({shape!r}, '<i4'))")
            ctx.run(f"result = nd.transpose({axes!r})")
            ctx.run(f"result[{key_src(key) if key else '...'}] = 7")
            ctx.run(f"expected = np.zeros({shape!r}, '<i4')")
            ctx.run(f"expected.transpose({axes!r})[{key_src(key) if key else '...'}] = 7")
            expect_array(ctx, "nd", "expected", f"nd after writing to nd.transpose({axes!r}) (shape {shape!r})")


@contract(
    "ndbuffer.transpose.rejects_bad_axes",
    member="NDBuffer.transpose",
    text="transpose with axes that are not a permutation raises ValueError and leaves the buffer unchanged.",
    level=Level.SHOULD,
    names_argument="axes",
)
@quiet
def _transpose_rejects(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(arange((2, 3, 4)))")
    snapshot(ctx, "nd")
    for axes in ((0, 0, 1), (0, 1), (0, 1, 3), (2**70, 0, 1)):
        with ctx.case():
            ctx.raises(f"nd.transpose({axes!r})", ValueError, argument="axes", what=f"transpose({axes!r}) of 3 axes")
            expect_unchanged(ctx, "nd", f"transpose({axes!r})")


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
    source = draw_dtype(ctx, NUMERIC_DTYPES, "source_dtype")
    target = draw_dtype(ctx, (d for d in NUMERIC_DTYPES if _castable(source, d)))
    order = ctx.draw(sampled(None, "C", "F", "K", "A"), "order")
    draw_array(ctx, source)
    derived(ctx)
    ctx.run("result = src.astype(dtype)" if order is None else "result = src.astype(dtype, order=order)")
    what = f"src.astype({esc(dtype_source(target))})"
    expect_type(ctx, "result", what, "NDBuffer")
    expect_array(ctx, "result", "expected.astype(dtype)", what, exact=False)


@contract(
    "ndbuffer.astype.always_copies",
    member="NDBuffer.astype",
    text="astype always returns new memory, even to the same dtype: writing to the result never changes "
    "the buffer.",
    needs=("writable",),
)
@quiet
def _astype_always_copies(ctx: CheckContext) -> None:
    ctx.run("array = arange((2, 3), '<i4')")
    ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
    calls = [
        f"{text}.astype({dtype!r})" if order is None else f"{text}.astype({dtype!r}, order={order!r})"
        for text, dtype in (("nd", "<i4"), ("nd", "<f8"), ("nd.transpose(None)", "<i4"), ("nd[:, ::2]", "<i4"))
        for order in (None, "K", "C")
    ]
    for call in (*calls, "nd.astype(nd.dtype)"):
        with ctx.case():
            ctx.run(f"result = {call}")
            ctx.run("result[...] = 9")
            expect_array(ctx, "nd", "array", f"nd after writing to {call}")
    if "host_memory" in ctx.has:  # read-only memory is copied too (the result's own memory is new)
        ctx.run("frozen = NDBuffer.from_numpy_array(read_only(array.copy()))")
        for call in ("frozen.astype('<i4')", "frozen.astype(frozen.dtype)", "frozen.astype('<i4', order='K')"):
            with ctx.case():
                ctx.run(f"result = {call}")
                ctx.check("not np.shares_memory(host(result), host(frozen))", f"{call} shares memory with frozen")


@contract(
    "ndbuffer.astype.byte_order",
    member="NDBuffer.astype",
    text="astype converts the byte order too: astype('>f8') stores big-endian bytes (generic datetimes included).",
)
@quiet
def _astype_byte_order(ctx: CheckContext) -> None:
    nat = "np.iinfo(np.int64).min"
    cases = (
        ("np.array([1.5, -0.0, 2.0**40 + 1], '<f8')", "<f8", ">f8"),
        ("np.array([1, -2, 0x01020304], '>i4')", ">i4", "<i4"),
        ("np.array([1, -2, 3], '<i2')", "<i2", ">f4"),
        (f"np.array([0, 5, {nat}], '<i8').view('<M8[s]')", "<M8[s]", ">M8[s]"),
        (f"np.array([0, 5, {nat}], '<i8').view('<M8')", "<M8", ">M8"),
        (f"np.array([0, 5, {nat}], '>i8').view('>m8')", ">m8", "<m8"),
    )
    for make, before, dtype in cases:
        with ctx.case():
            ctx.run(f"array = {make}")
            ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
            ctx.run(f"result = nd.astype({dtype!r})")
            what = f"nd.astype({dtype!r}) of dtype {before}"
            expect_dtype(ctx, "result", dtype, what)
            if np.dtype(before).kind in "mM":  # NumPy casts only the counts' bytes exactly: compare those
                ctx.run(f"expected = int_view(array).astype('{dtype[0]}i8').tobytes()")
            else:
                ctx.run(f"expected = array.astype({dtype!r}).tobytes()")
            ctx.run("got = np.ascontiguousarray(host(result)).tobytes()")
            ctx.check("got == expected", f"{what} stores the bytes {{got.hex()}}, expected {{expected.hex()}}")


@contract(
    "ndbuffer.astype.order",
    member="NDBuffer.astype",
    text="For host memory, astype(dtype, order='C'/'F') lays the result out C-/Fortran-contiguously.",
    needs=("host_memory",),
)
@quiet
def _astype_order(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(arange((2, 3, 4)))")
    for text in ("nd", "nd.transpose(None)"):
        for dtype in supported(ctx, ("<i4", ">f8")):
            for order, flag in (("C", "c_contiguous"), ("F", "f_contiguous")):
                with ctx.case():
                    call = f"{text}.astype({dtype!r}, order={order!r})"
                    ctx.run(f"flags = host({call}).flags")
                    ctx.check(f"flags.{flag}", f"{call} is not {order}-contiguous")


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
    draw_array(ctx, dtype)
    derived(ctx)
    ctx.run("result = src.copy()")
    expect_type(ctx, "result", "src.copy()", "NDBuffer")
    expect_array(ctx, "result", "expected", "src.copy()")
    ctx.run("grid = pattern_array((3, 4), dtype, 7)")
    for made_as in every_subject(ctx, array="grid"):  # and every layout of a 2-d array, every time
        ctx.run("result = src.copy()")
        expect_array(ctx, "result", "expected", f"({esc(made_as)}).copy()")


@contract(
    "ndbuffer.copy.independent",
    member="NDBuffer.copy",
    text="copy never shares memory: writing to the copy leaves the buffer unchanged and vice versa.",
    needs=("writable",),
)
@quiet
def _copy_independent(ctx: CheckContext) -> None:
    for shape in ((3, 4), (), (1,), (1, 1), (LARGE,)):
        ctx.run(f"array = arange({shape!r}, '<f8')")
        views = ("nd", "nd[...]", "nd.transpose(None)") + (("nd[::2]", "nd[::-1]") if shape else ())
        for text in views:
            with ctx.case():
                ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
                ctx.run(f"result = {text}.copy()")
                ctx.run("expected = full(host(result).shape, '<f8', -1.0)")
                ctx.run("result[...] = -1")
                expect_array(ctx, "nd", "array", f"nd after writing to {text}.copy() (shape {shape})")
                ctx.run("nd[...] = 5")
                expect_array(ctx, "result", "expected", f"{text}.copy() after writing to nd (shape {shape})")
    if "host_memory" in ctx.has:  # the copy of read-only memory is new memory too
        for shape in ((3, 4), (), (1,)):
            with ctx.case():
                ctx.run(f"frozen = NDBuffer.from_numpy_array(read_only(arange({shape!r}, '<f8')))")
                ctx.run("result = frozen.copy()")
                ctx.check("not np.shares_memory(host(result), host(frozen))",
                          f"frozen.copy() shares memory with frozen, a read-only buffer of shape {shape}")


@contract(
    "ndbuffer.fill.in_place",
    member="NDBuffer.fill",
    text="fill sets every element in place: views of the buffer, and the buffer a view came from, see it.",
    needs=("writable",),
)
@quiet
def _fill_in_place(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros((4, 5), '<i4'))")
    ctx.run("view = nd[1:3, ::2]")
    ctx.run("returned = view.fill(7)")
    ctx.check("returned is None", "nd[1:3, ::2].fill(7) returned {returned!r}, expected None")
    ctx.run("expected = np.zeros((4, 5), '<i4')")
    ctx.run("expected[1:3, ::2] = 7")
    expect_array(ctx, "nd", "expected", "nd after nd[1:3, ::2].fill(7)")
    ctx.run("other = nd[1:]")
    ctx.run("nd.fill(3)")
    expect_array(ctx, "other", "full((3, 5), '<i4', 3)", "nd[1:] after nd.fill(3)")
    for key in ("2, 4, ...", "0, 0, ...", "-1, 1, ..."):  # a 0-d view writes through as well
        with ctx.case():
            ctx.run("nd = NDBuffer.from_numpy_array(full((4, 5), '<i4', 3))")
            ctx.run(f"nd[{key}].fill(-5)")
            ctx.run(f"expected = full((4, 5), '<i4', 3)\nexpected[{key}] = -5")
            expect_array(ctx, "nd", "expected", f"nd after nd[{key}].fill(-5) (a 0-d view)")
    for dtype, value in (("<U3", "'b'"), ("|S3", "b'b'")):  # every dtype kind writes in place
        if not supports(ctx, dtype):
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.array(['a', 'cc', 'ddd'], {dtype!r}))")
            ctx.run("view = nd[0:2]")
            ctx.run(f"nd.fill({value})")
            ctx.run(f"expected = np.array([{value}, {value}], {dtype!r})")
            expect_array(ctx, "view", "expected", f"nd[0:2] after nd.fill({value}) (dtype {dtype})")


@contract(
    "ndbuffer.fill.negative_zero",
    member="NDBuffer.fill",
    text="fill(-0.0) keeps the sign bit, in real and complex parts.",
    needs=("writable",),
)
@quiet
def _fill_negative_zero(ctx: CheckContext) -> None:
    cases = [("(2, 3)", dtype, "-0.0") for dtype in supported(ctx, ("<f2", "<f4", "<f8", ">f8"))]
    cases += [("(3,)", dtype, source_of(value)) for dtype in supported(ctx, ("<c8", ">c16"))
              for value in (complex(-0.0, -0.0), complex(0.0, -0.0), complex(-0.0, 0.0))]
    for shape, dtype, value in cases:
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.ones({shape}, {dtype!r}))")
            ctx.run(f"nd.fill({value})")
            expect_array(ctx, "nd", f"full({shape}, {dtype!r}, {value})", f"nd.fill({value}) of dtype {dtype!r}")


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
    ctx.draw(from_dtype(dtype), "value")
    ctx.draw(any_size_shapes(), "shape")
    ctx.run("array = full(shape, dtype, None)")
    derived(ctx, writes=True)
    ctx.run("src.fill(value)")
    expect_array(ctx, "src", "full(expected.shape, dtype, value)", "src.fill({value!r})")


@contract(
    "ndbuffer.fill.rejects_unstorable",
    member="NDBuffer.fill",
    text="fill with a value that cannot be stored in the dtype (as for create's fill_value) or that is not one "
    "scalar raises ValueError and leaves the buffer unchanged.",
    needs=("writable",),
    level=Level.SHOULD,
    names_argument="value",
)
@quiet
def _fill_rejects(ctx: CheckContext) -> None:
    from bufferspec.conformance._checks_ndbuffer_values import NON_SCALARS, UNSTORABLE, value_source

    cases: tuple[tuple[Any, Any], ...] = (
        ("<i4", "abc"), ("|u1", 300), ("<M8[s]", "not a date"), *UNSTORABLE,
        *(("<f8", value) for value in NON_SCALARS),
    )
    for dtype, value in cases:
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        with ctx.case():
            create(ctx, shape=(3,), dtype=dtype, fill_value=None)
            snapshot(ctx, "nd")
            what = esc(f"fill({value_source(value)}) of dtype {dtype_source(dtype)}")
            ctx.raises(f"nd.fill({value_source(value)})", ValueError, argument="value", what=what)
            expect_unchanged(ctx, "nd", what)


# -- every method returns type(self) ---------------------------------------------------------


@contract(
    "ndbuffer.results.type_self",
    member="NDBuffer",
    text="Every constructor and every method that returns a buffer returns an instance of type(self), "
    "subclasses included.",
)
@quiet
def _results_type_self(ctx: CheckContext) -> None:
    ctx.run("class Sub(NDBuffer):\n    pass")
    ctx.run("nd = Sub.create(shape=(2, 3), dtype='<f8', fill_value=1.0)")
    calls = (
        "nd",
        "Sub.empty((2,), '<i4')",
        "Sub.from_numpy_array(np.array([1, 2]))",
        "Sub.from_ndarray_like(nd.as_ndarray_like())",
        "nd.reshape(-1)",
        "nd.reshape((3, 2))",
        "nd[None].squeeze((0,))",
        "nd.transpose(None)",
        "nd.transpose((1, 0))",
        "nd.astype('<i4')",
        "nd.copy()",
        "nd[0]",
        "nd[0, 1]",
        "nd[:, ::2]",
        "nd[np.array([0, 1])]",
        "nd[np.array([[True, False, True], [False, True, False]])]",
    )
    for call in calls:
        with ctx.case():
            ctx.run(f"result = {call}")
            what = "Sub.create(shape=(2, 3), dtype='<f8', fill_value=1.0)" if call == "nd" else esc(call)
            expect_type(ctx, "result", what, "Sub")


@contract(
    "ndbuffer.eq.identity",
    member="NDBuffer",
    text="NDBuffers are hashable and compare by identity: == between two buffers with equal contents is False "
    "(contents are compared with all_equal).",
    level=Level.SHOULD,
)
@quiet
def _eq_identity(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(np.arange(3))")
    ctx.run("nd2 = NDBuffer.from_numpy_array(np.arange(3))")
    ctx.run("try:\n    hash(nd)\nexcept TypeError as exc:\n    raise AssertionError(f'hash(nd) raised TypeError: {exc}')")
    ctx.run("same = nd == nd")
    ctx.check("type(same) is bool and same", "nd == nd gave {same!r}, expected True")
    ctx.run("other = nd == nd2")
    ctx.check("type(other) is bool and not other", "nd == nd2 (equal contents) gave {other!r}, expected False")
    ctx.check("(nd != nd2) is True", "nd != nd2 is not True")
    ctx.check("len({nd, nd2, nd}) == 2", "a set of nd, nd2, nd does not hold two buffers")
