"""The worked example of "Check your backend", ``TinyBuffer``, is a Buffer and a BufferClass for every checker."""

from __future__ import annotations

from tinybuffer import TinyBuffer  # docs/examples, on every checker's search path
from typing_extensions import assert_type

from bufferspec import cpu
from bufferspec.protocols import Buffer, BufferClass, BufferPrototype

tiny = TinyBuffer.from_bytes(b"abc")
as_buffer: Buffer = tiny
as_class: BufferClass = TinyBuffer
prototype = BufferPrototype(buffer=TinyBuffer, nd_buffer=cpu.NDBuffer)

assert_type(tiny[0:1], TinyBuffer)
assert_type(tiny + cpu.Buffer.from_bytes(b"d"), TinyBuffer)
assert_type(prototype.buffer.from_bytes(b"x"), Buffer)
# The reference and the example accept each other.
assert_type(cpu.Buffer.from_buffer(tiny), cpu.Buffer)
assert_type(TinyBuffer.from_buffer(cpu.Buffer.from_bytes(b"x")), TinyBuffer)
