"""A backend storing bytes and arrays in PyTorch CPU tensors.

``TorchBuffer`` keeps a 1-d ``torch.uint8`` tensor, ``TorchNDBuffer`` a tensor of
any dtype torch has.  CPU tensors are host memory and share it with NumPy
(``Tensor.numpy()`` / ``torch.from_numpy`` never copy), so buffer semantics are
computed by the reference implementation on a NumPy view of the tensor memory
and every result is handed back as a tensor over the same memory.

What torch cannot represent is refused or copied, never faked:

* dtypes: only ``bool``, (unsigned) integers of 8 to 64 bits, ``float16/32/64``
  and ``complex64/128`` in native byte order; anything else (big-endian,
  strings, bytes, datetimes, structured, object) raises ``TypeError`` naming the
  argument;
* read-only memory: tensors are always writable, so ``from_bytes(bytes)`` copies;
* negative strides: a reversed view (``nd[::-1]``) becomes a copy.

The kit's expected failures for these are in ``conformance/expected/torch.toml``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from typing import Any, Literal, Self, SupportsIndex

import numpy as np
import numpy.typing as npt

from bufferspec import cpu
from bufferspec.protocols import ArrayLike, Buffer, BufferPrototype, BytesLike, NDArrayLike, NDBuffer

__all__ = ["TorchBuffer", "TorchNDBuffer", "buffer_prototype"]

# Typed as Any on purpose: torch.Tensor is not statically an ArrayLike/NDArrayLike (its dtype
# is a torch.dtype, its transpose takes (dim0, dim1)), which the kit reports at run time.
torch: Any = importlib.import_module("torch")


def _is_tensor(value: object) -> bool:
    return isinstance(value, torch.Tensor)

#: NumPy type characters with a torch dtype: bool, (u)int8..64, float16/32/64, complex64/128.
_TORCH_CHARS = frozenset("?bBhHiIlLqQefdFD")


def _check_dtype(dtype: Any, argument: str) -> np.dtype[Any]:
    """*dtype* as a NumPy dtype, or ``TypeError`` when torch has no tensor dtype for it."""
    try:
        resolved: np.dtype[Any] = np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(f"{argument}: expected a NumPy dtype, got {dtype!r} ({exc})") from None
    if resolved.char not in _TORCH_CHARS or not resolved.isnative:
        raise TypeError(
            f"{argument}: torch tensors cannot hold dtype {resolved.str!r}; supported are bool, "
            "(u)int8..64, float16/32/64 and complex64/128 in native byte order"
        )
    return resolved


def _tensor(array: npt.NDArray[Any]) -> Any:
    """A tensor over *array*'s memory; copied only where torch cannot alias it."""
    if not array.flags.writeable or any(stride < 0 for stride in array.strides):
        array = array.copy(order="K")  # no read-only tensors, no negative strides in torch
    return torch.from_numpy(array)


def _host(value: Any) -> Any:
    """Tensors and other buffers as NumPy arrays over their memory; anything else unchanged."""
    if isinstance(value, (TorchBuffer, TorchNDBuffer)):
        return value._tensor.numpy()
    if _is_tensor(value):
        return value.numpy()
    if isinstance(value, (Buffer, NDBuffer)):
        return value.as_numpy_array()
    return value


class TorchBuffer:
    """A Buffer whose bytes live in a 1-d ``torch.uint8`` CPU tensor."""

    __slots__ = ("_tensor",)
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, array_like: Any) -> None:
        self._tensor = _validated_bytes(array_like)

    @classmethod
    def _wrap(cls, tensor: Any) -> Self:
        self = object.__new__(cls)
        self._tensor = tensor
        return self

    def _ref(self) -> cpu.Buffer:
        return cpu.Buffer.from_array_like(self._tensor.numpy())

    @classmethod
    def create_zero_length(cls) -> Self:
        return cls._wrap(torch.empty(0, dtype=torch.uint8))

    @classmethod
    def from_array_like(cls, array_like: ArrayLike, /) -> Self:
        return cls._wrap(_validated_bytes(array_like))

    @classmethod
    def from_buffer(cls, buffer: Buffer, /) -> Self:
        if isinstance(buffer, TorchBuffer):
            return cls._wrap(buffer._tensor)
        if not isinstance(buffer, Buffer):
            raise TypeError(f"buffer: expected a Buffer, got {type(buffer).__name__}")
        return cls._wrap(_tensor(buffer.as_numpy_array()))

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike | npt.NDArray[Any], /) -> Self:
        return cls._wrap(_tensor(cpu.Buffer.from_bytes(bytes_like).as_numpy_array()))

    def as_array_like(self) -> Any:
        return self._tensor

    def as_numpy_array(self) -> npt.NDArray[np.uint8]:
        host: npt.NDArray[np.uint8] = self._tensor.numpy()
        return host

    def as_buffer_like(self) -> memoryview:
        return self.as_numpy_array().data

    def to_bytes(self) -> bytes:
        return self.as_numpy_array().tobytes()

    def __len__(self) -> int:
        return int(self._tensor.numel())

    def __getitem__(self, key: slice, /) -> Self:
        return self._wrap(_tensor(self._ref()[key].as_numpy_array()))

    def __setitem__(self, key: slice, value: Any, /) -> None:
        self._ref()[key] = _host(value)

    def combine(self, others: Iterable[Buffer]) -> Self:
        parts = [self._tensor]
        if isinstance(others, Buffer):
            raise TypeError("others: expected an iterable of Buffers, got a single Buffer")
        try:
            items = iter(others)
        except TypeError:
            raise TypeError(f"others: expected an iterable of Buffers, got {type(others).__name__}") from None
        for index, other in enumerate(items):
            if isinstance(other, TorchBuffer):
                parts.append(other._tensor)
            elif isinstance(other, Buffer):
                parts.append(torch.from_numpy(np.array(other.as_numpy_array(), copy=True)))
            else:
                raise TypeError(f"others: element {index} is {type(other).__name__}, expected a Buffer")
        return self._wrap(torch.cat(parts))

    def __add__(self, other: Buffer, /) -> Self:
        if not isinstance(other, Buffer):
            return NotImplemented
        return self.combine([other])

    def __eq__(self, other: object, /) -> bool:
        if not isinstance(other, Buffer):
            return NotImplemented
        return bool(np.array_equal(self.as_numpy_array(), other.as_numpy_array()))

    def __buffer__(self, flags: int, /) -> memoryview:
        return self.as_numpy_array().data

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_buffer, (type(self), self._ref()))


def _rebuild_buffer(cls: type[TorchBuffer], ref: cpu.Buffer) -> TorchBuffer:
    return cls._wrap(_tensor(ref.as_numpy_array()))


def _validated_bytes(array_like: Any) -> Any:
    if not _is_tensor(array_like):
        raise TypeError(f"array_like: expected a torch.Tensor, got {type(array_like).__name__}")
    if array_like.device.type != "cpu":
        raise ValueError(f"array_like: expected a CPU tensor, got one on {array_like.device}")
    if array_like.ndim != 1:
        raise ValueError(f"array_like: expected a 1-dimensional tensor, got {array_like.ndim} dimensions")
    if array_like.dtype != torch.uint8:
        raise ValueError(f"array_like: expected dtype torch.uint8, got {array_like.dtype}")
    if not array_like.is_contiguous():
        raise ValueError("array_like: expected a contiguous tensor, got a strided one")
    return array_like


class TorchNDBuffer:
    """An NDBuffer whose elements live in a CPU tensor."""

    __slots__ = ("_tensor",)

    def __init__(self, array: Any) -> None:
        self._tensor = _validated_tensor(array, "array")

    @classmethod
    def _wrap(cls, tensor: Any) -> Self:
        self = object.__new__(cls)
        self._tensor = tensor
        return self

    def _ref(self) -> cpu.NDBuffer:
        return cpu.NDBuffer.from_ndarray_like(self._tensor.numpy())

    def _from_ref(self, result: cpu.NDBuffer) -> Self:
        return self._wrap(_tensor(result.as_numpy_array()))

    @classmethod
    def create(
        cls,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
    ) -> Self:
        _check_dtype(dtype, "dtype")
        made = cpu.NDBuffer.create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)
        return cls._wrap(_tensor(made.as_numpy_array()))

    @classmethod
    def empty(cls, shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C") -> Self:
        _check_dtype(dtype, "dtype")
        return cls._wrap(_tensor(cpu.NDBuffer.empty(shape, dtype, order).as_numpy_array()))

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        host = cpu.NDBuffer.from_numpy_array(array_like).as_numpy_array()
        _check_dtype(host.dtype, "array_like")
        return cls._wrap(_tensor(host))

    @classmethod
    def from_ndarray_like(cls, ndarray_like: NDArrayLike, /) -> Self:
        return cls._wrap(_validated_tensor(ndarray_like, "ndarray_like"))

    def as_ndarray_like(self) -> Any:
        return self._tensor

    def as_numpy_array(self) -> npt.NDArray[Any]:
        host: npt.NDArray[Any] = self._tensor.numpy()
        return host

    def as_scalar(self) -> Any:
        return self._ref().as_scalar()

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.as_numpy_array().dtype

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self._tensor.shape)

    @property
    def byteorder(self) -> Any:
        return self._ref().byteorder

    def __len__(self) -> int:
        return len(self._ref())

    def __repr__(self) -> str:
        return f"<TorchNDBuffer shape={self.shape} dtype={self._tensor.dtype}>"

    def reshape(self, newshape: tuple[int, ...] | Literal[-1]) -> Self:
        return self._from_ref(self._ref().reshape(newshape))

    def squeeze(self, axis: tuple[int, ...]) -> Self:
        return self._from_ref(self._ref().squeeze(axis))

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        _check_dtype(dtype, "dtype")
        return self._from_ref(self._ref().astype(dtype, order=order))

    def transpose(self, axes: SupportsIndex | Sequence[SupportsIndex] | None) -> Self:
        return self._from_ref(self._ref().transpose(axes))

    def copy(self) -> Self:
        return self._from_ref(self._ref().copy())

    def __getitem__(self, key: Any) -> Self:
        return self._from_ref(self._ref()[_host(key)])

    def __setitem__(self, key: Any, value: Any) -> None:
        self._ref()[_host(key)] = _host(value)

    def fill(self, value: Any) -> None:
        self._ref().fill(_host(value))

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        return self._ref().all_equal(_host(other), equal_nan=equal_nan)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_ndbuffer, (type(self), self._ref()))


def _rebuild_ndbuffer(cls: type[TorchNDBuffer], ref: cpu.NDBuffer) -> TorchNDBuffer:
    return cls._wrap(_tensor(ref.as_numpy_array()))


def _validated_tensor(array: Any, argument: str) -> Any:
    if not _is_tensor(array):
        raise TypeError(f"{argument}: expected a torch.Tensor, got {type(array).__name__}")
    if array.device.type != "cpu":
        raise ValueError(f"{argument}: expected a CPU tensor, got one on {array.device}")
    return array


buffer_prototype = BufferPrototype(buffer=TorchBuffer, nd_buffer=TorchNDBuffer)
"""The torch prototype: ``bufferspec check conformance.backends.torch_tensor:buffer_prototype``."""
