"""Helpers shared by the reference Buffer and NDBuffer: messages and coercions."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import numpy.typing as npt

from bufferspec.protocols import Buffer as BufferProtocol
from bufferspec.protocols import NDBuffer as NDBufferProtocol

__all__ = [
    "UINT8",
    "describe",
    "shown",
    "host_array_of_buffer",
    "host_array_of_ndbuffer",
    "to_dtype",
]

#: The dtype of every Buffer's array, built once (building it costs ~100 ns).
UINT8: np.dtype[np.uint8] = np.dtype(np.uint8)

_DTYPE_CACHE: dict[Any, np.dtype[Any]] = {}
_DTYPE_CACHE_LIMIT = 256


def describe(obj: object) -> str:
    """A short description of *obj* for error messages: its type, and dtype/shape for arrays."""
    tp = type(obj)
    name = tp.__qualname__ if tp.__module__ == "builtins" else f"{tp.__module__}.{tp.__qualname__}"
    if isinstance(obj, np.ndarray):
        return f"{name} of dtype {obj.dtype} and shape {obj.shape}"
    return name


def shown(obj: object) -> str:
    """*obj* for an error message: ``repr`` for small values and 0-d arrays, :func:`describe`
    for arrays with dimensions.

    Never raises (some objects cannot be printed, e.g. arrays of generic
    datetimes) and never floods a message with a long ``repr``.
    """
    if isinstance(obj, np.ndarray) and obj.ndim:
        return describe(obj)
    try:
        text = repr(obj)
    except Exception:  # noqa: BLE001 - a hostile __repr__ must not hide the real error
        return describe(obj)
    return text if len(text) <= 100 else f"{text[:97]}..."


def to_dtype(dtype: npt.DTypeLike, argument: str = "dtype") -> np.dtype[Any]:
    """Return ``numpy.dtype(dtype)``, cached for hashable specs; ``None`` is refused.

    Raises
    ------
    TypeError
        If *dtype* is ``None`` or not understood by NumPy as a dtype.
    """
    if isinstance(dtype, np.dtype):
        return dtype
    # Only strings and classes are cached: other specs may compare equal without being the
    # same dtype (np.complex128(3) == 3), or be unhashable or unhashable-by-raising.
    cacheable = type(dtype) is str or type(dtype) is type
    if cacheable:
        try:
            return _DTYPE_CACHE[dtype]
        except KeyError:
            pass
    if dtype is None:
        raise TypeError(
            f"{argument}: expected a NumPy dtype or dtype specification, got None "
            "(NumPy would silently pick float64; say so explicitly)"
        )
    try:
        result = np.dtype(dtype)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{argument}: expected a NumPy dtype or dtype specification, got {shown(dtype)} ({exc})"
        ) from None
    if cacheable:
        if len(_DTYPE_CACHE) >= _DTYPE_CACHE_LIMIT:
            _DTYPE_CACHE.clear()
        _DTYPE_CACHE[dtype] = result
    return result


def host_array_of_buffer(value: object, argument: str) -> npt.NDArray[np.uint8] | None:
    """The host ``uint8`` array of a conforming Buffer, or ``None`` if *value* is not a Buffer.

    Buffers of the reference class are unwrapped directly; any other object
    satisfying :class:`bufferspec.protocols.Buffer` is read through its
    ``as_numpy_array()``.

    Raises
    ------
    TypeError
        If a foreign Buffer's ``as_numpy_array()`` returns something that is
        not a one-dimensional ``uint8`` NumPy array.
    """
    if not isinstance(value, BufferProtocol) or isinstance(value, type):
        return None  # a Buffer *class* has every member too, but is not a buffer
    array: object = value.as_numpy_array()  # a foreign implementation may break its promise
    if not isinstance(array, np.ndarray) or array.ndim != 1 or array.dtype != UINT8:
        raise TypeError(
            f"{argument}: {describe(value)}.as_numpy_array() must return a 1-d uint8 "
            f"numpy.ndarray, got {describe(array)}"
        )
    return cast("npt.NDArray[np.uint8]", array)


def host_array_of_ndbuffer(value: object) -> npt.NDArray[Any] | None:
    """The array of a conforming NDBuffer (host memory preferred), or ``None`` if not an NDBuffer.

    ``as_ndarray_like()`` is used when it already is a NumPy array (no copy);
    otherwise the contents are fetched with ``as_numpy_array()``.
    """
    if not isinstance(value, NDBufferProtocol) or isinstance(value, type):
        return None  # an NDBuffer *class* has every member too, but is not a buffer
    array = value.as_ndarray_like()
    if isinstance(array, np.ndarray):
        return array
    return value.as_numpy_array()
