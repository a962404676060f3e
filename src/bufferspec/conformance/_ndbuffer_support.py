"""Helpers shared by the NDBuffer contract modules: strategies, dtype tables and step builders.

The step builders (:func:`create`, :func:`ndbuffer`, :func:`expect_array`, ...)
add steps to a check (see :class:`CheckContext`): each is source that runs and
is recorded in the reproducer.  Values checks compute on the kit's side are
bound with ``ctx.let`` (written exactly); expected values are best computed
by NumPy in a step (``expected = array.T``) so the reproducer shows how.
"""

from __future__ import annotations

import contextlib
import functools
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bufferspec.conformance._check_helpers import dtype_text
from bufferspec.conformance._checks_buffer import esc
from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._source import dtype_source, source_of


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

#: A structured dtype with a sub-array field and both byte orders.
STRUCTURED = np.dtype([("a", "<i4"), ("b", ">f8"), ("c", "S3"), ("d", "<i2", (2,))])

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



def supported_or_skip(ctx: CheckContext, dtypes: Iterable[Any]) -> tuple[Any, ...]:
    """:func:`supported`, or SKIP the contract when the backend holds none of *dtypes*: a contract that
    checked nothing must not count as a PASS."""
    found = supported(ctx, dtypes)
    if not found:
        ctx.skip("the backend holds none of the dtypes this contract needs (the ndbuffer.create.dtype_* "
                 "contracts report which)")
    return found

def draw_dtype(ctx: CheckContext, dtypes: Iterable[Any], label: str = "dtype") -> Any:
    """Draw one of the *dtypes* the target supports; SKIP when it supports none (``create.dtype_*`` fail then)."""
    choices = supported(ctx, dtypes)
    if not choices:
        ctx.skip(f"the backend supports none of the dtypes {[dtype_text(np.dtype(d)) for d in dtypes]} "
                 "(the ndbuffer.create.dtype_* contracts report which)")
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
    return source_of(key)


_UNSET: Any = object()


def create(
    ctx: CheckContext,
    name: str = "nd",
    *,
    shape: Any,
    dtype: Any,
    order: Any = _UNSET,
    fill_value: Any = _UNSET,
    shape_src: str | None = None,
    cls: str = "NDBuffer",
) -> None:
    """Step ``name = cls.create(shape=..., dtype=..., ...)`` (*shape_src*: the shape's source, if not a literal)."""
    parts = [f"shape={shape_src or source_of(shape)}", f"dtype={dtype_source(dtype)}"]
    if order is not _UNSET:
        parts.append(f"order={order!r}")
    if fill_value is not _UNSET:
        parts.append(f"fill_value={source_of(fill_value)}")
    ctx.run(f"{name} = {cls}.create({', '.join(parts)})")


def empty(ctx: CheckContext, shape: tuple[int, ...], dtype: Any, order: Any = _UNSET, name: str = "nd") -> None:
    """Step ``name = NDBuffer.empty(...)``."""
    extra = "" if order is _UNSET else f", order={order!r}"
    ctx.run(f"{name} = NDBuffer.empty(shape={shape!r}, dtype={dtype_source(dtype)}{extra})")


def ndbuffer(ctx: CheckContext, array: npt.NDArray[Any], name: str = "nd", *, cls: str = "NDBuffer") -> None:
    """Steps ``<name>_array = <array>`` and ``name = cls.from_numpy_array(<name>_array.copy())``.

    The array is written exactly (dtype, byte order, bits) and bound as
    ``array`` for ``name="nd"`` (``<name>_array`` otherwise), so expected
    values can be computed from it in later steps.
    """
    source = "array" if name == "nd" else f"{name}_array"
    ctx.let(source, array)
    ctx.run(f"{name} = {cls}.from_numpy_array({source}.copy())")


def derived(ctx: CheckContext, *, writes: bool = False, required: bool = False) -> str:
    """Steps for an ``array`` a draw or a step already bound: ``nd`` holding its values (made through a
    drawn construction path), ``src``, a drawn view of ``nd``, and ``expected``, NumPy's same view of
    ``array`` (see :func:`bufferspec.conformance._axes.draw_subject`).  Returns how ``src`` was made."""
    from bufferspec.conformance._axes import draw_subject

    return draw_subject(ctx, writes=writes, required=required)


def expect_array(ctx: CheckContext, expr: str, expected: str, what: str, *, check_dtype: bool = True,
                 exact: bool = True) -> None:
    """Steps: ``actual = host(expr)`` has the shape, dtype (byte order included) and values of *expected*.

    Values are compared bit for bit (``same_bits``: NaN payloads and signs,
    signed zeros, each part of a complex number); with ``exact=False`` (a
    conversion, where NaN payloads are the converter's business) or without
    *check_dtype*, as indistinguishable values (``same_values``).

    *expr* and *expected* are expressions (usually names); *what* names the
    buffer in messages (an f-string body).
    """
    ctx.run(f"actual = host({expr})")
    ctx.check(f"actual.shape == {expected}.shape", f"{what} has shape {{actual.shape}}, expected {{{expected}.shape}}")
    if check_dtype:
        ctx.check(f"actual.dtype == {expected}.dtype",
                  f"{what} has dtype {{dtype_text(actual.dtype)}}, expected {{dtype_text({expected}.dtype)}}")
    same = "same_bits" if check_dtype and exact else "same_values"
    ctx.check(f"{same}(actual, {expected})", f"{what} holds {{show(actual)}}, expected {{show({expected})}}")


def expect_dtype(ctx: CheckContext, expr: str, dtype: Any, what: str) -> None:
    """Step: ``host(expr).dtype`` is exactly *dtype* (byte order included).

    The ``dtype`` property itself is the subject of ``ndbuffer.dtype.exact``; reading
    through ``as_numpy_array`` keeps one broken property from failing every contract.
    """
    ctx.check(f"host({expr}).dtype == np.dtype({dtype_source(dtype)})",
              f"{what}.as_numpy_array() has dtype {{dtype_text(host({expr}).dtype)}}, expected "
              f"{esc(dtype_text(np.dtype(dtype)))}")


def snapshot(ctx: CheckContext, expr: str, name: str = "before") -> None:
    """Step ``name = host(expr).copy()``: the contents before an operation that must not change them."""
    ctx.run(f"{name} = host({expr}).copy()")


def expect_unchanged(ctx: CheckContext, expr: str, what: str, before: str = "before") -> None:
    """Steps: *expr* still has the shape, dtype and values of the snapshot *before* (after a failed call)."""
    ctx.run(f"after = host({expr})")
    ctx.check(f"after.shape == {before}.shape", f"after {what} the shape is {{after.shape}}, expected {{{before}.shape}}")
    ctx.check(f"after.dtype == {before}.dtype and same_values(after, {before})",
              f"after {what} the buffer holds {{show(after)}}, expected it unchanged: {{show({before})}}")


def values_strategy(dtype: np.dtype[Any], shape: Any = SHAPES) -> Any:
    """Arrays of *dtype* with drawn values (NaN, signed zeros, NaT included) and small shapes."""
    return cached(hnp.arrays, dtype, shape)
