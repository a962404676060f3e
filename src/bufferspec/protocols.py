"""The bufferspec specification, as runtime-checkable protocols.

Nothing here needs to be inherited: a backend conforms by *shape*.  Every
docstring is normative; MUST, MUST NOT, SHOULD and MAY are used as in RFC 2119.

=======================  ======================================================
``ArrayLike``            the 1-d ``uint8`` array behind a :class:`Buffer`
``NDArrayLike``          the n-d array behind an :class:`NDBuffer`
``Buffer``               a flat block of bytes (instance side)
``BufferClass``          the constructors of a Buffer class (class side)
``NDBuffer``             an n-d typed block of memory (instance side)
``NDBufferClass``        the constructors of an NDBuffer class (class side)
``BufferPrototype``      the pair of classes to allocate with
``BytesLike``            any :pep:`688` buffer-protocol object
``Endian``               ``"little"`` or ``"big"``
``ScalarType``           what :meth:`NDBuffer.as_scalar` returns
=======================  ======================================================

Errors: a member given an argument it does not accept MUST raise the
exception its documentation names and MUST leave every object unchanged; the
exception's message SHOULD name the argument (``shape``, ``dtype``,
``value``, ...), so that a user sees what was wrong.  The conformance kit
checks the two separately: the behaviour under the contract's own id, the
wording under ``<id>.names_argument`` (a SHOULD).

``isinstance`` against these protocols checks that members exist, is cached
per type, and costs a few times ``isinstance(x, numpy.ndarray)``.

Every protocol is defined here, in the public module, so that type checkers
name them ``bufferspec.protocols.Buffer`` (and so on) in their messages.

The two array protocols are deliberately the *intersection* of what NumPy,
CuPy and similar libraries provide and what zarr-python actually calls.  Two
rules keep them usable:

* No member returns ``Self``.  NumPy's stubs type many methods of
  ``ndarray`` subclasses as returning plain ``ndarray``; a ``Self`` return
  type would make every subclass of ``numpy.ndarray`` fail to match.
* Members that NumPy's stubs overload (``reshape``, ``view``) are declared
  as overloads too, one per kind of argument: pyright and pyrefly match a
  protocol member against an overloaded method only when one overload
  accepts every argument type of the member.
* No member is ``__eq__``.  Declaring ``__eq__`` in a protocol body makes
  ``__hash__ = None`` a protocol member, which sends every
  ``isinstance(ndarray, ...)`` down the slowest path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal, NamedTuple, Self, SupportsIndex, overload

import numpy as np
import numpy.typing as npt
from typing_extensions import Protocol, runtime_checkable

from bufferspec._aliases import BytesLike, Endian, ScalarType
from bufferspec._runtime_check import CachedProtocolMeta, clear_instance_check_caches

__all__ = [
    "ArrayLike",
    "Buffer",
    "BufferClass",
    "BufferPrototype",
    "BytesLike",
    "Endian",
    "NDArrayLike",
    "NDBuffer",
    "NDBufferClass",
    "ScalarType",
    "clear_instance_check_caches",
]


@runtime_checkable
class ArrayLike(Protocol, metaclass=CachedProtocolMeta):
    """The one-dimensional byte array behind a :class:`Buffer`.

    The array MAY live in any kind of memory (host, CUDA device, remote, ...).
    ``numpy.ndarray`` and its subclasses satisfy this protocol, statically and
    at runtime.

    A :class:`Buffer` MUST only hold an ``ArrayLike`` with ``ndim == 1``,
    ``dtype == uint8`` and contiguous memory.

    Notes
    -----
    A runtime ``isinstance`` check only tests that the members exist (it does
    not call them or evaluate properties).  Answers are cached per type; see
    :func:`bufferspec.protocols.clear_instance_check_caches`.
    """

    @property
    def dtype(self) -> np.dtype[Any]:
        """The element type. MUST equal ``numpy.dtype("uint8")`` inside a Buffer."""
        ...

    @property
    def ndim(self) -> int:
        """The number of dimensions. MUST be ``1`` inside a Buffer."""
        ...

    @property
    def size(self) -> int:
        """The number of elements, which is the number of bytes inside a Buffer."""
        ...

    def __len__(self) -> int:
        """The length of the first (only) dimension; MUST equal :attr:`size`."""
        ...

    def __getitem__(self, key: slice, /) -> ArrayLike:
        """A slice of the array.

        With a step of ``None`` or ``1`` the result MUST be a view that shares
        memory with this array (no copy), of the same array type.
        """
        ...

    def __setitem__(self, key: slice, value: Any, /) -> None:
        """Write *value* into the elements selected by *key*; MUST write in place (no copy of the array)."""
        ...

    def copy(self) -> ArrayLike:
        """A new array with equal contents that MUST NOT share memory with this one."""
        ...

    @overload
    def view(self, dtype: np.dtype[Any], /) -> Any: ...
    @overload
    def view(self, dtype: str, /) -> Any: ...
    @overload
    def view(self, dtype: type[np.generic], /) -> Any: ...
    def view(self, dtype: np.dtype[Any] | str | type[np.generic], /) -> Any:
        """Reinterpret the same memory as *dtype*; MUST NOT copy.

        *dtype* is a dtype object, a dtype string (``"<u4"``) or a scalar type
        (``numpy.uint32``).  zarr's bytes codec decodes a chunk with
        ``as_array_like().view(dtype)``.
        """
        ...


@runtime_checkable
class NDArrayLike(Protocol, metaclass=CachedProtocolMeta):
    """The n-dimensional array behind an :class:`NDBuffer`.

    The array MAY live in any kind of memory.  ``numpy.ndarray`` and its
    subclasses satisfy this protocol, statically and at runtime.  Element-wise
    ``==`` is expected (as on NumPy arrays) but deliberately not declared; see
    the module notes.

    Notes
    -----
    A runtime ``isinstance`` check only tests that the members exist.  Answers
    are cached per type.
    """

    @property
    def dtype(self) -> np.dtype[Any]:
        """The element type as a NumPy dtype (device libraries reuse NumPy's dtypes)."""
        ...

    @property
    def ndim(self) -> int:
        """The number of dimensions; MUST equal ``len(shape)``."""
        ...

    @property
    def size(self) -> int:
        """The number of elements; MUST equal the product of :attr:`shape`."""
        ...

    @property
    def shape(self) -> tuple[int, ...]:
        """The length of every dimension."""
        ...

    def __len__(self) -> int:
        """The length of the first dimension. 0-d arrays MUST raise ``TypeError``."""
        ...

    def __getitem__(self, key: Any, /) -> Any:
        """NumPy-style indexing; basic indexing SHOULD return a view (no copy)."""
        ...

    def __setitem__(self, key: Any, value: Any, /) -> None:
        """NumPy-style assignment; MUST write in place and broadcast *value* as NumPy does."""
        ...

    def __array__(self) -> npt.NDArray[Any]:
        """Convert to a host ``numpy.ndarray``.

        Device arrays MAY raise instead of copying implicitly; code that needs
        host memory MUST go through :meth:`NDBuffer.as_numpy_array`.
        Implementations SHOULD also accept NumPy 2's ``dtype`` and ``copy``
        arguments.
        """
        ...

    @overload
    def reshape(self, shape: SupportsIndex, /, *, order: Literal["A", "C", "F"] = "C") -> Any: ...
    @overload
    def reshape(self, shape: tuple[SupportsIndex, ...], /, *, order: Literal["A", "C", "F"] = "C") -> Any: ...
    def reshape(
        self, shape: SupportsIndex | tuple[SupportsIndex, ...], /, *, order: Literal["A", "C", "F"] = "C"
    ) -> Any:
        """The same elements in a new *shape* (one integer, or a tuple); SHOULD be a view when the layout allows."""
        ...

    @overload
    def view(self, dtype: np.dtype[Any], /) -> Any: ...
    @overload
    def view(self, dtype: str, /) -> Any: ...
    @overload
    def view(self, dtype: type[np.generic], /) -> Any: ...
    def view(self, dtype: np.dtype[Any] | str | type[np.generic], /) -> Any:
        """Reinterpret the same memory as *dtype* (as :meth:`ArrayLike.view`); MUST NOT copy."""
        ...

    def astype(
        self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K"
    ) -> NDArrayLike:
        """Values converted to *dtype*; MUST return a new array (a copy), as NumPy's default does."""
        ...

    def fill(self, value: Any, /) -> None:
        """Set every element to *value*; MUST write in place."""
        ...

    def copy(self) -> NDArrayLike:
        """A new array with equal contents that MUST NOT share memory with this one."""
        ...

    def transpose(self, axes: SupportsIndex | tuple[SupportsIndex, ...] | None, /) -> NDArrayLike:
        """The axes permuted (reversed for ``None``); SHOULD be a view."""
        ...

    def ravel(self, order: Literal["K", "A", "C", "F"] = "C") -> NDArrayLike:
        """A flattened, one-dimensional array; SHOULD be a view when the layout allows."""
        ...

    def all(self) -> Any:
        """Whether every element is true; ``bool()`` of the result MUST be that answer."""
        ...


@runtime_checkable
class Buffer(Protocol, metaclass=CachedProtocolMeta):
    """A flat, contiguous block of bytes in some kind of memory.

    A Buffer wraps one :class:`ArrayLike` that is one-dimensional, of dtype
    ``uint8`` and contiguous.  All lengths and indices are in bytes.  The memory
    MAY be host memory, device memory or anything else, as long as it can be
    copied to a NumPy array with :meth:`as_numpy_array`.

    A conforming Buffer:

    * MUST be unhashable (it is mutable) and compare by content with ``==``;
    * SHOULD implement :pep:`688` ``__buffer__`` when its memory is host memory,
      so that ``memoryview(buf)``, ``numpy.frombuffer(buf)``, ``file.write(buf)``
      and ``zlib.compress(buf)`` work without a copy (Python 3.12+);
    * SHOULD pickle (protocol 5 out-of-band included) when its memory allows;
      for host memory, a buffer unpickled out of band SHOULD share memory with
      the out-of-band buffers it is given (no copy) and SHOULD be read-only
      exactly when the pickled buffer was.

    Every rule holds for every buffer, however it was made: ``from_bytes`` of
    writable or read-only memory (bytes, a read-only array view), slices
    (empty, full, interior), ``from_array_like`` of a view, ``from_buffer`` of
    a buffer of this or another class, and the results of ``combine`` and
    ``+``; and at every size, from empty and one byte to sizes far beyond any
    block an implementation processes at a time (the kit draws buffers of
    over two blocks of 64 KiB).

    Class-level constructors (``from_bytes`` and friends) are specified
    separately by :class:`BufferClass`.
    """

    def as_array_like(self) -> ArrayLike:
        """Return the underlying array. MUST NOT copy.

        Returns
        -------
        ArrayLike
            The very object the buffer stores: for a buffer made with
            ``from_array_like(a)``, ``as_array_like() is a``.
        """
        ...

    def as_numpy_array(self) -> npt.NDArray[np.uint8]:
        """Return the bytes as a one-dimensional ``uint8`` NumPy array in host memory.

        For host memory this MUST NOT copy (the result shares memory with the
        buffer); device memory MAY be copied to the host.
        """
        ...

    def as_buffer_like(self) -> BytesLike:
        """Return an object exporting the Python buffer protocol over the same bytes.

        The result MUST be C-contiguous and have ``len(self)`` bytes.  For host
        memory it MUST NOT copy, and it MUST be read-only exactly when the
        buffer's memory is read-only.  Device memory MAY be copied to the host.
        """
        ...

    def to_bytes(self) -> bytes:
        """Return the contents as ``bytes``. MUST return a new object (always copies)."""
        ...

    def __len__(self) -> int:
        """The number of bytes; MUST equal the size of :meth:`as_numpy_array`."""
        ...

    def __getitem__(self, key: slice, /) -> Self:
        """Return the bytes selected by *key* as a buffer of the same class.

        The key MUST be a ``slice`` (else ``TypeError``) whose step is ``None``
        or ``1`` (else ``ValueError``).  Bounds follow Python's slice rules:
        negative indices count from the end and out-of-range bounds are clamped
        (``stop = len + 1`` is fine), and a bound that is neither an integer nor
        ``None`` (``buf[1.5:2]``) MUST raise ``TypeError``.  The result MUST be a
        view: it MUST NOT copy, and writes through it are visible in this buffer.
        """
        ...

    def __setitem__(self, key: slice, value: Any, /) -> None:
        """Overwrite the bytes selected by *key* with *value*, in place.

        *key* follows the rules of :meth:`__getitem__`.  *value* MUST be
        accepted when it is a bytes-like object, a ``uint8`` array or **any**
        conforming Buffer (also one of a different class), and MUST have exactly
        as many bytes as the slice selects (else ``ValueError``; a value is never
        broadcast, not even a single byte, and an array of wider items counts its
        bytes, not its items).  A NumPy scalar MAY be refused with ``TypeError``
        (a slice is assigned bytes, not element values).  A read-only buffer
        MUST raise ``ValueError``.  On any error the buffer MUST be left
        unchanged.
        """
        ...

    def combine(self, others: Iterable[Buffer]) -> Self:
        """Concatenate this buffer and *others* into a new buffer of ``type(self)``.

        MUST accept any conforming Buffers in *others* (including other
        classes), MUST allocate once and copy each input once (O(total bytes)),
        and MUST NOT share memory with any input, even when *others* is empty
        or holds only zero-length buffers.
        A non-Buffer element MUST raise ``TypeError``.  An *others* that is not
        an iterable of Buffers at all (an int, ``None``, a single Buffer, which
        is to be wrapped in a list) MUST raise ``TypeError`` too.
        """
        ...

    def __add__(self, other: Buffer, /) -> Self:
        """Return ``self.combine([other])``.

        A non-Buffer operand MUST make ``self + other`` raise ``TypeError``
        by returning ``NotImplemented`` (so an operand with ``__radd__``
        answers instead).
        """
        ...

    def __eq__(self, other: object, /) -> bool:
        """Content equality with any conforming Buffer, whatever its class.

        Buffers of different lengths are unequal; two empty buffers are equal.
        For objects that are not Buffers this MUST return ``NotImplemented``
        (so ``buf == b"..."`` is ``False``, never an error).
        """
        ...


@runtime_checkable
class BufferClass(Protocol, metaclass=CachedProtocolMeta):
    """The class-level (constructor) side of a :class:`Buffer` implementation.

    A Buffer *class* satisfies this protocol through its classmethods, so both
    ``issubclass(MyBuffer, BufferClass)`` at runtime and
    ``x: BufferClass = MyBuffer`` under a type checker work.  Every constructor
    returns an instance of the class it is called on.
    """

    def create_zero_length(self) -> Buffer:
        """Return a new, empty buffer; its length MUST be 0 and it MUST be an instance of this class."""
        ...

    def from_array_like(self, array_like: ArrayLike, /) -> Buffer:
        """Wrap *array_like* without copying: ``as_array_like()`` MUST return it.

        "It" is the very object: an array of a subclass of the class's array
        type (an ``ndarray`` subclass for NumPy arrays) is neither copied nor
        converted.

        MUST raise ``ValueError`` if the array is not one-dimensional, not of
        dtype ``uint8`` or not contiguous, and ``TypeError`` if it is not an
        array of the kind this class stores.
        """
        ...

    def from_buffer(self, buffer: Buffer, /) -> Buffer:
        """Return a buffer of this class with the contents of *buffer*.

        MUST accept any conforming Buffer, not only instances of this class.
        MUST NOT copy when *buffer* already lives in the memory this class
        uses; it copies only to move data between kinds of memory.  A
        non-Buffer MUST raise ``TypeError``.
        """
        ...

    def from_bytes(self, bytes_like: BytesLike | npt.NDArray[Any], /) -> Buffer:
        """Return a buffer with the raw bytes of a bytes-like object.

        MUST accept any C-contiguous object exporting the buffer protocol
        (``bytes``, ``bytearray``, ``memoryview``, ``array.array``, ``mmap``,
        NumPy arrays of every dtype that exports the buffer protocol, which
        give their raw bytes; datetime64 and timedelta64 arrays export none
        and MAY be rejected with ``TypeError``).  Host-memory
        implementations MUST NOT copy: a buffer made from ``bytes`` is
        read-only and one made from a ``bytearray`` aliases it; one made from
        other read-only memory is read-only too, and one made from writable
        memory is writable, empty ones included.  ``str`` and other non-buffers MUST
        raise ``TypeError``; input that is not C-contiguous (strided, or a
        Fortran-ordered or transposed multi-dimensional array) MUST raise
        ``ValueError``.  Input whose memory cannot be exported any more (a
        closed ``mmap``) MUST raise ``ValueError`` too.
        """
        ...


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

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
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

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
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
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
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
        self, shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C"
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


class BufferPrototype(NamedTuple):
    """The Buffer class and the NDBuffer class a codec or store must allocate with.

    Passing a prototype (instead of calling constructors directly) lets the
    caller choose the kind of memory: host, device, or anything else.  It is a
    :class:`~typing.NamedTuple`, so it is immutable, hashable, picklable (when
    its classes are importable) and compared by value: two prototypes with the
    same classes are equal.

    Attributes
    ----------
    buffer : BufferClass
        The class used for flat byte buffers (satisfies :class:`BufferClass`).
    nd_buffer : NDBufferClass
        The class used for n-dimensional buffers (satisfies :class:`NDBufferClass`).
    """

    buffer: BufferClass
    nd_buffer: NDBufferClass
