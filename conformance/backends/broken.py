"""Deliberately broken backends: each subclass of the reference breaks exactly one rule.

``MUTANTS`` maps every broken class to the contract id the kit must FAIL for
it (those of :mod:`conformance.backends.broken_axes` included).  ``tests/test_conformance_selftest.py`` runs the kit on each and checks
that the named contract fails: the kit's mutation score.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any, Literal

import numpy as np

from bufferspec import cpu, protocols
from conformance.backends.broken_axes import AXES_MUTANTS
from conformance.backends.broken_values import VALUES_MUTANTS

__all__ = ["MUTANTS", "PlainMessagesBuffer", "PlainMessagesNDBuffer", "plain_messages_prototype"]


# -- Buffer mutants -------------------------------------------------------------------


class AsArrayLikeCopies(cpu.Buffer):
    """``as_array_like`` returns a copy instead of the stored array."""

    __slots__ = ()

    def as_array_like(self) -> Any:
        return super().as_array_like().copy()


class SliceOffByOne(cpu.Buffer):
    """Slices lose their last byte."""

    __slots__ = ()

    def __getitem__(self, key: slice) -> Any:
        part = super().__getitem__(key)
        return part if len(part) == 0 else cpu.Buffer.__getitem__(part, slice(0, len(part) - 1))


class SliceAcceptsStep(cpu.Buffer):
    """Slices with a step are accepted (and copied)."""

    __slots__ = ()

    def __getitem__(self, key: slice) -> Any:
        if getattr(key, "step", None) not in (None, 1):
            return type(self).from_bytes(self.as_numpy_array()[key].tobytes())
        return super().__getitem__(key)


class CombineDropsSelf(cpu.Buffer):
    """``combine`` forgets the buffer it is called on."""

    __slots__ = ()

    def combine(self, others: Iterable[Any]) -> Any:
        return cpu.Buffer.combine(type(self).create_zero_length(), others)


class CombineAliasesSingle(cpu.Buffer):
    """``combine([])`` returns a buffer sharing memory with ``self``."""

    __slots__ = ()

    def combine(self, others: Iterable[Any]) -> Any:
        items = list(others)
        if not items:
            return type(self).from_array_like(self.as_array_like())
        return super().combine(items)


class ToBytesDropsLast(cpu.Buffer):
    """``to_bytes`` loses the last byte."""

    __slots__ = ()

    def to_bytes(self) -> bytes:
        return super().to_bytes()[:-1]


class AcceptsTwoDimensional(cpu.Buffer):
    """``from_array_like`` accepts arrays of any number of dimensions."""

    __slots__ = ()

    @classmethod
    def from_array_like(cls, array_like: Any) -> Any:
        if isinstance(array_like, np.ndarray) and array_like.ndim != 1 and array_like.dtype == np.uint8:
            return super().from_array_like(array_like.reshape(-1))
        return super().from_array_like(array_like)


class EqualForPrefix(cpu.Buffer):
    """``==`` is true when one buffer is a prefix of the other."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if not hasattr(other, "as_numpy_array"):
            return NotImplemented
        mine, theirs = self.as_numpy_array(), other.as_numpy_array()
        n = min(len(mine), len(theirs))
        return bool((mine[:n] == theirs[:n]).all())

    __hash__ = None


class FromBytesCopies(cpu.Buffer):
    """``from_bytes`` copies its input."""

    __slots__ = ()

    @classmethod
    def from_bytes(cls, bytes_like: Any) -> Any:
        return super().from_bytes(bytearray(memoryview(bytes_like).cast("B")))


class SetitemRejectsForeign(cpu.Buffer):
    """Assigning a Buffer of another class fails (zarr's behaviour)."""

    __slots__ = ()

    def __setitem__(self, key: slice, value: Any) -> None:
        if hasattr(value, "as_numpy_array") and not isinstance(value, cpu.Buffer):
            self.as_numpy_array()[key] = value  # NumPy treats it as a sequence and fails
            return
        super().__setitem__(key, value)


# -- NDBuffer mutants ----------------------------------------------------------------


class AstypeReturnsView(cpu.NDBuffer):
    """``astype`` to the same dtype returns the same memory."""

    __slots__ = ()

    def astype(self, dtype: Any, order: Literal["K", "A", "C", "F"] = "K") -> Any:
        if np.dtype(dtype) == self.dtype:
            return type(self).from_ndarray_like(self.as_ndarray_like())
        return super().astype(dtype, order)


class CopyAliases(cpu.NDBuffer):
    """``copy`` returns a view."""

    __slots__ = ()

    def copy(self) -> Any:
        return type(self).from_ndarray_like(self.as_ndarray_like()[...])


class CreateIgnoresOrder(cpu.NDBuffer):
    """``create`` always allocates C order."""

    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Literal["C", "F"] = "C", fill_value: Any = None) -> Any:
        return super().create(shape=shape, dtype=dtype, order="C", fill_value=fill_value)


class EmptyIgnoresOrder(cpu.NDBuffer):
    """``empty`` always allocates C order."""

    __slots__ = ()

    @classmethod
    def empty(cls, shape: Any, dtype: Any, order: Literal["C", "F"] = "C") -> Any:
        return super().empty(shape, dtype, "C")


class FillLosesNegativeZero(cpu.NDBuffer):
    """``create(fill_value=-0.0)`` writes +0.0."""

    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Literal["C", "F"] = "C", fill_value: Any = None) -> Any:
        if isinstance(fill_value, float) and fill_value == 0.0:
            fill_value = 0.0
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class AllEqualIgnoresEqualNan(cpu.NDBuffer):
    """``all_equal`` treats NaN as equal to NaN even with ``equal_nan=False``."""

    __slots__ = ()

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        return super().all_equal(other, True)


class AllEqualSignedZero(cpu.NDBuffer):
    """``all_equal`` treats -0.0 as equal to 0.0 (zarr's data-losing bug)."""

    __slots__ = ()

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        if other is None:
            return False
        data = self.as_numpy_array()
        if data.dtype.kind in "fc":
            return bool(np.array_equal(data, np.broadcast_to(np.asarray(other), data.shape), equal_nan=equal_nan))
        return super().all_equal(other, equal_nan)


class ByteorderWrongForBig(cpu.NDBuffer):
    """``byteorder`` reports the host order for big-endian dtypes."""

    __slots__ = ()

    @property
    def byteorder(self) -> Any:
        return "little"


class AsScalarFirstOfMany(cpu.NDBuffer):
    """``as_scalar`` returns the first element instead of refusing size > 1."""

    __slots__ = ()

    def as_scalar(self) -> Any:
        return self.as_numpy_array().reshape(-1)[0]


class SetitemRejectsForeignND(cpu.NDBuffer):
    """Assigning an NDBuffer of another class fails (zarr's behaviour)."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        if hasattr(value, "as_ndarray_like") and not isinstance(value, cpu.NDBuffer):
            raise TypeError("value: only bufferspec.cpu.NDBuffer values are unwrapped")
        super().__setitem__(key, value)


class TransposeIgnoresAxes(cpu.NDBuffer):
    """``transpose`` always reverses the axes."""

    __slots__ = ()

    def transpose(self, axes: Any) -> Any:
        return super().transpose(None)


class SqueezeAnyAxis(cpu.NDBuffer):
    """``squeeze`` drops the named axes even when they are not of length 1 (by reshaping)."""

    __slots__ = ()

    def squeeze(self, axis: Any) -> Any:
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        keep = [n for i, n in enumerate(self.shape) if i not in axes and i - self.as_numpy_array().ndim not in axes]
        data = self.as_numpy_array()
        return type(self).from_ndarray_like(data.reshape(-1)[: int(np.prod(keep))].reshape(keep))


# -- right exceptions, NumPy-style messages ---------------------------------------------


@contextlib.contextmanager
def _plain_messages() -> Iterator[None]:
    """Re-raise TypeError, ValueError and IndexError with a message that names no argument (as NumPy's do)."""
    try:
        yield
    except (TypeError, ValueError, IndexError) as exc:
        raise type(exc)("invalid input") from None


class _PlainMessagesIndexing:
    """``[]`` and ``[] =`` with plain messages, for both buffer classes."""

    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:
        with _plain_messages():
            return super().__getitem__(key)  # type: ignore[misc]

    def __setitem__(self, key: Any, value: Any) -> None:
        with _plain_messages():
            super().__setitem__(key, value)  # type: ignore[misc]


class PlainMessagesBuffer(_PlainMessagesIndexing, cpu.Buffer):
    """Raises the right exception types everywhere, with messages that do not name the argument (SHOULD only)."""

    __slots__ = ()

    @classmethod
    def from_bytes(cls, bytes_like: Any) -> Any:
        with _plain_messages():
            return super().from_bytes(bytes_like)

    @classmethod
    def from_array_like(cls, array_like: Any) -> Any:
        with _plain_messages():
            return super().from_array_like(array_like)

    @classmethod
    def from_buffer(cls, buffer: Any) -> Any:
        with _plain_messages():
            return super().from_buffer(buffer)

    def combine(self, others: Iterable[Any]) -> Any:
        with _plain_messages():
            return super().combine(others)


class PlainMessagesNDBuffer(_PlainMessagesIndexing, cpu.NDBuffer):
    """The NDBuffer side of :class:`PlainMessagesBuffer`."""

    __slots__ = ()

    @classmethod
    def create(cls, **kwargs: Any) -> Any:
        with _plain_messages():
            return super().create(**kwargs)

    @classmethod
    def empty(cls, *args: Any, **kwargs: Any) -> Any:
        with _plain_messages():
            return super().empty(*args, **kwargs)

    def reshape(self, newshape: Any) -> Any:
        with _plain_messages():
            return super().reshape(newshape)

    def squeeze(self, axis: Any) -> Any:
        with _plain_messages():
            return super().squeeze(axis)

    def transpose(self, axes: Any) -> Any:
        with _plain_messages():
            return super().transpose(axes)

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        with _plain_messages():
            return super().all_equal(other, equal_nan=equal_nan)

    def fill(self, value: Any) -> None:
        with _plain_messages():
            super().fill(value)

    def astype(self, dtype: Any, order: Any = "K") -> Any:
        with _plain_messages():
            return super().astype(dtype, order)

    @classmethod
    def from_ndarray_like(cls, ndarray_like: Any) -> Any:
        with _plain_messages():
            return super().from_ndarray_like(ndarray_like)

    @classmethod
    def from_numpy_array(cls, array_like: Any) -> Any:
        with _plain_messages():
            return super().from_numpy_array(array_like)


#: A backend that conforms (every MUST passes) but warns on every SHOULD about the wording of messages.
plain_messages_prototype = protocols.BufferPrototype(buffer=PlainMessagesBuffer, nd_buffer=PlainMessagesNDBuffer)


MUTANTS: dict[type, str] = {
    AsArrayLikeCopies: "buffer.as_array_like.no_copy",
    SliceOffByOne: "buffer.getitem.slice_semantics",
    SliceAcceptsStep: "buffer.getitem.rejects_step",
    CombineDropsSelf: "buffer.combine.concatenation",
    CombineAliasesSingle: "buffer.combine.no_alias",
    ToBytesDropsLast: "buffer.to_bytes.contents",
    AcceptsTwoDimensional: "buffer.from_array_like.rejects_ndim",
    EqualForPrefix: "buffer.eq.different_lengths",
    FromBytesCopies: "buffer.from_bytes.no_copy",
    SetitemRejectsForeign: "buffer.setitem.foreign_buffer",
    AstypeReturnsView: "ndbuffer.astype.always_copies",
    CopyAliases: "ndbuffer.copy.independent",
    CreateIgnoresOrder: "ndbuffer.create.order_contiguity",
    EmptyIgnoresOrder: "ndbuffer.empty.order_contiguity",
    FillLosesNegativeZero: "ndbuffer.create.fill_negative_zero",
    AllEqualIgnoresEqualNan: "ndbuffer.all_equal.nan",
    AllEqualSignedZero: "ndbuffer.all_equal.signed_zero",
    ByteorderWrongForBig: "ndbuffer.byteorder.values",
    AsScalarFirstOfMany: "ndbuffer.as_scalar.rejects_size_not_one",
    SetitemRejectsForeignND: "ndbuffer.setitem.foreign_ndbuffer",
    TransposeIgnoresAxes: "ndbuffer.transpose.values",
    SqueezeAnyAxis: "ndbuffer.squeeze.rejects_bad_axis",
    **AXES_MUTANTS,  # derived buffers, layouts, read-only memory, size classes, bit patterns, dtype kinds
    **VALUES_MUTANTS,  # values stored, converted or refused
}
