"""The ``buffer.to_bytes.*`` contracts: ``Buffer.to_bytes``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.domains import BUFFER_SIZES, buffer_subjects, draw_data

__all__: list[str] = []


@contract(
    "buffer.to_bytes.contents",
    member="Buffer.to_bytes",
    text="to_bytes() returns the buffer's bytes, equal to as_numpy_array().tobytes().",
    examples=True,
)
def check_contents(ctx: CheckContext) -> None:
    draw_data(ctx)
    for made_as in buffer_subjects(ctx):
        ctx.run("got = buf.to_bytes()")
        ctx.check("got == data", f"({esc(made_as)}).to_bytes() gave {{show_bytes(got)}}, expected {{show_bytes(data)}}")


@contract(
    "buffer.to_bytes.new_object",
    member="Buffer.to_bytes",
    text="to_bytes() returns a new bytes object on every call, never the object the buffer was made from.",
)
def check_new_object(ctx: CheckContext) -> None:
    ctx.run("source = b'abcdef'")
    ctx.run("buf = Buffer.from_bytes(source)")
    ctx.run("first = buf.to_bytes()")
    ctx.check("type(first) is bytes", "buf.to_bytes() returned {type(first).__qualname__}, expected bytes")
    ctx.check("first is not source", "buf.to_bytes() returned the bytes object the buffer was made from")
    ctx.check("buf.to_bytes() is not first", "buf.to_bytes() returned the same object twice")


@contract(
    "buffer.to_bytes.snapshot",
    member="Buffer.to_bytes",
    text="to_bytes() is a copy: writing to the buffer afterwards does not change the bytes it returned.",
    needs=("writable",),
)
def check_snapshot(ctx: CheckContext) -> None:
    for size in BUFFER_SIZES[1:]:
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx, writes=True):
            ctx.run("snapshot = buf.to_bytes()")
            ctx.run("before = bytes(snapshot)")
            ctx.run("buf[0:1] = np.frombuffer(bytes([data[0] ^ 0xFF]), np.uint8).copy()")
            ctx.check("bytes(snapshot) == before",
                      f"the result of ({esc(made_as)}).to_bytes() changed after a write to the buffer")
