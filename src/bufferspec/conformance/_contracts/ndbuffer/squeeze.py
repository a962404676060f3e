"""The ``ndbuffer.squeeze.*`` contracts: ``NDBuffer.squeeze``."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_type
from bufferspec.conformance._inputs.ndbuffer_steps import draw_dtype, expect_array, expect_unchanged, quiet, snapshot
from bufferspec.conformance._inputs.strategies import cached

__all__: list[str] = []


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
def check_drops_axes(ctx: CheckContext) -> None:
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
def check_view(ctx: CheckContext) -> None:
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
def check_rejects_bad_axis(ctx: CheckContext) -> None:
    for shape, axes in (((1, 3, 1), ((1,), (0, 1), (3,), (0, 5), (2**70,))), ((0, 3), ((1,), (0,))),
                        ((2, 0, 1), ((1,), (0,)))):
        ctx.run(f"nd = NDBuffer.from_numpy_array(arange({shape!r}))")
        snapshot(ctx, "nd")
        for axis in axes:
            with ctx.case():
                ctx.raises(f"nd.squeeze({axis!r})", ValueError, argument="axis",
                           what=f"squeeze({axis!r}) of shape {shape!r}")
                expect_unchanged(ctx, "nd", f"squeeze({axis!r})")
