"""Witness for ``wrapper.as_numpy_array_wrapper.roundtrip``: a wrapper that ignores the prototype.

A backend module with its own ``as_numpy_array_wrapper`` (as ``zarr.buffer.cpu`` has); the kit
finds it beside the target and checks it.  This one always builds the reference's
``bufferspec.cpu.Buffer``, whatever Buffer class the prototype names: a codec running on it
would hand device code a host buffer.  Part of the witness corpus of issue 25 (one contract each).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bufferspec import cpu
from bufferspec.protocols import BufferPrototype

__all__ = ["ClassBuffer", "as_numpy_array_wrapper", "class_prototype"]


class ClassBuffer(cpu.Buffer):
    """A conforming Buffer of its own class (so that the wrong class shows)."""

    __slots__ = ()


def as_numpy_array_wrapper(func: Callable[[Any], Any], buf: Any, prototype: Any) -> Any:
    """Call *func* on the bytes of *buf*; wraps the result in ``cpu.Buffer``, not ``prototype.buffer``."""
    return cpu.Buffer.from_bytes(func(buf.as_numpy_array()))


class_prototype = BufferPrototype(buffer=ClassBuffer, nd_buffer=cpu.NDBuffer)

WITNESSES: dict[str, str] = {"wrapper.as_numpy_array_wrapper.roundtrip": "class_prototype"}
