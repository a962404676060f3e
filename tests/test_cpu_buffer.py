"""Tests of the reference flat byte buffer, :class:`bufferspec.cpu.Buffer`.

The contract is the normative docstrings of :class:`bufferspec.protocols.Buffer`
and :class:`bufferspec.protocols.BufferClass` plus the "Buffer" part of the
foundation issue.  Interoperability is checked against the foreign conforming
classes in :mod:`tests.foreign`, which share no code with ``bufferspec.cpu``.
"""

from __future__ import annotations

import array
import io
import mmap
import pickle
import struct
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bufferspec import cpu
from bufferspec.protocols import Buffer as BufferProtocol
from bufferspec.protocols import BufferClass
from tests.foreign import ForeignBuffer, StridedForeignBuffer

# Modest, self-contained Hypothesis settings (no global profile is loaded).
PROPERTY = settings(max_examples=75, deadline=None)

needs_pep688 = pytest.mark.skipif(
    sys.version_info < (3, 12), reason="PEP 688 __buffer__ is only used by Python 3.12+"
)

Factory = Callable[[], Any]


class SubBuffer(cpu.Buffer):
    """A subclass of the reference Buffer: constructors and derived buffers must keep it."""

    __slots__ = ()


BUFFER_CLASSES = [pytest.param(cpu.Buffer, id="Buffer"), pytest.param(SubBuffer, id="SubBuffer")]


# -- helpers --------------------------------------------------------------------------


def u8(data: bytes) -> npt.NDArray[np.uint8]:
    """A fresh, writable, C-contiguous ``uint8`` array holding *data*."""
    return np.frombuffer(data, dtype=np.uint8).copy()


def raw(obj: Any) -> npt.NDArray[np.uint8]:
    """A 1-d ``uint8`` view (never a copy) of the memory of a contiguous bytes-like object."""
    if isinstance(obj, np.ndarray):
        return obj.reshape(-1).view(np.uint8)
    return np.frombuffer(memoryview(obj).cast("B"), dtype=np.uint8)


def shares(buf: BufferProtocol, other: npt.NDArray[Any]) -> bool:
    """Whether *buf*'s host array overlaps *other* in memory."""
    return bool(np.shares_memory(buf.as_numpy_array(), other))


def state(obj: object) -> object:
    """A comparable snapshot of *obj*, to check that a failed call left it unchanged."""
    if isinstance(obj, np.ndarray):
        return (
            obj.tobytes(),
            obj.dtype.str,
            obj.shape,
            obj.strides,
            obj.flags.writeable,
            obj.__array_interface__["data"][0],
        )
    if isinstance(obj, memoryview):
        return (obj.tobytes(), obj.readonly, obj.shape, obj.strides, obj.format)
    if isinstance(obj, mmap.mmap):
        return ("mmap", obj.closed)
    if isinstance(obj, (cpu.Buffer, ForeignBuffer)):
        return (type(obj), state(obj.as_numpy_array()))
    return (type(obj), repr(obj))


BUFFER_KINDS = ("cpu", "cpu-readonly", "sub", "foreign", "strided")


def make(kind: str, data: bytes) -> BufferProtocol:
    """A buffer of the given kind holding *data* (fresh memory, except ``cpu-readonly``)."""
    if kind == "cpu":
        return cpu.Buffer.from_bytes(bytearray(data))
    if kind == "cpu-readonly":
        return cpu.Buffer.from_bytes(bytes(data))
    if kind == "sub":
        return SubBuffer.from_bytes(bytearray(data))
    if kind == "foreign":
        return ForeignBuffer(u8(data))
    if kind == "strided":
        strided = StridedForeignBuffer(u8(data))
        assert not strided.as_numpy_array().flags.c_contiguous or len(data) <= 1
        return strided
    raise AssertionError(kind)


# -- protocol conformance ------------------------------------------------------------


@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_reference_classes_conform_to_the_protocols(cls: type[cpu.Buffer]) -> None:
    assert isinstance(cls.from_bytes(b"ab"), BufferProtocol)
    assert issubclass(cls, BufferClass)
    assert not isinstance(b"ab", BufferProtocol)
    assert not isinstance(np.zeros(2, np.uint8), BufferProtocol)


# -- constructor -----------------------------------------------------------------------

VALID_ARRAYS = [
    pytest.param(lambda: np.arange(7, dtype=np.uint8), id="writable"),
    pytest.param(lambda: np.frombuffer(b"read-only", dtype=np.uint8), id="read-only"),
    pytest.param(lambda: np.zeros(0, np.uint8), id="empty"),
    pytest.param(lambda: np.arange(20, dtype=np.uint8)[5:12], id="offset-view"),
]

INIT_VALUE_ERRORS = [
    pytest.param(lambda: np.zeros((), np.uint8), id="0-d"),
    pytest.param(lambda: np.zeros((2, 3), np.uint8), id="2-d"),
    pytest.param(lambda: np.zeros(4, np.int8), id="int8"),
    pytest.param(lambda: np.zeros(4, np.uint16), id="uint16"),
    pytest.param(lambda: np.zeros(4, np.float64), id="float64"),
    pytest.param(lambda: np.zeros(4, np.bool_), id="bool"),
    pytest.param(lambda: np.arange(10, dtype="u1")[::2], id="strided"),
    pytest.param(lambda: np.arange(10, dtype="u1")[::-1], id="reversed"),
]

INIT_TYPE_ERRORS = [
    pytest.param(lambda: b"abc", id="bytes"),
    pytest.param(lambda: bytearray(b"abc"), id="bytearray"),
    pytest.param(lambda: [1, 2, 3], id="list"),
    pytest.param(lambda: memoryview(b"abc"), id="memoryview"),
    pytest.param(lambda: None, id="None"),
    pytest.param(lambda: 3, id="int"),
]

ARRAY_CONSTRUCTORS = [
    pytest.param(cpu.Buffer, id="Buffer()"),
    pytest.param(cpu.Buffer.from_array_like, id="Buffer.from_array_like"),
    pytest.param(SubBuffer, id="SubBuffer()"),
    pytest.param(SubBuffer.from_array_like, id="SubBuffer.from_array_like"),
]


@pytest.mark.parametrize("factory", VALID_ARRAYS)
@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_init_stores_the_array_itself(cls: type[cpu.Buffer], factory: Factory) -> None:
    arr = factory()
    expected = arr.tobytes()
    buf = cls(arr)
    assert type(buf) is cls
    assert buf.as_array_like() is arr
    assert buf.as_numpy_array() is arr
    assert len(buf) == arr.size
    assert buf.to_bytes() == expected


@pytest.mark.parametrize("factory", VALID_ARRAYS)
@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_from_array_like_round_trips_the_same_object(
    cls: type[cpu.Buffer], factory: Factory
) -> None:
    arr = factory()
    buf = cls.from_array_like(arr)
    assert type(buf) is cls
    assert buf.as_array_like() is arr
    assert buf.as_numpy_array() is arr


@pytest.mark.parametrize("factory", INIT_VALUE_ERRORS)
@pytest.mark.parametrize("constructor", ARRAY_CONSTRUCTORS)
def test_init_rejects_a_wrong_array_with_value_error(
    constructor: Callable[[Any], cpu.Buffer], factory: Factory
) -> None:
    arr = factory()
    before = state(arr)
    with pytest.raises(ValueError, match="array_like"):
        constructor(arr)
    assert state(arr) == before


@pytest.mark.parametrize("factory", INIT_TYPE_ERRORS)
@pytest.mark.parametrize("constructor", ARRAY_CONSTRUCTORS)
def test_init_rejects_a_non_array_with_type_error(
    constructor: Callable[[Any], cpu.Buffer], factory: Factory
) -> None:
    obj = factory()
    before = state(obj)
    with pytest.raises(TypeError, match="array_like"):
        constructor(obj)
    assert state(obj) == before


# -- from_bytes -------------------------------------------------------------------------


@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_from_bytes_of_bytes_is_read_only_and_zero_copy(cls: type[cpu.Buffer]) -> None:
    src = b"hello, buffer"
    buf = cls.from_bytes(src)
    assert type(buf) is cls
    assert buf.to_bytes() == src
    arr = buf.as_numpy_array()
    assert arr.dtype == np.uint8 and arr.ndim == 1
    assert not arr.flags.writeable
    assert shares(buf, raw(src))
    assert arr.__array_interface__["data"][0] == raw(src).__array_interface__["data"][0]


@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_from_bytes_of_bytearray_aliases_it_both_ways(cls: type[cpu.Buffer]) -> None:
    src = bytearray(b"0123456789")
    buf = cls.from_bytes(src)
    assert buf.as_numpy_array().flags.writeable
    assert shares(buf, raw(src))
    src[0:3] = b"abc"
    assert buf.to_bytes() == b"abc3456789"
    buf[7:10] = b"XYZ"
    assert bytes(src) == b"abc3456XYZ"


def test_from_bytes_of_memoryview() -> None:
    writable = bytearray(b"memoryview")
    buf = cpu.Buffer.from_bytes(memoryview(writable))
    assert buf.to_bytes() == b"memoryview"
    assert buf.as_numpy_array().flags.writeable
    buf[0:3] = b"MEM"
    assert bytes(writable) == b"MEMoryview"

    read_only = b"read-only"
    ro_buf = cpu.Buffer.from_bytes(memoryview(read_only))
    assert ro_buf.to_bytes() == read_only
    assert not ro_buf.as_numpy_array().flags.writeable
    assert shares(ro_buf, raw(read_only))


def test_from_bytes_of_memoryview_slice_is_zero_copy() -> None:
    src = bytearray(b"0123456789")
    buf = cpu.Buffer.from_bytes(memoryview(src)[3:7])
    assert buf.to_bytes() == b"3456"
    buf[0:1] = b"X"
    assert bytes(src) == b"012X456789"


def test_from_bytes_of_array_array_gives_raw_bytes_zero_copy() -> None:
    src = array.array("d", [1.5, -2.0, 3.25])
    buf = cpu.Buffer.from_bytes(src)
    assert len(buf) == 24
    assert buf.to_bytes() == src.tobytes()
    assert shares(buf, raw(src))
    buf[0:8] = struct.pack("d", 9.5)
    assert src[0] == 9.5


def test_from_bytes_of_mmap_aliases_the_mapping() -> None:
    mm = mmap.mmap(-1, 16)
    try:
        mm[:] = b"0123456789abcdef"
        buf = cpu.Buffer.from_bytes(mm)
        assert buf.to_bytes() == b"0123456789abcdef"
        buf[0:2] = b"XY"
        assert mm[0:2] == b"XY"
        mm[2:4] = b"ZW"
        assert buf.to_bytes()[:4] == b"XYZW"
        del buf  # release the export so the mapping can be closed
    finally:
        mm.close()


RAW_BYTE_ARRAYS = [
    pytest.param(lambda: np.array([1.0, -2.5, np.pi]), id="float64"),
    pytest.param(lambda: np.arange(12, dtype=np.float64).reshape(3, 4), id="float64-2d-C"),
    pytest.param(lambda: np.arange(24, dtype=np.int16).reshape(2, 3, 4), id="int16-3d-C"),
    pytest.param(lambda: np.array([1.0, 2.0], dtype=">f8"), id="big-endian"),
    pytest.param(lambda: np.array([1 + 2j, -3j]), id="complex128"),
    pytest.param(lambda: np.array([True, False, True]), id="bool"),
    pytest.param(lambda: np.array(1.5), id="0-d"),
    pytest.param(lambda: np.array(["ab", "c"], dtype="U2"), id="unicode"),
    pytest.param(lambda: np.zeros(3, dtype="i4,f8"), id="structured"),
    pytest.param(lambda: np.arange(6, dtype=np.float32).reshape(6, 1, order="F"), id="F-and-C"),
    pytest.param(
        lambda: np.array(["2020-01-01", "1970-01-02"], dtype="M8[D]"),
        id="datetime64",
    ),
    pytest.param(
        lambda: np.array([1, -2], dtype="m8[s]"),
        id="timedelta64",
    ),
]


@pytest.mark.parametrize("factory", RAW_BYTE_ARRAYS)
def test_from_bytes_of_ndarray_gives_its_raw_bytes_zero_copy(factory: Factory) -> None:
    arr = factory()
    buf = cpu.Buffer.from_bytes(arr)
    assert len(buf) == arr.nbytes
    assert buf.to_bytes() == arr.tobytes()
    assert shares(buf, arr)
    assert buf.as_numpy_array().flags.writeable == arr.flags.writeable


def test_from_bytes_of_read_only_ndarray_is_read_only() -> None:
    # Typed Any: numpy's stubs declare ndarray.__buffer__ only for Python 3.12+, so with
    # mypy's python_version = 3.11 an ndarray is not statically a BytesLike.
    arr: Any = np.arange(4, dtype=np.int32)
    arr.flags.writeable = False
    buf = cpu.Buffer.from_bytes(arr)
    assert not buf.as_numpy_array().flags.writeable
    assert buf.to_bytes() == arr.tobytes()


EMPTY_INPUTS = [
    pytest.param(lambda: b"", id="bytes"),
    pytest.param(lambda: bytearray(), id="bytearray"),
    pytest.param(lambda: memoryview(b""), id="memoryview"),
    pytest.param(lambda: array.array("d"), id="array.array"),
    pytest.param(lambda: np.zeros(0, np.uint8), id="uint8-array"),
    pytest.param(lambda: np.zeros(0, np.float64), id="float64-array"),
    pytest.param(
        lambda: np.zeros((0, 3), np.uint8),
        id="2-d-zero-rows",
    ),
    pytest.param(
        lambda: np.zeros((0, 3), np.float32).data,  # a 2-d memoryview with no rows
        id="2-d-empty-memoryview",
    ),
]


@pytest.mark.parametrize("factory", EMPTY_INPUTS)
def test_from_bytes_of_empty_input_is_empty(factory: Factory) -> None:
    buf = cpu.Buffer.from_bytes(factory())
    assert len(buf) == 0
    assert buf.to_bytes() == b""
    assert buf == cpu.Buffer.create_zero_length()


FROM_BYTES_TYPE_ERRORS = [
    pytest.param(lambda: "text", id="str"),
    pytest.param(lambda: "", id="empty-str"),
    pytest.param(lambda: 3, id="int"),
    pytest.param(lambda: None, id="None"),
    pytest.param(lambda: [1, 2, 3], id="list"),
    pytest.param(lambda: np.array([1, None, "x"], dtype=object), id="object-array"),
]

FROM_BYTES_VALUE_ERRORS = [
    pytest.param(lambda: memoryview(b"abcdef")[::2], id="strided-memoryview"),
    pytest.param(lambda: np.asfortranarray(np.arange(12.0).reshape(3, 4)), id="fortran-2d"),
    pytest.param(lambda: np.arange(10, dtype=np.uint8)[::2], id="strided-array"),
]


@pytest.mark.parametrize("factory", FROM_BYTES_TYPE_ERRORS)
@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_from_bytes_rejects_non_buffers_with_type_error(
    cls: type[cpu.Buffer], factory: Factory
) -> None:
    obj = factory()
    before = state(obj)
    with pytest.raises(TypeError, match="bytes_like"):
        cls.from_bytes(obj)
    assert state(obj) == before


@pytest.mark.parametrize("factory", FROM_BYTES_VALUE_ERRORS)
def test_from_bytes_rejects_non_contiguous_memory_with_value_error(factory: Factory) -> None:
    obj = factory()
    before = state(obj)
    with pytest.raises(ValueError, match="bytes_like"):
        cpu.Buffer.from_bytes(obj)
    assert state(obj) == before


def test_from_bytes_rejects_a_closed_mmap_with_value_error() -> None:
    mm = mmap.mmap(-1, 8)
    mm.close()
    with pytest.raises(ValueError, match="bytes_like"):
        cpu.Buffer.from_bytes(mm)
    assert mm.closed


# -- accessors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "read_only"),
    [
        pytest.param(lambda: b"0123456789", True, id="bytes"),
        pytest.param(lambda: bytearray(b"0123456789"), False, id="bytearray"),
    ],
)
def test_as_buffer_like_is_a_zero_copy_contiguous_memoryview(
    source: Factory, read_only: bool
) -> None:
    buf = cpu.Buffer.from_bytes(source())
    view = buf.as_buffer_like()
    assert isinstance(view, memoryview)
    assert view.c_contiguous
    assert view.nbytes == len(buf) == 10
    assert view.tobytes() == b"0123456789"
    assert view.readonly is read_only
    assert shares(buf, raw(view))


def test_as_buffer_like_writes_through() -> None:
    buf = cpu.Buffer.from_bytes(bytearray(b"0123456789"))
    view = memoryview(buf.as_buffer_like()).cast("B")
    view[0] = ord("Z")
    assert buf.to_bytes() == b"Z123456789"


def test_as_buffer_like_of_a_slice_covers_only_the_slice() -> None:
    buf = cpu.Buffer.from_bytes(b"0123456789")[2:5]
    view = buf.as_buffer_like()
    assert isinstance(view, memoryview)
    assert view.nbytes == 3
    assert view.tobytes() == b"234"
    assert view.c_contiguous


@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_create_zero_length(cls: type[cpu.Buffer]) -> None:
    buf = cls.create_zero_length()
    assert type(buf) is cls
    assert len(buf) == 0
    assert buf.to_bytes() == b""
    assert buf.as_numpy_array().flags.writeable
    buf[0:0] = b""  # writable: assigning an empty slice is allowed
    assert buf == cls.from_bytes(b"")


# -- from_buffer ----------------------------------------------------------------------------


@pytest.mark.parametrize("source_cls", BUFFER_CLASSES)
@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_from_buffer_of_a_reference_buffer_is_zero_copy(
    cls: type[cpu.Buffer], source_cls: type[cpu.Buffer]
) -> None:
    source = source_cls.from_bytes(bytearray(b"0123456789"))
    buf = cls.from_buffer(source)
    assert type(buf) is cls
    assert buf == source
    assert shares(buf, source.as_numpy_array())
    buf[0:2] = b"AB"
    assert source.to_bytes() == b"AB23456789"


@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_from_buffer_of_a_foreign_buffer_is_zero_copy(cls: type[cpu.Buffer]) -> None:
    foreign = ForeignBuffer(u8(b"0123456789"))
    buf = cls.from_buffer(foreign)
    assert type(buf) is cls
    assert buf.to_bytes() == b"0123456789"
    assert shares(buf, foreign.as_numpy_array())
    foreign.data[9] = ord("!")
    assert buf.to_bytes() == b"012345678!"


@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_from_buffer_of_a_strided_foreign_buffer_is_contiguous(cls: type[cpu.Buffer]) -> None:
    foreign = StridedForeignBuffer(u8(b"0123456789"))
    assert not foreign.as_numpy_array().flags.c_contiguous
    buf = cls.from_buffer(foreign)
    assert type(buf) is cls
    assert buf.to_bytes() == b"0123456789"
    assert buf.as_numpy_array().flags.c_contiguous
    assert buf.as_numpy_array().dtype == np.uint8
    view = buf.as_buffer_like()
    assert isinstance(view, memoryview)
    assert view.c_contiguous


@pytest.mark.parametrize(
    "factory",
    [
        pytest.param(lambda: b"abc", id="bytes"),
        pytest.param(lambda: bytearray(b"abc"), id="bytearray"),
        pytest.param(lambda: memoryview(b"abc"), id="memoryview"),
        pytest.param(lambda: np.zeros(3, np.uint8), id="ndarray"),
        pytest.param(lambda: None, id="None"),
    ],
)
def test_from_buffer_rejects_non_buffers_with_type_error(factory: Factory) -> None:
    obj = factory()
    before = state(obj)
    with pytest.raises(TypeError, match=r"\bbuffer\b"):
        cpu.Buffer.from_buffer(obj)
    assert state(obj) == before


# -- to_bytes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(lambda: b"some bytes", id="bytes"),
        pytest.param(lambda: bytearray(b"some bytes"), id="bytearray"),
        pytest.param(lambda: u8(b"some bytes"), id="ndarray"),
    ],
)
def test_to_bytes_returns_a_new_bytes_object(source: Factory) -> None:
    src = source()
    buf = cpu.Buffer.from_bytes(src)
    result = buf.to_bytes()
    assert type(result) is bytes
    assert result == b"some bytes"
    assert result is not src
    assert buf.to_bytes() is not result


def test_to_bytes_is_a_snapshot() -> None:
    src = bytearray(b"before")
    buf = cpu.Buffer.from_bytes(src)
    snapshot = buf.to_bytes()
    src[:] = b"after!"
    assert snapshot == b"before"
    assert buf.to_bytes() == b"after!"


# -- __getitem__ --------------------------------------------------------------------------------

BOUNDS = st.none() | st.integers(min_value=-70, max_value=70)


@PROPERTY
@given(
    data=st.binary(max_size=64),
    start=BOUNDS,
    stop=BOUNDS,
    step=st.sampled_from([None, 1]),
    cls=st.sampled_from([cpu.Buffer, SubBuffer]),
    writable=st.booleans(),
)
@example(data=b"abc", start=None, stop=4, step=None, cls=cpu.Buffer, writable=False)
@example(data=b"abc", start=-5, stop=2**70, step=1, cls=cpu.Buffer, writable=True)
@example(data=b"abc", start=-(2**70), stop=-1, step=None, cls=SubBuffer, writable=True)
@example(data=b"abc", start=3, stop=1, step=None, cls=cpu.Buffer, writable=True)
def test_getitem_follows_python_slice_semantics(
    data: bytes,
    start: int | None,
    stop: int | None,
    step: int | None,
    cls: type[cpu.Buffer],
    writable: bool,
) -> None:
    buf = cls.from_bytes(bytearray(data) if writable else data)
    key = slice(start, stop, step)
    result = buf[key]
    expected = data[key]
    assert type(result) is cls
    assert len(result) == len(expected)
    assert result.to_bytes() == expected
    if expected:
        assert shares(result, buf.as_numpy_array())
    assert buf.to_bytes() == data


@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_getitem_returns_a_view_that_writes_through(cls: type[cpu.Buffer]) -> None:
    buf = cls.from_bytes(bytearray(b"0123456789"))
    view = buf[2:6]
    assert type(view) is cls
    view[0:2] = b"ab"
    assert buf.to_bytes() == b"01ab456789"
    buf[3:5] = b"XY"
    assert view.to_bytes() == b"aXY5"


def test_getitem_stop_past_the_end_is_clamped() -> None:
    buf = cpu.Buffer.from_bytes(b"abc")
    assert buf[0 : len(buf) + 1].to_bytes() == b"abc"
    assert buf[1:100].to_bytes() == b"bc"
    assert buf[-100:1].to_bytes() == b"a"
    assert len(buf[5:10]) == 0


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(0, id="int"),
        pytest.param(np.int64(1), id="numpy-int"),
        pytest.param((slice(0, 1),), id="tuple"),
        pytest.param("0:1", id="str"),
        pytest.param(None, id="None"),
        pytest.param(Ellipsis, id="Ellipsis"),
        pytest.param([0, 1], id="list"),
    ],
)
def test_getitem_rejects_a_non_slice_key_with_type_error(key: Any) -> None:
    buf = cpu.Buffer.from_bytes(b"abc")
    with pytest.raises(TypeError, match="key"):
        buf[key]
    assert buf.to_bytes() == b"abc"


@pytest.mark.parametrize("step", [2, 3, -1, -2, 0])
def test_getitem_rejects_a_step_other_than_one_with_value_error(step: int) -> None:
    buf = cpu.Buffer.from_bytes(b"abcdef")
    with pytest.raises(ValueError, match="step"):
        buf[0:6:step]


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(slice(1.5, 3), id="float-start"),
        pytest.param(slice(0, "a"), id="str-stop"),
        pytest.param(slice(b"x", None), id="bytes-start"),
        pytest.param(slice(0, [2]), id="list-stop"),
    ],
)
def test_getitem_rejects_non_integer_bounds_with_type_error(key: slice) -> None:
    buf = cpu.Buffer.from_bytes(b"abcdef")
    with pytest.raises(TypeError):
        buf[key]


# -- __setitem__ --------------------------------------------------------------------------------

SETITEM_VALUES = [
    pytest.param(lambda: b"WXYZ", id="bytes"),
    pytest.param(lambda: bytearray(b"WXYZ"), id="bytearray"),
    pytest.param(lambda: memoryview(b"WXYZ"), id="memoryview"),
    pytest.param(lambda: memoryview(b"..WXYZ..")[2:6], id="memoryview-slice"),
    pytest.param(lambda: array.array("B", b"WXYZ"), id="array.array"),
    pytest.param(lambda: u8(b"WXYZ"), id="uint8-array"),
    pytest.param(lambda: np.frombuffer(b"WXYZ", np.uint8), id="read-only-uint8-array"),
    pytest.param(lambda: cpu.Buffer.from_bytes(b"WXYZ"), id="Buffer"),
    pytest.param(lambda: SubBuffer.from_bytes(bytearray(b"WXYZ")), id="SubBuffer"),
    pytest.param(lambda: ForeignBuffer(u8(b"WXYZ")), id="ForeignBuffer"),
    pytest.param(lambda: StridedForeignBuffer(u8(b"WXYZ")), id="StridedForeignBuffer"),
]


@pytest.mark.parametrize("factory", SETITEM_VALUES)
@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_setitem_accepts_bytes_likes_arrays_and_buffers(
    cls: type[cpu.Buffer], factory: Factory
) -> None:
    buf = cls.from_bytes(bytearray(b"0123456789"))
    value = factory()
    before = state(value)
    buf[1:5] = value
    assert buf.to_bytes() == b"0WXYZ56789"
    assert state(value) == before


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        pytest.param(slice(None), b"abcdefghij", b"abcdefghij", id="whole"),
        pytest.param(slice(-3, None), b"xyz", b"0123456xyz", id="negative-start"),
        pytest.param(slice(8, 100), b"!?", b"01234567!?", id="clamped-stop"),
        pytest.param(slice(4, 4), b"", b"0123456789", id="empty"),
        pytest.param(slice(0, 3, 1), b"ABC", b"ABC3456789", id="step-1"),
    ],
)
def test_setitem_follows_python_slice_bounds(key: slice, value: bytes, expected: bytes) -> None:
    buf = cpu.Buffer.from_bytes(bytearray(b"0123456789"))
    buf[key] = value
    assert buf.to_bytes() == expected


def test_setitem_overlapping_self_assignment_example() -> None:
    buf = cpu.Buffer.from_bytes(bytearray(b"0123456789"))
    buf[0:4] = buf[2:6]
    assert buf.to_bytes() == b"2345456789"
    buf = cpu.Buffer.from_bytes(bytearray(b"0123456789"))
    buf[2:6] = buf[0:4]
    assert buf.to_bytes() == b"0101236789"


@PROPERTY
@given(data=st.binary(min_size=1, max_size=48), draw=st.data())
def test_setitem_overlapping_self_assignment_has_copy_semantics(
    data: bytes, draw: st.DataObject
) -> None:
    n = draw.draw(st.integers(min_value=0, max_value=len(data)), label="n")
    src = draw.draw(st.integers(min_value=0, max_value=len(data) - n), label="src")
    dst = draw.draw(st.integers(min_value=0, max_value=len(data) - n), label="dst")
    expected = bytearray(data)
    expected[dst : dst + n] = bytes(expected[src : src + n])
    buf = cpu.Buffer.from_bytes(bytearray(data))
    buf[dst : dst + n] = buf[src : src + n]
    assert buf.to_bytes() == bytes(expected)


READ_ONLY_BUFFERS = [
    pytest.param(lambda: cpu.Buffer.from_bytes(b"0123456789"), id="from-bytes"),
    pytest.param(lambda: cpu.Buffer.from_bytes(memoryview(b"0123456789")), id="from-ro-memoryview"),
    pytest.param(lambda: cpu.Buffer(np.frombuffer(b"0123456789", np.uint8)), id="ro-array"),
    pytest.param(lambda: cpu.Buffer.from_bytes(b"..0123456789")[2:], id="slice-of-read-only"),
    pytest.param(lambda: SubBuffer.from_bytes(b"0123456789"), id="subclass"),
]


@pytest.mark.parametrize("factory", READ_ONLY_BUFFERS)
def test_setitem_on_a_read_only_buffer_raises_value_error(factory: Callable[[], cpu.Buffer]) -> None:
    buf = factory()
    value = bytearray(b"WXYZ")
    with pytest.raises(ValueError, match="read-only"):
        buf[1:5] = value
    assert buf.to_bytes() == b"0123456789"
    assert value == bytearray(b"WXYZ")


SETITEM_VALUE_ERRORS = [
    pytest.param(lambda: b"abc", id="too-short"),
    pytest.param(lambda: b"abcde", id="too-long"),
    pytest.param(lambda: b"", id="empty"),
    pytest.param(lambda: u8(b"abc"), id="short-uint8-array"),
    pytest.param(lambda: ForeignBuffer(u8(b"abcde")), id="long-ForeignBuffer"),
    pytest.param(lambda: cpu.Buffer.from_bytes(b"ab"), id="short-Buffer"),
    pytest.param(lambda: np.zeros(4, np.float64), id="float64-array"),
    pytest.param(lambda: np.zeros(8, np.uint16)[::2], id="non-contiguous-uint16-array"),
]


@pytest.mark.parametrize("value", [
    pytest.param(np.array([0x4241, 0x4443], dtype="<u2"), id="uint16"),
    pytest.param(np.frombuffer(b"ABCD", np.uint8).reshape(2, 2), id="2-d-uint8"),
    pytest.param(np.frombuffer(b"ABCD", np.float32), id="float32"),
    pytest.param(np.frombuffer(b"ABCD", np.uint8).reshape(2, 2).T.copy().T, id="fortran-2-d-uint8"),
])
def test_setitem_counts_the_bytes_of_an_array_of_wider_items(value: npt.NDArray[Any]) -> None:
    # Spec: "an array of wider items counts its bytes, not its items"; a memoryview of the same
    # memory is accepted, so the array must be too (issue 25).
    contiguous = np.ascontiguousarray(value)
    buf = cpu.Buffer.from_bytes(bytearray(b"0123456789"))
    if value.flags.c_contiguous:
        buf[1:5] = value
        assert buf.to_bytes() == b"0" + contiguous.tobytes() + b"56789"
        other = cpu.Buffer.from_bytes(bytearray(b"0123456789"))
        other[1:5] = value.data  # a memoryview of the same memory
        assert other.to_bytes() == buf.to_bytes()
    else:  # its memory is not one run of bytes: refused like a non-contiguous memoryview
        with pytest.raises(ValueError, match="value: expected C-contiguous memory"):
            buf[1:5] = value
        assert buf.to_bytes() == b"0123456789"


@pytest.mark.parametrize("factory", SETITEM_VALUE_ERRORS)
def test_setitem_rejects_wrong_length_or_dtype_with_value_error(factory: Factory) -> None:
    buf = cpu.Buffer.from_bytes(bytearray(b"0123456789"))
    value = factory()
    before = state(value)
    with pytest.raises(ValueError, match="value"):
        buf[1:5] = value
    assert buf.to_bytes() == b"0123456789"
    assert state(value) == before


SETITEM_TYPE_ERRORS = [
    pytest.param(lambda: 7, id="int"),
    pytest.param(lambda: "WXYZ", id="str"),
    pytest.param(lambda: None, id="None"),
    pytest.param(lambda: [1, 2, 3, 4], id="list"),
    pytest.param(lambda: object(), id="object"),
]


@pytest.mark.parametrize("factory", SETITEM_TYPE_ERRORS)
def test_setitem_rejects_non_bytes_values_with_type_error(factory: Factory) -> None:
    buf = cpu.Buffer.from_bytes(bytearray(b"0123456789"))
    value = factory()
    before = state(value)
    with pytest.raises(TypeError, match="value"):
        buf[1:5] = value
    assert buf.to_bytes() == b"0123456789"
    assert state(value) == before


@pytest.mark.parametrize(
    ("key", "error"),
    [
        pytest.param(1, TypeError, id="int"),
        pytest.param("1:5", TypeError, id="str"),
        pytest.param((slice(1, 5),), TypeError, id="tuple"),
        pytest.param(slice(1.0, 5), TypeError, id="float-bound"),
        pytest.param(slice(1, 9, 2), ValueError, id="step-2"),
        pytest.param(slice(5, 1, -1), ValueError, id="step-minus-1"),
        pytest.param(slice(1, 5, 0), ValueError, id="step-0"),
    ],
)
def test_setitem_rejects_a_bad_key(key: Any, error: type[Exception]) -> None:
    buf = cpu.Buffer.from_bytes(bytearray(b"0123456789"))
    value = b"WXYZ"
    with pytest.raises(error):
        buf[key] = value
    assert buf.to_bytes() == b"0123456789"


# -- combine and + ------------------------------------------------------------------------------


@PROPERTY
@given(
    head=st.binary(max_size=24),
    self_kind=st.sampled_from(["cpu", "cpu-readonly", "sub"]),
    parts=st.lists(st.tuples(st.sampled_from(BUFFER_KINDS), st.binary(max_size=24)), max_size=6),
    container=st.sampled_from([list, tuple, iter]),
)
def test_combine_concatenates_like_bytes(
    head: bytes, self_kind: str, parts: list[tuple[str, bytes]], container: Any
) -> None:
    first = make(self_kind, head)
    assert isinstance(first, cpu.Buffer)
    others = [make(kind, data) for kind, data in parts]
    expected = head + b"".join(data for _, data in parts)

    result = first.combine(container(others))

    assert type(result) is type(first)
    assert result.to_bytes() == expected
    for buf in [first, *others]:
        if len(buf):
            assert not shares(result, buf.as_numpy_array())
    # Writing to the result leaves every input untouched, and vice versa.
    if expected:
        result.as_numpy_array()[...] = 0
        assert first.to_bytes() == head
        assert [b.to_bytes() for b in others] == [data for _, data in parts]
    result[:] = expected
    for buf in [first, *others]:
        arr = buf.as_numpy_array()
        if arr.flags.writeable:
            arr[...] = 0xAA
    assert result.to_bytes() == expected


@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_combine_with_nothing_is_a_new_copy(cls: type[cpu.Buffer]) -> None:
    buf = cls.from_bytes(bytearray(b"abc"))
    result = buf.combine([])
    assert type(result) is cls
    assert result.to_bytes() == b"abc"
    assert not shares(result, buf.as_numpy_array())
    result[0:1] = b"X"
    assert buf.to_bytes() == b"abc"


def test_combine_of_empty_buffers_is_empty() -> None:
    result = cpu.Buffer.create_zero_length().combine([cpu.Buffer.from_bytes(b""), ForeignBuffer(u8(b""))])
    assert type(result) is cpu.Buffer
    assert len(result) == 0


def test_combine_accepts_a_generator() -> None:
    def parts() -> Iterator[BufferProtocol]:
        yield cpu.Buffer.from_bytes(b"b")
        yield ForeignBuffer(u8(b"cd"))
        yield StridedForeignBuffer(u8(b"ef"))

    result = cpu.Buffer.from_bytes(b"a").combine(parts())
    assert result.to_bytes() == b"abcdef"


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(lambda: b"x", id="bytes"),
        pytest.param(lambda: bytearray(b"x"), id="bytearray"),
        pytest.param(lambda: memoryview(b"x"), id="memoryview"),
        pytest.param(lambda: u8(b"x"), id="ndarray"),
        pytest.param(lambda: None, id="None"),
        pytest.param(lambda: 3, id="int"),
    ],
)
def test_combine_rejects_a_non_buffer_element_naming_its_index(bad: Factory) -> None:
    buf = cpu.Buffer.from_bytes(bytearray(b"abc"))
    element = bad()
    before = state(element)
    with pytest.raises(TypeError, match=r"others\[1\]"):
        buf.combine([ForeignBuffer(u8(b"ok")), element])
    assert buf.to_bytes() == b"abc"
    assert state(element) == before


@pytest.mark.parametrize(
    "single",
    [
        pytest.param(lambda: cpu.Buffer.from_bytes(b"xy"), id="Buffer"),
        pytest.param(lambda: ForeignBuffer(u8(b"xy")), id="ForeignBuffer"),
    ],
)
def test_combine_rejects_a_single_buffer(single: Factory) -> None:
    buf = cpu.Buffer.from_bytes(b"abc")
    with pytest.raises(TypeError, match="others"):
        buf.combine(single())


def test_combine_rejects_a_non_iterable() -> None:
    buf = cpu.Buffer.from_bytes(b"abc")
    with pytest.raises(TypeError, match="others"):
        buf.combine(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", BUFFER_KINDS)
@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_add_equals_combine(cls: type[cpu.Buffer], kind: str) -> None:
    a = cls.from_bytes(bytearray(b"head-"))
    b = make(kind, b"tail")
    total = a + b
    assert type(total) is cls
    assert total == a.combine([b])
    assert total.to_bytes() == b"head-tail"
    assert not shares(total, a.as_numpy_array())
    assert not shares(total, b.as_numpy_array())


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(3, id="int"),
        pytest.param(b"x", id="bytes"),
        pytest.param(bytearray(b"x"), id="bytearray"),
        pytest.param(None, id="None"),
        pytest.param("x", id="str"),
    ],
)
def test_add_of_a_non_buffer_raises_type_error(other: Any) -> None:
    buf: Any = cpu.Buffer.from_bytes(b"abc")
    with pytest.raises(TypeError):
        buf + other
    assert buf.__add__(other) is NotImplemented
    assert buf.to_bytes() == b"abc"


def test_add_of_an_ndarray_returns_not_implemented() -> None:
    buf: Any = cpu.Buffer.from_bytes(b"abc")
    result: object = buf.__add__(u8(b"x"))
    assert result is NotImplemented


# -- __eq__ and hashing ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", BUFFER_KINDS)
def test_eq_compares_content_across_classes_both_ways(kind: str) -> None:
    buf = cpu.Buffer.from_bytes(b"same content")
    other = make(kind, b"same content")
    assert buf == other
    assert other == buf
    assert not buf != other
    different = make(kind, b"same c0ntent")
    assert buf != different
    assert different != buf
    assert not buf == different


@PROPERTY
@given(
    a=st.binary(max_size=12),
    b=st.binary(max_size=12),
    same=st.booleans(),
    left=st.sampled_from(["cpu", "cpu-readonly", "sub"]),
    right=st.sampled_from(BUFFER_KINDS),
)
def test_eq_is_content_equality(a: bytes, b: bytes, same: bool, left: str, right: str) -> None:
    if same:
        b = a
    x = make(left, a)
    y = make(right, b)
    assert (x == y) is (a == b)
    assert (y == x) is (a == b)
    assert (x != y) is (a != b)


@pytest.mark.parametrize(("a", "b"), [(b"abc", b"ab"), (b"", b"a"), (b"abc", b"abcd")])
def test_eq_different_lengths_are_unequal(a: bytes, b: bytes) -> None:
    assert cpu.Buffer.from_bytes(a) != cpu.Buffer.from_bytes(b)
    assert cpu.Buffer.from_bytes(b) != cpu.Buffer.from_bytes(a)
    assert cpu.Buffer.from_bytes(a) != ForeignBuffer(u8(b))
    assert not cpu.Buffer.from_bytes(a) == ForeignBuffer(u8(b))


def test_eq_empty_buffers_are_equal() -> None:
    assert cpu.Buffer.create_zero_length() == cpu.Buffer.from_bytes(b"")
    assert cpu.Buffer.from_bytes(b"") == ForeignBuffer(u8(b""))
    assert SubBuffer.create_zero_length() == cpu.Buffer.create_zero_length()


NON_BUFFERS = [
    pytest.param(b"abc", id="bytes"),
    pytest.param(bytearray(b"abc"), id="bytearray"),
    pytest.param(memoryview(b"abc"), id="memoryview"),
    pytest.param("abc", id="str"),
    pytest.param(None, id="None"),
    pytest.param([97, 98, 99], id="list"),
    pytest.param(97, id="int"),
]


@pytest.mark.parametrize("other", NON_BUFFERS)
def test_eq_with_a_non_buffer_is_not_implemented(other: Any) -> None:
    buf = cpu.Buffer.from_bytes(b"abc")
    result: object = buf.__eq__(other)
    assert result is NotImplemented
    result = buf.__ne__(other)
    assert result is NotImplemented


# bytearray and memoryview are left out: their own (reflected) __eq__ accepts any
# buffer-protocol object, so on Python 3.12+ they compare equal to a Buffer by content.
@pytest.mark.parametrize("other", [b"abc", "abc", None, [97, 98, 99], 97])
def test_eq_with_bytes_and_other_non_buffers_is_false(other: Any) -> None:
    buf = cpu.Buffer.from_bytes(b"abc")
    assert (buf == other) is False
    assert (other == buf) is False
    assert (buf != other) is True


def test_eq_with_a_uint8_ndarray_is_not_implemented() -> None:
    buf = cpu.Buffer.from_bytes(b"abc")
    result: object = buf.__eq__(u8(b"abc"))
    assert result is NotImplemented


@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_buffers_are_unhashable(cls: type[cpu.Buffer]) -> None:
    buf = cls.from_bytes(b"abc")
    with pytest.raises(TypeError):
        hash(buf)
    with pytest.raises(TypeError):
        {buf}  # noqa: B018


# -- PEP 688 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("writable", [True, False], ids=["writable", "read-only"])
def test_dunder_buffer_returns_a_zero_copy_memoryview(writable: bool) -> None:
    buf = cpu.Buffer.from_bytes(bytearray(b"pep688") if writable else b"pep688")
    view = buf.__buffer__(0)
    assert isinstance(view, memoryview)
    assert view.tobytes() == b"pep688"
    assert view.readonly is not writable
    assert shares(buf, raw(view))


@needs_pep688
@pytest.mark.parametrize("writable", [True, False], ids=["writable", "read-only"])
def test_memoryview_of_buffer(writable: bool) -> None:
    buf = cpu.Buffer.from_bytes(bytearray(b"0123456789") if writable else b"0123456789")
    view = memoryview(buf)
    assert view.tobytes() == b"0123456789"
    assert view.nbytes == 10
    assert view.readonly is not writable
    assert shares(buf, raw(view))
    sliced = memoryview(buf[2:5])
    assert sliced.tobytes() == b"234"


@needs_pep688
def test_memoryview_of_buffer_writes_through() -> None:
    buf = cpu.Buffer.from_bytes(bytearray(b"0123456789"))
    view = memoryview(buf).cast("B")
    view[0] = ord("A")
    assert buf.to_bytes() == b"A123456789"


@needs_pep688
@pytest.mark.parametrize("writable", [True, False], ids=["writable", "read-only"])
def test_numpy_frombuffer_of_buffer_is_zero_copy(writable: bool) -> None:
    buf = cpu.Buffer.from_bytes(bytearray(b"0123456789") if writable else b"0123456789")
    exported: Any = buf  # numpy's frombuffer stub lists concrete types for Python 3.11
    arr = np.frombuffer(exported, np.uint8)
    assert arr.tobytes() == b"0123456789"
    assert np.shares_memory(arr, buf.as_numpy_array())
    assert arr.flags.writeable is writable


@needs_pep688
def test_zlib_compress_of_buffer() -> None:
    data = b"zlib " * 100
    assert zlib.compress(cpu.Buffer.from_bytes(data)) == zlib.compress(data)
    assert zlib.compress(cpu.Buffer.from_bytes(bytearray(data))[5:]) == zlib.compress(data[5:])


@needs_pep688
def test_file_write_of_buffer(tmp_path: Path) -> None:
    data = bytes(range(256)) * 4
    path = tmp_path / "out.bin"
    with open(path, "wb") as f:
        written = f.write(cpu.Buffer.from_bytes(data))
        f.write(cpu.Buffer.from_bytes(bytearray(b"tail"))[1:])
    assert written == len(data)
    assert path.read_bytes() == data + b"ail"


@needs_pep688
def test_writable_export_of_a_read_only_buffer_is_refused() -> None:
    buf = cpu.Buffer.from_bytes(b"abc")
    exported: Any = buf  # numpy's frombuffer stub lists concrete types for Python 3.11
    assert memoryview(buf).readonly
    assert not np.frombuffer(exported, np.uint8).flags.writeable
    with pytest.raises((TypeError, BufferError)):
        io.BytesIO(b"XYZ").readinto(buf)
    assert buf.to_bytes() == b"abc"


@needs_pep688
def test_writable_export_of_a_writable_buffer_is_allowed() -> None:
    buf = cpu.Buffer.from_bytes(bytearray(b"abc"))
    assert io.BytesIO(b"XYZ").readinto(buf) == 3
    assert buf.to_bytes() == b"XYZ"


# -- pickle -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
@pytest.mark.parametrize("writable", [True, False], ids=["writable", "read-only"])
@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_pickle_round_trip(cls: type[cpu.Buffer], writable: bool, protocol: int) -> None:
    data = bytes(range(256)) + b"pickle"
    buf = cls.from_bytes(bytearray(data) if writable else data)
    loaded = pickle.loads(pickle.dumps(buf, protocol=protocol))
    assert type(loaded) is cls
    assert loaded.to_bytes() == data
    assert loaded == buf


@pytest.mark.parametrize("writable", [True, False], ids=["writable", "read-only"])
@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_pickle_protocol_5_out_of_band(cls: type[cpu.Buffer], writable: bool) -> None:
    data = (np.arange(1 << 20) % 251).astype(np.uint8)
    if not writable:
        data.flags.writeable = False
    buf = cls(data)
    buffers: list[pickle.PickleBuffer] = []
    payload = pickle.dumps(buf, protocol=5, buffer_callback=buffers.append)
    assert len(buffers) >= 1
    assert len(payload) < 64 * 1024  # the MiB travelled out of band
    loaded = pickle.loads(payload, buffers=buffers)
    assert type(loaded) is cls
    assert len(loaded) == 1 << 20
    assert loaded == buf
    assert shares(loaded, data)  # out-of-band means zero-copy


# -- repr -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [37, 4321])
@pytest.mark.parametrize("cls", BUFFER_CLASSES)
def test_repr_names_the_class_and_length(cls: type[cpu.Buffer], length: int) -> None:
    text = repr(cls.from_bytes(b"a" * length))
    assert cls.__name__ in text
    assert str(length) in text
    if cls is cpu.Buffer:
        assert "SubBuffer" not in text
