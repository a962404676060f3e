"""bufferspec: a typed, verifiable buffer specification for array-storage libraries.

* :mod:`bufferspec.protocols` -- the specification as runtime-checkable protocols;
* :mod:`bufferspec.cpu` -- the strict NumPy reference implementation, with the
  public API of ``zarr.buffer.cpu``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__: str = version("bufferspec")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = ["__version__"]
