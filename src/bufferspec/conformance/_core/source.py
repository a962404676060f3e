"""Python source that rebuilds a value exactly: how a check's inputs appear in its reproducer.

:func:`source_of` is used for every value a check binds with ``ctx.let`` or
draws with ``ctx.draw``.  The text it returns, evaluated with ``numpy``
imported as ``np``, gives back a value that is indistinguishable from the
original: same type, same dtype (byte order included), same shape and the same
bits (signed zeros, NaN and infinities, complex parts, datetime units).  Where
NumPy's readable ``np.array([...])`` form would lose something, the raw bytes
are written with ``np.frombuffer``.  A value it cannot write raises
``TypeError``: checks must then build it with a step instead.
"""

from __future__ import annotations

import math
from typing import Any, cast

import numpy as np
import numpy.typing as npt

__all__ = ["dtype_source", "source_of"]


def source_of(value: object) -> str:
    """Python source (numpy as ``np``) that evaluates to a value identical to *value*.

    Raises
    ------
    TypeError
        If *value* is of a type this module cannot write exactly.
    """
    if isinstance(value, np.generic):  # before the Python types: np.float64 is a float, np.str_ a str
        return _scalar_source(value)
    if isinstance(value, np.ndarray):
        return _array_source(value)
    if value is None or value is Ellipsis or value is NotImplemented or isinstance(value, (bool, int, str, bytes)):
        return repr(value) if value is not Ellipsis else "..."
    if isinstance(value, float):
        return _float_source(value)
    if isinstance(value, complex):
        return f"complex({_float_source(value.real)}, {_float_source(value.imag)})"
    if isinstance(value, bytearray):
        return f"bytearray({bytes(value)!r})"
    if isinstance(value, tuple):
        items = [source_of(item) for item in value]
        return "(" + items[0] + ",)" if len(items) == 1 else "(" + ", ".join(items) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(source_of(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{source_of(k)}: {source_of(v)}" for k, v in value.items()) + "}"
    if isinstance(value, slice):
        return f"slice({source_of(value.start)}, {source_of(value.stop)}, {source_of(value.step)})"
    if isinstance(value, range):
        return repr(value)
    if isinstance(value, np.dtype):
        return f"np.dtype({dtype_source(value)})"
    raise TypeError(f"value: cannot write a {type(value).__qualname__} as Python source; build it with a step")


def dtype_source(dtype: Any) -> str:
    """Source of the argument that rebuilds *dtype* with ``np.dtype(...)`` (a string, a list, or a StringDType)."""
    dt = np.dtype(dtype)
    if dt.kind == "T":
        return "np.dtypes.StringDType()"
    if dt.names is not None or dt.subdtype is not None:
        return repr(dt.descr)
    return repr(dt.str)


_CANONICAL_NAN = {np.float64("nan").tobytes(), (-np.float64("nan")).tobytes()}


def _float_source(value: float) -> str:
    if math.isnan(value):
        bits = np.float64(value).tobytes()
        if bits not in _CANONICAL_NAN:  # a NaN payload that float('nan') would lose
            return f"np.frombuffer(bytes.fromhex({bits.hex()!r}), '<f8')[0].item()"
        return "float('nan')" if math.copysign(1.0, value) > 0 else "-float('nan')"
    if math.isinf(value):
        return "float('inf')" if value > 0 else "-float('inf')"
    return repr(value)


def _scalar_source(value: np.generic) -> str:
    """A NumPy scalar: ``np.float32(-0.0)`` where that is exact, else through a 0-d array of its exact dtype."""
    for candidate in _scalar_candidates(value):
        try:
            with np.errstate(all="ignore"):
                back = eval(candidate, {"np": np})  # noqa: S307 - source the kit wrote itself
        except Exception:  # noqa: BLE001 - a candidate NumPy does not take: use the exact form
            continue
        if type(back) is type(value) and back.dtype == value.dtype and back.tobytes() == value.tobytes():
            return candidate
    return f"{_array_source(np.asarray(value))}[()]"


def _scalar_candidates(value: np.generic) -> list[str]:
    """Readable sources that may rebuild *value* (each is verified before use)."""
    kind = value.dtype.kind
    name = f"np.{type(value).__name__}"
    if kind in "biu":
        return [f"{name}({value.item()!r})"]
    if kind == "f":
        return [f"{name}({_float_source(float(value))})"]
    if kind == "c":
        return [f"{name}({source_of(complex(value))})"]
    if kind in "mM":
        unit = str(np.datetime_data(cast(Any, value.dtype))[0])
        body = "'NaT'" if bool(np.isnat(value)) else str(value.astype("i8").item())
        return [f"{name}({body})" if unit == "generic" else f"{name}({body}, {unit!r})"]
    if kind in "SU":
        return [f"{name}({value.item()!r})"]
    return []


def _array_source(array: npt.NDArray[Any]) -> str:
    """An array of the same dtype, shape and bits; C or Fortran order and read-only-ness kept."""
    dt = array.dtype
    fortran = array.ndim > 1 and bool(array.flags.f_contiguous) and not bool(array.flags.c_contiguous)
    writeable = bool(array.flags.writeable)
    if dt.kind in "OT":
        kind = "object" if dt.kind == "O" else "np.dtypes.StringDType()"
        return f"np.array({source_of(array.tolist())}, dtype={kind}).reshape({array.shape!r})"
    if writeable and _readable(array):
        text = f"np.array({array.tolist()!r}, dtype={dtype_source(dt)})"
        return f"np.asfortranarray({text})" if fortran else text
    if fortran:
        raw = array.tobytes(order="F").hex()
        text = f"np.frombuffer(bytes.fromhex({raw!r}), dtype={dtype_source(dt)}).reshape({array.shape[::-1]!r}).T"
        return text + (".copy('K')" if writeable else "")
    raw = array.tobytes(order="C").hex()
    text = f"np.frombuffer(bytes.fromhex({raw!r}), dtype={dtype_source(dt)}).reshape({array.shape!r})"
    return text + (".copy()" if writeable else "")


def _readable(array: npt.NDArray[Any]) -> bool:
    """Whether ``np.array(array.tolist(), dtype)`` rebuilds *array* bit for bit."""
    dt = array.dtype
    if array.size == 0 or dt.names is not None or dt.kind in "mMV" or dt.subdtype is not None:
        return False
    if dt.kind in "fc":
        with np.errstate(all="ignore"):
            parts = (array.real, array.imag) if dt.kind == "c" else (array,)
            for part in parts:
                if not bool(np.isfinite(part).all()) or bool(np.signbit(part[part == 0]).any()):
                    return False
    if dt.kind in "SU":
        # tolist() strips trailing NULs, which np.array(...) would not restore in the middle of a padded item
        return bool(all(b"\x00" not in bytes(x) if dt.kind == "S" else "\x00" not in str(x) for x in array.flat))
    return True
