"""The pieces of :mod:`bufferspec.zarr` that touch zarr-python.

zarr is imported by the functions here, never when this module is imported,
so ``import bufferspec.zarr`` stays cheap and works without zarr installed.

Three things connect the reference classes to zarr:

* zarr's registry (``zarr.registry.register_buffer`` / ``register_ndbuffer``),
  so that the config keys ``buffer`` / ``ndbuffer`` can name them
  (:func:`register_with_zarr`, permanent and inert; zarr also registers them
  itself when it loads bufferspec's entry points);
* zarr's ``Buffer`` ABC: every zarr store refuses values that fail
  ``isinstance(value, zarr.abc.buffer.Buffer)``.  :class:`BufferWhileConnected`
  is registered with that ABC once, and counts :class:`bufferspec.cpu.Buffer`
  as its subclass only while connected (:func:`connect`), so the relation
  ends again with :func:`disconnect`;
* the places where zarr checks ``isinstance(x, NDBuffer)`` against its own
  ``NDBuffer``.  That class is *not* an ABC, so nothing outside zarr can be
  registered with it; see :func:`install_ndbuffer_checks`.

Two callers connect: :func:`bufferspec.zarr.enable`, and zarr itself when it
loads bufferspec's entry points in a process whose configuration selects
bufferspec (:func:`connect_if_selected`, called from
:mod:`bufferspec._zarr_entry_points`).  :func:`release` disconnects unless the
configuration still selects bufferspec.  zarr loads entry points in its own
event-loop thread, so every change here happens under :data:`lock`.
"""

from __future__ import annotations

import abc
import ast
import contextlib
import importlib
import os
import sys
import threading
from types import ModuleType
from typing import Final, cast

from bufferspec.cpu import Buffer, NDBuffer

__all__ = [
    "BUFFER_KEY",
    "GPU_BUFFER_KEY",
    "GPU_NDBUFFER_KEY",
    "NDBUFFER_CHECK_SITES",
    "NDBUFFER_KEY",
    "AnyNDBuffer",
    "BufferWhileConnected",
    "connect",
    "connect_if_selected",
    "disconnect",
    "import_zarr",
    "install_ndbuffer_checks",
    "installed_ndbuffer_checks",
    "is_connected",
    "lock",
    "register_gpu_with_zarr",
    "register_with_zarr",
    "release",
    "remove_ndbuffer_checks",
    "selected_by_configuration",
    "selects_gpu",
]

BUFFER_KEY: Final[str] = f"{Buffer.__module__}.{Buffer.__qualname__}"
"""The name of :class:`bufferspec.cpu.Buffer` in zarr's registry and config."""

NDBUFFER_KEY: Final[str] = f"{NDBuffer.__module__}.{NDBuffer.__qualname__}"
"""The name of :class:`bufferspec.cpu.NDBuffer` in zarr's registry and config."""

GPU_BUFFER_KEY: Final[str] = "bufferspec.gpu.Buffer"
"""The name of :class:`bufferspec.gpu.Buffer` in zarr's registry and config (no CuPy import to know it)."""

GPU_NDBUFFER_KEY: Final[str] = "bufferspec.gpu.NDBuffer"
"""The name of :class:`bufferspec.gpu.NDBuffer` in zarr's registry and config."""

_ALL_KEYS: Final = (BUFFER_KEY, NDBUFFER_KEY, GPU_BUFFER_KEY, GPU_NDBUFFER_KEY)

_INSTALL_HINT: Final[str] = "install it with: pip install 'bufferspec[zarr]'"

NDBUFFER_CHECK_SITES: Final[dict[str, str]] = {
    "zarr.codecs.bytes": (
        "BytesCodec._encode_sync asserts isinstance(chunk_array, NDBuffer) "
        "(zarr 3.1.x; no longer in 3.4.2)"
    ),
    "zarr.codecs.vlen_utf8": (
        "VLenUTF8Codec/VLenBytesCodec._encode_sync assert isinstance(chunk_array, NDBuffer) "
        "(zarr 3.1.x; no longer in 3.4.2)"
    ),
    "zarr.core.array": "reads with out= require isinstance(out, NDBuffer) (3.1.x and 3.4.x)",
}
"""zarr modules whose global name ``NDBuffer`` is used only for ``isinstance`` checks.

Maps each module to the check it makes.  In these modules the name is
otherwise used only in annotations (which are strings there), so replacing it
with a class that accepts both zarr's and bufferspec's NDBuffers changes
nothing but the outcome of those checks.
"""

_patched: dict[str, ModuleType] = {}

lock: Final = threading.RLock()
"""Held by every function here that changes zarr, and by :mod:`bufferspec.zarr` around its own state."""


def import_zarr() -> ModuleType:
    """Import zarr-python 3 and return the ``zarr`` module.

    Raises
    ------
    ImportError
        If zarr is not installed or is older than zarr-python 3.1 (the message
        names the ``bufferspec[zarr]`` extra).
    """
    try:
        import zarr
    except ImportError as exc:
        raise ImportError(
            f"bufferspec.zarr needs zarr-python 3.1 or newer; {_INSTALL_HINT}"
        ) from exc
    try:
        importlib.import_module("zarr.abc.buffer")
        importlib.import_module("zarr.registry")
    except ImportError as exc:
        found = getattr(zarr, "__version__", "unknown")
        raise ImportError(
            f"bufferspec.zarr needs zarr-python 3.1 or newer (with zarr.abc.buffer and "
            f"zarr.registry), found zarr {found}; {_INSTALL_HINT}"
        ) from exc
    return zarr


class BufferWhileConnected(abc.ABC):  # noqa: B024 - a virtual base class for isinstance checks
    """Virtual subclass of zarr's ``Buffer`` ABC whose subclasses are bufferspec's Buffers, while connected.

    Registered with ``zarr.abc.buffer.Buffer`` once, by
    :func:`register_with_zarr`.  While connected, ``issubclass(C, this)`` is
    true for :class:`bufferspec.cpu.Buffer` and its subclasses, and so is
    ``issubclass(C, zarr.abc.buffer.Buffer)``; while disconnected, for no
    class.  Registering :class:`bufferspec.cpu.Buffer` itself with zarr's ABC
    could never be undone, and would change zarr's behaviour for the rest of
    the process (``zarr.buffer.cpu.Buffer.__eq__`` compares by content exactly
    the buffers that pass ``isinstance(other, zarr.abc.buffer.Buffer)``).
    """

    @classmethod
    def __subclasshook__(cls, subclass: type) -> bool:
        if _connected:
            if issubclass(subclass, Buffer):
                return True
            gpu = sys.modules.get("bufferspec._gpu_buffer")  # loaded only where the GPU classes are used
            if gpu is not None and issubclass(subclass, gpu.Buffer):
                return True
        undecided: bool = NotImplemented  # the ABC's usual rules decide
        return undecided


_connected = False


def _clear_abc_caches(*classes: type) -> None:
    """Forget the cached ``isinstance`` answers of ABCs (their registries stay)."""
    for cls in classes:
        clear = getattr(cls, "_abc_caches_clear", None)  # ABCMeta's, in CPython since 3.7
        if callable(clear):
            clear()


def register_with_zarr() -> None:
    """Register the reference classes in zarr's registry, and :class:`BufferWhileConnected` with zarr's ABC.

    Idempotent.  zarr's API cannot undo either registration; neither changes
    what zarr does until :func:`connect` and zarr's config select the classes.
    """
    import_zarr()
    import zarr.abc.buffer
    import zarr.registry

    zarr.registry.register_buffer(cast("type[zarr.abc.buffer.Buffer]", Buffer), qualname=BUFFER_KEY)
    zarr.registry.register_ndbuffer(
        cast("type[zarr.abc.buffer.NDBuffer]", NDBuffer), qualname=NDBUFFER_KEY
    )
    zarr_buffer: abc.ABCMeta = zarr.abc.buffer.Buffer
    zarr_buffer.register(BufferWhileConnected)


def register_gpu_with_zarr() -> None:
    """Register :mod:`bufferspec.gpu`'s classes in zarr's registry, and make zarr's checks accept them.

    Imports :mod:`bufferspec.gpu` (and so CuPy).  Idempotent and inert, as
    :func:`register_with_zarr`.

    Raises
    ------
    ImportError
        If CuPy or a CUDA device is missing (nothing is registered then).
    """
    gpu = importlib.import_module("bufferspec.gpu")
    register_with_zarr()
    import zarr.abc.buffer
    import zarr.registry

    zarr.registry.register_buffer(cast("type[zarr.abc.buffer.Buffer]", gpu.Buffer), qualname=GPU_BUFFER_KEY)
    zarr.registry.register_ndbuffer(cast("type[zarr.abc.buffer.NDBuffer]", gpu.NDBuffer), qualname=GPU_NDBUFFER_KEY)
    AnyNDBuffer.register(gpu.NDBuffer)
    _clear_abc_caches(zarr.abc.buffer.Buffer, BufferWhileConnected, AnyNDBuffer)


def connect() -> None:
    """Make zarr accept bufferspec's buffers: its ``Buffer`` ABC and its ``NDBuffer`` checks.

    Calls :func:`register_with_zarr` and :func:`install_ndbuffer_checks`.
    Idempotent; undone by :func:`disconnect`.
    """
    global _connected
    with lock:
        register_with_zarr()
        install_ndbuffer_checks()
        if not _connected:
            import zarr.abc.buffer

            _connected = True
            _clear_abc_caches(zarr.abc.buffer.Buffer, BufferWhileConnected)


def disconnect() -> None:
    """Undo :func:`connect`: zarr's ``Buffer`` ABC and ``NDBuffer`` checks refuse bufferspec's again."""
    global _connected
    with lock:
        remove_ndbuffer_checks()
        if _connected:
            import zarr.abc.buffer

            _connected = False
            _clear_abc_caches(zarr.abc.buffer.Buffer, BufferWhileConnected)


def is_connected() -> bool:
    """Whether :func:`connect` is in effect."""
    return _connected


def selected_by_configuration() -> bool:
    """Whether zarr's configuration or environment names a bufferspec class.

    True when zarr's config key ``buffer`` is :data:`BUFFER_KEY` or
    ``ndbuffer`` is :data:`NDBUFFER_KEY`, or when zarr's environment variables
    ``ZARR_BUFFER`` / ``ZARR_NDBUFFER`` name them (read as zarr's config reads
    them), also while a ``zarr.config.set`` block overrides them: the
    environment is what ``zarr.config.reset()`` and ``refresh()`` return to.
    False when zarr is not imported (nothing is imported to find out).
    """
    zarr = sys.modules.get("zarr")
    config = getattr(zarr, "config", None)
    if config is None:
        return False
    # a list, not a set: a value may be any literal, an unhashable list or dict included
    names: list[object] = [config.get("buffer", None), config.get("ndbuffer", None)]
    for variable in ("ZARR_BUFFER", "ZARR_NDBUFFER"):
        value = os.environ.get(variable)
        if value is not None:
            names.append(_env_value(value))
    return any(key in names for key in _ALL_KEYS)


def selects_gpu() -> bool:
    """Whether zarr's configuration or environment names a :mod:`bufferspec.gpu` class."""
    zarr = sys.modules.get("zarr")
    config = getattr(zarr, "config", None)
    if config is None:
        return False
    names: list[object] = [config.get("buffer", None), config.get("ndbuffer", None)]
    names += [_env_value(os.environ[v]) for v in ("ZARR_BUFFER", "ZARR_NDBUFFER") if v in os.environ]
    return GPU_BUFFER_KEY in names or GPU_NDBUFFER_KEY in names


def _env_value(value: str) -> object:
    """An environment variable's value as zarr's config (donfig) reads it: a Python literal, else the text."""
    try:
        parsed: object = ast.literal_eval(value)
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
        return value
    return parsed


def connect_if_selected() -> bool:
    """Connect (:func:`connect`) if zarr's configuration selects bufferspec; otherwise change nothing.

    Called each time zarr loads one of bufferspec's entry points (see
    :mod:`bufferspec._zarr_entry_points`), which zarr does in every process
    that resolves a buffer class, selected or not.

    Returns
    -------
    bool
        Whether bufferspec is connected afterwards.
    """
    with lock:
        if selected_by_configuration():
            if selects_gpu():
                with contextlib.suppress(ImportError):  # no device: zarr reports the unknown class itself
                    register_gpu_with_zarr()
            connect()
        return _connected


def release() -> None:
    """Disconnect (:func:`disconnect`) unless zarr's configuration still selects bufferspec.

    What :func:`bufferspec.zarr.disable` and the exit of
    :func:`bufferspec.zarr.enabled` call after restoring zarr's config keys: a
    process whose configuration (or environment) names bufferspec's classes
    needs the connection, whoever made it.
    """
    with lock:
        if not selected_by_configuration():
            disconnect()


class AnyNDBuffer(abc.ABC):  # noqa: B024 - a virtual base class for isinstance checks
    """Stands in for zarr's ``NDBuffer`` in its ``isinstance`` checks (see :func:`install_ndbuffer_checks`).

    Instances of :class:`bufferspec.cpu.NDBuffer` and, once
    :func:`install_ndbuffer_checks` has run, of zarr's ``NDBuffer`` and its
    subclasses are instances of this class.
    """


AnyNDBuffer.register(NDBuffer)


def install_ndbuffer_checks() -> tuple[str, ...]:
    """Make zarr's ``isinstance(x, NDBuffer)`` checks accept :class:`bufferspec.cpu.NDBuffer`.

    zarr's ``NDBuffer`` is a plain class, not an ABC, so no virtual subclass
    can be registered with it.  For every module of
    :data:`NDBUFFER_CHECK_SITES` whose global ``NDBuffer`` is zarr's class,
    that global is replaced by an ABC accepting instances of zarr's
    ``NDBuffer`` (and its subclasses) and of :class:`bufferspec.cpu.NDBuffer`.
    Modules where the name is absent or bound to something else are left
    alone (zarr 3.4 no longer imports it at runtime in the codec modules).
    Undone by :func:`remove_ndbuffer_checks`.  Idempotent.

    Returns
    -------
    tuple of str
        The modules whose name is now replaced.
    """
    import_zarr()
    import zarr.abc.buffer

    zarr_ndbuffer: type = zarr.abc.buffer.NDBuffer  # abstract-looking to mypy, a plain class
    with lock:
        AnyNDBuffer.register(zarr_ndbuffer)
        for name in NDBUFFER_CHECK_SITES:
            if name in _patched:
                continue
            try:
                module = importlib.import_module(name)
            except ImportError:
                continue
            if getattr(module, "NDBuffer", None) is zarr.abc.buffer.NDBuffer:
                module.NDBuffer = AnyNDBuffer  # type: ignore[attr-defined]
                _patched[name] = module
        return installed_ndbuffer_checks()


def remove_ndbuffer_checks() -> None:
    """Put zarr's own ``NDBuffer`` back wherever :func:`install_ndbuffer_checks` replaced it."""
    with lock:
        if not _patched:
            return
        import zarr.abc.buffer

        for name, module in list(_patched.items()):
            if getattr(module, "NDBuffer", None) is AnyNDBuffer:
                module.NDBuffer = zarr.abc.buffer.NDBuffer  # type: ignore[attr-defined]
            del _patched[name]


def installed_ndbuffer_checks() -> tuple[str, ...]:
    """The zarr modules whose ``NDBuffer`` name is currently replaced, in a stable order."""
    return tuple(sorted(_patched))
