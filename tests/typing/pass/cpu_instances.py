"""Instances of the reference classes satisfy the instance protocols."""

from __future__ import annotations

from typing_extensions import assert_type

from bufferspec import cpu, protocols

buf = cpu.Buffer.from_bytes(b"abc")
assert_type(buf, cpu.Buffer)
nd = cpu.NDBuffer.create(shape=(2, 3), dtype="f8")
assert_type(nd, cpu.NDBuffer)

b: protocols.Buffer = buf
n: protocols.NDBuffer = nd

# Methods returning ``Self`` keep the concrete class.
assert_type(buf[0:1], cpu.Buffer)
assert_type(buf.combine([b]), cpu.Buffer)
assert_type(buf + b, cpu.Buffer)
assert_type(nd.reshape(-1), cpu.NDBuffer)
assert_type(nd.copy(), cpu.NDBuffer)

# Through the protocol, the declared return types apply.
assert_type(b.to_bytes(), bytes)
assert_type(len(b), int)
assert_type(n.shape, tuple[int, ...])
assert_type(n.byteorder, protocols.Endian)
assert_type(n[0, 0].as_scalar(), protocols.ScalarType)
al: protocols.ArrayLike = b.as_array_like()
nal: protocols.NDArrayLike = n.as_ndarray_like()
bl: protocols.BytesLike = b.as_buffer_like()
mv = memoryview(bl)


def combine_any(first: protocols.Buffer, rest: list[protocols.Buffer]) -> protocols.Buffer:
    return first.combine(rest)


combine_any(buf, [buf, b])
