"""Use the reference buffers as zarr-python's chunk buffers.

:func:`enable` makes zarr move chunk data through :class:`bufferspec.cpu.Buffer`
and :class:`bufferspec.cpu.NDBuffer`; :func:`disable` restores the zarr
configuration that was active before; :func:`enabled` does both around a
block.  Needs the ``bufferspec[zarr]`` extra (zarr-python 3.1 or newer); zarr
is imported by these functions, never by importing this module, and no other
bufferspec module imports it.

What :func:`enable` does, and why each step is needed:

1. **Registry.**  ``zarr.registry.register_buffer`` / ``register_ndbuffer``
   record the classes under ``"bufferspec.cpu.Buffer"`` and
   ``"bufferspec.cpu.NDBuffer"``, the names zarr's config keys refer to.
2. **Buffer ABC.**  Every zarr store refuses values that are not instances of
   ``zarr.abc.buffer.Buffer`` (an ABC).  A helper ABC registered with it once
   counts :class:`bufferspec.cpu.Buffer` (and its subclasses) as zarr
   Buffers while bufferspec is enabled, and no longer after :func:`disable`:
   registering the class itself could not be undone, and would keep changing
   zarr's behaviour (``zarr.buffer.cpu.Buffer.__eq__`` compares by content
   exactly the buffers that pass that ``isinstance`` check).
3. **NDBuffer checks (a narrow patch of zarr).**  zarr's ``NDBuffer`` is a
   plain class, not an ABC, so no outside class can be made to pass
   ``isinstance(x, NDBuffer)``.  zarr 3.1's BytesCodec and VLen codecs assert
   exactly that on every chunk they encode, and zarr 3.1 and 3.4 alike check
   it for the ``out=`` argument of reads.  There is no other way to pass
   those checks with bufferspec's own class, so in the modules that make them
   (``zarr.codecs.bytes`` and ``zarr.codecs.vlen_utf8`` on zarr 3.1,
   ``zarr.core.array``) the global name ``NDBuffer``, used there only for
   these checks and in string annotations, is replaced by an ABC that accepts
   zarr's NDBuffers *and* bufferspec's.
   :func:`disable` puts zarr's class back.  See :func:`patched_modules`.
4. **Config.**  ``zarr.config.set({"buffer": "bufferspec.cpu.Buffer",
   "ndbuffer": "bufferspec.cpu.NDBuffer"})``, after remembering the previous
   values.

:func:`disable` undoes steps 2 to 4.  The registry entries of step 1 stay
(zarr offers no way to remove them); they do not change which classes zarr
uses.

Notes
-----
zarr's configuration is process-wide, so enabling affects every thread.
``zarr.config.reset()`` / ``refresh()`` (and ``reload_config=True`` in
zarr's registry look-ups) return the config keys to their defaults.

What zarr does with buffers that are not the configured ones, all of which
works with bufferspec enabled: array metadata is read into zarr's own
``cpu.Buffer`` when an array is opened; shard indexes are encoded and decoded
with zarr's ``numpy_buffer_prototype()``, so bufferspec's ``Buffer.combine``
receives zarr buffers when a shard is assembled (it accepts any conforming
Buffer).

On zarr 3.1 each multi-byte chunk is copied once more on write: its
BytesCodec converts a chunk with ``astype`` whenever ``codec.endian !=
chunk.byteorder``, comparing its own ``Endian`` enum with the string
(``"little"`` / ``"big"``) that bufferspec's ``byteorder`` returns, as the
specification requires.  The values are right; zarr 3.4 compares strings.

One case does not work while enabled: ``out=`` given a zarr ``NDBuffer``.
zarr's ``cpu.NDBuffer.__setitem__`` unwraps only zarr's own class and hands a
bufferspec chunk to NumPy as an opaque object (``TypeError``).  Pass a
:class:`bufferspec.cpu.NDBuffer` as ``out=`` instead.

Examples
--------
>>> import numpy as np, zarr
>>> import bufferspec.zarr
>>> with bufferspec.zarr.enabled():  # doctest: +SKIP
...     array = zarr.create_array(zarr.storage.MemoryStore(), shape=(100,), chunks=(10,), dtype="f8")
...     array[:] = np.arange(100.0)  # each chunk reaches the store as a bufferspec.cpu.Buffer
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from typing import Final

from bufferspec import _zarr_setup
from bufferspec._zarr_setup import (
    connect,
    disconnect,
    import_zarr,
    installed_ndbuffer_checks,
    is_connected,
)

__all__ = [
    "BUFFER_KEY",
    "NDBUFFER_KEY",
    "disable",
    "enable",
    "enabled",
    "is_enabled",
    "patched_modules",
]

BUFFER_KEY: Final[str] = _zarr_setup.BUFFER_KEY
"""``"bufferspec.cpu.Buffer"``: the name zarr's registry and its ``buffer`` config key use."""

NDBUFFER_KEY: Final[str] = _zarr_setup.NDBUFFER_KEY
"""``"bufferspec.cpu.NDBuffer"``: the name zarr's registry and its ``ndbuffer`` config key use."""

_CONFIG_KEYS = ("buffer", "ndbuffer")


@dataclass(frozen=True)
class _Snapshot:
    """What :func:`enabled` restores on exit."""

    config: dict[str, object]
    saved_before_enable: dict[str, object] | None
    connected: bool


_lock = threading.RLock()
# zarr's config keys as they were before enable(); None while not enabled.
_saved_before_enable: dict[str, object] | None = None


def _current_config() -> dict[str, object]:
    zarr = import_zarr()
    return {key: zarr.config.get(key) for key in _CONFIG_KEYS}


def _set_config(values: dict[str, object]) -> None:
    zarr = import_zarr()
    zarr.config.set(values)


def enable() -> None:
    """Make zarr use :class:`bufferspec.cpu.Buffer` and :class:`bufferspec.cpu.NDBuffer`.

    Registers both classes in zarr's registry, makes zarr's ``Buffer`` ABC and
    its ``isinstance(x, NDBuffer)`` checks accept bufferspec's classes (see
    the module docstring) and sets zarr's config keys ``buffer`` and
    ``ndbuffer``.
    Idempotent: calling it again re-selects the classes but keeps the
    configuration that :func:`disable` will restore, the one from before the
    first call.

    Raises
    ------
    ImportError
        If zarr-python 3.1 or newer is not installed (install
        ``bufferspec[zarr]``).  Nothing is changed then.
    """
    global _saved_before_enable
    with _lock:
        previous = _current_config()  # imports zarr first: an ImportError changes nothing
        connect()
        if _saved_before_enable is None:
            _saved_before_enable = previous
        _set_config({"buffer": BUFFER_KEY, "ndbuffer": NDBUFFER_KEY})


def disable() -> None:
    """Restore the zarr configuration that was active before :func:`enable`.

    Also ends what :func:`enable` changed inside zarr: bufferspec's Buffer is
    no longer an instance of ``zarr.abc.buffer.Buffer``, and zarr's own
    ``NDBuffer`` is back where it was replaced.  Does nothing when bufferspec
    is not enabled (zarr is then not imported).
    """
    global _saved_before_enable
    with _lock:
        saved = _saved_before_enable
        if saved is None:
            return
        _set_config(saved)
        disconnect()
        _saved_before_enable = None


def is_enabled() -> bool:
    """Whether zarr currently uses the bufferspec classes through :func:`enable`.

    True after :func:`enable` (or inside :func:`enabled`) as long as zarr's
    config keys still name the bufferspec classes.  Never imports zarr: if it
    is not imported, bufferspec cannot be enabled.
    """
    if "zarr" not in sys.modules:
        return False
    with _lock:
        if _saved_before_enable is None:
            return False
        current = _current_config()
    return current == {"buffer": BUFFER_KEY, "ndbuffer": NDBUFFER_KEY}


def patched_modules() -> tuple[str, ...]:
    """The zarr modules whose ``NDBuffer`` name :func:`enable` has currently replaced.

    ``("zarr.codecs.bytes", "zarr.codecs.vlen_utf8", "zarr.core.array")`` on
    zarr 3.1, ``("zarr.core.array",)`` on zarr 3.4, ``()`` when not enabled.
    """
    with _lock:
        return installed_ndbuffer_checks()


@contextlib.contextmanager
def enabled() -> Iterator[None]:
    """Enable bufferspec for the duration of a ``with`` block.

    On exit, also when the block raises, everything is put back exactly as it
    was on entry: zarr's config keys, whether bufferspec was enabled (and the
    configuration :func:`disable` would restore), zarr's ``Buffer`` ABC and
    ``NDBuffer`` checks.  Blocks nest, and :func:`enable` / :func:`disable` calls inside a
    block are undone by its exit.  zarr's configuration is process-wide, so
    blocks in concurrent threads must not overlap.

    Raises
    ------
    ImportError
        On entry, if zarr-python 3.1 or newer is not installed.
    """
    global _saved_before_enable
    with _lock:
        snapshot = _Snapshot(
            config=_current_config(),
            saved_before_enable=_saved_before_enable,
            connected=is_connected(),
        )
        enable()
    try:
        yield
    finally:
        with _lock:
            _set_config(snapshot.config)
            _saved_before_enable = snapshot.saved_before_enable
            if snapshot.connected:
                connect()
            else:
                disconnect()
