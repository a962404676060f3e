"""A held-out corpus of realistic broken backends, grouped by the rule class they break.

Each class here subclasses the reference :mod:`bufferspec.cpu` classes and
breaks exactly one rule of :mod:`bufferspec.protocols` the way a backend
author plausibly would: an optimisation that is wrong on some inputs, a
forgotten case, a copy where a view is required.  They were written from the
specification only, without looking at the conformance kit's checks or at the
other mutant corpora (:mod:`conformance.backends.broken`,
:mod:`conformance.backends.mistakes`), so they measure how well the kit catches
bugs it has never seen.  The corpus covers every rule class of
:data:`RULE_CLASSES` with at least two backends each: construction paths,
layouts and memory kinds, size classes, bit-exact values, dtype kinds, error
atomicity and pickling.

:data:`RULE_CLASS_BACKENDS` maps every class to a :class:`RuleClassWitness`:
its rule class, the rule it breaks (quoted from the protocol docstring of the
member) and a short snippet that raises ``AssertionError`` on the class and
passes on the reference, proving the class is really broken.
``tests/test_conformance_heldout_rule_classes.py`` runs the witnesses and the
kit on every class.

Every class breaks a MUST rule except the two pickle classes: the
specification only says a Buffer SHOULD pickle, so those are SHOULD-level
(``RuleClassWitness.level``).
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Self, SupportsIndex

import numpy as np
import numpy.typing as npt

from bufferspec import cpu
from bufferspec.protocols import ArrayLike, BytesLike, ScalarType
from bufferspec.protocols import Buffer as BufferProtocol
from conformance.backends.heldout_witness import Witness

__all__ = [
    "RULE_CLASSES",
    "RULE_CLASS_BACKENDS",
    "RuleClassWitness",
]

#: The rule classes the corpus covers, in the order of the module.
RULE_CLASSES = ("construction", "layout", "size", "bits", "dtype", "atomicity", "pickle")

#: The block size of the "process in blocks" optimisations below.
_BLOCK = 65536


@dataclass(frozen=True)
class RuleClassWitness(Witness):
    """A :class:`~conformance.backends.heldout_witness.Witness` that also names the rule class broken.

    Here :attr:`member` names where the rule is written: ``"Protocol.member"``,
    ``"Protocol"`` (the class docstring) or ``"protocols"`` (the module
    docstring); :attr:`level` is ``"SHOULD"`` for the pickle classes.

    Attributes
    ----------
    rule_class : str
        One of :data:`RULE_CLASSES`.
    """

    rule_class: str = field(kw_only=True)


def _dtype_or_none(dtype: object) -> np.dtype[Any] | None:
    """``numpy.dtype(dtype)``, or None where that fails (the base class then words the error)."""
    if dtype is None:
        return None
    try:
        return np.dtype(dtype)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return None


def _plain_shape(shape: object) -> bool:
    """Whether *shape* is a tuple of non-negative Python ints (anything else goes to the base class)."""
    return type(shape) is tuple and all(type(d) is int and d >= 0 for d in shape)


# -- construction paths --------------------------------------------------------------------------


class SmallSliceCopies(cpu.Buffer):
    """Partial slices shorter than 64 bytes are copied (to avoid pinning a large parent), so they are no views."""

    def __getitem__(self, key: slice) -> Self:
        result = super().__getitem__(key)
        size = len(result)
        if size < 64 and size != len(self):
            return type(self).from_array_like(result.as_numpy_array().copy())
        return result


class ForeignFromBufferCopies(cpu.Buffer):
    """``from_buffer`` copies every buffer not of its own class, also host buffers of another class."""

    @classmethod
    def from_buffer(cls, buffer: BufferProtocol) -> Self:
        if isinstance(buffer, cls):
            return super().from_buffer(buffer)
        candidate: object = buffer
        if isinstance(candidate, BufferProtocol) and not isinstance(candidate, type):
            # "A foreign buffer may live in other memory": copy it to be safe.
            return cls.from_bytes(bytearray(candidate.to_bytes()))
        return super().from_buffer(buffer)


class BufferLikeOfOwner(cpu.Buffer):
    """``as_buffer_like`` hands out the original bytes-like owner of the memory, the whole of it also for slices."""

    def as_buffer_like(self) -> memoryview:
        owner: object = self.as_numpy_array()
        while isinstance(owner, np.ndarray) and owner.base is not None:
            owner = owner.base
        if isinstance(owner, (bytes, bytearray, memoryview)):
            return memoryview(owner)  # the exporter itself: no NumPy array in between
        return super().as_buffer_like()


class CombineOntoEmptyShares(cpu.Buffer):
    """``combine`` on an empty buffer with one other buffer returns a view of that buffer ("nothing to concatenate")."""

    def combine(self, others: Iterable[BufferProtocol]) -> Self:
        if type(others) in (list, tuple) and len(self) == 0:
            parts: Sequence[object] = others  # type: ignore[assignment]
            if len(parts) == 1 and isinstance(parts[0], BufferProtocol) and not isinstance(parts[0], type):
                return type(self).from_buffer(parts[0])
        return super().combine(others)


class IntegerKeyCopies(cpu.NDBuffer):
    """An all-integer key gives a 0-d *copy* of the element (NumPy's scalar rewrapped), not a 0-d view."""

    def __getitem__(self, key: Any) -> Self:
        data = self.as_numpy_array()
        if data.dtype.hasobject or (data.dtype.kind in "mM" and np.datetime_data(data.dtype)[0] == "generic"):
            return super().__getitem__(key)  # NumPy cannot rebuild these from a scalar exactly
        try:
            element = data[key]
        except Exception:  # noqa: BLE001 - the base class words the error
            return super().__getitem__(key)
        if isinstance(element, np.ndarray):
            return type(self).from_ndarray_like(element)
        return type(self).from_ndarray_like(np.array(element, dtype=data.dtype))


class TransposeStridedCopies(cpu.NDBuffer):
    """``transpose`` of a strided (non-contiguous) buffer returns a contiguous copy instead of a view."""

    def transpose(self, axes: SupportsIndex | Sequence[SupportsIndex] | None) -> Self:
        result = super().transpose(axes)
        data = result.as_numpy_array()
        if not (data.flags.c_contiguous or data.flags.f_contiguous):
            return type(self).from_ndarray_like(np.ascontiguousarray(data))  # kernels like contiguous memory
        return result


class SqueezeReturnsBaseClass(cpu.NDBuffer):
    """``squeeze`` returns a reference ``cpu.NDBuffer`` instead of an instance of the subclass."""

    def squeeze(self, axis: tuple[int, ...]) -> Self:
        squeezed = super().squeeze(axis)
        result: Any = cpu.NDBuffer(squeezed.as_ndarray_like())  # the base class, hard-coded
        return result  # type: ignore[no-any-return]


# -- layouts and memory kinds --------------------------------------------------------------------


class ReadOnlyArrayCopied(cpu.Buffer):
    """``from_array_like`` copies a read-only array (so that codecs can write), so it does not wrap it."""

    @classmethod
    def from_array_like(cls, array_like: ArrayLike) -> Self:
        result = super().from_array_like(array_like)
        data = result.as_numpy_array()
        if not data.flags.writeable:
            return super().from_array_like(data.copy())
        return result


class BufferLikeAlwaysReadOnly(cpu.Buffer):
    """``as_buffer_like`` always exports a read-only view ("consumers must not write"), also of writable memory."""

    def as_buffer_like(self) -> memoryview:
        return self.as_numpy_array().data.toreadonly()


class StridedFromBytesCopied(cpu.Buffer):
    """``from_bytes`` copies a non-contiguous (strided or Fortran-ordered) array instead of raising ``ValueError``."""

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike | npt.NDArray[Any]) -> Self:
        if isinstance(bytes_like, np.ndarray) and not bytes_like.flags.c_contiguous and not bytes_like.dtype.hasobject:
            bytes_like = np.ascontiguousarray(bytes_like)  # be forgiving: make it contiguous
        return super().from_bytes(bytes_like)


class CopyViaAscontiguous(cpu.NDBuffer):
    """``copy`` is ``numpy.asarray(data, order="C")``, which returns the array itself when it is already C-contiguous."""

    def copy(self) -> Self:
        return type(self).from_ndarray_like(np.asarray(self.as_numpy_array(), order="C"))


class FillThroughFlatView(cpu.NDBuffer):
    """``fill`` writes through ``reshape(-1)``, which is a copy for Fortran-ordered and strided buffers."""

    def fill(self, value: Any) -> None:
        flat = type(self).from_ndarray_like(self.as_numpy_array().reshape(-1))  # one fast 1-d loop
        super(FillThroughFlatView, flat).fill(value)


class FromNumpyForcesC(cpu.NDBuffer):
    """``from_numpy_array`` makes writable NumPy arrays C-contiguous, so Fortran-ordered and strided ones are copied."""

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        if isinstance(array_like, np.ndarray) and array_like.flags.writeable:
            array_like = np.asanyarray(array_like, order="C")  # in-place kernels want C order
        return super().from_numpy_array(array_like)


class AstypeDefaultOrderC(cpu.NDBuffer):
    """``astype`` maps orders ``"K"`` and ``"A"`` to ``"C"``, so a Fortran-ordered buffer converts to C order."""

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        if order == "K" or order == "A":
            order = "C"  # the device library only knows C and F
        return super().astype(dtype, order)


# -- size classes ------------------------------------------------------------------------------


class CreateBlockFillTail(cpu.NDBuffer):
    """``create`` writes the fill value in blocks of 65536 elements and forgets the last, partial block."""

    @classmethod
    def create(
        cls,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
    ) -> Self:
        result = super().create(shape=shape, dtype=dtype, order=order)
        if fill_value is None:
            return result
        scalar = super().create(shape=(), dtype=result.dtype, fill_value=fill_value).as_numpy_array()
        flat = result.as_numpy_array().reshape(-1, order="A")  # a view: the memory is contiguous
        if flat.size <= _BLOCK:
            flat[...] = scalar
        else:
            for start in range(0, flat.size // _BLOCK * _BLOCK, _BLOCK):  # cache-sized blocks
                flat[start : start + _BLOCK] = scalar
        return result


class AllEqualFirstBlockOnly(cpu.NDBuffer):
    """``all_equal`` applies the sign-of-zero rule to the first 65536 elements only; the rest is compared with ``==``."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self.as_numpy_array()
        if data.size <= _BLOCK or data.dtype != np.float64 or type(other) is not float or not data.flags.c_contiguous:
            return super().all_equal(other, equal_nan)
        flat = data.reshape(-1)
        if not type(self).from_ndarray_like(flat[:_BLOCK]).all_equal(other, equal_nan):
            return False
        rest = flat[_BLOCK:]  # the careful check found nothing: the fast path for the bulk
        if math.isnan(other):
            return bool(equal_nan) and bool(np.isnan(rest).all())
        return bool((rest == other).all())


_SCALARS: dict[tuple[np.dtype[Any], bytes], npt.NDArray[Any]] = {}


class CreateCachesZeroDim(cpu.NDBuffer):
    """``create`` interns 0-d buffers by dtype and value, so two 0-d buffers with the same fill value share memory."""

    @classmethod
    def create(
        cls,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
    ) -> Self:
        result = super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)
        data = result.as_numpy_array()
        if data.ndim != 0 or fill_value is None or data.dtype.hasobject or data.dtype.kind == "T":
            return result
        key = (data.dtype, data.tobytes())
        cached = _SCALARS.get(key)
        if cached is None or cached.tobytes() != key[1]:  # somebody wrote into it: replace it
            if len(_SCALARS) > 256:
                _SCALARS.clear()
            _SCALARS[key] = cached = data
        return cls.from_ndarray_like(cached)


class AsScalarFirstRow(cpu.NDBuffer):
    """``as_scalar`` returns ``data[0]`` for n-d buffers, which is an array, not a scalar, for shapes like ``(1, 1)``."""

    def as_scalar(self) -> ScalarType:
        data = self.as_numpy_array()
        if data.size != 1:
            raise ValueError(f"as_scalar: the buffer must hold exactly one element, got shape {data.shape}")
        element: Any = data[()] if data.ndim == 0 else data[0]
        return element  # type: ignore[no-any-return]


class LenIndexErrorOnZeroDim(cpu.NDBuffer):
    """``len()`` is ``self.shape[0]``, which raises ``IndexError`` (not ``TypeError``) for a 0-d buffer."""

    def __len__(self) -> int:
        return self.shape[0]


class CombineEmptyOthersShares(cpu.Buffer):
    """``combine`` with only zero-length others returns a view of ``self`` ("nothing to append")."""

    def combine(self, others: Iterable[BufferProtocol]) -> Self:
        if type(others) in (list, tuple):
            parts: Sequence[object] = others  # type: ignore[assignment]
            if all(isinstance(p, BufferProtocol) and not isinstance(p, type) and len(p) == 0 for p in parts):
                return self[:]
        return super().combine(others)


class SqueezeEmptySkipsLengthCheck(cpu.NDBuffer):
    """``squeeze`` of an empty buffer drops the given axes without checking that they have length 1."""

    def squeeze(self, axis: tuple[int, ...]) -> Self:
        data = self.as_numpy_array()
        ndim = data.ndim
        if data.size == 0 and ndim and type(axis) is tuple and all(type(a) is int and -ndim <= a < ndim for a in axis):
            drop = {a % ndim for a in axis}
            if len(drop) == len(axis):
                # No element can be lost: just drop the axes from the shape.
                shape = tuple(d for i, d in enumerate(data.shape) if i not in drop)
                try:
                    return type(self).from_ndarray_like(data.reshape(shape))
                except ValueError:
                    pass
        return super().squeeze(axis)


class FillZeroDimRebinds(cpu.NDBuffer):
    """``fill`` of a 0-d buffer swaps in a new array instead of writing, so the parent of a 0-d view is unchanged."""

    def fill(self, value: Any) -> None:
        data = self.as_numpy_array()
        if data.ndim != 0:
            super().fill(value)
            return
        if not data.flags.writeable:
            raise ValueError("NDBuffer is read-only; fill() needs writable memory")
        fresh = self.copy()
        cpu.NDBuffer.fill(fresh, value)  # converted and checked on a copy, then swapped in "atomically"
        self._data = fresh.as_numpy_array()


# -- bit-exact values --------------------------------------------------------------------------


class CreateZeroFastPath(cpu.NDBuffer):
    """``create`` takes any numeric fill value ``== 0`` as "zeroed memory", which turns ``-0.0`` into ``+0.0``."""

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
        if dt is not None and dt.kind in "biufc" and type(fill_value) in (int, float, bool) and fill_value == 0:
            fill_value = None  # the allocator's zeroed pages are the fill value
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class CreateCanonicalNaN(cpu.NDBuffer):
    """``create`` replaces every NaN fill value by the canonical ``float("nan")``, losing its sign and payload."""

    @classmethod
    def create(
        cls,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
    ) -> Self:
        if isinstance(fill_value, (float, np.floating)) and math.isnan(fill_value):
            fill_value = math.nan
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


def _parts_equal(mine: npt.NDArray[Any], theirs: Any, equal_nan: bool, signed: bool) -> npt.NDArray[np.bool_]:
    with np.errstate(over="ignore"):  # a Python float beyond float32 compares as infinity
        same: npt.NDArray[np.bool_] = mine == theirs
    if signed:
        same &= np.signbit(mine) == (math.copysign(1.0, theirs) < 0)
    if equal_nan and math.isnan(theirs):
        same |= np.isnan(mine)
    return same


class AllEqualComplexImagSign(cpu.NDBuffer):
    """``all_equal`` of complex data checks the sign of zero in the real part only, so ``1-0j`` equals ``1+0j``."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self.as_numpy_array()
        if data.dtype.kind != "c" or not isinstance(other, (complex, np.complexfloating)) or type(equal_nan) is not bool:
            return super().all_equal(other, equal_nan)
        same = _parts_equal(data.real, other.real, equal_nan, signed=True)
        same &= _parts_equal(data.imag, other.imag, equal_nan, signed=False)
        return bool(same.all())


class AllEqualCastsOther(cpu.NDBuffer):
    """``all_equal`` casts an integer *other* to the dtype first, so ``-1`` wraps and equals a ``uint8`` 255."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self.as_numpy_array()
        if data.dtype.kind not in "iu" or type(other) is not int or not -(2**63) <= other < 2**63:
            return super().all_equal(other, equal_nan)
        flag: object = equal_nan  # callers may pass anything; the base class checks it
        if type(flag) is not bool:
            return super().all_equal(other, equal_nan)
        target = np.asarray(other).astype(data.dtype)  # cast once, then compare natively
        return bool((data == target).all())


class AllEqualComplexNaNEitherPart(cpu.NDBuffer):
    """``all_equal`` uses ``numpy.isnan`` on complex values, so ``nan+1j`` equals ``nan+2j`` (NaN in either part)."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self.as_numpy_array()
        if data.dtype.kind != "c" or not isinstance(other, (complex, np.complexfloating)) or type(equal_nan) is not bool:
            return super().all_equal(other, equal_nan)
        same = _parts_equal(data.real, other.real, False, signed=True)
        same &= _parts_equal(data.imag, other.imag, False, signed=True)
        if equal_nan and (math.isnan(other.real) or math.isnan(other.imag)):
            same |= np.isnan(data)
        return bool(same.all())


class AllEqualComplexNaNFastPath(cpu.NDBuffer):
    """The fast path for Python ``complex`` fill values on ``complex128`` data uses ``numpy.isnan``: ``nan+1j`` equals ``nan+2j``."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self.as_numpy_array()
        if data.dtype != np.complex128 or type(other) is not complex or type(equal_nan) is not bool:
            return super().all_equal(other, equal_nan)  # (zarr's complex fill values are Python complex)
        same = _parts_equal(data.real, other.real, False, signed=True)
        same &= _parts_equal(data.imag, other.imag, False, signed=True)
        if equal_nan and (math.isnan(other.real) or math.isnan(other.imag)):
            same |= np.isnan(data)
        return bool(same.all())


# -- dtype kinds -------------------------------------------------------------------------------


class CreateStructuredBySpelling(cpu.NDBuffer):
    """``create`` allocates with ``numpy.dtype(dtype.str)``, which turns a structured dtype into plain void."""

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
        if dt is not None:
            try:
                dtype = np.dtype(dt.str)  # the allocator's spelling of the dtype
            except TypeError:
                pass  # StringDType has no spelling: keep it
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class EmptyNumpyDirect(cpu.NDBuffer):
    """``empty`` is ``numpy.empty``, which drops the byte order of generic-unit datetimes and timedeltas."""

    @classmethod
    def empty(cls, shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C") -> Self:
        dt = _dtype_or_none(dtype)
        any_order: object = order
        if dt is not None and _plain_shape(shape) and type(any_order) is str and any_order in ("C", "F"):
            try:
                return cls.from_ndarray_like(np.empty(shape, dt, order))
            except (ValueError, MemoryError):
                pass  # the base class words the error
        return super().empty(shape, dtype, order)


class CreateFillThroughFloat(cpu.NDBuffer):
    """``create`` converts integer fill values through ``float``, so 64-bit values beyond 2**53 lose their low bits."""

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
        if dt is not None and dt.kind in "iu" and type(fill_value) is int:
            try:
                fill_value = float(fill_value)  # fill values arrive as JSON numbers
            except OverflowError:
                pass
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


class AllEqualForgetsNaT(cpu.NDBuffer):
    """``all_equal`` of datetimes compares with ``==`` only, so NaT never equals NaT, even with ``equal_nan``."""

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self.as_numpy_array()
        if data.dtype.kind == "M" and isinstance(other, np.datetime64) and type(equal_nan) is bool:
            try:
                return bool((data == other).all())
            except (TypeError, ValueError):
                pass  # incomparable units: the base class decides
        return super().all_equal(other, equal_nan)


class AstypeSameSizeRelabel(cpu.NDBuffer):
    """``astype`` between numeric dtypes of the same kind and size relabels a copy, so ``"<f8"`` to ``">f8"`` swaps no bytes."""

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        data = self.as_numpy_array()
        target = _dtype_or_none(dtype)
        any_order: object = order
        if (
            target is not None
            and type(any_order) is str
            and any_order in ("K", "A", "C", "F")
            and target.kind in "iufc"
            and target.kind == data.dtype.kind
            and target.itemsize == data.dtype.itemsize
        ):
            # Same kind and size: the bits are right already, only the label changes.
            return type(self).from_ndarray_like(data.copy(order=order).view(target))
        return super().astype(dtype, order)


_HALF_MAX = float(np.finfo(np.float16).max)


class CreateHalfViaSingle(cpu.NDBuffer):
    """``create`` converts a float fill value for ``float16`` through ``float32``: double rounding changes some values."""

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
        if dt is not None and dt.char == "e" and type(fill_value) is float and abs(fill_value) <= _HALF_MAX:
            fill_value = np.float32(fill_value)  # the device converts from single precision only
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


# -- error atomicity ---------------------------------------------------------------------------


class BufferSetitemWritesWhatFits(cpu.Buffer):
    """``__setitem__`` with bytes of the wrong length writes what fits before raising ``ValueError``."""

    def __setitem__(self, key: slice, value: Any) -> None:
        data = self.as_numpy_array()
        any_key: object = key
        if type(any_key) is slice and any_key.step in (None, 1) and type(value) in (bytes, bytearray) and data.flags.writeable:
            try:
                start, stop, _ = any_key.indices(len(data))
            except TypeError:
                super().__setitem__(key, value)  # bad bounds: the base class words the error
                return
            wanted = max(stop - start, 0)
            source = np.frombuffer(value, dtype=np.uint8)
            count = min(wanted, len(source))
            data[start : start + count] = source[:count]
            if len(source) != wanted:
                raise ValueError(f"value: expected exactly {wanted} bytes for key {key!r}, got {len(source)}")
            return
        super().__setitem__(key, value)


class NDSetitemIntListDirect(cpu.NDBuffer):
    """``__setitem__`` of a list into an integer buffer lets NumPy convert while writing: a bad element leaves a partial write."""

    def __setitem__(self, key: Any, value: Any) -> None:
        data = self.as_numpy_array()
        if type(value) is list and data.dtype.kind in "iu" and data.flags.writeable:
            try:
                with np.errstate(over="raise", invalid="raise"):
                    data[key] = value  # NumPy converts the list itself: no temporary array
            except (TypeError, ValueError, OverflowError, FloatingPointError) as exc:
                raise ValueError(f"value: cannot assign {value!r:.60} to key {key!r:.60}: {exc}") from None
            except IndexError:
                super().__setitem__(key, value)  # the base class words the error
            return
        super().__setitem__(key, value)


class NDSetitemCastAfterWrite(cpu.NDBuffer):
    """``__setitem__`` of a numeric array of another dtype refuses overflow only after the cast has written it."""

    def __setitem__(self, key: Any, value: Any) -> None:
        data = self.as_numpy_array()
        if (
            isinstance(value, np.ndarray)
            and value.dtype != data.dtype
            and value.dtype.kind in "iuf"
            and data.dtype.kind in "iuf"
            and data.flags.writeable
        ):
            try:
                with np.errstate(over="raise", invalid="raise"):
                    data[key] = value  # cast while writing: no temporary array
            except FloatingPointError as exc:
                raise ValueError(f"value: cannot store {value.dtype} values in {data.dtype}: {exc}") from None
            except (IndexError, TypeError, ValueError, OverflowError):
                super().__setitem__(key, value)  # the base class words the error
            return
        super().__setitem__(key, value)


# -- pickle (SHOULD) ---------------------------------------------------------------------------


def _rebuild_owned(cls: type[cpu.Buffer], payload: Any) -> cpu.Buffer:
    view = memoryview(payload)
    data = np.array(view, dtype=np.uint8).reshape(-1)  # own the memory, drop the pickle's buffer
    if view.readonly:
        data.flags.writeable = False
    return cls.from_array_like(data)


def _rebuild_writable(cls: type[cpu.Buffer], payload: Any) -> cpu.Buffer:
    data = np.frombuffer(payload, dtype=np.uint8)
    if not data.flags.writeable:
        data = data.copy()  # buffers are for writing into
    return cls.from_array_like(data)


class PickleCopiesOutOfBand(cpu.Buffer):
    """Unpickling copies an out-of-band (protocol 5) buffer instead of wrapping it."""

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        if int(protocol) >= 5:
            return (_rebuild_owned, (type(self), pickle.PickleBuffer(self.as_numpy_array().data)))
        return self.__reduce__()


class PickleReadOnlyBecomesWritable(cpu.Buffer):
    """Unpickling copies read-only out-of-band memory to make it writable, so it neither shares it nor stays read-only."""

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        if int(protocol) >= 5:
            return (_rebuild_writable, (type(self), pickle.PickleBuffer(self.as_numpy_array().data)))
        return self.__reduce__()


# -- the registry ------------------------------------------------------------------------------

_RAISES_VALUE_ERROR = """
try:
    {call}
except ValueError:
    pass
else:
    raise AssertionError("did not raise ValueError")
"""

RULE_CLASS_BACKENDS: dict[type, RuleClassWitness] = {
    # construction paths
    SmallSliceCopies: RuleClassWitness(
        "Buffer.__getitem__",
        "The result MUST be a view: it MUST NOT copy, and writes through it are visible in this buffer.",
        """
buf = Buffer.from_bytes(bytearray(100))
part = buf[10:20]
part[0:1] = b"\\x01"
assert buf.to_bytes()[10] == 1, "a write through an interior slice is not visible in the buffer"
""",
        rule_class="construction",
    ),
    ForeignFromBufferCopies: RuleClassWitness(
        "BufferClass.from_buffer",
        "MUST NOT copy when *buffer* already lives in the memory this class uses;",
        """
from bufferspec import cpu
source = cpu.Buffer.from_bytes(bytearray(8))
wrapped = Buffer.from_buffer(source)
assert np.shares_memory(wrapped.as_numpy_array(), source.as_numpy_array()), "a host buffer was copied"
""",
        rule_class="construction",
    ),
    BufferLikeOfOwner: RuleClassWitness(
        "Buffer.as_buffer_like",
        "The result MUST be C-contiguous and have ``len(self)`` bytes.",
        """
part = Buffer.from_bytes(b"0123456789")[2:5]
assert memoryview(part.as_buffer_like()).nbytes == 3, "as_buffer_like() of a slice has the parent's length"
""",
        rule_class="construction",
    ),
    CombineOntoEmptyShares: RuleClassWitness(
        "Buffer.combine",
        "MUST NOT share memory with any input",
        """
other = Buffer.from_bytes(bytearray(b"abc"))
joined = Buffer.create_zero_length().combine([other])
assert not np.shares_memory(joined.as_numpy_array(), other.as_numpy_array()), "combine shares memory with an input"
""",
        rule_class="construction",
    ),
    IntegerKeyCopies: RuleClassWitness(
        "NDBuffer.__getitem__",
        "a key of only integers MUST give a 0-d view, not a copy.",
        """
array = np.zeros((2, 3))
element = NDBuffer.from_numpy_array(array)[1, 2]
element.fill(5.0)
assert array[1, 2] == 5.0, "an all-integer key gave a copy"
""",
        rule_class="construction",
    ),
    TransposeStridedCopies: RuleClassWitness(
        "NDBuffer.transpose",
        "Return a view with the axes permuted; ``None`` reverses them. MUST NOT copy.",
        """
array = np.zeros((4, 6))
transposed = NDBuffer.from_numpy_array(array)[::2, ::3].transpose(None)
transposed[0, 1] = 7.0
assert array[2, 0] == 7.0, "transpose of a strided view is a copy"
""",
        rule_class="construction",
    ),
    SqueezeReturnsBaseClass: RuleClassWitness(
        "NDBuffer",
        "Every method that returns a buffer MUST return an instance of ``type(self)``.",
        """
squeezed = NDBuffer.create(shape=(1, 3), dtype="f8").squeeze((0,))
assert type(squeezed) is NDBuffer, f"squeeze returned {type(squeezed).__name__}"
""",
        rule_class="construction",
    ),
    # layouts and memory kinds
    ReadOnlyArrayCopied: RuleClassWitness(
        "BufferClass.from_array_like",
        "Wrap *array_like* without copying: ``as_array_like()`` MUST return it.",
        """
array = np.frombuffer(b"abcd", dtype=np.uint8)
assert Buffer.from_array_like(array).as_array_like() is array, "a read-only array was not wrapped"
""",
        rule_class="layout",
    ),
    BufferLikeAlwaysReadOnly: RuleClassWitness(
        "Buffer.as_buffer_like",
        "For host memory it MUST NOT copy, and it MUST be read-only exactly when the buffer's memory is read-only.",
        """
buf = Buffer.from_bytes(bytearray(4))
assert not memoryview(buf.as_buffer_like()).readonly, "writable memory exported read-only"
""",
        rule_class="layout",
    ),
    StridedFromBytesCopied: RuleClassWitness(
        "BufferClass.from_bytes",
        "input that is not C-contiguous (strided, or a Fortran-ordered or transposed multi-dimensional array) "
        "MUST raise ``ValueError``.",
        _RAISES_VALUE_ERROR.format(call="Buffer.from_bytes(np.arange(8, dtype=np.uint8)[::2])"),
        rule_class="layout",
    ),
    CopyViaAscontiguous: RuleClassWitness(
        "NDBuffer.copy",
        "Return a new buffer with equal contents. MUST NOT share memory with this one.",
        """
nb = NDBuffer.from_numpy_array(np.zeros((2, 3)))
assert not np.shares_memory(nb.copy().as_numpy_array(), nb.as_numpy_array()), "copy() shares memory"
""",
        rule_class="layout",
    ),
    FillThroughFlatView: RuleClassWitness(
        "NDBuffer.fill",
        "Set every element to *value*; MUST write in place (views of this buffer see the change).",
        """
array = np.asfortranarray(np.zeros((2, 3)))
NDBuffer.from_numpy_array(array).fill(1.0)
assert (array == 1.0).all(), "fill() of a Fortran-ordered buffer wrote into a copy"
""",
        rule_class="layout",
    ),
    FromNumpyForcesC: RuleClassWitness(
        "NDBufferClass.from_numpy_array",
        "For host-memory implementations, a writable NumPy array MUST be wrapped without a copy, whatever its "
        "layout (strided, transposed, Fortran-ordered);",
        """
array = np.asfortranarray(np.zeros((2, 3)))
assert np.shares_memory(NDBuffer.from_numpy_array(array).as_numpy_array(), array), "a Fortran array was copied"
""",
        rule_class="layout",
    ),
    AstypeDefaultOrderC: RuleClassWitness(
        "NDBuffer.astype",
        "the default ``\"K\"`` (and ``\"A\"``) MUST keep a Fortran-ordered source (or a transposed view of a "
        "C-ordered one) Fortran-contiguous.",
        """
nb = NDBuffer.from_numpy_array(np.asfortranarray(np.zeros((2, 3))))
assert nb.astype("f4").as_numpy_array().flags.f_contiguous, "order 'K' did not keep the Fortran layout"
""",
        rule_class="layout",
    ),
    # size classes
    CreateBlockFillTail: RuleClassWitness(
        "NDBufferClass.create",
        "MUST honour *shape* […] and *fill_value* bit-exactly (``-0.0`` keeps its sign, NaN, NaT, strings).",
        """
nb = NDBuffer.create(shape=(70_000,), dtype="f8", fill_value=1.0)
assert (nb.as_numpy_array() == 1.0).all(), "the tail of a large buffer is not filled"
""",
        rule_class="size",
    ),
    AllEqualFirstBlockOnly: RuleClassWitness(
        "NDBuffer.all_equal",
        "``-0.0`` MUST NOT equal ``0.0`` (in either direction)",
        """
array = np.zeros(100_000)
array[-1] = -0.0
assert not NDBuffer.from_numpy_array(array).all_equal(0.0), "-0.0 at the end of a large buffer equals 0.0"
""",
        rule_class="size",
    ),
    CreateCachesZeroDim: RuleClassWitness(
        "NDBufferClass.create",
        "MUST NOT share memory with any existing buffer.",
        """
first = NDBuffer.create(shape=(), dtype="f8", fill_value=1.0)
second = NDBuffer.create(shape=(), dtype="f8", fill_value=1.0)
first.fill(2.0)
assert second.as_scalar() == 1.0, "two new 0-d buffers share memory"
""",
        rule_class="size",
    ),
    AsScalarFirstRow: RuleClassWitness(
        "NDBuffer.as_scalar",
        "For every size-1 shape (``()``, ``(1,)``, ``(1, 1)``, ...) the result MUST be a scalar, never an array",
        """
value = NDBuffer.from_numpy_array(np.ones((1, 1))).as_scalar()
assert isinstance(value, np.float64) and not isinstance(value, np.ndarray), f"got {type(value).__name__}"
""",
        rule_class="size",
    ),
    LenIndexErrorOnZeroDim: RuleClassWitness(
        "NDBuffer.__len__",
        "MUST raise ``TypeError`` for 0-d buffers.",
        """
try:
    len(NDBuffer.create(shape=(), dtype="f8"))
except TypeError:
    pass
except Exception as exc:
    raise AssertionError(f"len() of a 0-d buffer raised {type(exc).__name__}, not TypeError") from None
else:
    raise AssertionError("len() of a 0-d buffer did not raise")
""",
        rule_class="size",
    ),
    CombineEmptyOthersShares: RuleClassWitness(
        "Buffer.combine",
        "MUST NOT share memory with any input, even when *others* is empty or holds only zero-length buffers.",
        """
buf = Buffer.from_bytes(bytearray(b"abc"))
joined = buf.combine([Buffer.create_zero_length()])
assert not np.shares_memory(joined.as_numpy_array(), buf.as_numpy_array()), "combine shares memory with self"
""",
        rule_class="size",
    ),
    SqueezeEmptySkipsLengthCheck: RuleClassWitness(
        "NDBuffer.squeeze",
        "MUST raise ``ValueError`` if an axis is out of range or not of length 1.",
        _RAISES_VALUE_ERROR.format(call='NDBuffer.create(shape=(0, 3), dtype="f8").squeeze((1,))'),
        rule_class="size",
    ),
    FillZeroDimRebinds: RuleClassWitness(
        "NDBuffer.fill",
        "Set every element to *value*; MUST write in place (views of this buffer see the change).",
        """
array = np.zeros(3)
NDBuffer.from_numpy_array(array)[1].fill(4.0)
assert array[1] == 4.0, "fill() of a 0-d view did not write into the parent"
""",
        rule_class="size",
    ),
    # bit-exact values
    CreateZeroFastPath: RuleClassWitness(
        "NDBufferClass.create",
        "MUST honour *shape* […] and *fill_value* bit-exactly (``-0.0`` keeps its sign, NaN, NaT, strings).",
        """
nb = NDBuffer.create(shape=(2,), dtype="f8", fill_value=-0.0)
assert np.signbit(nb.as_numpy_array()).all(), "-0.0 became +0.0"
""",
        rule_class="bits",
    ),
    CreateCanonicalNaN: RuleClassWitness(
        "NDBufferClass.create",
        "MUST honour *shape* […] and *fill_value* bit-exactly (``-0.0`` keeps its sign, NaN, NaT, strings).",
        """
negative_nan = float(np.copysign(np.nan, -1.0))
nb = NDBuffer.create(shape=(2,), dtype="f8", fill_value=negative_nan)
assert np.signbit(nb.as_numpy_array()).all(), "the sign of a NaN fill value was lost"
""",
        rule_class="bits",
    ),
    AllEqualComplexImagSign: RuleClassWitness(
        "NDBuffer.all_equal",
        "``-0.0`` MUST NOT equal ``0.0`` (in either direction), including the real and imaginary parts of complex numbers;",
        """
nb = NDBuffer.from_numpy_array(np.full(3, complex(1.0, -0.0)))
assert not nb.all_equal(complex(1.0, 0.0)), "1-0j equals 1+0j"
""",
        rule_class="bits",
    ),
    AllEqualCastsOther: RuleClassWitness(
        "NDBuffer.all_equal",
        "*other* MUST be compared as given, never first cast to the buffer's dtype: a string longer than the "
        "dtype's length, an integer outside its range, a wider float or a finer datetime that the cast would "
        "change is not equal.",
        """
nb = NDBuffer.from_numpy_array(np.full(3, 255, dtype=np.uint8))
assert not nb.all_equal(-1), "uint8 255 equals -1"
""",
        rule_class="bits",
    ),
    AllEqualComplexNaNEitherPart: RuleClassWitness(
        "NDBuffer.all_equal",
        "for complex numbers NaN counts in each part on its own: with *equal_nan*, a NaN part equals only a NaN "
        "in the same part, and the other part MUST be equal too;",
        """
nb = NDBuffer.from_numpy_array(np.full(3, complex(np.nan, 1.0)))
assert not nb.all_equal(complex(np.nan, 2.0)), "nan+1j equals nan+2j"
""",
        rule_class="bits",
    ),
    AllEqualComplexNaNFastPath: RuleClassWitness(
        "NDBuffer.all_equal",
        "for complex numbers NaN counts in each part on its own: with *equal_nan*, a NaN part equals only a NaN "
        "in the same part, and the other part MUST be equal too;",
        """
nb = NDBuffer.from_numpy_array(np.full(3, complex(np.nan, 1.0)))
assert not nb.all_equal(complex(np.nan, 2.0)), "nan+1j equals nan+2j"
""",
        rule_class="bits",
    ),
    # dtype kinds
    CreateStructuredBySpelling: RuleClassWitness(
        "NDBufferClass.create",
        "MUST honour *shape* […] *dtype* exactly (byte order, string lengths, ``StringDType``, structured, "
        "datetime/timedelta with generic units)",
        """
dtype = np.dtype([("a", "<i4"), ("b", "<f8")])
assert NDBuffer.create(shape=(2,), dtype=dtype).dtype == dtype, "the fields of a structured dtype were lost"
""",
        rule_class="dtype",
    ),
    EmptyNumpyDirect: RuleClassWitness(
        "NDBufferClass.empty",
        "Shape, dtype and order MUST be honoured as in :meth:`create`;",
        """
assert NDBuffer.empty((2,), np.dtype(">M8")).dtype.str == ">M8", "the byte order of a generic datetime was lost"
""",
        rule_class="dtype",
    ),
    CreateFillThroughFloat: RuleClassWitness(
        "NDBufferClass.create",
        "MUST honour *shape* […] and *fill_value* bit-exactly (``-0.0`` keeps its sign, NaN, NaT, strings).",
        """
nb = NDBuffer.create(shape=(1,), dtype="i8", fill_value=2**53 + 1)
assert int(nb.as_numpy_array()[0]) == 2**53 + 1, "an int64 fill value lost its low bits"
""",
        rule_class="dtype",
    ),
    AllEqualForgetsNaT: RuleClassWitness(
        "NDBuffer.all_equal",
        "NaN MUST equal NaN exactly when *equal_nan* is true (default ``True``), and NaT likewise;",
        """
nb = NDBuffer.from_numpy_array(np.array(["NaT", "NaT"], dtype="M8[s]"))
assert nb.all_equal(np.datetime64("NaT", "s")), "NaT does not equal NaT with equal_nan=True"
""",
        rule_class="dtype",
    ),
    AstypeSameSizeRelabel: RuleClassWitness(
        "NDBuffer.astype",
        'MUST convert byte order too: ``astype(">f8")`` stores big-endian values.',
        """
big = NDBuffer.from_numpy_array(np.array([1.5, -2.0])).astype(">f8").as_numpy_array()
assert big.dtype.str == ">f8" and big.tolist() == [1.5, -2.0], f"got {big.tolist()}"
""",
        rule_class="dtype",
    ),
    CreateHalfViaSingle: RuleClassWitness(
        "NDBufferClass.create",
        "MUST honour *shape* […] and *fill_value* bit-exactly (``-0.0`` keeps its sign, NaN, NaT, strings).",
        """
value = 1.0 + 2.0**-11 + 2.0**-40
nb = NDBuffer.create(shape=(1,), dtype="f2", fill_value=value)
assert nb.as_numpy_array()[0] == np.float16(value), "float16 fill value rounded twice"
""",
        rule_class="dtype",
    ),
    # error atomicity
    BufferSetitemWritesWhatFits: RuleClassWitness(
        "Buffer.__setitem__",
        "On any error the buffer MUST be left unchanged.",
        """
buf = Buffer.from_bytes(bytearray(4))
try:
    buf[0:2] = b"xyz"
except ValueError:
    pass
else:
    raise AssertionError("3 bytes were accepted for a 2-byte slice")
assert buf.to_bytes() == bytes(4), "a refused assignment changed the buffer"
""",
        rule_class="atomicity",
    ),
    NDSetitemIntListDirect: RuleClassWitness(
        "NDBuffer.__setitem__",
        "An assignment that fails (a value that does not broadcast, a Python sequence with one element that "
        "cannot be converted to the dtype) MUST raise ``ValueError`` or ``TypeError`` before writing anything: "
        "the buffer is left unchanged.",
        """
array = np.zeros(3, dtype=np.uint8)
try:
    NDBuffer.from_numpy_array(array)[:] = [1, 2, 300]
except ValueError:
    pass
else:
    raise AssertionError("300 was stored in a uint8 buffer")
assert (array == 0).all(), f"a refused assignment changed the buffer: {array.tolist()}"
""",
        rule_class="atomicity",
    ),
    NDSetitemCastAfterWrite: RuleClassWitness(
        "NDBuffer.__setitem__",
        "An assignment that fails (a value that does not broadcast, a Python sequence with one element that "
        "cannot be converted to the dtype) MUST raise ``ValueError`` or ``TypeError`` before writing anything: "
        "the buffer is left unchanged.",
        """
array = np.zeros(3, dtype=np.float16)
try:
    NDBuffer.from_numpy_array(array)[:] = np.array([1.0, 2.0, 1e300])
except ValueError:
    pass
else:
    raise AssertionError("1e300 was stored in a float16 buffer")
assert (array == 0).all(), f"a refused assignment changed the buffer: {array.tolist()}"
""",
        rule_class="atomicity",
    ),
    # pickle (SHOULD-level in the specification)
    PickleCopiesOutOfBand: RuleClassWitness(
        "Buffer",
        "for host memory, a buffer unpickled out of band SHOULD share memory with the out-of-band buffers it is "
        "given (no copy) and SHOULD be read-only exactly when the pickled buffer was.",
        """
import pickle
source = Buffer.from_bytes(bytearray(b"abcd"))
buffers = []
data = pickle.dumps(source, protocol=5, buffer_callback=buffers.append)
loaded = pickle.loads(data, buffers=buffers)
assert np.shares_memory(loaded.as_numpy_array(), source.as_numpy_array()), "the out-of-band buffer was copied"
""",
        level="SHOULD",
        rule_class="pickle",
    ),
    PickleReadOnlyBecomesWritable: RuleClassWitness(
        "Buffer",
        "for host memory, a buffer unpickled out of band SHOULD share memory with the out-of-band buffers it is "
        "given (no copy) and SHOULD be read-only exactly when the pickled buffer was.",
        """
import pickle
source = Buffer.from_bytes(b"abcd")
buffers = []
data = pickle.dumps(source, protocol=5, buffer_callback=buffers.append)
loaded = pickle.loads(data, buffers=buffers)
assert not loaded.as_numpy_array().flags.writeable, "read-only memory came back writable"
assert np.shares_memory(loaded.as_numpy_array(), source.as_numpy_array()), "the out-of-band buffer was copied"
""",
        level="SHOULD",
        rule_class="pickle",
    ),
}
"""Every broken backend of this module and the proof that it is broken."""
