"""``NDBuffer.all_equal``: "equal" means "indistinguishable when read back".

zarr uses this predicate to decide whether a chunk equals the fill value and
may be skipped, so a wrong ``True`` loses data.  The rules (see
``bufferspec.protocols.NDBuffer.all_equal``):

* ``other is None`` gives ``False``; an empty buffer equals any other value;
* floats: equal values with the same sign bit; NaN equals NaN iff ``equal_nan``;
* complex: real and imaginary parts separately, each by the float rule;
* datetime/timedelta: NaT equals NaT iff ``equal_nan``, otherwise NumPy ``==``;
* structured: field by field with these rules;
* strings, bool, integers, objects: NumPy ``==``;
* ``other`` may be a scalar or an array broadcasting to the buffer's shape
  (anything else raises ``ValueError`` naming ``other``).

The module has example tests for every rule, an independent (slow, elementwise)
oracle with Hypothesis properties against it, an instrumented early-exit test
and a ``tracemalloc`` test for full-size temporaries.
"""

from __future__ import annotations

import math
import tracemalloc
from collections.abc import Callable
from typing import Any, ClassVar, Literal

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bufferspec import cpu

NDBuffer = cpu.NDBuffer
StringDType = np.dtypes.StringDType
Array = npt.NDArray[Any]

NAN = float("nan")
INF = float("inf")
NZ = -0.0  # negative zero


def all_equal(data: Array, other: Any, equal_nan: bool = True) -> bool:
    result = NDBuffer.from_numpy_array(data).all_equal(other, equal_nan=equal_nan)
    assert type(result) is bool, f"all_equal must return a bool, got {type(result)}"
    return result


# -- the independent oracle ---------------------------------------------------------------


def _elementwise(a: Array, b: Array, equal_nan: bool) -> npt.NDArray[np.bool_]:
    """Elementwise "same when read back" for two arrays of the same shape."""
    if a.dtype.names is not None:
        assert b.dtype.names is not None, "the oracle compares structured data to structured values"
        same = np.ones(a.shape, dtype=bool)
        for name in a.dtype.names:
            field = _elementwise(a[name], b[name], equal_nan)
            # Subarray fields add trailing dimensions: all of them must match.
            same &= field.reshape(*a.shape, -1).all(axis=-1)
        return same
    kind = a.dtype.kind
    if kind == "f" and b.dtype.kind == "c":
        kind = "c"  # real data has an imaginary part of +0.0
        a = a.astype(np.result_type(a.dtype, b.dtype))
    if kind == "c":
        b_complex = b.astype(np.result_type(a.dtype, b.dtype))
        return _elementwise(a.real, b_complex.real, equal_nan) & _elementwise(
            a.imag, b_complex.imag, equal_nan
        )
    if kind == "f":
        same = (a == b) & (np.signbit(a) == np.signbit(b))
        if equal_nan:
            same |= np.isnan(a) & np.isnan(b)
        return np.asarray(same)
    if kind in "mM":
        same = np.asarray(a == b)
        if equal_nan:
            same |= _isnat(a) & _isnat(b)
        return same
    return np.asarray(a == b, dtype=bool)


def _isnat(a: Array) -> npt.NDArray[np.bool_]:
    """``np.isnat`` on native byte order (not trusting it with swapped bytes)."""
    native: Array = a.astype(a.dtype.newbyteorder("="))
    return np.asarray(np.isnat(native), dtype=bool)


def oracle(data: Array, other: Any, equal_nan: bool = True) -> bool:
    """A straightforward, slow reference for ``all_equal``."""
    if other is None:
        return False
    if data.size == 0:
        return True
    target = np.broadcast_to(np.asarray(other), data.shape)
    return bool(_elementwise(data, target, equal_nan).all())


def check(data: Array, other: Any, expected: bool, equal_nan: bool = True, where: str = "") -> None:
    """``all_equal`` gives *expected*, and so does the oracle (which the properties rely on)."""
    by_oracle, result = oracle(data, other, equal_nan), all_equal(data, other, equal_nan)
    if by_oracle is not expected or result is not expected:  # describe only failures (repr is slow)
        context = f"{where} (equal_nan={equal_nan}, data {data.dtype} {data.shape}, other {_describe(other)})"
        assert by_oracle is expected, f"the oracle disagrees with the test: {context}"
        assert result is expected, context


def _describe(value: Any) -> str:
    try:
        return repr(value)
    except ValueError:  # NumPy cannot print non-NaT generic datetimes
        return f"{type(value).__name__} with bits {np.asarray(value).view(np.int64).tolist()}"


# -- values and layouts for the example tests -------------------------------------------


STRUCT = np.dtype([("x", "<f8"), ("y", "<i4")])
STRUCT_BE = np.dtype([("a", ">f4"), ("b", "S2"), ("c", ">c8")])
NESTED = np.dtype([("v", "<f8", (2,)), ("inner", [("p", "<f2"), ("q", "<u2")])])


_NAT_BITS = np.iinfo(np.int64).min


def scalar0d(dtype: npt.DTypeLike, value: Any) -> Array:
    """*value* as a 0-d array of exactly *dtype*.

    Generic-unit datetimes/timedeltas (``"M8"``, ``"m8"``) are built from their
    int64 bits (an int, or ``"NaT"``): NumPy >= 2.5 deprecates creating them
    from values, and the test suite turns warnings into errors.
    """
    dt = np.dtype(dtype)
    if dt.kind in "mM" and np.datetime_data(dt.str)[0] == "generic":
        bits = _NAT_BITS if isinstance(value, str) and value == "NaT" else value
        return np.array(bits, dtype=np.int64).view(dt)
    return np.array(value, dtype=dt)


# (dtype, fill value, a different value); the "different" value is read-back distinct.
_FLOAT_CASE_DTYPES: list[npt.DTypeLike] = [np.float16, np.float32, np.float64, np.longdouble, ">f8", ">f4", "<f2"]
_COMPLEX_CASE_DTYPES: list[npt.DTypeLike] = [np.complex64, np.complex128, np.clongdouble, ">c16"]
CASES: list[tuple[npt.DTypeLike, Any, Any]] = []
for _dt in _FLOAT_CASE_DTYPES:
    CASES += [
        (_dt, 0.0, NZ),
        (_dt, NZ, 0.0),
        (_dt, 1.5, 2.5),
        (_dt, NAN, 1.5),
        (_dt, 1.5, NAN),
        (_dt, NAN, 0.0),
        (_dt, INF, -INF),
        (_dt, -INF, NAN),
    ]
for _dt in _COMPLEX_CASE_DTYPES:
    CASES += [
        (_dt, 0j, complex(0.0, NZ)),
        (_dt, complex(0.0, NZ), 0j),
        (_dt, complex(NZ, 0.0), 0j),
        (_dt, 0j, complex(NZ, 0.0)),
        (_dt, complex(NAN, 0.0), 0j),
        (_dt, complex(NAN, 0.0), complex(NAN, NZ)),
        (_dt, complex(0.0, NAN), complex(NAN, 0.0)),
        (_dt, 1 + 2j, 1 + 3j),
        (_dt, 1 + 2j, 3 + 2j),
    ]
CASES += [
    (np.int8, 0, 1),
    (np.int8, -128, 127),
    (np.int64, 2**62 + 1, 2**62),
    (np.uint8, 0, 255),
    (np.uint64, 2**64 - 1, 2**64 - 2),
    (">i4", 7, -7),
    (np.bool_, True, False),
    (np.bool_, False, True),
    ("S5", b"abc", b"abd"),
    ("S5", b"", b"a"),
    ("U5", "abc", "abd"),
    ("U5", "\u00e9", "e"),
    (StringDType(), "abc", "abcd"),
    (StringDType(), "", " "),
    (STRUCT, (0.0, 0), (NZ, 0)),
    (STRUCT, (NZ, 0), (0.0, 0)),
    (STRUCT, (1.5, 2), (1.5, 3)),
    (STRUCT, (NAN, 1), (NAN, 2)),
    (STRUCT, (NAN, 1), (1.0, 1)),
    (STRUCT_BE, (0.0, b"ab", 0j), (0.0, b"ab", complex(0.0, NZ))),
    (STRUCT_BE, (NAN, b"ab", 1j), (NAN, b"ac", 1j)),
    (NESTED, ([0.0, 0.0], (0.0, 1)), ([0.0, NZ], (0.0, 1))),
    (NESTED, ([0.0, 0.0], (0.0, 1)), ([0.0, 0.0], (NZ, 1))),
    (NESTED, ([1.0, 2.0], (NAN, 1)), ([1.0, 2.0], (NAN, 2))),
    ("M8[s]", "2020-01-01T00:00:00", "2020-01-01T00:00:01"),
    ("M8[s]", "NaT", "2020-01-01T00:00:00"),
    ("M8[s]", "2020-01-01T00:00:00", "NaT"),
    (">M8[D]", "1970-01-01", "1970-01-02"),
    ("M8", "NaT", 0),
    ("M8", 0, "NaT"),
    ("m8[ms]", 5, 6),
    ("m8[ms]", "NaT", 0),
    ("m8[ms]", 0, "NaT"),
    ("m8", 5, -5),
    (object, 1, 2),
    (object, "a", "b"),
]


def _case_id(case: tuple[npt.DTypeLike, Any, Any]) -> str:
    dtype, same, diff = case
    return f"{np.dtype(dtype).str}-{same!r}-vs-{diff!r}"


def _contains_nan(value: Array) -> bool:
    """Whether *value* (0-d) has a NaN or NaT anywhere (so it equals itself only with equal_nan)."""
    if value.dtype.names is not None:
        return any(_contains_nan(np.asarray(value[name])) for name in value.dtype.names)
    kind = value.dtype.kind
    if kind in "fc":
        return bool(np.isnan(value).any())
    if kind in "mM":
        return bool(_isnat(value).any())
    return False


Layout = Callable[[npt.DTypeLike], Array]


def _base(shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C") -> Array:
    array: Array = np.zeros(shape, dtype=dtype, order=order)
    return array


# Each layout gives an array to fill, and whose elements are set through itself.
LAYOUTS: dict[str, Layout] = {
    "0d": lambda dt: _base((), dt),
    "1d": lambda dt: _base((5,), dt),
    "2d": lambda dt: _base((3, 4), dt),
    "F": lambda dt: _base((3, 4), dt, "F"),
    "3d": lambda dt: _base((2, 3, 2), dt),
    "strided[::3]": lambda dt: _base((13,), dt)[::3],
    "view[::2,::-1]": lambda dt: _base((6, 5), dt)[::2, ::-1],
    "transposed": lambda dt: _base((4, 3), dt).T,
    "view[1:,::-2].T": lambda dt: _base((4, 7), dt)[1:, ::-2].T,
}


def _positions(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """First, a middle and the last element, in C order of the (possibly strided) view."""
    size = math.prod(shape)
    flat = sorted({0, size // 2, size - 1})
    return [tuple(int(i) for i in np.unravel_index(k, shape)) for k in flat]


def _fill(array: Array, value: Array) -> None:
    array[...] = value


# -- None and empty -------------------------------------------------------------------------


NONE_DTYPES: list[npt.DTypeLike] = [
    np.float64, np.complex64, np.int32, np.bool_, "S3", "U3", StringDType(), STRUCT, "M8[s]", "m8", object
]


@pytest.mark.parametrize("dtype", NONE_DTYPES, ids=str)
def test_none_is_never_equal(dtype: npt.DTypeLike) -> None:
    for shape in [(), (0,), (4,), (2, 0, 3), (3, 2)]:
        data = np.zeros(shape, dtype=dtype)
        for view in (data, data.T, data[..., ::-1] if data.ndim else data):
            for equal_nan in (True, False):
                assert all_equal(view, None, equal_nan) is False, (shape, equal_nan)


@pytest.mark.parametrize("dtype", NONE_DTYPES, ids=str)
def test_empty_buffer_equals_anything_but_none(dtype: npt.DTypeLike) -> None:
    others: list[Any] = [0, 1.5, NAN, NZ, "text", b"bytes", np.datetime64("NaT", "s"), True, np.float32(NZ)]
    for shape in [(0,), (3, 0), (0, 4), (2, 0, 5)]:
        data = np.zeros(shape, dtype=dtype)
        for other in others:
            for equal_nan in (True, False):
                assert all_equal(data, other, equal_nan) is True, (shape, other, equal_nan)
                assert all_equal(data.T, other, equal_nan) is True, (shape, other, equal_nan)


def test_empty_buffer_equals_a_broadcastable_array() -> None:
    assert all_equal(np.zeros((0, 3)), np.full(3, NAN), equal_nan=False) is True
    assert all_equal(np.zeros((2, 0)), np.zeros((2, 1))) is True


# -- every case, every layout, the difference first/middle/last --------------------------


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_uniform_and_single_difference(case: tuple[npt.DTypeLike, Any, Any]) -> None:
    for layout in LAYOUTS:
        _uniform_and_single_difference(case, layout)


def _uniform_and_single_difference(case: tuple[npt.DTypeLike, Any, Any], layout: str) -> None:
    dtype, same_value, diff_value = case
    same = scalar0d(dtype, same_value)
    diff = scalar0d(dtype, diff_value)
    data = LAYOUTS[layout](dtype)
    assert data.dtype == np.dtype(dtype)
    _fill(data, same)

    # Uniform: equal to the fill value, given as a NumPy scalar or as a 0-d array.
    for other in (same[()], same):
        check(data, other, True, True, f"{layout}, uniform")
        check(data, other, not _contains_nan(same), False, f"{layout}, uniform")
    check(data, diff[()], False, True, f"{layout}, uniform vs the other value")

    # One different element anywhere is found, for both equal_nan settings.
    for position in _positions(data.shape):
        data[position] = diff
        for equal_nan in (True, False):
            check(data, same[()], False, equal_nan, f"{layout}, different at {position}")
            check(data, same, False, equal_nan, f"{layout}, different at {position}")
        data[position] = same
    check(data, same[()], True, True, f"{layout}, restored")


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_array_other_single_difference(case: tuple[npt.DTypeLike, Any, Any]) -> None:
    """``other`` as a full array, and as a broadcast row; a difference on either side is found."""
    for layout in ["1d", "strided[::3]", "2d", "F", "view[::2,::-1]", "transposed", "view[1:,::-2].T"]:
        _array_other_single_difference(case, layout)


def _array_other_single_difference(case: tuple[npt.DTypeLike, Any, Any], layout: str) -> None:
    dtype, same_value, diff_value = case
    same = scalar0d(dtype, same_value)
    diff = scalar0d(dtype, diff_value)
    data = LAYOUTS[layout](dtype)
    _fill(data, same)
    other = np.empty_like(data, order="C")
    _fill(other, same)
    row = np.empty(data.shape[1:], dtype=data.dtype)
    _fill(row, same)

    for candidate in (other, row, np.broadcast_to(same, data.shape)):
        check(data, candidate, True, True, f"{layout}, uniform")
        check(data, candidate, not _contains_nan(same), False, f"{layout}, uniform")
    for position in _positions(data.shape):
        where = f"{layout}, different at {position}"
        data[position] = diff
        check(data, other, False, True, f"{where} in the data")
        check(data, row, False, True, f"{where} in the data, other a row")
        data[position] = same
        other[position] = diff
        check(data, other, False, True, f"{where} in other")
        check(data, other, False, False, f"{where} in other")
        other[position] = same
    check(data, other, True, True, f"{layout}, restored")


# -- float rules -------------------------------------------------------------------------------


FLOATS: list[npt.DTypeLike] = [np.float16, np.float32, np.float64, np.longdouble, ">f8", ">f2"]


@pytest.mark.parametrize(
    ("data_value", "other", "expected"),
    [
        (NZ, 0.0, False),
        (0.0, NZ, False),
        (0.0, 0.0, True),
        (NZ, NZ, True),
        (NZ, 0, False),  # the int 0 is +0.0
        (0.0, 0, True),
        (0.0, False, True),
        (NZ, np.float64(0.0), False),
        (0.0, np.float32(NZ), False),
        (NZ, np.longdouble(NZ), True),
        (1.5, 1.5, True),
        (1.5, 1.75, False),
        (1.0, 1, True),
        (1.0, True, True),
        (2.0, 1, False),
        (INF, INF, True),
        (-INF, INF, False),
        (INF, NAN, False),
        (NAN, INF, False),
        (NAN, 0.0, False),
        (0.0, NAN, False),
        (NAN, NAN, True),
        (NAN, np.float32(NAN), True),
        (NAN, -NAN, True),  # NaN's sign bit is not a different value
        (1.5, 1.5 + 0j, True),
        (1.5, complex(1.5, NZ), False),  # real data has an imaginary part of +0.0
        (1.5, 1.5 + 1j, False),
        (0.0, complex(NZ, 0.0), False),
        (NZ, complex(NZ, 0.0), True),
        (NAN, complex(NAN, 0.0), True),
        (NAN, complex(NAN, NAN), False),
        (1.5, "1.5", False),
        (1.5, b"x", False),
    ],
)
def test_float_scalar_rules(data_value: float, other: Any, expected: bool) -> None:
    for dtype in FLOATS:
        data = np.full((3, 4), data_value, dtype=dtype)
        assert all_equal(data, other) is expected, dtype
        assert all_equal(np.asfortranarray(data), other) is expected, dtype
        assert all_equal(data[::2, ::-3], other) is expected, dtype
        assert all_equal(data[0, 0, ...], other) is expected, dtype  # 0-d
        if not isinstance(other, (str, bytes)):
            assert oracle(data, other) is expected, dtype


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
def test_float_nan_needs_equal_nan(dtype: npt.DTypeLike) -> None:
    data = np.full(7, NAN, dtype=dtype)
    assert all_equal(data, NAN) is True
    assert NDBuffer.from_numpy_array(data).all_equal(NAN) is True  # default equal_nan=True
    assert all_equal(data, NAN, equal_nan=False) is False
    assert all_equal(data, np.full(7, NAN), equal_nan=False) is False
    assert all_equal(data, np.full(7, NAN)) is True
    data[3] = 1.0
    assert all_equal(data, NAN) is False
    other = np.full(7, NAN)
    other[3] = 1.0
    assert all_equal(data, other) is True
    assert all_equal(data, other, equal_nan=False) is False


def test_float_precision_of_narrow_dtypes() -> None:
    """NumPy's promotion rules: a Python float takes the data's precision, a NumPy scalar keeps its own."""
    data = np.full(4, 0.1, dtype=np.float32)
    assert all_equal(data, 0.1) is True  # the fill value 0.1 as a float32 array stores it
    assert all_equal(data, np.float32(0.1)) is True
    assert all_equal(data, np.float64(0.1)) is False  # as NumPy's ==: float32(0.1) != float64(0.1)
    assert all_equal(data, np.full(4, 0.1)) is False  # the array path agrees
    assert all_equal(data.astype(np.complex64), np.complex128(0.1)) is False
    assert all_equal(data.astype(np.complex64), 0.1 + 0j) is True
    assert all_equal(np.full(4, 1.5, dtype=np.float16), 1e10) is False  # overflows float16: no warning
    assert all_equal(np.full(4, 1.5, dtype=np.float16), -1e10) is False
    assert all_equal(np.full(4, 1.5, dtype=np.float16), np.float64(1e10)) is False


@pytest.mark.parametrize(
    ("data_value", "other", "expected"),
    [
        (0j, 0.0, True),
        (0j, 0, True),
        (complex(0.0, NZ), 0.0, False),
        (complex(0.0, NZ), 0j, False),
        (0j, complex(0.0, NZ), False),
        (complex(NZ, 0.0), 0.0, False),
        (complex(NZ, 0.0), NZ, True),
        (complex(NZ, NZ), complex(NZ, NZ), True),
        (complex(NZ, NZ), complex(NZ, 0.0), False),
        (complex(NAN, 0.0), complex(NAN, 0.0), True),
        (complex(NAN, 0.0), NAN, True),
        (complex(NAN, 0.0), complex(0.0, NAN), False),
        (complex(NAN, NAN), complex(NAN, NAN), True),
        (complex(NAN, NAN), complex(NAN, 0.0), False),
        (complex(1.5, 2.5), complex(1.5, 2.5), True),
        (complex(1.5, 2.5), 1.5, False),
        (complex(1.5, 0.0), 1.5, True),
        (complex(INF, -INF), complex(INF, -INF), True),
    ],
)
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128, np.clongdouble, ">c8"], ids=str)
def test_complex_scalar_rules(dtype: npt.DTypeLike, data_value: complex, other: Any, expected: bool) -> None:
    data = np.full((2, 3), data_value, dtype=dtype)
    assert all_equal(data, other) is expected
    assert all_equal(data.T, other) is expected
    assert all_equal(data[1, 2, ...], other) is expected
    assert oracle(data, other) is expected
    as_array = np.full((2, 3), other, dtype=np.result_type(other, np.complex64))
    assert all_equal(data, as_array) is expected


def test_complex_nan_needs_equal_nan() -> None:
    data = np.full(5, complex(NAN, 0.0))
    assert all_equal(data, complex(NAN, 0.0)) is True
    assert all_equal(data, complex(NAN, 0.0), equal_nan=False) is False
    data = np.full(5, complex(0.0, NAN))
    assert all_equal(data, complex(0.0, NAN), equal_nan=False) is False
    assert all_equal(data, np.full(5, complex(0.0, NAN)), equal_nan=False) is False
    assert all_equal(data, np.full(5, complex(0.0, NAN))) is True


@pytest.mark.parametrize(
    ("data", "other", "expected"),
    [
        (np.array([NZ, NZ]), np.array([0, 0]), False),
        (np.array([0.0, 0.0]), np.array([0, 0]), True),
        (np.array([1.0, 0.0]), np.array([True, False]), True),
        (np.array([NZ, 1.0]), np.array([0.0, 1.0], dtype=np.float32), False),
        (np.array([0.0, 1.0], dtype=np.float32), np.array([NZ, 1.0]), False),
        (np.array([NAN, 1.0], dtype=np.float16), np.array([NAN, 1.0]), True),
        (np.array([NAN, 1.0], dtype=np.float16), np.array([1, 2, 3])[:2], False),
        (np.array([1, 2]), np.array([1.0, 2.0]), True),
        (np.array([0, 0]), np.array([NZ, NZ]), True),  # integers: NumPy ==
        (np.array([complex(0.0, NZ)]), np.array([0.0]), False),
        (np.array([complex(NAN, 0.0)]), np.array([NAN]), True),
    ],
)
def test_array_other_mixed_dtypes(data: Array, other: Array, expected: bool) -> None:
    assert all_equal(data, other) is expected


@pytest.mark.parametrize(
    ("data", "other", "expected"),
    [
        # Regression (76bc94d): the array path skipped the sign and NaN rules for a complex other.
        (np.array([NZ, NZ]), np.array([0j, 0j]), False),
        (np.array([NAN]), np.array([complex(NAN, 0.0)]), True),
        (np.array([NAN, NAN]), np.array([complex(NAN, NZ)] * 2), False),
        (np.array([1.5]), np.array([complex(1.5, NZ)]), False),
        (np.array([NZ]), np.array([complex(NZ, 0.0)]), True),
    ],
    ids=["negzero-vs-complex-zero", "nan-vs-complex-nan", "nan-imag-negzero", "imag-negzero", "negzero"],
)
def test_real_data_vs_complex_array_other(data: Array, other: Array, expected: bool) -> None:
    assert all_equal(data, other) is expected
    assert all_equal(data, other[0]) is expected  # the scalar path agrees


_LONGDOUBLE_IS_WIDER = np.finfo(np.longdouble).nmant > np.finfo(np.float64).nmant


@pytest.mark.skipif(not _LONGDOUBLE_IS_WIDER, reason="longdouble is float64 on this platform")
@pytest.mark.parametrize("dtype", [np.longdouble, np.clongdouble], ids=str)
@pytest.mark.parametrize("data_is_wide", [False, True], ids=["data-1.0", "data-1+2**-60"])
def test_longdouble_value_keeps_its_precision(dtype: npt.DTypeLike, data_is_wide: bool) -> None:
    """Regression (76bc94d): the value went through float(), so 1.0L equalled 1 + 2**-60 (data loss)."""
    wide = np.longdouble(1) + np.longdouble(2) ** -60
    assert wide != 1
    value = np.asarray(wide, dtype=dtype)[()]
    data = np.full(4, value if data_is_wide else 1, dtype=dtype)
    assert oracle(data, value) is data_is_wide
    assert all_equal(data, value) is data_is_wide


# -- datetime / timedelta ------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["M8[s]", ">M8[ms]", "M8[D]", "M8", "m8[s]", "m8", "<m8[us]"], ids=str)
@pytest.mark.parametrize("shape", [(), (5,), (3, 4)], ids=str)
def test_nat_needs_equal_nan(dtype: str, shape: tuple[int, ...]) -> None:
    nat0d = scalar0d(dtype, "NaT")
    nat = nat0d[()]
    data = np.empty(shape, dtype=dtype)
    data[...] = nat0d
    nats: list[Any] = [nat, nat0d, data.copy()]
    if np.datetime_data(np.dtype(dtype).str)[0] != "generic":  # NaT of another unit
        nats.append(np.datetime64("NaT", "D") if "M" in dtype else np.timedelta64("NaT", "h"))
    for other in nats:
        assert all_equal(data, other) is True
        assert all_equal(data, other, equal_nan=False) is False
    assert all_equal(data, scalar0d(dtype, 0)) is False
    if shape:
        data[(0,) * len(shape)] = scalar0d(dtype, 0)
        assert all_equal(data, nat) is False
        data = data.T
        data[(0,) * len(shape)] = nat
        data[(-1,) * len(shape)] = scalar0d(dtype, 0)
        assert all_equal(data, nat) is False


def test_datetime_numpy_equality() -> None:
    data = np.full((2, 2), "2020-01-01T00:00:00", dtype="M8[s]")
    assert all_equal(data, np.datetime64("2020-01-01")) is True  # different unit, same instant
    assert all_equal(data, np.datetime64("2020-01-01T00:00:00", "s")) is True
    assert all_equal(data, np.datetime64("2020-01-02")) is False
    assert all_equal(data, np.datetime64("NaT", "s")) is False
    assert all_equal(np.full(3, 60, dtype="m8[s]"), np.timedelta64(1, "m")) is True
    assert all_equal(np.full(3, 60, dtype="m8[s]"), np.timedelta64(61, "s")) is False
    generic = np.full(3, scalar0d("m8", 5))  # generic units
    assert all_equal(generic, scalar0d("m8", 5)[()]) is True
    assert all_equal(generic, scalar0d("m8", 6)[()]) is False
    generic_nat = np.full(2, scalar0d("M8", "NaT"))
    assert all_equal(generic_nat, scalar0d("M8", "NaT")[()]) is True
    assert all_equal(generic_nat, scalar0d("M8", "NaT")[()], equal_nan=False) is False


# -- strings, bool, ints, objects: NumPy == ------------------------------------------------


@pytest.mark.parametrize(
    ("data", "other", "expected"),
    [
        (np.array([b"ab", b"ab"], dtype="S4"), b"ab", True),
        (np.array([b"ab", b"ab"], dtype="S4"), b"abc", False),
        (np.array([b"ab", b"ab"], dtype="S4"), np.bytes_(b"ab"), True),
        (np.array([b"", b""], dtype="S4"), b"", True),
        (np.array([b"ab", b"aB"], dtype="S4"), b"ab", False),
        (np.array(["ab", "ab"], dtype="U4"), "ab", True),
        (np.array(["ab", "ab"], dtype="U4"), "ab ", False),
        (np.array(["ab", "ab"], dtype="U4"), np.str_("ab"), True),
        (np.array(["\u00e9", "\u00e9"], dtype="U1"), "e\u0301", False),
        (np.array(["ab", "ab"], dtype=StringDType()), "ab", True),
        (np.array(["ab", "abc"], dtype=StringDType()), "ab", False),
        (np.array(["", ""], dtype=StringDType()), "", True),
        (np.array([True, True]), True, True),
        (np.array([True, False]), True, False),
        (np.array([False, False]), False, True),
        (np.array([1, 1], dtype=np.int8), 1, True),
        (np.array([1, 1], dtype=np.int8), 1.0, True),
        (np.array([1, 1], dtype=np.int8), 1.5, False),
        (np.array([1, 1], dtype=np.int8), NAN, False),
        (np.array([1, 1], dtype=np.int8), 257, False),
        (np.array([0, 0], dtype=np.int16), NZ, True),  # ints have no signed zero
        (np.array([255, 255], dtype=np.uint8), -1, False),
        (np.array([2**63 - 1] * 2, dtype=np.int64), 2**63 - 1, True),
        (np.array([2**63 - 1] * 2, dtype=np.int64), 2**63 - 2, False),
        (np.array([2**64 - 1] * 2, dtype=np.uint64), 2**64 - 1, True),
        (np.array([2**64 - 1] * 2, dtype=np.uint64), 2**64 - 2, False),
        (np.array([1, 1], dtype=object), 1, True),
        (np.array(["a", "a"], dtype=object), "a", True),
        (np.array([1, "a"], dtype=object), 1, False),
    ],
)
def test_numpy_equality_kinds(data: Array, other: Any, expected: bool) -> None:
    for equal_nan in (True, False):
        assert all_equal(data, other, equal_nan) is expected
        assert all_equal(data.reshape(2, 1), other, equal_nan) is expected
        assert all_equal(np.asfortranarray(np.stack([data, data])), other, equal_nan) is expected
        assert all_equal(np.stack([data, data])[:, ::-1], other, equal_nan) is expected
        assert all_equal(data[::-1], other, equal_nan) is expected
        assert all_equal(np.repeat(data, 2)[::2], other, equal_nan) is expected


@pytest.mark.parametrize(
    ("data", "other"),
    [
        (np.array(0, dtype=np.int8), 0),
        (np.array(7, dtype=">i4"), 7),
        (np.array(True), True),
        (np.array(b"ab", dtype="S4"), b"ab"),
        (np.array("ab", dtype="U4"), "ab"),
        (np.array("ab", dtype=StringDType()), "ab"),
        (np.array("2020-01-01", dtype="M8[D]"), np.datetime64("2020-01-01")),
        (np.array(5, dtype="m8[s]"), np.timedelta64(5, "s")),
        (np.array(1, dtype=object), 1),
        (np.zeros((), dtype=STRUCT), np.zeros((), dtype=STRUCT)[()]),
    ],
    ids=str,
)
def test_zero_d_buffers_compared_by_numpy_eq(data: Array, other: Any) -> None:
    """Regression (76bc94d): ``==`` on 0-d data gives a NumPy bool scalar, once taken for 'incomparable'."""
    assert oracle(data, other) is True
    assert all_equal(data, other) is True
    assert all_equal(data, np.asarray(other)) is True


def test_zero_d_create_fill_value() -> None:
    """0-d buffers made by ``create`` compare right against their fill value."""
    assert NDBuffer.create(shape=(), dtype=np.float64, fill_value=NZ).all_equal(NZ) is True
    assert NDBuffer.create(shape=(), dtype=np.float64, fill_value=NZ).all_equal(0.0) is False
    assert NDBuffer.create(shape=(), dtype=np.complex64, fill_value=1j).all_equal(1j) is True
    nat = np.datetime64("NaT", "s")
    assert NDBuffer.create(shape=(), dtype="M8[s]", fill_value=nat).all_equal(nat) is True
    assert NDBuffer.create(shape=(), dtype=np.int16, fill_value=3).all_equal(3) is True
    assert NDBuffer.create(shape=(), dtype=np.int16, fill_value=3).all_equal(4) is False
    assert NDBuffer.create(shape=(), dtype="U3", fill_value="ab").all_equal("ab") is True
    assert NDBuffer.create(shape=(), dtype=STRUCT, fill_value=(1.5, 2)).all_equal((1.5, 2)) is True


@pytest.mark.parametrize("dtype", [StringDType(), object], ids=str)
def test_one_d_string_and_object_layouts(dtype: npt.DTypeLike) -> None:
    """Regression (fixed in 76bc94d): 1-d strided StringDType/object data raised AttributeError (``data[0].size``)."""
    data = np.array(["x"] * 6, dtype=dtype)
    for view in (data[::2], data[::-1], data[1:2]):
        assert all_equal(view, "x") is True
        assert all_equal(view, np.array(["x"] * view.size, dtype=dtype)) is True
        assert all_equal(view, np.array(["x"], dtype=dtype)) is True
    assert all_equal(data, np.array(["x"] * 6, dtype=dtype)) is True
    data[4] = "y"
    assert all_equal(data[::2], "x") is False
    assert all_equal(data[::-1], np.array(["x"] * 6, dtype=dtype)) is False


@pytest.mark.parametrize(
    ("data", "other"),
    [
        (np.array([b"ab"], dtype="S2"), "ab"),
        (np.array(["ab"], dtype="U2"), b"ab"),
        (np.array([1.5]), "abc"),
        (np.array([1]), "1"),
        (np.array(["2020-01-01"], dtype="M8[D]"), 3),
        (np.zeros(2, dtype=STRUCT), "x"),
    ],
)
def test_incomparable_types_are_unequal(data: Array, other: Any) -> None:
    assert all_equal(data, other) is False


# -- structured ---------------------------------------------------------------------------------


def test_structured_fields_use_float_rules() -> None:
    data = np.zeros((3, 4), dtype=STRUCT)
    fill = np.zeros((), dtype=STRUCT)[()]
    assert all_equal(data, fill) is True
    assert all_equal(data, np.array((NZ, 0), dtype=STRUCT)[()]) is False
    data["x"][1, 2] = NZ
    assert all_equal(data, fill) is False
    assert all_equal(data.T, fill) is False
    assert all_equal(data, np.zeros((3, 4), dtype=STRUCT)) is False
    assert all_equal(data, np.zeros(4, dtype=STRUCT)) is False
    data["x"][...] = NZ
    assert all_equal(data, np.array((NZ, 0), dtype=STRUCT)[()]) is True
    assert all_equal(data, fill) is False

    nan_data = np.full(4, scalar0d(STRUCT, (NAN, 7)))
    nan_fill = np.array((NAN, 7), dtype=STRUCT)[()]
    assert all_equal(nan_data, nan_fill) is True
    assert all_equal(nan_data, nan_fill, equal_nan=False) is False
    assert all_equal(nan_data, np.full(4, scalar0d(STRUCT, (NAN, 7)))) is True
    assert all_equal(nan_data, np.full(4, scalar0d(STRUCT, (NAN, 7))), equal_nan=False) is False
    assert all_equal(nan_data, np.array((NAN, 8), dtype=STRUCT)[()]) is False


def test_structured_other_of_another_structured_dtype() -> None:
    other_dtype = np.dtype([("x", ">f4"), ("y", ">i8")])
    data = np.full(4, scalar0d(STRUCT, (1.5, 2)))
    assert all_equal(data, np.array((1.5, 2), dtype=other_dtype)[()]) is True
    assert all_equal(data, np.array((1.5, 3), dtype=other_dtype)[()]) is False
    assert all_equal(np.zeros(4, dtype=STRUCT), np.array((NZ, 0), dtype=other_dtype)[()]) is False


def test_structured_other_with_the_same_names_is_compared_as_given() -> None:
    """A field value the data cannot hold is not equal: the record is not cast (2**32 would wrap to 0)."""
    data = np.zeros(3, [("a", "<i4"), ("b", "<f8")])
    wide = np.array((2**32, 0.0), [("a", "<i8"), ("b", "<f4")])
    assert all_equal(data, wide[()]) is False
    assert all_equal(data, np.broadcast_to(wide, (3,)).copy()) is False
    assert all_equal(data, np.zeros((), wide.dtype)[()]) is True
    assert all_equal(data, np.zeros(3, wide.dtype)) is True


def test_structured_other_with_other_names_is_cast_by_position() -> None:
    data = np.zeros(3, [("a", "<i4"), ("b", "<f8")])
    renamed = np.dtype([("x", "<i4"), ("y", "<f8")])
    assert all_equal(data, np.zeros((), renamed)[()]) is True
    assert all_equal(data, np.zeros(3, renamed)) is True
    assert all_equal(data, np.ones(3, renamed)) is False


def test_structured_nested_and_datetime_fields() -> None:
    dtype = np.dtype([("t", "M8[s]"), ("v", "<f8", (2,)), ("s", [("z", "<c8")])])
    fill = scalar0d(dtype, (np.datetime64("NaT", "s"), [0.0, 0.0], (0j,)))[()]
    data = np.full((2, 3), fill)
    assert all_equal(data, fill) is True
    assert all_equal(data, fill, equal_nan=False) is False
    data["s"]["z"][1, 1] = complex(0.0, NZ)
    assert all_equal(data, fill) is False
    assert oracle(data, fill) is False
    data["s"]["z"][1, 1] = 0j
    data["v"][0, 2, 1] = NZ
    assert all_equal(data, fill) is False
    assert all_equal(data[:, ::-1], fill) is False


def test_structured_tuple_other_is_one_value() -> None:
    """Regression (76bc94d): a tuple was an array of 2 floats, each cast into every field (data loss)."""
    data = np.array([(1.0, 1), (2.0, 2)], dtype=STRUCT)
    assert all_equal(data, np.array((1.0, 2), dtype=STRUCT)[()]) is False
    assert all_equal(data, (1.0, 2)) is False


def test_structured_tuple_other_matches_create() -> None:
    """A tuple is one record, as in ``create(fill_value=...)`` (it once raised ValueError)."""
    buf = NDBuffer.create(shape=(5,), dtype=STRUCT, fill_value=(1.5, 2))
    assert buf.all_equal((1.5, 2)) is True
    assert buf.all_equal((1.5, 3)) is False
    assert buf.all_equal((NZ, 2)) is False
    assert NDBuffer.create(shape=(2,), dtype=STRUCT, fill_value=(0.0, 0)).all_equal((NZ, 0)) is False
    assert NDBuffer.create(shape=(2,), dtype=STRUCT, fill_value=(NAN, 0)).all_equal((NAN, 0)) is True
    assert NDBuffer.create(shape=(2,), dtype=STRUCT, fill_value=(NAN, 0)).all_equal((NAN, 0), False) is False
    assert buf.all_equal((1.5, 2, 3)) is False  # not a record of this dtype: unequal, no error


# -- broadcasting and errors --------------------------------------------------------------


def test_broadcast_array_other() -> None:
    data = np.tile(np.array([0.0, NZ, NAN, 1.5]), (3, 1))
    row = np.array([0.0, NZ, NAN, 1.5])
    assert all_equal(data, row) is True
    assert all_equal(data, row, equal_nan=False) is False
    assert all_equal(data, row[np.newaxis]) is True
    assert all_equal(data, np.array([0.0, 0.0, NAN, 1.5])) is False
    assert all_equal(data, np.array([NZ, NZ, NAN, 1.5])) is False
    assert all_equal(data, [0.0, NZ, NAN, 1.5]) is True  # a list is an array too
    assert all_equal(data.T, row[:, np.newaxis]) is True
    assert all_equal(data.T, row[:, np.newaxis], equal_nan=False) is False
    column = np.full((3, 1), 2.5)
    assert all_equal(np.full((3, 4), 2.5), column) is True
    column[2, 0] = 2.0
    assert all_equal(np.full((3, 4), 2.5), column) is False
    assert all_equal(np.full((3, 4), 2.5, order="F")[::-1], np.full((1, 1), 2.5)) is True
    assert all_equal(np.array(NZ), np.array(NZ)) is True
    assert all_equal(np.array(NZ), np.array(0.0)) is False


@pytest.mark.parametrize(
    ("shape", "other_shape"),
    [((3, 4), (3,)), ((3, 4), (2, 4)), ((3, 4), (1, 3, 4)), ((3, 4), (4, 3)), ((5,), (4,)), ((), (1,)), ((2, 3), (2, 1, 3))],
    ids=str,
)
@pytest.mark.parametrize("dtype", [np.float64, np.complex64, np.int8, "U2", STRUCT, "M8[s]"], ids=str)
def test_non_broadcastable_other_raises(shape: tuple[int, ...], other_shape: tuple[int, ...], dtype: npt.DTypeLike) -> None:
    data = np.zeros(shape, dtype=dtype)
    before = data.copy()
    with pytest.raises(ValueError, match=r"\bother\b"):
        all_equal(data, np.zeros(other_shape, dtype=dtype))
    np.testing.assert_array_equal(data, before)


# -- large arrays: several scan blocks ------------------------------------------------------


LARGE = 300_000
# Positions straddling the block boundaries of a 1024, 2048, 4096, ... scan, and the ends.
LARGE_POSITIONS = [0, 1, 1023, 1024, 3071, 3072, 65_535, 65_536, 150_000, LARGE - 2, LARGE - 1]

LARGE_CASES: list[tuple[npt.DTypeLike, Any, Any]] = [
    (np.float64, 0.0, NZ),
    (np.float64, NZ, 0.0),
    (np.float32, NAN, 1.5),
    (np.float16, 1.5, NAN),
    (">f8", 0.0, NZ),
    (np.longdouble, 0.0, NZ),
    (np.complex128, 0j, complex(0.0, NZ)),
    (np.complex64, complex(NAN, 1.0), complex(NAN, NZ)),
    (np.int64, 7, 8),
    (np.bool_, False, True),
    ("S3", b"abc", b"abd"),
    ("U2", "ab", "ba"),
    (StringDType(), "x", "y"),
    (STRUCT, (0.0, 1), (NZ, 1)),
    ("M8[s]", "NaT", "2020-01-01"),
    ("m8[ms]", 3, "NaT"),
]

LARGE_LAYOUTS: dict[str, Layout] = {
    "1d": lambda dt: _base((LARGE,), dt),
    "strided[::2]": lambda dt: _base((2 * LARGE,), dt)[::2],
    "F(300,1000)": lambda dt: _base((300, 1000), dt, "F"),
    "view[::2,::-1]": lambda dt: _base((600, 1000), dt)[::2, ::-1],
    "T(1000,300)[::-1]": lambda dt: _base((300, 1000), dt).T[::-1],
    "view[:,::3](3000,300)": lambda dt: _base((3000, 300), dt)[::10, ::3],
    "few-long-rows(3,100000)": lambda dt: _base((3, 2 * LARGE // 3), dt)[:, ::2],
}


@pytest.mark.parametrize("layout", list(LARGE_LAYOUTS), ids=str)
@pytest.mark.parametrize("case", LARGE_CASES, ids=_case_id)
def test_large_arrays_find_any_difference(case: tuple[npt.DTypeLike, Any, Any], layout: str) -> None:
    dtype, same_value, diff_value = case
    same = scalar0d(dtype, same_value)
    diff = scalar0d(dtype, diff_value)
    data = LARGE_LAYOUTS[layout](dtype)
    _fill(data, same)
    assert all_equal(data, same[()]) is True
    assert all_equal(data, same[()], equal_nan=False) is (not _contains_nan(same))
    for k in LARGE_POSITIONS:
        position = np.unravel_index(k % data.size, data.shape)
        data[position] = diff
        assert all_equal(data, same[()]) is False, f"difference at flat index {k} missed"
        data[position] = same
    assert all_equal(data, same[()]) is True


@pytest.mark.parametrize("layout", ["1d", "strided[::2]", "view[::2,::-1]", "few-long-rows(3,100000)"], ids=str)
@pytest.mark.parametrize("case", LARGE_CASES, ids=_case_id)
def test_large_arrays_array_other(case: tuple[npt.DTypeLike, Any, Any], layout: str) -> None:
    dtype, same_value, diff_value = case
    same = scalar0d(dtype, same_value)
    diff = scalar0d(dtype, diff_value)
    data = LARGE_LAYOUTS[layout](dtype)
    _fill(data, same)
    other = np.empty(data.shape, dtype=data.dtype)
    _fill(other, same)
    assert all_equal(data, other) is True
    # The array path works in blocks of up to 64 Ki elements: first, across a boundary, middle, last.
    for k in [0, 65_535, 65_536, LARGE // 2, LARGE - 1]:
        position = np.unravel_index(k % data.size, data.shape)
        data[position] = diff
        assert all_equal(data, other) is False, f"difference at flat index {k} missed"
        data[position] = same
        other[position] = diff
        assert all_equal(data, other) is False, f"difference in other at flat index {k} missed"
        other[position] = same
    assert all_equal(data, other) is True


# -- the oracle as a reference: Hypothesis properties ---------------------------------------


def _dtype(spec: Any) -> np.dtype[Any]:
    result: np.dtype[Any] = np.dtype(spec)
    return result


PROPERTY_DTYPES: list[np.dtype[Any]] = [
    _dtype(d)
    for d in [
        np.float16, np.float32, np.float64, ">f8", ">f4", np.longdouble,
        np.complex64, np.complex128, ">c8",
        np.int8, np.int32, ">i8", np.uint16, np.uint64, np.bool_,
        "S3", "U3", StringDType(),
        "M8[s]", ">M8[ms]", "m8[us]",
        [("x", "<f4"), ("y", ">f8")],
        [("z", "<c8"), ("s", "S2")],
        [("t", "M8[s]"), ("i", "<i2")],
    ]
]


@st.composite
def _views(draw: st.DrawFn, base: Array) -> Array:
    """A random view: per-axis start and step (negative too), optionally transposed."""
    key: tuple[Any, ...] = tuple(
        slice(draw(st.integers(0, 1)), None, draw(st.sampled_from([1, 1, 2, -1, -2, 3])))
        for _ in range(base.ndim)
    )
    view = base[key + (Ellipsis,)] if draw(st.booleans()) else base  # Ellipsis: 0-d stays an array
    if view.ndim >= 2 and draw(st.booleans()):
        view = view.transpose(draw(st.permutations(range(view.ndim))))
    return view


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Array, Any, bool]:
    """(data, other, equal_nan) with True cases frequent: uniform arrays, one changed element."""
    dtype = draw(st.sampled_from(PROPERTY_DTYPES))
    elements = hnp.from_dtype(dtype)
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=6))
    mode = draw(st.sampled_from(["random", "uniform", "one-different"]))
    order: Literal["C", "F"] = "F" if draw(st.booleans()) else "C"
    if mode == "random":
        base = draw(hnp.arrays(dtype, shape, elements=elements))
        if order == "F":
            base = np.asfortranarray(base)
    else:
        base = np.empty(shape, dtype=dtype, order=order)
        base[...] = np.array(draw(elements), dtype=dtype)
        if mode == "one-different" and base.size:
            index = draw(st.integers(0, base.size - 1))
            base[np.unravel_index(index, shape)] = np.array(draw(elements), dtype=dtype)
    data = draw(_views(base))

    def independent() -> Array:
        return np.array(draw(elements), dtype=dtype)

    kind = draw(st.sampled_from(["element", "element-0d", "independent", "independent-0d", "array", "row"]))
    other: Any
    if kind.startswith("element") and data.size:
        element = np.asarray(data[np.unravel_index(draw(st.integers(0, data.size - 1)), data.shape)])
        other = element if kind.endswith("0d") else element[()]
    elif kind in ("array", "row") and data.ndim:
        source = data[0] if kind == "row" and data.shape[0] else data
        other = np.array(source, copy=True, order=draw(st.sampled_from("CF")))
        if other.size and draw(st.booleans()):
            other[np.unravel_index(draw(st.integers(0, other.size - 1)), other.shape)] = independent()
    else:
        value = independent()
        other = value if kind.endswith("0d") else value[()]
    return data, other, draw(st.booleans())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_property_matches_oracle(case: tuple[Array, Any, bool]) -> None:
    data, other, equal_nan = case
    before = data.copy()
    assert all_equal(data, other, equal_nan) is oracle(data, other, equal_nan)
    # all_equal does not modify the data (bit for bit; StringDType element by element).
    if data.dtype.kind == "T":
        assert data.tolist() == before.tolist()
    else:
        assert data.tobytes() == before.tobytes()


@settings(max_examples=60, deadline=None)
@given(_cases())
def test_property_uniform_array_equals_its_element(case: tuple[Array, Any, bool]) -> None:
    """An array filled with one of its elements equals that element (and it is an oracle True)."""
    data, _, equal_nan = case
    if data.size == 0:
        return
    element = np.asarray(data.reshape(-1)[0])
    uniform = np.empty_like(data)
    uniform[...] = element
    expected = equal_nan or not _contains_nan(element)
    assert oracle(uniform, element[()], equal_nan) is expected
    assert all_equal(uniform, element[()], equal_nan) is expected
    assert all_equal(uniform, uniform.copy(), equal_nan) is expected


@st.composite
def _long_cases(draw: st.DrawFn) -> tuple[Array, Any, bool]:
    """Arrays spanning several scan blocks, uniform but for one element somewhere."""
    dtype = draw(st.sampled_from([d for d in PROPERTY_DTYPES if d.kind in "fcmM" or d.names]))
    elements = hnp.from_dtype(dtype)
    size = draw(st.integers(1, 9000))
    step = draw(st.sampled_from([1, 2, -1, -3]))
    base = np.empty(size * abs(step), dtype=dtype)
    fill = np.array(draw(elements), dtype=dtype)
    base[...] = fill
    data = base[::step]
    index = draw(st.integers(0, data.size - 1))
    data[index] = np.array(draw(elements), dtype=dtype)
    if draw(st.booleans()) and size % 4 == 0:
        data = data.reshape(-1, 4) if step == 1 else np.ascontiguousarray(data).reshape(4, -1).T
    return data, fill[()], draw(st.booleans())


@settings(max_examples=60, deadline=None)
@given(_long_cases())
def test_property_long_arrays_match_oracle(case: tuple[Array, Any, bool]) -> None:
    data, other, equal_nan = case
    assert all_equal(data, other, equal_nan) is oracle(data, other, equal_nan)


# -- early exit -----------------------------------------------------------------------------


class _CountingArray(np.ndarray[Any, np.dtype[Any]]):
    """Counts the elements of counting arrays that go through NumPy ufuncs.

    How early exit is checked, without timing: the buffer wraps this ndarray
    subclass (``from_numpy_array`` keeps subclasses, without a copy), and every
    view of it (slices, ``.view``, ``.real``, fields, reshapes) stays a
    ``_CountingArray``.  Elementwise work on the data (``==``, ``isnan``,
    ``signbit``, ``isnat``, ...) goes through ``__array_ufunc__``, so
    ``touched`` counts the data elements looked at (once per pass).

    The test compares two runs on the same array: without a difference (the
    whole array must be looked at) and with a difference at the first element.
    A scan of everything before returning makes both counts equal; an early
    exit makes the second a small fraction of the first.  Because the control
    run must reach at least the array's size, the test cannot pass vacuously if
    an implementation stopped going through the subclass: it would fail and
    need another instrument.  (Patching ``_scan`` or the block constants would
    tie the test to one implementation; timing is noisy.)
    """

    touched: ClassVar[int] = 0

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        plain: list[Any] = []
        for item in inputs:
            if isinstance(item, _CountingArray):
                _CountingArray.touched += item.size
                plain.append(item.view(np.ndarray))
            else:
                plain.append(item)
        if "out" in kwargs:
            kwargs["out"] = tuple(
                o.view(np.ndarray) if isinstance(o, _CountingArray) else o for o in kwargs["out"]
            )
        return getattr(ufunc, method)(*plain, **kwargs)


def _touched(data: Array, other: Any, equal_nan: bool = True) -> tuple[bool, int]:
    _CountingArray.touched = 0
    result = all_equal(data, other, equal_nan)
    return result, _CountingArray.touched


EARLY_N = 1 << 21
EARLY_FRACTION = 8  # with the first element different, look at under 1/8 of a full scan

EARLY_CASES: list[tuple[str, npt.DTypeLike, Any, Any]] = [
    ("float", np.float64, 1.5, 2.5),
    ("zero-bits", np.float64, 0.0, NZ),
    ("nan", np.float64, NAN, 1.0),
    ("longdouble-zero", np.longdouble, 0.0, NZ),
    ("complex-real", np.complex128, 1 + 1j, complex(2.0, 1.0)),
    ("complex-imag", np.complex128, 1 + 1j, complex(1.0, 2.0)),
    ("complex-negzero-imag", np.complex64, 0j, complex(0.0, NZ)),
    ("int", np.int64, 3, 4),
    ("bool", np.bool_, True, False),
    ("bytes", "S4", b"abcd", b"abce"),
    ("unicode", "U2", "ab", "ac"),
    ("nat", "M8[s]", "NaT", "2020-01-01"),
    ("structured-x", STRUCT, (0.0, 1), (NZ, 1)),
    ("structured-y", STRUCT, (0.0, 1), (0.0, 2)),
]

EARLY_LAYOUTS: dict[str, Callable[[Array], Array]] = {
    "1d": lambda base: base,
    "strided[::2]": lambda base: base[::2],
    "F": lambda base: base.reshape(-1, 1024).T,
    "view[::2,::-1]": lambda base: base.reshape(2048, -1)[::2, ::-1],
}


def _assert_early_exit(data: Array, other: Any, different: Array, where: str = "") -> None:
    full_result, full = _touched(data, other)
    assert full_result is True, where
    assert full >= data.size, f"{where}: the instrument did not see the scan; see _CountingArray"
    data[(0,) * data.ndim] = different
    result, touched = _touched(data, other)
    assert result is False, where
    assert touched * EARLY_FRACTION <= full, (
        f"{where}: looked at {touched} elements (a full scan: {full}) with the first element different"
    )


@pytest.mark.parametrize("as_array", [False, True], ids=["scalar-other", "array-other"])
@pytest.mark.parametrize("case", EARLY_CASES, ids=[c[0] for c in EARLY_CASES])
def test_early_exit_on_first_element(case: tuple[str, npt.DTypeLike, Any, Any], as_array: bool) -> None:
    """The difference is in the first element, possibly only in its imaginary part or last field.

    Regression (76bc94d): complex data was compared real parts of the whole
    array first, and structured data field by field over the whole array.
    """
    _, dtype, same_value, diff_value = case
    same = scalar0d(dtype, same_value)
    base = np.empty(EARLY_N, dtype=dtype)
    base[...] = same
    for layout, make_view in EARLY_LAYOUTS.items():
        data = make_view(base.view(_CountingArray))
        assert isinstance(data, _CountingArray)
        other: Any = same[()]
        if as_array:
            other = np.empty(data.shape, dtype=data.dtype)
            other[...] = same
        _assert_early_exit(data, other, scalar0d(dtype, diff_value), layout)
        data[(0,) * data.ndim] = same


@pytest.mark.parametrize("as_array", [False, True], ids=["scalar-other", "array-other"])
def test_early_exit_non_contiguous_few_long_rows(as_array: bool) -> None:
    """Regression (76bc94d): strided data with 2 long rows was compared a whole row at a time."""
    data = np.full((2, EARLY_N), 1.5).view(_CountingArray)[:, ::2]
    assert not data.flags.c_contiguous and not data.flags.f_contiguous
    _assert_early_exit(data, np.full(data.shape[1], 1.5) if as_array else 1.5, scalar0d(np.float64, 2.5))
    data[0, 0] = 1.5
    data = np.full((1, EARLY_N), 1.5).view(_CountingArray)  # one long row
    _assert_early_exit(data, np.full(EARLY_N, 1.5) if as_array else 1.5, scalar0d(np.float64, 2.5))


# -- no full-size temporaries ------------------------------------------------------------


MEMORY_N = 8 * 1024 * 1024  # 64 MiB of float64


def _peak_bytes(function: Callable[[], bool]) -> tuple[bool, int]:
    """Peak new allocations while *function* runs (NumPy reports its data buffers to tracemalloc)."""
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak - start


_PAIR = np.dtype([("a", "<f4"), ("b", "<f4")])

# (id, make data, make other, equal_nan, expected); built lazily, one case at a time.
MEMORY_CASES: list[tuple[str, Callable[[], Array], Callable[[], Any], bool, bool]] = [
    ("float-1.5", lambda: np.full(MEMORY_N, 1.5), lambda: 1.5, True, True),
    ("float-nan", lambda: np.full(MEMORY_N, NAN), lambda: NAN, True, True),
    ("float-nan-no-equal-nan", lambda: np.full(MEMORY_N, NAN), lambda: NAN, False, False),
    ("float-zero", lambda: np.zeros(MEMORY_N), lambda: 0.0, True, True),
    ("float-negzero", lambda: np.full(MEMORY_N, NZ), lambda: NZ, True, True),
    ("negzero-last-vs-zero", lambda: np.concatenate([np.zeros(MEMORY_N - 1), [NZ]]), lambda: 0.0, True, False),
    ("float32-zero", lambda: np.zeros(MEMORY_N, dtype=np.float32), lambda: 0.0, True, True),
    ("big-endian", lambda: np.full(MEMORY_N, 1.5, dtype=">f8"), lambda: 1.5, True, True),
    ("F-order", lambda: np.full((2048, MEMORY_N // 2048), 1.5, order="F"), lambda: 1.5, True, True),
    ("view[::2,::-1]", lambda: np.full((2048, MEMORY_N // 2048), 1.5)[::2, ::-1], lambda: 1.5, True, True),
    ("complex64", lambda: np.full(MEMORY_N, 1 + 1j, dtype=np.complex64), lambda: 1 + 1j, True, True),
    ("longdouble-zero", lambda: np.zeros(MEMORY_N // 2, dtype=np.longdouble), lambda: 0.0, True, True),
    ("int64", lambda: np.full(MEMORY_N, 7), lambda: 7, True, True),
    ("bytes", lambda: np.full(MEMORY_N, b"abcdefgh", dtype="S8"), lambda: b"abcdefgh", True, True),
    ("nat", lambda: np.full(MEMORY_N, "NaT", dtype="M8[s]"), lambda: np.datetime64("NaT", "s"), True, True),
    ("structured", lambda: np.zeros(MEMORY_N, dtype=_PAIR), lambda: np.zeros((), dtype=_PAIR)[()], True, True),
    ("array-other", lambda: np.full(MEMORY_N, 1.5), lambda: np.full(MEMORY_N, 1.5), True, True),
    (
        "array-other-row",
        lambda: np.full((2048, MEMORY_N // 2048), 1.5),
        lambda: np.full(MEMORY_N // 2048, 1.5),
        True,
        True,
    ),
    (
        "array-other-complex",
        lambda: np.full(MEMORY_N, 1 + 1j, dtype=np.complex64),
        lambda: np.full(MEMORY_N, 1 + 1j, dtype=np.complex64),
        True,
        True,
    ),
]


def _assert_small_peak(data: Array, other: Any, equal_nan: bool, expected: bool) -> None:
    result, peak = _peak_bytes(lambda: all_equal(data, other, equal_nan))
    assert result is expected
    # A full-size boolean mask alone is data.size bytes; allow a quarter of that.
    assert peak < data.size // 4, f"peak of {peak} bytes for {data.size} elements ({data.nbytes} bytes)"


@pytest.mark.parametrize("case", MEMORY_CASES, ids=[c[0] for c in MEMORY_CASES])
def test_no_full_size_temporaries(case: tuple[str, Callable[[], Array], Callable[[], Any], bool, bool]) -> None:
    _, make_data, make_other, equal_nan, expected = case
    _assert_small_peak(make_data(), make_other(), equal_nan, expected)


def test_memory_instrument_sees_a_full_size_temporary() -> None:
    """The measurement itself: a full-size mask (what zarr's approach allocates) is seen."""
    data = np.full(MEMORY_N, 1.5)
    result, peak = _peak_bytes(lambda: bool((data == 1.5).all()))
    assert result is True
    assert peak >= data.size


def test_no_full_size_temporaries_few_long_rows() -> None:
    """Regression (76bc94d): strided data with 2 long rows allocated a mask of a whole row."""
    _assert_small_peak(np.full((2, MEMORY_N // 2), 1.5)[:, ::2], 1.5, True, True)


def test_no_full_size_temporaries_array_other_single_row() -> None:
    """Regression (76bc94d): data (1, N) vs an array other (N,) was compared in one block (~32 MiB)."""
    _assert_small_peak(np.full((1, MEMORY_N), 1.5), np.full(MEMORY_N, 1.5), True, True)


class _Failing:
    """An element whose ``==`` raises something other than TypeError (NumPy passes it on)."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("comparison failed")

    __hash__ = None  # type: ignore[assignment]


@pytest.mark.parametrize("other", [0, None, "x", _Failing()])
def test_an_element_whose_eq_raises_anything_is_not_equal(other: Any) -> None:
    # Spec: an element that cannot be compared MUST count as not equal, without raising (issue 25).
    data = np.array([_Failing(), _Failing()], dtype=object)
    assert cpu.NDBuffer.from_numpy_array(data).all_equal(other) is False
    assert cpu.NDBuffer.from_numpy_array(data).all_equal(data.copy()) is False


def test_a_structured_object_field_whose_eq_raises_is_not_equal() -> None:
    records = np.zeros(2, [("a", "O"), ("b", "<i4")])
    records["a"] = [_Failing(), _Failing()]
    nd = cpu.NDBuffer.from_numpy_array(records)
    assert nd.all_equal(records[0]) is False
    assert nd.all_equal(records.copy()) is False
    assert nd.all_equal((0, 0)) is False


def test_memory_error_from_an_element_still_propagates() -> None:
    class Exhausting:
        def __eq__(self, other: object) -> bool:
            raise MemoryError

        __hash__ = None  # type: ignore[assignment]

    with pytest.raises(MemoryError):
        cpu.NDBuffer.from_numpy_array(np.array([Exhausting()], dtype=object)).all_equal(0)
