"""bufferspec on dask.distributed: buffers on the wire, and zarr on every worker.

Install with ``pip install "bufferspec[dask]"``.  Importing this module imports
distributed; ``import bufferspec`` and ``import bufferspec.cpu`` never do.

Two things, one automatic and one a single call:

* **Serialization needs no set-up.**  bufferspec's entry point in dask's
  ``dask.sizeof`` group runs in every process that imports dask (every client,
  scheduler and worker) and registers, lazily, distributed serializers in the
  ``dask`` family for :class:`bufferspec.cpu.Buffer` and
  :class:`bufferspec.cpu.NDBuffer`, and ``dask.sizeof`` for both.  The bytes
  travel as frames of their own, never copied into a pickle stream, on every
  connection (the scheduler's use pickle protocol 4, where pickling would copy
  them in band); read-only buffers arrive read-only.  :func:`register` does the
  same by hand, for a source tree without the installed package's entry points.
* **zarr on the workers.**  :func:`bufferspec.zarr.enable` in the client
  changes the client's process only: workers are other processes and keep
  zarr's own buffers.  Register :class:`ZarrBuffers` once::

      client.register_plugin(bufferspec.dask.ZarrBuffers())

  The scheduler keeps the plugin and runs it on every worker, present and
  future: new workers and workers after ``client.restart()`` come up with
  bufferspec selected.  Without a plugin, ``ZARR_BUFFER`` and ``ZARR_NDBUFFER``
  in the workers' environment (see :mod:`bufferspec.zarr`) select it as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dask.sizeof import sizeof
from distributed.diagnostics.plugin import WorkerPlugin

import bufferspec.zarr
from bufferspec._dask_hooks import register_sizeof
from bufferspec._dask_serializers import register_serializers
from bufferspec.cpu import Buffer, NDBuffer

if TYPE_CHECKING:
    from distributed import Worker

__all__ = ["ZarrBuffers", "is_registered", "register"]


def register() -> None:
    """Register bufferspec's distributed serializers and ``dask.sizeof`` in this process now.

    Not needed where bufferspec is installed (its ``dask.sizeof`` entry point
    does it in every process); idempotent.
    """
    register_serializers()
    register_sizeof(sizeof)


def is_registered() -> bool:
    """Whether distributed's ``dask`` family in this process serializes the reference classes itself.

    Resolves dask's lazy registration if it is pending (which is what
    distributed would do on the first buffer it sends).
    """
    from distributed.protocol.serialize import dask_deserialize, dask_serialize

    from bufferspec._dask_serializers import (
        deserialize_buffer,
        deserialize_ndbuffer,
        serialize_buffer,
        serialize_ndbuffer,
    )

    expected: dict[Any, tuple[Any, Any]] = {
        dask_serialize: (serialize_buffer, serialize_ndbuffer),
        dask_deserialize: (deserialize_buffer, deserialize_ndbuffer),
    }
    for dispatcher, (for_buffer, for_ndbuffer) in expected.items():
        try:
            if dispatcher.dispatch(Buffer) is not for_buffer or dispatcher.dispatch(NDBuffer) is not for_ndbuffer:
                return False
        except TypeError:  # nothing registered for the class
            return False
    return True


class ZarrBuffers(WorkerPlugin):  # type: ignore[misc]  # distributed is not typed
    """A worker plugin that makes zarr use bufferspec's buffers in every worker.

    ``setup`` runs :func:`bufferspec.zarr.enable` in the worker's process,
    ``teardown`` (``client.unregister_worker_plugin(ZarrBuffers.name)``)
    :func:`bufferspec.zarr.disable`.  The scheduler re-runs ``setup`` on every
    worker that joins later or restarts.

    Examples
    --------
    >>> client.register_plugin(bufferspec.dask.ZarrBuffers())  # doctest: +SKIP
    """

    #: distributed keys plugins by name: registering twice replaces, never duplicates.
    name = "bufferspec-zarr-buffers"

    def setup(self, worker: Worker) -> None:
        """Select bufferspec's buffers for zarr in the worker's process."""
        bufferspec.zarr.enable()

    def teardown(self, worker: Worker) -> None:
        """Give zarr its previous buffers back in the worker's process."""
        bufferspec.zarr.disable()
