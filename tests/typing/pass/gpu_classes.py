"""The GPU reference classes satisfy the protocols as the CPU ones do (checking them needs no CuPy)."""

from __future__ import annotations

from typing_extensions import assert_type

from bufferspec import gpu
from bufferspec.protocols import Buffer, BufferClass, BufferPrototype, NDBuffer, NDBufferClass

buffer_class: BufferClass = gpu.Buffer
nd_buffer_class: NDBufferClass = gpu.NDBuffer
proto: BufferPrototype = gpu.buffer_prototype
built = BufferPrototype(buffer=gpu.Buffer, nd_buffer=gpu.NDBuffer)

data = gpu.Buffer.from_bytes(b"abcd")
assert_type(data, gpu.Buffer)
assert_type(data[1:3], gpu.Buffer)
assert_type(data + data, gpu.Buffer)
as_protocol: Buffer = data
assert_type(data.to_bytes(), bytes)

nd = gpu.NDBuffer.create(shape=(2, 3), dtype="f8", fill_value=1.5)
assert_type(nd, gpu.NDBuffer)
assert_type(nd.transpose(None), gpu.NDBuffer)
assert_type(nd.reshape(-1), gpu.NDBuffer)
nd_protocol: NDBuffer = nd
assert_type(nd.all_equal(1.5), bool)
assert_type(nd.shape, tuple[int, ...])
