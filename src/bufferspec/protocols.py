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
"""

from __future__ import annotations

from bufferspec._aliases import BytesLike, Endian, ScalarType
from bufferspec._arraylike import ArrayLike, NDArrayLike
from bufferspec._buffer_protocol import Buffer, BufferClass
from bufferspec._ndbuffer_protocol import NDBuffer, NDBufferClass
from bufferspec._prototype import BufferPrototype
from bufferspec._runtime_check import clear_instance_check_caches

for _public in (ArrayLike, Buffer, BufferClass, BufferPrototype, NDArrayLike, NDBuffer, NDBufferClass):
    _public.__module__ = __name__
del _public

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
