"""Step builders of the NDBuffer contracts: dtype support, construction, expectations.

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

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.source import dtype_source, source_of
from bufferspec.conformance._core.step_helpers import dtype_text
from bufferspec.conformance._inputs.strategies import sampled

Check = Callable[[CheckContext], None]

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


def expect_contiguous(ctx: CheckContext, order: str, what: str) -> None:
    """Steps: ``host(nd)`` is C-contiguous (*order* ``'C'``) or Fortran-contiguous (``'F'``)."""
    ctx.run("flags = host(nd).flags")
    ctx.check(f"flags.{order.lower()}_contiguous",
              f"{what} is not {order}-contiguous (C: {{flags.c_contiguous}}, F: {{flags.f_contiguous}})")
