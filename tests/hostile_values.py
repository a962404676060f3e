"""A pool of hostile inputs for the reference implementation, and tools to judge what it did with them.

Every entry is a *factory*: some values are consumed (a closed ``mmap``, a
released ``memoryview``) or could be mutated by a faulty implementation, so
each call gets a fresh one.  :func:`snapshot` captures everything observable
about an object so that a test can check that a failed (or read-only) call
left it unchanged.
"""

from __future__ import annotations

import array
import fractions
import mmap
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from bufferspec import cpu
from tests.foreign import ForeignBuffer, ForeignNDBuffer

__all__ = [
    "HOSTILE_DTYPES",
    "POOL",
    "Hostile",
    "closed_mmap",
    "released_mmap_view",
    "snapshot",
]


@dataclass(frozen=True)
class Hostile:
    """One hostile input: a name for reports and a factory that builds a fresh one."""

    name: str
    make: Callable[[], Any]

    def __repr__(self) -> str:
        return self.name


class SubArray(np.ndarray):
    """An ndarray subclass: accepted where an ndarray is, kept as it is."""


def _has_longdouble() -> bool:
    return np.dtype(np.longdouble).itemsize > 8


def _string_dtype() -> np.dtype[Any] | None:
    """NumPy 2's variable-length ``StringDType``, or ``None`` on NumPy 1."""
    try:
        return np.dtype("T")
    except TypeError:
        return None


def closed_mmap() -> mmap.mmap:
    """An anonymous mmap that was written to and then closed."""
    mapped = mmap.mmap(-1, 16)
    mapped.write(b"0123456789abcdef")
    mapped.close()
    return mapped


def released_mmap_view() -> memoryview:
    """A memoryview of an mmap, released and then the mmap closed: every use must fail cleanly."""
    mapped = mmap.mmap(-1, 16)
    view = memoryview(mapped)
    view.release()
    mapped.close()
    return view


def _read_only(array_: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array_.flags.writeable = False
    return array_


#: dtypes that are valid but unusual or awkward; every one is tried where a dtype is expected.
HOSTILE_DTYPES: list[Any] = [
    np.dtype("O"),
    np.dtype("V4"),
    np.dtype([("a", "<i4"), ("b", ">f8")]),
    np.dtype([("sub", "<i2", (2,))]),
    np.dtype("M8[D]"),
    np.dtype(">M8[ns]"),
    np.dtype("m8[s]"),
    np.dtype("M8"),
    np.dtype("f2"),
    np.dtype(">f4"),
    np.dtype("c8"),
    np.dtype("?"),
    np.dtype("S3"),
    np.dtype("<U3"),
    np.dtype("i1"),
    np.dtype(">u8"),
    *([np.dtype(np.longdouble), np.dtype(np.clongdouble)] if _has_longdouble() else []),
    *([] if _string_dtype() is None else [_string_dtype()]),
]


def _arrays_of_hostile_dtypes() -> list[Hostile]:
    made: list[Hostile] = []
    for dtype in HOSTILE_DTYPES:
        made.append(Hostile(f"array[{dtype}]", _zeros_of(dtype)))
    return made


def _zeros_of(dtype: np.dtype[Any]) -> Callable[[], Any]:
    return lambda: np.zeros(3, dtype=dtype)


POOL: list[Hostile] = [
    # -- wrong types -----------------------------------------------------------------------
    Hostile("None", lambda: None),
    Hostile("True", lambda: True),
    Hostile("int 3", lambda: 3),
    Hostile("int -1", lambda: -1),
    Hostile("int 2**31", lambda: 2**31),
    Hostile("int 2**63", lambda: 2**63),
    Hostile("int 2**100", lambda: 2**100),
    Hostile("int 10**400", lambda: 10**400),
    Hostile("float 1.5", lambda: 1.5),
    Hostile("float 1e300", lambda: 1e300),
    Hostile("float -0.0", lambda: -0.0),
    Hostile("float nan", lambda: float("nan")),
    Hostile("float inf", lambda: float("inf")),
    Hostile("complex 1+2j", lambda: 1 + 2j),
    Hostile("np.float64 1e300", lambda: np.float64(1e300)),
    Hostile("np.complex128 1+2j", lambda: np.complex128(1 + 2j)),
    Hostile("np.complex128 3+0j", lambda: np.complex128(3 + 0j)),
    Hostile("np.int64 2", lambda: np.int64(2)),
    Hostile("np.uint64 max", lambda: np.uint64(2**64 - 1)),
    Hostile("np.datetime64 ms", lambda: np.datetime64("2020-01-01T00:00:00.500")),
    Hostile("np.timedelta64 5s", lambda: np.timedelta64(5, "s")),
    # NumPy cannot print this one (repr raises ValueError): messages must not repr it blindly.
    Hostile("0-d generic datetime, not NaT", lambda: np.array(1, "i8").view("M8")),
    Hostile("Decimal", lambda: Decimal("1.25")),
    Hostile("Fraction", lambda: fractions.Fraction(1, 3)),
    Hostile("str", lambda: "abc"),
    Hostile("str NaT", lambda: "NaT"),
    Hostile("str C", lambda: "C"),
    Hostile("str c (lower)", lambda: "c"),
    Hostile("str CF", lambda: "CF"),
    Hostile("str dtype-like", lambda: "f8"),
    Hostile("str not a dtype", lambda: "not-a-dtype"),
    Hostile("bytes", lambda: b"abcd"),
    Hostile("empty bytes", lambda: b""),
    Hostile("bytearray", lambda: bytearray(b"wxyz")),
    Hostile("list of ints", lambda: [1, 2]),
    Hostile("list ragged", lambda: [[1], [2, 3]]),
    Hostile("list with None", lambda: [1, None]),
    Hostile("list of np.complex", lambda: [np.complex128(1 + 2j), np.complex128(1 + 2j)]),
    Hostile("empty list", lambda: []),
    Hostile("tuple (2, 3)", lambda: (2, 3)),
    Hostile("tuple (1, 2.0)", lambda: (1, 2.0)),
    Hostile("tuple with -1", lambda: (2, -1)),
    Hostile("tuple with 1.5", lambda: (2, 1.5)),
    Hostile("tuple with str", lambda: (2, "3")),
    Hostile("tuple huge dims", lambda: (2**40, 2**40)),
    Hostile("tuple 2**63", lambda: (2**63,)),
    Hostile("tuple 2**100", lambda: (2**100,)),
    Hostile("tuple (0, 0, 0)", lambda: (0, 0, 0)),
    Hostile("dict", lambda: {"a": 1}),
    Hostile("set", lambda: {1}),
    Hostile("object()", lambda: object()),
    Hostile("Ellipsis", lambda: Ellipsis),
    Hostile("type int", lambda: int),
    Hostile("lambda", lambda: lambda *_: None),
    Hostile("generator", lambda: (i for i in range(2))),
    Hostile("slice 1:3", lambda: slice(1, 3)),
    Hostile("slice step 2", lambda: slice(0, 4, 2)),
    Hostile("slice step -1", lambda: slice(None, None, -1)),
    Hostile("slice step 0", lambda: slice(0, 4, 0)),
    Hostile("slice float bounds", lambda: slice(0.5, 2)),
    Hostile("slice str bounds", lambda: slice("a", "b")),
    Hostile("slice huge bounds", lambda: slice(-(2**100), 2**100)),
    Hostile("slice np.int64 bounds", lambda: slice(np.int64(1), np.int64(3))),
    # -- buffer-protocol objects -------------------------------------------------------------
    Hostile("memoryview", lambda: memoryview(b"mv")),
    Hostile("memoryview strided", lambda: memoryview(b"abcdef")[::2]),
    Hostile("memoryview 2-d", lambda: memoryview(bytearray(b"abcdef")).cast("B", (2, 3))),
    Hostile("memoryview of floats", lambda: memoryview(array.array("d", [1.5, -2.0]))),
    Hostile("array.array('d')", lambda: array.array("d", [1.5])),
    Hostile("closed mmap", closed_mmap),
    Hostile("released view of closed mmap", released_mmap_view),
    # -- NumPy arrays: shapes, orders, strides, flags -------------------------------------------
    Hostile("u1 1-d", lambda: np.arange(4, dtype=np.uint8)),
    Hostile("u1 empty", lambda: np.zeros(0, np.uint8)),
    Hostile("u1 read-only", lambda: _read_only(np.arange(4, dtype=np.uint8))),
    Hostile("u1 0-d", lambda: np.zeros((), np.uint8)),
    Hostile("u1 2-d", lambda: np.zeros((2, 2), np.uint8)),
    Hostile("u1 F-order 2-d", lambda: np.asfortranarray(np.arange(6, dtype=np.uint8).reshape(2, 3))),
    Hostile("u1 strided", lambda: np.arange(8, dtype=np.uint8)[::2]),
    Hostile("u1 reversed", lambda: np.arange(4, dtype=np.uint8)[::-1]),
    Hostile("u1 ndarray subclass", lambda: np.arange(4, dtype=np.uint8).view(SubArray)),
    Hostile("i8 [2, 3]", lambda: np.array([2, 3])),
    Hostile("i8 [0]", lambda: np.array([0])),
    Hostile("f8 1e300 0-d", lambda: np.array(1e300)),
    Hostile("f8 nan array", lambda: np.array([np.nan, 1.0])),
    Hostile("f8 2x3", lambda: np.arange(6.0).reshape(2, 3)),
    Hostile("f8 strided", lambda: np.arange(8.0)[::2]),
    Hostile("f8 read-only", lambda: _read_only(np.arange(3.0))),
    Hostile("bool mask", lambda: np.array([True, False])),
    Hostile("c16 array", lambda: np.array([1 + 2j, 3 + 0j])),
    *_arrays_of_hostile_dtypes(),
    # -- conforming buffers (accepted where a buffer is expected) --------------------------------
    Hostile("cpu.Buffer", lambda: cpu.Buffer.from_bytes(bytearray(b"cd"))),
    Hostile("read-only cpu.Buffer", lambda: cpu.Buffer.from_bytes(b"ro")),
    Hostile("foreign Buffer", lambda: ForeignBuffer(np.frombuffer(b"fb", np.uint8).copy())),
    Hostile("cpu.NDBuffer", lambda: cpu.NDBuffer.from_numpy_array(np.arange(3.0))),
    Hostile("foreign NDBuffer", lambda: ForeignNDBuffer(np.arange(3.0))),
    Hostile("cpu.buffer_prototype", lambda: cpu.buffer_prototype),
    Hostile("cpu.Buffer class", lambda: cpu.Buffer),
]


def snapshot(obj: object) -> object:
    """Everything observable about *obj* that a call must not change, as a comparable value."""
    if isinstance(obj, np.ndarray):
        raw: object = obj.tobytes() if not (obj.dtype.hasobject or obj.dtype.kind == "T") else repr(obj.tolist())
        return (
            "ndarray",
            type(obj),
            raw,
            obj.dtype.str,
            obj.dtype.descr if obj.dtype.names else None,
            obj.shape,
            obj.strides,
            obj.flags.writeable,
            obj.__array_interface__["data"][0],
        )
    if isinstance(obj, memoryview):
        try:
            return ("memoryview", obj.tobytes(), obj.readonly, obj.shape, obj.format)
        except ValueError:
            return ("memoryview", "released")
    if isinstance(obj, mmap.mmap):
        return ("mmap", obj.closed, None if obj.closed else obj[:])
    if isinstance(obj, (bytearray, array.array)):
        return (type(obj), obj.tobytes() if isinstance(obj, array.array) else bytes(obj))
    if isinstance(obj, (cpu.Buffer, ForeignBuffer)):
        return ("Buffer", type(obj), snapshot(obj.as_numpy_array()))
    if isinstance(obj, (cpu.NDBuffer, ForeignNDBuffer)):
        return ("NDBuffer", type(obj), snapshot(obj.as_numpy_array()))
    if isinstance(obj, (list, dict, set)):
        return (type(obj), repr(obj))
    return (type(obj), id(obj))
