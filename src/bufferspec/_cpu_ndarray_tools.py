"""NumPy array helpers of the reference NDBuffer: allocation, fill values, pickling, repr.

Generic-unit datetimes (``M8``/``m8`` without a unit) need care throughout:
NumPy drops their byte order when allocating, pickling and converting, so
they are handled through their ``int64`` twin.
"""

from __future__ import annotations

import operator
import pickle
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from bufferspec._cpu_common import describe, shown
from bufferspec._cpu_values import checked_value

__all__ = [
    "allocate",
    "checked_order",
    "checked_shape",
    "fill_scalar",
    "is_generic_time",
    "key_overflows",
    "rebuild_array",
    "reduce_array",
    "safe_repr",
    "with_ellipsis",
]

_NAT = np.iinfo(np.int64).min


def checked_shape(shape: object) -> tuple[int, ...]:
    if type(shape) is tuple:
        dims = shape
    else:
        if isinstance(shape, (str, bytes)) or not isinstance(shape, Iterable):
            raise TypeError(f"shape: expected an iterable of integers, got {describe(shape)}")
        try:
            dims = tuple(shape)
        except (TypeError, ValueError, NotImplementedError) as exc:  # 0-d array, closed mmap, ...
            raise TypeError(
                f"shape: expected an iterable of integers, got {describe(shape)} ({exc})"
            ) from None
    try:
        result = tuple(operator.index(d) for d in dims)
    except (TypeError, ValueError):  # ValueError: NumPy datetimes refuse __index__ that way
        raise TypeError(f"shape: expected an iterable of integers, got {shown(dims)}") from None
    if any(d < 0 for d in result):
        raise ValueError(f"shape: dimensions must be non-negative, got {result!r}")
    return result


def is_generic_time(dtype: np.dtype[Any]) -> bool:
    return dtype.kind in "mM" and np.datetime_data(dtype)[0] == "generic"


def _int64_twin(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """The int64 dtype with the byte order of a datetime/timedelta *dtype*."""
    return np.dtype(f"{dtype.byteorder if dtype.byteorder != '=' else ''}i8")


def allocate(shape: object, dtype: np.dtype[Any], order: Any, zero: bool) -> npt.NDArray[Any]:
    """A new array of *shape* and exactly *dtype*, zeroed if *zero*.

    *shape* is validated only when it is not a tuple or NumPy rejects it, so
    the common case pays nothing extra.  The byte order of generic-unit
    datetimes is kept (NumPy drops it when allocating).
    """
    dims = shape if type(shape) is tuple else checked_shape(shape)
    try:
        if dtype.kind in "mM":
            twin = _int64_twin(dtype)
            raw = np.zeros(dims, twin, order) if zero else np.empty(dims, twin, order)
            return raw.view(dtype)
        return np.zeros(dims, dtype, order) if zero else np.empty(dims, dtype, order)
    except (TypeError, ValueError) as exc:
        checked_shape(dims)  # raises a message naming `shape` when the shape is at fault
        raise ValueError(f"shape: cannot allocate {dims!r} of dtype {dtype}: {exc}") from None
    except MemoryError as exc:
        raise MemoryError(f"shape: cannot allocate {dims!r} of dtype {dtype}: {exc}") from None


def fill_scalar(value: Any, dtype: np.dtype[Any], argument: str = "fill_value") -> npt.NDArray[Any]:
    """*value* as a 0-d array of exactly *dtype* (a tuple is one structured value).

    Raises
    ------
    ValueError
        If *value* is not a scalar or cannot be stored in *dtype* without loss
        (see :func:`bufferspec._cpu_values.checked_value`).
    """
    if isinstance(value, np.ndarray) and value.ndim != 0:
        raise ValueError(f"{argument}: expected a scalar, got {describe(value)}")
    if is_generic_time(dtype):
        scalar = allocate((), dtype, "C", zero=False)  # keeps the byte order
        if _is_nat(value):
            scalar.view(_int64_twin(dtype))[()] = _NAT  # no unit conversion (and warning)
        else:
            try:
                with np.errstate(over="raise", invalid="raise"):
                    scalar[()] = value
            except (TypeError, ValueError, OverflowError, FloatingPointError) as exc:
                raise ValueError(f"{argument}: {shown(value)} cannot be stored in dtype {dtype} ({exc})") from None
    else:
        scalar = checked_value(value, dtype, argument)
    if scalar.ndim != 0:
        raise ValueError(f"{argument}: expected a scalar, got {shown(value)}")
    return scalar


def _is_nat(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().upper() == "NAT"
    return isinstance(value, (np.datetime64, np.timedelta64)) and bool(np.isnat(value))


def reduce_array(data: npt.NDArray[Any], protocol: int) -> tuple[Any, ...]:
    """Arguments for :func:`rebuild_array` that keep dtype (byte order included) and layout.

    NumPy's own array pickling loses the byte order of non-native datetimes
    (and of every non-native dtype below protocol 5), so the raw bytes travel
    with the exact dtype.  Protocol 5 passes them as a ``PickleBuffer``
    (out-of-band capable: the rebuilt array shares the buffers it is given);
    read-only data stays read-only and writable data writable, in band and
    out of band.  Object and string dtypes use NumPy's pickling.
    """
    if data.dtype.hasobject or data.dtype.kind == "T":
        return (data,)
    if data.flags.c_contiguous:
        order, contiguous = "C", data
    elif data.flags.f_contiguous:
        order, contiguous = "F", data
    else:
        order, contiguous = "C", np.ascontiguousarray(data)
    raw = contiguous.reshape(-1, order="A").view(np.uint8) if contiguous.size else np.empty(0, np.uint8)
    payload: object
    if protocol >= 5:
        payload = pickle.PickleBuffer(raw.data)  # in band: bytearray if writable, bytes if read-only
    else:
        payload = bytearray(raw) if data.flags.writeable else raw.tobytes()
    return (data.dtype, data.shape, order, payload)


def rebuild_array(*args: Any) -> npt.NDArray[Any]:
    """Inverse of :func:`reduce_array`."""
    if len(args) == 1:
        array: npt.NDArray[Any] = args[0]
        return array
    dtype, shape, order, payload = args
    raw = np.frombuffer(payload, dtype=np.uint8)  # never a copy: out-of-band buffers stay shared
    if raw.size == 0:
        return allocate(shape, dtype, order, zero=True)
    rebuilt: npt.NDArray[Any] = raw.view(dtype).reshape(shape, order=order)
    return rebuilt


def safe_repr(data: npt.NDArray[Any]) -> str:
    """``numpy.array2string`` that never raises (generic datetimes cannot always be printed)."""
    try:
        return np.array2string(data, threshold=20, edgeitems=2, separator=", ")
    except (TypeError, ValueError):
        if data.dtype.kind in "mM":
            counts = data.view(_int64_twin(data.dtype))
            return "<int64 counts " + np.array2string(counts, threshold=20, edgeitems=2, separator=", ") + ">"
        return f"<{data.size} elements>"


def checked_order(order: object, allowed: str) -> Any:
    """*order* if it is one of the letters in *allowed*, else ``ValueError`` naming ``order``."""
    if not isinstance(order, str) or len(order) != 1 or order not in allowed:
        choices = " or ".join(repr(c) for c in allowed)
        raise ValueError(f"order: expected {choices}, got {shown(order)}")
    return order


def key_overflows(data: npt.NDArray[Any], key: Any) -> bool:
    """Whether reading ``data[key]`` overflows (an index beyond the platform's integers)."""
    try:
        data[key]
    except OverflowError:
        return True
    except (IndexError, TypeError, ValueError):
        pass
    return False


def with_ellipsis(key: Any) -> Any:
    """*key* with a trailing ``Ellipsis``, so that indexing gives a 0-d view instead of an element."""
    if isinstance(key, tuple):
        if any(k is Ellipsis for k in key):
            return key
        return (*key, Ellipsis)
    if key is Ellipsis:  # already a view of everything; a second Ellipsis would be an IndexError
        return key
    return (key, Ellipsis)
