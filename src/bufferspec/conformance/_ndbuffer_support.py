"""Helpers shared by the NDBuffer contract modules: strategies, dtype tables, exact reproducers."""

from __future__ import annotations

import contextlib
import functools
import math
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bufferspec.conformance._context import CheckContext, _literal


# -- shared helpers --------------------------------------------------------------------

Check = Callable[[CheckContext], None]

#: ``numpy.dtypes.StringDType`` when this NumPy has it (NumPy >= 2.0).
STRING_DTYPE: np.dtype[Any] | None = None
if hasattr(np, "dtypes") and hasattr(np.dtypes, "StringDType"):
    STRING_DTYPE = np.dtype(np.dtypes.StringDType())

#: Dtypes the property checks draw from: every kind, both byte orders.
VALUE_DTYPES: tuple[np.dtype[Any], ...] = tuple(
    np.dtype(d)
    for d in ("|b1", "|i1", "<i2", ">i4", "<u8", "<f2", "<f4", ">f8", "<c8", ">c16", "|S3", "<U2", "<M8[s]", ">m8[ns]")
)
#: Dtypes whose values are plain numbers (for conversions).
NUMERIC_DTYPES: tuple[np.dtype[Any], ...] = tuple(
    np.dtype(d) for d in ("|b1", "|i1", "<u2", ">i4", "<i8", "<f2", "<f4", ">f8", "<c8", ">c16")
)

#: Shapes with at least two dimensions of at least two: half of the drawn shapes, so
#: that 25 examples exercise real strides (Hypothesis alone favours 0s and 1s).
_RICH_SHAPES = hnp.array_shapes(min_dims=2, max_dims=4, min_side=2, max_side=4)
#: Small shapes: at most 4 dimensions of at most 5 (0-d and zero-length included).
SHAPES = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5) | _RICH_SHAPES


@functools.lru_cache(maxsize=4096)
def cached(factory: Callable[..., Any], *args: Any) -> Any:
    """``factory(*args)``, built once: Hypothesis validates each new strategy object, which
    costs more than drawing from it, so the checks reuse strategies."""
    return factory(*args)


def from_dtype(dtype: np.dtype[Any]) -> Any:
    """``hypothesis.extra.numpy.from_dtype(dtype)`` (cached)."""
    return cached(hnp.from_dtype, dtype)


def sampled(*values: Any) -> Any:
    """``st.sampled_from(values)`` (cached)."""
    return cached(st.sampled_from, values)


_SUPPORT: dict[tuple[Any, np.dtype[Any]], bool] = {}


def supports(ctx: CheckContext, dtype: Any) -> bool:
    """Whether the target can hold *dtype* at all: ``from_numpy_array`` of such an array does not raise.

    Contracts about something other than a dtype (views, indexing, conversions, ...)
    only use the dtypes a backend supports, so a backend without, say, string or
    big-endian support fails the ``create.dtype_*`` contract for it once instead of
    every property.  Wrong results are never treated as "unsupported".
    """
    key = (ctx.NDBuffer, np.dtype(dtype))
    known = _SUPPORT.get(key)
    if known is None:
        try:
            with _quiet_block():
                ctx.NDBuffer.from_numpy_array(np.zeros(1, key[1]))
            known = True
        except Exception:  # noqa: BLE001 - any refusal means "not supported"
            known = False
        if len(_SUPPORT) >= 1024:
            _SUPPORT.clear()
        _SUPPORT[key] = known
    return known


def supported(ctx: CheckContext, dtypes: Iterable[Any]) -> tuple[Any, ...]:
    """The *dtypes* the target supports (see :func:`supports`), in order."""
    return tuple(d for d in dtypes if supports(ctx, d))


def draw_dtype(ctx: CheckContext, dtypes: Iterable[Any], label: str = "dtype") -> Any:
    """Draw one of the *dtypes* the target supports."""
    choices = supported(ctx, dtypes)
    if not choices:
        ctx.fail(f"the backend supports none of the dtypes {[dtype_text(np.dtype(d)) for d in dtypes]}")
    return ctx.draw(sampled(*choices), label)


def quiet(check: Check) -> Check:
    """Run *check* with NumPy's deprecation and floating-point warnings silenced.

    NumPy warns about generic datetime units and about casts of NaN/inf; a
    contract fails on wrong results, never because NumPy (in the backend or in
    the kit's own expected values) warned, even under ``-W error``.
    """

    @functools.wraps(check)
    def run(ctx: CheckContext) -> None:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            warnings.simplefilter("ignore", FutureWarning)
            check(ctx)

    return run


@contextlib.contextmanager
def _quiet_block() -> Iterator[None]:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def src(value: object) -> str:
    """Python source for *value* in a reproducer (exact for signed zeros, NaN and inf)."""
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f"float({str(value)!r})"
        return repr(value)
    if isinstance(value, complex):
        return f"complex({src(value.real)}, {src(value.imag)})"
    if isinstance(value, np.dtype):
        return dtype_src(value)
    if isinstance(value, np.generic) and value.dtype.kind in "fc":
        return f"np.{type(value).__name__}({src(value.item())})"
    if isinstance(value, np.generic) and value.dtype.kind in "mM":
        unit = _time_unit(value.dtype)
        kind = "datetime64" if value.dtype.kind == "M" else "timedelta64"
        body = "'NaT'" if np.isnat(value) else str(value.astype("i8").item())
        return f"np.{kind}({body})" if unit == "generic" else f"np.{kind}({body}, {unit!r})"
    return _literal(value)


def _time_unit(dtype: Any) -> str:
    """The unit of a datetime64/timedelta64 dtype (``"generic"`` when it has none)."""
    return str(np.datetime_data(dtype)[0])


def array_src(array: npt.NDArray[Any]) -> str:
    """Python source rebuilding *array* exactly: shape, dtype (byte order included) and bits.

    Readable ``np.array([...])`` where that is exact; otherwise (NaN, infinities,
    signed zeros in complex numbers, datetimes, structured or empty arrays) the raw
    bytes with ``np.frombuffer``.
    """
    dt = array.dtype
    if dt.kind in "OT":
        return _literal(array)
    exact = dt.names is None and dt.kind not in "mMV" and array.size > 0
    if exact and dt.kind in "fc":
        with _quiet_block():
            parts = (array.real, array.imag) if dt.kind == "c" else (array,)
            exact = all(bool(np.isfinite(p).all()) for p in parts) and (
                dt.kind == "f" or not bool((np.signbit(array.real) | np.signbit(array.imag)).any()))
    if exact:
        return _literal(array)
    raw = np.ascontiguousarray(array).tobytes().hex()
    return f"np.frombuffer(bytes.fromhex({raw!r}), dtype={dtype_src(dt)}).reshape({array.shape!r}).copy()"


def dtype_src(dtype: object) -> str:
    """Python source for a dtype specification."""
    if isinstance(dtype, str):
        return repr(dtype)
    dt = np.dtype(dtype)  # type: ignore[call-overload]
    if dt.kind == "T":
        return "np.dtypes.StringDType()"
    if dt.names is not None:
        return repr(dt.descr)
    return repr(dt.str)


def key_src(key: object) -> str:
    """Python source of an indexing key, as written between brackets."""
    if isinstance(key, tuple):
        if not key:
            return "()"
        parts = [key_src(k) for k in key]
        return parts[0] + "," if len(parts) == 1 else ", ".join(parts)
    if isinstance(key, slice):
        text = ":".join("" if v is None else str(v) for v in (key.start, key.stop, key.step))
        return text[:-1] if text.endswith(":") and key.step is None else text
    if key is Ellipsis:
        return "..."
    if isinstance(key, np.ndarray):
        return _literal(key)
    return repr(key)


def int_view(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The int64 counts of a datetime/timedelta array (NaT is the minimum)."""
    order = array.dtype.byteorder if array.dtype.byteorder in "<>" else "="
    return array.view(np.dtype("i8").newbyteorder(order))


def full(shape: tuple[int, ...], dtype: Any, value: Any, order: str = "C") -> npt.NDArray[Any]:
    """A NumPy array of exactly *dtype* (byte order kept, even for generic datetimes) filled with *value*."""
    dt = np.dtype(dtype)
    with _quiet_block():
        if dt.kind in "mM":
            twin = np.dtype("i8").newbyteorder(dt.byteorder if dt.byteorder in "<>" else "=")
            array = np.zeros(shape, twin, order=order).view(dt)  # type: ignore[call-overload]
        else:
            array = np.zeros(shape, dt, order=order)  # type: ignore[call-overload]
        if value is not None:
            if dt.kind in "mM" and _time_unit(dt) == "generic" and _is_nat(value):
                int_view(array)[...] = np.iinfo(np.int64).min
            else:
                array[...] = value
    return array  # type: ignore[no-any-return]


def _is_nat(value: object) -> bool:
    return isinstance(value, (np.datetime64, np.timedelta64)) and bool(np.isnat(value))


def scalar_of(value: Any, dtype: np.dtype[Any]) -> Any:
    """*value* as a NumPy scalar of *dtype* (what zarr passes as a fill value)."""
    return full((), dtype, value)[()]


def same_values(actual: npt.NDArray[Any], expected: npt.NDArray[Any]) -> bool:
    """Whether two arrays hold indistinguishable values: shapes equal, floats bit-exact
    up to NaN payloads (signed zeros differ, NaN equals NaN), NaT equal to NaT."""
    if actual.shape != expected.shape:
        return False
    dt = expected.dtype
    with _quiet_block():
        if dt.names is not None:
            if actual.dtype.names != dt.names:
                return False
            return all(same_values(actual[name], expected[name]) for name in dt.names)
        kind = dt.kind
        if kind == "c":
            if actual.dtype.kind != "c":
                return False
            return same_values(actual.real, expected.real) and same_values(actual.imag, expected.imag)
        if kind == "f":
            if actual.dtype.kind != "f":
                return False
            nan = np.isnan(expected)
            if not np.array_equal(np.isnan(actual), nan):
                return False
            equal = (actual == expected) & (np.signbit(actual) == np.signbit(expected))
            return bool((equal | nan).all())
        if kind in "mM":
            if actual.dtype.kind != kind:
                return False
            return bool(np.array_equal(int_view(actual), int_view(expected)))
        if kind == "O":
            return bool(actual.shape == expected.shape and actual.tolist() == expected.tolist())
        return bool(np.array_equal(actual, expected))


def show(array: npt.NDArray[Any]) -> str:
    """A short text of an array for failure messages."""
    try:
        with _quiet_block():
            body = np.array2string(array, threshold=12, edgeitems=2, separator=", ")
    except (TypeError, ValueError):
        body = f"<{array.size} elements>"
    return f"{body} (dtype {dtype_text(array.dtype)}, shape {array.shape})"


def dtype_text(dtype: np.dtype[Any]) -> str:
    """A dtype as text that shows its byte order."""
    if dtype.names is not None:
        return str(dtype.descr)
    if dtype.kind == "T":
        return repr(dtype)
    return dtype.str


def expect_array(
    ctx: CheckContext, nd: Any, expected: npt.NDArray[Any], what: str, *, check_dtype: bool = True
) -> npt.NDArray[Any]:
    """Fail unless ``nd.as_numpy_array()`` has the shape, dtype (byte order included) and values of *expected*."""
    actual = ctx.host(nd, f"{what}.as_numpy_array()")
    ctx.expect(
        actual.shape == expected.shape, f"{what} has shape {actual.shape}, expected {expected.shape}"
    )
    if check_dtype:
        ctx.expect(
            actual.dtype == expected.dtype,
            f"{what} has dtype {dtype_text(actual.dtype)}, expected {dtype_text(expected.dtype)}",
        )
    ctx.expect(same_values(actual, expected), f"{what} holds {show(actual)}, expected {show(expected)}")
    return actual


def expect_dtype(ctx: CheckContext, nd: Any, dtype: Any, what: str) -> None:
    """Fail unless ``as_numpy_array().dtype`` is exactly *dtype* (byte order included).

    The ``dtype`` property itself is the subject of ``ndbuffer.dtype.exact``; reading
    through ``as_numpy_array`` keeps one broken property from failing every contract.
    """
    dt = np.dtype(dtype)
    host = ctx.host(nd, f"{what}.as_numpy_array()")
    ctx.expect(host.dtype == dt, f"{what}.as_numpy_array() has dtype {dtype_text(host.dtype)}, expected {dtype_text(dt)}")


def expect_unchanged(ctx: CheckContext, nd: Any, before: npt.NDArray[Any], what: str) -> None:
    """Fail unless *nd* still has the shape, dtype and values it had (after a failed call)."""
    after = ctx.host(nd)
    ctx.expect(after.shape == before.shape, f"after {what} the shape is {after.shape}, expected {before.shape}")
    ctx.expect(
        after.dtype == before.dtype and same_values(after, before),
        f"after {what} the buffer holds {show(after)}, expected it unchanged: {show(before)}",
    )


def snapshot(ctx: CheckContext, nd: Any) -> npt.NDArray[Any]:
    """A copy of the contents of *nd* (through ``as_numpy_array``)."""
    return ctx.host(nd).copy()


_UNSET: Any = object()


def create(
    ctx: CheckContext,
    *,
    shape: Any,
    dtype: Any,
    order: Any = _UNSET,
    fill_value: Any = _UNSET,
    shape_src: str | None = None,
    cls: Any = None,
    name: str = "nd",
) -> Any:
    """``NDBuffer.create(...)`` with the call recorded in the reproducer."""
    kwargs: dict[str, Any] = {"shape": shape, "dtype": dtype}
    parts = [f"shape={shape_src or repr(shape)}", f"dtype={dtype_src(dtype)}"]
    if order is not _UNSET:
        kwargs["order"] = order
        parts.append(f"order={order!r}")
    if fill_value is not _UNSET:
        kwargs["fill_value"] = fill_value
        parts.append(f"fill_value={src(fill_value)}")
    cls = ctx.NDBuffer if cls is None else cls
    alias = "NDBuffer" if cls is ctx.NDBuffer else cls.__name__
    var = ctx.name(name)
    return ctx.call(f"{var} = {alias}.create({', '.join(parts)})", cls.create, **kwargs)


def empty(ctx: CheckContext, shape: tuple[int, ...], dtype: Any, order: Any = _UNSET) -> Any:
    """``NDBuffer.empty(...)`` with the call recorded."""
    var = ctx.name("nd")
    if order is _UNSET:
        return ctx.call(f"{var} = NDBuffer.empty(shape={shape!r}, dtype={dtype_src(dtype)})",
                        ctx.NDBuffer.empty, shape=shape, dtype=dtype)
    return ctx.call(f"{var} = NDBuffer.empty(shape={shape!r}, dtype={dtype_src(dtype)}, order={order!r})",
                    ctx.NDBuffer.empty, shape=shape, dtype=dtype, order=order)


def arange(shape: tuple[int, ...], dtype: Any = "<i4") -> npt.NDArray[Any]:
    """Distinct values 0, 1, 2, ... in *shape* (so that the order of elements is visible)."""
    size = math.prod(shape)
    return np.arange(size).astype(dtype).reshape(shape)


def named(ctx: CheckContext, array: npt.NDArray[Any], *, cls: Any = None) -> tuple[str, Any]:
    """Like ``ndbuffer(ctx, array)`` (``from_numpy_array`` of a copy), also returning the reproducer's name for it."""
    cls = ctx.NDBuffer if cls is None else cls
    name = ctx.name("nd")
    alias = "NDBuffer" if cls is ctx.NDBuffer else cls.__qualname__
    if alias != "NDBuffer":
        statement = f"from {cls.__module__} import {cls.__qualname__}"
        if statement not in ctx.lines:
            ctx.record(statement)
    ctx.record(f"{name} = {alias}.from_numpy_array({array_src(array)})")
    return name, cls.from_numpy_array(array.copy())


def ndbuffer(ctx: CheckContext, array: npt.NDArray[Any], *, cls: Any = None) -> Any:
    """``from_numpy_array`` of a copy of *array*, recorded exactly in the reproducer."""
    return named(ctx, array, cls=cls)[1]


_LAYOUTS: dict[str, Callable[[Any], Any]] = {
    "nd": lambda x: x,
    "nd.transpose(None)": lambda x: x.transpose(None),
    "nd[::2]": lambda x: x[::2],
    "nd[::-1]": lambda x: x[::-1],
    "nd[:, 1::2]": lambda x: x[:, 1::2],
}


def derived(ctx: CheckContext, array: npt.NDArray[Any]) -> tuple[Any, npt.NDArray[Any]]:
    """A buffer holding *array*, itself or as a transposed or stepped view (drawn); and its NumPy twin."""
    choices = ["nd", "nd.transpose(None)"]
    if array.ndim >= 1:
        choices += ["nd[::2]", "nd[::-1]"]
    if array.ndim >= 2:
        choices += ["nd[:, 1::2]"]
    text = ctx.draw(sampled(*choices), "layout")
    name, nd = named(ctx, array)
    ctx.record(f"src = {text.replace('nd', name, 1)}")
    apply = _LAYOUTS[text]
    return apply(nd), apply(array)


def values_strategy(dtype: np.dtype[Any], shape: Any = SHAPES) -> Any:
    """Arrays of *dtype* with drawn values (NaN, signed zeros, NaT included) and small shapes."""
    return cached(hnp.arrays, dtype, shape)
