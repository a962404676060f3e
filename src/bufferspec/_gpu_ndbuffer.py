"""The GPU reference :class:`NDBuffer`: an n-dimensional buffer over a CuPy array in device memory.

Arguments and values are checked on the host with the helpers of
:class:`bufferspec.cpu.NDBuffer` (the same rules, the same messages); the
elements stay on the device.  Differences forced by device memory: the
dtypes CuPy holds (bool, integers, floats, complex, native byte order), host
access by explicit copy only, and no read-only mode.
"""

from __future__ import annotations

import math
import operator
import sys
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Literal, Self, SupportsIndex

import numpy as np
import numpy.typing as npt

from bufferspec import _cpu_ndbuffer_views as views
from bufferspec._aliases import Endian, ScalarType
from bufferspec._all_equal import all_equal as host_all_equal
from bufferspec._cpu_common import describe, to_dtype
from bufferspec._cpu_ndarray_tools import checked_order, checked_shape, fill_scalar, rebuild_array, reduce_array
from bufferspec._cpu_values import checked_value
from bufferspec._gpu_runtime import cupy as cp
from bufferspec._gpu_runtime import unsupported_dtype
from bufferspec.protocols import NDBuffer as NDBufferProtocol

__all__ = ["NDBuffer"]

_new = object.__new__
_HOST_ORDER: Endian = "little" if sys.byteorder == "little" else "big"
_SCALAR_TYPES = (int, float, complex, bool, np.bool_, np.number)
_UINT_OF_SIZE: dict[int, np.dtype[Any]] = {2: np.dtype(np.uint16), 4: np.dtype(np.uint32), 8: np.dtype(np.uint64)}


def _checked_device_array(array: object, argument: str) -> Any:
    if not isinstance(array, cp.ndarray):
        hint = (" (host memory); NDBuffer.from_numpy_array() copies host data to the device"
                if isinstance(array, np.ndarray) else "; use NDBuffer.from_numpy_array() to convert other array-likes")
        raise TypeError(f"{argument}: expected a cupy.ndarray (device memory), got {describe(array)}{hint}")
    return array


def _device_dtype(dtype: npt.DTypeLike, argument: str = "dtype") -> np.dtype[Any]:
    """*dtype* as a NumPy dtype that CuPy can hold, else ``TypeError`` naming *argument*."""
    dt = to_dtype(dtype, argument)
    reason = unsupported_dtype(dt)
    if reason is not None:
        raise TypeError(f"{argument}: {reason}")
    return dt


def _to_device(host: npt.NDArray[Any], argument: str) -> Any:
    """A device copy of *host*, in its memory layout; ``TypeError`` for dtypes CuPy cannot hold."""
    reason = unsupported_dtype(host.dtype)
    if reason is not None:
        raise TypeError(f"{argument}: {reason}")
    return cp.array(host, copy=True, order="K")


def _allocate(shape: object, dtype: np.dtype[Any], order: str, zero: bool) -> Any:
    dims = checked_shape(shape)
    try:
        return cp.zeros(dims, dtype, order) if zero else cp.empty(dims, dtype, order)
    except MemoryError as exc:  # cupy.cuda.memory.OutOfMemoryError is a MemoryError
        raise MemoryError(f"shape: cannot allocate {dims!r} of dtype {dtype} on the device: {exc}") from None
    except (TypeError, ValueError) as exc:
        raise ValueError(f"shape: cannot allocate {dims!r} of dtype {dtype}: {exc}") from None


class NDBuffer:
    """An n-dimensional block of CUDA device memory: the GPU reference :class:`bufferspec.protocols.NDBuffer`.

    Parameters
    ----------
    array : cupy.ndarray
        The device array to wrap (any shape and strides).  It is stored as is
        (no copy).

    Raises
    ------
    TypeError
        If *array* is not a CuPy array (a NumPy array included:
        :meth:`from_numpy_array` copies host data to the device).

    Notes
    -----
    NDBuffers compare by identity and are hashable.  ``as_numpy_array()``
    and ``as_scalar()`` copy to the host; there is no ``__array__``, so NumPy
    never copies device memory implicitly.
    """

    __slots__ = ("_data",)
    _data: Any

    #: What the conformance kit may assume: writable memory, not host memory.
    bufferspec_capabilities: ClassVar[tuple[str, ...]] = ("writable",)

    def __init__(self, array: Any) -> None:
        self._data = _checked_device_array(array, "array")

    # -- constructors --------------------------------------------------------------

    @classmethod
    def create(cls, *, shape: Iterable[int], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C",
               fill_value: Any | None = None) -> Self:
        """Allocate a new device buffer, filled with *fill_value* bit-exactly.

        The fill value is converted to *dtype* on the host, by the rules of
        :meth:`bufferspec.cpu.NDBuffer.create`, and copied to every element.
        ``None`` zero-fills.

        Raises
        ------
        TypeError
            If *shape* is not an iterable of integers, or *dtype* is not a
            dtype CuPy can hold (see the module docstring).
        ValueError
            If a dimension is negative, *order* is not ``"C"``/``"F"``, or
            *fill_value* cannot be stored in *dtype* without loss.
        MemoryError
            If the device memory cannot be allocated (the message names *shape*).
        """
        dt = _device_dtype(dtype)
        checked_order(order, "CF")
        scalar = None if fill_value is None else fill_scalar(fill_value, dt)
        data = _allocate(shape, dt, order, zero=scalar is None)
        if scalar is not None:
            data[...] = cp.asarray(scalar)
        self = _new(cls)
        self._data = data
        return self

    @classmethod
    def empty(cls, shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C") -> Self:
        """Allocate a new device buffer with uninitialised contents.

        Raises
        ------
        TypeError, ValueError, MemoryError
            As :meth:`create`.
        """
        dt = _device_dtype(dtype)
        checked_order(order, "CF")
        self = _new(cls)
        self._data = _allocate(shape, dt, order, zero=False)
        return self

    @classmethod
    def from_ndarray_like(cls, ndarray_like: Any) -> Self:
        """Wrap a device array without copying (``as_ndarray_like()`` returns it).

        Raises
        ------
        TypeError
            If *ndarray_like* is not a CuPy array.
        """
        self = _new(cls)
        self._data = _checked_device_array(ndarray_like, "ndarray_like")
        return self

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        """Copy anything :func:`numpy.asanyarray` accepts to the device; a CuPy array is wrapped as is.

        Raises
        ------
        TypeError
            If the array's dtype cannot live on the device.
        ValueError
            If NumPy cannot make an array of *array_like* (e.g. ragged lists).
        """
        self = _new(cls)
        if isinstance(array_like, cp.ndarray):
            self._data = array_like
            return self
        self._data = _to_device(views.host_array(array_like), "array_like")
        return self

    # -- accessors -----------------------------------------------------------------

    def as_ndarray_like(self) -> Any:
        """Return the underlying CuPy array. Never copies."""
        return self._data

    def as_numpy_array(self) -> npt.NDArray[Any]:
        """Return the contents as a NumPy array: a copy to host memory, in the same layout (C or F)."""
        host: npt.NDArray[Any] = cp.asnumpy(self._data, order="A")
        return host

    def as_scalar(self) -> ScalarType:
        """Return the only element as a NumPy scalar of the dtype (copied to the host).

        Raises
        ------
        ValueError
            If the buffer does not hold exactly one element.
        """
        data = self._data
        if data.size != 1:
            raise ValueError(f"as_scalar: the buffer must hold exactly one element, got shape {data.shape}")
        scalar: ScalarType = cp.asnumpy(data.reshape(()))[()]
        return scalar

    @property
    def dtype(self) -> np.dtype[Any]:
        """The element type (a NumPy dtype, in native byte order)."""
        dtype: np.dtype[Any] = self._data.dtype
        return dtype

    @property
    def shape(self) -> tuple[int, ...]:
        """The length of every dimension."""
        return tuple(self._data.shape)

    @property
    def byteorder(self) -> Endian:
        """The host's byte order: device arrays hold native-order data."""
        return _HOST_ORDER

    def __len__(self) -> int:
        """The length of the first dimension.

        Raises
        ------
        TypeError
            For a 0-d buffer (as :meth:`bufferspec.cpu.NDBuffer.__len__`).
        """
        return views.first_length(self._data)

    def __repr__(self) -> str:
        data = self._data
        head = cp.asnumpy(data.reshape(-1)[:8]) if data.size else np.empty(0, data.dtype)
        more = ", ..." if data.size > 8 else ""
        return (f"{type(self).__name__}(shape={tuple(data.shape)}, dtype={data.dtype}, device={data.device.id}, "
                f"data=[{', '.join(map(repr, head.tolist()))}{more}])")

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return (_rebuild, (type(self), *reduce_array(self.as_numpy_array(), operator.index(protocol))))

    # -- transformations -------------------------------------------------------

    def reshape(self, newshape: tuple[int, ...] | Literal[-1]) -> Self:
        """Return the elements in a new shape (``-1`` flattens); a device view when the layout allows.

        Raises
        ------
        TypeError, ValueError
            As :meth:`bufferspec.cpu.NDBuffer.reshape` (the same checks and messages).
        """
        result = _new(type(self))
        result._data = views.reshaped(self._data, newshape)
        return result

    def squeeze(self, axis: tuple[int, ...]) -> Self:
        """Return a device view without the given length-1 axes.

        Raises
        ------
        TypeError, ValueError
            As :meth:`bufferspec.cpu.NDBuffer.squeeze` (the same checks and messages).
        """
        result = _new(type(self))
        result._data = views.squeezed(self._data, axis)
        return result

    def transpose(self, axes: SupportsIndex | Sequence[SupportsIndex] | None) -> Self:
        """Return a device view with the axes permuted (reversed for ``None``).

        Raises
        ------
        TypeError, ValueError
            As :meth:`bufferspec.cpu.NDBuffer.transpose` (the same checks and messages).
        """
        result = _new(type(self))
        result._data = views.transposed(self._data, axes)
        return result

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        """Return a device copy with values converted to *dtype* (CuPy's casting). Always copies.

        Unlike NumPy, CuPy does not warn about lossy casts (overflow to
        infinity, NaN to an integer).

        Raises
        ------
        TypeError
            If *dtype* is not a dtype CuPy can hold.
        ValueError
            If *order* is not one of ``"K"``, ``"A"``, ``"C"``, ``"F"``.
        """
        dt = _device_dtype(dtype)
        order_ = checked_order(order, "KACF")
        result = _new(type(self))
        result._data = self._data.astype(dt, order=order_, copy=True)
        return result

    def copy(self) -> Self:
        """Return a device copy with the same memory layout; never shares memory with this buffer."""
        result = _new(type(self))
        result._data = self._data.copy(order="K")
        return result

    def fill(self, value: Any) -> None:
        """Set every element to *value*, converted on the host as ``create``'s *fill_value*.

        Raises
        ------
        ValueError
            If *value* cannot be stored in the dtype without loss (the buffer is then unchanged).
        """
        scalar = fill_scalar(value, np.dtype(self._data.dtype), argument="value")
        self._data[...] = cp.asarray(scalar)

    # -- indexing --------------------------------------------------------------------

    def __getitem__(self, key: Any) -> Self:
        """Index with NumPy semantics on the device; integer keys give 0-d views, basic indexing never copies.

        Raises
        ------
        IndexError, TypeError, ValueError
            As CuPy, with the message prefixed by ``key:``.
        """
        try:
            data = self._data[_device_key(key)]
        except (IndexError, TypeError, ValueError, OverflowError) as exc:
            raise views.key_error(exc) from None
        result = _new(type(self))
        result._data = data
        return result

    def __setitem__(self, key: Any, value: Any) -> None:
        """Assign *value* with broadcasting; any conforming NDBuffer is unwrapped.

        Device values of the buffer's dtype are assigned on the device; any
        other value is converted to the dtype on the host first, by the rules
        of :meth:`bufferspec.cpu.NDBuffer.__setitem__`, and then copied.

        Raises
        ------
        ValueError
            If *value* does not broadcast or cannot be stored in the dtype
            without loss.  The buffer is unchanged after any error.
        IndexError, TypeError
            For invalid keys.
        """
        source = _device_source(value, np.dtype(self._data.dtype))
        try:
            self._data[_device_key(key)] = source
        except (IndexError, TypeError, ValueError, OverflowError) as exc:
            # Device memory is always writable, and CuPy indexes with the platform's integers.
            raise views.assignment_error(exc, key, value, overflow_in_key=True) from None

    # -- comparison ----------------------------------------------------------------

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        """Whether every element equals *other* (see :meth:`bufferspec.protocols.NDBuffer.all_equal`).

        A scalar of a kind the dtype holds (what zarr passes: the fill value)
        is decided on the device; anything else on a host copy, by
        :meth:`bufferspec.cpu.NDBuffer.all_equal`'s rules.

        Raises
        ------
        TypeError
            If *equal_nan* is not a bool.
        ValueError
            If *other* is an array that does not broadcast to the buffer's shape.
        """
        flag: object = equal_nan
        if type(flag) is not bool:
            equal_nan = views.checked_equal_nan(flag)
        data = self._data
        dtype = np.dtype(data.dtype)
        if isinstance(other, _SCALAR_TYPES):
            try:
                value = checked_value(other, dtype, "other")
            except (TypeError, ValueError):
                value = None
            # ``value`` stands for ``other`` exactly when it equals ``other`` by the host rules
            # (a truncated 1.5 does not); then "every element equals other" is "every element
            # equals value", an equivalence the device decides.
            if value is not None and value.ndim == 0 and host_all_equal(value, other, equal_nan):
                return _device_all_equal(data, value, equal_nan)
        if isinstance(other, cp.ndarray):
            other = cp.asnumpy(other)
        elif isinstance(other, NDBufferProtocol) and not isinstance(other, type):
            other = other.as_numpy_array()
        return host_all_equal(self.as_numpy_array(), other, equal_nan)


def _same_float(data: Any, value: float, equal_nan: bool) -> Any:
    """Mask of elements equal to *value* by the float rule: sign-aware zeros, NaN only with *equal_nan*."""
    if value != value:
        return cp.isnan(data) if equal_nan else cp.zeros(data.shape, dtype=bool)
    if value == 0.0:  # one comparison of bit patterns: +0.0 and -0.0 differ only in the sign bit
        uint = _UINT_OF_SIZE[data.dtype.itemsize]
        bits = (1 << (8 * uint.itemsize - 1)) if math.copysign(1.0, value) < 0 else 0
        return data.view(uint) == uint.type(bits)
    return data == value


def _device_all_equal(data: Any, value: npt.NDArray[Any], equal_nan: bool) -> bool:
    """Whether every element of the device array *data* equals the host 0-d array *value*."""
    kind = value.dtype.kind
    scalar = value[()]
    if kind == "f":
        mask = _same_float(data, float(scalar), equal_nan)
    elif kind == "c":
        mask = _same_float(data.real, float(scalar.real), equal_nan) & _same_float(
            data.imag, float(scalar.imag), equal_nan)
    else:
        mask = data == cp.asarray(value)
    return bool(mask.all())


def _device_index(part: Any) -> Any:
    """One part of a key: host index arrays (and lists of integers or bools) go to the device."""
    if isinstance(part, np.ndarray):
        return cp.asarray(part)
    if isinstance(part, list):
        try:
            host = np.asarray(part)
        except (TypeError, ValueError):
            return part  # not an index array: CuPy reports it
        if host.dtype.kind in "biu":
            return cp.asarray(host)
    return part


def _device_key(key: Any) -> Any:
    """*key* with its host index arrays copied to the device (CuPy indexes with device arrays)."""
    if type(key) is tuple:
        return tuple(_device_index(part) for part in key)
    return _device_index(key)


def _device_source(value: Any, dtype: np.dtype[Any]) -> Any:
    """*value* ready for device assignment into *dtype*: device data as is, anything else via the host."""
    if isinstance(value, NDBuffer):
        value = value._data
    elif isinstance(value, NDBufferProtocol) and not isinstance(value, type):
        array = value.as_ndarray_like()
        value = array if isinstance(array, cp.ndarray) else value.as_numpy_array()
    if isinstance(value, cp.ndarray):
        if value.dtype == dtype:
            return value
        value = cp.asnumpy(value)
    host = checked_value(value, dtype, "value", copy=False)
    return cp.asarray(host)


def _rebuild(cls: type[NDBuffer], *args: Any) -> NDBuffer:
    """Unpickle a GPU NDBuffer: the pickled host array, copied to the current device."""
    result = _new(cls)
    result._data = _to_device(rebuild_array(*args), "pickle")
    return result
