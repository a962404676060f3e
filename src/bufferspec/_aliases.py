"""Type aliases shared by the protocols and the reference implementation."""

from __future__ import annotations

from typing import Literal, TypeAlias

import numpy as np
import typing_extensions

__all__ = ["BytesLike", "Endian", "ScalarType"]

BytesLike: TypeAlias = typing_extensions.Buffer
"""Any object exporting the Python buffer protocol (:pep:`688`).

Not only ``bytes``, ``bytearray`` and ``memoryview``: ``array.array``,
``mmap.mmap``, NumPy arrays and third-party buffers (for example obstore's
``Bytes``) are bytes-like too.  Statically this is
:class:`typing_extensions.Buffer` (``collections.abc.Buffer`` on Python 3.12+).
Parameters that take bytes-like input also accept ``numpy.ndarray`` explicitly,
because NumPy's stubs declare arrays as buffers only for Python 3.12+.
"""

Endian: TypeAlias = Literal["little", "big"]
"""Byte order of an :class:`~bufferspec.protocols.NDBuffer`: ``"little"`` or ``"big"``."""

ScalarType: TypeAlias = int | float | complex | bytes | str | bool | np.generic
"""A single element as returned by :meth:`NDBuffer.as_scalar`."""
