"""Witnesses for Buffer and prototype contracts that no other committed backend failed (issue 25).

Each class below is the reference with one realistic bug, written to fail one
named contract (a MUST contract FAILs, a SHOULD contract WARNs): ``WITNESSES``
maps every contract id to the attribute to check, e.g.
``bufferspec check conformance.backends.witnesses_buffer:GetitemTruncatesBounds
--select buffer.getitem.rejects_bad_bounds``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bufferspec import cpu
from bufferspec.protocols import BufferPrototype

__all__ = [
    "WITNESSES",
    "BufferExportCopies",
    "FromBytesFastPathBuildsReference",
    "GetitemAcceptsInt",
    "GetitemTruncatesBounds",
    "SetitemBroadcastsScalars",
    "SetitemArrayAtStart",
    "SetitemBufferAtStart",
    "SetitemOnlyByteArrays",
    "SetitemWritesInt",
    "factory_prototype",
    "from_bytes_fast_path_prototype",
]


class GetitemTruncatesBounds(cpu.Buffer):
    """Slice bounds are converted with ``int()``, so ``buf[1.5:2]`` is accepted as ``buf[1:2]``."""

    __slots__ = ()

    def __getitem__(self, key: slice) -> Any:
        if type(key) is slice:
            start = None if key.start is None else int(key.start)
            stop = None if key.stop is None else int(key.stop)
            key = slice(start, stop, key.step)
        return super().__getitem__(key)


class GetitemAcceptsInt(cpu.Buffer):
    """An integer key is taken as the one-byte slice ``buf[i:i + 1]`` instead of raising ``TypeError``."""

    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int):
            return super().__getitem__(slice(key, key + 1 or None))
        return super().__getitem__(key)


class SetitemBroadcastsScalars(cpu.Buffer):
    """A number assigned to a slice is broadcast into it by NumPy (``buf[0:2] = 7`` fills), not refused."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        if isinstance(value, (int, float)) and type(key) is slice and key.step in (None, 1):
            self.as_numpy_array()[key] = value
            return
        super().__setitem__(key, value)


class SetitemWritesInt(cpu.Buffer):
    """An integer key is taken as the one-byte slice ``buf[i:i + 1]``, so ``buf[0] = b'z'`` writes."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        if isinstance(key, int):
            key = slice(key, key + 1 or None)
        super().__setitem__(key, value)


class BufferExportCopies(cpu.Buffer):
    """``__buffer__`` exports a copy of the bytes (``memoryview(self.to_bytes())``), not the buffer's memory."""

    __slots__ = ()

    def __buffer__(self, flags: int, /) -> memoryview:
        return memoryview(self.to_bytes())


class SetitemOnlyByteArrays(cpu.Buffer):
    """A NumPy value that is not a 1-d ``uint8`` array is refused with ``ValueError`` instead of counting its bytes."""

    __slots__ = ()

    def __setitem__(self, key: slice, value: Any) -> None:
        if isinstance(value, np.ndarray) and (value.dtype != np.uint8 or value.ndim != 1):
            raise ValueError(f"value: expected a 1-d uint8 array, got a {value.ndim}-d {value.dtype} array")
        super().__setitem__(key, value)


class SetitemBufferAtStart(cpu.Buffer):
    """A fast path for Buffer values copies ``len(value)`` bytes from the slice's start, never normalised.

    ``buf[-2:] = other_buffer`` selects ``buf[-2:0]``, nothing, and the length check refuses the value.
    """

    __slots__ = ()

    def __setitem__(self, key: slice, value: Any) -> None:
        if isinstance(value, cpu.Buffer) and key.step is None and key.start is not None:
            super().__setitem__(slice(key.start, key.start + len(value)), value)
            return
        super().__setitem__(key, value)


class SetitemArrayAtStart(cpu.Buffer):
    """A fast path for array values writes ``len(value)`` bytes from the slice's start, never normalised.

    ``buf[-2:] = array`` selects ``buf[-2:0]``, nothing, and the length check refuses the value.
    """

    __slots__ = ()

    def __setitem__(self, key: slice, value: Any) -> None:
        if isinstance(value, np.ndarray) and key.step is None and key.start is not None:
            super().__setitem__(slice(key.start, key.start + value.nbytes), value)
            return
        super().__setitem__(key, value)


class FromBytesFastPathBuildsReference(cpu.Buffer):
    """``from_bytes`` has a fast path for ``bytes`` that builds a ``cpu.Buffer``, not an instance of ``cls``."""

    __slots__ = ()

    @classmethod
    def from_bytes(cls, bytes_like: Any) -> Any:
        if type(bytes_like) is bytes:
            return cpu.Buffer(np.frombuffer(bytes_like, np.uint8))
        return super().from_bytes(bytes_like)


from_bytes_fast_path_prototype = BufferPrototype(buffer=FromBytesFastPathBuildsReference, nd_buffer=cpu.NDBuffer)
"""The reference NDBuffer with :class:`FromBytesFastPathBuildsReference`."""


def _make_buffer_class(device: str) -> type[cpu.Buffer]:
    """A Buffer class for *device*, defined inside this factory: not importable by its qualified name."""

    class FactoryBuffer(cpu.Buffer):
        """A Buffer class made by a factory: pickle cannot find it, so neither a prototype holding it."""

        __slots__ = ()
        device_name = device

    return FactoryBuffer


factory_prototype = BufferPrototype(buffer=_make_buffer_class("cpu"), nd_buffer=cpu.NDBuffer)
"""A prototype whose Buffer class comes from a factory, so the prototype does not pickle."""


WITNESSES: dict[str, str] = {
    "buffer.getitem.rejects_bad_bounds": "GetitemTruncatesBounds",
    "buffer.getitem.rejects_non_slice": "GetitemAcceptsInt",
    "buffer.setitem.rejects_non_bytes": "SetitemBroadcastsScalars",
    "buffer.setitem.rejects_non_slice": "SetitemWritesInt",
    "buffer.pep688.buffer_export": "BufferExportCopies",
    "buffer.setitem.bytes_like": "SetitemOnlyByteArrays",
    "buffer.setitem.buffer_value": "SetitemBufferAtStart",
    "buffer.setitem.uint8_array": "SetitemArrayAtStart",
    "prototype.allocate.through_classes": "from_bytes_fast_path_prototype",
    "prototype.value.pickle_hash_equality": "factory_prototype",
}
