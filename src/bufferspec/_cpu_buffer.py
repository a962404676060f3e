"""The reference :class:`Buffer`: a flat byte buffer over a NumPy ``uint8`` array."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Self, cast

import numpy as np
import numpy.typing as npt

from bufferspec._aliases import BytesLike
from bufferspec._cpu_common import UINT8, describe, host_array_of_buffer, shown
from bufferspec.protocols import ArrayLike
from bufferspec.protocols import Buffer as BufferProtocol

__all__ = ["Buffer", "buffer_arrays", "byte_source", "bytes_like_to_array", "check_byte_layout"]

_new = object.__new__
_ndarray = np.ndarray
_frombuffer = np.frombuffer
_EXPECTED_ARRAY = "a 1-d, C-contiguous numpy.ndarray of dtype uint8"
#: Strides of a 1-d array of one-byte items whose items are adjacent: one comparison tests
#: both ``ndim == 1`` and C-contiguity (cheaper than ``ndim`` + ``flags.c_contiguous``).
#: Contiguous arrays with other strides (0 or 1 items) take the slower, complete checks.
_ONE = (1,)


def _checked_byte_array(array_like: object, argument: str) -> npt.NDArray[np.uint8]:
    """Return *array_like* itself if it can back a Buffer, else raise.

    Raises
    ------
    TypeError
        If *array_like* is not a NumPy array.
    ValueError
        If it is not one-dimensional, not ``uint8`` or not C-contiguous.
    """
    if type(array_like) is _ndarray and array_like.dtype is UINT8 and array_like.strides == _ONE:
        return array_like  # the common case (see _ONE), checked with the cheapest tests first
    if not isinstance(array_like, np.ndarray):
        raise TypeError(f"{argument}: expected {_EXPECTED_ARRAY}, got {describe(array_like)}")
    check_byte_layout(array_like, argument, "numpy")
    return array_like


def check_byte_layout(array: Any, argument: str, library: str) -> None:
    """Check that an array can back a Buffer: one-dimensional, ``uint8`` and C-contiguous.

    Shared by the CPU and GPU Buffers (the same rules, the same messages).

    Parameters
    ----------
    array : numpy.ndarray or cupy.ndarray
        The array to check.
    argument : str
        The argument that passed it, for the messages.
    library : str
        ``"numpy"`` or ``"cupy"``: whose ``ascontiguousarray()`` the message suggests.

    Raises
    ------
    ValueError
        If *array* is not ``uint8``, not one-dimensional or not C-contiguous.
    """
    dtype = array.dtype
    if dtype is not UINT8 and dtype != UINT8:
        raise ValueError(
            f"{argument}: expected dtype uint8 (a Buffer holds raw bytes), got dtype {dtype}; "
            "use Buffer.from_bytes() to wrap the raw bytes of another dtype"
        )
    if array.ndim != 1:
        raise ValueError(
            f"{argument}: expected a 1-d array, got {array.ndim}-d shape {array.shape}"
        )
    if not array.flags.c_contiguous:
        raise ValueError(
            f"{argument}: expected a C-contiguous array, got strides {array.strides}; "
            f"use {library}.ascontiguousarray() to copy it first"
        )


def bytes_like_to_array(bytes_like: object, argument: str) -> npt.NDArray[np.uint8]:
    """View the raw bytes of a C-contiguous buffer-protocol object as a 1-d ``uint8`` array.

    Never copies: the result shares memory with *bytes_like* and is read-only
    exactly when *bytes_like* is.

    Raises
    ------
    TypeError
        If *bytes_like* does not export the buffer protocol (``str`` included)
        or holds Python object pointers (object arrays).
    ValueError
        If its memory is not C-contiguous or cannot be exported (a closed mmap).
    """
    tp = type(bytes_like)
    if tp is bytes or tp is bytearray:
        return _frombuffer(cast(bytes, bytes_like), UINT8)
    if isinstance(bytes_like, np.ndarray):
        return _ndarray_bytes(bytes_like, argument)
    if isinstance(bytes_like, str):
        raise TypeError(
            f"{argument}: expected a bytes-like object (buffer protocol), got str; "
            "encode it first, e.g. text.encode('utf-8')"
        )
    try:
        view = memoryview(bytes_like)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(
            f"{argument}: expected a bytes-like object (buffer protocol), got {describe(bytes_like)}"
        ) from None
    except ValueError as exc:  # e.g. "mmap closed or invalid"
        raise ValueError(f"{argument}: cannot read its memory: {exc}") from None
    if view.format.lstrip("@=<>!|") == "O" or (
        isinstance(bytes_like, np.ndarray) and bytes_like.dtype.hasobject
    ):
        raise TypeError(
            f"{argument}: object arrays hold Python object pointers, not data bytes"
        )
    if not view.c_contiguous:
        raise ValueError(
            f"{argument}: expected C-contiguous memory, got a non-contiguous buffer; "
            "copy it first, e.g. with bytes(...) or numpy.ascontiguousarray()"
        )
    if view.nbytes == 0:
        empty = np.empty(0, UINT8)
        empty.flags.writeable = not view.readonly
        return empty
    if view.ndim != 1 or view.itemsize != 1:
        view = view.cast("B")
    return np.frombuffer(view, UINT8)


def _ndarray_bytes(array: npt.NDArray[Any], argument: str) -> npt.NDArray[np.uint8]:
    """The raw bytes of a C-contiguous array of any dtype, as a 1-d uint8 view (never a copy).

    Goes through NumPy rather than ``memoryview``, which refuses some dtypes
    (datetime64, timedelta64).
    """
    if array.dtype.hasobject or array.dtype.kind == "T":
        raise TypeError(f"{argument}: {describe(array)} holds Python object pointers, not data bytes")
    if not array.flags.c_contiguous:
        raise ValueError(
            f"{argument}: expected C-contiguous memory, got a non-contiguous {describe(array)}; "
            "copy it first, e.g. with numpy.ascontiguousarray()"
        )
    flat = array.view(type=np.ndarray).reshape(-1)  # a subclass (np.matrix) may not flatten
    return flat.view(UINT8)


class Buffer:
    """A flat, contiguous block of host memory: the reference :class:`bufferspec.protocols.Buffer`.

    Parameters
    ----------
    array_like : numpy.ndarray
        A one-dimensional, C-contiguous array of dtype ``uint8``.  It is
        stored as is (no copy).

    Raises
    ------
    TypeError
        If *array_like* is not a NumPy array.
    ValueError
        If it is not one-dimensional, not ``uint8`` or not C-contiguous.

    Notes
    -----
    All lengths and indices are in bytes.  Buffers compare by content and
    are unhashable.  Buffers derived from a buffer (slices, ``combine``, ...)
    are created without calling ``__init__`` again.
    """

    __slots__ = ("_data",)
    _data: npt.NDArray[np.uint8]

    def __init__(self, array_like: ArrayLike) -> None:
        self._data = _checked_byte_array(array_like, "array_like")

    # -- constructors --------------------------------------------------------------

    @classmethod
    def create_zero_length(cls) -> Self:
        """Return a new, empty, writable buffer."""
        self = _new(cls)
        self._data = np.empty(0, UINT8)
        return self

    @classmethod
    def from_array_like(cls, array_like: ArrayLike) -> Self:
        """Wrap *array_like* without copying (``as_array_like()`` returns it).

        Raises
        ------
        TypeError
            If *array_like* is not a NumPy array.
        ValueError
            If it is not one-dimensional, not ``uint8`` or not C-contiguous.
        """
        self = _new(cls)
        if type(array_like) is _ndarray and array_like.dtype is UINT8 and array_like.strides == _ONE:
            self._data = array_like  # the fast path of _checked_byte_array, inlined
        else:
            self._data = _checked_byte_array(array_like, "array_like")
        return self

    @classmethod
    def from_buffer(cls, buffer: BufferProtocol) -> Self:
        """Return a buffer of this class over the contents of any conforming Buffer.

        Zero-copy for reference Buffers and for foreign Buffers whose
        ``as_numpy_array()`` is a contiguous host view; a foreign strided
        array is copied to make it contiguous.

        Raises
        ------
        TypeError
            If *buffer* is not a Buffer.
        """
        self = _new(cls)
        if isinstance(buffer, Buffer):
            self._data = buffer._data
            return self
        array = host_array_of_buffer(buffer, "buffer")
        if array is None:
            raise TypeError(f"buffer: expected a Buffer, got {describe(buffer)}")
        self._data = array if array.flags.c_contiguous else np.ascontiguousarray(array)
        return self

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike | npt.NDArray[Any]) -> Self:
        """Return a buffer over the raw bytes of a bytes-like object, without copying.

        From ``bytes`` the buffer is read-only; from a ``bytearray`` (or any
        writable memory) it aliases that memory.  NumPy arrays of any dtype
        give their raw bytes.

        Raises
        ------
        TypeError
            If *bytes_like* does not export the buffer protocol (``str``
            included) or is an object array.
        ValueError
            If its memory is not C-contiguous or cannot be read.
        """
        self = _new(cls)
        raw: Any = bytes_like  # (no typing.cast call on the hot path)
        kind = type(raw)
        if kind is bytes or kind is bytearray:  # the fast path of bytes_like_to_array, inlined
            self._data = _frombuffer(raw, UINT8)
        else:
            self._data = bytes_like_to_array(bytes_like, "bytes_like")
        return self

    # -- accessors -----------------------------------------------------------------

    def as_array_like(self) -> npt.NDArray[np.uint8]:
        """Return the underlying NumPy array. Never copies."""
        return self._data

    def as_numpy_array(self) -> npt.NDArray[np.uint8]:
        """Return the underlying NumPy array (host memory). Never copies."""
        return self._data

    def as_buffer_like(self) -> memoryview:
        """Return a C-contiguous ``memoryview`` of the bytes; never copies, read-only iff the data is."""
        return self._data.data

    def to_bytes(self) -> bytes:
        """Return a new ``bytes`` object with the contents. Always copies."""
        return self._data.tobytes()

    def __buffer__(self, flags: int, /) -> memoryview:
        """Export the bytes through the buffer protocol (:pep:`688`, Python 3.12+). Never copies."""
        return self._data.data

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        data = self._data
        head = data[:16].tobytes()
        more = "..." if len(data) > 16 else ""
        mode = "read-only" if not data.flags.writeable else "writable"
        return f"{type(self).__name__}(len={len(data)}, {mode}, data={head!r}{more})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._data,))

    def __copy__(self) -> Self:
        """A buffer of the same class over a copy of the bytes (like ``copy.copy`` of an ndarray)."""
        result = _new(type(self))
        result._data = self._data.copy()
        return result

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self.__copy__()

    # -- slicing ---------------------------------------------------------------------

    def __getitem__(self, key: slice) -> Self:
        """Return a view of the bytes selected by a step-1 slice, as the same class.

        Raises
        ------
        TypeError
            If *key* is not a slice, or its bounds are not integers.
        ValueError
            If the slice step is neither ``None`` nor ``1``.
        """
        result = _new(type(self))
        any_key: object = key  # callers may pass anything; it is checked here
        if type(any_key) is slice and any_key.step is None:
            try:
                result._data = self._data[key]  # the common case, without _sliced's checks
                return result
            except TypeError:
                pass  # bad bounds: _sliced raises the message
        result._data = _sliced(self._data, key)
        return result

    def __setitem__(self, key: slice, value: Any) -> None:
        """Overwrite the bytes selected by *key* with *value*, in place.

        *value* may be a bytes-like object, a 1-d ``uint8`` array or any
        conforming Buffer, with exactly as many bytes as the slice selects.

        Raises
        ------
        TypeError
            If *key* is not a slice or *value* is not one of the accepted kinds.
        ValueError
            If the slice step is not 1, the buffer is read-only, or the number
            of bytes differs.  The buffer is unchanged after any error.
        """
        data = self._data
        fast = value._data if type(value) is Buffer else value
        any_key: object = key  # callers may pass anything; it is checked here
        if (
            type(any_key) is slice
            and any_key.step is None
            and type(fast) is _ndarray
            and fast.dtype is UINT8
            and fast.ndim == 1
            and len(fast) != 1
        ):
            # The common case, without the checks below.  NumPy only broadcasts a
            # 1-d source of length 1, so otherwise it refuses (writing nothing) unless
            # the slice selects exactly len(fast) bytes; if it refuses (wrong length,
            # bad bounds, read-only memory), the checks below raise the usual errors.
            try:
                data[key] = fast
                return
            except (TypeError, ValueError):
                pass
        target = _sliced(data, key)
        if not target.flags.writeable:
            raise ValueError(
                "Buffer is read-only (it wraps read-only memory, e.g. bytes); "
                "make a writable copy with Buffer.from_bytes(bytearray(...)) first"
            )
        source: npt.NDArray[np.uint8] = byte_source(value, _host_bytes)
        if len(source) != len(target):
            raise ValueError(
                f"value: expected exactly {len(target)} bytes for key {shown(key)}, "
                f"got {len(source)}"
            )
        target[...] = source

    # -- combination and comparison ------------------------------------------------

    def combine(self, others: Iterable[BufferProtocol]) -> Self:
        """Concatenate this buffer and *others* into a new buffer of this class.

        One allocation; every input is copied once; the result never shares
        memory with an input (also for an empty *others*).

        Raises
        ------
        TypeError
            If *others* is not an iterable of Buffers.
        ValueError
            If reading *others* raises ``ValueError`` (a closed ``mmap``, ...);
            the original error is chained.
        """
        if type(others) is list or type(others) is tuple:
            # The common case, a list of reference Buffers: one pass, no per-item checks
            # beyond the type (a list is never a Buffer itself).
            arrays = [other._data for other in others if type(other) is Buffer]
            if len(arrays) == len(others):
                arrays.insert(0, self._data)
                result = _new(type(self))
                result._data = np.concatenate(arrays)
                return result
        result = _new(type(self))
        result._data = np.concatenate(buffer_arrays(others, self._data, _host_bytes))
        return result

    def __add__(self, other: BufferProtocol) -> Self:
        """Return ``self.combine([other])``; a non-Buffer operand gives ``TypeError``."""
        if isinstance(other, Buffer):
            result = _new(type(self))
            result._data = np.concatenate((self._data, other._data))
            return result
        operand: object = other  # callers may pass anything, a Buffer *class* included
        if isinstance(operand, BufferProtocol) and not isinstance(operand, type):
            return self.combine([operand])
        return NotImplemented

    def __eq__(self, other: object) -> bool:
        """Content equality with any conforming Buffer; ``NotImplemented`` for other objects."""
        if isinstance(other, Buffer):
            theirs = other._data
        else:
            found = host_array_of_buffer(other, "other")
            if found is None:
                return NotImplemented
            theirs = found
        mine = self._data
        return mine.shape == theirs.shape and bool((mine == theirs).all())

    __hash__: ClassVar[None] = None  # type: ignore[assignment]

    # NumPy must not treat a Buffer as a sequence of its items (``ndarray == buf``
    # would index it with integers); with this, NumPy defers to Python's rules.
    __array_ufunc__ = None


def _checked_slice(key: object) -> slice:
    """Return *key* if it is a step-1 slice, else raise ``TypeError``/``ValueError``."""
    if type(key) is not slice:
        raise TypeError(
            f"key: a Buffer is indexed with a slice (buf[start:stop]), got {describe(key)}"
        )
    step = key.step
    if step is not None and step != 1:
        raise ValueError(f"key: slice step must be None or 1 (contiguous bytes), got {shown(step)}")
    return key


def _sliced(data: npt.NDArray[np.uint8], key: object) -> npt.NDArray[np.uint8]:
    """``data[key]`` for a validated step-1 slice *key*: a view, never a copy."""
    try:
        return data[_checked_slice(key)]
    except TypeError as exc:
        if type(key) is not slice:
            raise
        raise TypeError(f"key: slice bounds must be integers or None, got {shown(key)}") from exc


def _host_bytes(value: object, argument: str) -> npt.NDArray[np.uint8] | None:
    """The bytes of a conforming Buffer in host memory, or ``None`` if *value* is not a Buffer."""
    if isinstance(value, Buffer):
        return value._data
    return host_array_of_buffer(value, argument)


def byte_source(
    value: object,
    of_buffer: Callable[[object, str], Any | None],
    array_types: tuple[type[Any], ...] = (np.ndarray,),
) -> Any:
    """The bytes of a value assigned to a Buffer slice (``buf[a:b] = value``).

    Shared by the CPU and GPU Buffers (the same rules, the same messages).

    Parameters
    ----------
    value : object
        What the caller assigns.
    of_buffer : callable
        ``of_buffer(value, "value")``: the bytes of a conforming Buffer, or
        ``None`` if *value* is not a Buffer.
    array_types : tuple of types
        The array classes whose bytes are taken (the GPU Buffer adds
        ``cupy.ndarray``): a 1-d ``uint8`` array as it is, a C-contiguous
        array of another dtype or shape as a ``uint8`` view of its bytes.

    Returns
    -------
    array
        *value* itself (an array), the Buffer's bytes, or a ``uint8`` view of
        the bytes-like object's memory; never a copy made here.

    Raises
    ------
    TypeError
        If *value* is not one of the accepted kinds (a NumPy scalar and an
        object array included).
    ValueError
        If *value* is an array whose memory is not C-contiguous (and that is
        not 1-d ``uint8``).
    """
    if isinstance(value, array_types):
        if value.dtype == UINT8 and value.ndim == 1:
            return value
        if isinstance(value, np.ndarray):
            return _ndarray_bytes(value, "value")
        # A device array of wider items counts its bytes, as a NumPy array does.
        if value.dtype.hasobject:
            raise TypeError(f"value: {describe(value)} holds Python object pointers, not data bytes")
        if not value.flags.c_contiguous:
            raise ValueError(
                f"value: expected C-contiguous memory, got a non-contiguous {describe(value)}; "
                "copy it first"
            )
        return value.reshape(-1).view(UINT8)
    array = of_buffer(value, "value")
    if array is not None:
        return array
    if isinstance(value, np.generic):
        raise TypeError(
            f"value: expected a bytes-like object, a 1-d uint8 array or a Buffer, got the NumPy "
            f"scalar {shown(value)}; a Buffer slice is assigned bytes, not element values"
        )
    try:
        return bytes_like_to_array(value, "value")
    except TypeError:
        raise TypeError(
            "value: expected a bytes-like object, a 1-d uint8 array or a Buffer, "
            f"got {describe(value)}"
        ) from None


def buffer_arrays(others: Iterable[object], first: Any, of_buffer: Callable[[object, str], Any | None]) -> list[Any]:
    """*first* followed by the bytes of every Buffer in *others*, for ``combine``.

    Shared by the CPU and GPU Buffers (the same rules, the same messages).

    Parameters
    ----------
    others : iterable
        What the caller passed: an iterable of Buffers (anything, in fact: it is checked).
    first : array
        The bytes of the Buffer that combines.
    of_buffer : callable
        ``of_buffer(other, "others[i]")``: the bytes of a conforming Buffer,
        or ``None`` if *other* is not a Buffer.

    Returns
    -------
    list
        The arrays to concatenate, *first* first.

    Raises
    ------
    TypeError
        If *others* is a single Buffer, not iterable, or holds a non-Buffer.
    ValueError
        If reading *others* raises ``ValueError`` (a closed ``mmap``, ...);
        the original error is chained.
    """
    if isinstance(others, BufferProtocol):
        raise TypeError(
            "others: expected an iterable of Buffers, got a single Buffer; wrap it in a list"
        )
    arrays = [first]
    append = arrays.append
    try:
        iterator = iter(others)
    except (TypeError, NotImplementedError):  # NotImplementedError: a multi-dimensional memoryview
        raise TypeError(
            f"others: expected an iterable of Buffers, got {describe(others)}"
        ) from None
    try:
        for index, other in enumerate(iterator):
            array = of_buffer(other, f"others[{index}]")
            if array is None:
                raise TypeError(f"others[{index}]: expected a Buffer, got {describe(other)}")
            append(array)
    except ValueError as exc:  # the iterable failed while being read (a closed mmap, ...)
        raise ValueError(f"others: reading {describe(others)} failed: {exc}") from exc
    except NotImplementedError as exc:  # e.g. a multi-dimensional memoryview
        raise TypeError(f"others: expected an iterable of Buffers, got {describe(others)} ({exc})") from exc
    return arrays
