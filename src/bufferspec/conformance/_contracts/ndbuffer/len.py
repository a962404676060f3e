"""The ``ndbuffer.len.*`` contracts: ``NDBuffer.__len__``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.ndbuffer_steps import create, quiet

__all__: list[str] = []


@contract(
    "ndbuffer.len.first_dim",
    member="NDBuffer.__len__",
    text="len() is the length of the first dimension.",
)
@quiet
def check_first_dim(ctx: CheckContext) -> None:
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
def check_zero_d_type_error(ctx: CheckContext) -> None:
    for make in ("NDBuffer.create(shape=(), dtype='<f8', fill_value=1.0)", "NDBuffer.from_numpy_array(np.array(5))"):
        with ctx.case():
            ctx.run(f"nd = {make}")
            ctx.raises("len(nd)", TypeError, what="len() of a 0-d buffer")
