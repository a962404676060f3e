"""The GPU reference :class:`Buffer`: a flat byte buffer over a CuPy ``uint8`` array in device memory.

Arguments are checked as :class:`bufferspec.cpu.Buffer` checks them (the same
helpers, the same messages); what differs is forced by device memory: data
from the host is copied to the device, reading it on the host copies it back,
device arrays have no read-only mode, and there is no buffer protocol.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt

from bufferspec._aliases import BytesLike
from bufferspec._cpu_buffer import _checked_slice, buffer_arrays, byte_source, bytes_like_to_array, check_byte_layout
from bufferspec._cpu_common import UINT8, describe, host_array_of_buffer, shown
from bufferspec._gpu_runtime import cupy as cp
from bufferspec.protocols import Buffer as BufferProtocol

__all__ = ["Buffer", "device_bytes_of_buffer"]

_new = object.__new__
_EXPECTED = "a 1-d, C-contiguous cupy.ndarray of dtype uint8 (device memory)"


def _checked_device_bytes(array_like: object, argument: str) -> Any:
    """*array_like* itself if it can back a GPU Buffer, else ``TypeError``/``ValueError``."""
    if not isinstance(array_like, cp.ndarray):
        if isinstance(array_like, np.ndarray):
            raise TypeError(
                f"{argument}: expected {_EXPECTED}, got a numpy.ndarray (host memory); "
                "Buffer.from_bytes() copies host bytes to the device"
            )
        raise TypeError(f"{argument}: expected {_EXPECTED}, got {describe(array_like)}")
    check_byte_layout(array_like, argument, "cupy")
    return array_like


def _device_view_of_bytes(array: Any, argument: str) -> Any:
    """The raw bytes of a C-contiguous device array of any dtype, as a 1-d uint8 view (no copy)."""
    if not array.flags.c_contiguous:
        raise ValueError(
            f"{argument}: expected C-contiguous memory, got a non-contiguous cupy.ndarray; "
            "copy it first, e.g. with cupy.ascontiguousarray()"
        )
    return array.reshape(-1).view(UINT8)


def _to_device(host: npt.NDArray[Any]) -> Any:
    """A device copy of a host array (always a copy: host and device memory are distinct)."""
    return cp.array(host, copy=True, order="K")


def device_bytes_of_buffer(value: object, argument: str) -> Any | None:
    """The bytes of a conforming Buffer on the device, or ``None`` if *value* is not a Buffer.

    A GPU reference Buffer, or a foreign Buffer whose ``as_array_like()`` is a
    1-d ``uint8`` CuPy array, gives its device array (no copy); any other
    Buffer is read on the host (``as_numpy_array()``) and copied to the device.
    """
    if isinstance(value, Buffer):
        return value._data
    if not isinstance(value, BufferProtocol) or isinstance(value, type):
        return None
    array = value.as_array_like()
    if isinstance(array, cp.ndarray) and array.ndim == 1 and array.dtype == UINT8:
        return array
    host = host_array_of_buffer(value, argument)
    return None if host is None else _to_device(host)


class Buffer:
    """A flat, contiguous block of CUDA device memory: the GPU reference :class:`bufferspec.protocols.Buffer`.

    Parameters
    ----------
    array_like : cupy.ndarray
        A one-dimensional, C-contiguous device array of dtype ``uint8``.  It
        is stored as is (no copy).

    Raises
    ------
    TypeError
        If *array_like* is not a CuPy array (a NumPy array included: host
        bytes go through :meth:`from_bytes`, which copies them).
    ValueError
        If it is not one-dimensional, not ``uint8`` or not C-contiguous.

    Notes
    -----
    Device memory is always writable: a buffer made from read-only host bytes
    is a writable device copy.  ``as_numpy_array()``, ``as_buffer_like()`` and
    ``to_bytes()`` copy to the host; there is no buffer protocol.
    """

    __slots__ = ("_data",)
    _data: Any

    #: What the conformance kit may assume: writable memory, not host memory.
    bufferspec_capabilities: ClassVar[tuple[str, ...]] = ("writable",)

    def __init__(self, array_like: Any) -> None:
        self._data = _checked_device_bytes(array_like, "array_like")

    # -- constructors --------------------------------------------------------------

    @classmethod
    def create_zero_length(cls) -> Self:
        """Return a new, empty buffer on the current device."""
        self = _new(cls)
        self._data = cp.empty(0, UINT8)
        return self

    @classmethod
    def from_array_like(cls, array_like: Any) -> Self:
        """Wrap a device array without copying (``as_array_like()`` returns it).

        Raises
        ------
        TypeError, ValueError
            As the constructor.
        """
        self = _new(cls)
        self._data = _checked_device_bytes(array_like, "array_like")
        return self

    @classmethod
    def from_buffer(cls, buffer: BufferProtocol) -> Self:
        """A buffer of this class over the contents of any conforming Buffer.

        Zero-copy when *buffer* is already on the device (this class, or a
        Buffer whose ``as_array_like()`` is a CuPy array, such as zarr's GPU
        Buffer); a host Buffer is copied to the device.

        Raises
        ------
        TypeError
            If *buffer* is not a Buffer.
        """
        data = device_bytes_of_buffer(buffer, "buffer")
        if data is None:
            raise TypeError(f"buffer: expected a Buffer, got {describe(buffer)}")
        self = _new(cls)
        self._data = data if data.flags.c_contiguous else cp.ascontiguousarray(data)
        return self

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike | npt.NDArray[Any]) -> Self:
        """The raw bytes of a bytes-like object on the device: a copy from host memory.

        A C-contiguous CuPy array of any dtype gives its raw bytes without a copy.

        Raises
        ------
        TypeError
            If *bytes_like* does not export the buffer protocol (``str``
            included) or is an object array.
        ValueError
            If its memory is not C-contiguous or cannot be read.
        """
        self = _new(cls)
        if isinstance(bytes_like, cp.ndarray):
            self._data = _device_view_of_bytes(bytes_like, "bytes_like")
        else:
            self._data = _to_device(bytes_like_to_array(bytes_like, "bytes_like"))
        return self

    # -- accessors -----------------------------------------------------------------

    def as_array_like(self) -> Any:
        """Return the underlying CuPy array. Never copies."""
        return self._data

    def as_numpy_array(self) -> npt.NDArray[np.uint8]:
        """Return the bytes as a NumPy array: a copy from device to host memory."""
        host: npt.NDArray[np.uint8] = cp.asnumpy(self._data)
        return host

    def as_buffer_like(self) -> memoryview:
        """Return a ``memoryview`` of a host copy of the bytes."""
        return self.as_numpy_array().data

    def to_bytes(self) -> bytes:
        """Return a new ``bytes`` object with the contents (copied from the device)."""
        return self.as_numpy_array().tobytes()

    def __len__(self) -> int:
        return int(self._data.shape[0])

    def __repr__(self) -> str:
        data = self._data
        head = cp.asnumpy(data[:16]).tobytes()
        more = "..." if len(data) > 16 else ""
        return f"{type(self).__name__}(len={len(data)}, device={data.device.id}, data={head!r}{more})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.as_numpy_array()))

    def __copy__(self) -> Self:
        """A buffer of the same class over a device copy of the bytes."""
        result = _new(type(self))
        result._data = self._data.copy()
        return result

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self.__copy__()

    # -- slicing ---------------------------------------------------------------------

    def __getitem__(self, key: slice) -> Self:
        """Return a device view of the bytes selected by a step-1 slice, as the same class.

        Raises
        ------
        TypeError
            If *key* is not a slice, or its bounds are not integers.
        ValueError
            If the slice step is neither ``None`` nor ``1``.
        """
        result = _new(type(self))
        result._data = _sliced(self._data, key)
        return result

    def __setitem__(self, key: slice, value: Any) -> None:
        """Overwrite the bytes selected by *key* with *value*, in place.

        *value* may be a bytes-like object, a 1-d ``uint8`` array (host or
        device) or any conforming Buffer, with exactly as many bytes as the
        slice selects.

        Raises
        ------
        TypeError
            If *key* is not a slice or *value* is not one of the accepted kinds.
        ValueError
            If the slice step is not 1 or the number of bytes differs.  The
            buffer is unchanged after any error.
        """
        target = _sliced(self._data, key)
        source = byte_source(value, device_bytes_of_buffer, (cp.ndarray, np.ndarray))
        if len(source) != len(target):
            raise ValueError(f"value: expected exactly {len(target)} bytes for key {shown(key)}, got {len(source)}")
        target[...] = source if isinstance(source, cp.ndarray) else _to_device(source)

    # -- combination and comparison ------------------------------------------------

    def combine(self, others: Iterable[BufferProtocol]) -> Self:
        """Concatenate this buffer and *others* into a new device buffer of this class.

        Device inputs are copied once on the device; host inputs are copied to
        the device first.  The result never shares memory with an input.

        Raises
        ------
        TypeError
            If *others* is not an iterable of Buffers.
        ValueError
            If reading *others* raises ``ValueError``; the original error is chained.
        """
        result = _new(type(self))
        result._data = cp.concatenate(buffer_arrays(others, self._data, device_bytes_of_buffer))
        return result

    def __add__(self, other: BufferProtocol) -> Self:
        """Return ``self.combine([other])``; a non-Buffer operand gives ``TypeError``."""
        operand: object = other
        if isinstance(operand, BufferProtocol) and not isinstance(operand, type):
            return self.combine([operand])
        return NotImplemented

    def __eq__(self, other: object) -> bool:
        """Content equality with any conforming Buffer, decided on the device."""
        theirs = device_bytes_of_buffer(other, "other")
        if theirs is None:
            return NotImplemented
        mine = self._data
        return bool(mine.shape == theirs.shape and bool(cp.array_equal(mine, theirs)))

    __hash__: ClassVar[None] = None  # type: ignore[assignment]
    __array_ufunc__ = None


def _sliced(data: Any, key: object) -> Any:
    """``data[key]`` for a validated step-1 slice *key*: a device view, never a copy."""
    checked = _checked_slice(key)
    try:
        return data[checked]
    except TypeError as exc:
        raise TypeError(f"key: slice bounds must be integers or None, got {shown(key)}") from exc


def _rebuild(cls: type[Buffer], host: npt.NDArray[np.uint8]) -> Buffer:
    """Unpickle a GPU Buffer: the pickled host bytes, copied to the current device."""
    result = _new(cls)
    result._data = _to_device(np.ascontiguousarray(host, dtype=UINT8).reshape(-1))
    return result
