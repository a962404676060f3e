"""TinyBuffer: a small third-party Buffer backend, checked with the bufferspec kit.

It keeps its bytes in a NumPy ``uint8`` array and implements the ``Buffer``
and ``BufferClass`` protocols by shape: nothing here inherits from bufferspec.
One rule is broken on purpose, the way zarr-python breaks it: ``==`` with
something that is not a Buffer returns ``False`` instead of ``NotImplemented``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from bufferspec.protocols import ArrayLike, Buffer, BytesLike

Bytes = npt.NDArray[np.uint8]


def _check_key(key: object) -> slice:
    if not isinstance(key, slice):
        raise TypeError(f"key: expected a slice, got {type(key).__name__}")
    if key.step not in (None, 1):
        raise ValueError(f"key: expected step None or 1, got {key.step!r}")
    try:
        key.indices(0)  # bounds that are not integers or None
    except TypeError as exc:
        raise TypeError(f"key: {exc}") from None
    return key


def _host_bytes(value: object, argument: str) -> Bytes:
    """The bytes of a bytes-like object or a Buffer, as a uint8 array; no copy."""
    if isinstance(value, Buffer):
        return value.as_numpy_array()
    expected = f"{argument}: expected a bytes-like object or a Buffer"
    if isinstance(value, str):
        raise TypeError(f"{expected}, got str")
    try:
        view = memoryview(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{expected}, got {type(value).__name__}") from None
    except ValueError as exc:  # memory that cannot be read any more (a closed mmap)
        raise ValueError(f"{argument}: cannot read its memory ({exc})") from None
    if not view.c_contiguous:
        raise ValueError(f"{argument}: expected C-contiguous memory")
    return np.frombuffer(view, dtype=np.uint8)


class TinyBuffer:
    """A flat block of host bytes in a 1-d, C-contiguous ``uint8`` NumPy array."""

    __slots__ = ("_data",)

    def __init__(self, array_like: ArrayLike) -> None:
        if not isinstance(array_like, np.ndarray):
            kind = type(array_like).__name__
            raise TypeError(f"array_like: expected a numpy.ndarray, got {kind}")
        if array_like.dtype != np.uint8 or array_like.ndim != 1:
            raise ValueError("array_like: expected a 1-d uint8 array")
        if not array_like.flags.c_contiguous:
            raise ValueError("array_like: expected a C-contiguous array")
        self._data = array_like

    # -- constructors (the BufferClass protocol) ----------------------------

    @classmethod
    def create_zero_length(cls) -> Self:
        return cls(np.empty(0, dtype=np.uint8))

    @classmethod
    def from_array_like(cls, array_like: ArrayLike) -> Self:
        return cls(array_like)

    @classmethod
    def from_buffer(cls, buffer: Buffer) -> Self:
        if not isinstance(buffer, Buffer):
            raise TypeError(f"buffer: expected a Buffer, got {type(buffer).__name__}")
        return cls(buffer.as_numpy_array())

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike | npt.NDArray[Any]) -> Self:
        if isinstance(bytes_like, Buffer):
            raise TypeError("bytes_like: got a Buffer; use from_buffer()")
        return cls(_host_bytes(bytes_like, "bytes_like"))

    # -- reading --------------------------------------------------------------

    def as_array_like(self) -> Bytes:
        return self._data

    def as_numpy_array(self) -> Bytes:
        return self._data

    def as_buffer_like(self) -> memoryview:
        return self._data.data  # a memoryview over the same bytes

    def __buffer__(self, flags: int) -> memoryview:  # PEP 688, Python 3.12+
        return self._data.data

    def to_bytes(self) -> bytes:
        return self._data.tobytes()

    def __len__(self) -> int:
        return int(self._data.size)

    def __getitem__(self, key: slice) -> Self:
        return type(self)(self._data[_check_key(key)])

    # -- writing and combining ------------------------------------------------

    def __setitem__(self, key: slice, value: Any) -> None:
        target = self._data[_check_key(key)]
        if isinstance(value, np.ndarray) and value.dtype == np.uint8 and value.ndim == 1:
            source = value
        else:
            source = _host_bytes(value, "value")
        if source.ndim != 1 or source.size != target.size:
            raise ValueError(f"value: expected {target.size} bytes, got {source.shape}")
        if not self._data.flags.writeable:
            raise ValueError("key: this buffer is read-only (made from bytes)")
        self._data[key] = source  # NumPy copies through a temporary on overlap

    def combine(self, others: Iterable[Buffer]) -> Self:
        if isinstance(others, Buffer):
            raise TypeError("others: expected an iterable of Buffers, got a single Buffer")
        try:
            items = iter(others)
        except TypeError:
            raise TypeError(f"others: expected an iterable of Buffers, got {type(others).__name__}") from None
        parts = [self._data]
        for other in items:
            if not isinstance(other, Buffer):
                raise TypeError(f"others: expected Buffers, got {type(other).__name__}")
            parts.append(other.as_numpy_array())
        return type(self)(np.concatenate(parts))  # always a new array

    def __add__(self, other: Buffer) -> Self:
        if not isinstance(other, Buffer):
            return NotImplemented
        return self.combine([other])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Buffer):
            return False  # like zarr-python; the spec asks for NotImplemented
        theirs = other.as_numpy_array()
        return len(self) == len(other) and bool(np.array_equal(self._data, theirs))

    __hash__ = None  # type: ignore[assignment]  # mutable, so unhashable
