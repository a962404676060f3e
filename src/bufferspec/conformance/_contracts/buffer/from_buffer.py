"""The ``buffer.from_buffer.*`` contracts: ``BufferClass.from_buffer``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import (
    expect_bytes,
    expect_shares_memory,
    expect_type,
    make,
    make_foreign,
)
from bufferspec.conformance._inputs.domains import BUFFER_SIZES, buffer_subjects
from bufferspec.conformance._inputs.strategies import byte_strings

__all__: list[str] = []


@contract(
    "buffer.from_buffer.contents",
    member="BufferClass.from_buffer",
    text="from_buffer(b) of a buffer of the same class holds exactly the bytes of b.",
    examples=True,
)
def check_contents(ctx: CheckContext) -> None:
    ctx.draw(byte_strings, "data")
    ctx.run("source = Buffer.from_bytes(data)")
    ctx.run("result = Buffer.from_buffer(source)")
    expect_bytes(ctx, "result", "data", "Buffer.from_buffer(source)")


@contract(
    "buffer.from_buffer.foreign",
    member="BufferClass.from_buffer",
    text="from_buffer(b) accepts a conforming Buffer of another implementation and holds exactly its bytes.",
    examples=True,
)
def check_foreign(ctx: CheckContext) -> None:
    ctx.draw(byte_strings, "data")
    ctx.run("other = ForeignBuffer.from_bytes(data)")
    ctx.run("result = Buffer.from_buffer(other)")
    expect_bytes(ctx, "result", "data", "Buffer.from_buffer(other) (a foreign Buffer)")


@contract(
    "buffer.from_buffer.returns_cls",
    member="BufferClass.from_buffer",
    text="from_buffer returns an instance of exactly the class it is called on, whatever the class of its argument.",
)
def check_returns_cls(ctx: CheckContext) -> None:
    for cls in ("Buffer", "ForeignBuffer"):
        with ctx.case():
            make(ctx, "source", b"abc", cls=cls)
            ctx.run("result = Buffer.from_buffer(source)")
            expect_type(ctx, "result", f"Buffer.from_buffer({cls}.from_bytes(...))")


@contract(
    "buffer.from_buffer.no_copy",
    member="BufferClass.from_buffer",
    text="For host memory, from_buffer of a buffer of the same class does not copy: the result shares its memory, "
    "for read-only buffers and slices too.",
    needs=("host_memory",),
)
def check_no_copy(ctx: CheckContext) -> None:
    for size in BUFFER_SIZES[1:]:
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx, "source"):  # read-only memory and slices too
            ctx.run("result = Buffer.from_buffer(source)")
            expect_shares_memory(ctx, "host(result)", "host(source)", f"Buffer.from_buffer({esc(made_as)})")


@contract(
    "buffer.from_buffer.foreign_no_copy",
    member="BufferClass.from_buffer",
    text="For host memory, from_buffer of a host-memory Buffer of another implementation does not copy: "
    "the result shares memory with its as_numpy_array().",
    needs=("host_memory",),
)
def check_foreign_no_copy(ctx: CheckContext) -> None:
    make_foreign(ctx, "source", b"abcdef")
    ctx.run("result = Buffer.from_buffer(source)")
    expect_shares_memory(ctx, "host(result)", "host(source)", "Buffer.from_buffer(source) (a foreign Buffer)")


@contract(
    "buffer.from_buffer.rejects_non_buffer",
    member="BufferClass.from_buffer",
    text="from_buffer of an object that is not a Buffer (bytes, a NumPy array) raises TypeError.",
    names_argument="buffer",
)
def check_rejects_non_buffer(ctx: CheckContext) -> None:
    with ctx.case():
        ctx.raises("Buffer.from_buffer(b'abcd')", TypeError, argument="buffer")
    ctx.run("raw = np.frombuffer(bytearray(b'abcd'), np.uint8)")
    ctx.raises("Buffer.from_buffer(raw)", TypeError, argument="buffer")
    ctx.check("raw.tobytes() == b'abcd'", "Buffer.from_buffer(raw) changed the array it rejected to {raw.tobytes()!r}")
