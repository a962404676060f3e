"""The ``ndbuffer.reshape.*`` contracts: ``NDBuffer.reshape``."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_shares_memory, expect_type
from bufferspec.conformance._inputs.domains import any_size_shapes, draw_subject
from bufferspec.conformance._inputs.ndbuffer_steps import (
    create,
    draw_dtype,
    expect_array,
    expect_unchanged,
    quiet,
    snapshot,
)
from bufferspec.conformance._inputs.strategies import cached

__all__: list[str] = []


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
def check_values_c_order(ctx: CheckContext) -> None:
    ctx.draw(any_size_shapes(), "shape")
    draw_dtype(ctx, ("<i4", ">f8"))
    ctx.run("array = arange(shape, dtype)")
    draw_subject(ctx)
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
def check_flatten(ctx: CheckContext) -> None:
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
def check_view(ctx: CheckContext) -> None:
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
def check_rejects_size_mismatch(ctx: CheckContext) -> None:
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


@contract(
    "ndbuffer.reshape.rejects_non_integer_shape",
    member="NDBuffer.reshape",
    text="reshape to something that is not an integer or a tuple of integers ('x', 2.0, (2, 2.0), None in a "
    "tuple) raises TypeError and leaves the buffer unchanged.",
    level=Level.SHOULD,
    names_argument="newshape",
)
@quiet
def check_rejects_non_integer_shape(ctx: CheckContext) -> None:
    for shape in ("'x'", "2.0", "(2, 2.0)", "(None, 2)"):
        with ctx.case():
            ctx.run("nd = NDBuffer.from_numpy_array(np.arange(4.0))")
            ctx.raises(f"nd.reshape({shape})", TypeError, argument="newshape")
            ctx.check("host(nd).shape == (4,)", esc(f"after nd.reshape({shape}) the shape is ") + "{host(nd).shape}")
