"""A held-out corpus of realistic broken backends, one for each of 30 members of Buffer and NDBuffer.

Each class subclasses the reference :class:`bufferspec.cpu.Buffer` or
:class:`bufferspec.cpu.NDBuffer` and breaks exactly one MUST sentence of the
protocol docstrings, the way a backend author would: a fast path with an edge
case, a shortcut through NumPy, a cache, a block boundary, an error path that
writes before it raises.  No two classes break the same member: 14 members of
Buffer and BufferClass, 16 of NDBuffer and NDBufferClass.  They were written
from the specification only, without reading the conformance kit's checks.

:data:`ONE_PER_MEMBER_BACKENDS` maps each class to a
:class:`~conformance.backends.heldout_witness.Witness`: the member it breaks,
the MUST sentence (quoted verbatim, whitespace aside) and a witness, a snippet
that passes with the reference classes bound to ``Buffer``/``NDBuffer`` and
raises ``AssertionError`` with the backend bound instead (``np`` is NumPy in
both namespaces).  ``tests/test_conformance_heldout_one_per_member.py``
executes the witnesses and runs the kit over the corpus.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Literal, Self, SupportsIndex

import numpy as np
import numpy.typing as npt

from bufferspec import cpu
from bufferspec._aliases import BytesLike, ScalarType
from bufferspec.protocols import ArrayLike
from bufferspec.protocols import Buffer as BufferProtocol
from conformance.backends.heldout_witness import Witness

__all__ = ["ONE_PER_MEMBER_BACKENDS"]


_new = object.__new__


# -- Buffer ----------------------------------------------------------------------------------


class FromBytesUnwrapsMemoryview(cpu.Buffer):
    """from_bytes wraps the bytearray behind a whole-object memoryview directly, losing a read-only view's protection."""

    __slots__ = ()

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike | npt.NDArray[Any]) -> Self:
        if (
            type(bytes_like) is memoryview
            and type(bytes_like.obj) is bytearray
            and bytes_like.c_contiguous
            and bytes_like.nbytes == len(bytes_like.obj)
        ):
            # A view of a whole bytearray: wrap the bytearray itself (skips the cast to "B").
            return super().from_bytes(bytes_like.obj)
        return super().from_bytes(bytes_like)


class FromArrayLikeAnyByteDtype(cpu.Buffer):
    """from_array_like takes any one-byte integer or bool array as bytes instead of refusing non-uint8 dtypes."""

    __slots__ = ()

    @classmethod
    def from_array_like(cls, array_like: ArrayLike) -> Self:
        if (
            isinstance(array_like, np.ndarray)
            and array_like.ndim == 1
            and array_like.dtype.itemsize == 1
            and array_like.dtype.kind in "ib"
            and array_like.flags.c_contiguous
        ):
            # One-byte items are bytes already: no need to insist on uint8.
            self = _new(cls)
            self._data = array_like
            return self
        return super().from_array_like(array_like)


class FromBufferCopiesOtherClass(cpu.Buffer):
    """from_buffer shares memory only with its own class and copies host buffers of any other class."""

    __slots__ = ()

    @classmethod
    def from_buffer(cls, buffer: BufferProtocol) -> Self:
        result = super().from_buffer(buffer)
        if not isinstance(buffer, cls):
            # Another implementation's memory: take our own copy so that we own what we hold.
            result._data = result._data.copy()
        return result


class ZeroLengthClassCache(cpu.Buffer):
    """create_zero_length caches its template in a class attribute, so a subclass gets slices of the parent's."""

    __slots__ = ()
    _zero: ClassVar[cpu.Buffer | None] = None

    @classmethod
    def create_zero_length(cls) -> Self:
        if cls._zero is None:
            cls._zero = super().create_zero_length()
        # A slice of the cached empty buffer: a new object each time, no allocation.
        cached: Any = cls._zero
        result: Self = cached[:]
        return result


class AsNumpyArrayAstype(cpu.Buffer):
    """as_numpy_array guarantees the dtype with astype(uint8), which copies by default."""

    __slots__ = ()

    def as_numpy_array(self) -> npt.NDArray[np.uint8]:
        return self._data.astype(np.uint8)


class AsBufferLikeAlwaysReadOnly(cpu.Buffer):
    """as_buffer_like hands out read-only memoryviews so that codecs cannot scribble on writable buffers."""

    __slots__ = ()

    def as_buffer_like(self) -> memoryview:
        return self._data.data.toreadonly()


class ToBytesReturnsSource(cpu.Buffer):
    """to_bytes returns the bytes object a buffer wraps whole instead of a new object."""

    __slots__ = ()

    def to_bytes(self) -> bytes:
        base: object = self._data.base
        if type(base) is bytes and len(base) == len(self._data):
            return base  # bytes are immutable: the wrapped object already is the answer
        return super().to_bytes()


class GetitemStepZero(cpu.Buffer):
    """__getitem__ normalises the step with `key.step or 1`, so a step of 0 passes as 1."""

    __slots__ = ()

    def __getitem__(self, key: slice) -> Self:
        any_key: object = key
        if type(any_key) is slice and (any_key.step or 1) == 1:
            return super().__getitem__(slice(any_key.start, any_key.stop))
        return super().__getitem__(key)


class SetitemBroadcastsOneByte(cpu.Buffer):
    """__setitem__ lets NumPy check uint8 array lengths, and NumPy broadcasts a one-element array."""

    __slots__ = ()

    def __setitem__(self, key: slice, value: Any) -> None:
        any_key: object = key
        if (
            type(any_key) is slice
            and any_key.step is None
            and isinstance(value, np.ndarray)
            and value.dtype == np.uint8
            and value.ndim == 1
        ):
            try:
                self._data[key] = value  # NumPy checks the length and read-only memory
                return
            except (TypeError, ValueError):
                pass  # the reference path raises the message
        super().__setitem__(key, value)


_LENGTHS: dict[int, int] = {}


class LenCachedById(cpu.Buffer):
    """__len__ memoises lengths by id(self), so a buffer reusing a dead buffer's id gets its length."""

    __slots__ = ()

    def __len__(self) -> int:
        key = id(self)
        length = _LENGTHS.get(key)
        if length is None:
            length = _LENGTHS[key] = len(self._data)
        return length


class CombineOntoEmptyShares(cpu.Buffer):
    """combine of an empty buffer with one other buffer returns a buffer over the other's memory."""

    __slots__ = ()

    def combine(self, others: Iterable[BufferProtocol]) -> Self:
        if len(self._data) == 0 and type(others) is list and len(others) == 1:
            only: object = others[0]
            if isinstance(only, cpu.Buffer):
                return type(self).from_buffer(only)  # nothing to concatenate it to
        return super().combine(others)


class AddRaisesTypeError(cpu.Buffer):
    """__add__ raises TypeError itself for a non-Buffer operand instead of returning NotImplemented."""

    __slots__ = ()

    def __add__(self, other: BufferProtocol) -> Self:
        result = super().__add__(other)
        if result is NotImplemented:
            raise TypeError(f"other: can only add a Buffer to a Buffer, not {type(other).__name__}")
        return result


class EqComparesBytesLike(cpu.Buffer):
    """__eq__ compares bytes-like objects by content instead of returning NotImplemented for non-Buffers."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        result = super().__eq__(other)
        if result is NotImplemented and isinstance(other, (bytes, bytearray, memoryview)):
            return self.to_bytes() == bytes(other)
        return result

    __hash__ = None


class HashableByContent(cpu.Buffer):
    """__hash__ hashes the contents, so that buffers can key a codec cache."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self.to_bytes())


# -- NDBuffer --------------------------------------------------------------------------------


class CreateComplexZeroFastPath(cpu.NDBuffer):
    """create takes the zeroed-memory fast path for any complex fill value equal to 0, losing signed zeros."""

    __slots__ = ()

    @classmethod
    def create(
        cls,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
    ) -> Self:
        if type(fill_value) is complex and fill_value == 0 and dtype is not None:
            kind: str = ""
            try:
                kind = np.dtype(dtype).kind
            except TypeError:
                pass
            if kind == "c":
                return super().create(shape=shape, dtype=dtype, order=order)  # zeroed: 0j already
        return super().create(shape=shape, dtype=dtype, order=order, fill_value=fill_value)


_ARENA_BYTES = 1 << 20
_ARENA = np.empty(_ARENA_BYTES, np.uint8)
_ARENA_NEXT = [0]


class EmptyFromArena(cpu.NDBuffer):
    """empty carves scratch arrays out of a 1 MiB arena and wraps around when it is full, overlapping live arrays."""

    __slots__ = ()

    @classmethod
    def empty(
        cls, shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C"
    ) -> Self:
        any_order: object = order
        if (
            type(shape) is tuple
            and all(type(d) is int and d >= 0 for d in shape)
            and any_order in ("C", "F")
            and isinstance(dtype, (str, type, np.dtype))
        ):
            try:
                dt = np.dtype(dtype)
            except TypeError:
                dt = None
            if dt is not None and not dt.hasobject and dt.kind not in "mMT" and dt.itemsize:
                nbytes = math.prod(shape) * dt.itemsize
                if 0 < nbytes <= _ARENA_BYTES:
                    start = (_ARENA_NEXT[0] + 63) & ~63
                    if start + nbytes > _ARENA_BYTES:
                        start = 0  # wrap around: old scratch arrays are long gone
                    _ARENA_NEXT[0] = start + nbytes
                    raw = _ARENA[start : start + nbytes]
                    self = _new(cls)
                    self._data = raw.view(dt).reshape(shape, order=order)
                    return self
        return super().empty(shape, dtype, order)


class FromNumpyCopiesReversed(cpu.NDBuffer):
    """from_numpy_array copies arrays with negative strides, because its kernels walk memory forwards."""

    __slots__ = ()

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        if isinstance(array_like, np.ndarray) and any(s < 0 for s in array_like.strides):
            array_like = array_like.copy(order="K")
        return super().from_numpy_array(array_like)


class AsNdarrayLikeStripsSubclass(cpu.NDBuffer):
    """as_ndarray_like returns a plain-ndarray view of an ndarray subclass instead of the array itself."""

    __slots__ = ()

    def as_ndarray_like(self) -> npt.NDArray[Any]:
        data = self._data
        if type(data) is not np.ndarray:
            return data.view(np.ndarray)  # callers get a plain ndarray, as for every other buffer
        return data


class ReshapeViewsPrefix(cpu.NDBuffer):
    """reshape of contiguous numbers builds np.ndarray(newshape, buffer=...), which accepts fewer elements."""

    __slots__ = ()

    def reshape(self, newshape: tuple[int, ...] | Literal[-1]) -> Self:
        data = self._data
        if (
            type(newshape) is tuple
            and all(type(d) is int and d >= 0 for d in newshape)
            and data.flags.c_contiguous
            and data.dtype.kind in "biuf"
        ):
            try:
                view: npt.NDArray[Any] = np.ndarray(newshape, data.dtype, buffer=data)  # no copy
            except (TypeError, ValueError):
                pass  # too small, or not exportable: the reference path
            else:
                result = _new(type(self))
                result._data = view
                return result
        return super().reshape(newshape)


class SqueezeWrapsAxes(cpu.NDBuffer):
    """squeeze normalises axes with `axis % ndim`, so an out-of-range axis wraps onto a real one."""

    __slots__ = ()

    def squeeze(self, axis: tuple[int, ...]) -> Self:
        ndim = self._data.ndim
        any_axis: object = axis
        if type(any_axis) is tuple and ndim and all(type(a) is int for a in any_axis):
            axis = tuple(a % ndim for a in any_axis)  # negative axes count from the end
        return super().squeeze(axis)


_SMALL = 4096


class TransposeSmallCopies(cpu.NDBuffer):
    """transpose makes small non-contiguous results contiguous, a copy, because they are faster to read."""

    __slots__ = ()

    def transpose(self, axes: SupportsIndex | Sequence[SupportsIndex] | None) -> Self:
        result = super().transpose(axes)
        data = result._data
        if data.ndim > 1 and data.size <= _SMALL and not data.flags.c_contiguous:
            result._data = np.ascontiguousarray(data)
        return result


class AstypeIgnoresByteOrder(cpu.NDBuffer):
    """astype to the same number type in the other byte order makes a plain copy, keeping the source byte order."""

    __slots__ = ()

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        source = self._data.dtype
        if isinstance(dtype, (str, np.dtype)):
            try:
                target = np.dtype(dtype)
            except TypeError:
                target = None
            if (
                target is not None
                and target.kind in "iuf"
                and target.kind == source.kind
                and target.itemsize == source.itemsize
                and target != source
            ):
                return super().astype(source, order)  # the same type: a plain copy will do
        return super().astype(dtype, order)


class CopyReturnsReferenceClass(cpu.NDBuffer):
    """copy builds its result with cpu.NDBuffer instead of type(self)."""

    __slots__ = ()

    def copy(self) -> Self:
        result: Any = cpu.NDBuffer.from_ndarray_like(self._data.copy(order="K"))
        return result  # type: ignore[no-any-return]


class FillStringsRebinds(cpu.NDBuffer):
    """fill of string buffers rebinds a np.full_like array instead of writing in place."""

    __slots__ = ()

    def fill(self, value: Any) -> None:
        data = self._data
        if data.dtype.kind in "US" and data.flags.writeable and isinstance(value, (str, bytes)):
            self._data = np.full_like(data, value)  # pads and truncates as NumPy assigns strings
            return
        super().fill(value)


class GetitemIntegerTupleCopies(cpu.NDBuffer):
    """__getitem__ with a full tuple of integers wraps the element with np.asarray, a 0-d copy."""

    __slots__ = ()

    def __getitem__(self, key: Any) -> Self:
        data = self._data
        if (
            type(key) is tuple
            and len(key) == data.ndim
            and key
            and not data.dtype.hasobject
            and all(type(k) is int or isinstance(k, np.integer) for k in key)
        ):
            try:
                element = data[key]
            except IndexError:
                return super().__getitem__(key)  # the reference message
            result = _new(type(self))
            result._data = np.asarray(element)
            return result
        return super().__getitem__(key)


class SetitemIntListDirect(cpu.NDBuffer):
    """__setitem__ hands lists of Python ints straight to NumPy, which writes elements until one overflows."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        data = self._data
        if (
            type(value) is list
            and data.dtype.kind in "iu"
            and data.flags.writeable
            and all(type(v) is int for v in value)
        ):
            try:
                data[key] = value  # NumPy converts the ints as it writes
                return
            except (TypeError, ValueError, OverflowError):
                pass  # the reference path raises the usual error
        super().__setitem__(key, value)


class LenOfZeroDimIsOne(cpu.NDBuffer):
    """__len__ of a 0-d buffer returns 1 (its one element) instead of raising TypeError."""

    __slots__ = ()

    def __len__(self) -> int:
        shape = self._data.shape
        return shape[0] if shape else 1


_BLOCK = 65536


class AllEqualSkipsTail(cpu.NDBuffer):
    """all_equal of long integer vectors scans whole 64 Ki blocks only, skipping the tail."""

    __slots__ = ()

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        data = self._data
        flag: object = equal_nan  # callers may pass anything
        if (
            type(other) is int
            and type(flag) is bool
            and data.dtype.kind in "iu"
            and data.ndim == 1
            and data.flags.c_contiguous
            and data.size > _BLOCK
        ):
            for start in range(0, data.size - _BLOCK + 1, _BLOCK):
                if not bool((data[start : start + _BLOCK] == other).all()):
                    return False  # stop at the first difference
            return True
        return super().all_equal(other, equal_nan)


_DTYPES: dict[str, np.dtype[Any]] = {}


class DtypeCachedByChar(cpu.NDBuffer):
    """dtype hands out one dtype object per type character, so byte order and string length come from the first seen."""

    __slots__ = ()

    @property
    def dtype(self) -> np.dtype[Any]:
        dt = self._data.dtype
        return _DTYPES.setdefault(dt.char, dt)


class AsScalarFirstElement(cpu.NDBuffer):
    """as_scalar refuses only empty buffers and returns the first element of larger ones."""

    __slots__ = ()

    def as_scalar(self) -> ScalarType:
        data = self._data
        if data.size == 0:
            raise ValueError(f"as_scalar: the buffer is empty (shape {data.shape})")
        scalar: ScalarType = data.flat[0]
        return scalar


# -- the corpus ------------------------------------------------------------------------------


ONE_PER_MEMBER_BACKENDS: dict[type[Any], Witness] = {
    FromBytesUnwrapsMemoryview: Witness(
        "from_bytes",
        "Host-memory implementations MUST NOT copy: a buffer made from ``bytes`` is read-only and one "
        "made from a ``bytearray`` aliases it; one made from other read-only memory is read-only too",
        "ba = bytearray(b'abcd')\n"
        "b = Buffer.from_bytes(memoryview(ba).toreadonly())\n"
        "assert not b.as_numpy_array().flags.writeable\n",
    ),
    FromArrayLikeAnyByteDtype: Witness(
        "from_array_like",
        "MUST raise ``ValueError`` if the array is not one-dimensional, not of dtype ``uint8`` or not contiguous",
        "try:\n"
        "    Buffer.from_array_like(np.zeros(3, np.int8))\n"
        "except ValueError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('an int8 array was accepted')\n",
    ),
    FromBufferCopiesOtherClass: Witness(
        "from_buffer",
        "MUST NOT copy when *buffer* already lives in the memory this class uses",
        "import bufferspec.cpu as ref\n"
        "src = ref.Buffer.from_bytes(bytearray(b'abcd'))\n"
        "b = Buffer.from_buffer(src)\n"
        "assert np.shares_memory(b.as_numpy_array(), src.as_numpy_array())\n",
    ),
    ZeroLengthClassCache: Witness(
        "create_zero_length",
        "its length MUST be 0 and it MUST be an instance of this class",
        "Buffer.create_zero_length()\n"
        "class Sub(Buffer):\n"
        "    __slots__ = ()\n"
        "z = Sub.create_zero_length()\n"
        "assert isinstance(z, Sub) and len(z) == 0, type(z)\n",
    ),
    AsNumpyArrayAstype: Witness(
        "as_numpy_array",
        "For host memory this MUST NOT copy (the result shares memory with the buffer)",
        "ba = bytearray(b'abcd')\n"
        "b = Buffer.from_bytes(ba)\n"
        "assert np.shares_memory(b.as_numpy_array(), b.as_array_like())\n",
    ),
    AsBufferLikeAlwaysReadOnly: Witness(
        "as_buffer_like",
        "it MUST be read-only exactly when the buffer's memory is read-only",
        "b = Buffer.from_bytes(bytearray(b'abc'))\n"
        "assert not memoryview(b.as_buffer_like()).readonly\n",
    ),
    ToBytesReturnsSource: Witness(
        "to_bytes",
        "Return the contents as ``bytes``. MUST return a new object (always copies).",
        "s = bytes(range(10))\n"
        "assert Buffer.from_bytes(s).to_bytes() is not s\n",
    ),
    GetitemStepZero: Witness(
        "__getitem__",
        "The key MUST be a ``slice`` (else ``TypeError``) whose step is ``None`` or ``1`` (else ``ValueError``).",
        "b = Buffer.from_bytes(b'abcd')\n"
        "try:\n"
        "    b[0:2:0]\n"
        "except ValueError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('step 0 was accepted')\n",
    ),
    SetitemBroadcastsOneByte: Witness(
        "__setitem__",
        "MUST have exactly as many bytes as the slice selects (else ``ValueError``; "
        "a value is never broadcast, not even a single byte",
        "b = Buffer.from_bytes(bytearray(4))\n"
        "try:\n"
        "    b[0:4] = np.array([7], np.uint8)\n"
        "except ValueError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('one byte was broadcast')\n"
        "assert b.to_bytes() == bytes(4)\n",
    ),
    LenCachedById: Witness(
        "__len__",
        "The number of bytes; MUST equal the size of :meth:`as_numpy_array`.",
        "for n in range(64):\n"
        "    b = Buffer.from_bytes(bytes(n))\n"
        "    assert len(b) == b.as_numpy_array().size == n, (len(b), n)\n",
    ),
    CombineOntoEmptyShares: Witness(
        "combine",
        "MUST NOT share memory with any input, even when *others* is empty or holds only zero-length buffers.",
        "e = Buffer.create_zero_length()\n"
        "o = Buffer.from_bytes(bytearray(b'ab'))\n"
        "r = e.combine([o])\n"
        "assert r.to_bytes() == b'ab'\n"
        "assert not np.shares_memory(r.as_numpy_array(), o.as_numpy_array())\n",
    ),
    AddRaisesTypeError: Witness(
        "__add__",
        "A non-Buffer operand MUST make ``self + other`` raise ``TypeError`` by returning "
        "``NotImplemented`` (so an operand with ``__radd__`` answers instead).",
        "class R:\n"
        "    def __radd__(self, other):\n"
        "        return 'radd'\n"
        "try:\n"
        "    result = Buffer.from_bytes(b'a') + R()\n"
        "except TypeError as exc:\n"
        "    raise AssertionError('__radd__ was never asked') from exc\n"
        "assert result == 'radd'\n",
    ),
    EqComparesBytesLike: Witness(
        "__eq__",
        'For objects that are not Buffers this MUST return ``NotImplemented`` (so ``buf == b"..."`` '
        "is ``False``, never an error).",
        "assert (Buffer.from_bytes(b'ab') == b'ab') is False\n",
    ),
    HashableByContent: Witness(
        "__hash__",
        "MUST be unhashable (it is mutable) and compare by content with ``==``",
        "try:\n"
        "    hash(Buffer.from_bytes(b'ab'))\n"
        "except TypeError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('hashable')\n",
    ),
    CreateComplexZeroFastPath: Witness(
        "create",
        "MUST honour *shape* (any iterable of non-negative integers, ``()`` and zero-length dimensions "
        "included), *dtype* exactly (byte order, string lengths, ``StringDType``, structured, "
        'datetime/timedelta with generic units), *order* (``"C"`` gives C-contiguous, ``"F"`` '
        "F-contiguous memory) and *fill_value* bit-exactly (``-0.0`` keeps its sign, NaN, NaT, strings).",
        "n = NDBuffer.create(shape=(3,), dtype='c16', fill_value=complex(0.0, -0.0))\n"
        "assert np.signbit(n.as_numpy_array().imag).all()\n",
    ),
    EmptyFromArena: Witness(
        "empty",
        "the result MUST NOT share memory with any existing buffer.",
        "a = NDBuffer.empty((700_000,), 'u1')\n"
        "b = NDBuffer.empty((700_000,), 'u1')\n"
        "assert not np.shares_memory(a.as_numpy_array(), b.as_numpy_array())\n",
    ),
    FromNumpyCopiesReversed: Witness(
        "from_numpy_array",
        "a writable NumPy array MUST be wrapped without a copy, whatever its layout (strided, "
        "transposed, Fortran-ordered)",
        "a = np.arange(6.0)[::-1]\n"
        "n = NDBuffer.from_numpy_array(a)\n"
        "assert np.shares_memory(n.as_numpy_array(), a)\n",
    ),
    AsNdarrayLikeStripsSubclass: Witness(
        "as_ndarray_like",
        "MUST NOT copy (``from_ndarray_like(x).as_ndarray_like() is x``)",
        "class Sub(np.ndarray):\n"
        "    pass\n"
        "x = np.zeros(3).view(Sub)\n"
        "assert NDBuffer.from_ndarray_like(x).as_ndarray_like() is x\n",
    ),
    ReshapeViewsPrefix: Witness(
        "reshape",
        "MUST raise ``ValueError`` when the sizes differ.",
        "n = NDBuffer.from_numpy_array(np.arange(6))\n"
        "try:\n"
        "    n.reshape((2, 2))\n"
        "except ValueError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('6 elements reshaped to 4')\n",
    ),
    SqueezeWrapsAxes: Witness(
        "squeeze",
        "MUST raise ``ValueError`` if an axis is out of range or not of length 1.",
        "n = NDBuffer.create(shape=(1, 2, 1), dtype='i1', fill_value=0)\n"
        "try:\n"
        "    n.squeeze((3,))\n"
        "except ValueError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('axis 3 of a 3-d buffer was accepted')\n",
    ),
    TransposeSmallCopies: Witness(
        "transpose",
        "``None`` reverses them. MUST NOT copy.",
        "a = np.zeros((2, 3))\n"
        "t = NDBuffer.from_numpy_array(a).transpose(None)\n"
        "assert np.shares_memory(t.as_numpy_array(), a)\n",
    ),
    AstypeIgnoresByteOrder: Witness(
        "astype",
        'MUST convert byte order too: ``astype(">f8")`` stores big-endian values.',
        "n = NDBuffer.from_numpy_array(np.array([1.0, 2.0], dtype='<f8'))\n"
        "r = n.astype('>f8')\n"
        "assert r.as_numpy_array().dtype == np.dtype('>f8'), r.as_numpy_array().dtype\n"
        "assert r.as_numpy_array().tolist() == [1.0, 2.0]\n",
    ),
    CopyReturnsReferenceClass: Witness(
        "copy",
        "Every method that returns a buffer MUST return an instance of ``type(self)``.",
        "n = NDBuffer.create(shape=(2,), dtype='f8', fill_value=1.0)\n"
        "assert type(n.copy()) is NDBuffer\n",
    ),
    FillStringsRebinds: Witness(
        "fill",
        "MUST write in place (views of this buffer see the change)",
        "n = NDBuffer.create(shape=(3,), dtype='U3', fill_value='a')\n"
        "view = n[0:2]\n"
        "n.fill('b')\n"
        "assert view.as_numpy_array().tolist() == ['b', 'b']\n",
    ),
    GetitemIntegerTupleCopies: Witness(
        "__getitem__",
        "a key of only integers MUST give a 0-d view, not a copy.",
        "a = np.zeros((2, 2))\n"
        "v = NDBuffer.from_numpy_array(a)[1, 1]\n"
        "assert v.shape == ()\n"
        "assert np.shares_memory(v.as_numpy_array(), a)\n",
    ),
    SetitemIntListDirect: Witness(
        "__setitem__",
        "MUST raise ``ValueError`` or ``TypeError`` before writing anything: the buffer is left unchanged.",
        "n = NDBuffer.create(shape=(3,), dtype='i8', fill_value=0)\n"
        "try:\n"
        "    n[:] = [1, 2, 2**70]\n"
        "except (ValueError, TypeError):\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('2**70 was stored')\n"
        "assert n.as_numpy_array().tolist() == [0, 0, 0], n.as_numpy_array()\n",
    ),
    LenOfZeroDimIsOne: Witness(
        "__len__",
        "The length of the first dimension. MUST raise ``TypeError`` for 0-d buffers.",
        "n = NDBuffer.create(shape=(), dtype='f8', fill_value=0.0)\n"
        "try:\n"
        "    len(n)\n"
        "except TypeError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('len() of a 0-d buffer')\n",
    ),
    AllEqualSkipsTail: Witness(
        "all_equal",
        "every element MUST count, whatever the buffer's size and memory layout (C or Fortran order, "
        "strided views, rows longer than any block)",
        "a = np.zeros(65536 + 10, dtype='i4')\n"
        "a[-1] = 1\n"
        "assert not NDBuffer.from_numpy_array(a).all_equal(0)\n",
    ),
    DtypeCachedByChar: Witness(
        "dtype",
        "MUST honour *shape* (any iterable of non-negative integers, ``()`` and zero-length dimensions "
        "included), *dtype* exactly (byte order, string lengths,",
        "little = NDBuffer.create(shape=(1,), dtype='<i4', fill_value=0)\n"
        "big = NDBuffer.create(shape=(1,), dtype='>i4', fill_value=0)\n"
        "assert little.dtype == np.dtype('<i4'), little.dtype\n"
        "assert big.dtype == np.dtype('>i4'), big.dtype\n",
    ),
    AsScalarFirstElement: Witness(
        "as_scalar",
        "MUST raise ``ValueError`` unless ``size == 1``.",
        "n = NDBuffer.from_numpy_array(np.array([1.0, 2.0]))\n"
        "try:\n"
        "    n.as_scalar()\n"
        "except ValueError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('as_scalar of two elements')\n",
    ),
}
