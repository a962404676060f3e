"""np.ndarray and ndarray subclasses satisfy ArrayLike and NDArrayLike under ``mypy --strict``."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from bufferspec.protocols import ArrayLike, NDArrayLike


class ByteArray(np.ndarray[tuple[int], np.dtype[np.uint8]]):
    """A plain ndarray subclass (trap 2: ``Self`` returns would reject it)."""


class SlottedArray(np.ndarray[tuple[int, ...], np.dtype[Any]]):
    """An ndarray subclass with ``__slots__ = ()``."""

    __slots__ = ()


def bytes_1d() -> npt.NDArray[np.uint8]:
    return np.zeros(4, dtype=np.uint8)


def float_2d() -> np.ndarray[tuple[int, int], np.dtype[np.float64]]:
    return np.zeros((2, 3), dtype=np.float64)


a1: ArrayLike = bytes_1d()
a2: ArrayLike = float_2d()
a3: ArrayLike = bytes_1d().view(ByteArray)
a4: ArrayLike = float_2d().view(SlottedArray)

n1: NDArrayLike = bytes_1d()
n2: NDArrayLike = float_2d()
n3: NDArrayLike = bytes_1d().view(ByteArray)
n4: NDArrayLike = float_2d().view(SlottedArray)


def takes_array_like(a: ArrayLike) -> int:
    return a.size


def takes_ndarray_like(a: NDArrayLike) -> tuple[int, ...]:
    return a.shape


takes_array_like(ByteArray((3,), dtype=np.uint8))
takes_ndarray_like(SlottedArray((2, 2)))
