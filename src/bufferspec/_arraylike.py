"""The array protocols: what a Buffer or NDBuffer may store.

Both protocols are deliberately the *intersection* of what NumPy, CuPy and
similar libraries provide and what zarr-python actually calls.  Two rules keep
them usable:

* No member returns ``Self``.  NumPy's stubs type many methods of
  ``ndarray`` subclasses as returning plain ``ndarray``; a ``Self`` return
  type would make every subclass of ``numpy.ndarray`` fail to match.
* No member is ``__eq__``.  Declaring ``__eq__`` in a protocol body makes
  ``__hash__ = None`` a protocol member, which sends every
  ``isinstance(ndarray, ...)`` down the slowest path.
"""

from __future__ import annotations

from typing import Any, Literal, SupportsIndex

import numpy as np
import numpy.typing as npt
from typing_extensions import Protocol, runtime_checkable

from bufferspec._runtime_check import CachedProtocolMeta

__all__ = ["ArrayLike", "NDArrayLike"]


@runtime_checkable
class ArrayLike(Protocol, metaclass=CachedProtocolMeta):
    """The one-dimensional byte array behind a :class:`Buffer`.

    The array MAY live in any kind of memory (host, CUDA device, remote, ...).
    ``numpy.ndarray`` and its subclasses satisfy this protocol, statically and
    at runtime.

    A :class:`Buffer` MUST only hold an ``ArrayLike`` with ``ndim == 1``,
    ``dtype == uint8`` and contiguous memory.

    Notes
    -----
    A runtime ``isinstance`` check only tests that the members exist (it does
    not call them or evaluate properties).  Answers are cached per type; see
    :func:`bufferspec.protocols.clear_instance_check_caches`.
    """

    @property
    def dtype(self) -> np.dtype[Any]:
        """The element type. MUST equal ``numpy.dtype("uint8")`` inside a Buffer."""
        ...

    @property
    def ndim(self) -> int:
        """The number of dimensions. MUST be ``1`` inside a Buffer."""
        ...

    @property
    def size(self) -> int:
        """The number of elements, which is the number of bytes inside a Buffer."""
        ...

    def __len__(self) -> int:
        """The length of the first (only) dimension; MUST equal :attr:`size`."""
        ...

    def __getitem__(self, key: slice, /) -> ArrayLike:
        """A slice of the array.

        With a step of ``None`` or ``1`` the result MUST be a view that shares
        memory with this array (no copy), of the same array type.
        """
        ...

    def __setitem__(self, key: slice, value: Any, /) -> None:
        """Write *value* into the elements selected by *key*; MUST write in place (no copy of the array)."""
        ...

    def copy(self) -> ArrayLike:
        """A new array with equal contents that MUST NOT share memory with this one."""
        ...

    def view(self, dtype: npt.DTypeLike, /) -> Any:
        """Reinterpret the same memory as *dtype*; MUST NOT copy.

        zarr's bytes codec decodes a chunk with ``as_array_like().view(dtype)``.
        """
        ...


@runtime_checkable
class NDArrayLike(Protocol, metaclass=CachedProtocolMeta):
    """The n-dimensional array behind an :class:`NDBuffer`.

    The array MAY live in any kind of memory.  ``numpy.ndarray`` and its
    subclasses satisfy this protocol, statically and at runtime.  Element-wise
    ``==`` is expected (as on NumPy arrays) but deliberately not declared; see
    the module notes.

    Notes
    -----
    A runtime ``isinstance`` check only tests that the members exist.  Answers
    are cached per type.
    """

    @property
    def dtype(self) -> np.dtype[Any]:
        """The element type as a NumPy dtype (device libraries reuse NumPy's dtypes)."""
        ...

    @property
    def ndim(self) -> int:
        """The number of dimensions; MUST equal ``len(shape)``."""
        ...

    @property
    def size(self) -> int:
        """The number of elements; MUST equal the product of :attr:`shape`."""
        ...

    @property
    def shape(self) -> tuple[int, ...]:
        """The length of every dimension."""
        ...

    def __len__(self) -> int:
        """The length of the first dimension. 0-d arrays MUST raise ``TypeError``."""
        ...

    def __getitem__(self, key: Any, /) -> Any:
        """NumPy-style indexing; basic indexing SHOULD return a view (no copy)."""
        ...

    def __setitem__(self, key: Any, value: Any, /) -> None:
        """NumPy-style assignment; MUST write in place and broadcast *value* as NumPy does."""
        ...

    def __array__(self) -> npt.NDArray[Any]:
        """Convert to a host ``numpy.ndarray``.

        Device arrays MAY raise instead of copying implicitly; code that needs
        host memory MUST go through :meth:`NDBuffer.as_numpy_array`.
        Implementations SHOULD also accept NumPy 2's ``dtype`` and ``copy``
        arguments.
        """
        ...

    def reshape(
        self, shape: SupportsIndex | tuple[SupportsIndex, ...], /, *, order: Literal["A", "C", "F"] = ...
    ) -> Any:
        """The same elements in a new *shape*; SHOULD be a view when the layout allows."""
        ...

    def view(self, dtype: npt.DTypeLike, /) -> Any:
        """Reinterpret the same memory as *dtype*; MUST NOT copy."""
        ...

    def astype(
        self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = ...
    ) -> NDArrayLike:
        """Values converted to *dtype*; MUST return a new array (a copy), as NumPy's default does."""
        ...

    def fill(self, value: Any, /) -> None:
        """Set every element to *value*; MUST write in place."""
        ...

    def copy(self) -> NDArrayLike:
        """A new array with equal contents that MUST NOT share memory with this one."""
        ...

    def transpose(self, axes: SupportsIndex | tuple[SupportsIndex, ...] | None, /) -> NDArrayLike:
        """The axes permuted (reversed for ``None``); SHOULD be a view."""
        ...

    def ravel(self, order: Literal["K", "A", "C", "F"] = ...) -> NDArrayLike:
        """A flattened, one-dimensional array; SHOULD be a view when the layout allows."""
        ...

    def all(self) -> Any:
        """Whether every element is true; ``bool()`` of the result MUST be that answer."""
        ...
