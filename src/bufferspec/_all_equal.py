"""``all_equal``: is every element of an array indistinguishable from a value?

This is the predicate zarr uses to skip writing chunks equal to the fill
value, so a wrong ``True`` loses data.  Two values are equal here when they
would read back the same:

* floating point: equal values with the same sign bit (``-0.0 != 0.0``), or
  both NaN when ``equal_nan`` is true;
* complex: the real and imaginary parts, each by the floating-point rule;
* datetime/timedelta: equal values, or both NaT when ``equal_nan`` is true;
* structured: every field by its own rule;
* everything else: NumPy's ``==``.

The array is scanned in blocks (small first, then doubling), so a difference
near the start is found after a few microseconds and no temporary larger than
one block is allocated.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["all_equal"]

_FIRST_BLOCK = 1024
_MAX_BLOCK = 1 << 16
_FLOAT_KINDS = frozenset("fc")
_UINT_OF_SIZE: dict[int, np.dtype[Any]] = {2: np.dtype(np.uint16), 4: np.dtype(np.uint32), 8: np.dtype(np.uint64)}


def all_equal(data: npt.NDArray[Any], other: Any, equal_nan: bool) -> bool:
    """Whether every element of *data* equals *other* under the rules of the module docstring.

    Raises
    ------
    ValueError
        If *other* is an array that does not broadcast to ``data.shape``.
    """
    if other is None:
        return False
    if data.size == 0:
        return True
    other_array = np.asarray(other)
    if other_array.ndim:
        return _all_equal_array(data, other_array, equal_nan)
    return _all_equal_scalar(data, other_array, equal_nan)


# -- scalar `other`: the hot path (fill values) ------------------------------------------


def _all_equal_scalar(data: npt.NDArray[Any], value: npt.NDArray[Any], equal_nan: bool) -> bool:
    kind = data.dtype.kind
    if kind in _FLOAT_KINDS:
        if value.dtype.kind not in "biufc":
            return _generic_equal(data, value)
        if kind == "c" or value.dtype.kind == "c":
            number = complex(value[()])
            if kind == "c":
                return _float_scalar_equal(
                    data.real, number.real, equal_nan
                ) and _float_scalar_equal(data.imag, number.imag, equal_nan)
            # Real data has an imaginary part of +0.0.
            if number.imag != 0.0 or math.copysign(1.0, number.imag) < 0:
                return False
            return _float_scalar_equal(data, number.real, equal_nan)
        return _float_scalar_equal(data, float(value[()]), equal_nan)
    if kind in "mM":
        if value.dtype.kind in "mM" and np.isnat(value):
            return equal_nan and _scan(data, np.isnat)
        return _generic_equal(data, value)
    if data.dtype.names is not None:
        if value.dtype != data.dtype:
            try:
                value = np.asarray(value, dtype=data.dtype)
            except (TypeError, ValueError):
                return False
        return all(
            all_equal(data[name], value[name], equal_nan) for name in data.dtype.names
        )
    return _generic_equal(data, value)


def _float_scalar_equal(data: npt.NDArray[Any], value: float, equal_nan: bool) -> bool:
    """Floating-point rule against a Python float (``data`` has a real floating dtype)."""
    if math.isnan(value):
        return equal_nan and _scan(data, np.isnan)
    if value == 0.0:
        negative = math.copysign(1.0, value) < 0
        uint = _UINT_OF_SIZE.get(data.dtype.itemsize)
        if uint is not None and data.dtype.kind == "f":
            # Compare bit patterns: +0.0 and -0.0 differ only in the sign bit.
            bits = np.asarray(value, dtype=data.dtype).view(uint.newbyteorder(data.dtype.byteorder))
            target = bits[()]
            as_uint = data.view(bits.dtype)
            return _scan(as_uint, lambda block: block == target)
        if negative:
            return _scan(data, lambda block: (block == 0) & np.signbit(block))
        return _scan(data, lambda block: (block == 0) & ~np.signbit(block))
    with np.errstate(over="ignore"):
        target = data.dtype.type(value)  # compare in the data's precision, as NumPy does
    return _scan(data, lambda block: block == target)


def _generic_equal(data: npt.NDArray[Any], value: npt.NDArray[Any]) -> bool:
    """NumPy ``==`` against a 0-d array; incomparable types are simply unequal."""
    scalar = value[()]

    def compare(block: npt.NDArray[Any]) -> Any:
        result = block == scalar
        if not isinstance(result, np.ndarray) or result.shape != block.shape:
            return np.zeros(block.shape, dtype=bool)
        return result

    try:
        return _scan(data, compare)
    except (TypeError, ValueError):
        return False


# -- array `other` ----------------------------------------------------------------------------


def _all_equal_array(data: npt.NDArray[Any], other: npt.NDArray[Any], equal_nan: bool) -> bool:
    try:
        broadcast = np.broadcast_to(other, data.shape)
    except ValueError:
        raise ValueError(
            f"other: an array of shape {other.shape} does not broadcast to the "
            f"buffer's shape {data.shape}"
        ) from None
    if data.ndim == 0:
        return all_equal(data, broadcast[()], equal_nan)
    step = max(1, _MAX_BLOCK // _row_size(data))
    for start in range(0, data.shape[0], step):
        stop = start + step
        if not _block_equal(data[start:stop], broadcast[start:stop], equal_nan):
            return False
    return True


def _block_equal(block: npt.NDArray[Any], other: npt.NDArray[Any], equal_nan: bool) -> bool:
    kind = block.dtype.kind
    if block.dtype.names is not None:
        if other.dtype != block.dtype:
            try:
                other = other.astype(block.dtype)
            except (TypeError, ValueError):
                return False
        return all(_block_equal(block[n], other[n], equal_nan) for n in block.dtype.names)
    if kind == "c":
        other_c = other.astype(np.result_type(other.dtype, block.dtype)) if other.dtype.kind in "biufc" else other
        if other_c.dtype.kind != "c":
            return False
        return _block_equal(block.real, other_c.real, equal_nan) and _block_equal(
            block.imag, other_c.imag, equal_nan
        )
    try:
        equal = block == other
    except (TypeError, ValueError):
        return False
    if not isinstance(equal, np.ndarray) or equal.shape != block.shape:
        return False
    if kind == "f" and other.dtype.kind in "biuf":
        equal &= np.signbit(block) == np.signbit(other)
        if equal_nan:
            equal |= np.isnan(block) & np.isnan(other)
    elif kind in "mM" and equal_nan and other.dtype.kind in "mM":
        equal |= np.isnat(block) & np.isnat(other)
    return bool(equal.all())


# -- blockwise scanning ----------------------------------------------------------------------


def _scan(data: npt.NDArray[Any], predicate: Any) -> bool:
    """Whether ``predicate(block).all()`` holds for every block of *data*, stopping early."""
    if data.ndim == 0:
        return bool(predicate(data).all())
    if data.flags.c_contiguous:
        flat = data.reshape(-1)
    elif data.flags.f_contiguous:
        flat = data.T.reshape(-1)
    else:
        return _scan_rows(data, predicate)
    size = flat.shape[0]
    if size <= _FIRST_BLOCK:
        return bool(predicate(flat).all())
    start, block = 0, _FIRST_BLOCK
    while start < size:
        if not predicate(flat[start : start + block]).all():
            return False
        start += block
        block = min(block * 2, _MAX_BLOCK)
    return True


def _scan_rows(data: npt.NDArray[Any], predicate: Any) -> bool:
    """``_scan`` for non-contiguous arrays: blocks of whole rows along axis 0 (no copies)."""
    row = _row_size(data)
    step, limit = max(1, _FIRST_BLOCK // row), max(1, _MAX_BLOCK // row)
    start = 0
    while start < data.shape[0]:
        if not predicate(data[start : start + step]).all():
            return False
        start += step
        step = min(step * 2, limit)
    return True


def _row_size(data: npt.NDArray[Any]) -> int:
    """Elements per index of axis 0 (at least 1); ``data[0].size`` fails for object/str elements."""
    return max(1, data.size // data.shape[0]) if data.shape[0] else 1
