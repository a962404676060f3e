"""``NDBuffer.create`` is keyword-only, in the reference class and through the protocol."""

from __future__ import annotations

from bufferspec import cpu
from bufferspec.protocols import BufferPrototype

cpu.NDBuffer.create((2,), "f8")  # E: call-arg
cpu.NDBuffer.create((2,), dtype="f8")  # E: call-arg


def allocate(proto: BufferPrototype) -> None:
    proto.nd_buffer.create((2,), "f8")  # E: call-arg
    proto.nd_buffer.create(shape=(2,))  # E: call-arg
