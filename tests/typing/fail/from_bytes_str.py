"""``str`` is not bytes-like: ``from_bytes`` rejects it statically too."""

from __future__ import annotations

from bufferspec import cpu
from bufferspec.protocols import BufferPrototype, BytesLike

cpu.Buffer.from_bytes("text")  # E: arg-type
data: BytesLike = "text"  # E: assignment


def load(proto: BufferPrototype) -> None:
    proto.buffer.from_bytes("text")  # E: arg-type
    proto.buffer.from_bytes([1, 2, 3])  # E: arg-type
