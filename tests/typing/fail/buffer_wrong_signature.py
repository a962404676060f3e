"""A class whose ``__getitem__`` takes an ``int`` (not a slice) is not a Buffer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
from typing_extensions import Self

from bufferspec import protocols


class IntIndexed:
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

    def __getitem__(self, key: int) -> Self:
        return self

    def __setitem__(self, key: slice, value: Any) -> None:
        pass

    def combine(self, others: Iterable[protocols.Buffer]) -> Self:
        return self

    def __add__(self, other: protocols.Buffer) -> Self:
        return self

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = None  # type: ignore[assignment]


class WrongReturn(IntIndexed):
    def __getitem__(self, key: slice) -> Self:  # type: ignore[override]
        return self

    def to_bytes(self) -> str:  # type: ignore[override]
        return ""


buf: protocols.Buffer = IntIndexed()  # E: assignment
other: protocols.Buffer = WrongReturn()  # E: assignment
