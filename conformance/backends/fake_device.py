"""A backend whose memory lives on a fake device: host access is refused, except by explicit copy.

In the spirit of array-api-strict's fake devices: :class:`DeviceArray` keeps its
elements in a private NumPy array (the "device memory") and refuses every
implicit route to the host (``__array__``, ``__array_interface__``, the buffer
protocol, ``tobytes``, ``tolist``, iteration, ``bool``/``int``/``float``), raising
:class:`DeviceAccessError`.  The only ways out are the explicit device-to-host
copies of :meth:`FakeDeviceBuffer.as_numpy_array` and
:meth:`FakeDeviceNDBuffer.as_numpy_array` (and what is built on them:
``to_bytes``, ``as_buffer_like``, ``as_scalar``, pickling).

The classes declare the capabilities ``("writable",)`` (no ``host_memory``), so
the kit skips the zero-copy contracts that only host memory can meet; every
other contract runs, which proves that the kit reads results only through
``as_numpy_array`` and never touches device memory directly.

The buffer semantics (validation, slicing rules, ``all_equal``) are delegated to
the reference implementation working on the private device array, so this
backend differs from the reference exactly in where its memory is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, NoReturn, Self, SupportsIndex

import numpy as np
import numpy.typing as npt

from bufferspec import cpu
from bufferspec.protocols import ArrayLike, Buffer, BufferPrototype, BytesLike, NDArrayLike, NDBuffer

__all__ = [
    "DeviceAccessError",
    "DeviceArray",
    "FakeDeviceBuffer",
    "FakeDeviceNDBuffer",
    "buffer_prototype",
]

DEVICE = "fake_device"


class DeviceAccessError(RuntimeError):
    """Raised when code tries to reach device memory from the host without an explicit copy."""


def _refuse(what: str) -> NoReturn:
    raise DeviceAccessError(
        f"{what}: a DeviceArray lives on {DEVICE!r}; copy it to the host explicitly with "
        "Buffer.as_numpy_array() / NDBuffer.as_numpy_array()"
    )


class DeviceArray:
    """An n-dimensional array in (fake) device memory.

    It offers the array-like operations zarr's ``ArrayLike``/``NDArrayLike``
    name, each computed on the device and returning another ``DeviceArray``;
    nothing converts it to host data implicitly.
    """

    __slots__ = ("_memory",)

    def __init__(self, memory: npt.NDArray[Any]) -> None:
        # Private: only this module puts memory on the device.
        self._memory = memory

    # -- metadata (no data transfer) ---------------------------------------------------

    @property
    def device(self) -> str:
        """The device the memory lives on."""
        return DEVICE

    @property
    def dtype(self) -> np.dtype[Any]:
        return self._memory.dtype

    @property
    def shape(self) -> tuple[int, ...]:
        return self._memory.shape

    @property
    def ndim(self) -> int:
        return self._memory.ndim

    @property
    def size(self) -> int:
        return self._memory.size

    @property
    def nbytes(self) -> int:
        return self._memory.nbytes

    def __len__(self) -> int:
        return len(self._memory)

    def __repr__(self) -> str:
        return f"DeviceArray(shape={self.shape}, dtype={self.dtype}, device={DEVICE!r})"

    # -- device-side operations ------------------------------------------------------------

    def __getitem__(self, key: Any) -> DeviceArray:
        return DeviceArray(np.asarray(self._memory[_device_operand(key)]))

    def __setitem__(self, key: Any, value: Any) -> None:
        self._memory[_device_operand(key)] = _device_operand(value)

    def copy(self) -> DeviceArray:
        return DeviceArray(self._memory.copy(order="K"))

    def view(self, dtype: npt.DTypeLike) -> DeviceArray:
        return DeviceArray(self._memory.view(dtype))

    def reshape(self, shape: Any, /, *, order: Literal["A", "C", "F"] = "C", copy: bool | None = None) -> DeviceArray:
        return DeviceArray(self._memory.reshape(shape, order=order, copy=copy))

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K", *, copy: bool = True) -> DeviceArray:
        return DeviceArray(self._memory.astype(dtype, order=order, copy=copy))

    def fill(self, value: Any) -> None:
        self._memory.fill(_device_operand(value))

    def transpose(self, axes: Any = None) -> DeviceArray:
        return DeviceArray(self._memory.transpose(axes))

    def ravel(self, order: Literal["K", "A", "C", "F"] = "C") -> DeviceArray:
        return DeviceArray(self._memory.ravel(order=order))

    def all(self) -> DeviceArray:
        return DeviceArray(np.asarray(self._memory.all()))

    def __eq__(self, other: object) -> DeviceArray:  # type: ignore[override]  # element-wise, as NDArrayLike
        return DeviceArray(np.asarray(self._memory == _device_operand(other)))

    __hash__ = None  # type: ignore[assignment]

    # -- implicit host access: refused ---------------------------------------------------

    def __array__(self, dtype: Any = None, copy: Any = None) -> NoReturn:
        _refuse("__array__")

    @property
    def __array_interface__(self) -> NoReturn:
        _refuse("__array_interface__")

    @property
    def __array_struct__(self) -> NoReturn:
        _refuse("__array_struct__")

    def __buffer__(self, flags: int, /) -> NoReturn:
        _refuse("__buffer__ (the buffer protocol)")

    def tobytes(self, order: str = "C") -> NoReturn:
        _refuse("tobytes()")

    def tolist(self) -> NoReturn:
        _refuse("tolist()")

    def item(self, *args: Any) -> NoReturn:
        _refuse("item()")

    def __iter__(self) -> Iterator[Any]:
        _refuse("iteration")

    def __bool__(self) -> bool:
        _refuse("bool()")

    def __int__(self) -> int:
        _refuse("int()")

    def __float__(self) -> float:
        _refuse("float()")

    def __index__(self) -> int:
        _refuse("operator.index()")

    def __reduce__(self) -> NoReturn:
        _refuse("pickle")


def _device_operand(value: Any) -> Any:
    """Device memory of a DeviceArray operand (device to device); other values as they are."""
    if isinstance(value, DeviceArray):
        return value._memory
    if isinstance(value, tuple):
        return tuple(_device_operand(item) for item in value)
    return value


def _to_host(array: DeviceArray) -> npt.NDArray[Any]:
    """The one explicit device-to-host copy."""
    return array._memory.copy(order="K")


def _to_device(array: npt.NDArray[Any]) -> DeviceArray:
    """The one explicit host-to-device copy."""
    return DeviceArray(np.array(array, copy=True, order="K"))


class FakeDeviceBuffer:
    """A Buffer whose bytes live in a 1-d ``uint8`` :class:`DeviceArray`."""

    __slots__ = ("_array",)
    __hash__ = None  # type: ignore[assignment]
    bufferspec_capabilities = ("writable",)

    def __init__(self, array_like: ArrayLike) -> None:
        self._array = _validated_bytes(array_like, "array_like")

    @classmethod
    def _wrap(cls, array: DeviceArray) -> Self:
        self = object.__new__(cls)
        self._array = array
        return self

    def _ref(self) -> cpu.Buffer:
        """The reference Buffer over the device memory (for its validation and slicing)."""
        return cpu.Buffer.from_array_like(self._array._memory)

    # -- constructors ------------------------------------------------------------------

    @classmethod
    def create_zero_length(cls) -> Self:
        return cls._wrap(DeviceArray(np.empty(0, dtype=np.uint8)))

    @classmethod
    def from_array_like(cls, array_like: ArrayLike, /) -> Self:
        return cls._wrap(_validated_bytes(array_like, "array_like"))

    @classmethod
    def from_buffer(cls, buffer: Buffer, /) -> Self:
        if isinstance(buffer, FakeDeviceBuffer):
            return cls._wrap(buffer._array)  # already on the device: no copy
        if not isinstance(buffer, Buffer):
            raise TypeError(f"buffer: expected a Buffer, got {type(buffer).__name__}")
        return cls._wrap(_to_device(buffer.as_numpy_array()))

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike | npt.NDArray[Any], /) -> Self:
        host = cpu.Buffer.from_bytes(bytes_like).as_numpy_array()  # the reference validates
        return cls._wrap(_to_device(host))

    # -- views and copies ----------------------------------------------------------------

    def as_array_like(self) -> DeviceArray:
        return self._array

    def as_numpy_array(self) -> npt.NDArray[np.uint8]:
        return _to_host(self._array)

    def as_buffer_like(self) -> memoryview:
        return self.as_numpy_array().data

    def to_bytes(self) -> bytes:
        return self.as_numpy_array().tobytes()

    def __len__(self) -> int:
        return self._array.size

    def __getitem__(self, key: slice, /) -> Self:
        return self._wrap(DeviceArray(self._ref()[key].as_numpy_array()))

    def __setitem__(self, key: slice, value: Any, /) -> None:
        self._ref()[key] = _host_side_value(value)

    # -- combining and comparing -----------------------------------------------------------

    def combine(self, others: Iterable[Buffer]) -> Self:
        parts = [self._array._memory]
        if isinstance(others, Buffer):
            raise TypeError("others: expected an iterable of Buffers, got a single Buffer")
        try:
            items = iter(others)
        except TypeError:
            raise TypeError(f"others: expected an iterable of Buffers, got {type(others).__name__}") from None
        for index, other in enumerate(items):
            if isinstance(other, FakeDeviceBuffer):
                parts.append(other._array._memory)
            elif isinstance(other, Buffer):
                parts.append(other.as_numpy_array())
            else:
                raise TypeError(f"others: element {index} is {type(other).__name__}, expected a Buffer")
        return self._wrap(DeviceArray(np.concatenate(parts)))

    def __add__(self, other: Buffer, /) -> Self:
        if not isinstance(other, Buffer):
            return NotImplemented
        return self.combine([other])

    def __eq__(self, other: object, /) -> bool:
        if not isinstance(other, Buffer):
            return NotImplemented
        return bool(np.array_equal(self.as_numpy_array(), other.as_numpy_array()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_buffer, (type(self), self.to_bytes()))


def _rebuild_buffer(cls: type[FakeDeviceBuffer], data: bytes) -> FakeDeviceBuffer:
    return cls._wrap(_to_device(np.frombuffer(data, dtype=np.uint8)))


def _validated_bytes(array_like: object, argument: str) -> DeviceArray:
    if not isinstance(array_like, DeviceArray):
        raise TypeError(f"{argument}: expected a DeviceArray, got {type(array_like).__name__}")
    if array_like.ndim != 1:
        raise ValueError(f"{argument}: expected a 1-dimensional array, got {array_like.ndim} dimensions")
    if array_like.dtype != np.uint8:
        raise ValueError(f"{argument}: expected dtype uint8, got {array_like.dtype}")
    if not array_like._memory.flags.c_contiguous:
        raise ValueError(f"{argument}: expected contiguous memory, got a strided array")
    return array_like


def _host_side_value(value: Any) -> Any:
    """A value for the reference to assign into device memory: device data as is, other buffers copied over."""
    if isinstance(value, (FakeDeviceBuffer, FakeDeviceNDBuffer)):
        return value._array._memory
    if isinstance(value, DeviceArray):
        return value._memory
    if isinstance(value, (Buffer, NDBuffer)):
        return value.as_numpy_array()
    return value


class FakeDeviceNDBuffer:
    """An NDBuffer whose elements live in a :class:`DeviceArray`."""

    __slots__ = ("_array",)
    bufferspec_capabilities = ("writable",)

    def __init__(self, array: NDArrayLike) -> None:
        if not isinstance(array, DeviceArray):
            raise TypeError(f"array: expected a DeviceArray, got {type(array).__name__}")
        self._array = array

    @classmethod
    def _wrap(cls, array: DeviceArray) -> Self:
        self = object.__new__(cls)
        self._array = array
        return self

    def _ref(self) -> cpu.NDBuffer:
        """The reference NDBuffer over the device memory (for its semantics)."""
        return cpu.NDBuffer.from_ndarray_like(self._array._memory)

    def _from_ref(self, result: cpu.NDBuffer) -> Self:
        return self._wrap(DeviceArray(result.as_numpy_array()))

    # -- constructors ------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
    ) -> Self:
        made = cpu.NDBuffer.create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)
        return cls._wrap(DeviceArray(made.as_numpy_array()))  # allocated "on the device"

    @classmethod
    def empty(cls, shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C") -> Self:
        return cls._wrap(DeviceArray(cpu.NDBuffer.empty(shape, dtype, order).as_numpy_array()))

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        host = cpu.NDBuffer.from_numpy_array(array_like).as_numpy_array()
        return cls._wrap(_to_device(host))

    @classmethod
    def from_ndarray_like(cls, ndarray_like: NDArrayLike, /) -> Self:
        if not isinstance(ndarray_like, DeviceArray):
            raise TypeError(f"ndarray_like: expected a DeviceArray, got {type(ndarray_like).__name__}")
        return cls._wrap(ndarray_like)

    # -- access ------------------------------------------------------------------------

    def as_ndarray_like(self) -> DeviceArray:
        return self._array

    def as_numpy_array(self) -> npt.NDArray[Any]:
        return _to_host(self._array)

    def as_scalar(self) -> Any:
        return cpu.NDBuffer.from_ndarray_like(self.as_numpy_array()).as_scalar()

    @property
    def dtype(self) -> np.dtype[Any]:
        return self._array.dtype

    @property
    def shape(self) -> tuple[int, ...]:
        return self._array.shape

    @property
    def byteorder(self) -> Any:
        return self._ref().byteorder

    def __len__(self) -> int:
        return len(self._ref())

    def __repr__(self) -> str:
        return f"<FakeDeviceNDBuffer shape={self.shape} dtype={self.dtype} device={DEVICE!r}>"

    # -- transformations -----------------------------------------------------------------

    def reshape(self, newshape: tuple[int, ...] | Literal[-1]) -> Self:
        return self._from_ref(self._ref().reshape(newshape))

    def squeeze(self, axis: tuple[int, ...]) -> Self:
        return self._from_ref(self._ref().squeeze(axis))

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        return self._from_ref(self._ref().astype(dtype, order=order))

    def transpose(self, axes: SupportsIndex | Sequence[SupportsIndex] | None) -> Self:
        return self._from_ref(self._ref().transpose(axes))

    def copy(self) -> Self:
        return self._wrap(self._array.copy())

    def __getitem__(self, key: Any) -> Self:
        return self._from_ref(self._ref()[_device_operand(key)])

    def __setitem__(self, key: Any, value: Any) -> None:
        self._ref()[_device_operand(key)] = _host_side_value(value)

    def fill(self, value: Any) -> None:
        self._ref().fill(_device_operand(value))

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        return self._ref().all_equal(_host_side_value(other), equal_nan=equal_nan)

    def __reduce__(self) -> tuple[Any, ...]:
        # Through the host: the reference NDBuffer pickles every dtype exactly (byte order included).
        return (_rebuild_ndbuffer, (type(self), cpu.NDBuffer.from_ndarray_like(self.as_numpy_array())))


def _rebuild_ndbuffer(cls: type[FakeDeviceNDBuffer], host: cpu.NDBuffer) -> FakeDeviceNDBuffer:
    return cls._wrap(_to_device(host.as_numpy_array()))


buffer_prototype = BufferPrototype(buffer=FakeDeviceBuffer, nd_buffer=FakeDeviceNDBuffer)
"""The fake-device prototype: ``bufferspec check conformance.backends.fake_device:buffer_prototype``."""
