"""The ``prototype.allocate.*`` contracts: ``BufferPrototype``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_type, make_prototype

__all__: list[str] = []


@contract(
    "prototype.allocate.through_classes",
    member="BufferPrototype",
    text="Buffers made through prototype.buffer and prototype.nd_buffer are instances of those classes.",
    needs=("buffer", "nd_buffer"),
)
def check_through_classes(ctx: CheckContext) -> None:
    make_prototype(ctx)
    ctx.run("buf = prototype.buffer.from_bytes(b'abc')")
    ctx.run("nd = prototype.nd_buffer.create(shape=(2,), dtype='<i4', fill_value=7)")
    expect_type(ctx, "buf", "prototype.buffer.from_bytes(b'abc')")
    expect_type(ctx, "nd", "prototype.nd_buffer.create(...)", cls="NDBuffer")
    ctx.run("values = host(nd).tolist()")
    ctx.check("values == [7, 7]", "prototype.nd_buffer.create(fill_value=7) holds {values}, expected [7, 7]")
