"""The ``ndbuffer.shape.*`` contracts: ``NDBuffer.shape``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.ndbuffer_steps import quiet
from bufferspec.conformance._inputs.strategies import SHAPES

__all__: list[str] = []


@contract(
    "ndbuffer.shape.tuple",
    member="NDBuffer.shape",
    text="shape is a tuple of Python ints, the length of every dimension (property).",
    examples=True,
)
@quiet
def check_tuple(ctx: CheckContext) -> None:
    ctx.draw(SHAPES, "shape")
    for make, text in (("NDBuffer.from_numpy_array(np.zeros(shape, '<i2'))", "from_numpy_array"),
                       ("NDBuffer.create(shape=list(shape), dtype='<i2')", "create")):
        with ctx.case():
            ctx.run(f"nd = {make}")
            ctx.run("got = nd.shape")
            ctx.check("type(got) is tuple and got == shape and all(type(d) is int for d in got)",
                      f"{text}(...).shape is {{got!r}}, expected the tuple of ints {{shape!r}}")
