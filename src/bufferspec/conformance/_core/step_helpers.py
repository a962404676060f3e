"""Functions the checks' steps call, written so that a reproducer can carry their source.

A check's steps run in a namespace that holds these functions; when a check
fails, every function its steps used (and every function those use) is copied
into the reproducer, without annotations, so the reproducer needs nothing but
NumPy and the backend.  The rules for this module follow from that: each
function uses only ``np`` (NumPy), builtins and the other functions here, and
a function that finds a violation raises ``AssertionError`` with the message
the report shows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "arange",
    "dtype_text",
    "full",
    "host",
    "host_bytes",
    "host_view",
    "int_view",
    "model_all_equal",
    "model_floats_equal",
    "pattern",
    "pattern_array",
    "read_only",
    "same_bits",
    "same_values",
    "scalar_of",
    "show",
    "show_bytes",
]


def host(buffer: Any) -> npt.NDArray[Any]:
    """``buffer.as_numpy_array()``, which must be a ``numpy.ndarray``."""
    array = buffer.as_numpy_array()
    assert isinstance(array, np.ndarray), f"as_numpy_array() returned {type(array).__name__}, expected numpy.ndarray"
    return array


def host_bytes(buffer: Any) -> bytes:
    """The bytes of a Buffer, read through ``as_numpy_array()`` (which must be 1-d uint8)."""
    array = host(buffer)
    assert array.dtype == np.uint8 and array.ndim == 1, (
        f"as_numpy_array() gave dtype {array.dtype} ndim {array.ndim}, expected 1-d uint8"
    )
    return array.tobytes()


def host_view(array_like: Any) -> npt.NDArray[Any] | None:
    """A NumPy view of a host-memory array-like (no copy), or None if it does not export its memory."""
    if isinstance(array_like, np.ndarray):
        return array_like
    try:
        return np.frombuffer(memoryview(array_like), np.uint8)
    except (TypeError, ValueError):
        return None


def dtype_text(dtype: Any) -> str:
    """A dtype as text that shows its byte order."""
    if dtype.names is not None:
        return str(dtype.descr)
    if dtype.kind == "T":
        return repr(dtype)
    return str(dtype.str)


def show(array: npt.NDArray[Any]) -> str:
    """A short, one-line text of an array for failure messages: values, dtype and shape."""
    try:
        with np.errstate(all="ignore"):
            body = " ".join(np.array2string(array, threshold=12, edgeitems=2, separator=", ").split())
    except (TypeError, ValueError):
        body = f"<{array.size} elements>"
    return f"{body} (dtype {dtype_text(array.dtype)}, shape {array.shape})"


def show_bytes(data: bytes) -> str:
    """*data* as text for failure messages: its repr, shortened to both ends when long."""
    if len(data) <= 48:
        return repr(data)
    return f"<{len(data)} bytes {data[:12]!r}...{data[-12:]!r}>"


def int_view(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The int64 counts of a datetime64/timedelta64 array (NaT is the minimum)."""
    order = array.dtype.byteorder if array.dtype.byteorder in "<>" else "="
    return array.view(np.dtype("i8").newbyteorder(order))


def full(shape: Any, dtype: Any, value: Any, order: Any = "C") -> npt.NDArray[Any]:
    """A NumPy array of exactly *dtype* (byte order kept, generic datetimes too) filled with *value* (None: zeros)."""
    dt = np.dtype(dtype)
    with np.errstate(all="ignore"):
        if dt.kind in "mM":
            twin = np.dtype("i8").newbyteorder(dt.byteorder if dt.byteorder in "<>" else "=")
            array = np.zeros(shape, twin, order=order).view(dt)
        else:
            array = np.zeros(shape, dt, order=order)
        if value is not None:
            generic = dt.kind in "mM" and np.datetime_data(dt)[0] == "generic"
            if generic and isinstance(value, (np.datetime64, np.timedelta64)) and bool(np.isnat(value)):
                int_view(array)[...] = np.iinfo(np.int64).min
            else:
                array[...] = value
    result: npt.NDArray[Any] = array
    return result


def scalar_of(value: Any, dtype: Any) -> Any:
    """*value* as a NumPy scalar of *dtype* (what zarr passes as a fill value)."""
    return full((), dtype, value)[()]


def arange(shape: Any, dtype: Any = "<i4") -> npt.NDArray[Any]:
    """Distinct values 0, 1, 2, ... in *shape* and *dtype* (so that the order of elements is visible)."""
    size = 1
    for length in shape:
        size *= length
    return np.arange(size).astype(dtype).reshape(shape)


def same_values(actual: npt.NDArray[Any], expected: npt.NDArray[Any]) -> bool:
    """Whether two arrays hold indistinguishable values.

    Shapes equal; floats equal bit for bit up to NaN payloads (signed zeros
    differ, NaN equals NaN), each part of a complex number on its own; NaT
    equals NaT; structured arrays field by field; objects by type and ``==``.
    """
    if actual.shape != expected.shape:
        return False
    dt = expected.dtype
    with np.errstate(all="ignore"):
        if dt.names is not None:
            if actual.dtype.names != dt.names:
                return False
            return all(same_values(actual[name], expected[name]) for name in dt.names)
        if dt.kind == "c":
            if actual.dtype.kind != "c":
                return False
            return same_values(actual.real, expected.real) and same_values(actual.imag, expected.imag)
        if dt.kind == "f":
            if actual.dtype.kind != "f":
                return False
            nan = np.isnan(expected)
            if not np.array_equal(np.isnan(actual), nan):
                return False
            equal = (actual == expected) & (np.signbit(actual) == np.signbit(expected))
            return bool((equal | nan).all())
        if dt.kind in "mM":
            if actual.dtype.kind != dt.kind:
                return False
            return bool(np.array_equal(int_view(actual), int_view(expected)))
        if dt.kind == "O":  # equal objects of the same types (a 0-d array of 5 is not the scalar 5)
            kinds = [type(item) for item in actual.reshape(-1)] == [type(item) for item in expected.reshape(-1)]
            return kinds and bool(actual.tolist() == expected.tolist())
        return bool(np.array_equal(actual, expected))


def pattern(size: int, seed: int) -> bytes:
    """*size* pseudo-random bytes, the same for the same *seed* (large inputs without a large literal)."""
    return np.random.default_rng(seed).integers(0, 256, size, dtype=np.uint8).tobytes()


def pattern_array(shape: Any, dtype: Any, seed: int) -> npt.NDArray[Any]:
    """A C-ordered array of *shape* and exactly *dtype* with pseudo-random values, the same for the same *seed*.

    Numbers, bytes and structured values are random bit patterns (NaNs with
    payloads and signed zeros included); datetimes and timedeltas are counts
    within +-2**31 (NaT in the middle); booleans are 0 or 1, strings are ASCII
    letters, objects are Python ints.
    """
    dt = np.dtype(dtype)
    rng = np.random.default_rng(seed)
    size = 1
    for length in shape:
        size *= length
    if dt.kind == "b":
        array = rng.integers(0, 2, size).astype(dt)
    elif dt.kind == "U":
        letters = rng.integers(97, 123, size * (dt.itemsize // 4), dtype=np.uint32)
        array = letters.astype(dt.byteorder + "u4" if dt.byteorder in "<>" else "u4").view(dt)
    elif dt.kind == "O":
        array = np.empty(size, dt)
        array[...] = rng.integers(-1000, 1000, size).tolist()
    elif dt.kind in "mM":  # counts within +-2**31 (any unit converts without overflow), NaT in the middle
        counts = rng.integers(-(2**31), 2**31, size)
        if size >= 3:
            counts[size // 2] = np.iinfo(np.int64).min
        array = counts.astype(dt.byteorder + "i8" if dt.byteorder in "<>" else "i8").view(dt)
    elif dt.kind == "T":
        array = np.array(["x" * int(n) for n in rng.integers(0, 5, size)], dt)
    else:
        array = np.frombuffer(rng.integers(0, 256, size * dt.itemsize, dtype=np.uint8).tobytes(), dt).copy()
    result: npt.NDArray[Any] = array.reshape(shape)
    return result


def read_only(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """*array* itself, made read-only (``writeable=False``)."""
    array.flags.writeable = False
    return array


def same_bits(actual: npt.NDArray[Any], expected: npt.NDArray[Any]) -> bool:
    """Whether two arrays hold the same values bit for bit: NaN payloads and signs, signed zeros, each part
    of a complex number, datetimes and padding-free structured values alike (objects and variable-width
    strings by equality)."""
    if actual.shape != expected.shape or actual.dtype != expected.dtype:
        return False
    if expected.dtype.kind in "OT" or expected.dtype.hasobject:
        return same_values(actual, expected)
    return np.ascontiguousarray(actual).tobytes() == np.ascontiguousarray(expected).tobytes()


def model_all_equal(array: npt.NDArray[Any], other: Any, equal_nan: bool = True) -> bool:
    """What ``all_equal`` must answer, computed the plain way: NumPy's comparison of *array* with *other*
    as given (never cast to the array's dtype; Python scalars compare as NumPy compares them), where a
    float zero also needs the same sign, NaN (or NaT) equals NaN exactly when *equal_nan*, and complex
    numbers compare part by part.  For numeric, boolean, datetime and string dtypes."""
    if other is None:
        return False
    if array.size == 0:
        return True
    with np.errstate(all="ignore"):
        if array.dtype.names is not None:  # field by field, each by its own rules (sub-arrays broadcast)
            record = np.asarray(other)
            return all(model_all_equal(array[name], record[name], equal_nan) for name in array.dtype.names)
        if array.dtype.kind == "f" and np.iscomplexobj(other):  # real data: an imaginary part of +0.0
            array = array.astype(np.result_type(array.dtype, np.complex64))
        if array.dtype.kind == "c":
            python = isinstance(other, (bool, int, float, complex))
            real = other.real if python else np.real(other)
            imag = other.imag if python else np.imag(other)
            return model_floats_equal(array.real, real, equal_nan) and model_floats_equal(array.imag, imag, equal_nan)
        if array.dtype.kind == "f":
            return model_floats_equal(array, other, equal_nan)
        equal = np.asarray(array == other)
        if array.dtype.kind in "mM":
            nat = np.isnat(array) & np.isnat(np.asarray(other))
            equal = equal | (nat & equal_nan)
        return bool(np.all(equal))


def model_floats_equal(array: npt.NDArray[Any], other: Any, equal_nan: bool) -> bool:
    """Whether every float of *array* equals *other* with the same sign, NaN equal to NaN when *equal_nan*."""
    equal = np.asarray((array == other) & (np.signbit(array) == np.signbit(other)))
    if equal_nan:
        equal = equal | (np.isnan(array) & np.isnan(other))
    return bool(np.all(equal))
