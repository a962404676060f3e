"""Witness for ``wrapper.as_numpy_array_wrapper.ndarray_result``: array results are cast, not viewed.

A backend module with its own ``as_numpy_array_wrapper`` that turns an array returned by the
codec function into bytes by converting its *values* to ``uint8`` (``np.asarray(result,
dtype=np.uint8)``) instead of taking its raw bytes: a float64 result of 24 bytes becomes 3
truncated values.  Bytes results are right.  Part of the witness corpus of issue 25.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from bufferspec import cpu
from bufferspec.protocols import BufferPrototype

__all__ = ["CastingBuffer", "as_numpy_array_wrapper", "casting_prototype"]


class CastingBuffer(cpu.Buffer):
    """A conforming Buffer; the module's wrapper is what is wrong."""

    __slots__ = ()


def as_numpy_array_wrapper(func: Callable[[Any], Any], buf: Any, prototype: Any) -> Any:
    """Call *func* on the bytes of *buf* and wrap the result with *prototype* (arrays by value)."""
    result = func(buf.as_numpy_array())
    if isinstance(result, np.ndarray):
        result = np.asarray(result, dtype=np.uint8)
    return prototype.buffer.from_bytes(result)


casting_prototype = BufferPrototype(buffer=CastingBuffer, nd_buffer=cpu.NDBuffer)

WITNESSES: dict[str, str] = {"wrapper.as_numpy_array_wrapper.ndarray_result": "casting_prototype"}
