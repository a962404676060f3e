"""The capabilities a target declares and a contract may need."""

from __future__ import annotations

__all__ = ["CAPABILITIES"]

#: Capabilities a contract may need.  ``buffer``/``nd_buffer``: the target has that
#: class; ``host_memory``: its memory is host memory (zero-copy NumPy views are
#: possible); ``writable``: buffers it makes can be written to; ``wrapper``: the
#: target has its own ``as_numpy_array_wrapper`` function beside it (found, not declared).
CAPABILITIES = frozenset({"buffer", "nd_buffer", "host_memory", "writable", "wrapper"})
