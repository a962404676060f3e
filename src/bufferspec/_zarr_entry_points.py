"""The objects behind bufferspec's entry points in zarr's ``zarr.buffer`` / ``zarr.ndbuffer`` groups.

zarr-python collects the entry points of these groups when ``zarr.registry``
is imported and loads *all* of them the first time it resolves a buffer
class (``get_buffer_class()`` / ``get_ndbuffer_class()``, which every array
operation calls through ``default_buffer_prototype()``), whatever class the
configuration names.  So loading must change nothing in a process that does
not select bufferspec.

``Buffer`` and ``NDBuffer`` are looked up through the module-level
:func:`__getattr__` so that each load by zarr runs
:func:`bufferspec._zarr_setup.connect_if_selected`: it connects bufferspec to
zarr (zarr's ``Buffer`` ABC, its ``NDBuffer`` checks) only when zarr's
configuration names a bufferspec class at that moment (``ZARR_BUFFER`` /
``ZARR_NDBUFFER``, a config file, or ``zarr.config.set`` before the load),
and does nothing otherwise.  The objects returned are
:class:`bufferspec.cpu.Buffer` and :class:`bufferspec.cpu.NDBuffer`
themselves, so zarr registers them under ``"bufferspec.cpu.Buffer"`` and
``"bufferspec.cpu.NDBuffer"`` (their ``__module__`` and ``__qualname__``).

Importing this module imports neither zarr nor anything that connects.
"""

from __future__ import annotations

__all__: list[str] = []  # the entry-point objects are reached through __getattr__ only

_NAMES = ("Buffer", "NDBuffer")


def __getattr__(name: str) -> type:
    """Return the class zarr's entry point *name* refers to, connecting first if zarr's config selects bufferspec.

    Parameters
    ----------
    name : str
        ``"Buffer"`` or ``"NDBuffer"``.

    Returns
    -------
    type
        :class:`bufferspec.cpu.Buffer` or :class:`bufferspec.cpu.NDBuffer`.

    Raises
    ------
    AttributeError
        For any other *name* (the module has no such attribute).
    """
    if name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from bufferspec import _zarr_setup, cpu

    _zarr_setup.connect_if_selected()
    cls: type = cpu.Buffer if name == "Buffer" else cpu.NDBuffer
    return cls
