"""distributed serializers for the reference ``Buffer`` and ``NDBuffer`` (imported only with distributed).

The serializers belong to distributed's ``dask`` family, which the scheduler
and workers try before pickle.  Pickle matters less than it seems: the
scheduler's connections use pickle protocol 4, where a buffer's bytes travel
in band (copied into the pickle stream); the ``dask`` family sends them as
frames of their own, without a copy, on every connection.

* ``Buffer``: one frame, the bytes themselves.
* ``NDBuffer``: NumPy's own distributed serializer for the wrapped array (dtype
  with its byte order, shape, strides, C or Fortran order, broadcast views,
  object arrays by pickle) with bufferspec's class around it.

Read-only buffers arrive read-only, writable ones writable (copied only when
the transport hands over read-only memory, as NumPy's serializer does).  A
subclass travels as itself when its instances hold nothing beyond the
reference's ``_data`` slot; one that does falls back to pickle.
"""

from __future__ import annotations

import pickle
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from distributed.protocol.numpy import deserialize_numpy_ndarray, serialize_numpy_ndarray
from distributed.protocol.serialize import dask_deserialize, dask_serialize

from bufferspec._cpu_buffer import Buffer
from bufferspec._cpu_buffer import _new as _new_buffer
from bufferspec._cpu_ndbuffer import NDBuffer
from bufferspec._cpu_ndbuffer import _new as _new_ndbuffer

__all__ = [
    "deserialize_buffer",
    "deserialize_ndbuffer",
    "register_serializers",
    "serialize_buffer",
    "serialize_ndbuffer",
]

_T = TypeVar("_T")
_BASE_SLOTS = frozenset({"_data", "__dict__", "__weakref__"})


def _class_entry(value: Buffer | NDBuffer, base: type) -> bytes | None:
    """``None`` for the reference class itself, the pickled class for a stateless subclass.

    Raises
    ------
    NotImplementedError
        If *value*'s class adds state of its own (distributed then uses pickle).
    """
    cls = type(value)
    if cls is base:
        return None
    for klass in cls.__mro__[: cls.__mro__.index(base)]:
        slots = klass.__dict__.get("__slots__", ())
        if set((slots,) if isinstance(slots, str) else slots) - _BASE_SLOTS:
            raise NotImplementedError(f"{cls.__qualname__} has slots of its own")
    if getattr(value, "__dict__", None):
        raise NotImplementedError(f"{cls.__qualname__} instances carry attributes of their own")
    return pickle.dumps(cls)


def _class_of(header: dict[str, Any], base: type[_T]) -> type[_T]:
    entry = header.get("class")
    cls: type[_T] = base if entry is None else pickle.loads(entry)
    return cls


def serialize_buffer(value: Buffer) -> tuple[dict[str, Any], list[memoryview]]:
    """distributed's ``dask`` family: *value*'s bytes as one frame, never copied."""
    data = value._data
    header: dict[str, Any] = {"writeable": bool(data.flags.writeable)}
    entry = _class_entry(value, Buffer)
    if entry is not None:
        header["class"] = entry
    return header, [data.data]


def deserialize_buffer(header: dict[str, Any], frames: list[Any]) -> Buffer:
    """Inverse of :func:`serialize_buffer`: shares the frame's memory when its writability allows."""
    (frame,) = frames
    data: npt.NDArray[Any] = np.frombuffer(frame, dtype=np.uint8)
    if not header["writeable"]:
        data.flags.writeable = False
    elif not data.flags.writeable:  # the transport gave read-only memory (bytes from a decompressor)
        data = data.copy()
    result: Buffer = _new_buffer(_class_of(header, Buffer))
    result._data = data
    return result


def serialize_ndbuffer(value: NDBuffer, context: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[Any]]:
    """distributed's ``dask`` family: NumPy's serializer for the array, bufferspec's class around it."""
    header: dict[str, Any]
    header, frames = serialize_numpy_ndarray(value._data, context=context)
    entry = _class_entry(value, NDBuffer)
    if entry is not None:
        header = {**header, "class": entry}
    return header, frames


def deserialize_ndbuffer(header: dict[str, Any], frames: list[Any]) -> NDBuffer:
    """Inverse of :func:`serialize_ndbuffer`."""
    entry = header.get("class")  # inline: this runs once per value received
    result: NDBuffer = _new_ndbuffer(NDBuffer if entry is None else pickle.loads(entry))
    result._data = deserialize_numpy_ndarray(header, frames)
    return result


def register_serializers() -> None:
    """Register the four functions above with distributed's ``dask`` family (idempotent)."""
    dask_serialize.register(Buffer)(serialize_buffer)
    dask_deserialize.register(Buffer)(deserialize_buffer)
    dask_serialize.register(NDBuffer)(serialize_ndbuffer)
    dask_deserialize.register(NDBuffer)(deserialize_ndbuffer)
