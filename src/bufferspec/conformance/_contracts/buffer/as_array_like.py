"""The ``buffer.as_array_like.*`` contracts: ``Buffer.as_array_like``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.domains import buffer_subjects

__all__: list[str] = []


@contract(
    "buffer.as_array_like.no_copy",
    member="Buffer.as_array_like",
    text="as_array_like() returns the very array the buffer stores: calling it twice gives the same object.",
)
def check_no_copy(ctx: CheckContext) -> None:
    ctx.run("data = b'abcd'")
    for made_as in buffer_subjects(ctx):
        ctx.check("buf.as_array_like() is buf.as_array_like()",
                  f"({esc(made_as)}).as_array_like() returns a new object on each call")
