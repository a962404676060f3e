"""The ``buffer.protocol.*`` contracts: ``Buffer``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.domains import buffer_subjects

__all__: list[str] = []


@contract(
    "buffer.protocol.runtime_check",
    member="Buffer",
    text="Instances satisfy isinstance(buf, bufferspec.protocols.Buffer) and the class satisfies "
    "issubclass(cls, bufferspec.protocols.BufferClass), so other implementations accept them.",
)
def check_runtime_check(ctx: CheckContext) -> None:
    ctx.run("data = b'abc'")
    for made_as in buffer_subjects(ctx):
        ctx.check("isinstance(buf, protocols.Buffer)", f"{esc(made_as)} does not satisfy isinstance(buf, protocols.Buffer)")
    ctx.check("issubclass(Buffer, protocols.BufferClass)",
              "the class does not satisfy issubclass(Buffer, protocols.BufferClass)")
