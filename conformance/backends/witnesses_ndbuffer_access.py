"""Witnesses for NDBuffer construction, reshape and assignment contracts (issue 25).

A corpus of deliberately broken backends for contracts that no other committed
backend failed: each class subclasses the reference :mod:`bufferspec.cpu` and
is written to fail one named contract (FAIL for a MUST contract, WARN for a
SHOULD contract) through one realistic bug.  ``WITNESSES`` maps each contract
id to the attribute naming its witness.
"""

from __future__ import annotations

from typing import Any, Literal, Self

import numpy as np
import numpy.typing as npt

from bufferspec import cpu

__all__ = [
    "BoolMaskAsIndices",
    "WITNESSES",
    "AssignErrorsAsValueError",
    "BroadcastErrorsAsTypeError",
    "ComplexScalarToNumPy",
    "ContiguousFromNumpy",
    "FancyAssignOnCopy",
    "IntCoercedReshape",
    "NativeTimeOrder",
    "RaggedAsObjects",
]


# -- from_numpy_array -------------------------------------------------------------------


class ContiguousFromNumpy(cpu.NDBuffer):
    """``from_numpy_array`` converts non-array inputs with ``np.ascontiguousarray``, which makes scalars 1-d."""

    __slots__ = ()

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        if isinstance(array_like, np.ndarray):
            return super().from_numpy_array(array_like)
        try:
            array = np.ascontiguousarray(array_like)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"array_like: cannot convert to an array: {exc}") from None
        return super().from_numpy_array(array)


class RaggedAsObjects(cpu.NDBuffer):
    """``from_numpy_array`` falls back to an object array for ragged lists instead of raising ValueError."""

    __slots__ = ()

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        try:
            return super().from_numpy_array(array_like)
        except ValueError:
            return super().from_numpy_array(np.array(array_like, dtype=object))


class NativeTimeOrder(cpu.NDBuffer):
    """``from_numpy_array`` converts timedelta arrays to native byte order, changing their dtype."""

    __slots__ = ()

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        if isinstance(array_like, np.ndarray) and array_like.dtype.kind == "m" and not array_like.dtype.isnative:
            array_like = array_like.astype(array_like.dtype.newbyteorder("="))
        return super().from_numpy_array(array_like)


# -- reshape ------------------------------------------------------------------------------


class IntCoercedReshape(cpu.NDBuffer):
    """``reshape`` truncates float dimensions with ``int()`` (shapes computed by division), accepting ``2.0``."""

    __slots__ = ()

    def reshape(self, newshape: tuple[int, ...] | Literal[-1]) -> Self:
        shape: Any = newshape
        if isinstance(shape, tuple):
            shape = tuple(int(d) if isinstance(d, float) else d for d in shape)
        elif isinstance(shape, float):
            shape = int(shape)
        return super().reshape(shape)


# -- __setitem__ --------------------------------------------------------------------------


class FancyAssignOnCopy(cpu.NDBuffer):
    """``__setitem__`` writes into ``data[key]``, a copy for integer-array and mask keys, so the write is lost."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        try:
            region: Any = self.as_numpy_array()[key]  # a view for basic keys only
        except (IndexError, TypeError, ValueError, OverflowError):
            region = None  # an invalid key: the reference reports it
        if not isinstance(region, np.ndarray):  # one element, or an invalid key: assign directly
            super().__setitem__(key, value)
            return
        cpu.NDBuffer.__setitem__(self.from_ndarray_like(region), Ellipsis, value)


class BroadcastErrorsAsTypeError(cpu.NDBuffer):
    """``__setitem__`` checks the value's shape against the region first and reports a mismatch as TypeError."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        shape = getattr(value, "shape", None)
        if shape is not None:
            try:
                region: Any = self.as_numpy_array()[key]
            except (IndexError, TypeError, ValueError, OverflowError):
                region = None  # an invalid key: the reference reports it
            if isinstance(region, np.ndarray):
                try:
                    np.broadcast_shapes(tuple(shape), region.shape)
                except ValueError:
                    raise TypeError(
                        f"value: shape {tuple(shape)} does not match the region's shape {region.shape}"
                    ) from None
        super().__setitem__(key, value)


class AssignErrorsAsValueError(cpu.NDBuffer):
    """``__setitem__`` reports every failed assignment as ValueError, out-of-range keys included."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        try:
            super().__setitem__(key, value)
        except IndexError as exc:
            raise ValueError(f"value: cannot assign {type(value).__name__} to key {key!r}: {exc}") from None


class ComplexScalarToNumPy(cpu.NDBuffer):
    """``__setitem__`` hands a Python complex scalar straight to NumPy, which refuses it for real data."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        data = self.as_numpy_array()
        if type(value) is not complex or data.dtype.kind == "c" or not data.flags.writeable:
            super().__setitem__(key, value)
            return
        try:
            data[key] = value  # NumPy refuses a complex for real data, whatever its imaginary part
        except (TypeError, ValueError) as exc:
            raise ValueError(f"value: cannot assign {value!r} to key {key!r}: {exc}") from None


class BoolMaskAsIndices(cpu.NDBuffer):
    """A boolean mask key is read as integer indices (0 and 1), as NumPy did before it had masks."""

    __slots__ = ()

    def __getitem__(self, key: Any) -> Self:
        if isinstance(key, np.ndarray) and key.dtype == np.bool_:
            key = key.astype(np.intp)
        return super().__getitem__(key)


WITNESSES: dict[str, str] = {
    "ndbuffer.getitem.fancy_boolean": "BoolMaskAsIndices",
    "ndbuffer.from_numpy_array.array_likes": "ContiguousFromNumpy",
    "ndbuffer.from_numpy_array.rejects_unconvertible": "RaggedAsObjects",
    "ndbuffer.from_numpy_array.roundtrip": "NativeTimeOrder",
    "ndbuffer.reshape.rejects_non_integer_shape": "IntCoercedReshape",
    "ndbuffer.setitem.fancy_keys": "FancyAssignOnCopy",
    "ndbuffer.setitem.rejects_non_broadcastable": "BroadcastErrorsAsTypeError",
    "ndbuffer.setitem.rejects_out_of_range": "AssignErrorsAsValueError",
    "ndbuffer.setitem.stores_zero_imaginary": "ComplexScalarToNumPy",
}
