"""Deliberately broken backends for the value rules: what is stored, converted or refused.

Each subclass of the reference breaks one rule the way a backend written
straight on NumPy does: NumPy stores ``1e300`` in a float32 as ``inf`` with
only a warning, drops an imaginary part, copies in C order, and so on.
:data:`VALUES_MUTANTS` (MUST rules: the kit FAILs) is merged into
:data:`conformance.backends.broken.MUTANTS`; :data:`VALUES_SHOULD_MUTANTS`
break SHOULD rules (the kit WARNs, and fails a strict run).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from bufferspec import cpu

__all__ = ["VALUES_MUTANTS", "VALUES_SHOULD_MUTANTS"]


class CreateZeroFillAllocatesZeros(cpu.NDBuffer):
    """``create(fill_value=0)`` allocates zeroed memory whatever the dtype: strings hold '' instead of '0'."""

    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        if type(fill_value) is int and fill_value == 0:
            return cls.from_numpy_array(np.zeros(tuple(shape), dtype=dtype, order=order))
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class ObjectSetitemStoresSequence(cpu.NDBuffer):
    """``nd[...] = [..]`` into an object array stores the list itself in every element."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        if self.dtype.kind == "O" and isinstance(value, (list, tuple)):
            target = self.as_numpy_array()[key]
            for index in np.ndindex(target.shape):
                target[index] = value
            return
        super().__setitem__(key, value)


class AstypeGenericByNumpy(cpu.NDBuffer):
    """``astype`` hands every dtype to NumPy, which ignores the byte order of a generic-unit datetime target."""

    __slots__ = ()

    def astype(self, dtype: Any, order: Any = "K") -> Any:
        return self.from_numpy_array(self.as_numpy_array().astype(dtype, order=order))


class SetitemOverflowStoresInf(cpu.NDBuffer):
    """``__setitem__`` of a float scalar assigns it as NumPy does: 1e300 into float32 becomes inf (a warning)."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        if isinstance(value, float) and self.dtype.kind == "f":
            with warnings.catch_warnings(), np.errstate(over="ignore"):
                warnings.simplefilter("ignore")
                self.as_numpy_array()[key] = value
            return
        super().__setitem__(key, value)


class FillDropsImaginary(cpu.NDBuffer):
    """``fill`` of a complex value into real data stores its real part (NumPy's ComplexWarning, silenced)."""

    __slots__ = ()

    def fill(self, value: Any) -> None:
        if isinstance(value, (complex, np.complexfloating)) and self.dtype.kind in "iuf":
            value = value.real
        super().fill(value)


class CopyInCOrder(cpu.NDBuffer):
    """``copy`` uses ``numpy.copy``'s default order 'C': a Fortran-ordered buffer gives a C-ordered copy."""

    __slots__ = ()

    def copy(self) -> Any:
        return self.from_numpy_array(np.array(self.as_numpy_array(), order="C", copy=True))


def _rebuild_from_bytes(cls: Any, raw: bytes, dtype: Any, shape: tuple[int, ...]) -> Any:
    return cls.from_numpy_array(np.frombuffer(raw, dtype).reshape(shape))


class PickleThroughBytes(cpu.NDBuffer):
    """Pickles its contents as ``bytes`` and unpickles a view of them: every buffer comes back read-only."""

    __slots__ = ()

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        array = np.ascontiguousarray(self.as_numpy_array())
        if array.dtype.hasobject:
            return super().__reduce_ex__(protocol)
        return (_rebuild_from_bytes, (type(self), array.tobytes(), array.dtype, array.shape))


class FromNdarrayLikeConverts(cpu.NDBuffer):
    """``from_ndarray_like`` converts whatever it is given with ``numpy.asarray`` (a list is accepted)."""

    __slots__ = ()

    @classmethod
    def from_ndarray_like(cls, ndarray_like: Any) -> Any:
        return super().from_ndarray_like(np.asarray(ndarray_like))


VALUES_MUTANTS: dict[type, str] = {
    CreateZeroFillAllocatesZeros: "ndbuffer.create.fill_value_conversion",
    ObjectSetitemStoresSequence: "ndbuffer.setitem.sequence_values",
    AstypeGenericByNumpy: "ndbuffer.astype.generic_unit",
}

#: Mutants that break a SHOULD rule: the kit must WARN on this contract (and fail a strict run).
VALUES_SHOULD_MUTANTS: dict[type, str] = {
    SetitemOverflowStoresInf: "ndbuffer.setitem.rejects_unstorable",
    FillDropsImaginary: "ndbuffer.fill.rejects_unstorable",
    CopyInCOrder: "ndbuffer.copy.keeps_layout",
    PickleThroughBytes: "ndbuffer.pickle.roundtrip",
    FromNdarrayLikeConverts: "ndbuffer.from_ndarray_like.rejects_non_array",
}
