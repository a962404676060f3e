"""A CPU stand-in for CuPy: the part of its API that ``bufferspec.gpu`` uses, on NumPy memory.

For testing ``bufferspec.gpu`` on machines without a GPU (put the folder
above this package first on ``sys.path``).  Like CuPy, and unlike NumPy:

* ``ndarray`` is not a ``numpy.ndarray`` and refuses every implicit route to
  the host (``__array__``, the buffer protocol, ``tolist``, iteration): the
  only ways out are ``asnumpy`` and ``ndarray.get``;
* integer indexing gives 0-d arrays, never scalars; comparisons give arrays;
* assigning a NumPy array into an ``ndarray`` is refused (``bufferspec.gpu``
  copies host data with ``asarray`` first);
* dtypes are limited to bool, integers, floats and complex in native byte order.

It proves that ``bufferspec.gpu`` keeps device and host memory apart and
follows its documented rules; it proves nothing about real device memory,
CUDA or CuPy's own behaviour, which the device run checks.
"""

from __future__ import annotations

import types
from typing import Any

import numpy as np

__version__ = "0.0.0+fake"


_DTYPES = frozenset(np.dtype(c) for c in "?bBhHiIlLqQefdFD")  # what CuPy holds


def _check_dtype(dtype: np.dtype[Any]) -> None:
    if dtype not in _DTYPES:
        raise TypeError(f"Unsupported dtype {dtype}")


def _wrap(value: Any) -> ndarray:
    memory = np.asarray(value)  # NumPy's scalars from reductions become 0-d arrays
    _check_dtype(memory.dtype)
    result = ndarray.__new__(ndarray)
    result._memory = memory
    return result


def _unwrap(value: Any) -> Any:
    if isinstance(value, ndarray):
        return value._memory
    if isinstance(value, np.ndarray):
        raise TypeError("fake cupy: a numpy.ndarray (host memory) cannot be used in a device operation; use asarray()")
    return value


class _Device:
    id = 0
    compute_capability = "90"

    def synchronize(self) -> None:
        """Nothing to wait for: the stand-in computes synchronously."""


class ndarray:  # noqa: N801 - CuPy's name
    """Device memory: a NumPy array nobody outside this module may read."""

    __slots__ = ("_memory",)
    _memory: np.ndarray[Any, Any]

    def __init__(self, shape: Any, dtype: Any = float, order: Any = "C") -> None:
        memory = np.empty(shape, dtype, order=order)
        _check_dtype(memory.dtype)
        self._memory = memory

    # metadata
    dtype = property(lambda self: self._memory.dtype)
    shape = property(lambda self: self._memory.shape)
    ndim = property(lambda self: self._memory.ndim)
    size = property(lambda self: self._memory.size)
    strides = property(lambda self: self._memory.strides)
    nbytes = property(lambda self: self._memory.nbytes)
    flags = property(lambda self: types.SimpleNamespace(c_contiguous=self._memory.flags.c_contiguous,
                                                        f_contiguous=self._memory.flags.f_contiguous,
                                                        owndata=self._memory.flags.owndata))
    device = property(lambda self: _Device())
    real = property(lambda self: _wrap(self._memory.real))
    imag = property(lambda self: _wrap(self._memory.imag))

    def __len__(self) -> int:
        return len(self._memory)

    # refused host routes
    def __array__(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("Implicit conversion to a NumPy array is not allowed. Please use `.get()` to construct a "
                        "NumPy array explicitly.")

    def __iter__(self) -> Any:
        raise TypeError("fake cupy: iterating a device array would copy it to the host element by element")

    def tolist(self) -> Any:
        raise TypeError("fake cupy: tolist() is a host conversion; use get()")

    def __bool__(self) -> bool:
        if self._memory.size != 1:
            raise ValueError("The truth value of an array with more than one element is ambiguous.")
        return bool(self._memory.reshape(()))

    def get(self, order: Any = "C") -> np.ndarray[Any, Any]:
        return np.array(self._memory, order=order, copy=True)

    # views and copies
    def __getitem__(self, key: Any) -> ndarray:
        key = tuple(_unwrap(k) for k in key) if isinstance(key, tuple) else _unwrap(key)
        result = self._memory[key]
        if not isinstance(result, np.ndarray):  # an element: CuPy gives a 0-d view
            result = self._memory[(key if isinstance(key, tuple) else (key,)) + (Ellipsis,)]
        return _wrap(result)

    def __setitem__(self, key: Any, value: Any) -> None:
        key = tuple(_unwrap(k) for k in key) if isinstance(key, tuple) else _unwrap(key)
        self._memory[key] = _unwrap(value)

    def reshape(self, *shape: Any, order: Any = "C") -> ndarray:
        return _wrap(self._memory.reshape(*shape, order=order))

    def ravel(self, order: Any = "C") -> ndarray:
        return _wrap(self._memory.ravel(order=order))

    def view(self, dtype: Any = None) -> ndarray:
        return _wrap(self._memory.view() if dtype is None else self._memory.view(dtype))

    def squeeze(self, axis: Any = None) -> ndarray:
        return _wrap(self._memory.squeeze(axis))

    def transpose(self, *axes: Any) -> ndarray:
        return _wrap(self._memory.transpose(*axes))

    def astype(self, dtype: Any, order: Any = "K", copy: bool = True) -> ndarray:
        _check_dtype(np.dtype(dtype))
        return _wrap(self._memory.astype(dtype, order=order, copy=copy))

    def copy(self, order: Any = "C") -> ndarray:
        return _wrap(self._memory.copy(order=order))

    def fill(self, value: Any) -> None:
        self._memory.fill(_unwrap(value))

    def all(self) -> ndarray:
        return _wrap(self._memory.all())

    def any(self) -> ndarray:
        return _wrap(self._memory.any())

    # element-wise operators give device arrays
    def __eq__(self, other: object) -> ndarray:  # type: ignore[override]
        return _wrap(self._memory == _unwrap(other))

    def __ne__(self, other: object) -> ndarray:  # type: ignore[override]
        return _wrap(self._memory != _unwrap(other))

    def __and__(self, other: Any) -> ndarray:
        return _wrap(self._memory & _unwrap(other))

    def __iand__(self, other: Any) -> ndarray:
        self._memory &= _unwrap(other)
        return self

    __hash__ = None  # type: ignore[assignment]


# -- module functions -----------------------------------------------------------------------


def empty(shape: Any, dtype: Any = float, order: Any = "C") -> ndarray:
    return _wrap(np.empty(shape, dtype, order=order))


def zeros(shape: Any, dtype: Any = float, order: Any = "C") -> ndarray:
    return _wrap(np.zeros(shape, dtype, order=order))


def array(obj: Any, dtype: Any = None, copy: bool = True, order: Any = "K") -> ndarray:
    if isinstance(obj, ndarray):
        return _wrap(np.array(obj._memory, dtype=dtype, copy=copy, order=order))
    return _wrap(np.array(obj, dtype=dtype, copy=True, order=order))


def asarray(obj: Any, dtype: Any = None, order: Any = None) -> ndarray:
    if isinstance(obj, ndarray) and dtype is None:
        return obj
    return array(obj, dtype=dtype, copy=True, order=order or "K")


def ascontiguousarray(a: ndarray, dtype: Any = None) -> ndarray:
    return _wrap(np.ascontiguousarray(a._memory, dtype=dtype))


def asnumpy(a: Any, stream: Any = None, order: Any = "C") -> np.ndarray[Any, Any]:
    if isinstance(a, ndarray):
        return a.get(order=order)
    host: np.ndarray[Any, Any] = np.asarray(a, order=order)
    return host


def concatenate(arrays: Any, axis: int = 0) -> ndarray:
    return _wrap(np.concatenate([_unwrap(a) for a in arrays], axis=axis))


def array_equal(a: ndarray, b: ndarray) -> ndarray:
    return _wrap(np.array_equal(_unwrap(a), _unwrap(b)))


def isnan(a: ndarray) -> ndarray:
    return _wrap(np.isnan(a._memory))


def signbit(a: ndarray) -> ndarray:
    return _wrap(np.signbit(a._memory))


class _Generator:
    def __init__(self, seed: Any) -> None:
        self._rng = np.random.default_rng(seed)

    def random(self, size: Any = None, dtype: Any = float) -> ndarray:
        return _wrap(self._rng.random(size, dtype=dtype))


random = types.SimpleNamespace(default_rng=_Generator)


def frombuffer(buffer: Any, dtype: Any = float) -> ndarray:
    return _wrap(np.frombuffer(buffer, dtype=dtype).copy())


class _Runtime:
    @staticmethod
    def getDeviceCount() -> int:  # noqa: N802 - CUDA's name
        return 1

    @staticmethod
    def getDeviceProperties(device: int) -> dict[str, Any]:  # noqa: N802
        return {"name": b"fake cupy device (CPU memory)"}

    @staticmethod
    def driverGetVersion() -> int:  # noqa: N802
        return 0

    @staticmethod
    def runtimeGetVersion() -> int:  # noqa: N802
        return 0


cuda = types.SimpleNamespace(runtime=_Runtime(), Device=_Device)
