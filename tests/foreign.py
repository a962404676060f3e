"""Conforming buffer classes that share no code or base class with ``bufferspec.cpu``.

They test interoperability: the reference must accept any conforming
Buffer/NDBuffer, not only its own classes.  The plain ones are the kit's own
independent implementations; the strided one adds a non-contiguous host view.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bufferspec.conformance._core.foreign import PlainBuffer as ForeignBuffer
from bufferspec.conformance._core.foreign import PlainNDBuffer as ForeignNDBuffer

__all__ = ["ForeignBuffer", "ForeignNDBuffer", "StridedForeignBuffer"]


class StridedForeignBuffer(ForeignBuffer):
    """A foreign Buffer whose ``as_numpy_array()`` is a *non-contiguous* view (every other byte)."""

    def __init__(self, data: npt.NDArray[np.uint8]) -> None:
        doubled = np.zeros(2 * data.size, np.uint8)
        doubled[::2] = data
        self.data = doubled[::2]
