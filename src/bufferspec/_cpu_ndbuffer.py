"""The reference :class:`NDBuffer`: an n-dimensional buffer over a NumPy array."""

from __future__ import annotations

import operator
import sys
from collections.abc import Iterable, Sequence
from typing import Any, Literal, Self, SupportsIndex, cast

import numpy as np
import numpy.typing as npt

from bufferspec import _cpu_ndbuffer_views as views
from bufferspec._aliases import Endian, ScalarType
from bufferspec._all_equal import all_equal as _all_equal
from bufferspec._cpu_common import _DTYPE_CACHE, describe, host_array_of_ndbuffer, shown, to_dtype
from bufferspec._cpu_ndarray_tools import (
    allocate,
    checked_order,
    fill_scalar,
    is_generic_time,
    key_overflows,
    rebuild_array,
    reduce_array,
    safe_repr,
    with_ellipsis,
)
from bufferspec._cpu_values import SMALL_FLOAT_MAX, checked_value, plain_number_fits
from bufferspec.protocols import NDArrayLike

__all__ = ["NDBuffer"]

_new = object.__new__
_ndarray = np.ndarray
_C_OR_F: tuple[str, ...] = ("C", "F")
_HOST_ORDER: Endian = "little" if sys.byteorder == "little" else "big"
_BYTEORDER: dict[str, Endian] = {"<": "little", ">": "big"}
_REAL_FILL_TYPES = frozenset({int, float, bool})
_COMPLEX_FILL_TYPES = frozenset({int, float, bool, complex})
_PLAIN_VALUE_TYPES = frozenset({int, float, complex, bool, str, bytes})
_FLOAT64: np.dtype[Any] = np.dtype(np.float64)


def _checked_array(array: object, argument: str) -> npt.NDArray[Any]:
    if not isinstance(array, np.ndarray):
        raise TypeError(
            f"{argument}: expected a numpy.ndarray, got {describe(array)}; "
            "use NDBuffer.from_numpy_array() to convert other array-likes"
        )
    return array


class NDBuffer:
    """An n-dimensional block of host memory: the reference :class:`bufferspec.protocols.NDBuffer`.

    Parameters
    ----------
    array : numpy.ndarray
        The array to wrap (any dtype, shape and strides; ndarray subclasses
        are kept).  It is stored as is (no copy).

    Raises
    ------
    TypeError
        If *array* is not a NumPy array.

    Notes
    -----
    NDBuffers compare by identity and are hashable, like zarr's.  Buffers
    derived from an NDBuffer are created without calling ``__init__`` again.
    """

    __slots__ = ("_data",)
    _data: npt.NDArray[Any]

    def __init__(self, array: NDArrayLike) -> None:
        self._data = _checked_array(array, "array")

    # -- constructors --------------------------------------------------------------

    @classmethod
    def create(
        cls,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
    ) -> Self:
        """Allocate a new buffer, filled with *fill_value* bit-exactly.

        Parameters
        ----------
        shape : iterable of int
            Non-negative dimensions; ``()`` gives a 0-d buffer.
        dtype : dtype-like
            Any NumPy dtype, kept exactly (byte order, generic datetime units).
        order : {"C", "F"}
            Memory layout.
        fill_value : scalar or None
            Converted to *dtype* first (a tuple is one structured value).
            ``None`` leaves the contents unspecified by the spec; this
            implementation zero-fills them.

        Raises
        ------
        TypeError
            If *shape* is not an iterable of integers or *dtype* is not a dtype.
        ValueError
            If a dimension is negative, the size exceeds what NumPy can
            address, *order* is not ``"C"``/``"F"``, or *fill_value* cannot be
            stored in *dtype* without loss (it overflows the dtype, is NaN or
            infinite for an integer dtype, or is complex with a non-zero
            imaginary part for a real dtype).
        MemoryError
            If the memory cannot be allocated (the message names *shape*).
        """
        # A string spec is answered from to_dtype's cache without calling it (hot path).
        dt = _DTYPE_CACHE.get(dtype) if type(dtype) is str else None
        if dt is None:
            dt = to_dtype(dtype)
        any_order: object = order  # type first: an array compared with a str has no truth value
        if type(any_order) is not str or any_order not in _C_OR_F:
            checked_order(order, "CF")
        kind = dt.kind
        if fill_value is None or (
            type(fill_value) in (int, bool) and fill_value == 0 and kind in "biufc"
        ):
            data = allocate(shape, dt, order, zero=True)
        else:
            fill_type = type(fill_value)
            if (kind == "f" and fill_type in _REAL_FILL_TYPES) or (
                kind == "c" and fill_type in _COMPLEX_FILL_TYPES
            ):
                scalar: Any = fill_value
                if (
                    dt is not _FLOAT64
                    and (limit := SMALL_FLOAT_MAX.get(dt.char)) is not None
                    and not plain_number_fits(fill_value, limit)
                ):
                    scalar = fill_scalar(fill_value, dt)  # refuses an overflow (NumPy only warns)
            else:
                scalar = fill_scalar(fill_value, dt)
            data = allocate(shape, dt, order, zero=False)
            try:
                data[...] = scalar
            except (OverflowError, ValueError, TypeError) as exc:
                raise ValueError(
                    f"fill_value: {shown(fill_value)} cannot be stored in dtype {dt} ({exc})"
                ) from None
        self = _new(cls)
        self._data = data
        return self

    @classmethod
    def empty(
        cls, shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C"
    ) -> Self:
        """Allocate a new buffer with uninitialised contents.

        Raises
        ------
        TypeError, ValueError, MemoryError
            As :meth:`create`.
        """
        dt = _DTYPE_CACHE.get(dtype) if type(dtype) is str else None  # as in create()
        if dt is None:
            dt = to_dtype(dtype)
        any_order: object = order  # type first: an array compared with a str has no truth value
        if type(any_order) is not str or any_order not in _C_OR_F:
            checked_order(order, "CF")
        self = _new(cls)
        self._data = allocate(shape, dt, order, zero=False)
        return self

    @classmethod
    def from_ndarray_like(cls, ndarray_like: NDArrayLike) -> Self:
        """Wrap a NumPy array without copying (``as_ndarray_like()`` returns it).

        Raises
        ------
        TypeError
            If *ndarray_like* is not a NumPy array.
        """
        self = _new(cls)
        self._data = _checked_array(ndarray_like, "ndarray_like")
        return self

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        """Wrap anything :func:`numpy.asanyarray` accepts; NumPy arrays are not copied.

        Raises
        ------
        ValueError
            If NumPy cannot make an array of *array_like* (e.g. ragged lists).
        """
        self = _new(cls)
        if type(array_like) is _ndarray:  # the hot path; subclasses come back unchanged below
            self._data = array_like
            return self
        self._data = views.host_array(array_like)
        return self

    # -- accessors -----------------------------------------------------------------

    def as_ndarray_like(self) -> npt.NDArray[Any]:
        """Return the underlying NumPy array. Never copies."""
        return self._data

    def as_numpy_array(self) -> npt.NDArray[Any]:
        """Return the underlying NumPy array (host memory). Never copies."""
        return self._data

    def __array__(self, dtype: npt.DTypeLike | None = None, copy: bool | None = None) -> npt.NDArray[Any]:
        """The contents for NumPy's conversions: ``numpy.asarray(nd)``, ``ndarray[...] = nd``.

        Without arguments this is the underlying array (no copy), as from
        :meth:`as_numpy_array`; it is what lets an NDBuffer of another class
        whose ``__setitem__`` hands values to NumPy (zarr's ``cpu.NDBuffer``)
        receive this one.  *dtype* and *copy* follow NumPy 2's protocol: a
        *dtype* other than the buffer's converts (a copy), ``copy=True``
        always copies.

        Raises
        ------
        TypeError
            If *dtype* is not a data type NumPy understands.
        ValueError
            If *copy* is ``False`` but *dtype* needs a conversion.
        """
        data = self._data
        if dtype is not None:
            try:
                target = np.dtype(dtype)
            except (TypeError, ValueError) as exc:
                raise TypeError(f"dtype: not a NumPy data type: {exc}") from None
            if target != data.dtype:
                if copy is False:
                    raise ValueError(
                        f"copy: False, but dtype {target} differs from the buffer's {data.dtype} (needs a copy)"
                    )
                return data.astype(target)
        return data.copy() if copy else data

    def as_scalar(self) -> ScalarType:
        """Return the only element as a scalar of the dtype, for every size-1 shape.

        Raises
        ------
        ValueError
            If the buffer does not hold exactly one element.
        """
        data: Any = self._data  # indexing gives the scalar type (no typing.cast call on the hot path)
        if data.ndim == 0:
            scalar: ScalarType = data[()]
            return scalar
        if data.size != 1:
            raise ValueError(
                f"as_scalar: the buffer must hold exactly one element, got shape {data.shape}"
            )
        return cast(ScalarType, data.reshape(())[()])

    @property
    def dtype(self) -> np.dtype[Any]:
        """The element type."""
        return self._data.dtype

    @property
    def shape(self) -> tuple[int, ...]:
        """The length of every dimension."""
        return self._data.shape

    @property
    def byteorder(self) -> Endian:
        """``"little"`` or ``"big"``; dtypes without a byte order report the host's."""
        return _BYTEORDER.get(self._data.dtype.byteorder, _HOST_ORDER)

    def __len__(self) -> int:
        """The length of the first dimension.

        Raises
        ------
        TypeError
            For a 0-d buffer.
        """
        return views.first_length(self._data)

    def __repr__(self) -> str:
        body = safe_repr(self._data)
        return f"{type(self).__name__}(shape={self._data.shape}, dtype={self._data.dtype}, data={body})"

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return (_rebuild, (type(self), *reduce_array(self._data, operator.index(protocol))))

    # -- transformations -------------------------------------------------------

    def reshape(self, newshape: tuple[int, ...] | Literal[-1]) -> Self:
        """Return the elements in a new shape (``-1`` flattens); a view when the layout allows.

        Raises
        ------
        TypeError
            If *newshape* is not an integer or a tuple of integers.
        ValueError
            If the number of elements differs.
        """
        result = _new(type(self))
        result._data = views.reshaped(self._data, newshape)
        return result

    def squeeze(self, axis: tuple[int, ...]) -> Self:
        """Return a view without the given length-1 axes.

        Raises
        ------
        TypeError
            If *axis* is not a tuple of integers.
        ValueError
            If an axis is out of range or does not have length 1.
        """
        result = _new(type(self))
        result._data = views.squeezed(self._data, axis)
        return result

    def transpose(self, axes: SupportsIndex | Sequence[SupportsIndex] | None) -> Self:
        """Return a view with the axes permuted (reversed for ``None``).

        Raises
        ------
        TypeError
            If *axes* is not ``None``, an integer or a sequence of integers.
        ValueError
            If *axes* is not a permutation of the axes.
        """
        result = _new(type(self))
        result._data = views.transposed(self._data, axes)
        return result

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        """Return a copy with values (and byte order) converted to *dtype*. Always copies.

        Values convert as NumPy's ``astype`` converts them (unsafe casting).
        Where NumPy warns about a lossy cast (overflow to infinity, NaN to an
        integer, a discarded imaginary part) the warning reaches the caller,
        governed by :func:`numpy.errstate` and the warning filters, exactly as
        for NumPy.  A generic datetime/timedelta target (``"M8"``) keeps the
        unit of a source with a unit, as in NumPy.

        Raises
        ------
        TypeError
            If *dtype* is not a dtype or NumPy cannot cast between the dtypes.
        ValueError
            If *order* is not one of ``"K"``, ``"A"``, ``"C"``, ``"F"``, or a
            value cannot be converted (the string ``"abc"`` to a number, an
            integer too large for the dtype, ...).
        """
        dt = to_dtype(dtype)
        order_ = checked_order(order, "KACF")
        source = self._data
        try:
            if is_generic_time(dt) and source.dtype.kind == dt.kind:
                if is_generic_time(source.dtype):
                    # NumPy ignores the target byte order of generic-unit datetimes.
                    twin = np.dtype(f"{dt.byteorder if dt.byteorder != '=' else ''}i8")
                    data = np.empty_like(source, dtype=twin, order=order_).view(dt)
                    data[...] = source
                else:
                    # A source with a unit keeps it (as NumPy does), in the requested byte order.
                    data = source.astype(source.dtype.newbyteorder(dt.byteorder), order=order_, copy=True)
            else:
                data = source.astype(dt, order=order_, copy=True)
        except (OverflowError, RuntimeError) as exc:  # RuntimeError: datetimes in too short strings
            raise ValueError(f"dtype: cannot convert {source.dtype} values to {dt}: {exc}") from None
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"dtype: cannot convert {source.dtype} values to {dt}: {exc}") from None
        result = _new(type(self))
        result._data = data
        return result

    def copy(self) -> Self:
        """Return a copy with the same memory layout; never shares memory with this buffer."""
        result = _new(type(self))
        result._data = self._data.copy(order="K")
        return result

    def fill(self, value: Any) -> None:
        """Set every element to *value*, in place.

        Raises
        ------
        ValueError
            If the buffer is read-only or *value* cannot be stored in its dtype
            without loss, as for ``create``'s *fill_value* (the buffer is then
            unchanged).
        """
        data = self._data
        if not data.flags.writeable:
            raise ValueError("NDBuffer is read-only; fill() needs writable memory")
        if data.dtype is _FLOAT64 and type(value) is float:
            data[...] = value  # the common case: a Python float is exactly a float64
            return
        scalar = fill_scalar(value, data.dtype, argument="value")
        data[...] = scalar

    # -- indexing --------------------------------------------------------------------

    def __getitem__(self, key: Any) -> Self:
        """Index with NumPy semantics; integer keys give 0-d views, basic indexing never copies.

        Raises
        ------
        IndexError, TypeError, ValueError
            As NumPy, with the message prefixed by ``key:``.
        """
        data = self._data
        try:
            result_data = data[key]
            if data.dtype.hasobject or not isinstance(result_data, _ndarray):
                # An element, not a view (for object arrays the element may itself be
                # an array): index again with a trailing Ellipsis to get a 0-d view.
                result_data = data[with_ellipsis(key)]
        except (IndexError, TypeError, ValueError, OverflowError) as exc:
            raise views.key_error(exc) from None
        result = _new(type(self))
        result._data = result_data
        return result

    def __setitem__(self, key: Any, value: Any) -> None:
        """Assign *value* with NumPy broadcasting; any conforming NDBuffer is unwrapped.

        Raises
        ------
        ValueError
            If the buffer is read-only, or *value* does not broadcast or cannot
            be stored in the dtype without loss (as for ``create``'s
            *fill_value*).  The buffer is unchanged after any error.
        IndexError, TypeError
            For invalid keys, as NumPy.
        """
        if type(value) is NDBuffer and (
            (value_dtype := value._data.dtype) is (own_dtype := self._data.dtype) or value_dtype == own_dtype
        ):
            # The common case, nothing to convert: equal dtypes need not be the same object
            # (zarr decodes chunks with ``view(dtype)`` into new dtype instances).
            source: Any = value._data
        elif (tp := type(value)) in _PLAIN_VALUE_TYPES and (tp is not complex or self._data.dtype.kind == "c") and (
            (dt := self._data.dtype) is _FLOAT64
            or (limit := SMALL_FLOAT_MAX.get(dt.char)) is None
            or (type(value) in _REAL_FILL_TYPES and not (value > limit or value < -limit))
        ):
            # Converted once by NumPy before anything is written.  Into float16/float32/
            # complex64 only real numbers within range (NaN included) take this path: an
            # overflow would only warn, so the others are checked below.
            source = value
        else:
            if not self._data.flags.writeable:
                raise ValueError("NDBuffer is read-only; assignment needs writable memory")
            if isinstance(value, np.ndarray):
                source = value
            elif isinstance(value, NDBuffer):
                source = value._data
            else:
                unwrapped = host_array_of_ndbuffer(value)
                source = value if unwrapped is None else unwrapped
            source_dtype = getattr(source, "dtype", None)
            dtype = self._data.dtype
            # (``None != float64`` is False: NumPy reads None as the float64 spec.)
            if source_dtype is None or (source_dtype is not dtype and source_dtype != dtype):
                # Convert first, so that a value failing halfway leaves the buffer unchanged
                # (NumPy converts sequences element by element while writing).
                source = checked_value(source, dtype, "value", copy=False)
                if dtype.kind == "O" and source.ndim == 0:
                    # The object itself, as NumPy stores it: assigning a 0-d object array into
                    # data holding objects would store the array.
                    source = source[()]
        try:
            self._data[key] = source
        except (IndexError, TypeError, ValueError, OverflowError) as exc:
            if not isinstance(exc, IndexError) and not self._data.flags.writeable:
                raise ValueError("NDBuffer is read-only; assignment needs writable memory") from None
            # An OverflowError is the key's (an index beyond the platform's integers) or the value's.
            in_key = isinstance(exc, OverflowError) and key_overflows(self._data, key)
            raise views.assignment_error(exc, key, value, overflow_in_key=in_key) from None

    # -- comparison ----------------------------------------------------------------

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        """Whether every element equals *other* (see :meth:`bufferspec.protocols.NDBuffer.all_equal`).

        ``None`` gives ``False``; NaN (and NaT) equal themselves only with
        *equal_nan*; ``-0.0`` never equals ``0.0``.  Scans in blocks and stops
        at the first difference.

        Raises
        ------
        TypeError
            If *equal_nan* is not a bool.
        ValueError
            If *other* is an array that does not broadcast to the buffer's shape, or
            something NumPy cannot make an array of (a ragged list, ...).
        """
        flag: object = equal_nan  # callers may pass anything; it is checked here
        if type(flag) is not bool:
            equal_nan = views.checked_equal_nan(flag)
        return _all_equal(self._data, other, equal_nan)


def _rebuild(cls: type[NDBuffer], *args: Any) -> NDBuffer:
    """Unpickle an NDBuffer of class *cls* (see ``reduce_array``)."""
    result = _new(cls)
    result._data = rebuild_array(*args)
    return result
