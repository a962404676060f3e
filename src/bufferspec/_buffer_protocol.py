"""The flat byte buffer: instance protocol :class:`Buffer`, class protocol :class:`BufferClass`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
from typing_extensions import Protocol, Self, runtime_checkable

from bufferspec._aliases import BytesLike
from bufferspec._arraylike import ArrayLike
from bufferspec._runtime_check import CachedProtocolMeta

__all__ = ["Buffer", "BufferClass"]


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
