"""TinyBuffer's conformance tests: one pytest item per contract of the kit."""

from __future__ import annotations

from tinybuffer import TinyBuffer

from bufferspec.conformance import BufferConformanceTests


class TestTinyBuffer(BufferConformanceTests):
    target = TinyBuffer
    expected_failures = {
        "buffer.eq.non_buffer": "__eq__ returns False for non-Buffers, like zarr",
    }
    strict = True  # SHOULD contracts count too: TinyBuffer keeps them all
