"""The reference classes satisfy the class-side protocols; the prototype is a BufferPrototype."""

from __future__ import annotations

from typing_extensions import assert_type

from bufferspec import cpu
from bufferspec.protocols import (
    Buffer,
    BufferClass,
    BufferPrototype,
    NDBuffer,
    NDBufferClass,
)

buffer_class: BufferClass = cpu.Buffer
nd_buffer_class: NDBufferClass = cpu.NDBuffer
buffer_type: type[Buffer] = cpu.Buffer
nd_buffer_type: type[NDBuffer] = cpu.NDBuffer

proto: BufferPrototype = cpu.buffer_prototype
assert_type(cpu.buffer_prototype, BufferPrototype)
assert_type(cpu.numpy_buffer_prototype(), BufferPrototype)
assert_type(cpu.default_buffer_prototype(), BufferPrototype)
built = BufferPrototype(buffer=cpu.Buffer, nd_buffer=cpu.NDBuffer)
positional = BufferPrototype(cpu.Buffer, cpu.NDBuffer)

# Calls through a prototype are typed as the protocols.
assert_type(proto.buffer, BufferClass)
assert_type(proto.nd_buffer, NDBufferClass)
assert_type(proto.buffer.from_bytes(b"x"), Buffer)
assert_type(proto.buffer.from_bytes(bytearray(b"x")), Buffer)
assert_type(proto.buffer.from_bytes(memoryview(b"x")), Buffer)
assert_type(proto.buffer.create_zero_length(), Buffer)
assert_type(proto.nd_buffer.create(shape=(2,), dtype="f8"), NDBuffer)
assert_type(proto.nd_buffer.create(shape=[2, 3], dtype="f8", order="F", fill_value=0.0), NDBuffer)
assert_type(proto.nd_buffer.empty((2,), "u1"), NDBuffer)
assert_type(proto.nd_buffer.from_numpy_array([1, 2, 3]), NDBuffer)

buffer_class, nd_buffer_class = proto
assert_type(buffer_class, BufferClass)


def wrap(data: bytes, prototype: BufferPrototype = cpu.default_buffer_prototype()) -> Buffer:
    return prototype.buffer.from_bytes(data)


result: Buffer = cpu.as_numpy_array_wrapper(lambda a: a.tobytes(), wrap(b"ab"), cpu.buffer_prototype)
