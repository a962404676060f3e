"""Conforming classes that share no code with bufferspec (``tests.foreign``) satisfy every protocol."""

from __future__ import annotations

import numpy as np
from typing_extensions import assert_type

from bufferspec import cpu
from bufferspec.protocols import Buffer, BufferClass, BufferPrototype, NDBuffer, NDBufferClass
from tests.foreign import ForeignBuffer, ForeignNDBuffer, StridedForeignBuffer

b: Buffer = ForeignBuffer(np.zeros(2, np.uint8))
s: Buffer = StridedForeignBuffer(np.zeros(2, np.uint8))
n: NDBuffer = ForeignNDBuffer(np.zeros((2, 2)))
bc: BufferClass = ForeignBuffer
sc: BufferClass = StridedForeignBuffer
nc: NDBufferClass = ForeignNDBuffer

proto = BufferPrototype(buffer=ForeignBuffer, nd_buffer=ForeignNDBuffer)
assert_type(proto.buffer.from_bytes(b"x"), Buffer)

# The reference accepts foreign buffers wherever a Buffer is expected.
assert_type(cpu.Buffer.from_buffer(b), cpu.Buffer)
assert_type(cpu.Buffer.from_bytes(b"x").combine([b, s]), cpu.Buffer)
assert_type(cpu.Buffer.from_bytes(b"x") + b, cpu.Buffer)
assert_type(ForeignBuffer.from_buffer(cpu.Buffer.from_bytes(b"x")), ForeignBuffer)
result: Buffer = cpu.as_numpy_array_wrapper(lambda a: a, b, proto)
