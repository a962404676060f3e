"""Where mypy, pyright and pyrefly disagree: the behaviour the "Type checking" page documents.

1. A protocol member whose parameter is a union, matched against a method the
   stubs declare as overloads (NumPy's ``reshape``): mypy accepts it when the
   overloads together cover the union; pyright and pyrefly only when one
   overload accepts the whole union.  That is why ``NDArrayLike.reshape`` and
   ``view`` are declared as overloads.
2. A subclass method that returns the parent class where the parent returns
   ``Self``: mypy and pyrefly report an incompatible override, pyright does
   not.  The kit's ``--static`` rows ``static.*.buffer.subclass`` catch the
   consequence under every checker.
3. A ``staticmethod`` replacing an inherited ``classmethod``: only pyright
   reports the override.
"""

from __future__ import annotations

from typing import Any, SupportsIndex

import numpy as np
from typing_extensions import Protocol

from bufferspec import cpu


class ReshapeWithUnion(Protocol):
    def reshape(self, shape: SupportsIndex | tuple[SupportsIndex, ...], /) -> Any: ...


reshapeable: ReshapeWithUnion = np.zeros(3)  # E[pyright,pyrefly]: assignment


class SliceReturnsParent(cpu.Buffer):
    def __getitem__(self, key: slice) -> cpu.Buffer:  # E[mypy,pyrefly]: override
        return cpu.Buffer.from_bytes(self.to_bytes()[key])


class StaticZeroLength(cpu.Buffer):
    @staticmethod
    def create_zero_length() -> StaticZeroLength:  # E[pyright]: override
        return StaticZeroLength.from_bytes(b"")
