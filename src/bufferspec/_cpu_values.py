"""Converting values to be stored in a reference NDBuffer, refusing lossy casts NumPy only warns about.

NumPy stores some values it cannot represent with a warning instead of an
error: ``1e300`` in a ``float16`` becomes ``inf`` ("overflow encountered in
cast"), NaN in an integer dtype becomes an arbitrary integer ("invalid value
encountered in cast"), and a complex value in a real dtype loses its
imaginary part (``ComplexWarning``).  Under a ``-W error`` filter those
warnings even surface as exceptions nobody documented.  The reference
refuses such values with a ``ValueError`` that names the argument, before
anything is written.

Only the slow paths pay for the checks: :func:`plain_number_fits` is the
cheap test the hot paths use for plain Python numbers, and
:func:`checked_value` (which enters :class:`numpy.errstate`, a few
microseconds) runs for everything else.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from bufferspec._cpu_common import shown

__all__ = ["SMALL_FLOAT_MAX", "checked_value", "plain_number_fits"]

_F32_MAX = float(np.finfo(np.float32).max)

#: The largest finite value of the floats narrower than a Python float, by dtype
#: character (``e`` float16, ``f`` float32, ``F`` complex64); byte order does not matter.
SMALL_FLOAT_MAX: dict[str, float] = {
    "e": float(np.finfo(np.float16).max),
    "f": _F32_MAX,
    "F": _F32_MAX,
}

#: Element kinds a complex value cannot be cast to without NumPy's ``ComplexWarning``.
_REAL_NUMERIC_KINDS = frozenset("iuf")

#: Plain values whose conversion cannot raise a floating-point error in these element kinds
#: (integers and strings are converted exactly or refused; object arrays store the value).
_EXACT_TYPES = frozenset({int, bool, str, bytes})
_EXACT_KINDS = frozenset("biuSUMmO")
_PLAIN_NUMBER_TYPES = frozenset({int, float, bool, complex})


def plain_number_fits(value: int | float | complex, limit: float) -> bool:
    """Whether a plain Python number converts to a float of range *limit* without overflowing.

    NaN and infinities fit (they convert exactly); a finite value beyond
    *limit* may still round down to the largest finite value, which
    :func:`checked_value` decides precisely.
    """
    if type(value) is complex:
        return not (abs(value.real) > limit or abs(value.imag) > limit)
    return not abs(value) > limit


def _has_real_numeric_field(dtype: np.dtype[Any]) -> bool:
    """Whether *dtype*, or any (nested) field or subarray of it, is an integer or real float."""
    if dtype.subdtype is not None:
        return _has_real_numeric_field(dtype.subdtype[0])
    if dtype.fields is not None:
        return any(_has_real_numeric_field(field[0]) for field in dtype.fields.values())
    return dtype.kind in _REAL_NUMERIC_KINDS


def _without_imaginary_part(value: Any, dtype: np.dtype[Any], argument: str) -> Any:
    """*value*, or its real part when it is complex and *dtype* is real; refuses a lost imaginary part."""
    source_dtype = getattr(value, "dtype", None)
    if not isinstance(source_dtype, np.dtype):
        if type(value) is complex:  # NumPy refuses a Python complex for real data (TypeError)
            if not _has_real_numeric_field(dtype):
                return value
            if value.imag != 0 or math.isnan(value.imag):
                raise ValueError(
                    f"{argument}: {shown(value)} cannot be stored in dtype {dtype}: its imaginary part "
                    "would be lost; pass its real part explicitly if that is intended"
                )
            return value.real
        if not isinstance(value, list) and (not isinstance(value, tuple) or dtype.names is not None):
            return value  # (a tuple is one record of a structured dtype)
        try:
            probe = np.asarray(value)  # a list of NumPy complex scalars converts with a warning
        except (TypeError, ValueError, OverflowError):
            return value  # NumPy refuses the value itself below
        if probe.dtype.kind != "c":
            return value
        value, source_dtype = probe, probe.dtype
    if source_dtype.kind != "c" or not _has_real_numeric_field(dtype):
        return value
    if bool(np.any(np.imag(value) != 0)):
        raise ValueError(
            f"{argument}: {shown(value)} cannot be stored in dtype {dtype}: its imaginary part "
            "would be lost; pass its real part explicitly if that is intended"
        )
    return np.real(value)


def checked_value(
    value: Any, dtype: np.dtype[Any], argument: str, *, copy: bool = True
) -> npt.NDArray[Any]:
    """*value* as an array of exactly *dtype*, or ``ValueError`` if NumPy would lose information.

    Refused (with a message naming *argument*): values NumPy cannot convert at
    all, values that overflow the dtype or are invalid in it (NaN or infinity
    in an integer dtype, ...), and complex values with a non-zero imaginary
    part for a real dtype.  Lossy conversions NumPy performs silently by
    design (truncating ``1.5`` to an integer, strings to a fixed length) are
    kept, as the dtype's documented semantics.

    Raises
    ------
    ValueError
        If the value cannot be stored in *dtype* without such a loss.
    """
    if value is NotImplemented:  # its truth value is deprecated (a warning, an error on 3.14)
        raise ValueError(f"{argument}: NotImplemented is not a value that can be stored")
    kind, tp = dtype.kind, type(value)
    if (
        kind == "O"
        or (tp in _EXACT_TYPES and kind in _EXACT_KINDS)
        or (
            tp in _PLAIN_NUMBER_TYPES
            and kind in "fc"
            and (tp is not complex or kind == "c")
            and plain_number_fits(value, SMALL_FLOAT_MAX.get(dtype.char, math.inf))
        )
    ):
        # Nothing to check: skip numpy.errstate (a few microseconds), e.g. for integer fill values
        # or a Python float in range (a Python float or int beyond float64 raises OverflowError).
        try:
            return np.array(value, dtype=dtype) if copy else np.asarray(value, dtype=dtype)
        except (TypeError, ValueError, OverflowError, RuntimeError) as exc:
            raise ValueError(f"{argument}: {shown(value)} cannot be stored in dtype {dtype} ({exc})") from None
    source = _without_imaginary_part(value, dtype, argument)
    try:
        with np.errstate(over="raise", invalid="raise"):
            return np.array(source, dtype=dtype) if copy else np.asarray(source, dtype=dtype)
    except FloatingPointError as exc:
        raise ValueError(
            f"{argument}: {shown(value)} cannot be stored in dtype {dtype} ({exc}: out of range, "
            "NaN or infinity)"
        ) from None
    except (TypeError, ValueError, OverflowError, RuntimeError) as exc:
        # RuntimeError: NumPy's "string ... too short" for datetimes in short string dtypes
        raise ValueError(f"{argument}: {shown(value)} cannot be stored in dtype {dtype} ({exc})") from None
