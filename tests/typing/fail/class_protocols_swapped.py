"""An NDBuffer class is not a BufferClass and vice versa; a prototype needs both in order."""

from __future__ import annotations

from bufferspec import cpu
from bufferspec.protocols import Buffer, BufferClass, BufferPrototype, NDBuffer, NDBufferClass

b: BufferClass = cpu.NDBuffer  # E: assignment
n: NDBufferClass = cpu.Buffer  # E: assignment
i: Buffer = cpu.NDBuffer.create(shape=(1,), dtype="u1")  # E: assignment
j: NDBuffer = cpu.Buffer.from_bytes(b"x")  # E: assignment
p = BufferPrototype(buffer=cpu.NDBuffer, nd_buffer=cpu.Buffer)  # E: arg-type
q: BufferPrototype = (cpu.Buffer, cpu.NDBuffer)  # E: assignment
