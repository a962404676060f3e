"""The ``buffer.create_zero_length.*`` contracts: ``BufferClass.create_zero_length``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_bytes, expect_type, make

__all__: list[str] = []


@contract(
    "buffer.create_zero_length.empty",
    member="BufferClass.create_zero_length",
    text="create_zero_length() returns an empty buffer: length 0 and no bytes.",
)
def check_empty(ctx: CheckContext) -> None:
    ctx.run("empty = Buffer.create_zero_length()")
    ctx.check("len(empty) == 0", "len(Buffer.create_zero_length()) is {len(empty)}, expected 0")
    expect_bytes(ctx, "empty", "b''", "Buffer.create_zero_length()")


@contract(
    "buffer.create_zero_length.returns_cls",
    member="BufferClass.create_zero_length",
    text="create_zero_length() returns an instance of exactly the class it is called on.",
)
def check_returns_cls(ctx: CheckContext) -> None:
    ctx.run("empty = Buffer.create_zero_length()")
    expect_type(ctx, "empty", "Buffer.create_zero_length()")
    with ctx.case():  # after the class itself made one: nothing cached on the class leaks into a subclass
        ctx.run("class SubBuffer(Buffer):\n    pass")
        ctx.run("sub_empty = SubBuffer.create_zero_length()")
        ctx.check("type(sub_empty) is SubBuffer",
                  "SubBuffer.create_zero_length() returned {type(sub_empty).__qualname__}, expected SubBuffer")


@contract(
    "buffer.create_zero_length.combine_template",
    member="BufferClass.create_zero_length",
    text="create_zero_length().combine(others) holds exactly the bytes of others: the empty buffer is a usable "
    "starting point for concatenation.",
)
def check_combine_template(ctx: CheckContext) -> None:
    make(ctx, "a", b"abc")
    make(ctx, "b", b"de")
    ctx.run("result = Buffer.create_zero_length().combine([a, b])")
    expect_bytes(ctx, "result", "b'abcde'", "Buffer.create_zero_length().combine([a, b])")
