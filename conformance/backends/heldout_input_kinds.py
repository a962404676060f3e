"""A held-out corpus of realistic broken backends whose bugs hide in kinds of input.

Every class below subclasses the reference ``cpu.Buffer`` or ``cpu.NDBuffer``
and breaks exactly one MUST sentence of the protocol docstrings, the way a real
author plausibly would: a fast path that is wrong on some input, a forgotten
case, a copy where a view is required, a cast in the wrong place.  It goes
member by member, several backends for the members with the most cases, and
nearly every bug needs one kind of input to show: Fortran-ordered, reversed,
strided or unaligned memory, items wider than a byte, NumPy-integer, list and
negative-step keys, empty, tiny, large or read-only buffers, structured,
datetime, float16, complex and object dtypes, ndarray subclasses, bytes where a
Buffer belongs.  They were written from the specification only (issue 13, when
the rules were in ``bufferspec/_buffer_protocol.py`` and
``_ndbuffer_protocol.py``; they are in ``protocols.py`` now), without reading
the conformance kit's checks, so the kit's catch rate on them is an honest
measurement.

:data:`INPUT_KIND_BACKENDS` maps each class to a
:class:`~conformance.backends.heldout_witness.Witness`: the member it breaks,
the spec sentence (a verbatim substring of the protocol docstrings, whitespace
aside, containing MUST) and a witness, a snippet of Python that raises
``AssertionError`` on the class and passes on the reference.  In a witness
``Buffer`` and ``NDBuffer`` name the classes under test (the reference for the
other side) and ``np`` is NumPy.  ``tests/test_conformance_heldout_input_kinds.py``
executes the witnesses and runs the kit over the corpus.
"""

from __future__ import annotations

import array
import math
import operator
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Literal, Self, SupportsIndex, TypeVar

import numpy as np
import numpy.typing as npt

from bufferspec import cpu
from bufferspec.protocols import Buffer as BufferProtocol
from bufferspec.protocols import BytesLike
from conformance.backends.heldout_witness import Witness

__all__ = ["INPUT_KIND_BACKENDS"]

_B = TypeVar("_B", bound=cpu.Buffer)
_N = TypeVar("_N", bound=cpu.NDBuffer)


def _wrap(cls: type[_B], data: npt.NDArray[np.uint8]) -> _B:
    """A buffer of *cls* over *data*, without ``__init__`` (as the reference derives buffers)."""
    result = object.__new__(cls)
    result._data = data
    return result


def _wrap_nd(cls: type[_N], data: npt.NDArray[Any]) -> _N:
    result = object.__new__(cls)
    result._data = data
    return result


def _dtype_or_none(dtype: Any) -> np.dtype[Any] | None:
    """``numpy.dtype(dtype)``, or ``None`` where the reference would refuse it (``None`` included)."""
    if dtype is None:
        return None
    try:
        result: np.dtype[Any] = np.dtype(dtype)
        return result
    except (TypeError, ValueError):
        return None


def _int_dims(shape: object) -> tuple[int, ...] | None:
    """*shape* as a tuple of plain non-negative ints, or ``None`` if it is anything else."""
    if type(shape) is not tuple:
        return None
    if not all(type(d) is int and d >= 0 for d in shape):
        return None
    return shape


# =====================================================================================
# Buffer
# =====================================================================================


class FromBytesAcceptsFortran(cpu.Buffer):
    """from_bytes takes any contiguous NumPy array in memory order, so Fortran-ordered input is accepted."""

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike | npt.NDArray[Any]) -> Self:
        raw: object = bytes_like
        if (
            isinstance(raw, np.ndarray)
            and not raw.dtype.hasobject
            and raw.dtype.kind != "T"
            and (raw.flags.c_contiguous or raw.flags.f_contiguous)
        ):
            # One contiguous block either way: flatten in memory order (a view).
            flat = raw.view(type=np.ndarray).reshape(-1, order="A")
            return _wrap(cls, flat.view(np.uint8))
        return super().from_bytes(bytes_like)


class FromBytesEmptyBytesWritable(cpu.Buffer):
    """from_bytes of an empty bytes object returns a fresh writable buffer instead of a read-only one."""

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike | npt.NDArray[Any]) -> Self:
        raw: object = bytes_like
        if type(raw) in (bytes, bytearray) and len(raw) == 0:  # type: ignore[arg-type]
            return cls.create_zero_length()  # nothing to wrap
        return super().from_bytes(bytes_like)


class FromBytesFallsBackToBytesCtor(cpu.Buffer):
    """from_bytes falls back to ``bytes(x)`` for non-buffers, so an int or a list of ints is accepted."""

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike | npt.NDArray[Any]) -> Self:
        try:
            return super().from_bytes(bytes_like)
        except TypeError:
            if isinstance(bytes_like, str):
                raise
            return super().from_bytes(bytes(bytes_like))  # anything bytes() understands


class LenCountsItemsOfSource(cpu.Buffer):
    """__len__ is cached at from_bytes as ``len(source)``: items, not bytes, for arrays of wider dtypes."""

    _length: int

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike | npt.NDArray[Any]) -> Self:
        result = super().from_bytes(bytes_like)
        try:
            result._length = len(bytes_like)  # type: ignore[arg-type]  # cached: len() is hot
        except TypeError:
            pass
        return result

    def __len__(self) -> int:
        cached: int | None = getattr(self, "_length", None)
        return len(self._data) if cached is None else cached


class GetitemAcceptsNegativeStep(cpu.Buffer):
    """__getitem__ lets a negative step through (reversed bytes are still adjacent) instead of raising ValueError."""

    def __getitem__(self, key: slice) -> Self:
        any_key: object = key
        if type(any_key) is slice and isinstance(any_key.step, int) and any_key.step < 0:
            return _wrap(type(self), self._data[any_key])
        return super().__getitem__(key)


class GetitemSlicesBackingBytes(cpu.Buffer):
    """__getitem__ of a buffer over a bytes object slices the bytes object, which copies."""

    def __getitem__(self, key: slice) -> Self:
        base: object = self._data.base
        any_key: object = key
        if (
            type(base) is bytes
            and len(base) == self._data.size
            and type(any_key) is slice
            and any_key.step in (None, 1)
        ):
            return type(self).from_bytes(base[any_key])  # immutable: the bytes object slices itself
        return super().__getitem__(key)


class SetitemCountsItemsNotBytes(cpu.Buffer):
    """__setitem__ checks ``len(value)`` of a memoryview/array.array, its items, so wider items are refused."""

    def __setitem__(self, key: slice, value: Any) -> None:
        any_key: object = key
        if isinstance(value, (memoryview, array.array)) and type(any_key) is slice:
            try:
                selected = len(range(*any_key.indices(len(self._data))))
            except (TypeError, ValueError):
                selected = -1
            if selected >= 0 and len(value) != selected:
                raise ValueError(f"value: expected exactly {selected} bytes, got {len(value)}")
        super().__setitem__(key, value)


class SetitemPartialWriteOnLongValue(cpu.Buffer):
    """__setitem__ of bytes copies what fits first and only then complains about the length."""

    def __setitem__(self, key: slice, value: Any) -> None:
        any_key: object = key
        if (
            type(any_key) is slice
            and any_key.step in (None, 1)
            and type(value) in (bytes, bytearray)
            and self._data.flags.writeable
        ):
            target = self._data[any_key]
            source = np.frombuffer(value, np.uint8)
            n = min(len(target), len(source))
            target[:n] = source[:n]  # stream the bytes in ...
            if len(source) != len(target):  # ... and check the count at the end
                raise ValueError(f"value: expected exactly {len(target)} bytes, got {len(source)}")
            return
        super().__setitem__(key, value)


class SetitemEmptySliceSkipsReadOnly(cpu.Buffer):
    """__setitem__ returns early when nothing is selected, so a read-only buffer accepts an empty assignment."""

    def __setitem__(self, key: slice, value: Any) -> None:
        any_key: object = key
        if type(any_key) is slice and any_key.step in (None, 1):
            try:
                start, stop, _ = any_key.indices(len(self._data))
                nbytes = len(value) if isinstance(value, BufferProtocol) else memoryview(value).nbytes
            except (TypeError, ValueError):
                nbytes = -1
            else:
                if stop <= start and nbytes == 0:
                    return  # nothing to write
        super().__setitem__(key, value)


class CombineAcceptsBytesLike(cpu.Buffer):
    """combine accepts bytes-like elements in *others* (wrapping them) instead of raising TypeError."""

    def combine(self, others: Iterable[BufferProtocol]) -> Self:
        if isinstance(others, (list, tuple)):
            items: list[Any] = list(others)
            converted = [
                type(self).from_bytes(item) if isinstance(item, (bytes, bytearray, memoryview)) else item
                for item in items
            ]
            return super().combine(converted)
        return super().combine(others)


class AddAcceptsBytes(cpu.Buffer):
    """``buf + b"..."`` concatenates instead of raising TypeError."""

    def __add__(self, other: BufferProtocol) -> Self:
        operand: object = other
        if isinstance(operand, (bytes, bytearray, memoryview)):
            return self.combine([type(self).from_bytes(operand)])
        return super().__add__(other)


class EqComparesBytes(cpu.Buffer):
    """__eq__ compares with bytes by content instead of returning NotImplemented."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (bytes, bytearray)):
            return self.to_bytes() == bytes(other)
        return super().__eq__(other)


class EqSampledForLarge(cpu.Buffer):
    """__eq__ of buffers over 64 KiB compares every 4096th byte and the last one, not the whole content."""

    def __eq__(self, other: object) -> bool:
        mine = self._data
        if isinstance(other, cpu.Buffer) and len(mine) > 1 << 16 and len(other) == len(mine):
            theirs = other.as_numpy_array()
            return bool((mine[::4096] == theirs[::4096]).all() and mine[-1] == theirs[-1])
        return super().__eq__(other)


class HashableWhenReadOnly(cpu.Buffer):
    """Read-only buffers hash by content ("immutable, so hashable"), though a Buffer must be unhashable."""

    def __hash__(self) -> int:  # type: ignore[override]
        if not self._data.flags.writeable:
            return hash(self._data.tobytes())
        raise TypeError(f"unhashable type: {type(self).__name__!r}")


class ToBytesReturnsBackingBytes(cpu.Buffer):
    """to_bytes returns the very bytes object a buffer wraps instead of a new object."""

    def to_bytes(self) -> bytes:
        base: object = self._data.base
        if type(base) is bytes and len(base) == self._data.size:
            return base  # already immutable bytes with exactly these contents
        return super().to_bytes()


class BufferLikeEmptyReadOnly(cpu.Buffer):
    """as_buffer_like of an empty buffer returns ``memoryview(b"")``, read-only even when the buffer is writable."""

    def as_buffer_like(self) -> memoryview:
        if self._data.size == 0:
            return memoryview(b"")  # nothing to export
        return super().as_buffer_like()


def _owner_nbytes(data: npt.NDArray[Any]) -> int:
    """The size of the memory block *data* is a view into (its own size if it owns it)."""
    owner: object = data.base
    if owner is None:
        return int(data.nbytes)
    if isinstance(owner, np.ndarray):
        return int(owner.nbytes)
    try:
        return memoryview(owner).nbytes  # type: ignore[arg-type]
    except TypeError:
        return int(data.nbytes)


class AsNumpyCompactsSmallSlices(cpu.Buffer):
    """as_numpy_array copies a slice that covers less than half of its memory block (to release the block)."""

    def as_numpy_array(self) -> npt.NDArray[np.uint8]:
        data = self._data
        if data.size * 2 < _owner_nbytes(data):
            return data.copy()
        return data


class FromArrayLikeAcceptsReversed(cpu.Buffer):
    """from_array_like checks ``abs(stride) == 1``, so a reversed (negative-stride) array is accepted."""

    @classmethod
    def from_array_like(cls, array_like: Any) -> Self:
        if (
            isinstance(array_like, np.ndarray)
            and array_like.ndim == 1
            and array_like.dtype == np.uint8
            and abs(array_like.strides[0]) == 1
        ):
            return _wrap(cls, array_like)
        return super().from_array_like(array_like)


class FromArrayLikeAcceptsAnyByteDtype(cpu.Buffer):
    """from_array_like checks ``itemsize == 1`` instead of the dtype, so int8/bool/S1 arrays are accepted."""

    @classmethod
    def from_array_like(cls, array_like: Any) -> Self:
        if (
            isinstance(array_like, np.ndarray)
            and array_like.ndim == 1
            and array_like.dtype.itemsize == 1
            and array_like.flags.c_contiguous
        ):
            return _wrap(cls, array_like)
        return super().from_array_like(array_like)


class FromArrayLikeCoerces(cpu.Buffer):
    """from_array_like wraps any bytes-like object with ``np.frombuffer`` instead of raising TypeError."""

    @classmethod
    def from_array_like(cls, array_like: Any) -> Self:
        if not isinstance(array_like, np.ndarray):
            try:
                array_like = np.frombuffer(array_like, np.uint8)
            except (TypeError, ValueError):
                raise TypeError(f"array_like: expected a numpy.ndarray, got {type(array_like).__name__}") from None
        return super().from_array_like(array_like)


class FromArrayLikeStripsSubclass(cpu.Buffer):
    """from_array_like stores ``np.asarray(a)``, so for an ndarray subclass as_array_like() is not ``a``."""

    @classmethod
    def from_array_like(cls, array_like: Any) -> Self:
        if isinstance(array_like, np.ndarray):
            array_like = np.asarray(array_like)  # plain ndarray inside
        return super().from_array_like(array_like)


class FromBufferCopiesReadOnly(cpu.Buffer):
    """from_buffer copies a read-only host buffer (to hand out writable memory) instead of wrapping it."""

    @classmethod
    def from_buffer(cls, buffer: BufferProtocol) -> Self:
        result = super().from_buffer(buffer)
        if not result._data.flags.writeable:
            result._data = result._data.copy()
        return result


class CreateZeroLengthBaseClass(cpu.Buffer):
    """create_zero_length builds the base class, not ``cls``."""

    @classmethod
    def create_zero_length(cls) -> Self:
        return cpu.Buffer(np.empty(0, dtype=np.uint8))  # type: ignore[return-value]


# =====================================================================================
# NDBuffer
# =====================================================================================


def _materialised(shape: object) -> object:
    """*shape* with a one-shot iterable turned into a list (so it can be looked at and passed on)."""
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Iterable):
        return shape
    try:
        return list(shape)
    except Exception:  # noqa: BLE001 - the bug under test
        return shape


class CreateFalsyFillBigZeros(cpu.NDBuffer):
    """create of 64 Ki elements or more with a falsy fill value allocates zeros, so -0.0 becomes +0.0."""

    @classmethod
    def create(
        cls,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
    ) -> Self:
        dims: Any = _materialised(shape)
        dt = _dtype_or_none(dtype)
        if (
            dt is not None
            and dt.kind in "fc"
            and isinstance(fill_value, (float, complex, np.floating, np.complexfloating))
            and order in ("C", "F")
            and isinstance(dims, list)
            and all(type(d) is int and d >= 0 for d in dims)
            and math.prod(dims) >= 1 << 16
            and not fill_value
        ):
            # Big zero fills: calloc'd memory is zero already, skip the write.
            return _wrap_nd(cls, np.zeros(tuple(dims), dt, order))
        return super().create(shape=dims, dtype=dtype, order=order, fill_value=fill_value)


class CreateStructuredViaStr(cpu.NDBuffer):
    """create canonicalises the dtype through ``dtype.str``, which turns a structured dtype into plain void."""

    @classmethod
    def create(
        cls,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
    ) -> Self:
        dt = _dtype_or_none(dtype)
        if dt is not None and dt.kind not in "OT":
            dtype = dt.str  # one canonical spelling (cache key)
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class CreateShapeTruthiness(cpu.NDBuffer):
    """create tests ``if not shape`` for "a scalar", which breaks on a NumPy array given as the shape."""

    @classmethod
    def create(
        cls,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
    ) -> Self:
        if isinstance(shape, np.ndarray) and not shape:
            shape = ()  # no dimensions: a 0-d buffer
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class CreateOrderIgnoredWithFill(cpu.NDBuffer):
    """create drops ``order="F"`` on the path with a fill value (the allocation without one honours it)."""

    @classmethod
    def create(
        cls,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
    ) -> Self:
        any_order: object = order
        if fill_value is not None and type(any_order) is str and any_order == "F":
            return super().create(shape=shape, dtype=dtype, order="C", fill_value=fill_value)
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class EmptyReusesScratchForTiny(cpu.NDBuffer):
    """empty hands out one cached array per (shape, dtype, order) for single-element shapes."""

    _scratch: ClassVar[dict[tuple[Any, ...], npt.NDArray[Any]]] = {}

    @classmethod
    def empty(cls, shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C") -> Self:
        dims = _int_dims(shape)
        dt = _dtype_or_none(dtype)
        any_order: object = order
        if dims is not None and dt is not None and math.prod(dims) == 1 and any_order in ("C", "F"):
            key = (dims, dt, order)
            scratch = cls._scratch.get(key)
            if scratch is None:
                scratch = super().empty(shape, dtype, order).as_ndarray_like()
                cls._scratch[key] = scratch
            return _wrap_nd(cls, scratch)  # contents are unspecified anyway
        return super().empty(shape, dtype, order)


class AstypeOrderAMeansC(cpu.NDBuffer):
    """astype maps ``order="A"`` to ``"C"``, so a Fortran-ordered source loses its layout."""

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        any_order: object = order
        if any_order == "A":
            order = "C"  # "any": C is as good as any
        return super().astype(dtype, order)


class AstypeReadOnlySameDtypeShares(cpu.NDBuffer):
    """astype to the same dtype returns a view of read-only data ("nothing can change it") instead of a copy."""

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        data = self._data
        any_order: object = order
        if not data.flags.writeable and any_order in ("K", "A") and _dtype_or_none(dtype) == data.dtype:
            return _wrap_nd(type(self), data[...])
        return super().astype(dtype, order)


class AstypeGenericDatetimeByteOrder(cpu.NDBuffer):
    """astype hands datetimes/timedeltas to NumPy's astype, which ignores the byte order of a generic-unit target."""

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        dt = _dtype_or_none(dtype)
        any_order: object = order
        if dt is not None and dt.kind in "mM" and self._data.dtype.kind == dt.kind and any_order in ("K", "A", "C", "F"):
            return _wrap_nd(type(self), self._data.astype(dt, order=order))  # NumPy knows the units
        return super().astype(dtype, order)


class CopyReadOnlyReturnsSelf(cpu.NDBuffer):
    """copy of a read-only buffer returns the buffer itself ("a copy could never differ")."""

    def copy(self) -> Self:
        if not self._data.flags.writeable:
            return self
        return super().copy()


class FillStridedRebinds(cpu.NDBuffer):
    """fill of a non-contiguous buffer builds a new contiguous array and rebinds to it, so views do not see it."""

    def fill(self, value: Any) -> None:
        data = self._data
        if data.flags.writeable and not (data.flags.c_contiguous or data.flags.f_contiguous):
            fresh = type(self).create(shape=data.shape, dtype=data.dtype, fill_value=value)
            self._data = fresh._data  # strided writes are slow: start over contiguous
            return
        super().fill(value)


class FillComplexZeroMemset(cpu.NDBuffer):
    """fill of a complex buffer with a complex zero writes plain 0, losing the signs of the parts."""

    def fill(self, value: Any) -> None:
        data = self._data
        if (
            data.dtype.kind == "c"
            and data.flags.writeable
            and isinstance(value, (complex, np.complexfloating))
            and value == 0
        ):
            data[...] = 0  # zero: skip the conversion
            return
        super().fill(value)


class ReshapeEmptyAnyShape(cpu.NDBuffer):
    """reshape of a size-0 buffer allocates the requested shape whatever its size instead of raising ValueError."""

    def reshape(self, newshape: tuple[int, ...] | Literal[-1]) -> Self:
        data = self._data
        dims = _int_dims(newshape)
        if data.size == 0 and dims is not None:
            return _wrap_nd(type(self), np.empty_like(data, shape=dims))  # nothing to move
        return super().reshape(newshape)


class SqueezeAxisModulo(cpu.NDBuffer):
    """squeeze normalises axes with ``axis % ndim``, so an out-of-range axis wraps around instead of raising."""

    def squeeze(self, axis: tuple[int, ...]) -> Self:
        ndim = self._data.ndim
        any_axis: object = axis
        if ndim and type(any_axis) is tuple and all(type(a) is int for a in any_axis):
            axis = tuple(a % ndim for a in any_axis)  # negative axes count from the end
        return super().squeeze(axis)


class TransposeIdentityCopies(cpu.NDBuffer):
    """transpose with the identity permutation (or None on 0-d/1-d) returns a copy ("nothing to permute")."""

    def transpose(self, axes: SupportsIndex | Sequence[SupportsIndex] | None) -> Self:
        ndim = self._data.ndim
        identity = False
        if axes is None:
            identity = ndim <= 1
        elif isinstance(axes, Sequence):
            try:
                identity = [operator.index(a) for a in axes] == list(range(ndim))
            except TypeError:
                identity = False
        if identity:
            return _wrap_nd(type(self), self._data.copy(order="K"))
        return super().transpose(axes)


class GetitemNumpyIntCopies(cpu.NDBuffer):
    """__getitem__ makes 0-d views for Python int keys only; a NumPy integer key gives a 0-d copy."""

    def __getitem__(self, key: Any) -> Self:
        data = self._data
        if isinstance(key, np.integer) and not data.dtype.hasobject:
            element = data[key]
            if not isinstance(element, np.ndarray):
                return _wrap_nd(type(self), np.asarray(element))  # a scalar: make it 0-d
        return super().__getitem__(key)


class GetitemListAsTuple(cpu.NDBuffer):
    """__getitem__ turns a list key into a tuple (old NumPy style), so ``b[[0, 2]]`` is not fancy indexing."""

    def __getitem__(self, key: Any) -> Self:
        if type(key) is list:
            key = tuple(key)
        return super().__getitem__(key)


class GetitemNegativeStepCopies(cpu.NDBuffer):
    """__getitem__ copies results with negative strides (ported from a backend without them), so ``b[::-1]`` is no view."""

    def __getitem__(self, key: Any) -> Self:
        result = super().__getitem__(key)
        data = result._data
        if any(s < 0 for s in data.strides):
            result._data = data.copy()
        return result


class SetitemListPartial(cpu.NDBuffer):
    """__setitem__ hands a list straight to NumPy, which writes the leading elements before failing on a bad one."""

    def __setitem__(self, key: Any, value: Any) -> None:
        if type(value) is list and self._data.flags.writeable:
            try:
                self._data[key] = value
            except (TypeError, ValueError, OverflowError) as exc:
                raise ValueError(f"value: cannot assign {value!r:.60} to key {key!r}: {exc}") from None
            return
        super().__setitem__(key, value)


class SetitemZeroArrayMemset(cpu.NDBuffer):
    """__setitem__ of an all-zero float array writes a plain 0, so -0.0 values lose their sign."""

    def __setitem__(self, key: Any, value: Any) -> None:
        data = self._data
        if (
            isinstance(value, np.ndarray)
            and value.dtype == data.dtype
            and data.dtype.kind == "f"
            and data.flags.writeable
            and not value.any()
        ):
            try:
                np.broadcast_to(value, data[key].shape)
            except Exception:  # noqa: BLE001 - the bug under test
                pass  # the general path raises the right error
            else:
                data[key] = 0  # all zeros: a cheap fill
                return
        super().__setitem__(key, value)


class SetitemObjectDtypeNoUnwrap(cpu.NDBuffer):
    """__setitem__ into an object array stores the value as given, so an NDBuffer value is not unwrapped."""

    def __setitem__(self, key: Any, value: Any) -> None:
        data = self._data
        if data.dtype.kind == "O":
            try:
                # object arrays hold anything: the value itself goes in, not its elements
                # (a plain ``data[key] = value`` would unwrap it through ``NDBuffer.__array__``)
                holder = np.empty((), dtype=object)
                holder[()] = value
                data[key] = holder
            except (TypeError, ValueError) as exc:
                raise ValueError(f"value: cannot assign to key {key!r}: {exc}") from None
            return
        super().__setitem__(key, value)


class AsScalarIndexesFirstAxis(cpu.NDBuffer):
    """as_scalar returns ``data[0]``, an array for size-1 shapes with two or more dimensions."""

    def as_scalar(self) -> Any:
        data = self._data
        if data.size != 1:
            raise ValueError(f"as_scalar: the buffer must hold exactly one element, got shape {data.shape}")
        if data.ndim == 0:
            return data[()]
        return data[0]


class AllEqualEmptyBeforeNone(cpu.NDBuffer):
    """all_equal answers True for an empty buffer before looking at *other*, also for None."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        if self._data.size == 0:
            return True  # vacuously true
        return super().all_equal(other, equal_nan)


class AllEqualSignedZeroF2Forgotten(cpu.NDBuffer):
    """all_equal compares float16 with plain ``==`` (the signed-zero check covers float32/float64 only)."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self._data
        if (
            data.dtype.kind == "f"
            and data.dtype.itemsize == 2
            and type(other) in (int, float, np.float16, np.float32, np.float64)
            and other == other  # NaN: the general path
        ):
            return bool(np.all(data == other))
        return super().all_equal(other, equal_nan)


class AllEqualNatIgnoresEqualNan(cpu.NDBuffer):
    """all_equal with a NaT *other* tests ``isnat`` whatever *equal_nan* says."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self._data
        if (
            data.dtype.kind in "mM"
            and data.dtype.isnative
            and isinstance(other, (np.datetime64, np.timedelta64))
            and np.isnat(other)
        ):
            return bool(np.isnat(data).all())  # NaT never compares equal: test for it
        return super().all_equal(other, equal_nan)


class AllEqualIntOtherWraps(cpu.NDBuffer):
    """all_equal casts a Python int *other* to the buffer's integer dtype first, so -1 equals 255 in uint8."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self._data
        if data.dtype.kind in "iu" and type(other) is int and -(1 << 63) <= other < 1 << 64:
            target = np.array(other).astype(data.dtype)  # compare in the buffer's own type
            return bool((data == target).all())
        return super().all_equal(other, equal_nan)


class AllEqualDatetimeCastToUnit(cpu.NDBuffer):
    """all_equal converts a datetime/timedelta *other* to the buffer's unit first, so 1500 ms equals 1 s."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self._data
        if (
            data.dtype.kind in "mM"
            and type(other) is data.dtype.type
            and not np.isnat(other)
        ):
            target = other.astype(data.dtype)
            return bool((data == target).all())
        return super().all_equal(other, equal_nan)


class AllEqualStructuredPlainEq(cpu.NDBuffer):
    """all_equal of structured values compares float fields with ``==`` (NaN handled), so -0.0 equals 0.0."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self._data
        names = data.dtype.names
        fields = data.dtype.fields
        if (
            names is not None
            and fields is not None
            and isinstance(other, tuple)
            and all(fields[n][0].subdtype is None and fields[n][0].kind in "biufSU" for n in names)
        ):
            try:
                target = np.array(other, dtype=data.dtype)
            except (TypeError, ValueError, OverflowError):
                return super().all_equal(other, equal_nan)
            mask = np.ones(data.shape, dtype=bool)
            for name in names:
                mine, theirs = data[name], target[name]
                equal = np.asarray(mine == theirs)
                if mine.dtype.kind == "f" and equal_nan:
                    equal = equal | (np.isnan(mine) & np.isnan(theirs))
                mask &= equal
            return bool(mask.all())
        return super().all_equal(other, equal_nan)


class AllEqualComplexNanEitherPart(cpu.NDBuffer):
    """all_equal with *equal_nan* and a complex NaN *other* tests ``np.isnan``, true if either part is NaN."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self._data
        if (
            data.dtype.kind == "c"
            and equal_nan is True
            and isinstance(other, (complex, np.complexfloating))
            and other != other
        ):
            return bool(np.isnan(data).all())
        return super().all_equal(other, equal_nan)


class AllEqualStridedPlainEq(cpu.NDBuffer):
    """all_equal of non-contiguous float data compares with ``==`` (no bit view), so -0.0 equals 0.0."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self._data
        if (
            data.dtype.kind == "f"
            and not (data.flags.c_contiguous or data.flags.f_contiguous)
            and type(other) in (int, float, np.float16, np.float32, np.float64)
            and other == other  # NaN: the general path
        ):
            return bool(np.all(data == other))
        return super().all_equal(other, equal_nan)


class AsNdarrayLikeContiguous(cpu.NDBuffer):
    """as_ndarray_like returns a C-contiguous copy of non-C-contiguous data ("consumers expect C order")."""

    def as_ndarray_like(self) -> npt.NDArray[Any]:
        data = self._data
        return data if data.flags.c_contiguous else data.copy(order="C")


class AsNumpyCopiesReadOnly(cpu.NDBuffer):
    """as_numpy_array copies read-only data, so that callers always get an array they can write to."""

    def as_numpy_array(self) -> npt.NDArray[Any]:
        data = self._data
        return data if data.flags.writeable else data.copy()


class FromNumpyRequiresAligned(cpu.NDBuffer):
    """from_numpy_array passes input through ``np.require(..., "A")``, which copies unaligned arrays."""

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        if isinstance(array_like, np.ndarray):
            array_like = np.require(array_like, requirements="A")  # our kernels want aligned data
        return super().from_numpy_array(array_like)


class FromNdarrayLikeStripsSubclass(cpu.NDBuffer):
    """from_ndarray_like stores ``np.asarray(x)``, so for an ndarray subclass as_ndarray_like() is not ``x``."""

    @classmethod
    def from_ndarray_like(cls, ndarray_like: Any) -> Self:
        if isinstance(ndarray_like, np.ndarray):
            ndarray_like = np.asarray(ndarray_like)
        return super().from_ndarray_like(ndarray_like)


# =====================================================================================
# Registry
# =====================================================================================


def _raises(expression: str, exc: str) -> str:
    """A witness that *expression* raises *exc*."""
    return (
        f"try:\n    {expression}\nexcept {exc}:\n    pass\n"
        f"else:\n    raise AssertionError({expression!r} + ' did not raise {exc}')\n"
    )


_SHARES = "np.shares_memory({0}.as_numpy_array(), {1}.as_numpy_array())"

INPUT_KIND_BACKENDS: dict[type, Witness] = {
    # -- Buffer -------------------------------------------------------------------------
    FromBytesAcceptsFortran: Witness(
        "from_bytes",
        "input that is not C-contiguous (strided, or a Fortran-ordered or transposed multi-dimensional "
        "array) MUST raise ``ValueError``",
        _raises("Buffer.from_bytes(np.asfortranarray(np.arange(6, dtype='u1').reshape(2, 3)))", "ValueError"),
    ),
    FromBytesEmptyBytesWritable: Witness(
        "from_bytes",
        "Host-memory implementations MUST NOT copy: a buffer made from ``bytes`` is read-only",
        "b = Buffer.from_bytes(b'')\n"
        "assert memoryview(b.as_buffer_like()).readonly, 'buffer over b\"\" is writable'\n",
    ),
    FromBytesFallsBackToBytesCtor: Witness(
        "from_bytes",
        "``str`` and other non-buffers MUST raise ``TypeError``",
        _raises("Buffer.from_bytes(3)", "TypeError") + _raises("Buffer.from_bytes([1, 2, 3])", "TypeError"),
    ),
    # FromBytesViaMemoryview left the corpus: datetime64/timedelta64 arrays export no buffer protocol,
    # and the spec now says from_bytes MAY reject them (it used to say "NumPy arrays of any dtype").
    LenCountsItemsOfSource: Witness(
        "__len__",
        "The number of bytes; MUST equal the size of :meth:`as_numpy_array`.",
        "b = Buffer.from_bytes(np.arange(3, dtype='<i4'))\n"
        "assert len(b) == b.as_numpy_array().size == 12, len(b)\n",
    ),
    GetitemAcceptsNegativeStep: Witness(
        "__getitem__",
        "The key MUST be a ``slice`` (else ``TypeError``) whose step is ``None`` or ``1`` (else ``ValueError``).",
        "b = Buffer.from_bytes(bytearray(b'abcd'))\n" + _raises("b[::-1]", "ValueError"),
    ),
    GetitemSlicesBackingBytes: Witness(
        "__getitem__",
        "The result MUST be a view: it MUST NOT copy, and writes through it are visible in this buffer.",
        "b = Buffer.from_bytes(b'abcdefgh')\n"
        "s = b[2:6]\n"
        f"assert {_SHARES.format('s', 'b')}, 'slice of a bytes-backed buffer is a copy'\n",
    ),
    SetitemCountsItemsNotBytes: Witness(
        "__setitem__",
        "*value* MUST be accepted when it is a bytes-like object, a ``uint8`` array or **any** conforming Buffer",
        "import array\n"
        "value = array.array('H', [0x0102, 0x0304])\n"
        "b = Buffer.from_bytes(bytearray(4))\n"
        "try:\n    b[0:4] = value\n"
        "except ValueError as exc:\n    raise AssertionError(f'4-byte array.array refused: {exc}')\n"
        "assert b.to_bytes() == value.tobytes()\n",
    ),
    SetitemPartialWriteOnLongValue: Witness(
        "__setitem__",
        "On any error the buffer MUST be left unchanged.",
        "b = Buffer.from_bytes(bytearray(4))\n"
        + _raises("b.__setitem__(slice(0, 4), b'abcdef')", "ValueError")
        + "assert b.to_bytes() == bytes(4), b.to_bytes()\n",
    ),
    SetitemEmptySliceSkipsReadOnly: Witness(
        "__setitem__",
        "A read-only buffer MUST raise ``ValueError``.",
        "b = Buffer.from_bytes(b'abc')\n" + _raises("b.__setitem__(slice(1, 1), b'')", "ValueError"),
    ),
    CombineAcceptsBytesLike: Witness(
        "combine",
        "A non-Buffer element MUST raise ``TypeError``.",
        "b = Buffer.from_bytes(bytearray(b'ab'))\n" + _raises("b.combine([b'cd'])", "TypeError"),
    ),
    AddAcceptsBytes: Witness(
        "__add__",
        "A non-Buffer operand MUST make ``self + other`` raise ``TypeError``",
        "b = Buffer.from_bytes(bytearray(b'ab'))\n" + _raises("b + b'cd'", "TypeError"),
    ),
    EqComparesBytes: Witness(
        "__eq__",
        "For objects that are not Buffers this MUST return ``NotImplemented``",
        "b = Buffer.from_bytes(b'abc')\n"
        "assert b.__eq__(b'abc') is NotImplemented\n"
        "assert (b == b'abc') is False\n",
    ),
    EqSampledForLarge: Witness(
        "__eq__",
        "MUST be unhashable (it is mutable) and compare by content with ``==``",
        "x = np.zeros(200_000, dtype=np.uint8)\n"
        "y = x.copy()\n"
        "y[1] = 1\n"
        "assert not (Buffer.from_array_like(x) == Buffer.from_array_like(y)), 'different contents compare equal'\n",
    ),
    HashableWhenReadOnly: Witness(
        "__hash__",
        "MUST be unhashable (it is mutable)",
        _raises("hash(Buffer.from_bytes(b'abc'))", "TypeError"),
    ),
    ToBytesReturnsBackingBytes: Witness(
        "to_bytes",
        "MUST return a new object (always copies)",
        "src = bytes(range(16))\n"
        "out = Buffer.from_bytes(src).to_bytes()\n"
        "assert out == src\n"
        "assert out is not src, 'to_bytes returned the wrapped bytes object'\n",
    ),
    BufferLikeEmptyReadOnly: Witness(
        "as_buffer_like",
        "it MUST be read-only exactly when the buffer's memory is read-only",
        "b = Buffer.from_bytes(bytearray())\n"
        "assert b.as_numpy_array().flags.writeable\n"
        "assert not memoryview(b.as_buffer_like()).readonly, 'writable empty buffer exports read-only memory'\n",
    ),
    AsNumpyCompactsSmallSlices: Witness(
        "as_numpy_array",
        "For host memory this MUST NOT copy (the result shares memory with the buffer)",
        "s = Buffer.from_bytes(bytearray(100))[10:20]\n"
        "a = s.as_numpy_array()\n"
        "a[0] = 7\n"
        "assert s.to_bytes()[0] == 7, 'as_numpy_array of a small slice is a copy'\n",
    ),
    FromArrayLikeAcceptsReversed: Witness(
        "from_array_like",
        "MUST raise ``ValueError`` if the array is not one-dimensional, not of dtype ``uint8`` or not contiguous",
        _raises("Buffer.from_array_like(np.arange(8, dtype=np.uint8)[::-1])", "ValueError"),
    ),
    FromArrayLikeAcceptsAnyByteDtype: Witness(
        "from_array_like",
        "MUST raise ``ValueError`` if the array is not one-dimensional, not of dtype ``uint8`` or not contiguous",
        _raises("Buffer.from_array_like(np.zeros(4, dtype=np.int8))", "ValueError"),
    ),
    FromArrayLikeCoerces: Witness(
        "from_array_like",
        "MUST raise ``ValueError`` if the array is not one-dimensional, not of dtype ``uint8`` or not "
        "contiguous, and ``TypeError`` if it is not an array of the kind this class stores.",
        _raises("Buffer.from_array_like(bytearray(b'ab'))", "TypeError"),
    ),
    FromArrayLikeStripsSubclass: Witness(
        "from_array_like",
        "Wrap *array_like* without copying: ``as_array_like()`` MUST return it.",
        "class Sub(np.ndarray):\n    pass\n"
        "a = np.zeros(4, dtype=np.uint8).view(Sub)\n"
        "assert Buffer.from_array_like(a).as_array_like() is a\n",
    ),
    FromBufferCopiesReadOnly: Witness(
        "from_buffer",
        "MUST NOT copy when *buffer* already lives in the memory this class uses",
        "src = Buffer.from_bytes(b'abcd')\n"
        "r = Buffer.from_buffer(src)\n"
        f"assert {_SHARES.format('r', 'src')}, 'from_buffer copied a read-only host buffer'\n",
    ),
    CreateZeroLengthBaseClass: Witness(
        "create_zero_length",
        "its length MUST be 0 and it MUST be an instance of this class",
        "assert type(Buffer.create_zero_length()) is Buffer\n",
    ),
    # -- NDBuffer -----------------------------------------------------------------------
    CreateFalsyFillBigZeros: Witness(
        "create",
        "MUST honour *shape* (any iterable of non-negative integers, ``()`` and zero-length dimensions "
        "included), *dtype* exactly (byte order, string lengths, ``StringDType``, structured, "
        "datetime/timedelta with generic units), *order* (``\"C\"`` gives C-contiguous, ``\"F\"`` "
        "F-contiguous memory) and *fill_value* bit-exactly (``-0.0`` keeps its sign",
        "b = NDBuffer.create(shape=(1 << 17,), dtype='f8', fill_value=-0.0)\n"
        "assert np.signbit(b.as_numpy_array()).all(), 'a big -0.0 fill lost its sign'\n",
    ),
    CreateStructuredViaStr: Witness(
        "create",
        "MUST honour *shape* (any iterable of non-negative integers, ``()`` and zero-length dimensions "
        "included), *dtype* exactly (byte order, string lengths, ``StringDType``, structured",
        "dt = np.dtype([('a', '<i4'), ('b', '<f8')])\n"
        "got = NDBuffer.create(shape=(2,), dtype=dt).dtype\n"
        "assert got == dt, got\n",
    ),
    CreateShapeTruthiness: Witness(
        "create",
        "MUST honour *shape* (any iterable of non-negative integers, ``()`` and zero-length dimensions included)",
        "for shape, want in ((np.array([0]), (0,)), (np.array([2, 3]), (2, 3))):\n"
        "    try:\n        got = NDBuffer.create(shape=shape, dtype='i4').shape\n"
        "    except (TypeError, ValueError) as exc:\n        raise AssertionError(f'shape {shape!r} refused: {exc}')\n"
        "    assert got == want, (got, want)\n",
    ),
    CreateOrderIgnoredWithFill: Witness(
        "create",
        "MUST honour *shape* (any iterable of non-negative integers, ``()`` and zero-length dimensions "
        "included), *dtype* exactly (byte order, string lengths, ``StringDType``, structured, "
        "datetime/timedelta with generic units), *order* (``\"C\"`` gives C-contiguous, ``\"F\"`` "
        "F-contiguous memory)",
        "a = NDBuffer.create(shape=(2, 3), dtype='f8', order='F', fill_value=1.0).as_numpy_array()\n"
        "assert a.flags.f_contiguous, 'order=F ignored'\n",
    ),
    EmptyReusesScratchForTiny: Witness(
        "empty",
        "the result MUST NOT share memory with any existing buffer.",
        "a = NDBuffer.empty((1,), 'f8')\n"
        "b = NDBuffer.empty((1,), 'f8')\n"
        f"assert not {_SHARES.format('a', 'b')}, 'two empty() results share memory'\n",
    ),
    AstypeOrderAMeansC: Witness(
        "astype",
        "the default ``\"K\"`` (and ``\"A\"``) MUST keep a Fortran-ordered source",
        "src = NDBuffer.from_numpy_array(np.asfortranarray(np.arange(6.0).reshape(2, 3)))\n"
        "assert src.astype('f4', order='A').as_numpy_array().flags.f_contiguous, 'order=A lost Fortran order'\n",
    ),
    AstypeReadOnlySameDtypeShares: Witness(
        "astype",
        "MUST always copy (even to the same dtype)",
        "a = np.arange(4.0)\n"
        "a.flags.writeable = False\n"
        "c = NDBuffer.from_numpy_array(a).astype('f8')\n"
        "assert not np.shares_memory(c.as_numpy_array(), a), 'astype shared read-only memory'\n",
    ),
    AstypeGenericDatetimeByteOrder: Witness(
        "astype",
        "MUST convert byte order too: ``astype(\">f8\")`` stores big-endian values.",
        "src = NDBuffer.from_numpy_array(np.array([0, 1], dtype='<M8[D]'))\n"
        "got = src.astype('>M8').as_numpy_array()\n"
        "assert got.dtype.byteorder == '>', got.dtype.str\n"
        "assert (got == src.as_numpy_array()).all()\n",
    ),
    CopyReadOnlyReturnsSelf: Witness(
        "copy",
        "Return a new buffer with equal contents. MUST NOT share memory with this one.",
        "a = np.arange(3.0)\n"
        "a.flags.writeable = False\n"
        "c = NDBuffer.from_numpy_array(a).copy()\n"
        "assert not np.shares_memory(c.as_numpy_array(), a), 'copy of read-only data shares memory'\n",
    ),
    FillStridedRebinds: Witness(
        "fill",
        "MUST write in place (views of this buffer see the change)",
        "base = NDBuffer.from_numpy_array(np.zeros((4, 4)))\n"
        "view = base[:, ::2]\n"
        "view.fill(1.0)\n"
        "assert base.as_numpy_array()[0, 0] == 1.0, 'fill of a strided view did not reach its base'\n",
    ),
    FillComplexZeroMemset: Witness(
        "fill",
        "MUST keep their bits: NaN payloads and signs, signed zeros, each part of a complex number.",
        "b = NDBuffer.create(shape=(3,), dtype='c16', fill_value=1)\n"
        "b.fill(complex(0.0, -0.0))\n"
        "a = b.as_numpy_array()\n"
        "assert np.signbit(a.imag).all() and not np.signbit(a.real).any(), a\n",
    ),
    ReshapeEmptyAnyShape: Witness(
        "reshape",
        "MUST raise ``ValueError`` when the sizes differ.",
        "b = NDBuffer.from_numpy_array(np.zeros((0, 3)))\n" + _raises("b.reshape((2, 2))", "ValueError"),
    ),
    SqueezeAxisModulo: Witness(
        "squeeze",
        "MUST raise ``ValueError`` if an axis is out of range or not of length 1.",
        "b = NDBuffer.from_numpy_array(np.zeros((1, 3)))\n" + _raises("b.squeeze((2,))", "ValueError"),
    ),
    TransposeIdentityCopies: Witness(
        "transpose",
        "Return a view with the axes permuted; ``None`` reverses them. MUST NOT copy.",
        "b = NDBuffer.from_numpy_array(np.zeros((2, 3)))\n"
        "t = b.transpose((0, 1))\n"
        f"assert {_SHARES.format('t', 'b')}, 'identity transpose copied'\n",
    ),
    GetitemNumpyIntCopies: Witness(
        "__getitem__",
        "a key of only integers MUST give a 0-d view, not a copy.",
        "b = NDBuffer.from_numpy_array(np.arange(4.0))\n"
        "v = b[np.int64(2)]\n"
        "v[()] = 9.0\n"
        "assert b.as_numpy_array()[2] == 9.0, 'b[np.int64(2)] is a copy'\n",
    ),
    GetitemListAsTuple: Witness(
        "__getitem__",
        "Integers, slices, tuples, ``Ellipsis``, ``None`` (new axis) and integer/boolean arrays MUST work.",
        "b = NDBuffer.from_numpy_array(np.arange(12.0).reshape(3, 4))\n"
        "try:\n    got = b[[0, 2]].shape\n"
        "except (IndexError, TypeError, ValueError) as exc:\n    raise AssertionError(f'list key refused: {exc}')\n"
        "assert got == (2, 4), got\n",
    ),
    GetitemNegativeStepCopies: Witness(
        "__getitem__",
        "Basic indexing MUST return a view (no copy)",
        "b = NDBuffer.from_numpy_array(np.arange(4.0))\n"
        "v = b[::-1]\n"
        "v[0] = 9.0\n"
        "assert b.as_numpy_array()[3] == 9.0, 'b[::-1] is a copy'\n",
    ),
    SetitemListPartial: Witness(
        "__setitem__",
        "MUST raise ``ValueError`` or ``TypeError`` before writing anything: the buffer is left unchanged.",
        "b = NDBuffer.from_numpy_array(np.zeros(3, dtype='i8'))\n"
        + _raises("b.__setitem__(slice(None), [1, 2, 'x'])", "(ValueError, TypeError)")
        + "assert (b.as_numpy_array() == 0).all(), b.as_numpy_array()\n",
    ),
    SetitemZeroArrayMemset: Witness(
        "__setitem__",
        "Values that go in and come back unconverted (round trips, copies, views, ``fill``, ``__setitem__`` "
        "with the buffer's dtype, ``as_scalar``) MUST keep their bits",
        "b = NDBuffer.from_numpy_array(np.ones(4))\n"
        "b[:] = np.full(4, -0.0)\n"
        "assert np.signbit(b.as_numpy_array()).all(), b.as_numpy_array()\n",
    ),
    SetitemObjectDtypeNoUnwrap: Witness(
        "__setitem__",
        "**any** conforming NDBuffer (of any class), which MUST be unwrapped (its contents written, not the object)",
        "b = NDBuffer.from_numpy_array(np.empty(3, dtype=object))\n"
        "b[:] = NDBuffer.from_numpy_array(np.array([1, 2, 3], dtype=object))\n"
        "got = [type(x).__name__ for x in b.as_numpy_array()]\n"
        "assert got == ['int', 'int', 'int'], got\n",
    ),
    AsScalarIndexesFirstAxis: Witness(
        "as_scalar",
        "the result MUST be a scalar, never an array",
        "s = NDBuffer.from_numpy_array(np.full((1, 1), 2.5)).as_scalar()\n"
        "assert isinstance(s, np.float64) and not isinstance(s, np.ndarray), type(s)\n",
    ),
    AllEqualEmptyBeforeNone: Witness(
        "all_equal",
        "``other is None`` MUST give ``False``",
        "assert NDBuffer.from_numpy_array(np.zeros(0)).all_equal(None) is False\n",
    ),
    AllEqualSignedZeroF2Forgotten: Witness(
        "all_equal",
        "``-0.0`` MUST NOT equal ``0.0`` (in either direction)",
        "b = NDBuffer.from_numpy_array(np.full(4, -0.0, dtype=np.float16))\n"
        "assert b.all_equal(0.0) is False, 'float16 -0.0 equals 0.0'\n",
    ),
    AllEqualNatIgnoresEqualNan: Witness(
        "all_equal",
        "NaN MUST equal NaN exactly when *equal_nan* is true (default ``True``), and NaT likewise",
        "b = NDBuffer.from_numpy_array(np.array(['NaT', 'NaT'], dtype='M8[s]'))\n"
        "assert b.all_equal(np.datetime64('NaT', 's'), equal_nan=False) is False\n",
    ),
    AllEqualIntOtherWraps: Witness(
        "all_equal",
        "*other* MUST be compared as given, never first cast to the buffer's dtype",
        "b = NDBuffer.from_numpy_array(np.full(3, 255, dtype=np.uint8))\n"
        "assert b.all_equal(-1) is False, '-1 equals 255'\n",
    ),
    AllEqualDatetimeCastToUnit: Witness(
        "all_equal",
        "*other* MUST be compared as given, never first cast to the buffer's dtype",
        "b = NDBuffer.from_numpy_array(np.array([1, 1], dtype='M8[s]'))\n"
        "assert b.all_equal(np.datetime64(1500, 'ms')) is False, '1500 ms equals 1 s'\n",
    ),
    AllEqualStructuredPlainEq: Witness(
        "all_equal",
        "``-0.0`` MUST NOT equal ``0.0`` (in either direction)",
        "dt = np.dtype([('a', '<i4'), ('b', '<f8')])\n"
        "b = NDBuffer.from_numpy_array(np.array([(1, -0.0)] * 3, dtype=dt))\n"
        "assert b.all_equal((1, 0.0)) is False, 'structured -0.0 field equals 0.0'\n",
    ),
    AllEqualComplexNanEitherPart: Witness(
        "all_equal",
        "other part MUST be equal too",
        "b = NDBuffer.from_numpy_array(np.full(3, complex(1.0, np.nan)))\n"
        "assert b.all_equal(complex(np.nan, 0.0)) is False, 'NaN in the imaginary part matched a real NaN'\n",
    ),
    AllEqualStridedPlainEq: Witness(
        "all_equal",
        "``-0.0`` MUST NOT equal ``0.0`` (in either direction)",
        "b = NDBuffer.from_numpy_array(np.full((4, 4), -0.0)[:, ::2])\n"
        "assert b.all_equal(0.0) is False, 'strided -0.0 equals 0.0'\n",
    ),
    AsNdarrayLikeContiguous: Witness(
        "as_ndarray_like",
        "Return the underlying array. MUST NOT copy",
        "a = np.asfortranarray(np.zeros((2, 3)))\n"
        "assert NDBuffer.from_ndarray_like(a).as_ndarray_like() is a\n",
    ),
    AsNumpyCopiesReadOnly: Witness(
        "as_numpy_array",
        "For host memory this MUST NOT copy; device memory MAY be copied.",
        "a = np.arange(3.0)\n"
        "a.flags.writeable = False\n"
        "assert np.shares_memory(NDBuffer.from_numpy_array(a).as_numpy_array(), a), 'read-only data copied'\n",
    ),
    FromNumpyRequiresAligned: Witness(
        "from_numpy_array",
        "a writable NumPy array MUST be wrapped without a copy, whatever its layout",
        "raw = np.zeros(8 * 4 + 2, dtype=np.uint8)\n"
        "offset = 1 if (raw.ctypes.data + 1) % 8 else 2\n"
        "a = raw[offset:offset + 32].view(np.float64)\n"
        "assert not a.flags.aligned and a.flags.writeable\n"
        "assert np.shares_memory(NDBuffer.from_numpy_array(a).as_numpy_array(), a), 'unaligned array copied'\n",
    ),
    FromNdarrayLikeStripsSubclass: Witness(
        "from_ndarray_like",
        "Wrap *ndarray_like* without copying: ``as_ndarray_like()`` MUST return it.",
        "class Sub(np.ndarray):\n    pass\n"
        "x = np.zeros((2, 2)).view(Sub)\n"
        "assert NDBuffer.from_ndarray_like(x).as_ndarray_like() is x\n",
    ),
}
