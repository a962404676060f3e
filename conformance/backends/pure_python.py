"""A conforming Buffer backend whose storage is a plain ``bytearray``/``memoryview``, not NumPy.

It exists to show that the kit is right about a correct implementation built
differently from the reference: bytes live in Python objects, slicing is
``memoryview`` slicing, concatenation is ``b"".join``.  NumPy is used only
where the specification demands a NumPy result (``as_numpy_array``, the
``dtype`` descriptor, ``view``).  There is no NDBuffer, so the kit checks only
the Buffer contracts.
"""

from __future__ import annotations

import operator
import pickle
from collections.abc import Iterable
from typing import Any, Self, SupportsIndex

import numpy as np
import numpy.typing as npt

from bufferspec.protocols import Buffer, BytesLike

__all__ = ["ByteArrayLike", "PurePythonBuffer"]

_UINT8 = np.dtype(np.uint8)


class ByteArrayLike:
    """The ArrayLike behind :class:`PurePythonBuffer`: a 1-d byte view over Python memory."""

    __slots__ = ("memory",)

    def __init__(self, memory: memoryview) -> None:
        self.memory = memory

    @property
    def dtype(self) -> np.dtype[Any]:
        return _UINT8

    @property
    def ndim(self) -> int:
        return 1

    @property
    def size(self) -> int:
        return self.memory.nbytes

    def __len__(self) -> int:
        return self.memory.nbytes

    def __getitem__(self, key: slice) -> ByteArrayLike:
        return ByteArrayLike(self.memory[key])

    def __setitem__(self, key: slice, value: Any) -> None:
        self.memory[key] = value

    def copy(self) -> ByteArrayLike:
        return ByteArrayLike(memoryview(bytearray(self.memory)))

    def view(self, dtype: npt.DTypeLike) -> Any:
        return np.frombuffer(self.memory, dtype=dtype)


def _memory_of(value: object, argument: str) -> memoryview:
    if isinstance(value, str):
        raise TypeError(f"{argument}: expected a bytes-like object, got str")
    if isinstance(value, Buffer):
        return memoryview(value.as_numpy_array().data).cast("B")
    try:
        view = memoryview(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{argument}: expected a bytes-like object, got {type(value).__name__}") from None
    except ValueError as exc:  # memory that cannot be read any more (a closed mmap)
        raise ValueError(f"{argument}: cannot read its memory: {exc}") from None
    if not view.c_contiguous:
        raise ValueError(f"{argument}: expected C-contiguous memory")
    return view.cast("B") if (view.ndim != 1 or view.format != "B") and view.nbytes else view


class PurePythonBuffer:
    """A Buffer over Python memory (``bytes``, ``bytearray``, any buffer-protocol object)."""

    __slots__ = ("_array",)

    def __init__(self, array_like: ByteArrayLike) -> None:
        if not isinstance(array_like, ByteArrayLike):
            raise TypeError(f"array_like: expected a ByteArrayLike, got {type(array_like).__name__}")
        self._array = array_like

    @classmethod
    def create_zero_length(cls) -> Self:
        return cls(ByteArrayLike(memoryview(bytearray())))

    @classmethod
    def from_array_like(cls, array_like: ByteArrayLike) -> Self:
        if not isinstance(array_like, ByteArrayLike):
            raise TypeError(f"array_like: expected a ByteArrayLike, got {type(array_like).__name__}")
        if array_like.ndim != 1 or array_like.dtype != _UINT8 or not array_like.memory.c_contiguous:
            raise ValueError("array_like: expected 1-d contiguous uint8 memory")
        return cls(array_like)

    @classmethod
    def from_buffer(cls, buffer: Buffer) -> Self:
        if not isinstance(buffer, Buffer):
            raise TypeError(f"buffer: expected a Buffer, got {type(buffer).__name__}")
        if isinstance(buffer, PurePythonBuffer):
            return cls(buffer._array)
        return cls(ByteArrayLike(_memory_of(buffer, "buffer")))

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike | npt.NDArray[Any]) -> Self:
        return cls(ByteArrayLike(_memory_of(bytes_like, "bytes_like")))

    def as_array_like(self) -> ByteArrayLike:
        return self._array

    def as_numpy_array(self) -> npt.NDArray[np.uint8]:
        return np.frombuffer(self._array.memory, dtype=_UINT8)

    def as_buffer_like(self) -> memoryview:
        return self._array.memory

    def to_bytes(self) -> bytes:
        return self._array.memory.tobytes()

    def __buffer__(self, flags: int, /) -> memoryview:
        return self._array.memory

    def __len__(self) -> int:
        return self._array.memory.nbytes

    def __getitem__(self, key: slice) -> Self:
        if not isinstance(key, slice):
            raise TypeError(f"key: expected a slice, got {type(key).__name__}")
        if key.step not in (None, 1):
            raise ValueError(f"key: slice step must be None or 1, got {key.step!r}")
        try:
            key.indices(0)
        except TypeError as exc:
            raise TypeError(f"key: {exc}") from None
        return type(self)(self._array[key])

    def __setitem__(self, key: slice, value: Any) -> None:
        if not isinstance(key, slice):
            raise TypeError(f"key: expected a slice, got {type(key).__name__}")
        if key.step not in (None, 1):
            raise ValueError(f"key: slice step must be None or 1, got {key.step!r}")
        if self._array.memory.readonly:
            raise ValueError("the buffer is read-only")
        if isinstance(value, np.ndarray) and value.dtype.hasobject:
            raise TypeError("value: an object array holds Python object pointers, not data bytes")
        source = _memory_of(value, "value")  # an array of wider items counts its bytes
        target = self._array.memory[key]
        if source.nbytes != target.nbytes:
            raise ValueError(f"value: expected {target.nbytes} bytes, got {source.nbytes}")
        target[:] = bytes(source)  # through a copy: overlapping self-assignment stays correct

    def combine(self, others: Iterable[Buffer]) -> Self:
        if isinstance(others, Buffer):
            raise TypeError("others: expected an iterable of Buffers, got a single Buffer")
        parts = [self._array.memory]
        try:
            items = iter(others)
        except TypeError:
            raise TypeError(f"others: expected an iterable of Buffers, got {type(others).__name__}") from None
        for index, other in enumerate(items):
            if not isinstance(other, Buffer):
                raise TypeError(f"others[{index}]: expected a Buffer, got {type(other).__name__}")
            parts.append(_memory_of(other, f"others[{index}]"))
        return type(self)(ByteArrayLike(memoryview(bytearray(b"".join(parts)))))

    def __add__(self, other: Buffer) -> Self:
        if not isinstance(other, Buffer):
            return NotImplemented
        return self.combine([other])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Buffer):
            return NotImplemented
        return self.to_bytes() == other.to_bytes()

    __hash__ = None  # type: ignore[assignment]

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        memory = self._array.memory
        # Protocol 5 can pass the bytes out of band (zero-copy); older ones copy them.
        payload: Any = pickle.PickleBuffer(memory) if operator.index(protocol) >= 5 else memory.tobytes()
        return (_rebuild, (type(self), payload, memory.readonly))


def _rebuild(cls: type[PurePythonBuffer], data: Any, readonly: bool) -> PurePythonBuffer:
    memory = memoryview(data).cast("B") if memoryview(data).nbytes else memoryview(b"")
    if readonly or not memory.readonly:
        return cls.from_bytes(memory)
    return cls.from_bytes(bytearray(memory))  # in-band bytes arrive read-only: copy to stay writable
