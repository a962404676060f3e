"""The reference implementation: strict, fast buffers over NumPy host memory.

Same public names as ``zarr.buffer.cpu`` (``Buffer``, ``NDBuffer``,
``buffer_prototype``, ``numpy_buffer_prototype``, ``as_numpy_array_wrapper``),
plus ``default_buffer_prototype``.  Nothing here inherits from zarr or needs
it installed.  Where zarr-python is lenient or inconsistent, these classes
follow the specification in :mod:`bufferspec.protocols`: invalid input raises
a ``TypeError`` or ``ValueError`` that names the argument, and nothing is
copied where the specification says it must not be.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy.typing as npt

from bufferspec._aliases import BytesLike
from bufferspec._cpu_buffer import Buffer, bytes_like_to_array
from bufferspec._cpu_common import describe, host_array_of_buffer
from bufferspec._cpu_ndbuffer import NDBuffer
from bufferspec.protocols import Buffer as BufferProtocol
from bufferspec.protocols import BufferPrototype

__all__ = [
    "Buffer",
    "NDBuffer",
    "as_numpy_array_wrapper",
    "buffer_prototype",
    "default_buffer_prototype",
    "numpy_buffer_prototype",
]

# Present the public classes under their public home (repr, pickling, zarr's registry keys).
Buffer.__module__ = __name__
NDBuffer.__module__ = __name__

buffer_prototype: BufferPrototype = BufferPrototype(buffer=Buffer, nd_buffer=NDBuffer)
"""The prototype of the reference classes: ``BufferPrototype(Buffer, NDBuffer)``."""


def numpy_buffer_prototype() -> BufferPrototype:
    """Return the prototype of the NumPy reference classes (equal to :data:`buffer_prototype`)."""
    return buffer_prototype


def default_buffer_prototype() -> BufferPrototype:
    """Return the default prototype, :data:`buffer_prototype`.

    Unlike zarr's function of the same name this reads no configuration: the
    reference implementation has exactly one prototype.
    """
    return buffer_prototype


def as_numpy_array_wrapper(
    func: Callable[[npt.NDArray[Any]], BytesLike | npt.NDArray[Any] | BufferProtocol],
    buf: BufferProtocol,
    prototype: BufferPrototype,
) -> BufferProtocol:
    """Call a host-only *func* on the bytes of *buf* and wrap its result with *prototype*.

    Equivalent to ``prototype.buffer.from_bytes(func(buf.as_numpy_array()))``;
    used for codecs that only work on host memory (gzip, zstd, blosc, ...).

    Parameters
    ----------
    func : callable
        Called with ``buf.as_numpy_array()``; must return a bytes-like object
        (``bytes``, a NumPy array, ...) or a conforming Buffer, whose raw bytes
        become the result.
    buf : Buffer
        Any conforming Buffer.
    prototype : BufferPrototype
        Its ``buffer`` class builds the result.

    Raises
    ------
    TypeError
        If *func* is not callable, *buf* is not a Buffer, *prototype* has no
        ``buffer`` class, or *func* returns something that is neither
        bytes-like nor a Buffer.
    ValueError
        If *func* returns non-contiguous memory.
    """
    if not callable(func):
        raise TypeError(f"func: expected a callable, got {describe(func)}")
    candidate: object = buf  # a Buffer *class* has every member too, but is not a buffer
    if not isinstance(candidate, BufferProtocol) or isinstance(candidate, type):
        raise TypeError(f"buf: expected a Buffer, got {describe(buf)}")
    buffer_class = getattr(prototype, "buffer", None)
    if buffer_class is None or not callable(getattr(buffer_class, "from_bytes", None)):
        raise TypeError(
            f"prototype: expected a BufferPrototype (with a .buffer class), got {describe(prototype)}"
        )
    result: object = func(buf.as_numpy_array())
    host = host_array_of_buffer(result, "func's return value")
    if host is None:
        host = bytes_like_to_array(result, "func's return value")
    created: BufferProtocol = buffer_class.from_bytes(host)
    return created
