"""Bytes are not a Buffer, an ndarray is not an NDBuffer, and the classes are not instances."""

from __future__ import annotations

import numpy as np

from bufferspec import cpu
from bufferspec.protocols import Buffer, BufferClass, NDArrayLike, NDBuffer, NDBufferClass

b1: Buffer = b"abc"  # E: assignment
b2: Buffer = bytearray(b"abc")  # E: assignment
b3: Buffer = np.zeros(3, np.uint8)  # E: assignment
n1: NDBuffer = np.zeros(3)  # E: assignment
n2: NDBuffer = [1.0, 2.0]  # E: assignment
c1: BufferClass = bytes  # E: assignment
c2: NDBufferClass = np.ndarray  # E: assignment
i1: Buffer = cpu.Buffer  # E: assignment
a1: NDArrayLike = cpu.NDBuffer.create(shape=(1,), dtype="u1")  # E: assignment
a2: NDArrayLike = (1, 2, 3)  # E: assignment
