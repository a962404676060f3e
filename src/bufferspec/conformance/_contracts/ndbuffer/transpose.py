"""The ``ndbuffer.transpose.*`` contracts: ``NDBuffer.transpose``."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_type
from bufferspec.conformance._inputs.domains import any_size_shapes, draw_subject
from bufferspec.conformance._inputs.ndbuffer_steps import expect_array, expect_unchanged, key_src, quiet, snapshot
from bufferspec.conformance._inputs.strategies import cached

__all__: list[str] = []


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
def check_values(ctx: CheckContext) -> None:
    shape = ctx.draw(any_size_shapes(), "shape")
    ctx.draw(cached(_transpose_axes, len(shape)), "axes")
    ctx.run("array = arange(shape, '<f4')")
    made_as = draw_subject(ctx)
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
def check_view(ctx: CheckContext) -> None:
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
def check_rejects_bad_axes(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(arange((2, 3, 4)))")
    snapshot(ctx, "nd")
    for axes in ((0, 0, 1), (0, 1), (0, 1, 3), (2**70, 0, 1)):
        with ctx.case():
            ctx.raises(f"nd.transpose({axes!r})", ValueError, argument="axes", what=f"transpose({axes!r}) of 3 axes")
            expect_unchanged(ctx, "nd", f"transpose({axes!r})")
