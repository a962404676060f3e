"""Tests of the reference :class:`bufferspec.cpu.NDBuffer` (``all_equal`` is tested elsewhere).

Every behaviour of issue 2, section 2 "NDBuffer" and the normative docstrings
of :class:`bufferspec.protocols.NDBuffer`: constructors, accessors,
transformations, indexing, and every error path (type, message naming the
argument, object unchanged afterwards).  Properties compare with NumPy.
"""

from __future__ import annotations

import pickle
import struct
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bufferspec import cpu
from bufferspec.protocols import NDBuffer as NDBufferProtocol
from tests.foreign import ForeignNDBuffer

NDBuffer = cpu.NDBuffer

STRING_DTYPE: Any = getattr(getattr(np, "dtypes", None), "StringDType", None)
needs_string_dtype = pytest.mark.skipif(STRING_DTYPE is None, reason="needs numpy>=2 StringDType")
STRUCTURED = np.dtype([("a", "<i4"), ("b", ">f8")])


class SubNDBuffer(cpu.NDBuffer):
    """A subclass: every method returning a buffer must return ``type(self)``."""

    __slots__ = ()


class SubArray(np.ndarray):
    """An ndarray subclass, which NDBuffer must keep as is."""


def names(argument: str) -> str:
    """A regex matching an error message that names *argument* (as a whole word)."""
    return rf"\b{argument}\b"


def arr(buf: Any) -> npt.NDArray[Any]:
    """The stored array of a reference NDBuffer."""
    result: npt.NDArray[Any] = buf.as_numpy_array()
    return result


def contiguous(array: npt.NDArray[Any], order: str) -> bool:
    """Whether *array* is contiguous in *order* (``"C"`` or ``"F"``)."""
    return bool(array.flags.c_contiguous if order == "C" else array.flags.f_contiguous)


def read_only(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.flags.writeable = False
    return array


def generic_time(kind_and_order: str, values: list[int]) -> npt.NDArray[Any]:
    """An array of a generic-unit datetime/timedelta dtype (e.g. ``">M8"``), byte order kept."""
    order = kind_and_order[0] if kind_and_order[0] in "<>" else ""
    return np.array(values, dtype=f"{order}i8").view(kind_and_order)


NAT_DATETIME = np.datetime64("NaT", "s")  # a unit: generic-unit scalars are deprecated in NumPy 2.5
NAT_TIMEDELTA = np.timedelta64("NaT", "s")




def all_nat(data: npt.NDArray[Any]) -> bool:
    """Whether every element is NaT, read from the raw int64 (``np.isnat`` is wrong for ``>M8``)."""
    raw = data.view(np.dtype("i8").newbyteorder(data.dtype.byteorder))
    return bool((raw == np.iinfo(np.int64).min).all())


# -- constructor ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "array",
    [
        np.arange(6.0).reshape(2, 3),
        np.zeros(()),
        np.arange(10)[::3],
        np.asfortranarray(np.ones((2, 3), ">i4")),
        np.arange(4).view(SubArray),
        np.ma.masked_array([1, 2, 3], mask=[False, True, False]),
    ],
    ids=["2d", "0d", "strided", "fortran-big-endian", "subclass", "masked"],
)
def test_init_wraps_the_same_array(array: npt.NDArray[Any]) -> None:
    buf = NDBuffer(array)
    assert buf.as_ndarray_like() is array
    assert buf.as_numpy_array() is array
    assert type(buf.as_ndarray_like()) is type(array)


@pytest.mark.parametrize("value", [[1, 2, 3], 5, None, b"abc"], ids=["list", "int", "None", "bytes"])
def test_init_rejects_non_arrays(value: Any) -> None:
    with pytest.raises(TypeError, match=names("array")):
        NDBuffer(value)


# -- create: shape, dtype, order -------------------------------------------------------


def test_create_is_keyword_only() -> None:
    create: Any = NDBuffer.create
    with pytest.raises(TypeError):
        create((2,), "f8")
    with pytest.raises(TypeError):
        create((2,), dtype="f8")


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        ((2, 3), (2, 3)),
        ([4, 1], (4, 1)),
        ((d for d in (3, 2)), (3, 2)),
        (range(1, 4), (1, 2, 3)),
        ((), ()),
        ((0,), (0,)),
        ((3, 0, 2), (3, 0, 2)),
        ((np.int64(2), np.uint8(3)), (2, 3)),
    ],
    ids=["tuple", "list", "generator", "range", "0-d", "zero-length", "zero-length-inner", "numpy-ints"],
)
def test_create_shape(shape: Any, expected: tuple[int, ...]) -> None:
    buf = NDBuffer.create(shape=shape, dtype="f8")
    assert buf.shape == expected
    assert arr(buf).shape == expected
    assert all(type(d) is int for d in buf.shape)


@pytest.mark.parametrize(
    "dtype",
    [
        "?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8",
        "f2", "f4", "f8", "c8", "c16",
        ">i4", ">f8", "<f8", ">c16",
        "S5", "U3", ">U3",
        "M8[ns]", ">M8[D]", "m8[s]", ">m8[us]",
        "M8", ">M8", "<M8", "m8", ">m8",
        "O",
    ],
)  # fmt: skip
@pytest.mark.parametrize("filled", [False, True], ids=["fill-None", "filled"])
def test_create_keeps_dtype_exactly(dtype: str, filled: bool) -> None:
    expected = np.dtype(dtype)
    fill: Any = None
    if filled:  # a fill value valid for the dtype (only NaT suits generic units)
        fills = {"b": True, "S": b"ab", "U": "ab", "M": NAT_DATETIME, "m": NAT_TIMEDELTA, "O": "x"}
        fill = fills.get(expected.kind, 1)
    buf = NDBuffer.create(shape=(2, 2), dtype=dtype, fill_value=fill)
    assert buf.dtype == expected
    assert buf.dtype.str == expected.str  # byte order and units, not only equality
    assert arr(buf).dtype.str == expected.str


@needs_string_dtype
def test_create_string_dtype() -> None:
    buf = NDBuffer.create(shape=(3,), dtype=STRING_DTYPE(), fill_value="héllo")
    assert isinstance(buf.dtype, STRING_DTYPE)
    assert arr(buf).tolist() == ["héllo"] * 3


def test_create_structured_tuple_is_one_record() -> None:
    buf = NDBuffer.create(shape=(3,), dtype=STRUCTURED, fill_value=(7, 2.5))
    data = arr(buf)
    assert buf.shape == (3,)
    assert data.dtype == STRUCTURED
    assert data.tolist() == [(7, 2.5)] * 3
    record = struct.pack("<i", 7) + struct.pack(">d", 2.5)
    assert data.tobytes() == record * 3


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("fill_value", [None, 0, 1.5, "1"])
def test_create_order(order: Any, fill_value: Any) -> None:
    data = arr(NDBuffer.create(shape=(3, 4), dtype="f8", order=order, fill_value=fill_value))
    assert contiguous(data, order)
    assert not contiguous(data, "F" if order == "C" else "C")


@pytest.mark.parametrize("order", ["C", "F"])
def test_create_order_generic_datetime(order: Any) -> None:
    buf = NDBuffer.create(shape=(3, 4), dtype=">M8", order=order, fill_value=NAT_DATETIME)
    assert contiguous(arr(buf), order)
    assert buf.dtype.str == ">M8"


def test_create_never_shares_memory() -> None:
    a = NDBuffer.create(shape=(4,), dtype="f8", fill_value=1.0)
    b = NDBuffer.create(shape=(4,), dtype="f8", fill_value=1.0)
    assert not np.shares_memory(arr(a), arr(b))
    arr(a)[0] = 2.0
    assert arr(b)[0] == 1.0


# -- create: fill values, bit-exact ---------------------------------------------------------


@pytest.mark.parametrize("dtype", ["f2", "f4", "f8", ">f8", ">f4"])
def test_create_negative_zero_keeps_sign(dtype: str) -> None:
    data = arr(NDBuffer.create(shape=(2, 3), dtype=dtype, fill_value=-0.0))
    assert (data == 0).all()
    assert np.signbit(data).all()
    assert data.tobytes() == np.full((2, 3), -0.0, dtype).tobytes()


@pytest.mark.parametrize("dtype", ["c8", "c16", ">c16"])
def test_create_complex_negative_zeros_keep_signs(dtype: str) -> None:
    data = arr(NDBuffer.create(shape=(4,), dtype=dtype, fill_value=complex(-0.0, -0.0)))
    assert np.signbit(data.real).all()
    assert np.signbit(data.imag).all()


@pytest.mark.parametrize("dtype", ["f2", "f4", "f8", ">f8", "c16"])
def test_create_nan(dtype: str) -> None:
    data = arr(NDBuffer.create(shape=(5,), dtype=dtype, fill_value=float("nan")))
    assert np.isnan(data).all()


@pytest.mark.parametrize("dtype", ["f2", "f4", "f8", ">f8"])
def test_create_inf(dtype: str) -> None:
    data = arr(NDBuffer.create(shape=(5,), dtype=dtype, fill_value=float("inf")))
    assert np.isposinf(data).all()


@pytest.mark.parametrize(
    ("dtype", "fill", "expected"),
    [
        (">i4", 1, b"\x00\x00\x00\x01"),
        ("<i4", 1, b"\x01\x00\x00\x00"),
        (">u2", 258, b"\x01\x02"),
        (">f8", 1.0, struct.pack(">d", 1.0)),
        ("<f8", -2.5, struct.pack("<d", -2.5)),
        (">f4", -0.0, b"\x80\x00\x00\x00"),
        (">c8", complex(1.0, -1.0), struct.pack(">ff", 1.0, -1.0)),
    ],
)
def test_create_raw_bytes(dtype: str, fill: Any, expected: bytes) -> None:
    buf = NDBuffer.create(shape=(1,), dtype=dtype, fill_value=fill)
    assert buf.dtype.str == np.dtype(dtype).str
    assert arr(buf).tobytes() == expected


@pytest.mark.parametrize(
    ("dtype", "fill", "expected"),
    [
        ("S5", b"abc", [b"abc", b"abc"]),
        ("U3", "xyz", ["xyz", "xyz"]),
        ("U5", "é", ["é", "é"]),
        ("O", "obj", ["obj", "obj"]),
        ("?", True, [True, True]),
        ("M8[D]", "2020-01-02", [np.datetime64("2020-01-02", "D")] * 2),
        (">M8[ns]", np.datetime64("2021-03-04T05:06:07", "ns"),
         [np.datetime64("2021-03-04T05:06:07", "ns")] * 2),
        (">m8[s]", np.timedelta64(5, "s"), [np.timedelta64(5, "s")] * 2),
    ],
)  # fmt: skip
def test_create_fill_values(dtype: str, fill: Any, expected: list[Any]) -> None:
    data = arr(NDBuffer.create(shape=(2,), dtype=dtype, fill_value=fill))
    assert data.dtype.str == np.dtype(dtype).str
    assert data.tolist() == np.array(expected, dtype=dtype).tolist()


def nat_params() -> list[Any]:
    params: list[Any] = []
    for dtype in ["M8", ">M8", "<M8", "m8", ">m8", "M8[s]", ">m8[ns]"]:
        scalar = NAT_DATETIME if "M" in dtype else NAT_TIMEDELTA
        params.append(pytest.param(dtype, scalar, id=f"{dtype}-scalar"))
        params.append(pytest.param(dtype, "NaT", id=f"{dtype}-string"))
    return params


@pytest.mark.parametrize(("dtype", "fill"), nat_params())
def test_create_nat(dtype: str, fill: Any) -> None:
    data = arr(NDBuffer.create(shape=(3,), dtype=dtype, fill_value=fill))
    assert data.dtype.str == np.dtype(dtype).str
    assert all_nat(data)


@pytest.mark.parametrize(
    ("dtype", "fill"),
    [("f8", 0), ("f8", False), ("i4", 0), ("?", False), (">i8", 0), ("c16", 0), ("u1", False)],
)
def test_create_zero_fills(dtype: str, fill: Any) -> None:
    data = arr(NDBuffer.create(shape=(3, 2), dtype=dtype, fill_value=fill))
    assert data.dtype.str == np.dtype(dtype).str
    assert data.tobytes() == bytes(data.nbytes)


@pytest.mark.parametrize(
    ("dtype", "zero"),
    [
        ("f8", 0.0), (">f8", 0.0), ("i2", 0), ("?", False), ("c8", 0j),
        ("S3", b""), ("U2", ""), ("O", 0), (STRUCTURED, (0, 0.0)),
    ],
)  # fmt: skip
def test_create_fill_value_none_zero_fills_in_the_reference(dtype: Any, zero: Any) -> None:
    """The spec leaves contents unspecified for ``fill_value=None``; the reference zero-fills."""
    data = arr(NDBuffer.create(shape=(2, 3), dtype=dtype))
    assert data.tolist() == [[zero] * 3] * 2
    if data.dtype != object:
        assert data.tobytes() == bytes(data.nbytes)  # bit-exact zeros (+0.0, not -0.0)


@needs_string_dtype
def test_create_string_dtype_fill_value_none_is_empty_strings() -> None:
    data = arr(NDBuffer.create(shape=(2,), dtype=STRING_DTYPE()))
    assert data.tolist() == ["", ""]


FLOAT_DTYPES = ["f2", "f4", "f8", ">f2", ">f4", ">f8", "<f4", "c8", "c16", ">c16"]


@settings(max_examples=60, deadline=None)
@given(
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
    dtype=st.sampled_from(FLOAT_DTYPES),
    order=st.sampled_from(["C", "F"]),
    fill=st.floats(width=16)
    | st.sampled_from([float("nan"), float("inf"), float("-inf"), -0.0, 0.0])
    | st.integers(-2048, 2048),
)
def test_create_fill_property(shape: tuple[int, ...], dtype: str, order: Any, fill: float) -> None:
    buf = NDBuffer.create(shape=shape, dtype=dtype, order=order, fill_value=fill)
    expected = np.full(shape, fill, dtype)
    data = arr(buf)
    assert data.dtype == expected.dtype
    assert data.dtype.str == expected.dtype.str
    assert data.shape == shape
    assert data.tobytes() == expected.tobytes()
    assert contiguous(data, order)


@settings(max_examples=40, deadline=None)
@given(
    shape=hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3),
    dtype=st.sampled_from(["c8", "c16", ">c8", ">c16"]),
    fill=st.complex_numbers(width=64, allow_nan=True, allow_infinity=True)
    | st.sampled_from([complex(-0.0, -0.0), complex(0.0, -0.0), complex(-0.0, 0.0)]),
)
def test_create_complex_fill_property(shape: tuple[int, ...], dtype: str, fill: complex) -> None:
    data = arr(NDBuffer.create(shape=shape, dtype=dtype, fill_value=fill))
    expected = np.full(shape, fill, dtype)
    assert data.dtype.str == expected.dtype.str
    assert data.tobytes() == expected.tobytes()


# -- create / empty: errors ------------------------------------------------------------------

SHAPE_ERRORS: list[tuple[Any, type[Exception]]] = [
    (5, TypeError),
    ("ab", TypeError),
    (b"ab", TypeError),
    (None, TypeError),
    ((2.0,), TypeError),
    ((2, 1.5), TypeError),
    ((-1,), ValueError),
    ((3, -2), ValueError),
]
SHAPE_ERROR_IDS = ["int", "str", "bytes", "None", "float", "mixed-float", "negative", "negative-inner"]


@pytest.mark.parametrize(("shape", "error"), SHAPE_ERRORS, ids=SHAPE_ERROR_IDS)
def test_create_bad_shape(shape: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=names("shape")):
        NDBuffer.create(shape=shape, dtype="f8")


@pytest.mark.parametrize(("shape", "error"), SHAPE_ERRORS, ids=SHAPE_ERROR_IDS)
def test_empty_bad_shape(shape: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=names("shape")):
        NDBuffer.empty(shape, "f8")


def test_create_bad_shape_leaves_argument_unchanged() -> None:
    shape = [3, -1, 2]
    with pytest.raises(ValueError, match=names("shape")):
        NDBuffer.create(shape=shape, dtype="f8", fill_value=1.0)
    assert shape == [3, -1, 2]


@pytest.mark.parametrize("dtype", [None, "not-a-dtype", "f9", object()])
def test_create_bad_dtype(dtype: Any) -> None:
    with pytest.raises(TypeError, match=names("dtype")):
        NDBuffer.create(shape=(2,), dtype=dtype)


@pytest.mark.parametrize("dtype", [None, "not-a-dtype", "f9", object()])
def test_empty_bad_dtype(dtype: Any) -> None:
    with pytest.raises(TypeError, match=names("dtype")):
        NDBuffer.empty((2,), dtype)


@pytest.mark.parametrize("order", ["K", "A", "x", None, "c", "CF", 0])
def test_create_bad_order(order: Any) -> None:
    with pytest.raises(ValueError, match=names("order")):
        NDBuffer.create(shape=(2, 2), dtype="f8", order=order)


@pytest.mark.parametrize("order", ["K", "A", "x", None, "c", "CF", 0])
def test_empty_bad_order(order: Any) -> None:
    with pytest.raises(ValueError, match=names("order")):
        NDBuffer.empty((2, 2), "f8", order)


@pytest.mark.parametrize(
    ("dtype", "fill"),
    [
        ("u1", 300),
        ("u1", -1),
        ("i1", 128),
        ("i4", "abc"),
        ("i4", float("nan")),
        ("i4", float("inf")),
        ("u8", float("-inf")),
        ("f8", "abc"),
        ("M8[s]", "not a date"),
        ("M8", 0),
        (STRUCTURED, (1, 2.0, 3)),
        ("i4", [1, 2]),
        ("S3", generic_time("M8", [1]).reshape(())),  # NumPy cannot even print this value
    ],
)
def test_create_fill_value_that_cannot_be_stored(dtype: Any, fill: Any) -> None:
    with pytest.raises(ValueError, match=names("fill_value")):
        NDBuffer.create(shape=(2,), dtype=dtype, fill_value=fill)


# -- empty ---------------------------------------------------------------------------------


def test_empty_positional_arguments() -> None:
    buf = NDBuffer.empty((2, 3), "i2", "F")
    assert buf.shape == (2, 3)
    assert buf.dtype == np.dtype("i2")
    assert arr(buf).flags.f_contiguous
    assert not arr(buf).flags.c_contiguous


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("dtype", ["f8", ">i4", "S4", "U2", "c8", STRUCTURED, "?"])
@pytest.mark.parametrize("shape", [(), (0,), (3, 4), (2, 0, 3)])
def test_empty_shape_dtype_order(shape: tuple[int, ...], dtype: Any, order: Any) -> None:
    buf = NDBuffer.empty(shape, dtype, order)
    data = arr(buf)
    assert buf.shape == shape == data.shape
    assert data.dtype.str == np.dtype(dtype).str
    assert contiguous(data, order)
    assert type(buf) is NDBuffer


@pytest.mark.parametrize("dtype", ["M8", ">M8", "<M8", "m8", ">m8", ">M8[ms]"])
@pytest.mark.parametrize("order", ["C", "F"])
def test_empty_datetime_keeps_byte_order(dtype: str, order: Any) -> None:
    buf = NDBuffer.empty((2, 3), dtype, order)
    assert buf.dtype.str == np.dtype(dtype).str
    assert contiguous(arr(buf), order)


def test_empty_default_order_is_c() -> None:
    assert arr(NDBuffer.empty((3, 4), "f4")).flags.c_contiguous
    assert not arr(NDBuffer.empty((3, 4), "f4")).flags.f_contiguous


# -- from_ndarray_like / from_numpy_array / as_numpy_array ------------------------------------


@pytest.mark.parametrize(
    "array",
    [np.arange(5), np.zeros(()), np.ones((2, 3))[:, ::2], np.arange(3).view(SubArray)],
    ids=["1d", "0d", "strided", "subclass"],
)
def test_from_ndarray_like_round_trip_is_identity(array: npt.NDArray[Any]) -> None:
    buf = NDBuffer.from_ndarray_like(array)
    assert buf.as_ndarray_like() is array
    assert buf.as_numpy_array() is array


@pytest.mark.parametrize("value", [[1, 2], 3, None, b"ab", memoryview(b"ab")])
def test_from_ndarray_like_rejects_non_arrays(value: Any) -> None:
    with pytest.raises(TypeError, match=names("ndarray_like")):
        NDBuffer.from_ndarray_like(value)


@pytest.mark.parametrize(
    "array",
    [np.arange(5), np.zeros((2, 0)), np.ones((3, 3))[::2], np.arange(3).view(SubArray)],
    ids=["1d", "empty", "strided", "subclass"],
)
def test_from_numpy_array_wraps_ndarray_without_copy(array: npt.NDArray[Any]) -> None:
    buf = NDBuffer.from_numpy_array(array)
    assert buf.as_numpy_array() is array


@pytest.mark.parametrize(
    "value",
    [
        [1, 2, 3],
        [[1.5, 2.0], [3.0, -0.0]],
        3,
        2.5,
        True,
        "text",
        b"by",
        1 + 2j,
        [],
        np.float32(1.5),
        (1, 2),
        np.ma.masked_array([1, 2], mask=[True, False]),
    ],
)
def test_from_numpy_array_converts_like_asanyarray(value: Any) -> None:
    expected = np.asanyarray(value)
    data = arr(NDBuffer.from_numpy_array(value))
    assert type(data) is type(expected)
    assert data.dtype == expected.dtype
    assert data.shape == expected.shape
    assert data.tobytes() == expected.tobytes()


@pytest.mark.parametrize("value", [[[1], [1, 2]], [1, [2, 3]]])
def test_from_numpy_array_ragged(value: Any) -> None:
    with pytest.raises(ValueError) as raw:
        np.asanyarray(value)
    with pytest.raises(ValueError, match=names("array_like")) as info:
        NDBuffer.from_numpy_array(value)
    assert str(info.value) == f"array_like: cannot convert to a numpy array: {raw.value}"


def test_as_numpy_array_is_the_stored_array() -> None:
    data = np.arange(6).reshape(2, 3)
    buf = NDBuffer(data)
    assert buf.as_numpy_array() is data
    assert buf.as_numpy_array() is buf.as_ndarray_like()


def test_reference_satisfies_the_protocol() -> None:
    assert isinstance(NDBuffer(np.zeros(2)), NDBufferProtocol)
    assert isinstance(ForeignNDBuffer(np.zeros(2)), NDBufferProtocol)
    assert not isinstance(np.zeros(2), NDBufferProtocol)


# -- as_scalar -----------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(), (1,), (1, 1), (1, 1, 1)])
@pytest.mark.parametrize(
    ("dtype", "value"),
    [
        ("f8", 1.5), (">f8", -0.0), ("i1", -3), (">i4", 7), ("u8", 2**63), ("?", True),
        ("c16", 1 - 2j), ("S3", b"ab"), ("U3", "xyz"), ("M8[s]", np.datetime64(5, "s")),
        (">m8[ms]", np.timedelta64(3, "ms")), (STRUCTURED, (1, 2.5)),
    ],
)  # fmt: skip
def test_as_scalar_returns_numpy_scalar(shape: tuple[int, ...], dtype: Any, value: Any) -> None:
    buf = NDBuffer.create(shape=shape, dtype=dtype, fill_value=value)
    scalar = buf.as_scalar()
    assert isinstance(scalar, np.generic)  # a NumPy scalar, not a (0-d) array
    assert type(scalar) is buf.dtype.type
    assert scalar == np.array(value, dtype=dtype)[()]
    if np.dtype(dtype).kind == "f":
        assert np.signbit(scalar) == np.signbit(value)


@needs_string_dtype
@pytest.mark.parametrize("shape", [(), (1,), (1, 1)])
def test_as_scalar_string_dtype_returns_str(shape: tuple[int, ...]) -> None:
    scalar = NDBuffer.create(shape=shape, dtype=STRING_DTYPE(), fill_value="hé").as_scalar()
    assert type(scalar) is str
    assert scalar == "hé"


@pytest.mark.parametrize("shape", [(), (1,), (1, 1)])
def test_as_scalar_object_returns_the_element(shape: tuple[int, ...]) -> None:
    element = {"key": 1}
    data = np.empty(shape, dtype=object)
    data[...] = None
    data.reshape(-1)[0] = element
    result: object = NDBuffer(data).as_scalar()
    assert result is element


@pytest.mark.parametrize("shape", [(0,), (2,), (1, 2), (0, 1), (2, 1, 1)])
def test_as_scalar_requires_size_one(shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError):
        NDBuffer.create(shape=shape, dtype="f8").as_scalar()


# -- byteorder, dtype, shape ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("dtype", "expected"),
    [
        ("<f8", "little"),
        (">f8", "big"),
        ("<i2", "little"),
        (">c16", "big"),
        (">M8", "big"),
        ("=f8", sys.byteorder),
        ("f8", sys.byteorder),
        ("u1", sys.byteorder),
        ("S3", sys.byteorder),
        ("?", sys.byteorder),
        (STRUCTURED, sys.byteorder),
    ],
)
def test_byteorder(dtype: Any, expected: str) -> None:
    assert NDBuffer.create(shape=(2,), dtype=dtype).byteorder == expected


def test_dtype_and_shape_properties() -> None:
    data = np.zeros((2, 3, 4), ">i2")[:, ::2]
    buf = NDBuffer(data)
    assert buf.dtype == np.dtype(">i2")
    assert buf.dtype.str == ">i2"
    assert buf.shape == (2, 2, 4)
    assert isinstance(buf.shape, tuple)


# -- reshape -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("newshape", "expected"), [((3, 4), (3, 4)), ((12,), (12,)), ((2, 3, 2), (2, 3, 2)), (-1, (12,))]
)
def test_reshape_is_a_view_when_contiguous(newshape: Any, expected: tuple[int, ...]) -> None:
    data = np.arange(12.0).reshape(4, 3)
    result = NDBuffer(data).reshape(newshape)
    assert result.shape == expected
    assert np.shares_memory(arr(result), data)
    np.testing.assert_array_equal(arr(result), data.reshape(expected))


def test_reshape_non_contiguous_uses_c_order() -> None:
    data = np.arange(12).reshape(3, 4).T
    result = NDBuffer(data).reshape(-1)
    np.testing.assert_array_equal(arr(result), data.reshape(-1))


def test_reshape_zero_d() -> None:
    result = NDBuffer(np.arange(1)).reshape(())
    assert result.shape == ()
    assert NDBuffer(np.array(5)).reshape(-1).shape == (1,)


@pytest.mark.parametrize("newshape", [(5,), (3, 5), (13,)])
def test_reshape_size_mismatch(newshape: tuple[int, ...]) -> None:
    data = np.arange(12)
    buf = NDBuffer(data)
    with pytest.raises(ValueError, match=names("newshape")):
        buf.reshape(newshape)
    assert buf.shape == (12,)
    assert buf.as_numpy_array() is data


# -- squeeze -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("axis", "expected"),
    [((0,), (3, 1)), ((2,), (1, 3)), ((-1,), (1, 3)), ((0, 2), (3,)), ((-3, -1), (3,)), ((), (1, 3, 1))],
)
def test_squeeze(axis: tuple[int, ...], expected: tuple[int, ...]) -> None:
    data = np.arange(3.0).reshape(1, 3, 1)
    result = NDBuffer(data).squeeze(axis)
    assert result.shape == expected
    assert np.shares_memory(arr(result), data)
    np.testing.assert_array_equal(arr(result), np.squeeze(data, axis))


@pytest.mark.parametrize("axis", [(1,), (0, 1), (-2,)])
def test_squeeze_axis_not_length_one(axis: tuple[int, ...]) -> None:
    buf = NDBuffer(np.zeros((1, 3, 1)))
    with pytest.raises(ValueError, match=names("axis")):
        buf.squeeze(axis)
    assert buf.shape == (1, 3, 1)


@pytest.mark.parametrize("axis", [(3,), (-4,), (0, 7)])
def test_squeeze_axis_out_of_range(axis: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match=names("axis")):
        NDBuffer(np.zeros((1, 3, 1))).squeeze(axis)


# -- transpose -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("axes", "expected"),
    [
        (None, (4, 3, 2)),
        ((1, 0, 2), (3, 2, 4)),
        ((2, 0, 1), (4, 2, 3)),
        ([0, 1, 2], (2, 3, 4)),
        ((-1, 0, 1), (4, 2, 3)),
    ],
)
def test_transpose_is_a_view(axes: Any, expected: tuple[int, ...]) -> None:
    data = np.arange(24).reshape(2, 3, 4)
    result = NDBuffer(data).transpose(axes)
    assert result.shape == expected
    assert np.shares_memory(arr(result), data)
    np.testing.assert_array_equal(arr(result), np.transpose(data, axes))


@pytest.mark.parametrize("axes", [(0, 0, 1), (0, 1), (0, 1, 5), (0, 1, 2, 3)])
def test_transpose_bad_axes(axes: tuple[int, ...]) -> None:
    buf = NDBuffer(np.zeros((2, 3, 4)))
    with pytest.raises(ValueError, match=names("axes")):
        buf.transpose(axes)
    assert buf.shape == (2, 3, 4)


# -- the messages of view and index errors ---------------------------------------------------------
# One helper module (bufferspec._cpu_ndbuffer_views) maps NumPy's errors for the CPU reference and
# CuPy's for the GPU one: the type is the library's (an OverflowError becomes a ValueError, or an
# IndexError for a key), the message names the argument and ends with the library's own.


def numpy_error(call: Callable[[], object]) -> Exception:
    """The error NumPy itself raises for *call*."""
    with pytest.raises((IndexError, TypeError, ValueError, OverflowError)) as info:
        call()
    return info.value


@pytest.mark.parametrize(
    ("shape", "method", "argument", "expected", "prefix"),
    [
        ((12,), "reshape", (5,), ValueError, "newshape: cannot reshape (12,) to (5,): "),
        ((1, 3, 1), "squeeze", (1,), ValueError, "axis: cannot squeeze axes (1,) of shape (1, 3, 1): "),
        ((1, 3, 1), "squeeze", (3,), np.exceptions.AxisError, "axis: cannot squeeze axes (3,) of shape (1, 3, 1): "),
        ((1, 3, 1), "squeeze", ("a",), TypeError, "axis: cannot squeeze axes ('a',) of shape (1, 3, 1): "),
        ((1, 3, 1), "squeeze", (2**70,), ValueError,
         "axis: cannot squeeze axes (1180591620717411303424,) of shape (1, 3, 1): "),
        ((2, 3, 4), "transpose", (0, 1), ValueError, "axes: (0, 1) is not a permutation of 3 axes: "),
        ((2, 3, 4), "transpose", (0, 1, 5), np.exceptions.AxisError, "axes: (0, 1, 5) is not a permutation of 3 axes: "),
        ((2, 3, 4), "transpose", ("a", 1, 2), TypeError, "axes: ('a', 1, 2) is not a permutation of 3 axes: "),
    ],
)
def test_view_error_messages(
    shape: tuple[int, ...], method: str, argument: Any, expected: type[Exception], prefix: str
) -> None:
    data = np.zeros(shape)
    raw = numpy_error(lambda: getattr(data, method)(argument))
    buf = NDBuffer(data)
    with pytest.raises(expected) as info:
        getattr(buf, method)(argument)
    assert type(info.value) is expected
    assert str(info.value) == prefix + str(raw)
    assert info.value.__suppress_context__ and info.value.__cause__ is None
    assert buf.shape == shape


@pytest.mark.parametrize(("newshape", "shown"), [("x", "'x'"), ((2.5,), "(2.5,)")])
def test_reshape_to_something_not_a_shape_is_a_type_error(newshape: Any, shown: str) -> None:
    with pytest.raises(TypeError) as info:
        NDBuffer(np.arange(12)).reshape(newshape)
    assert type(info.value) is TypeError
    assert str(info.value) == f"newshape: expected an integer or a tuple of integers, got {shown}"


@pytest.mark.parametrize("key", [5, (0, 3), "a", 1.5])
def test_index_error_messages_prefix_numpys_with_key(key: Any) -> None:
    data = np.zeros((2, 3))
    raw = numpy_error(lambda: data[key])
    with pytest.raises(type(raw)) as got:
        NDBuffer(data)[key]
    assert type(got.value) is type(raw) and str(got.value) == f"key: {raw}"
    with pytest.raises(IndexError) as assigned:
        NDBuffer(data)[key] = 1.0
    assert str(assigned.value) == f"key: {numpy_error(lambda: data.__setitem__(key, 1.0))}"
    assert not data.any()


class OverflowingArray(np.ndarray):
    """An array that raises ``OverflowError`` where an index (or, with *value_only*, a value) overflows."""

    value_only = False

    def __getitem__(self, key: Any) -> Any:
        if not self.value_only:
            raise OverflowError("Python int too large to convert to C ssize_t")
        return super().__getitem__(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        raise OverflowError("Python int too large to convert to C long")


class ValueOverflowingArray(OverflowingArray):
    value_only = True


def test_an_overflowing_index_is_an_index_error() -> None:
    buf = NDBuffer(np.zeros(3).view(OverflowingArray))
    with pytest.raises(IndexError) as info:
        buf[0]
    assert str(info.value) == "key: index out of bounds (Python int too large to convert to C ssize_t)"
    with pytest.raises(IndexError) as info:
        buf[0] = 1.0
    assert str(info.value) == "key: index out of bounds (Python int too large to convert to C long)"


def test_an_overflowing_value_is_a_value_error_naming_value() -> None:
    buf = NDBuffer(np.zeros(3).view(ValueOverflowingArray))
    with pytest.raises(ValueError) as info:
        buf[0] = 1.0
    assert type(info.value) is ValueError
    assert str(info.value) == "value: cannot assign float to key 0: Python int too large to convert to C long"


def test_assignment_error_messages_name_value_and_key() -> None:
    data = np.zeros((2, 3))
    raw = numpy_error(lambda: data.__setitem__(slice(None), np.zeros(4)))
    with pytest.raises(ValueError) as info:
        NDBuffer(data)[:] = np.zeros(4)
    assert str(info.value) == (
        f"value: cannot assign numpy.ndarray of dtype float64 and shape (4,) to key slice(None, None, None): {raw}"
    )


@pytest.mark.parametrize(
    ("flag", "described"),
    [("yes", "str"), (1, "int"), (None, "NoneType"), (np.array([True]), "numpy.ndarray of dtype bool and shape (1,)")],
)
def test_all_equal_refuses_an_equal_nan_that_is_not_a_bool(flag: Any, described: str) -> None:
    with pytest.raises(TypeError) as info:
        NDBuffer(np.zeros(2)).all_equal(0.0, equal_nan=flag)
    assert str(info.value) == f"equal_nan: expected a bool, got {described}"


@pytest.mark.parametrize("flag", [True, False, np.True_, np.False_])
def test_all_equal_takes_numpy_bools_for_equal_nan(flag: Any) -> None:
    assert NDBuffer(np.full(2, np.nan)).all_equal(np.nan, equal_nan=flag) is bool(flag)


# -- astype --------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["f8", ">f8", "i4"])
def test_astype_always_copies(dtype: str) -> None:
    data = np.arange(6, dtype=dtype).reshape(2, 3)
    result = NDBuffer(data).astype(dtype)
    assert result.dtype.str == data.dtype.str
    assert not np.shares_memory(arr(result), data)
    np.testing.assert_array_equal(arr(result), data)


def test_astype_converts_values() -> None:
    result = NDBuffer(np.array([1.7, -2.2, 3.0])).astype("i4")
    assert result.dtype == np.dtype("i4")
    assert arr(result).tolist() == [1, -2, 3]


def test_astype_converts_byte_order() -> None:
    result = NDBuffer(np.array([1.0, -2.5], "<f8")).astype(">f8")
    assert result.dtype.str == ">f8"
    assert arr(result).tobytes() == struct.pack(">2d", 1.0, -2.5)
    back = result.astype("<f8")
    assert arr(back).tobytes() == struct.pack("<2d", 1.0, -2.5)


@pytest.mark.parametrize(
    ("source", "target"), [("<M8", ">M8"), (">M8", "<M8"), ("<m8", ">m8"), (">m8", ">m8")]
)
def test_astype_generic_datetime_keeps_requested_byte_order(source: str, target: str) -> None:
    values = [1, 2, np.iinfo(np.int64).min]  # the last one is NaT
    data = generic_time(source, values)
    result = NDBuffer(data).astype(target)
    assert result.dtype.str == np.dtype(target).str
    out = arr(result)
    assert out.view(f"{target[0]}i8").tolist() == values
    assert all_nat(out[-1:])
    assert not np.shares_memory(out, data)


@pytest.mark.parametrize("order", ["C", "F"])
def test_astype_order(order: Any) -> None:
    data = np.arange(12.0).reshape(3, 4)
    result = NDBuffer(data).astype("f4", order=order)
    assert contiguous(arr(result), order)
    np.testing.assert_array_equal(arr(result), data)


def test_astype_keeps_layout_by_default() -> None:
    data = np.asfortranarray(np.arange(12.0).reshape(3, 4))
    assert arr(NDBuffer(data).astype("f4")).flags.f_contiguous


@pytest.mark.parametrize("order", ["x", None, "c", 1])
def test_astype_bad_order(order: Any) -> None:
    with pytest.raises(ValueError, match=names("order")):
        NDBuffer(np.zeros(3)).astype("f4", order=order)


@pytest.mark.parametrize("dtype", [None, "not-a-dtype"])
def test_astype_bad_dtype(dtype: Any) -> None:
    with pytest.raises(TypeError, match=names("dtype")):
        NDBuffer(np.zeros(3)).astype(dtype)


# -- copy ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        np.arange(6.0).reshape(2, 3),
        np.arange(12, dtype=">i4").reshape(3, 4)[:, ::2],
        np.array(3.5),
        np.array(["a", "bc"]),
        np.zeros(3, STRUCTURED),
    ],
    ids=["2d", "strided-big-endian", "0d", "str", "structured"],
)
def test_copy_never_shares_memory(data: npt.NDArray[Any]) -> None:
    result = NDBuffer(data).copy()
    out = arr(result)
    assert out is not data
    assert not np.may_share_memory(out, data)
    assert out.dtype.str == data.dtype.str
    assert out.tolist() == data.tolist()


def test_copy_is_independent() -> None:
    data = np.zeros(4)
    result = NDBuffer(data).copy()
    arr(result)[0] = 9.0
    assert data[0] == 0.0


def test_copy_preserves_fortran_layout() -> None:
    data = np.asfortranarray(np.arange(12.0).reshape(3, 4))
    out = arr(NDBuffer(data).copy())
    assert out.flags.f_contiguous
    assert not out.flags.c_contiguous


# -- fill ------------------------------------------------------------------------------------


def test_fill_in_place() -> None:
    data = np.zeros((2, 3), ">f8")
    buf = NDBuffer(data)
    buf.fill(-0.0)
    assert buf.as_numpy_array() is data
    assert np.signbit(data).all()
    buf.fill(2.5)
    assert (data == 2.5).all()


def test_fill_strided_view_only_touches_the_view() -> None:
    data = np.zeros(6)
    NDBuffer(data[::2]).fill(1.0)
    assert data.tolist() == [1.0, 0.0, 1.0, 0.0, 1.0, 0.0]


@pytest.mark.parametrize(
    ("dtype", "value", "check"),
    [
        ("U3", "abc", lambda a: a.tolist() == ["abc"] * 3),
        ("f8", float("nan"), lambda a: np.isnan(a).all()),
        (">M8", NAT_DATETIME, all_nat),
        (">m8", NAT_TIMEDELTA, all_nat),
        (STRUCTURED, (1, 2.0), lambda a: a.tolist() == [(1, 2.0)] * 3),
    ],
)
def test_fill_values(dtype: Any, value: Any, check: Callable[[npt.NDArray[Any]], bool]) -> None:
    buf = NDBuffer.create(shape=(3,), dtype=dtype)
    buf.fill(value)
    assert buf.dtype.str == np.dtype(dtype).str
    assert check(arr(buf))


@pytest.mark.parametrize("dtype", ["M8", ">M8", "m8"])
def test_fill_generic_time_with_nat_string(dtype: str) -> None:
    data = generic_time(dtype, [1, 2, 3])
    NDBuffer(data).fill("NaT")
    assert data.dtype.str == np.dtype(dtype).str
    assert all_nat(data)


def test_fill_read_only() -> None:
    data = read_only(np.arange(4.0))
    buf = NDBuffer(data)
    with pytest.raises(ValueError):
        buf.fill(9.0)
    assert data.tolist() == [0.0, 1.0, 2.0, 3.0]


@pytest.mark.parametrize(
    ("dtype", "value"),
    [("u1", 300), ("i4", "abc"), ("i4", float("nan")), ("i4", [1, 2, 3, 4]), ("M8[s]", "nope")],
)
def test_fill_unconvertible_value(dtype: str, value: Any) -> None:
    data = np.arange(4).astype(dtype)
    before = data.copy()
    buf = NDBuffer(data)
    with pytest.raises(ValueError, match=names("value")):
        buf.fill(value)
    assert data.tobytes() == before.tobytes()


# -- results are type(self) ----------------------------------------------------------------------


def test_every_method_returns_type_self() -> None:
    assert type(SubNDBuffer.create(shape=(2, 3), dtype="f8")) is SubNDBuffer
    assert type(SubNDBuffer.create(shape=(2, 3), dtype="f8", fill_value=1.0)) is SubNDBuffer
    assert type(SubNDBuffer.create(shape=(2, 3), dtype="i4", fill_value=1)) is SubNDBuffer
    assert type(SubNDBuffer.empty((2, 3), "f8")) is SubNDBuffer
    assert type(SubNDBuffer.from_ndarray_like(np.zeros(2))) is SubNDBuffer
    assert type(SubNDBuffer.from_numpy_array([1, 2])) is SubNDBuffer
    assert type(SubNDBuffer.from_numpy_array(np.zeros(2))) is SubNDBuffer
    buf = SubNDBuffer(np.zeros((1, 2, 3)))
    results = [
        buf.reshape((2, 3)),
        buf.reshape(-1),
        buf.squeeze((0,)),
        buf.transpose(None),
        buf.transpose((0, 2, 1)),
        buf.astype("f4"),
        buf.copy(),
        buf[0],
        buf[0, 1, 2],
        buf[..., None],
        buf[:, [1, 0]],
        buf[buf.as_numpy_array() > 1],
    ]
    assert [type(r) for r in results] == [SubNDBuffer] * len(results)


# -- __getitem__ ---------------------------------------------------------------------------------


@st.composite
def arrays_and_basic_keys(draw: st.DrawFn) -> tuple[npt.NDArray[Any], Any]:
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5))
    dtype = draw(st.sampled_from(["i8", ">i4", "f4"]))
    data = np.arange(int(np.prod(shape)), dtype=dtype).reshape(shape)
    if draw(st.booleans()):
        data = np.asfortranarray(data)
    key = draw(hnp.basic_indices(shape, allow_newaxis=True, allow_ellipsis=True))
    return data, key


@settings(max_examples=150, deadline=None)
@given(arrays_and_basic_keys())
def test_getitem_basic_matches_numpy_and_is_a_view(case: tuple[npt.NDArray[Any], Any]) -> None:
    data, key = case
    result = SubNDBuffer(data)[key]
    expected = np.asarray(data[key])
    assert type(result) is SubNDBuffer
    out = arr(result)
    assert isinstance(out, np.ndarray)
    assert out.shape == expected.shape
    assert out.dtype.str == data.dtype.str  # exactly the dtype (NumPy scalars lose byte order)
    np.testing.assert_array_equal(out, expected)
    assert not out.flags.owndata  # a view, never a copy
    if out.size:
        assert np.shares_memory(out, data)


@pytest.mark.parametrize(
    ("shape", "key"),
    [
        ((5,), 2),
        ((5,), -1),
        ((5,), np.int64(3)),
        ((2, 3), (1, 2)),
        ((2, 3), (-1, 0)),
        ((2, 3, 4), (1, 2, 3)),
        ((), ()),
    ],
)
def test_getitem_integer_keys_give_zero_d_views(shape: tuple[int, ...], key: Any) -> None:
    data = np.arange(int(np.prod(shape)), dtype="f8").reshape(shape)
    result = NDBuffer(data)[key]
    out = arr(result)
    assert isinstance(out, np.ndarray)
    assert out.shape == ()
    assert out[()] == data[key]
    out[()] = -7.0  # writes through to the original
    assert data[key] == -7.0


@pytest.mark.parametrize(("shape", "key"), [((2,), 0), ((2,), (0,)), ((1, 2), (0, 0)), ((), ())])
def test_getitem_integer_key_on_object_array_holding_an_array(shape: tuple[int, ...], key: Any) -> None:
    data = np.empty(shape, dtype=object)
    data[...] = None
    data.reshape(-1)[0] = np.arange(3)
    out = arr(NDBuffer(data)[key])
    assert out.shape == ()
    assert out.dtype == object
    assert np.shares_memory(out, data)


@pytest.mark.parametrize(
    "key",
    [
        [1, 0, 1],
        np.array([-1, 0, 0]),
        (slice(None), [2, 0]),
        ([0, 1], [1, 2]),
        (np.array([[0], [1]]), np.array([0, 2])),
        np.array([True, False]),
        "mask",
        (1, [0, 0, 1]),
        (..., [1]),
        ([], slice(None)),
    ],
)
def test_getitem_fancy_matches_numpy(key: Any) -> None:
    data = np.arange(6).reshape(2, 3)
    if isinstance(key, str):
        key = data % 2 == 0
    result = SubNDBuffer(data)[key]
    expected = data[key]
    assert type(result) is SubNDBuffer
    assert arr(result).shape == expected.shape
    np.testing.assert_array_equal(arr(result), expected)


@pytest.mark.parametrize(
    "key", [5, -3, (0, 3), (1, -4), [0, 5], (slice(None), [3]), (0, 0, 0), np.array([True, False, True])]
)
def test_getitem_out_of_bounds(key: Any) -> None:
    with pytest.raises(IndexError, match=r"^key"):
        NDBuffer(np.zeros((2, 3)))[key]


@pytest.mark.parametrize("key", ["a", 1.5, object(), (0, "x"), {"a": 1}])
def test_getitem_invalid_key_types(key: Any) -> None:
    with pytest.raises((IndexError, TypeError, ValueError), match=names("key")):
        NDBuffer(np.zeros((2, 3)))[key]


# -- __setitem__ ---------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(arrays_and_basic_keys(), st.integers(-100, 100))
def test_setitem_scalar_matches_numpy(case: tuple[npt.NDArray[Any], Any], value: int) -> None:
    data, key = case
    expected = data.copy()
    expected[key] = value
    buf = NDBuffer(data)
    buf[key] = value
    assert buf.as_numpy_array() is data
    np.testing.assert_array_equal(data, expected)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ((0, 1), 7),
        (slice(None), np.array([1, 2, 3])),  # broadcast along rows
        ((slice(None), 0), np.array([8, 9])),
        ((..., slice(1, None)), np.array([[4], [5]])),
        ([1, 0], np.array([[1, 1, 1], [2, 2, 2]])),
        ("mask", -1),
        ((), 3.9),
    ],
)
def test_setitem_region_matches_numpy(key: Any, value: Any) -> None:
    data = np.arange(6).reshape(2, 3)
    if isinstance(key, str):
        key = data > 2
    expected = data.copy()
    expected[key] = value
    NDBuffer(data)[key] = value
    np.testing.assert_array_equal(data, expected)


@pytest.mark.parametrize(
    "make", [NDBuffer, SubNDBuffer, ForeignNDBuffer], ids=["reference", "subclass", "foreign"]
)
def test_setitem_ndbuffer_value_is_unwrapped(make: Callable[[npt.NDArray[Any]], Any]) -> None:
    data = np.zeros((2, 3), "f8")
    NDBuffer(data)[:] = make(np.array([1.0, 2.0, 3.0]))  # broadcast
    assert data.tolist() == [[1.0, 2.0, 3.0]] * 2
    NDBuffer(data)[1, 1:] = make(np.array([-5.0, -6.0]))
    assert data.tolist() == [[1.0, 2.0, 3.0], [1.0, -5.0, -6.0]]


@pytest.mark.parametrize(
    "make", [NDBuffer, SubNDBuffer, ForeignNDBuffer], ids=["reference", "subclass", "foreign"]
)
def test_setitem_ndbuffer_contents_not_object_in_object_arrays(
    make: Callable[[npt.NDArray[Any]], Any],
) -> None:
    data = np.full(3, None, dtype=object)
    source = np.array(["a", "b", "c"], dtype=object)
    NDBuffer(data)[:] = make(source)
    assert data.tolist() == ["a", "b", "c"]


def test_setitem_ndbuffer_value_with_other_dtype_is_converted() -> None:
    data = np.zeros(3, ">i4")
    NDBuffer(data)[:] = ForeignNDBuffer(np.array([1.0, 2.0, 3.0], "<f4"))
    assert data.tobytes() == struct.pack(">3i", 1, 2, 3)


@pytest.mark.parametrize("value", [1.0, np.array([1.0, 2.0]), "ndbuffer", "foreign"])
def test_setitem_read_only(value: Any) -> None:
    data = read_only(np.arange(4.0))
    if isinstance(value, str) and value == "ndbuffer":
        value = NDBuffer(np.ones(4))
    elif isinstance(value, str) and value == "foreign":
        value = ForeignNDBuffer(np.ones(4))
    with pytest.raises(ValueError):
        NDBuffer(data)[:2] = value
    assert data.tolist() == [0.0, 1.0, 2.0, 3.0]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        (slice(None), np.zeros(2)),
        (slice(None), np.zeros((3, 3))),
        (0, np.ones(4)),
        (slice(None), "foreign"),
        (slice(None), [1, 2]),
        (slice(None), "abc"),
    ],
)
def test_setitem_bad_value(key: Any, value: Any) -> None:
    data = np.arange(6.0).reshape(2, 3)
    if isinstance(value, str) and value == "foreign":
        value = ForeignNDBuffer(np.ones(4))
    with pytest.raises(ValueError, match=names("value")):
        NDBuffer(data)[key] = value
    assert data.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]


def test_setitem_unconvertible_sequence_leaves_contents_unchanged() -> None:
    data = np.arange(3, dtype="i4")
    with pytest.raises(ValueError, match=names("value")):
        NDBuffer(data)[:] = ["7", "x", "9"]
    assert data.tolist() == [0, 1, 2]


@pytest.mark.parametrize("key", [5, (0, 3), [7]])
def test_setitem_out_of_bounds(key: Any) -> None:
    data = np.zeros((2, 3))
    with pytest.raises(IndexError, match=r"^key"):
        NDBuffer(data)[key] = 1.0
    assert not data.any()


# -- len, repr -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("shape", "expected"), [((5,), 5), ((3, 7), 3), ((0, 4), 0), ((1, 0), 1)])
def test_len_is_first_dimension(shape: tuple[int, ...], expected: int) -> None:
    assert len(NDBuffer.create(shape=shape, dtype="u1")) == expected


def test_len_of_zero_d_raises() -> None:
    with pytest.raises(TypeError) as info:
        len(NDBuffer(np.zeros(())))
    assert str(info.value) == "len() of a 0-d NDBuffer (it has no first dimension)"


@pytest.mark.parametrize(
    ("buf", "parts"),
    [
        (NDBuffer(np.zeros((2, 3), ">f4")), ["NDBuffer", "(2, 3)", ">f4"]),
        (SubNDBuffer(np.arange(4, dtype="i2")), ["SubNDBuffer", "(4,)", "int16"]),
        (NDBuffer(np.array(1.5)), ["NDBuffer", "()", "float64"]),
        (NDBuffer(np.zeros(10_000, "u1")), ["NDBuffer", "(10000,)", "uint8"]),
    ],
)
def test_repr(buf: NDBuffer, parts: list[str]) -> None:
    text = repr(buf)
    for part in parts:
        assert part in text
    assert len(text) < 500  # large buffers are summarised


def test_repr_generic_datetime_with_values() -> None:
    text = repr(NDBuffer(generic_time("<M8", [1, 2])))
    assert "NDBuffer" in text
    assert "(2,)" in text


# -- pickle, hashing, identity ------------------------------------------------------------------------


NON_NATIVE = ">" if sys.byteorder == "little" else "<"
PICKLE_CASES: list[tuple[str, Callable[[], npt.NDArray[Any]]]] = [
    ("f8", lambda: np.arange(6.0).reshape(2, 3)),
    ("fortran", lambda: np.asfortranarray(np.arange(6, dtype="i4").reshape(2, 3))),
    ("negative-zero", lambda: np.full(3, -0.0)),
    ("str", lambda: np.array(["a", "bcd"])),
    ("bytes", lambda: np.array([b"a", b"bcd"])),
    ("structured", lambda: np.array([(1, 2.5)], STRUCTURED)),
    ("datetime", lambda: np.array([1, 2], "M8[s]")),
    ("generic-datetime-native", lambda: generic_time("M8", [1, np.iinfo(np.int64).min])),
    ("0d", lambda: np.array(7)),
    ("non-native-int", lambda: np.arange(6, dtype=f"{NON_NATIVE}i4").reshape(2, 3)),
    ("non-native-fortran", lambda: np.asfortranarray(np.arange(6, dtype=f"{NON_NATIVE}f8").reshape(2, 3))),
    ("non-native-datetime", lambda: np.array([1, 2], f"{NON_NATIVE}i8").view(f"{NON_NATIVE}M8[s]")),
    ("non-native-generic-datetime", lambda: generic_time(f"{NON_NATIVE}M8", [1, np.iinfo(np.int64).min])),
]


def pickle_params() -> list[Any]:
    params: list[Any] = []
    for protocol in (2, 5):
        for name, make in PICKLE_CASES:
            params.append(pytest.param(protocol, make, id=f"{name}-protocol{protocol}"))
    return params


@pytest.mark.parametrize(("protocol", "make"), pickle_params())
@pytest.mark.parametrize("cls", [NDBuffer, SubNDBuffer])
def test_pickle_round_trip(
    protocol: int, make: Callable[[], npt.NDArray[Any]], cls: type[NDBuffer]
) -> None:
    data = make()
    buf = cls(data)
    restored = pickle.loads(pickle.dumps(buf, protocol=protocol))
    assert type(restored) is cls
    out = arr(restored)
    assert out is not data
    assert out.shape == data.shape
    assert out.dtype == data.dtype
    assert out.dtype.str == data.dtype.str
    assert out.tobytes() == data.tobytes()
    assert out.flags.f_contiguous == data.flags.f_contiguous


def test_pickle_protocol_5_out_of_band() -> None:
    data = np.arange(1000.0)
    buffers: list[pickle.PickleBuffer] = []
    payload = pickle.dumps(NDBuffer(data), protocol=5, buffer_callback=buffers.append)
    assert buffers  # the array data travelled out of band
    restored = pickle.loads(payload, buffers=buffers)
    np.testing.assert_array_equal(arr(restored), data)


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("writeable", [True, False])
def test_pickle_out_of_band_shares_memory_and_keeps_read_only(order: str, writeable: bool) -> None:
    data = np.asarray(np.arange(24.0).reshape(4, 6), order="F" if order == "F" else "C")
    data.flags.writeable = writeable
    buffers: list[pickle.PickleBuffer] = []
    payload = pickle.dumps(NDBuffer(data), protocol=5, buffer_callback=buffers.append)
    restored = arr(pickle.loads(payload, buffers=buffers))
    assert np.shares_memory(restored, data)  # zero-copy: the out-of-band buffer itself
    assert restored.flags.writeable is writeable
    np.testing.assert_array_equal(restored, data)


@pytest.mark.parametrize("protocol", [2, 4, 5])
@pytest.mark.parametrize("writeable", [True, False])
def test_pickle_in_band_keeps_read_only(protocol: int, writeable: bool) -> None:
    data = np.arange(6, dtype=">i4")
    data.flags.writeable = writeable
    restored = arr(pickle.loads(pickle.dumps(NDBuffer(data), protocol=protocol)))
    assert restored.flags.writeable is writeable
    assert restored.dtype.str == ">i4"


def test_ndbuffer_is_hashable_and_compares_by_identity() -> None:
    """Like zarr's NDBuffer: hashable, ``==`` is identity; compare contents with all_equal."""
    a = NDBuffer(np.zeros(3))
    b = NDBuffer(np.zeros(3))
    same_array = NDBuffer(a.as_numpy_array())
    assert hash(a) == hash(a)
    assert a == a
    assert a != b
    assert a != same_array
    assert len({a, b, same_array, a}) == 3
    assert {a: 1}[a] == 1


@pytest.mark.parametrize("dtype", ["<f8", ">f4", "<i4", "<u2"])
@pytest.mark.parametrize("value", [6 + 0j, complex(6, -0.0), [6 + 0j, 6.0]])
def test_setitem_python_complex_with_zero_imaginary_part_stores_the_real_part(dtype: str, value: Any) -> None:
    # Spec: complex values whose imaginary parts are zero SHOULD be stored as their real parts;
    # NumPy refuses a Python complex for real data, the reference must not (issue 25).
    nd = cpu.NDBuffer.create(shape=(2,), dtype=dtype, fill_value=0)
    nd[...] = value
    assert nd.as_numpy_array().tolist() == [6, 6]
    assert nd.dtype == np.dtype(dtype)


@pytest.mark.parametrize("value", [6 + 1j, complex(6, float("nan")), [6 + 0j, 1j]])
def test_setitem_python_complex_with_an_imaginary_part_is_refused_unchanged(value: Any) -> None:
    nd = cpu.NDBuffer.create(shape=(2,), dtype="<f8", fill_value=1.5)
    with pytest.raises(ValueError, match="^value: .*imaginary part would be lost"):
        nd[...] = value
    assert nd.as_numpy_array().tolist() == [1.5, 1.5]


def test_create_python_complex_fill_with_zero_imaginary_part_is_its_real_part() -> None:
    assert cpu.NDBuffer.create(shape=(2,), dtype="<f4", fill_value=3 + 0j).as_numpy_array().tolist() == [3.0, 3.0]
    with pytest.raises(ValueError, match="^fill_value: "):
        cpu.NDBuffer.create(shape=(2,), dtype="<f4", fill_value=3 + 1j)
    # Complex, object and string data take the value as NumPy does.
    assert cpu.NDBuffer.create(shape=(1,), dtype="<c8", fill_value=3 + 1j).as_numpy_array()[0] == 3 + 1j
    assert cpu.NDBuffer.create(shape=(1,), dtype=object, fill_value=3 + 1j).as_numpy_array()[0] == 3 + 1j


@pytest.mark.parametrize("dtype", [object, [("a", "O"), ("b", "<i4")]])
@pytest.mark.parametrize("shape", [(), (3,), (2, 2)])
def test_getitem_ellipsis_on_object_data_is_a_view_of_everything(dtype: Any, shape: tuple[int, ...]) -> None:
    # nd[...] raised IndexError ("only a single ellipsis") on data holding objects (found in issue 25).
    nd = cpu.NDBuffer.create(shape=shape, dtype=dtype, fill_value=None)
    view = nd[...]
    assert view.shape == shape and view.dtype == nd.dtype
    assert np.shares_memory(view.as_numpy_array(), nd.as_numpy_array()) or not view.as_numpy_array().size


@pytest.mark.parametrize("key", [(), Ellipsis])
@pytest.mark.parametrize("value", [np.int64(5), np.float32(-0.0), np.str_("y"), None, 3])
def test_setitem_into_objects_stores_the_scalar_itself(key: Any, value: Any) -> None:
    # A NumPy scalar took the slow path and was stored as a 0-d object array (found in issue 25).
    for shape in ((), (3,)):
        nd = cpu.NDBuffer.create(shape=shape, dtype=object, fill_value=None)
        expected = np.full(shape, None, object)
        nd[key] = value
        expected[key] = value
        got = nd.as_numpy_array()
        assert [type(x) for x in got.reshape(-1)] == [type(x) for x in expected.reshape(-1)]
        assert got.tolist() == expected.tolist()
