"""Realistic mistakes a backend author makes, each in a subclass of the reference, never shown to the kit
while its contracts were written.

Unlike :mod:`conformance.backends.broken`, whose mutants were written with the
kit, these were written afterwards, by reading the specification alone, to
judge the kit: ``MISTAKES`` maps each one to the contract the kit must flag
and how (FAIL for a MUST, WARN for a SHOULD).  ``tests/test_conformance_selftest.py``
checks that it does, and ``tests/test_conformance_reproducers.py`` replays
every reproducer they produce.
"""

from __future__ import annotations

import copy as _copy
from collections.abc import Iterable
from typing import Any, cast

import numpy as np

from bufferspec import cpu, protocols

__all__ = ["MISTAKES"]

_SHARED: dict[Any, Any] = {}


class SliceCopies(cpu.Buffer):
    """A slice is a copy, not a view."""

    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:
        part = super().__getitem__(key)
        return type(self).from_bytes(bytearray(part.to_bytes()))


class WrongLengthTypeError(cpu.Buffer):
    """An assignment of the wrong length raises TypeError instead of ValueError."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        try:
            super().__setitem__(key, value)
        except ValueError as exc:
            if "expected exactly" in str(exc):
                raise TypeError(str(exc)) from None
            raise


class WrongLengthNumpyMessage(cpu.Buffer):
    """An assignment of the wrong length raises ValueError with NumPy's message (does not name value)."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        try:
            super().__setitem__(key, value)
        except ValueError as exc:
            if "expected exactly" in str(exc):
                raise ValueError("could not broadcast input array from shape (3,) into shape (2,)") from None
            raise


class OverlapForwardCopy(cpu.Buffer):
    """Assignment copies byte by byte, front to back, so an overlapping source is overwritten while read."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        if isinstance(value, cpu.Buffer) and isinstance(key, slice) and key.step is None:
            target = self.as_numpy_array()[key]
            source = value.as_numpy_array()
            if len(source) == len(target):
                for i in range(len(source)):
                    target[i] = source[i]
                return
        super().__setitem__(key, value)


class CombineIteratesTwice(cpu.Buffer):
    """``combine`` walks *others* twice (a generator is empty the second time)."""

    __slots__ = ()

    def combine(self, others: Iterable[Any]) -> Any:
        total = sum(len(o) for o in others)  # consumes a generator
        del total
        return super().combine(others)


class Hashable(cpu.Buffer):
    """Buffers hash by identity."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)


class EqRaisesForStr(cpu.Buffer):
    """``buf == 'abc'`` raises TypeError instead of being False."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            raise TypeError("cannot compare a Buffer with str")
        return super().__eq__(other)

    __hash__ = None


class EqForeignNotImplemented(cpu.Buffer):
    """``__eq__`` answers NotImplemented for a Buffer of another class."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, cpu.Buffer):
            return NotImplemented
        return super().__eq__(other)

    __hash__ = None


class AddSwapped(cpu.Buffer):
    """``a + b`` holds b's bytes then a's."""

    __slots__ = ()

    def __add__(self, other: Any) -> Any:
        if not hasattr(other, "as_numpy_array"):
            return NotImplemented
        return type(self).from_bytes(other.as_numpy_array().tobytes() + self.as_numpy_array().tobytes())


def _rebuild_plain(data: bytes) -> Any:
    return cpu.Buffer.from_bytes(data)


class PickleLosesClass(cpu.Buffer):
    """Unpickles as the reference class (a SHOULD)."""

    __slots__ = ()

    def __reduce__(self) -> Any:
        return (_rebuild_plain, (self.to_bytes(),))


class PickleInBand(cpu.Buffer):
    """Pickles its bytes in the stream even with protocol 5 and a buffer_callback (a SHOULD)."""

    __slots__ = ()

    def __reduce__(self) -> Any:
        return (type(self).from_bytes, (self.to_bytes(),))


class FromBytesArrayDropsLast(cpu.Buffer):
    """``from_bytes`` of a NumPy array loses its last byte (bytes and bytearray are fine)."""

    __slots__ = ()

    @classmethod
    def from_bytes(cls, bytes_like: Any) -> Any:
        if isinstance(bytes_like, np.ndarray) and bytes_like.size:
            bytes_like = bytes_like.reshape(-1).view(np.uint8)[:-1]
        return super().from_bytes(bytes_like)


class NoCreateNDBuffer(cpu.NDBuffer):
    """An NDBuffer class without ``create`` (shadowed by a non-callable)."""

    __slots__ = ()
    create = None  # type: ignore[assignment]


no_create_prototype = protocols.BufferPrototype(buffer=cpu.Buffer, nd_buffer=cast(Any, NoCreateNDBuffer))


array_drops_last_prototype = protocols.BufferPrototype(buffer=FromBytesArrayDropsLast, nd_buffer=cpu.NDBuffer)


class GetitemCopies(cpu.NDBuffer):
    """Basic indexing returns a copy instead of a view."""

    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:
        return super().__getitem__(key).copy()


class SetitemScalarLosesSign(cpu.NDBuffer):
    """A float scalar value is written with ``+ 0.0``, so -0.0 becomes 0.0."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        if isinstance(value, (float, np.floating)):
            value = value + 0.0
        super().__setitem__(key, value)


class GetitemValueError(cpu.NDBuffer):
    """An out-of-range index raises ValueError (naming key) instead of IndexError."""

    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:
        try:
            return super().__getitem__(key)
        except IndexError as exc:
            raise ValueError(f"key: {exc}") from None


class SetitemNumpyMessage(cpu.NDBuffer):
    """A value that does not broadcast raises NumPy's ValueError, whose message does not name value."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        data = self.as_numpy_array()
        if hasattr(value, "as_numpy_array"):
            value = value.as_numpy_array()
        data[key] = value  # NumPy's own messages


class AllEqualFirstOnly(cpu.NDBuffer):
    """``all_equal`` compares only the first element."""

    __slots__ = ()

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self.as_numpy_array()
        if other is None:
            return False
        if data.size == 0 or np.ndim(other) > 0:
            return super().all_equal(other, equal_nan)
        return type(self).from_numpy_array(data.reshape(-1)[:1].copy()).all_equal_base(other, equal_nan)

    def all_equal_base(self, other: Any, equal_nan: bool) -> bool:
        return super().all_equal(other, equal_nan)


class AllEqualNoneOnEmpty(cpu.NDBuffer):
    """``all_equal(None)`` is True for an empty buffer."""

    __slots__ = ()

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        if other is None and self.as_numpy_array().size == 0:
            return True
        return super().all_equal(other, equal_nan)


def _rebuild_native(cls: Any, array: Any) -> Any:
    return cls.from_numpy_array(array)


class PickleNativeOrder(cpu.NDBuffer):
    """Pickling stores the values in native byte order (the dtype changes to '<...')."""

    __slots__ = ()

    def __reduce_ex__(self, protocol: Any) -> Any:
        data = self.as_numpy_array()
        return (_rebuild_native, (type(self), data.astype(data.dtype.newbyteorder("="))))


class ReshapeFortran(cpu.NDBuffer):
    """reshape lays elements out in Fortran order -> reshape.values_c_order / reshape.flatten FAIL."""
    __slots__ = ()

    def reshape(self, newshape: Any) -> Any:
        return type(self).from_ndarray_like(self.as_numpy_array().reshape(newshape, order="F"))


class SqueezeCopies(cpu.NDBuffer):
    """squeeze returns a copy -> squeeze.view FAIL."""
    __slots__ = ()

    def squeeze(self, axis: Any) -> Any:
        return type(self).from_ndarray_like(self.as_numpy_array().squeeze(axis).copy())


class FillTypeError(cpu.NDBuffer):
    """fill of an unstorable value raises TypeError -> fill.rejects_unstorable WARN (SHOULD)."""
    __slots__ = ()

    def fill(self, value: Any) -> None:
        try:
            super().fill(value)
        except ValueError as exc:
            raise TypeError(str(exc)) from None


class ReshapeNumpyMessage(cpu.NDBuffer):
    """reshape leaks NumPy's message -> reshape.rejects_size_mismatch PASS, .names_argument WARN."""
    __slots__ = ()

    def reshape(self, newshape: Any) -> Any:
        return type(self).from_ndarray_like(self.as_numpy_array().reshape(newshape))


class AsScalarZeroD(cpu.NDBuffer):
    """as_scalar returns a 0-d array -> as_scalar.size_one FAIL."""
    __slots__ = ()

    def as_scalar(self) -> Any:
        if self.as_numpy_array().size != 1:
            raise ValueError("as_scalar: size is not 1")
        return self.as_numpy_array().reshape(())


class ShapeList(cpu.NDBuffer):
    """shape is a list -> shape.tuple FAIL."""
    __slots__ = ()

    @property
    def shape(self) -> Any:
        return list(self.as_numpy_array().shape)


class DtypeNative(cpu.NDBuffer):
    """dtype drops the byte order -> dtype.exact FAIL."""
    __slots__ = ()

    @property
    def dtype(self) -> Any:
        dt = self.as_numpy_array().dtype
        return dt.newbyteorder("=") if dt.kind in "biufcmM" else dt


class LenZeroDIsZero(cpu.NDBuffer):
    """len() of a 0-d buffer is 0 -> len.zero_d_type_error FAIL."""
    __slots__ = ()

    def __len__(self) -> int:
        array = self.as_numpy_array()
        return 0 if array.ndim == 0 else len(array)


class AsNdarrayLikeCopies(cpu.NDBuffer):
    """as_ndarray_like returns a copy -> as_ndarray_like.no_copy, from_ndarray_like.no_copy FAIL."""
    __slots__ = ()

    def as_ndarray_like(self) -> Any:
        return super().as_ndarray_like().copy()


class TransposeBaseClass(cpu.NDBuffer):
    """transpose returns a cpu.NDBuffer, not type(self) -> results.type_self FAIL."""
    __slots__ = ()

    def transpose(self, axes: Any) -> Any:
        return cpu.NDBuffer.from_ndarray_like(self.as_numpy_array().transpose(axes))


class FillReturnsSelf(cpu.NDBuffer):
    """fill returns self -> fill.in_place FAIL."""
    __slots__ = ()

    def fill(self, value: Any) -> Any:
        super().fill(value)
        return self


class EqByValue(cpu.NDBuffer):
    """== compares contents -> eq.identity WARN."""
    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, cpu.NDBuffer) and bool(np.array_equal(self.as_numpy_array(), other.as_numpy_array()))

    def __hash__(self) -> int:
        return id(self)


class FillDropsSign(cpu.NDBuffer):
    """fill(-0.0) writes +0.0 -> fill.negative_zero FAIL."""
    __slots__ = ()

    def fill(self, value: Any) -> None:
        if isinstance(value, (float, complex)) and value == 0:
            value = 0.0
        super().fill(value)


class ByteorderEnum(cpu.NDBuffer):
    """byteorder for a view of a big-endian buffer... always sys order for views -> byteorder.values FAIL."""
    __slots__ = ()

    @property
    def byteorder(self) -> Any:
        array = self.as_numpy_array()
        if array.base is not None and not array.flags.owndata and array.ndim and array.shape[0] == 1:
            return "little"
        return super().byteorder


class AstypeBigDropped(cpu.NDBuffer):
    """astype to '>f8' keeps native order -> astype.byte_order FAIL."""
    __slots__ = ()

    def astype(self, dtype: Any, order: Any = "K") -> Any:
        dt = np.dtype(dtype)
        if dt.kind == "f":
            dt = dt.newbyteorder("=")
        return super().astype(dt, order)


class CopyDropsStrides(cpu.NDBuffer):
    """copy of a view returns the base's contents -> copy.values FAIL."""
    __slots__ = ()

    def copy(self) -> Any:
        array = self.as_numpy_array()
        base = array.base if isinstance(array.base, np.ndarray) else array
        return type(self).from_numpy_array(np.array(base, copy=True))


class AsScalarObjectCopy(cpu.NDBuffer):
    """as_scalar of an object element returns a copy of it -> as_scalar.size_one FAIL (identity)."""
    __slots__ = ()

    def as_scalar(self) -> Any:
        value = super().as_scalar()
        return _copy.copy(value) if self.as_numpy_array().dtype.kind == "O" else value


class FromNumpyCopies(cpu.NDBuffer):
    """from_numpy_array copies -> from_numpy_array.no_copy FAIL."""
    __slots__ = ()

    @classmethod
    def from_numpy_array(cls, array_like: Any) -> Any:
        return cls.from_ndarray_like(np.array(array_like, copy=True))


class AstypeIgnoresOrder(cpu.NDBuffer):
    """astype always gives C order -> astype.order FAIL."""
    __slots__ = ()

    def astype(self, dtype: Any, order: Any = "K") -> Any:
        return super().astype(dtype, "C")


class ByteorderAlwaysBig(cpu.NDBuffer):
    """byteorder is 'big' for everything -> byteorder.values FAIL on '<f8' ... and '=f8' (sys.byteorder)."""
    __slots__ = ()

    @property
    def byteorder(self) -> Any:
        if self.as_numpy_array().dtype.str[0] == "<":
            return "little"
        return "big"


class GeneratorShapeConsumed(cpu.NDBuffer):
    """create consumes a one-shot shape iterable before using it (generator shapes become ())."""
    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        _ = tuple(shape)  # "validation" that exhausts a generator
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class NanFillBecomesZero(cpu.NDBuffer):
    """create(fill_value=nan) stores 0.0 (a wrong value)."""
    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        if isinstance(fill_value, (float, np.floating)) and fill_value != fill_value:
            fill_value = 0.0
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class BigEndianMadeNative(cpu.NDBuffer):
    """create converts big-endian dtypes to native byte order (values right, bytes and dtype wrong)."""
    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        dt = np.dtype(dtype)
        if dt.byteorder == ">":
            dt = dt.newbyteorder("=")
        return super().create(shape=shape, dtype=dt, order=order, fill_value=fill_value)


class CreateReusesMemory(cpu.NDBuffer):
    """create(fill_value=None) hands out views of one cached array per (shape, dtype) (no new memory)."""
    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        if fill_value is None:
            key = (tuple(shape), np.dtype(dtype), order)
            if key not in _SHARED:
                _SHARED[key] = np.zeros(key[0], key[1], order=key[2])
            return cls.from_numpy_array(_SHARED[key][...])
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class NegativeDimTypeError(cpu.NDBuffer):
    """A negative dimension raises TypeError (naming shape) instead of ValueError: wrong exception type."""
    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        shape = tuple(shape) if not isinstance(shape, (int, float, type(None))) else shape
        if isinstance(shape, tuple) and any(isinstance(d, int) and d < 0 for d in shape):
            raise TypeError(f"shape: negative dimension in {shape}")
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class UnstorableFillNumpyMessage(cpu.NDBuffer):
    """create fills through np.full: an unstorable fill raises NumPy's ValueError, which does not name fill_value."""
    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        nd = super().create(shape=shape, dtype=dtype, order=order, fill_value=None)
        if fill_value is not None:
            a = np.empty((), nd.dtype)
            a[()] = fill_value  # NumPy's message
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class EmptyReturnsBaseClass(cpu.NDBuffer):
    """empty returns the reference class, not the class it is called on."""
    __slots__ = ()

    @classmethod
    def empty(cls, shape: Any, dtype: Any, order: Any = "C") -> Any:
        return cpu.NDBuffer.empty(shape, dtype, order)


class CreateAcceptsPositional(cpu.NDBuffer):
    """create takes shape and dtype positionally too."""
    __slots__ = ()

    @classmethod
    def create(cls, shape: Any = None, dtype: Any = None, order: Any = "C", fill_value: Any = None) -> Any:
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class ObjectFillStringified(cpu.NDBuffer):
    """create with dtype object stores str(fill_value)."""
    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        if np.dtype(dtype).kind == "O" and fill_value is not None:
            fill_value = str(fill_value)
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class StructuredFillDropsSign(cpu.NDBuffer):
    """A record fill loses the sign of -0.0 in its float fields (converted through a Python tuple + abs)."""
    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        if isinstance(fill_value, np.void):
            fill_value = tuple(abs(v) if isinstance(v, float) and v == 0 else v for v in fill_value.item())
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class StringDTypeAsObject(cpu.NDBuffer):
    """create stores StringDType as the object dtype (values right, dtype wrong)."""
    __slots__ = ()

    @classmethod
    def create(cls, *, shape: Any, dtype: Any, order: Any = "C", fill_value: Any = None) -> Any:
        if np.dtype(dtype).kind == "T":
            dtype = np.dtype(object)
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


#: ``{attribute of this module: (contract id, "fail" or "warn")}``.
MISTAKES: dict[str, tuple[str, str]] = {
    # Buffer
    "SliceCopies": ("buffer.getitem.write_through", "fail"),
    "WrongLengthTypeError": ("buffer.setitem.rejects_wrong_length", "fail"),
    "WrongLengthNumpyMessage": ("buffer.setitem.rejects_wrong_length.names_argument", "warn"),
    "OverlapForwardCopy": ("buffer.setitem.overlapping", "fail"),
    "CombineIteratesTwice": ("buffer.combine.iterable", "fail"),
    "Hashable": ("buffer.hash.unhashable", "fail"),
    "EqRaisesForStr": ("buffer.eq.non_buffer", "fail"),
    "EqForeignNotImplemented": ("buffer.eq.foreign", "fail"),
    "AddSwapped": ("buffer.add.equals_combine", "fail"),
    "PickleLosesClass": ("buffer.pickle.roundtrip", "warn"),
    "PickleInBand": ("buffer.pickle.out_of_band", "warn"),
    "array_drops_last_prototype": ("buffer.from_bytes.ndarray_raw_bytes", "fail"),
    "no_create_prototype": ("prototype.classes.satisfy_protocols", "fail"),
    # NDBuffer: indexing, assignment, all_equal, pickle
    "GetitemCopies": ("ndbuffer.getitem.basic_view", "fail"),
    "SetitemScalarLosesSign": ("ndbuffer.setitem.scalar", "fail"),
    "GetitemValueError": ("ndbuffer.getitem.rejects_out_of_range", "warn"),
    "SetitemNumpyMessage": ("ndbuffer.setitem.rejects_non_broadcastable.names_argument", "warn"),
    "AllEqualFirstOnly": ("ndbuffer.all_equal.finds_difference", "fail"),
    "AllEqualNoneOnEmpty": ("ndbuffer.all_equal.none_false", "fail"),
    "PickleNativeOrder": ("ndbuffer.pickle.roundtrip", "warn"),
    # NDBuffer: views, conversions, properties
    "ReshapeFortran": ("ndbuffer.reshape.values_c_order", "fail"),
    "SqueezeCopies": ("ndbuffer.squeeze.view", "fail"),
    "FillTypeError": ("ndbuffer.fill.rejects_unstorable", "warn"),
    "ReshapeNumpyMessage": ("ndbuffer.reshape.rejects_size_mismatch.names_argument", "warn"),
    "AsScalarZeroD": ("ndbuffer.as_scalar.size_one", "fail"),
    "ShapeList": ("ndbuffer.shape.tuple", "fail"),
    "DtypeNative": ("ndbuffer.dtype.exact", "fail"),
    "LenZeroDIsZero": ("ndbuffer.len.zero_d_type_error", "fail"),
    "AsNdarrayLikeCopies": ("ndbuffer.as_ndarray_like.no_copy", "fail"),
    "TransposeBaseClass": ("ndbuffer.results.type_self", "fail"),
    "FillReturnsSelf": ("ndbuffer.fill.in_place", "fail"),
    "EqByValue": ("ndbuffer.eq.identity", "warn"),
    "FillDropsSign": ("ndbuffer.fill.negative_zero", "fail"),
    "ByteorderEnum": ("ndbuffer.byteorder.values", "fail"),
    "AstypeBigDropped": ("ndbuffer.astype.byte_order", "fail"),
    "CopyDropsStrides": ("ndbuffer.copy.values", "fail"),
    "AsScalarObjectCopy": ("ndbuffer.as_scalar.size_one", "fail"),
    "FromNumpyCopies": ("ndbuffer.from_numpy_array.no_copy", "fail"),
    "AstypeIgnoresOrder": ("ndbuffer.astype.order", "fail"),
    "ByteorderAlwaysBig": ("ndbuffer.byteorder.values", "fail"),
    # NDBuffer: create and empty
    "GeneratorShapeConsumed": ("ndbuffer.create.shape_iterables", "fail"),
    "NanFillBecomesZero": ("ndbuffer.create.fill_nan", "fail"),
    "BigEndianMadeNative": ("ndbuffer.create.dtype_big_endian", "fail"),
    "CreateReusesMemory": ("ndbuffer.create.new_memory", "fail"),
    "NegativeDimTypeError": ("ndbuffer.create.rejects_negative_dim", "warn"),
    "UnstorableFillNumpyMessage": ("ndbuffer.create.rejects_unstorable_fill.names_argument", "warn"),
    "EmptyReturnsBaseClass": ("ndbuffer.empty.shape_dtype", "fail"),
    "CreateAcceptsPositional": ("ndbuffer.create.keyword_only", "fail"),
    "ObjectFillStringified": ("ndbuffer.create.dtype_object", "fail"),
    "StructuredFillDropsSign": ("ndbuffer.create.dtype_structured", "fail"),
    "StringDTypeAsObject": ("ndbuffer.create.dtype_stringdtype", "fail"),
}
