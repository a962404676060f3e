"""Deliberately broken backends for the rule classes a small, fresh, C-ordered input never shows.

Each subclass of the reference breaks exactly one rule, in a way that only a
derived buffer, another layout or memory kind, another size class, an exact
bit pattern or one dtype kind reveals.  :data:`AXES_MUTANTS` maps each to the
contract the kit must FAIL; it is merged into
:data:`conformance.backends.broken.MUTANTS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from bufferspec import cpu

__all__ = ["AXES_MUTANTS", "AXES_SHOULD_MUTANTS"]

_BLOCK = 65536


# -- construction paths, layouts and memory kinds ------------------------------------------------


class SliceReadsFromBase(cpu.Buffer):
    """``as_numpy_array`` of a slice reads from the start of the memory it views, not from its offset."""

    __slots__ = ()

    def as_numpy_array(self) -> npt.NDArray[Any]:
        array = super().as_numpy_array()
        base = array.base
        if isinstance(base, np.ndarray) and base.dtype == np.uint8 and base.ndim == 1 and base.size > array.size:
            return base[: array.size]
        return array


class FromBytesAcceptsFortran(cpu.Buffer):
    """``from_bytes`` of a Fortran-ordered array takes its values in C order instead of rejecting it."""

    __slots__ = ()

    @classmethod
    def from_bytes(cls, bytes_like: Any) -> Any:
        if isinstance(bytes_like, np.ndarray) and bytes_like.ndim > 1 and bytes_like.flags.f_contiguous:
            return cls.from_array_like(np.frombuffer(bytes_like.tobytes(), np.uint8))
        return super().from_bytes(bytes_like)


class FromNumpyCopiesReadOnly(cpu.NDBuffer):
    """``from_numpy_array`` copies read-only arrays (to be able to write to them) instead of wrapping them."""

    __slots__ = ()

    @classmethod
    def from_numpy_array(cls, array_like: Any) -> Any:
        array = np.asarray(array_like)
        if not array.flags.writeable:
            array = array.copy()
        return super().from_numpy_array(array)


class CopyRawMemory(cpu.NDBuffer):
    """``copy`` reinterprets the raw memory in C order, scrambling Fortran-ordered buffers."""

    __slots__ = ()

    def copy(self) -> Any:
        array = self.as_numpy_array()
        if array.flags.f_contiguous and not array.flags.c_contiguous and array.dtype.kind not in "OT":
            raw = np.frombuffer(array.T.tobytes(), array.dtype)  # the memory as it lies
            return type(self).from_numpy_array(raw.reshape(array.shape).copy())
        return super().copy()


class AstypeAlwaysC(cpu.NDBuffer):
    """``astype`` treats the default order 'K' (and 'A') as 'C'."""

    __slots__ = ()

    def astype(self, dtype: Any, order: Any = "K") -> Any:
        return super().astype(dtype, "C" if order in ("K", "A") else order)


# -- size classes ------------------------------------------------------------------------------------


class LenCapsAtBlock(cpu.Buffer):
    """``len`` reports at most one 64 Ki block."""

    __slots__ = ()

    def __len__(self) -> int:
        return min(super().__len__(), _BLOCK)


class CombineEmptyReturnsSelf(cpu.Buffer):
    """``combine`` of only zero-length buffers returns the buffer itself (nothing to add)."""

    __slots__ = ()

    def combine(self, others: Iterable[Any]) -> Any:
        items = list(others)
        if items and all(len(item) == 0 for item in items):
            return self
        return super().combine(items)


class AllEqualFirstBlock(cpu.NDBuffer):
    """``all_equal`` scans only the first 64 Ki elements."""

    __slots__ = ()

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        array = self.as_numpy_array()
        if array.size > _BLOCK:
            head = type(self).from_numpy_array(np.ascontiguousarray(array).reshape(-1)[:_BLOCK])
            return bool(head.all_equal(other, equal_nan))
        return bool(super().all_equal(other, equal_nan))


# -- values and dtype kinds ------------------------------------------------------------------------


class AllEqualCastsOther(cpu.NDBuffer):
    """``all_equal`` casts other to the buffer's dtype first (so 'abc' equals 'ab' in U2, 300 equals 44 in u1)."""

    __slots__ = ()

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        if other is not None and self.dtype.kind in "iufSUmM" and not isinstance(other, np.ndarray):
            try:
                with np.errstate(all="ignore"):
                    other = np.array(other).astype(self.dtype)[()]
            except (TypeError, ValueError, OverflowError):
                pass
        return bool(super().all_equal(other, equal_nan))


class ComplexNanAnyPart(cpu.NDBuffer):
    """``all_equal`` treats complex numbers with a NaN in either part as all equal to each other."""

    __slots__ = ()

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        if self.dtype.kind == "c" and equal_nan and isinstance(other, complex) and np.isnan(other):
            return bool(np.isnan(self.as_numpy_array()).all())
        return bool(super().all_equal(other, equal_nan))


class FillSkipsHalf(cpu.NDBuffer):
    """``fill`` silently does nothing for float16."""

    __slots__ = ()

    def fill(self, value: Any) -> None:
        if self.dtype == np.float16:
            return
        super().fill(value)


class SetitemSkipsBool(cpu.NDBuffer):
    """``__setitem__`` silently does nothing for booleans."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        if self.dtype == np.bool_:
            return
        super().__setitem__(key, value)


class EmptyLosesUnit(cpu.NDBuffer):
    """``empty`` makes nanosecond datetimes microsecond ones."""

    __slots__ = ()

    @classmethod
    def empty(cls, shape: Any, dtype: Any, order: Any = "C") -> Any:
        dt = np.dtype(dtype)
        if dt.kind == "M" and np.datetime_data(dt)[0] == "ns":
            dt = np.dtype(dt.byteorder + "M8[us]")
        return super().empty(shape, dt, order)


class AsScalarNegativeZeroLost(cpu.NDBuffer):
    """``as_scalar`` turns -0.0 into 0.0 (the element converted through a comparison with zero)."""

    __slots__ = ()

    def as_scalar(self) -> Any:
        value = super().as_scalar()
        if isinstance(value, np.floating) and value == 0:
            return type(value)(0.0)
        return value


# -- pickling (SHOULD rules: the kit WARNs) ---------------------------------------------------------


def _rebuild_copy(cls: Any, args: tuple[Any, ...]) -> Any:
    return cls.from_numpy_array(_rebuild_array(*args).copy())


def _rebuild_array(*args: Any) -> Any:
    from bufferspec._cpu_ndarray_tools import rebuild_array

    return rebuild_array(*args)


class PickleCopiesOutOfBand(cpu.NDBuffer):
    """Unpickling copies the out-of-band buffers instead of wrapping them."""

    __slots__ = ()

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        reduced = super().__reduce_ex__(protocol)
        return (_rebuild_copy, (type(self), reduced[1][1:]))


def _rebuild_buffer_writable(cls: Any, array: Any) -> Any:
    return cls.from_array_like(np.array(array, copy=True))


class BufferPickleLosesReadOnly(cpu.Buffer):
    """Unpickling copies the bytes into new writable memory (a read-only buffer comes back writable)."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_buffer_writable, (type(self), self.as_numpy_array()))


# -- error atomicity -------------------------------------------------------------------------------


class SetitemElementwise(cpu.NDBuffer):
    """``buf[...] = [..]`` writes a Python list element by element, so a bad element leaves a partial write."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        if isinstance(value, list) and key is Ellipsis and len(self.shape) == 1:
            for index, element in enumerate(value):
                super().__setitem__(index, element)
            return
        super().__setitem__(key, value)


AXES_MUTANTS: dict[type, str] = {
    SliceReadsFromBase: "buffer.as_numpy_array.host_uint8",
    FromBytesAcceptsFortran: "buffer.from_bytes.rejects_non_contiguous",
    CopyRawMemory: "ndbuffer.copy.values",
    AstypeAlwaysC: "ndbuffer.astype.order_keeps_layout",
    LenCapsAtBlock: "buffer.len.nbytes",
    CombineEmptyReturnsSelf: "buffer.combine.no_shared_memory",
    AllEqualFirstBlock: "ndbuffer.all_equal.every_dtype_kind",
    AllEqualCastsOther: "ndbuffer.all_equal.uncast_other",
    ComplexNanAnyPart: "ndbuffer.all_equal.complex_nan",
    FillSkipsHalf: "ndbuffer.fill.every_dtype_kind",
    SetitemSkipsBool: "ndbuffer.setitem.every_dtype_kind",
    EmptyLosesUnit: "ndbuffer.empty.every_dtype_kind",
    SetitemElementwise: "ndbuffer.setitem.atomic",
    AsScalarNegativeZeroLost: "ndbuffer.as_scalar.size_one",
}

#: Mutants that break a SHOULD rule: the kit must WARN on this contract (and a strict run must fail).
AXES_SHOULD_MUTANTS: dict[type, str] = {
    FromNumpyCopiesReadOnly: "ndbuffer.from_numpy_array.read_only_no_copy",
    PickleCopiesOutOfBand: "ndbuffer.pickle.out_of_band_zero_copy",
    BufferPickleLosesReadOnly: "buffer.pickle.out_of_band_zero_copy",
}
