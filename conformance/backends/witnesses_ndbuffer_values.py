"""Witnesses for ``ndbuffer.all_equal``, ``ndbuffer.create`` and ``ndbuffer.len`` contracts.

A corpus of witnesses for contracts that no other committed backend failed
(issue 25): each class below is a small subclass of the reference that breaks
one rule the way a real implementer plausibly could, written to fail (a MUST
contract) or warn about (a SHOULD contract) one named contract.
:data:`WITNESSES` maps each contract id to the name of its witness.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bufferspec import cpu

__all__ = [
    "WITNESSES",
    "AllEqualCatchesFewErrors",
    "AllEqualNamesMustMatch",
    "AllEqualRaggedIsUnequal",
    "AllEqualUnbroadcastableIsUnequal",
    "CreateBoolAsUint8",
    "CreateBytesLengthFromFill",
    "CreateComplexDropsImaginary",
    "CreateDtypeValueError",
    "CreateIntShape",
    "LenCountsElements",
]


# -- all_equal ------------------------------------------------------------------------


class AllEqualUnbroadcastableIsUnequal(cpu.NDBuffer):
    """``all_equal`` answers False for an array that does not broadcast instead of raising ValueError."""

    __slots__ = ()

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        if isinstance(other, np.ndarray) and other.ndim:
            try:
                np.broadcast_to(other, self.shape)
            except ValueError:
                return False
        return super().all_equal(other, equal_nan)


class AllEqualRaggedIsUnequal(cpu.NDBuffer):
    """``all_equal`` answers False for a ragged list NumPy cannot convert instead of raising ValueError."""

    __slots__ = ()

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        if isinstance(other, list):
            try:
                np.asarray(other)
            except ValueError:
                return False
        return super().all_equal(other, equal_nan)


class AllEqualNamesMustMatch(cpu.NDBuffer):
    """``all_equal`` calls records with other field names unequal instead of casting them by position."""

    __slots__ = ()

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        other_dtype = getattr(other, "dtype", None)
        if (
            self.dtype.names is not None
            and isinstance(other_dtype, np.dtype)
            and other_dtype.names is not None
            and other_dtype.names != self.dtype.names
        ):
            return False
        return super().all_equal(other, equal_nan)


class AllEqualCatchesFewErrors(cpu.NDBuffer):
    """``all_equal`` on object data catches only TypeError/ValueError/OverflowError from ``==``: a RuntimeError escapes."""

    __slots__ = ()

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self.as_numpy_array()
        if other is None or not data.dtype.hasobject or data.size == 0:
            return super().all_equal(other, equal_nan)
        try:
            equal = np.asarray(data == other)
        except (TypeError, ValueError, OverflowError):  # the bug: an element's == may raise anything
            return False
        return equal.shape == data.shape and bool(equal.all())


# -- create ---------------------------------------------------------------------------


class CreateBoolAsUint8(cpu.NDBuffer):
    """``create`` with a boolean dtype and a fill value takes an integer fill path: the buffer is uint8."""

    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        if (
            fill_value is not None
            and isinstance(dtype, (str, type, np.dtype))
            and np.dtype(dtype) == np.bool_
        ):
            return super().create(shape=shape, dtype=np.uint8, order=order, fill_value=int(fill_value))
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class CreateBytesLengthFromFill(cpu.NDBuffer):
    """``create`` takes the length of a bytes dtype from the fill value (``np.full`` without the dtype)."""

    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        if isinstance(dtype, (str, np.dtype)) and np.dtype(dtype).kind == "S" and isinstance(fill_value, bytes):
            return cls.from_numpy_array(np.full(tuple(shape), np.bytes_(fill_value), order=order))
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class CreateComplexDropsImaginary(cpu.NDBuffer):
    """``create`` stores only the real part of a complex fill value: the imaginary part stays 0."""

    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        if (
            isinstance(fill_value, (complex, np.complexfloating))
            and isinstance(dtype, (str, np.dtype))
            and np.dtype(dtype).kind == "c"
        ):
            fill_value = fill_value.real
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class CreateDtypeValueError(cpu.NDBuffer):
    """``create`` reports something that is not a dtype as ValueError instead of TypeError."""

    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        try:
            np.dtype(dtype)
        except TypeError as exc:
            raise ValueError(f"dtype: not a NumPy data type: {exc}") from None
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class CreateIntShape(cpu.NDBuffer):
    """``create`` accepts a bare integer as shape, as ``numpy.empty`` does."""

    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        if type(shape) is int:
            shape = (shape,)
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


# -- len ------------------------------------------------------------------------------


class LenCountsElements(cpu.NDBuffer):
    """``len()`` is the number of elements (``size``) instead of the length of the first dimension."""

    __slots__ = ()

    def __len__(self) -> int:
        data = self.as_numpy_array()
        if data.ndim == 0:
            raise TypeError("len() of a 0-d buffer")
        return int(data.size)


WITNESSES: dict[str, str] = {
    "ndbuffer.all_equal.rejects_non_broadcastable": "AllEqualUnbroadcastableIsUnequal",
    "ndbuffer.all_equal.rejects_unconvertible": "AllEqualRaggedIsUnequal",
    "ndbuffer.all_equal.structured_cast": "AllEqualNamesMustMatch",
    "ndbuffer.all_equal.incomparable": "AllEqualCatchesFewErrors",
    "ndbuffer.create.dtype_bool": "CreateBoolAsUint8",
    "ndbuffer.create.dtype_bytes": "CreateBytesLengthFromFill",
    "ndbuffer.create.dtype_complex": "CreateComplexDropsImaginary",
    "ndbuffer.create.rejects_bad_dtype": "CreateDtypeValueError",
    "ndbuffer.create.rejects_non_iterable_shape": "CreateIntShape",
    "ndbuffer.len.first_dim": "LenCountsElements",
}
