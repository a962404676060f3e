"""A class missing one member (``combine``) is not a Buffer."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from typing_extensions import Self

from bufferspec import protocols


class NoCombine:
    def as_array_like(self) -> npt.NDArray[np.uint8]:
        return np.zeros(0, np.uint8)

    def as_numpy_array(self) -> npt.NDArray[np.uint8]:
        return np.zeros(0, np.uint8)

    def as_buffer_like(self) -> memoryview:
        return memoryview(b"")

    def to_bytes(self) -> bytes:
        return b""

    def __len__(self) -> int:
        return 0

    def __getitem__(self, key: slice) -> Self:
        return self

    def __setitem__(self, key: slice, value: Any) -> None:
        pass

    def __add__(self, other: protocols.Buffer) -> Self:
        return self

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = None  # type: ignore[assignment]


buf: protocols.Buffer = NoCombine()  # E: assignment


def use(b: protocols.Buffer) -> None: ...


use(NoCombine())  # E: arg-type
