"""Use the reference buffers as zarr-python's chunk buffers.

Two ways select :class:`bufferspec.cpu.Buffer` and :class:`bufferspec.cpu.NDBuffer`
as zarr's chunk buffers:

* **Without code, in any process**: zarr's configuration names them, usually
  through the environment, ``ZARR_BUFFER=bufferspec.cpu.Buffer
  ZARR_NDBUFFER=bufferspec.cpu.NDBuffer`` (or ``zarr.config.set`` / a zarr
  config file, before the process first uses zarr).  Spawned and forkserver
  workers, dask workers and anything else that inherits the environment use
  them too, and ``zarr.config.reset()`` keeps the selection (it reads the
  environment again).
* **In code**: :func:`enable` / :func:`disable`, or :func:`enabled` around a
  block.

Either way zarr gets everything it needs from bufferspec (steps 1 to 3
below).  Needs the ``bufferspec[zarr]`` extra (zarr-python 3.1 or newer);
zarr is imported by the functions here, never by importing this module, and
no other public bufferspec module imports it.

What changes inside zarr, and why each step is needed:

1. **Registry.**  zarr's buffer registry holds the classes under
   ``"bufferspec.cpu.Buffer"`` and ``"bufferspec.cpu.NDBuffer"``, the names
   zarr's config keys refer to.  bufferspec ships entry points in zarr's
   ``zarr.buffer`` and ``zarr.ndbuffer`` groups, so zarr registers them
   itself in every process, the first time it looks up a buffer class
   (``zarr.registry.get_buffer_class()``, called by the first array
   operation), *whatever its configuration selects*; :func:`enable` also
   registers them.  Inert: a registered class is used only when the config
   names it.
2. **Buffer ABC.**  Every zarr store refuses values that are not instances of
   ``zarr.abc.buffer.Buffer`` (an ABC).  A helper ABC registered with it once
   counts :class:`bufferspec.cpu.Buffer` (and its subclasses) as zarr
   Buffers while bufferspec is connected, and no longer after it is
   disconnected: registering the class itself could not be undone, and
   would keep changing zarr's behaviour (``zarr.buffer.cpu.Buffer.__eq__``
   compares by content exactly the buffers that pass that ``isinstance``
   check).
3. **NDBuffer checks (a narrow patch of zarr).**  zarr's ``NDBuffer`` is a
   plain class, not an ABC, so no outside class can be made to pass
   ``isinstance(x, NDBuffer)``.  zarr 3.1's BytesCodec and VLen codecs assert
   exactly that on every chunk they encode, and zarr 3.1 and 3.4 alike check
   it for the ``out=`` argument of reads.  There is no other way to pass
   those checks with bufferspec's own class, so in the modules that make them
   (``zarr.codecs.bytes`` and ``zarr.codecs.vlen_utf8`` on zarr 3.1,
   ``zarr.core.array``) the global name ``NDBuffer``, used there only for
   these checks and in string annotations, is replaced by an ABC that accepts
   zarr's NDBuffers *and* bufferspec's while connected.  See
   :func:`patched_modules`.
4. **Config** (:func:`enable` only).  ``zarr.config.set({"buffer":
   "bufferspec.cpu.Buffer", "ndbuffer": "bufferspec.cpu.NDBuffer"})``, after
   remembering the previous values.

Steps 2 and 3 together are the *connection* (:func:`is_connected`).  Two
things connect:

* :func:`enable`;
* zarr loading bufferspec's entry points (step 1) in a process whose zarr
  configuration names a bufferspec class at that moment: a config key
  ``buffer`` / ``ndbuffer``, or the ``ZARR_BUFFER`` / ``ZARR_NDBUFFER``
  environment variables even while a ``zarr.config.set`` block overrides
  them.  zarr loads *all* entry points of these groups in every process, so
  loading alone connects nothing: in a process that does not select
  bufferspec, zarr is left exactly as it is (no ABC registration, no
  replaced ``NDBuffer``), apart from the two inert registry entries.

Why that moment: it is the only point at which zarr runs bufferspec code in
every process that may select bufferspec without running any in the others.
zarr's look-up of the configured name is a plain ``dict.get`` with no hook,
and the object in its registry must be :class:`bufferspec.cpu.Buffer` itself
(a stand-in class would break the pickling of zarr's ``BufferPrototype`` and
``==`` between prototypes); a hook on the first instantiation would put a
check on every constructor call of bufferspec's classes, in every process
that merely has zarr imported.

:func:`disable` restores zarr's config keys (step 4) and then disconnects
(steps 2 and 3) *unless* the configuration or the environment still names a
bufferspec class: a process selected by its environment stays connected.
The exit of :func:`enabled` does the same.  The registry entries of step 1
stay (zarr offers no way to remove them); they do not change which classes
zarr uses.

Notes
-----
zarr's configuration is process-wide, so selecting or enabling affects every
thread; zarr loads entry points in its own event-loop thread, and every
change is made under one lock.  ``zarr.config.reset()`` / ``refresh()`` (and
``reload_config=True`` in zarr's registry look-ups) return the config keys to
their defaults and the environment: a selection by environment variables
survives, one by ``enable()`` or ``zarr.config.set`` does not (the
connection stays, harmlessly).

zarr loads entry points once per process.  A process that has already used
zarr with its own buffers and *then* names bufferspec in ``zarr.config.set``
is not connected, and zarr's stores refuse bufferspec's buffers
(``TypeError: ... value must be a Buffer instance``): call :func:`enable`
there instead.

What zarr does with buffers that are not the configured ones, all of which
works with bufferspec selected: array metadata is read into zarr's own
``cpu.Buffer`` when an array is opened; shard indexes are encoded and decoded
with zarr's ``numpy_buffer_prototype()``, so bufferspec's ``Buffer.combine``
receives zarr buffers when a shard is assembled (it accepts any conforming
Buffer); a caller's zarr ``NDBuffer`` given as ``out=`` receives bufferspec
chunks (NumPy reads them through :meth:`bufferspec.cpu.NDBuffer.__array__`).

On zarr 3.1 each multi-byte chunk is copied once more on write: its
BytesCodec converts a chunk with ``astype`` whenever ``codec.endian !=
chunk.byteorder``, comparing its own ``Endian`` enum with the string
(``"little"`` / ``"big"``) that bufferspec's ``byteorder`` returns, as the
specification requires.  The values are right; zarr 3.4 compares strings.

Nested sharding (a ``ShardingCodec`` inside a ``ShardingCodec``) fails with
any buffer class other than zarr's own, bufferspec's and trivial subclasses
of zarr's alike: a zarr limitation (see "zarr-side limitations" in the
documentation).

Examples
--------
>>> import numpy as np, zarr
>>> import bufferspec.zarr
>>> with bufferspec.zarr.enabled():  # doctest: +SKIP
...     array = zarr.create_array(zarr.storage.MemoryStore(), shape=(100,), chunks=(10,), dtype="f8")
...     array[:] = np.arange(100.0)  # each chunk reaches the store as a bufferspec.cpu.Buffer

Without code (a shell, or the environment of a job scheduler)::

    ZARR_BUFFER=bufferspec.cpu.Buffer ZARR_NDBUFFER=bufferspec.cpu.NDBuffer python job.py
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Literal

from bufferspec import _zarr_setup
from bufferspec._zarr_setup import (
    connect,
    import_zarr,
    installed_ndbuffer_checks,
    release,
)

__all__ = [
    "BUFFER_KEY",
    "GPU_BUFFER_KEY",
    "GPU_NDBUFFER_KEY",
    "NDBUFFER_KEY",
    "disable",
    "enable",
    "enabled",
    "is_connected",
    "is_enabled",
    "patched_modules",
]

BUFFER_KEY: Final[str] = _zarr_setup.BUFFER_KEY
"""``"bufferspec.cpu.Buffer"``: the name zarr's registry and its ``buffer`` config key use."""

NDBUFFER_KEY: Final[str] = _zarr_setup.NDBUFFER_KEY
"""``"bufferspec.cpu.NDBuffer"``: the name zarr's registry and its ``ndbuffer`` config key use."""

GPU_BUFFER_KEY: Final[str] = _zarr_setup.GPU_BUFFER_KEY
"""``"bufferspec.gpu.Buffer"``: the ``buffer`` config key with ``enable(device="gpu")``."""

GPU_NDBUFFER_KEY: Final[str] = _zarr_setup.GPU_NDBUFFER_KEY
"""``"bufferspec.gpu.NDBuffer"``: the ``ndbuffer`` config key with ``enable(device="gpu")``."""

_CONFIG_KEYS = ("buffer", "ndbuffer")
_DEVICE_KEYS: Final[dict[str, dict[str, object]]] = {
    "cpu": {"buffer": BUFFER_KEY, "ndbuffer": NDBUFFER_KEY},
    "gpu": {"buffer": GPU_BUFFER_KEY, "ndbuffer": GPU_NDBUFFER_KEY},
}


@dataclass(frozen=True)
class _Snapshot:
    """What :func:`enabled` restores on exit."""

    config: dict[str, object]
    saved_before_enable: dict[str, object] | None
    connected: bool


_lock = _zarr_setup.lock  # one lock with the connection's: zarr connects from its own thread
# zarr's config keys as they were before enable(); None while not enabled.
_saved_before_enable: dict[str, object] | None = None


def _current_config() -> dict[str, object]:
    zarr = import_zarr()
    return {key: zarr.config.get(key) for key in _CONFIG_KEYS}


def _set_config(values: dict[str, object]) -> None:
    zarr = import_zarr()
    zarr.config.set(values)


def enable(device: Literal["cpu", "gpu"] = "cpu") -> None:
    """Make zarr use :class:`bufferspec.cpu.Buffer` and :class:`bufferspec.cpu.NDBuffer`.

    With ``device="gpu"``, :class:`bufferspec.gpu.Buffer` and
    :class:`bufferspec.gpu.NDBuffer` instead (CUDA device memory, as zarr's
    own ``zarr.config.enable_gpu()`` does with ``zarr.buffer.gpu``).

    Registers both classes in zarr's registry, makes zarr's ``Buffer`` ABC and
    its ``isinstance(x, NDBuffer)`` checks accept bufferspec's classes (steps
    1 to 3 of the module docstring) and sets zarr's config keys ``buffer`` and
    ``ndbuffer`` (step 4).  Works at any point in a process, also after zarr
    has been used with its own buffers.
    Idempotent: calling it again re-selects the classes but keeps the
    configuration that :func:`disable` will restore, the one from before the
    first call.

    Raises
    ------
    ValueError
        If *device* is not ``"cpu"`` or ``"gpu"``.  Nothing is changed then.
    ImportError
        If zarr-python 3.1 or newer is not installed (install
        ``bufferspec[zarr]``), or, for ``"gpu"``, CuPy or a CUDA device is
        missing.  Nothing is changed then.
    """
    global _saved_before_enable
    any_device: object = device  # callers may pass anything; it is checked here
    keys = _DEVICE_KEYS.get(any_device) if isinstance(any_device, str) else None
    if keys is None:
        raise ValueError(f"device: expected 'cpu' or 'gpu', got {device!r}")
    with _lock:
        previous = _current_config()  # imports zarr first: an ImportError changes nothing
        if device == "gpu":
            _zarr_setup.register_gpu_with_zarr()  # imports bufferspec.gpu: an ImportError changes nothing
        connect()
        if _saved_before_enable is None:
            _saved_before_enable = previous
        _set_config(dict(keys))


def disable() -> None:
    """Restore the zarr configuration that was active before :func:`enable`.

    Then disconnects (steps 2 and 3 of the module docstring): bufferspec's
    Buffer is no longer an instance of ``zarr.abc.buffer.Buffer``, and zarr's
    own ``NDBuffer`` is back where it was replaced, unless zarr's restored
    configuration or the ``ZARR_BUFFER`` / ``ZARR_NDBUFFER`` environment
    variables still name a bufferspec class (that selection needs the
    connection).  Does nothing when bufferspec is not enabled (zarr is then
    not imported).
    """
    global _saved_before_enable
    with _lock:
        saved = _saved_before_enable
        if saved is None:
            return
        _set_config(saved)
        release()
        _saved_before_enable = None


def is_enabled() -> bool:
    """Whether zarr currently uses the bufferspec classes through :func:`enable`.

    True after :func:`enable` (or inside :func:`enabled`) as long as zarr's
    config keys still name the bufferspec classes.  A selection through
    zarr's configuration alone (``ZARR_BUFFER`` / ``ZARR_NDBUFFER``) is not
    "enabled": :func:`is_connected` tells whether zarr accepts bufferspec's
    buffers.  Never imports zarr: if it is not imported, bufferspec cannot
    be enabled.
    """
    if "zarr" not in sys.modules:
        return False
    with _lock:
        if _saved_before_enable is None:
            return False
        current = _current_config()
    return current in _DEVICE_KEYS.values()


def is_connected() -> bool:
    """Whether zarr currently accepts bufferspec's buffers (steps 2 and 3 of the module docstring).

    True after :func:`enable`, and in a process whose zarr configuration
    selected bufferspec when zarr loaded bufferspec's entry points (see
    "Selecting bufferspec without code" in the module docstring), until
    :func:`disable` or the exit of :func:`enabled` finds that nothing selects
    bufferspec any more.  Never imports zarr.
    """
    return _zarr_setup.is_connected()


def patched_modules() -> tuple[str, ...]:
    """The zarr modules whose ``NDBuffer`` name is currently replaced (step 3 of the module docstring).

    ``("zarr.codecs.bytes", "zarr.codecs.vlen_utf8", "zarr.core.array")`` on
    zarr 3.1, ``("zarr.core.array",)`` on zarr 3.4, ``()`` when not
    connected (:func:`is_connected`).
    """
    with _lock:
        return installed_ndbuffer_checks()


@contextlib.contextmanager
def enabled(device: Literal["cpu", "gpu"] = "cpu") -> Iterator[None]:
    """Enable bufferspec (on *device*, as :func:`enable`) for the duration of a ``with`` block.

    On exit, also when the block raises, everything is put back as it was on
    entry: zarr's config keys, whether bufferspec was enabled (and the
    configuration :func:`disable` would restore), zarr's ``Buffer`` ABC and
    ``NDBuffer`` checks; the connection ends only if it did not exist on
    entry and nothing selects bufferspec any more (as in :func:`disable`).
    Blocks nest, and :func:`enable` / :func:`disable` calls inside a block
    are undone by its exit.  zarr's configuration is process-wide, so blocks
    in concurrent threads must not overlap.

    Raises
    ------
    ValueError
        On entry, if *device* is not ``"cpu"`` or ``"gpu"``.
    ImportError
        On entry, if zarr-python 3.1 or newer is not installed, or, for
        ``"gpu"``, CuPy or a CUDA device is missing.
    """
    global _saved_before_enable
    with _lock:
        snapshot = _Snapshot(
            config=_current_config(),
            saved_before_enable=_saved_before_enable,
            connected=_zarr_setup.is_connected(),
        )
        enable(device)
    try:
        yield
    finally:
        with _lock:
            _set_config(snapshot.config)
            _saved_before_enable = snapshot.saved_before_enable
            if snapshot.connected:
                connect()
            else:
                release()
