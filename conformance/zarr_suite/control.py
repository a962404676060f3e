"""Trivial subclasses of zarr's own cpu buffers: the control run's buffer classes.

Importing this module registers them with zarr's registry under
``conformance.zarr_suite.control.ControlBuffer`` and ``...ControlNDBuffer``,
the names the control run puts in ``ZARR_BUFFER`` / ``ZARR_NDBUFFER``.  They
change nothing but their class, so every test that fails with them selected
fails because zarr treats a non-default buffer class differently, not because
of anything bufferspec does.
"""

from __future__ import annotations

from zarr.core.buffer import cpu
from zarr.registry import register_buffer, register_ndbuffer

__all__ = ["BUFFER_NAME", "NDBUFFER_NAME", "ControlBuffer", "ControlNDBuffer"]

BUFFER_NAME = f"{__name__}.ControlBuffer"
NDBUFFER_NAME = f"{__name__}.ControlNDBuffer"


class ControlBuffer(cpu.Buffer):
    """zarr's ``cpu.Buffer``, under another name."""


class ControlNDBuffer(cpu.NDBuffer):
    """zarr's ``cpu.NDBuffer``, under another name."""


register_buffer(ControlBuffer, qualname=BUFFER_NAME)
register_ndbuffer(ControlNDBuffer, qualname=NDBUFFER_NAME)
