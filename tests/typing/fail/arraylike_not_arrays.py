"""bytes, bytearray, lists and memoryviews are not arrays."""

from __future__ import annotations

from bufferspec.protocols import ArrayLike, NDArrayLike

a1: ArrayLike = b"abc"  # E: assignment
a2: ArrayLike = [1, 2, 3]  # E: assignment
a3: ArrayLike = bytearray(b"abc")  # E: assignment
a4: ArrayLike = memoryview(b"abc")  # E: assignment
n1: NDArrayLike = b"abc"  # E: assignment
n2: NDArrayLike = [1, 2, 3]  # E: assignment
n3: NDArrayLike = memoryview(b"abc")  # E: assignment
