"""``BufferPrototype``: the pair of buffer classes that decides where memory is allocated."""

from __future__ import annotations

from typing import NamedTuple

from bufferspec._buffer_protocol import BufferClass
from bufferspec._ndbuffer_protocol import NDBufferClass

__all__ = ["BufferPrototype"]


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
