"""Contracts of ``Buffer`` and ``BufferClass``: construction, access, slicing."""

from __future__ import annotations

import numpy as np

from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import Level, contract
from bufferspec.conformance._strategies import byte_strings, slice_bounds

# -- construction --------------------------------------------------------------------


@contract(
    "buffer.from_bytes.roundtrip",
    member="BufferClass.from_bytes",
    text="from_bytes(b) holds exactly the bytes of b: to_bytes() and as_numpy_array() give them back.",
    examples=True,
)
def _from_bytes_roundtrip(ctx: CheckContext) -> None:
    data = ctx.draw(byte_strings, "data")
    buf = ctx.buffer(data)
    ctx.record("assert buf.to_bytes() == data")
    ctx.expect(buf.to_bytes() == data, f"to_bytes() gave {buf.to_bytes()!r}, expected {data!r}")
    ctx.expect(ctx.host_bytes(buf) == data, "as_numpy_array() does not hold the input bytes")
    ctx.expect(len(buf) == len(data), f"len() is {len(buf)}, expected {len(data)}")


@contract(
    "buffer.from_bytes.returns_cls",
    member="BufferClass.from_bytes",
    text="from_bytes returns an instance of the class it is called on.",
)
def _from_bytes_returns_cls(ctx: CheckContext) -> None:
    buf = ctx.buffer(b"abc")
    ctx.expect_type(buf, ctx.Buffer, "from_bytes(b'abc')")


@contract(
    "buffer.from_bytes.rejects_str",
    member="BufferClass.from_bytes",
    text="from_bytes(str) raises TypeError.",
)
def _from_bytes_rejects_str(ctx: CheckContext) -> None:
    ctx.record("Buffer.from_bytes('text')  # must raise TypeError")
    ctx.expect_raises(TypeError, lambda: ctx.Buffer.from_bytes("text"), what="from_bytes('text')")


@contract(
    "buffer.from_bytes.no_copy",
    member="BufferClass.from_bytes",
    text="For host memory, from_bytes does not copy: a buffer made from a bytearray aliases it.",
    needs=("host_memory", "writable"),
)
def _from_bytes_no_copy(ctx: CheckContext) -> None:
    source = bytearray(b"abcdef")
    ctx.record("source = bytearray(b'abcdef'); buf = Buffer.from_bytes(source); source[0] = ord('z')")
    buf = ctx.Buffer.from_bytes(source)
    source[0] = ord("z")
    ctx.expect(ctx.host_bytes(buf)[:1] == b"z", "from_bytes(bytearray) copied the data (a write to the bytearray is not visible)")


@contract(
    "buffer.from_bytes.any_buffer_protocol",
    member="BufferClass.from_bytes",
    text="from_bytes accepts any C-contiguous buffer-protocol object; NumPy arrays give their raw bytes.",
)
def _from_bytes_any_buffer_protocol(ctx: CheckContext) -> None:
    cases: tuple[tuple[object, bytes, str], ...] = (
        (memoryview(b"xyz"), b"xyz", "memoryview(b'xyz')"),
        (np.arange(3, dtype="<f8"), np.arange(3, dtype="<f8").tobytes(), "np.arange(3, dtype='<f8')"),
        (bytearray(b"q"), b"q", "bytearray(b'q')"),
    )
    for source, expected, label in cases:
        ctx.record(f"Buffer.from_bytes({label})")
        buf = ctx.Buffer.from_bytes(source)
        ctx.expect(ctx.host_bytes(buf) == expected, f"from_bytes({label}) does not hold the raw bytes")


@contract(
    "buffer.from_array_like.no_copy",
    member="BufferClass.from_array_like",
    text="from_array_like(a).as_array_like() is a: wrapping never copies.",
)
def _from_array_like_identity(ctx: CheckContext) -> None:
    array = ctx.buffer(b"abcd").as_array_like()
    ctx.record("array = buf.as_array_like(); assert Buffer.from_array_like(array).as_array_like() is array")
    wrapped = ctx.Buffer.from_array_like(array)
    ctx.expect_type(wrapped, ctx.Buffer, "from_array_like(...)")
    ctx.expect(wrapped.as_array_like() is array, "from_array_like(a).as_array_like() is not a")


@contract(
    "buffer.create_zero_length.empty",
    member="BufferClass.create_zero_length",
    text="create_zero_length() returns an empty buffer of the class.",
)
def _create_zero_length(ctx: CheckContext) -> None:
    buf = ctx.call("buf = Buffer.create_zero_length()", ctx.Buffer.create_zero_length)
    ctx.expect_type(buf, ctx.Buffer, "create_zero_length()")
    ctx.expect(len(buf) == 0 and buf.to_bytes() == b"", "create_zero_length() is not empty")


# -- slicing ---------------------------------------------------------------------------


@contract(
    "buffer.getitem.slice_semantics",
    member="Buffer.__getitem__",
    text="buf[a:b] follows Python slice rules (negative, clamped, stop = len + 1) and returns the same class.",
    examples=True,
)
def _getitem_semantics(ctx: CheckContext) -> None:
    data = ctx.draw(byte_strings, "data")
    key = ctx.draw(slice_bounds(len(data)), "key")
    buf = ctx.buffer(data)
    ctx.record(f"part = buf[{key.start}:{key.stop}:{key.step}]")
    part = buf[key]
    ctx.expect_type(part, ctx.Buffer, "buf[a:b]")
    ctx.expect(part.to_bytes() == data[key], f"buf[{key!r}] gave {part.to_bytes()!r}, expected {data[key]!r}")


@contract(
    "buffer.getitem.view",
    member="Buffer.__getitem__",
    text="A slice is a view: it shares memory with the buffer.",
    needs=("host_memory",),
)
def _getitem_view(ctx: CheckContext) -> None:
    buf = ctx.buffer(b"0123456789")
    ctx.record("part = buf[2:6]")
    part = buf[2:6]
    ctx.expect_shares_memory(ctx.host(part), ctx.host(buf), "buf[2:6]")


@contract(
    "buffer.getitem.rejects_step",
    member="Buffer.__getitem__",
    text="A slice step other than None or 1 raises ValueError.",
)
def _getitem_rejects_step(ctx: CheckContext) -> None:
    buf = ctx.buffer(b"0123456789")
    for step in (2, -1):
        ctx.record(f"buf[::{step}]  # must raise ValueError")
        ctx.expect_raises(ValueError, lambda: buf[::step], what=f"buf[::{step}]")


@contract(
    "buffer.getitem.rejects_non_slice",
    member="Buffer.__getitem__",
    text="A key that is not a slice (an int, a tuple) raises TypeError.",
)
def _getitem_rejects_non_slice(ctx: CheckContext) -> None:
    buf = ctx.buffer(b"0123456789")
    for key in (0, (0, 1)):
        ctx.record(f"buf[{key!r}]  # must raise TypeError")
        ctx.expect_raises(TypeError, lambda: buf[key], what=f"buf[{key!r}]")


@contract(
    "buffer.as_buffer_like.contiguous",
    member="Buffer.as_buffer_like",
    text="as_buffer_like() exports the buffer protocol over the same bytes, C-contiguous.",
    level=Level.MUST,
)
def _as_buffer_like(ctx: CheckContext) -> None:
    buf = ctx.buffer(b"abcdef")
    ctx.record("view = memoryview(buf.as_buffer_like())")
    view = memoryview(buf.as_buffer_like())
    ctx.expect(view.c_contiguous, "as_buffer_like() is not C-contiguous")
    ctx.expect(view.tobytes() == b"abcdef", "as_buffer_like() does not hold the bytes")
