"""The n-dimensional buffer: instance protocol :class:`NDBuffer`, class protocol :class:`NDBufferClass`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal, SupportsIndex

import numpy as np
import numpy.typing as npt
from typing_extensions import Protocol, Self, runtime_checkable

from bufferspec._aliases import Endian, ScalarType
from bufferspec._arraylike import NDArrayLike
from bufferspec._runtime_check import CachedProtocolMeta

__all__ = ["NDBuffer", "NDBufferClass"]


@runtime_checkable
class NDBuffer(Protocol, metaclass=CachedProtocolMeta):
    """An n-dimensional, typed block of memory in some kind of memory.

    An NDBuffer wraps one :class:`NDArrayLike`.  Unlike a Buffer it MAY be
    non-contiguous (a strided view).  Every method that returns a buffer MUST
    return an instance of ``type(self)``.  Equality is identity (NDBuffers are
    hashable); compare contents with :meth:`all_equal` or through
    :meth:`as_numpy_array`.

    Every rule holds for every buffer, however it was made and laid out: C or
    Fortran order, read-only memory, views from ``__getitem__``, ``transpose``
    and ``reshape``, strided and reversed views, copies; at every size: 0-d,
    size 0, size 1, and sizes far beyond any block an implementation
    processes at a time (the kit draws arrays of over 64 Ki elements); and
    for every dtype kind the backend holds (bool, every integer size, f2/f4/f8,
    complex, datetime and timedelta units, bytes, str, void, structured,
    object).  Values that go in and come back unconverted (round trips,
    copies, views, ``fill``, ``__setitem__`` with the buffer's dtype,
    ``as_scalar``) MUST keep their bits: NaN payloads and signs, signed
    zeros, each part of a complex number.

    For host memory an NDBuffer over contiguous memory SHOULD pickle without
    copying: unpickled out of band (protocol 5) it shares memory with the
    out-of-band buffers it is given.  Unpickled by any protocol, in band or
    out of band, it SHOULD be read-only exactly when the pickled buffer was.
    """

    def as_ndarray_like(self) -> NDArrayLike:
        """Return the underlying array. MUST NOT copy (``from_ndarray_like(x).as_ndarray_like() is x``)."""
        ...

    def as_numpy_array(self) -> npt.NDArray[Any]:
        """Return the contents as a NumPy array in host memory.

        For host memory this MUST NOT copy; device memory MAY be copied.
        """
        ...

    def as_scalar(self) -> ScalarType:
        """Return the only element as a scalar of the buffer's dtype.

        MUST raise ``ValueError`` unless ``size == 1``.  For every size-1
        shape (``()``, ``(1,)``, ``(1, 1)``, ...) the result MUST be a scalar,
        never an array: a NumPy scalar (``dtype.type``), or the Python object
        NumPy itself returns for dtypes without a NumPy scalar type (``str``
        for ``StringDType``, the element itself for ``object``).
        """
        ...

    @property
    def dtype(self) -> np.dtype[Any]:
        """The element type."""
        ...

    @property
    def shape(self) -> tuple[int, ...]:
        """The length of every dimension."""
        ...

    @property
    def byteorder(self) -> Endian:
        """The byte order of the elements.

        ``"little"`` for dtype byte order ``<``, ``"big"`` for ``>``, and the
        host's order (:data:`sys.byteorder`) for ``=`` (native) and ``|``
        (not applicable, such as ``uint8``, strings and structured dtypes).
        """
        ...

    def reshape(self, newshape: tuple[int, ...] | Literal[-1]) -> Self:
        """Return the elements in C order with a new shape.

        A bare ``-1`` means "flatten".  MUST raise ``ValueError`` when the sizes
        differ.  SHOULD raise ``TypeError`` for a shape that is not integers.
        SHOULD be a view when the memory layout allows.
        """
        ...

    def squeeze(self, axis: tuple[int, ...]) -> Self:
        """Return a view without the given length-1 axes.

        MUST raise ``ValueError`` if an axis is out of range or not of length 1.
        """
        ...

    def transpose(self, axes: SupportsIndex | Sequence[SupportsIndex] | None) -> Self:
        """Return a view with the axes permuted; ``None`` reverses them. MUST NOT copy."""
        ...

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = ...) -> Self:
        """Return a new buffer with the values converted to *dtype*.

        MUST always copy (even to the same dtype) and MUST convert byte order
        too: ``astype(">f8")`` stores big-endian values.  *order* is the memory
        layout of the result, as in NumPy: ``"C"``/``"F"`` C-/Fortran-contiguous,
        and the default ``"K"`` (and ``"A"``) MUST keep a Fortran-ordered source
        (or a transposed view of a C-ordered one) Fortran-contiguous.  A
        generic-unit target (``"M8"``, ``">m8"``) of data of the same kind
        MUST keep the data's unit and values, in the target's byte order.
        Values that cannot be converted (``"abc"`` to an integer) SHOULD raise
        ``ValueError`` or ``TypeError``.
        """
        ...

    def copy(self) -> Self:
        """Return a new buffer with equal contents. MUST NOT share memory with this one.

        For host memory the copy SHOULD keep the memory layout, as NumPy's
        ``copy(order="K")``: a Fortran-ordered buffer gives a Fortran-ordered copy.
        """
        ...

    def fill(self, value: Any) -> None:
        """Set every element to *value*; MUST write in place (views of this buffer see the change).

        *value* is stored as NumPy converts it, as :meth:`NDBufferClass.create`'s
        *fill_value*, and a value it refuses there SHOULD be refused here with
        ``ValueError``, leaving the buffer unchanged.
        """
        ...

    def __getitem__(self, key: Any, /) -> Self:
        """Index with NumPy semantics and return a buffer of ``type(self)``.

        Integers, slices, tuples, ``Ellipsis``, ``None`` (new axis) and
        integer/boolean arrays MUST work.  Basic indexing MUST return a view
        (no copy); a key of only integers MUST give a 0-d view, not a copy.
        """
        ...

    def __setitem__(self, key: Any, value: Any, /) -> None:
        """Assign *value* (broadcast as in NumPy) to the selected elements, in place.

        *value* MAY be a scalar, an array, or **any** conforming NDBuffer (of any
        class), which MUST be unwrapped (its contents written, not the object).
        An assignment that fails (a value that does not broadcast, a Python
        sequence with one element that cannot be converted to the dtype) MUST
        raise ``ValueError`` or ``TypeError`` before writing anything: the
        buffer is left unchanged.

        A list or tuple is converted element by element as NumPy converts it;
        into an object array its elements are stored, not the sequence.  A
        value the dtype cannot hold, as a scalar, sequence, array or NDBuffer
        (beyond a float's range, NaN or infinity for integers, a complex value
        with a non-zero imaginary part for real data or records with real
        fields), SHOULD raise ``ValueError`` instead of being stored as
        something else (``inf``, an arbitrary integer, the real part); complex
        values whose imaginary parts are zero SHOULD be stored as their real
        parts.  An out-of-range index SHOULD raise ``IndexError``.
        """
        ...

    def __len__(self) -> int:
        """The length of the first dimension. MUST raise ``TypeError`` for 0-d buffers."""
        ...

    def all_equal(self, other: Any, equal_nan: bool = ...) -> bool:
        """Whether every element is equal to *other* (a scalar, or an array that broadcasts).

        This predicate decides whether a chunk equals the fill value and can be
        skipped, so "equal" means "indistinguishable when read back":

        * ``other is None`` MUST give ``False``;
        * NaN MUST equal NaN exactly when *equal_nan* is true (default ``True``),
          and NaT likewise;
        * ``-0.0`` MUST NOT equal ``0.0`` (in either direction), including the
          real and imaginary parts of complex numbers;
        * an empty buffer is equal to anything except ``None``;
        * for complex numbers NaN counts in each part on its own: with
          *equal_nan*, a NaN part equals only a NaN in the same part, and the
          other part MUST be equal too;
        * strings, bytes, booleans and structured values compare element by
          element (structured fields with the rules above);
        * *other* MUST be compared as given, never first cast to the buffer's
          dtype: a string longer than the dtype's length, an integer outside
          its range, a wider float or a finer datetime that the cast would
          change is not equal.  A ``longdouble`` keeps its precision (one
          below ``float64``'s range is not zero);
        * every element MUST count, whatever the buffer's size and memory
          layout (C or Fortran order, strided views, rows longer than any
          block), and an array *other* MUST be compared element by element
          by the same rules;
        * real data and complex data MUST compare with each other as complex
          numbers whose real side has an imaginary part of ``+0.0``;
        * a Python ``int``, ``float`` or ``complex`` MUST be compared as NumPy
          compares it with the data (NEP 50: a Python float or complex in the
          data's precision); an integer beyond 64 bits equals no integer
          element, compares with float elements as a Python float of its
          value (beyond ``float64``'s range: not equal) and with object
          elements by ``==``;
        * for structured data a tuple MUST be one record, and a structured
          *other* with the same field names MUST be compared field by field,
          each field as given; a record the data cannot hold is not equal.  A
          structured *other* with other field names SHOULD be compared after
          NumPy's cast to the buffer's dtype (fields by position).  For other
          data a tuple is an array, compared as given;
        * an element that cannot be compared with *other* (its ``==`` raises,
          or the comparison gives no element-wise answer) MUST count as not
          equal, without raising.

        *equal_nan* SHOULD be a ``bool`` or NumPy bool (which acts as the bool
        it is); another value SHOULD raise ``TypeError``.  An array *other*
        that does not broadcast to the buffer's shape, or an *other* that
        NumPy cannot make an array of (a ragged list), SHOULD raise
        ``ValueError``.  Implementations SHOULD stop at the first difference
        and SHOULD NOT allocate temporaries the size of the buffer.
        """
        ...


@runtime_checkable
class NDBufferClass(Protocol, metaclass=CachedProtocolMeta):
    """The class-level (constructor) side of an :class:`NDBuffer` implementation.

    Satisfied by an NDBuffer *class* through its classmethods, so that
    ``issubclass(MyNDBuffer, NDBufferClass)`` works at runtime and
    ``x: NDBufferClass = MyNDBuffer`` under a type checker.
    """

    def create(
        self,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = ...,
        fill_value: Any | None = ...,
    ) -> NDBuffer:
        """Allocate a new buffer. All arguments are keyword-only.

        MUST honour *shape* (any iterable of non-negative integers, ``()`` and
        zero-length dimensions included), *dtype* exactly (byte order, string
        lengths, ``StringDType``, structured, datetime/timedelta with generic
        units), *order* (``"C"`` gives C-contiguous, ``"F"`` F-contiguous
        memory) and *fill_value* bit-exactly (``-0.0`` keeps its sign, NaN,
        NaT, strings).  With ``fill_value=None`` the contents are unspecified.
        MUST NOT share memory with any existing buffer.

        A *fill_value* of another type (a Python or NumPy scalar, a 0-d array)
        MUST be stored as NumPy converts it to the dtype (``0`` is ``"0"`` in a
        string dtype, the epoch in a datetime).  A fill value the dtype cannot
        hold (beyond a float's range, NaN or infinity for integers, a complex
        value with a non-zero imaginary part for real data, a date for a
        generic-unit datetime) or that is not one scalar SHOULD raise
        ``ValueError``; so SHOULD an *order* other than ``"C"``/``"F"``, a
        negative dimension or a shape no memory can hold.
        """
        ...

    def empty(
        self, shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = ...
    ) -> NDBuffer:
        """Allocate a new buffer whose contents MAY be uninitialised.

        Shape, dtype and order MUST be honoured as in :meth:`create`; the
        result MUST NOT share memory with any existing buffer.
        """
        ...

    def from_ndarray_like(self, ndarray_like: NDArrayLike, /) -> NDBuffer:
        """Wrap *ndarray_like* without copying: ``as_ndarray_like()`` MUST return it.

        "It" is the very object: an array of a subclass of the backend's array
        type (an ``ndarray`` subclass for NumPy arrays) is neither copied nor
        converted.

        Something that is not an array of the backend (a list, bytes) SHOULD
        raise ``TypeError``: :meth:`from_numpy_array` is the method that converts.
        """
        ...

    def from_numpy_array(self, array_like: npt.ArrayLike, /) -> NDBuffer:
        """Return a buffer of anything :func:`numpy.asanyarray` accepts.

        For host-memory implementations, a writable NumPy array MUST be
        wrapped without a copy, whatever its layout (strided, transposed,
        Fortran-ordered); a read-only array SHOULD be wrapped without a copy
        too, and stay read-only (a backend whose arrays cannot be read-only
        copies it instead).  What :func:`numpy.asanyarray` refuses (a ragged
        nested list) SHOULD raise ``ValueError``.
        """
        ...
