"""How dask and distributed find bufferspec's buffers without any set-up code.

dask loads every entry point of its ``dask.sizeof`` group when ``dask.sizeof``
is imported, which every process running dask or distributed does, and always
before ``distributed.protocol.serialize`` (that module imports ``dask.sizeof``).
bufferspec's entry point, :func:`install`, therefore runs in every such
process, whatever the order in which the user imported things, and

* registers, lazily, ``dask.sizeof.sizeof`` for the reference classes, so that
  distributed accounts a 64 MiB buffer as 64 MiB rather than as a small object;
* arranges for distributed's ``dask`` serialization family to know the
  reference classes: at once if ``distributed.protocol.serialize`` is already
  imported, else right after it is imported (a one-shot import hook).

Both registrations are lazy in dask's sense: nothing of bufferspec beyond this
module, NumPy included, is imported until dask meets a bufferspec object.
This module imports neither dask nor distributed nor NumPy.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
import warnings
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

__all__ = ["SERIALIZE_MODULE", "install", "register_serializers_lazily", "register_sizeof", "sizeof_buffer"]

#: The module that holds distributed's ``dask_serialize`` / ``dask_deserialize`` dispatchers.
SERIALIZE_MODULE = "distributed.protocol.serialize"

_lock = threading.Lock()


def install(sizeof: Any) -> None:
    """Entry point of the ``dask.sizeof`` group: *sizeof* is dask's ``sizeof`` dispatcher.

    Never raises for want of distributed: without it only ``sizeof`` is registered.
    """
    sizeof.register_lazy("bufferspec", _register_sizeof)
    serialize = sys.modules.get(SERIALIZE_MODULE)
    if serialize is not None and hasattr(serialize, "dask_deserialize"):
        register_serializers_lazily(serialize)
    else:
        _run_after_import(SERIALIZE_MODULE, register_serializers_lazily)


def _register_sizeof() -> None:
    from dask.sizeof import sizeof

    register_sizeof(sizeof)


def register_sizeof(sizeof: Any) -> None:
    """Register :func:`sizeof_buffer` for the reference classes with dask's *sizeof* (idempotent)."""
    from bufferspec.cpu import Buffer, NDBuffer

    sizeof.register((Buffer, NDBuffer))(sizeof_buffer)


def sizeof_buffer(value: Any) -> int:
    """Memory a reference buffer holds, as dask counts it: NumPy's ``sizeof`` of its array plus the wrapper."""
    from dask.sizeof import sizeof

    size: int = sizeof(value.as_numpy_array()) + object.__sizeof__(value)
    return size


def register_serializers_lazily(serialize: ModuleType) -> None:
    """Have *serialize*'s ``dask`` dispatchers load bufferspec's serializers on first use."""
    serialize.dask_serialize.register_lazy("bufferspec", _register_serializers)
    serialize.dask_deserialize.register_lazy("bufferspec", _register_serializers)


def _register_serializers() -> None:
    from bufferspec._dask_serializers import register_serializers

    register_serializers()


# -- a one-shot hook that runs after one module is imported ------------------------------


class _AfterImport(importlib.abc.MetaPathFinder):
    """Finds nothing itself: wraps the loader of *name* so that *callback* runs after it loads."""

    def __init__(self, name: str, callback: Callable[[ModuleType], None]) -> None:
        self.name = name
        self.callback = callback

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.name:
            return None
        _remove(self)
        for finder in sys.meta_path:
            find_spec = getattr(finder, "find_spec", None)
            if find_spec is None:
                continue
            spec: importlib.machinery.ModuleSpec | None = find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _ThenCall(spec.loader, self.callback)
                return spec
        return None


class _ThenCall(importlib.abc.Loader):
    """A loader that delegates to *loader* and then calls *callback* with the module."""

    def __init__(self, loader: importlib.abc.Loader, callback: Callable[[ModuleType], None]) -> None:
        self._loader = loader
        self._callback = callback

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        try:
            self._callback(module)
        except Exception as exc:  # noqa: BLE001 - never break the import of someone else's module
            warnings.warn(f"bufferspec could not register its dask serializers: {exc!r}", RuntimeWarning,
                          stacklevel=2)

    def __getattr__(self, name: str) -> Any:  # get_source, is_package, ... of the real loader
        return getattr(self._loader, name)


def _remove(finder: _AfterImport) -> None:
    with _lock:
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)


def _run_after_import(name: str, callback: Callable[[ModuleType], None]) -> None:
    with _lock:
        if any(isinstance(f, _AfterImport) and f.name == name for f in sys.meta_path):
            return
        sys.meta_path.insert(0, _AfterImport(name, callback))
