"""bufferspec: a typed, verifiable buffer specification for array-storage libraries.

* :mod:`bufferspec.protocols` -- the specification as runtime-checkable protocols;
* :mod:`bufferspec.cpu` -- the strict NumPy reference implementation, with the
  public API of ``zarr.buffer.cpu``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["__version__"]

if TYPE_CHECKING:
    __version__: str
    """The installed version of bufferspec (``"0+unknown"`` when run from a source tree)."""


def __getattr__(name: str) -> str:
    """``__version__``, read from the package metadata on first access.

    Reading it needs :mod:`importlib.metadata`, whose import costs about as
    much as the rest of ``import bufferspec.cpu`` apart from NumPy; only the
    callers that ask for the version pay it.

    Raises
    ------
    AttributeError
        For any other *name*.
    """
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("bufferspec")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            value = "0+unknown"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
