"""The ``prototype.classes.*`` contracts: ``BufferPrototype``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.registry import contract

__all__: list[str] = []


@contract(
    "prototype.classes.satisfy_protocols",
    member="BufferPrototype",
    text="A prototype's buffer satisfies BufferClass and its nd_buffer satisfies NDBufferClass at runtime.",
    needs=("buffer", "nd_buffer"),
)
def check_satisfy_protocols(ctx: CheckContext) -> None:
    ctx.check("issubclass(Buffer, protocols.BufferClass)", "the Buffer class does not satisfy protocols.BufferClass")
    ctx.check("issubclass(NDBuffer, protocols.NDBufferClass)",
              "the NDBuffer class does not satisfy protocols.NDBufferClass")
