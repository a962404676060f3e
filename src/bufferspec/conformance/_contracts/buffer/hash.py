"""The ``buffer.hash.*`` contracts: ``Buffer``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import make

__all__: list[str] = []


@contract(
    "buffer.hash.unhashable",
    member="Buffer",
    text="Buffers are mutable and therefore unhashable: hash(buf) raises TypeError.",
)
def check_unhashable(ctx: CheckContext) -> None:
    for writable in (False, True):
        with ctx.case():
            make(ctx, "buf", b"abc", writable=writable)
            ctx.raises("hash(buf)", TypeError)
