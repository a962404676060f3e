"""The reference implementation under hostile input: every public entry point × argument × hostile value.

For each combination the test computes, independently of ``bufferspec.cpu``
and mostly with NumPy itself, whether the input is legitimately accepted:

* **accepted**: the result must be right (compared with NumPy or with the
  raw bytes), no warning may escape (except where the method documents
  NumPy's warnings, ``astype``, and then they must be NumPy's), and the
  value passed in must be unchanged;
* **refused**: the exception must be one of the documented types, its
  message must name the argument, and every involved object (the buffer
  and the value) must be unchanged.

The pool lives in :mod:`tests.hostile_values`.  A full sweep runs every
combination once; Hypothesis then draws combinations, and builds new
hostile arrays (dtype × shape × order × strides × writeability) for the
NDBuffer entry points and properties.  The number of distinct inputs that
ran is printed at the end of the module.
"""

from __future__ import annotations

import copy
import fractions
import math
import operator
import pickle
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bufferspec import cpu
from bufferspec.protocols import Buffer as BufferProtocol
from bufferspec.protocols import NDBuffer as NDBufferProtocol
from tests.hostile_values import HOSTILE_DTYPES, POOL, Hostile, snapshot

DATA = b"0123456789"
ComplexWarning: type[Warning] = getattr(np, "exceptions", np).ComplexWarning

#: Distinct (entry point, input) pairs that ran in this session.
RAN: set[tuple[str, str]] = set()


#: How many combinations the deterministic full sweep applied (0 until it ran).
SWEPT: list[int] = []


# -- expectations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Accept:
    """The call must succeed; *verify* checks its result (and the target, for in-place calls)."""

    verify: Callable[[Any, Any], None]


@dataclass(frozen=True)
class Refuse:
    """The call must raise one of the entry point's documented exceptions."""


NOT_APPLICABLE = None
Expectation = Accept | Refuse | None


@dataclass(frozen=True)
class Entry:
    """A public entry point with one argument position filled by the hostile value.

    *target* builds the object the call works on (fresh each time); *call*
    performs the call; *expect* decides, from an independent copy of the
    value, what must happen.  *argument* is the text the error message must
    contain.  *mutates* marks in-place methods (the target may change only
    when the call succeeds).  *numpy_warnings* marks methods documented to
    pass NumPy's warnings on.
    """

    name: str
    argument: str
    errors: tuple[type[BaseException], ...]
    target: Callable[[], Any]
    call: Callable[[Any, Any], Any]
    expect: Callable[[Any, Any], Expectation]
    mutates: bool = False
    numpy_warnings: bool = False


def strict(function: Callable[[], Any]) -> tuple[bool, Any]:
    """Run *function* with NumPy's floating-point errors and every warning raised: (succeeded, result)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise"):
            try:
                return True, function()
            except (Exception, Warning) as exc:
                return False, exc


def is_buffer(value: object) -> bool:
    """A conforming Buffer instance (a Buffer *class* has the members too, but is not one)."""
    return isinstance(value, BufferProtocol) and not isinstance(value, type)


def raw_bytes(value: Any) -> bytes | None:
    """The bytes ``Buffer.from_bytes`` must wrap, or ``None`` where it must refuse."""
    if isinstance(value, str):
        return None
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject or value.dtype.kind == "T" or not value.flags.c_contiguous:
            return None
        return value.tobytes()
    try:
        view = memoryview(value)
    except (TypeError, ValueError):
        return None
    if not view.c_contiguous or view.format.lstrip("@=<>!|") == "O":
        return None
    return view.tobytes()


def is_writable(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return bool(value.flags.writeable)
    return not memoryview(value).readonly


def same_array(got: npt.NDArray[Any], expected: npt.NDArray[Any], what: str) -> None:
    """Equal dtype (exactly), shape and contents (bit for bit where the dtype allows)."""
    assert got.dtype == expected.dtype and got.dtype.str == expected.dtype.str, (what, got.dtype, expected.dtype)
    assert got.shape == expected.shape, (what, got.shape, expected.shape)
    if got.dtype.hasobject:
        # Equal plain values; other objects (fresh instances on each side) by type.
        plain = (int, float, complex, str, bytes, bool, type(None))
        for mine, theirs in zip(got.flat, expected.flat):
            assert type(mine) is type(theirs), what
            assert not isinstance(mine, plain) or repr(mine) == repr(theirs), what
    elif got.dtype.kind == "T":
        assert got.tolist() == expected.tolist(), what
    else:
        assert np.ascontiguousarray(got).tobytes() == np.ascontiguousarray(expected).tobytes(), what


def index_or_none(value: Any) -> bool:
    if value is None:
        return True
    try:
        operator.index(value)
    except TypeError:
        return False
    return True


def good_slice(key: Any) -> bool:
    return (
        type(key) is slice
        and (key.step is None or (index_or_none(key.step) and operator.index(key.step) == 1))
        and index_or_none(key.start)
        and index_or_none(key.stop)
    )


#: Inputs that would allocate more than this are valid but not tried (Hypothesis may draw
#: ``shape=[30000, 30000]`` or ``dtype="U99999999"``): the test must not exhaust the machine.
MAX_TRIED_BYTES = 1 << 24


def too_big(shape: tuple[int, ...], itemsize: int) -> bool:
    return math.prod(shape) * max(itemsize, 1) > MAX_TRIED_BYTES


def dims_of(shape: Any, itemsize: int) -> tuple[int, ...] | None:
    """The dimensions ``create(shape=...)`` must use, or ``None`` where it must refuse."""
    if isinstance(shape, (str, bytes)):
        return None
    try:
        dims = tuple(operator.index(d) for d in tuple(shape))
    except Exception:  # not iterable, unreadable (a closed mmap), elements not integers
        return None
    if any(d < 0 for d in dims) or math.prod(dims) * max(itemsize, 1) >= 2**62:
        return None
    return dims


def dtype_of(value: Any) -> np.dtype[Any] | None:
    if value is None:
        return None
    ok, result = strict(lambda: np.dtype(value))
    return result if ok else None


def stored(value: Any, dtype: np.dtype[Any], scalar: bool) -> npt.NDArray[Any] | None:
    """*value* as stored in *dtype* if that loses nothing NumPy would warn about, else ``None``."""
    if isinstance(value, NDBufferProtocol) and not isinstance(value, type):
        value = value.as_numpy_array()
    if scalar and isinstance(value, np.ndarray) and value.ndim:
        return None
    ok, result = strict(lambda: np.asarray(value, dtype=dtype))
    if not ok and isinstance(result, ComplexWarning):
        if bool(np.any(np.imag(np.asarray(value)) != 0)):
            return None
        ok, result = strict(lambda: np.asarray(np.real(np.asarray(value)), dtype=dtype))
    if not ok or (scalar and result.ndim):
        return None
    converted: npt.NDArray[Any] = result
    return converted


def buffer_bytes(buf: Any) -> bytes:
    return bytes(np.ascontiguousarray(buf.as_numpy_array()).tobytes())


# -- Buffer entry points -----------------------------------------------------------------------


def fresh_buffer() -> cpu.Buffer:
    return cpu.Buffer.from_bytes(bytearray(DATA))


def expect_wraps_array(_: Any, value: Any) -> Expectation:
    if (
        isinstance(value, np.ndarray)
        and value.dtype == np.uint8
        and value.ndim == 1
        and value.flags.c_contiguous
    ):
        return Accept(lambda result, _t: None)  # identity is checked in `call`
    return Refuse()


def wrap_and_check_identity(constructor: Callable[[Any], Any]) -> Callable[[Any, Any], Any]:
    def call(_: Any, value: Any) -> Any:
        result = constructor(value)
        assert result.as_array_like() is value
        return result

    return call


def expect_from_bytes(_: Any, value: Any) -> Expectation:
    expected = raw_bytes(value)
    if expected is None:
        return Refuse()
    writable = is_writable(value)

    def verify(result: Any, _t: Any) -> None:
        assert type(result) is cpu.Buffer
        assert result.to_bytes() == expected
        assert result.as_numpy_array().flags.writeable == writable

    return Accept(verify)


def expect_from_buffer(_: Any, value: Any) -> Expectation:
    if not is_buffer(value):
        return Refuse()
    expected = buffer_bytes(value)
    return Accept(lambda result, _t: _equal(result.to_bytes(), expected))


def _equal(got: object, expected: object) -> None:
    assert got == expected, (got, expected)


def expect_slice(_: Any, key: Any) -> Expectation:
    if not good_slice(key):
        return Refuse()
    return Accept(lambda result, _t: _equal(result.to_bytes(), DATA[key]))


def setitem_key(target: Any, key: Any) -> None:
    n = len(DATA[key]) if good_slice(key) else 2
    target[key] = b"Z" * n


def expect_setitem_key(_: Any, key: Any) -> Expectation:
    if not good_slice(key):
        return Refuse()
    expected = bytearray(DATA)
    expected[key] = b"Z" * len(DATA[key])
    return Accept(lambda _r, target: _equal(target.to_bytes(), bytes(expected)))


def value_bytes(value: Any) -> bytes | None:
    """The bytes ``buf[1:3] = value`` must write, or ``None`` where the value is refused."""
    if is_buffer(value):
        return buffer_bytes(value)
    if isinstance(value, np.ndarray):
        if value.dtype == np.uint8 and value.ndim == 1:
            return value.tobytes()
        # Any other array counts its bytes (the spec), when they are one C-contiguous run of data.
        return value.tobytes() if value.flags.c_contiguous and not value.dtype.hasobject else None
    if isinstance(value, np.generic):
        return None
    return raw_bytes(value)


def expect_setitem_value(_: Any, value: Any) -> Expectation:
    written = value_bytes(value)
    if written is None or len(written) != 2:
        return Refuse()
    expected = DATA[:1] + written + DATA[3:]
    return Accept(lambda _r, target: _equal(target.to_bytes(), expected))


def expect_read_only_setitem(_: Any, value: Any) -> Expectation:
    return Refuse()


def expect_combine(_: Any, others: Any) -> Expectation:
    if is_buffer(others):
        return Refuse()
    try:
        items = list(tuple(others))  # tuple(): iter() of a released memoryview misbehaves on 3.11
    except Exception:  # not iterable, unreadable (closed mmap), multi-dimensional memoryview
        return Refuse()
    if not all(is_buffer(item) for item in items):
        return Refuse()
    expected = DATA + b"".join(buffer_bytes(item) for item in items)
    return Accept(lambda result, _t: _equal(result.to_bytes(), expected))


def expect_one_buffer(_: Any, value: Any) -> Expectation:
    if not is_buffer(value):
        return Refuse()
    expected = DATA + buffer_bytes(value)
    return Accept(lambda result, _t: _equal(result.to_bytes(), expected))


def expect_eq(_: Any, value: Any) -> Expectation:
    expected = is_buffer(value) and buffer_bytes(value) == DATA
    return Accept(lambda result, _t: _equal(result, expected))


def identity(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    return array


def expect_wrapper_func(_: Any, func: Any) -> Expectation:
    return NOT_APPLICABLE if callable(func) else Refuse()


def expect_wrapper_buf(_: Any, buf: Any) -> Expectation:
    if not is_buffer(buf):
        return Refuse()
    expected = buffer_bytes(buf)
    return Accept(lambda result, _t: _equal(result.to_bytes(), expected))


def expect_wrapper_prototype(_: Any, prototype: Any) -> Expectation:
    buffer_class = getattr(prototype, "buffer", None)
    if buffer_class is not cpu.Buffer:
        return Refuse() if buffer_class is None else NOT_APPLICABLE
    return Accept(lambda result, _t: _equal(result.to_bytes(), DATA))


def expect_wrapper_return(_: Any, value: Any) -> Expectation:
    expected = buffer_bytes(value) if is_buffer(value) else raw_bytes(value)
    if expected is None:
        return Refuse()
    return Accept(lambda result, _t: _equal(result.to_bytes(), expected))


def returning(value: Any) -> Callable[[Any], Any]:
    return lambda _array: value


VALUE_ERRORS = (TypeError, ValueError)
BUFFER_ENTRIES = [
    Entry("Buffer(array_like)", "array_like", VALUE_ERRORS, lambda: None,
          wrap_and_check_identity(cpu.Buffer), expect_wraps_array),
    Entry("Buffer.from_array_like", "array_like", VALUE_ERRORS, lambda: None,
          wrap_and_check_identity(cpu.Buffer.from_array_like), expect_wraps_array),
    Entry("Buffer.from_bytes", "bytes_like", VALUE_ERRORS, lambda: None,
          lambda _t, v: cpu.Buffer.from_bytes(v), expect_from_bytes),
    Entry("Buffer.from_buffer", "buffer", (TypeError,), lambda: None,
          lambda _t, v: cpu.Buffer.from_buffer(v), expect_from_buffer),
    Entry("Buffer[key]", "key", VALUE_ERRORS, fresh_buffer, lambda t, v: t[v], expect_slice),
    Entry("Buffer[key] = bytes", "key", VALUE_ERRORS, fresh_buffer, setitem_key, expect_setitem_key,
          mutates=True),
    Entry("Buffer[1:3] = value", "value", VALUE_ERRORS, fresh_buffer,
          lambda t, v: t.__setitem__(slice(1, 3), v), expect_setitem_value, mutates=True),
    Entry("read-only Buffer[1:3] = value", "read-only", (ValueError,), lambda: cpu.Buffer.from_bytes(DATA),
          lambda t, v: t.__setitem__(slice(1, 3), v), expect_read_only_setitem, mutates=True),
    Entry("Buffer.combine(others)", "others", VALUE_ERRORS, fresh_buffer, lambda t, v: t.combine(v),
          expect_combine),
    Entry("Buffer.combine([other])", "others[0]", (TypeError,), fresh_buffer, lambda t, v: t.combine([v]),
          expect_one_buffer),
    Entry("Buffer + other", "'Buffer'", (TypeError,), fresh_buffer, lambda t, v: t + v,
          expect_one_buffer),
    Entry("Buffer == other", "-", (), fresh_buffer, lambda t, v: t == v, expect_eq),
    Entry("as_numpy_array_wrapper(func)", "func", (TypeError,), fresh_buffer,
          lambda t, v: cpu.as_numpy_array_wrapper(v, t, cpu.buffer_prototype), expect_wrapper_func),
    Entry("as_numpy_array_wrapper(buf)", "buf", (TypeError,), lambda: None,
          lambda _t, v: cpu.as_numpy_array_wrapper(identity, v, cpu.buffer_prototype), expect_wrapper_buf),
    Entry("as_numpy_array_wrapper(prototype)", "prototype", (TypeError,), fresh_buffer,
          lambda t, v: cpu.as_numpy_array_wrapper(identity, t, v), expect_wrapper_prototype),
    Entry("as_numpy_array_wrapper(func returns)", "return value", VALUE_ERRORS, fresh_buffer,
          lambda t, v: cpu.as_numpy_array_wrapper(returning(v), t, cpu.buffer_prototype),
          expect_wrapper_return),
]


# -- NDBuffer entry points -----------------------------------------------------------------------

F8_DATA = np.array([[0.5, -1.5, 300.0], [np.nan, 2.0, -0.0]])
FILL_DTYPES = [np.dtype(d) for d in ("f2", ">f4", "f8", "c8", "i1", ">u8", "?", "M8[s]", "S3", "U3", "O")] + [
    np.dtype([("a", "<i4"), ("b", ">f8")])
]


def fresh_nd() -> cpu.NDBuffer:
    return cpu.NDBuffer.from_numpy_array(F8_DATA.copy())


def expect_wraps_ndarray(_: Any, value: Any) -> Expectation:
    return Accept(lambda _r, _t: None) if isinstance(value, np.ndarray) else Refuse()


def expect_from_numpy_array(_: Any, value: Any) -> Expectation:
    if isinstance(value, np.ndarray):
        return Accept(lambda _r, _t: None)  # identity is checked in `call`
    ok, expected = strict(lambda: np.asanyarray(value))
    if not ok:
        return Refuse() if isinstance(expected, (TypeError, ValueError)) else NOT_APPLICABLE

    def verify(result: Any, _t: Any) -> None:
        got = result.as_numpy_array()
        if expected.dtype.hasobject:
            assert got.dtype == expected.dtype and got.shape == expected.shape
            assert [type(x) for x in got.flat] == [type(x) for x in expected.flat]
        else:
            same_array(got, expected, "from_numpy_array")

    return Accept(verify)


def expect_shape(dtype: str, zeroed: bool = True) -> Callable[[Any, Any], Expectation]:
    """The shape rule; ``create`` zero-fills in the reference, ``empty`` leaves contents undefined."""

    def expect(_: Any, shape: Any) -> Expectation:
        dims = dims_of(shape, np.dtype(dtype).itemsize)
        if dims is None:
            return Refuse()
        if too_big(dims, np.dtype(dtype).itemsize):
            return NOT_APPLICABLE

        def verify(result: Any, _t: Any) -> None:
            got = result.as_numpy_array()
            if zeroed:
                same_array(got, np.zeros(dims, dtype), "shape")
            else:
                assert got.shape == dims and got.dtype == np.dtype(dtype)

        return Accept(verify)

    return expect


def expect_create_dtype(_: Any, value: Any) -> Expectation:
    dtype = dtype_of(value)
    if dtype is None:
        return Refuse()
    if too_big((2,), dtype.itemsize):
        return NOT_APPLICABLE

    def verify(result: Any, _t: Any) -> None:
        got = result.as_numpy_array()
        assert got.dtype == dtype and got.dtype.str == dtype.str and got.shape == (2,)

    return Accept(verify)


def expect_astype(target: Any, value: Any) -> Expectation:
    dtype = dtype_of(value)
    if dtype is None:
        return Refuse()
    if too_big(F8_DATA.shape, dtype.itemsize):
        return NOT_APPLICABLE
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            expected = target.as_numpy_array().astype(dtype)
        except (TypeError, ValueError, OverflowError, RuntimeError):
            return Refuse()
    categories = sorted({w.category.__name__ for w in caught})
    if dtype.kind in "mM" and np.datetime_data(dtype)[0] == "generic":
        return NOT_APPLICABLE  # byte order and unit rules of generic times: tests/test_cpu_ndbuffer.py

    def verify(result: Any, _t: Any) -> None:
        same_array(result.as_numpy_array(), expected, f"astype({dtype})")
        assert result.numpy_warnings == categories, (result.numpy_warnings, categories)

    return Accept(verify)


class _Warned:
    """A result carrying the warning categories its call emitted (astype passes NumPy's on)."""

    def __init__(self, buffer: Any, categories: list[str]) -> None:
        self.buffer = buffer
        self.numpy_warnings = categories

    def as_numpy_array(self) -> Any:
        return self.buffer.as_numpy_array()


def astype_recording(target: Any, dtype: Any) -> _Warned:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = target.astype(dtype)
    return _Warned(result, sorted({w.category.__name__ for w in caught}))


def expect_order(allowed: tuple[str, ...]) -> Callable[[Any, Any], Expectation]:
    def expect(_: Any, order: Any) -> Expectation:
        if isinstance(order, str) and order in allowed:
            return Accept(lambda _r, _t: None)
        return Refuse()

    return expect


def expect_fill_value(dtype: np.dtype[Any]) -> Callable[[Any, Any], Expectation]:
    def expect(_: Any, value: Any) -> Expectation:
        if value is None:
            return Accept(lambda _r, _t: None)
        scalar = stored(value, dtype, scalar=True)
        if scalar is None:
            return Refuse()
        return Accept(lambda result, _t: same_array(result.as_numpy_array(), np.full((2, 3), scalar, dtype), "fill"))

    return expect


def expect_fill(_: Any, value: Any) -> Expectation:
    scalar = stored(value, F8_DATA.dtype, scalar=True)
    if scalar is None:
        return Refuse()
    return Accept(lambda _r, target: same_array(target.as_numpy_array(), np.full((2, 3), scalar), "fill"))


def expect_setitem_value_at(key: Any) -> Callable[[Any, Any], Expectation]:
    def expect(_: Any, value: Any) -> Expectation:
        source = stored(value, F8_DATA.dtype, scalar=False)
        if source is None:
            return Refuse()
        expected = F8_DATA.copy()
        try:
            expected[key] = source
        except (ValueError, TypeError):
            return Refuse()
        return Accept(lambda _r, target: same_array(target.as_numpy_array(), expected, "setitem"))

    return expect


def expect_numpy(method: Callable[[npt.NDArray[Any], Any], Any], data: npt.NDArray[Any]) -> Callable[[Any, Any], Expectation]:
    """Accepted exactly when NumPy accepts it (without warnings); the result must match NumPy's."""

    def expect(_: Any, value: Any) -> Expectation:
        ok, expected = strict(lambda: method(data.copy(), value))
        if not ok:
            return Refuse() if isinstance(expected, (TypeError, ValueError, IndexError, OverflowError)) else NOT_APPLICABLE
        return Accept(lambda result, _t: same_array(result.as_numpy_array(), np.asarray(expected), "numpy"))

    return expect


def numpy_setitem_key(data: npt.NDArray[Any], key: Any) -> npt.NDArray[Any]:
    data[key] = 7.0
    return data


def expect_setitem_key_nd(_: Any, key: Any) -> Expectation:
    ok, expected = strict(lambda: numpy_setitem_key(F8_DATA.copy(), key))
    if not ok:
        return Refuse() if isinstance(expected, (TypeError, ValueError, IndexError)) else NOT_APPLICABLE
    return Accept(lambda _r, target: same_array(target.as_numpy_array(), expected, "setitem key"))


def expect_all_equal(_: Any, other: Any) -> Expectation:
    """Against data that is 2.0 everywhere: numbers by value, None never, others a bool or ValueError."""
    if other is not None:
        ok, as_array = strict(lambda: np.asarray(other))
        if not ok:
            return Refuse() if isinstance(as_array, (TypeError, ValueError)) else NOT_APPLICABLE
        if as_array.ndim and not _broadcasts(as_array.shape):
            return Refuse()
    if other is None:
        return Accept(lambda result, _t: _equal(result, False))
    if isinstance(other, (bool, int, float, np.number)) and not isinstance(
        other, (np.complexfloating, np.timedelta64)  # (a timedelta64 is a NumPy integer)
    ):
        expected = bool(other == 2) and type(other) is not bool
        return Accept(lambda result, _t: _equal(result, expected))
    return Accept(lambda result, _t: _equal(type(result), bool))


def _broadcasts(shape: tuple[int, ...]) -> bool:
    """Whether an array of *shape* broadcasts to the data's shape ``(2, 3)``."""
    try:
        return np.broadcast_shapes(shape, (2, 3)) == (2, 3)
    except ValueError:
        return False


def expect_equal_nan(_: Any, value: Any) -> Expectation:
    if type(value) is bool or isinstance(value, np.bool_):
        return Accept(lambda result, _t: _equal(result, True))
    return Refuse()


def create_filled(dtype: np.dtype[Any]) -> Callable[[Any, Any], Any]:
    return lambda _t, value: cpu.NDBuffer.create(shape=(2, 3), dtype=dtype, fill_value=value)


def two_everywhere() -> cpu.NDBuffer:
    return cpu.NDBuffer.create(shape=(2, 3), dtype="f8", fill_value=2.0)


def read_only_nd() -> cpu.NDBuffer:
    data = F8_DATA.copy()
    data.flags.writeable = False
    return cpu.NDBuffer.from_numpy_array(data)


ND_ERRORS = (TypeError, ValueError)
INDEX_ERRORS = (IndexError, TypeError, ValueError)
ND_ENTRIES = [
    Entry("NDBuffer(array)", "array", (TypeError,), lambda: None,
          lambda _t, v: _identity_nd(cpu.NDBuffer(v), v), expect_wraps_ndarray),
    Entry("NDBuffer.from_ndarray_like", "ndarray_like", (TypeError,), lambda: None,
          lambda _t, v: _identity_nd(cpu.NDBuffer.from_ndarray_like(v), v), expect_wraps_ndarray),
    Entry("NDBuffer.from_numpy_array", "array_like", (ValueError,), lambda: None,
          lambda _t, v: _identity_if_array(cpu.NDBuffer.from_numpy_array(v), v), expect_from_numpy_array),
    Entry("NDBuffer.create(shape)", "shape", ND_ERRORS, lambda: None,
          lambda _t, v: cpu.NDBuffer.create(shape=v, dtype="f8"), expect_shape("f8")),
    Entry("NDBuffer.empty(shape)", "shape", ND_ERRORS, lambda: None,
          lambda _t, v: cpu.NDBuffer.empty(v, "u1"), expect_shape("u1", zeroed=False)),
    Entry("NDBuffer.create(dtype)", "dtype", ND_ERRORS, lambda: None,
          lambda _t, v: cpu.NDBuffer.create(shape=(2,), dtype=v), expect_create_dtype),
    Entry("NDBuffer.empty(dtype)", "dtype", ND_ERRORS, lambda: None,
          lambda _t, v: cpu.NDBuffer.empty((2,), v), expect_create_dtype),
    Entry("NDBuffer.create(order)", "order", (ValueError,), lambda: None,
          lambda _t, v: cpu.NDBuffer.create(shape=(2, 3), dtype="f8", order=v), expect_order(("C", "F"))),
    Entry("NDBuffer.empty(order)", "order", (ValueError,), lambda: None,
          lambda _t, v: cpu.NDBuffer.empty((2, 3), "f8", v), expect_order(("C", "F"))),
    *[
        Entry(f"NDBuffer.create(dtype={dtype}, fill_value)", "fill_value", ND_ERRORS, lambda: None,
              create_filled(dtype), expect_fill_value(dtype))
        for dtype in FILL_DTYPES
    ],
    Entry("NDBuffer.astype(dtype)", "dtype", ND_ERRORS, fresh_nd, astype_recording, expect_astype,
          numpy_warnings=True),
    Entry("NDBuffer.astype(order)", "order", (ValueError,), fresh_nd, lambda t, v: t.astype("f4", v),
          expect_order(("K", "A", "C", "F"))),
    Entry("NDBuffer.fill(value)", "value", (ValueError,), fresh_nd, lambda t, v: t.fill(v), expect_fill,
          mutates=True),
    Entry("read-only NDBuffer.fill(value)", "read-only", (ValueError,), read_only_nd, lambda t, v: t.fill(v),
          lambda _t, _v: Refuse(), mutates=True),
    Entry("NDBuffer[...] = value", "value", (ValueError,), fresh_nd, lambda t, v: t.__setitem__(Ellipsis, v),
          expect_setitem_value_at(Ellipsis), mutates=True),
    Entry("NDBuffer[0, 1] = value", "value", (ValueError,), fresh_nd, lambda t, v: t.__setitem__((0, 1), v),
          expect_setitem_value_at((0, 1)), mutates=True),
    Entry("read-only NDBuffer[0] = value", "read-only", (ValueError,), read_only_nd,
          lambda t, v: t.__setitem__(0, v), lambda _t, _v: Refuse(), mutates=True),
    Entry("NDBuffer[key]", "key", INDEX_ERRORS, fresh_nd, lambda t, v: t[v],
          expect_numpy(lambda a, k: a[k], F8_DATA)),
    Entry("NDBuffer[key] = 7.0", "key", INDEX_ERRORS, fresh_nd, lambda t, v: t.__setitem__(v, 7.0),
          expect_setitem_key_nd, mutates=True),
    Entry("NDBuffer.reshape(newshape)", "newshape", ND_ERRORS, fresh_nd, lambda t, v: t.reshape(v),
          expect_numpy(lambda a, s: a.reshape(s), F8_DATA)),
    Entry("NDBuffer.squeeze(axis)", "axis", ND_ERRORS,
          lambda: cpu.NDBuffer.from_numpy_array(F8_DATA.reshape(1, 6, 1).copy()), lambda t, v: t.squeeze(v),
          expect_numpy(lambda a, axis: a.squeeze(axis), F8_DATA.reshape(1, 6, 1))),
    Entry("NDBuffer.transpose(axes)", "axes", ND_ERRORS, fresh_nd, lambda t, v: t.transpose(v),
          expect_numpy(lambda a, axes: a.transpose(axes), F8_DATA)),
    Entry("NDBuffer.all_equal(other)", "other", (ValueError,), two_everywhere, lambda t, v: t.all_equal(v),
          expect_all_equal),
    Entry("NDBuffer.all_equal(2.0, equal_nan)", "equal_nan", (TypeError,), two_everywhere,
          lambda t, v: t.all_equal(2.0, v), expect_equal_nan),
]


def _identity_nd(result: Any, value: Any) -> Any:
    assert result.as_ndarray_like() is value
    return result


def _identity_if_array(result: Any, value: Any) -> Any:
    if isinstance(value, np.ndarray):
        assert result.as_ndarray_like() is value
    return result


def _no_result(expectation: Expectation) -> Expectation:
    """``empty`` has no defined contents: only acceptance is compared (``call`` returns None)."""
    return Accept(lambda _r, _t: None) if isinstance(expectation, Accept) else expectation


ENTRIES = BUFFER_ENTRIES + ND_ENTRIES
ENTRY_BY_NAME = {entry.name: entry for entry in ENTRIES}


# -- the driver ---------------------------------------------------------------------------------


def exercise(entry: Entry, value_name: str, make: Callable[[], Any]) -> bool:
    """Run one combination and check it; ``False`` if the combination does not apply."""
    expectation = entry.expect(entry.target(), make())  # the oracle gets its own fresh value
    if expectation is NOT_APPLICABLE:
        return False
    target, value = entry.target(), make()
    target_before, value_before = snapshot(target), snapshot(value)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = entry.call(target, value)
        except Exception as exc:
            outcome: BaseException | None = exc
        else:
            outcome = None
    stray = [f"{w.category.__name__}: {w.message}" for w in caught]
    label = f"{entry.name} with {value_name}"
    assert entry.numpy_warnings or not stray, f"{label}: warnings escaped: {stray}"
    if outcome is not None:
        assert isinstance(expectation, Refuse), f"{label}: raised {outcome!r}, expected success"
        assert isinstance(outcome, entry.errors), f"{label}: undocumented {type(outcome).__name__}: {outcome}"
        message = str(outcome)
        assert entry.argument in message, f"{label}: message does not name {entry.argument!r}: {message}"
        assert snapshot(target) == target_before, f"{label}: the target changed although the call failed"
    else:
        assert isinstance(expectation, Accept), f"{label}: accepted (got {result!r}), expected an error"
        expectation.verify(result, target)
        if not entry.mutates:
            assert snapshot(target) == target_before, f"{label}: the target changed"
    assert snapshot(value) == value_before, f"{label}: the value passed in changed"
    RAN.add((entry.name, value_name))
    return True


def test_full_sweep_of_every_entry_point_with_every_hostile_value() -> None:
    """Every entry point × every pool value, once, deterministically."""
    applied = sum(exercise(entry, value.name, value.make) for entry in ENTRIES for value in POOL)
    assert applied > 0.9 * len(ENTRIES) * len(POOL) - 200, applied
    SWEPT.append(applied)


@settings(max_examples=300, deadline=None)
@given(entry=st.sampled_from(ENTRIES), value=st.sampled_from(POOL))
def test_entry_point_and_hostile_value_drawn_by_hypothesis(entry: Entry, value: Hostile) -> None:
    exercise(entry, value.name, value.make)


# -- Hypothesis-built hostile arrays ---------------------------------------------------------------

DTYPE_CHOICES = [*HOSTILE_DTYPES, np.dtype("u1"), np.dtype("f8"), np.dtype("<i4")]


@st.composite
def hostile_arrays(draw: st.DrawFn) -> Hostile:
    """Arrays of awkward dtypes, shapes (0-d, empty, 1-d, n-d), orders, strides and flags."""
    dtype = draw(st.sampled_from(DTYPE_CHOICES))
    shape = draw(st.sampled_from([(), (0,), (1,), (5,), (2, 3), (3, 1, 2), (0, 4)]))
    fortran = draw(st.booleans())
    data = np.zeros(shape, dtype=dtype, order="F" if fortran else "C")
    if data.dtype.kind in "iuf" and data.size:
        data[...] = np.arange(data.size).reshape(shape) % 7
    layout = draw(st.sampled_from(["plain", "strided", "reversed", "read-only"]))
    if layout == "strided" and data.ndim:
        data = data[::2]
    elif layout == "reversed" and data.ndim:
        data = data[::-1]
    elif layout == "read-only":
        data.flags.writeable = False
    name = f"array {data.dtype} {shape} {'F' if fortran else 'C'} {layout}"
    # A factory, not the array: Hypothesis prints its examples, and some arrays (generic
    # datetimes) cannot be printed.
    return Hostile(name, lambda: data.copy(order="K") if data.flags.writeable else _frozen_copy(data))


@settings(max_examples=150, deadline=None)
@given(case=hostile_arrays(), entry=st.sampled_from(ENTRIES))
def test_entry_points_with_hypothesis_built_arrays(case: Hostile, entry: Entry) -> None:
    exercise(entry, case.name, case.make)


def _frozen_copy(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    copied = array.copy(order="K")
    copied.flags.writeable = False
    return copied


#: Types whose values Hypothesis builds with ``from_type``.  Finite and small by construction:
#: ``from_type(type)`` may also pick ``range`` (a ``range(10**9)`` becomes an 8 GB array).
FROM_TYPES: list[Any] = [
    int, float, complex, bool, str, bytes, bytearray, type(None), Decimal, fractions.Fraction,
    list[int], list[float], tuple[int, ...], tuple[int, float], dict[str, int], set[int], frozenset[str],
    slice, memoryview, np.dtype,
]


@settings(max_examples=150, deadline=None)
@given(value=st.sampled_from(FROM_TYPES).flatmap(st.from_type), entry=st.sampled_from(ENTRIES))
def test_entry_points_with_values_from_types(value: Any, entry: Entry) -> None:
    exercise(entry, f"{type(value).__name__} {value!r:.60}", lambda: _fresh(value))


def _fresh(value: Any) -> Any:
    """A deep copy of *value* where it can be copied, else the value itself."""
    try:
        return copy.deepcopy(value)
    except Exception:
        return value


# -- properties and methods of buffers wrapping hostile arrays -----------------------------------


def check_ndbuffer_over(array: npt.NDArray[Any]) -> None:
    before = snapshot(array)
    nd = cpu.NDBuffer(array)
    assert nd.dtype is array.dtype and nd.shape == array.shape
    assert nd.byteorder in ("little", "big")
    if array.ndim == 0:
        with pytest.raises(TypeError, match="0-d"):
            len(nd)
    else:
        assert len(nd) == array.shape[0]
    if array.size == 1:
        scalar: Any = nd.as_scalar()
        expected = array.reshape(())[()]
        assert not isinstance(scalar, np.ndarray) and type(scalar) is type(expected)
        if array.dtype.kind in "fc":  # by value: long doubles have padding bytes
            assert scalar == expected or (np.isnan(scalar) and np.isnan(expected))
        elif array.dtype.kind not in "OTV":  # (generic datetimes cannot even be printed)
            assert np.array(scalar, dtype=array.dtype).tobytes() == np.ascontiguousarray(array).tobytes()
    else:
        with pytest.raises(ValueError, match="as_scalar"):
            nd.as_scalar()
    assert isinstance(repr(nd), str)
    duplicate = nd.copy()
    same_array(duplicate.as_numpy_array(), array, "copy")
    assert not np.shares_memory(duplicate.as_numpy_array(), array) or array.size == 0 or array.dtype.itemsize == 0
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        same_array(pickle.loads(pickle.dumps(nd, protocol)).as_numpy_array(), array, f"pickle {protocol}")
    assert nd.all_equal(None) is False
    if array.size:
        first = array.reshape(-1)[0] if array.dtype.kind != "V" else None
        if first is not None:
            assert type(nd.all_equal(first)) is bool
    assert snapshot(array) == before


@settings(max_examples=150, deadline=None)
@given(case=hostile_arrays())
def test_ndbuffer_properties_over_hypothesis_built_arrays(case: Hostile) -> None:
    check_ndbuffer_over(case.make())
    RAN.add(("NDBuffer properties", case.name))


@pytest.mark.parametrize("value", [v for v in POOL if isinstance(v.make(), np.ndarray)], ids=repr)
def test_ndbuffer_properties_over_pool_arrays(value: Hostile) -> None:
    check_ndbuffer_over(value.make())
    RAN.add(("NDBuffer properties", value.name))


@pytest.mark.parametrize("value", [v for v in POOL if raw_bytes(v.make()) is not None], ids=repr)
def test_buffer_properties_over_every_accepted_bytes_like(value: Hostile) -> None:
    source = value.make()
    before = snapshot(source)
    buf = cpu.Buffer.from_bytes(source)
    expected = raw_bytes(value.make())
    assert len(buf) == len(expected or b"")
    assert buf.to_bytes() == expected and bytes(buf.as_buffer_like()) == expected
    assert isinstance(repr(buf), str)
    assert copy.copy(buf) == buf and pickle.loads(pickle.dumps(buf, 5)) == buf
    assert buf[2:] == cpu.Buffer.from_bytes((expected or b"")[2:])
    assert snapshot(source) == before
    RAN.add(("Buffer properties", value.name))


# -- the known defects this catalogue found, pinned ------------------------------------------------


@pytest.mark.parametrize(
    ("dtype", "fill"),
    [("f2", 1e300), ("<f2", -1e300), ("f2", 2**31), (">f4", 1e300), ("c8", complex(1e300, 0.0)),
     ("c8", complex(0.0, -1e300)), ("f2", np.float64(1e300)), ("i1", np.float64(np.inf)),
     ("u8", np.float64(np.nan)), ("f8", np.complex128(1 + 2j)), ("M8[s]", np.float64(1e300))],
)
def test_a_fill_value_the_dtype_cannot_hold_raises_value_error(dtype: str, fill: Any) -> None:
    """NumPy stores these with a mere warning (inf, garbage, a dropped imaginary part)."""
    with pytest.raises(ValueError, match="fill_value"):
        cpu.NDBuffer.create(shape=(2,), dtype=dtype, fill_value=fill)
    target = cpu.NDBuffer.create(shape=(2,), dtype=dtype, fill_value=None)
    before = snapshot(target)
    with pytest.raises(ValueError, match="value"):
        target.fill(fill)
    with pytest.raises(ValueError, match="value"):
        target[0] = fill
    with pytest.raises(ValueError, match="value"):
        target[...] = np.array([fill, fill])
    assert snapshot(target) == before


@pytest.mark.parametrize(
    ("dtype", "fill", "stored"),
    [("f2", 65519.0, 65504.0), ("f2", -65504.0, -65504.0), ("f2", float("inf"), float("inf")),
     ("f4", float("nan"), float("nan")), ("f8", np.complex128(3 + 0j), 3.0), ("c8", 3.4e38, 3.4e38)],
)
def test_fill_values_the_dtype_holds_are_stored(dtype: str, fill: Any, stored: Any) -> None:
    """The edge of the range (rounding down to the largest finite value), inf, NaN, a real complex."""
    expected = np.full(2, stored, dtype=dtype)
    created = cpu.NDBuffer.create(shape=(2,), dtype=dtype, fill_value=fill)
    assert created.as_numpy_array().tobytes() == expected.tobytes()
    filled = cpu.NDBuffer.create(shape=(2,), dtype=dtype)
    filled.fill(fill)
    filled[1] = fill
    assert filled.as_numpy_array().tobytes() == expected.tobytes()


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, t) for s in ("M8[D]", ">M8[D]", "<M8[ns]") for t in ("M8", "<M8", ">M8")]
    + [(s, t) for s in ("m8[s]", ">m8[ms]") for t in ("m8", "<m8", ">m8")],
)
def test_astype_to_a_generic_time_unit_keeps_the_source_unit(source: str, target: str) -> None:
    """As NumPy does (it raised before); the requested byte order is kept, as for generic sources."""
    array = np.array([0, 1, -5, 2**40], dtype=np.int64).view(np.dtype(source).newbyteorder("=")).astype(source)
    nd = cpu.NDBuffer.from_numpy_array(array)
    assert np.datetime_data(array.astype(target).dtype) == np.datetime_data(np.dtype(source))  # NumPy's rule
    result = nd.astype(target).as_numpy_array()
    unit = np.datetime_data(np.dtype(source))
    assert np.datetime_data(result.dtype) == unit
    wanted_order = np.dtype(target).byteorder
    expected_dtype = np.dtype(source).newbyteorder("=" if wanted_order == "=" else wanted_order)
    assert result.dtype == expected_dtype and result.dtype.str == expected_dtype.str
    assert result.tolist() == array.tolist()
    assert not np.shares_memory(result, array)


def test_report_how_many_distinct_inputs_ran(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs last in this module: prints the session's count of distinct (entry point, input) pairs."""
    with capsys.disabled():
        print(f"\ntest_cpu_hostile: {len(RAN)} distinct (entry point, hostile input) pairs ran")
    if SWEPT:
        assert len(RAN) >= SWEPT[0]
