"""The ``ndbuffer.getitem.*`` contracts: ``NDBuffer.__getitem__``."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_type
from bufferspec.conformance._inputs.indexing import arange_nd, basic_indices, indexing_shapes
from bufferspec.conformance._inputs.ndbuffer_steps import (
    draw_dtype,
    expect_array,
    expect_unchanged,
    key_src,
    quiet,
    snapshot,
    supports,
)
from bufferspec.conformance._inputs.strategies import SHAPES, cached, sampled

__all__: list[str] = []


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


@st.composite
def _integer_array_keys(draw: Any, shape: tuple[int, ...]) -> Any:
    if draw(st.booleans()):
        return draw(hnp.integer_array_indices(shape, result_shape=hnp.array_shapes(min_dims=1, max_dims=2, max_side=4)))
    length = shape[0]
    return draw(hnp.arrays(np.intp, draw(st.integers(0, 5)), elements=st.integers(-length, length - 1)))


@contract(
    "ndbuffer.getitem.basic_keys",
    member="NDBuffer.__getitem__",
    text="Indexing with integers, slices (any step), Ellipsis, None and tuples of them gives NumPy's "
    "result, as a buffer of the class (property).",
    examples=True,
)
@quiet
def check_basic_keys(ctx: CheckContext) -> None:
    shape = ctx.draw(SHAPES, "shape")
    draw_dtype(ctx, ("<i4", ">f8", "<U3"))
    key = ctx.draw(cached(basic_indices, shape), "key")
    arange_nd(ctx, dtype="dtype")
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
def check_integer_key_zero_d(ctx: CheckContext) -> None:
    dtype = ">f8" if supports(ctx, ">f8") else "<f8"  # big-endian shows that the dtype is kept exactly
    arange_nd(ctx, "(3, 4)", repr(dtype))
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
def check_integer_key_view(ctx: CheckContext) -> None:
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
def check_basic_view(ctx: CheckContext) -> None:
    shape = ctx.draw(indexing_shapes(), "shape")
    ctx.draw(cached(basic_indices, shape), "key")
    arange_nd(ctx, writes=True)
    ctx.run("view = nd[key]")
    ctx.run("view[...] = -1")
    ctx.run("expected = array.copy()")
    ctx.run("expected[key] = -1")
    expect_array(ctx, "nd", "expected", "nd after writing to view = nd[key]")


@contract(
    "ndbuffer.getitem.fancy_integer",
    member="NDBuffer.__getitem__",
    text="Indexing with integer arrays gives NumPy's result (a copy), as a buffer of the class (property).",
    examples=True,
)
@quiet
def check_fancy_integer(ctx: CheckContext) -> None:
    shape = ctx.draw(indexing_shapes(), "shape")
    ctx.draw(cached(_integer_array_keys, shape), "key")
    draw_dtype(ctx, ("<i4", ">i4"))
    arange_nd(ctx, dtype="dtype")
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
def check_fancy_boolean(ctx: CheckContext) -> None:
    shape = ctx.draw(indexing_shapes(), "shape")
    mask_shape = ctx.draw(sampled(shape, shape[:1]), "mask_shape")
    ctx.draw(cached(hnp.arrays, np.dtype(np.bool_), mask_shape), "key")
    arange_nd(ctx, dtype="'<f4'")
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
def check_rejects_out_of_range(ctx: CheckContext) -> None:
    arange_nd(ctx, "(3, 4)")
    snapshot(ctx, "nd")
    for key in (3, (0, 4), -4, (0, 0, 0)):
        with ctx.case():
            text = key_src(key)
            ctx.raises(f"nd[{text}]", IndexError, argument="key", what=f"nd[{esc(text)}] of shape (3, 4)")
            expect_unchanged(ctx, "nd", f"nd[{esc(text)}]")
