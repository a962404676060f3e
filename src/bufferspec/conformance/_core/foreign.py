"""Independent conforming classes: the "foreign" side of the interoperability contracts.

They share no code or base class with ``bufferspec.cpu``, so when the kit checks
the reference, these play the third-party implementation (and the reference
plays it for everybody else).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Literal, Self, SupportsIndex, cast

import numpy as np
import numpy.typing as npt

from bufferspec.protocols import Buffer, BytesLike, Endian, NDArrayLike, ScalarType

__all__ = ["PlainBuffer", "PlainNDBuffer", "foreign_classes"]


class PlainBuffer:
    """A minimal conforming Buffer over a NumPy ``uint8`` array (no inheritance)."""

    def __init__(self, data: npt.NDArray[np.uint8]) -> None:
        self.data = data

    @classmethod
    def create_zero_length(cls) -> Self:
        return cls(np.zeros(0, np.uint8))

    @classmethod
    def from_array_like(cls, array_like: Any) -> Self:
        return cls(array_like)

    @classmethod
    def from_buffer(cls, buffer: Buffer) -> Self:
        return cls(np.array(buffer.as_numpy_array(), dtype=np.uint8))

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike | npt.NDArray[Any]) -> Self:
        return cls(np.frombuffer(bytes(memoryview(cast(Any, bytes_like))), np.uint8).copy())

    def as_array_like(self) -> npt.NDArray[np.uint8]:
        return self.data

    def as_numpy_array(self) -> npt.NDArray[np.uint8]:
        return self.data

    def as_buffer_like(self) -> memoryview:
        return memoryview(self.data.tobytes())

    def to_bytes(self) -> bytes:
        return self.data.tobytes()

    def __len__(self) -> int:
        return int(self.data.size)

    def __getitem__(self, key: slice) -> Self:
        return type(self)(self.data[key])

    def __setitem__(self, key: slice, value: Any) -> None:
        self.data[key] = value

    def combine(self, others: Iterable[Buffer]) -> Self:
        return type(self)(np.concatenate([self.data, *(o.as_numpy_array() for o in others)]))

    def __add__(self, other: Buffer) -> Self:
        return self.combine([other])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Buffer):
            return NotImplemented
        return bool(np.array_equal(self.data, other.as_numpy_array()))

    __hash__: ClassVar[None] = None  # type: ignore[assignment]


class PlainNDBuffer:
    """A minimal conforming NDBuffer over a NumPy array (no inheritance)."""

    def __init__(self, array: npt.NDArray[Any]) -> None:
        self.array = array

    @classmethod
    def create(
        cls,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
    ) -> Self:
        array = np.zeros(tuple(shape), dtype=dtype, order=order)
        if fill_value is not None:
            array[...] = fill_value
        return cls(array)

    @classmethod
    def empty(
        cls, shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C"
    ) -> Self:
        return cls(np.empty(shape, dtype=dtype, order=order))

    @classmethod
    def from_ndarray_like(cls, ndarray_like: Any) -> Self:
        return cls(ndarray_like)

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        return cls(np.asanyarray(array_like))

    def as_ndarray_like(self) -> NDArrayLike:
        return self.array

    def as_numpy_array(self) -> npt.NDArray[Any]:
        return self.array

    def as_scalar(self) -> ScalarType:
        return cast(ScalarType, self.array.reshape(())[()])

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.array.dtype

    @property
    def shape(self) -> tuple[int, ...]:
        return self.array.shape

    @property
    def byteorder(self) -> Endian:
        return "big" if self.array.dtype.byteorder == ">" else "little"

    def reshape(self, newshape: tuple[int, ...] | Literal[-1]) -> Self:
        return type(self)(self.array.reshape(newshape))

    def squeeze(self, axis: tuple[int, ...]) -> Self:
        return type(self)(self.array.squeeze(axis))

    def transpose(self, axes: SupportsIndex | Sequence[SupportsIndex] | None) -> Self:
        return type(self)(self.array.transpose(axes))

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        return type(self)(self.array.astype(dtype, order=order))

    def copy(self) -> Self:
        return type(self)(self.array.copy())

    def fill(self, value: Any) -> None:
        self.array.fill(value)

    def __getitem__(self, key: Any) -> Self:
        return type(self)(np.asarray(self.array[key]))

    def __setitem__(self, key: Any, value: Any) -> None:
        self.array[key] = value

    def __len__(self) -> int:
        return len(self.array)

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        return bool(np.array_equal(self.array, np.broadcast_to(other, self.array.shape), equal_nan=equal_nan))


def foreign_classes(buffer: Any, nd_buffer: Any) -> tuple[Any, Any]:
    """The reference classes, or the kit's own independent classes when checking the reference."""
    from bufferspec import cpu  # the reference, imported when a target is resolved (not with the kit)

    reference = (
        isinstance(buffer, type) and issubclass(buffer, cpu.Buffer)
    ) or (isinstance(nd_buffer, type) and issubclass(nd_buffer, cpu.NDBuffer))
    if reference:
        return PlainBuffer, PlainNDBuffer
    return cpu.Buffer, cpu.NDBuffer
