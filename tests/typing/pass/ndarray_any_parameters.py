"""``numpy.ndarray`` with any shape and dtype parameters, and NumPy's own subclasses, are array-likes."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from bufferspec.protocols import ArrayLike, NDArrayLike


def nd(a: NDArrayLike) -> NDArrayLike:
    return a


def flat(a: ArrayLike) -> ArrayLike:
    return a


def any_parameters(
    complex_3d: np.ndarray[tuple[int, int, int], np.dtype[np.complex128]],
    structured: npt.NDArray[np.void],
    unknown: np.ndarray[Any, Any],
    scalar_str: np.ndarray[tuple[()], np.dtype[np.str_]],
    flags: npt.NDArray[np.bool_],
    dates: npt.NDArray[np.datetime64],
    objects: np.ndarray[tuple[int, ...], np.dtype[np.object_]],
    unparametrised: np.ndarray,
) -> list[NDArrayLike]:
    return [nd(complex_3d), nd(structured), nd(unknown), nd(scalar_str), nd(flags), nd(dates), nd(objects),
            nd(unparametrised)]


def numpy_subclasses(
    records: np.recarray[tuple[int], np.dtype[np.record]],
    mapped: np.memmap[tuple[int], np.dtype[np.uint8]],
    masked: np.ma.MaskedArray[tuple[int], np.dtype[np.float64]],
    matrix: np.matrix[tuple[int, int], np.dtype[np.float64]],
) -> list[ArrayLike | NDArrayLike]:
    return [flat(records), flat(mapped), flat(masked), flat(matrix),
            nd(records), nd(mapped), nd(masked), nd(matrix)]


def bytes_1d(data: npt.NDArray[np.uint8]) -> ArrayLike:
    return data


# What the protocols give back is usable as the protocols again.
def round_trip(a: NDArrayLike) -> list[NDArrayLike]:
    return [a.copy(), a.astype("f4"), a.transpose(None), a.ravel(), a.astype(np.dtype("u1"), order="C")]


a_view: Any = np.zeros(8, np.uint8).view(np.uint32)
views = [flat(np.zeros(8, np.uint8)).view("<u4"), flat(np.zeros(8, np.uint8)).view(np.dtype("u2")), a_view]
reshaped = [nd(np.zeros(6)).reshape(-1), nd(np.zeros(6)).reshape((2, 3)), nd(np.zeros(6)).reshape((3, 2), order="F")]
