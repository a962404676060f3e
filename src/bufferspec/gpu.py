"""The GPU reference implementation: strict buffers over CuPy arrays in CUDA device memory.

Same public names as ``zarr.buffer.gpu`` (``Buffer``, ``NDBuffer``,
``buffer_prototype``).  Install with ``pip install "bufferspec[gpu]"``
(CuPy); ``import bufferspec`` never imports CuPy, and importing this module
without CuPy or without a usable CUDA device raises one ``ImportError`` that
says which.

Arguments are checked with the helpers of :mod:`bufferspec.cpu`, so invalid
input raises the same ``TypeError``/``ValueError`` naming the argument.  What
device memory forces differently is listed on the "GPU" page of the docs:
host data is copied to the device (and device data to the host by
``as_numpy_array``, ``as_buffer_like``, ``to_bytes``, ``as_scalar``), device
arrays hold only bool, integer, float and complex dtypes in native byte
order, have no read-only mode and no buffer protocol.
"""

from __future__ import annotations

from bufferspec._gpu_buffer import Buffer
from bufferspec._gpu_ndbuffer import NDBuffer
from bufferspec._gpu_runtime import device_description
from bufferspec.protocols import BufferPrototype

__all__ = ["Buffer", "NDBuffer", "buffer_prototype", "device_description"]

# Present the public classes under their public home (repr, pickling, zarr's registry keys).
Buffer.__module__ = __name__
NDBuffer.__module__ = __name__

buffer_prototype: BufferPrototype = BufferPrototype(buffer=Buffer, nd_buffer=NDBuffer)
"""The prototype of the GPU reference classes: ``BufferPrototype(Buffer, NDBuffer)``."""
