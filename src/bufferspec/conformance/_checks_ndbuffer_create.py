"""Contracts of ``NDBufferClass.create`` and ``NDBufferClass.empty``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import Level, contract

from bufferspec.conformance._ndbuffer_support import (
    STRUCTURED as _STRUCTURED,
    STRING_DTYPE,
    VALUE_DTYPES,
    SHAPES,
    from_dtype,
    sampled,
    draw_dtype,
    quiet,
    src,
    dtype_src,
    int_view,
    full,
    show,
    expect_array,
    expect_dtype,
    expect_unchanged,
    snapshot,
    supported,
    supports,
    create,
    empty,
)


# -- create: keyword-only, shapes ----------------------------------------------------------


@contract(
    "ndbuffer.create.keyword_only",
    member="NDBufferClass.create",
    text="create takes its arguments by keyword only: positional arguments raise TypeError.",
)
@quiet
def _create_keyword_only(ctx: CheckContext) -> None:
    ctx.record("NDBuffer.create((2, 3), '<f8')  # must raise TypeError")
    ctx.expect_raises(TypeError, lambda: ctx.NDBuffer.create((2, 3), "<f8"), what="create((2, 3), '<f8')")


@contract(
    "ndbuffer.create.shape_iterables",
    member="NDBufferClass.create",
    text="create accepts any iterable of integers as shape (tuple, list, generator, range, NumPy integers) "
    "and the buffer's shape is that tuple.",
)
@quiet
def _create_shape_iterables(ctx: CheckContext) -> None:
    cases: tuple[tuple[Callable[[], Any], str], ...] = (
        (lambda: (2, 3), "(2, 3)"),
        (lambda: [2, 3], "[2, 3]"),
        (lambda: (d for d in (2, 3)), "(d for d in (2, 3))"),
        (lambda: range(2, 4), "range(2, 4)"),
        (lambda: (np.int64(2), np.intp(3)), "(np.int64(2), np.intp(3))"),
    )
    for make, text in cases:
        for fill in (None, 7):
            nd = create(ctx, shape=make(), dtype="<i4", fill_value=fill, shape_src=text)
            what = f"create(shape={text}, fill_value={fill})"
            ctx.expect_type(nd, ctx.NDBuffer, what)
            ctx.expect(
                type(nd.shape) is tuple and nd.shape == (2, 3) and all(type(d) is int for d in nd.shape),
                f"{what}.shape is {nd.shape!r}, expected the tuple (2, 3)",
            )
            host = ctx.host(nd)
            ctx.expect(host.shape == (2, 3), f"{what}.as_numpy_array() has shape {host.shape}, expected (2, 3)")
            if fill is not None:
                expect_array(ctx, nd, full((2, 3), "<i4", 7), what)


@contract(
    "ndbuffer.create.shape_zero_d",
    member="NDBufferClass.create",
    text="create(shape=()) makes a 0-d buffer holding one element.",
)
@quiet
def _create_shape_zero_d(ctx: CheckContext) -> None:
    for shape, text in (((), "()"), ([], "[]")):
        nd = create(ctx, shape=shape, dtype="<f8", fill_value=2.5, shape_src=text)
        ctx.expect(nd.shape == (), f"create(shape={text}).shape is {nd.shape!r}, expected ()")
        expect_array(ctx, nd, full((), "<f8", 2.5), f"create(shape={text}, fill_value=2.5)")


@contract(
    "ndbuffer.create.shape_zero_length",
    member="NDBufferClass.create",
    text="create accepts zero-length dimensions and makes a buffer with no elements.",
)
@quiet
def _create_shape_zero_length(ctx: CheckContext) -> None:
    for shape in ((0,), (3, 0), (0, 2, 4)):
        for fill in (None, 1.5):
            nd = create(ctx, shape=shape, dtype="<f8", fill_value=fill)
            ctx.expect(nd.shape == shape, f"create(shape={shape}).shape is {nd.shape!r}")
            expect_array(ctx, nd, full(shape, "<f8", None), f"create(shape={shape}, fill_value={fill})")


# -- create: dtypes ----------------------------------------------------------------------------


def _check_create_dtype(ctx: CheckContext, dtype: Any, fill: Any, shape: tuple[int, ...] = (2, 3)) -> None:
    nd = create(ctx, shape=shape, dtype=dtype, fill_value=fill)
    what = f"create(dtype={dtype_src(dtype)}, fill_value={src(fill)})"
    ctx.expect_type(nd, ctx.NDBuffer, what)
    expect_dtype(ctx, nd, dtype, what)
    expect_array(ctx, nd, full(shape, dtype, fill), what)


@contract(
    "ndbuffer.create.dtype_bool",
    member="NDBufferClass.create",
    text="create honours a boolean dtype and fill value.",
)
@quiet
def _create_dtype_bool(ctx: CheckContext) -> None:
    for fill in (True, False, np.True_):
        _check_create_dtype(ctx, "|b1", fill)


@contract(
    "ndbuffer.create.dtype_integers",
    member="NDBufferClass.create",
    text="create honours every signed and unsigned integer dtype and stores the fill value exactly, "
    "extremes included.",
)
@quiet
def _create_dtype_integers(ctx: CheckContext) -> None:
    for code in ("i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"):
        info = np.iinfo(code)
        for fill in (int(info.min), int(info.max), 1):
            _check_create_dtype(ctx, f"{'|' if code[1] == '1' else '<'}{code}", fill)


@contract(
    "ndbuffer.create.dtype_floats",
    member="NDBufferClass.create",
    text="create honours float16, float32 and float64 dtypes and stores the fill value exactly.",
)
@quiet
def _create_dtype_floats(ctx: CheckContext) -> None:
    for code in ("<f2", "<f4", "<f8"):
        for fill in (1.5, -2.25, float(np.finfo(code).max), float(np.finfo(code).smallest_subnormal)):
            _check_create_dtype(ctx, code, fill)


@contract(
    "ndbuffer.create.dtype_complex",
    member="NDBufferClass.create",
    text="create honours complex64 and complex128 dtypes and stores both parts of the fill value exactly.",
)
@quiet
def _create_dtype_complex(ctx: CheckContext) -> None:
    for code in ("<c8", "<c16"):
        for fill in (complex(1.5, -2.5), 3, 0.5j):
            _check_create_dtype(ctx, code, fill)


@contract(
    "ndbuffer.create.dtype_big_endian",
    member="NDBufferClass.create",
    text="create keeps a big-endian dtype: the buffer stores the fill value's big-endian bytes.",
)
@quiet
def _create_dtype_big_endian(ctx: CheckContext) -> None:
    for dtype, fill in ((">i4", 0x01020304), (">f8", 1.5), (">u2", 0xABCD), (">c8", complex(1.0, -2.0))):
        nd = create(ctx, shape=(3,), dtype=dtype, fill_value=fill)
        what = f"create(dtype={dtype!r}, fill_value={src(fill)})"
        expect_dtype(ctx, nd, dtype, what)
        expected = np.full(3, fill, dtype=dtype).tobytes()
        got = np.ascontiguousarray(ctx.host(nd)).tobytes()
        ctx.expect(got == expected, f"{what} stores the bytes {got.hex()}, expected {expected.hex()}")


@contract(
    "ndbuffer.create.dtype_bytes",
    member="NDBufferClass.create",
    text="create honours fixed-length bytes dtypes (S) including their length.",
)
@quiet
def _create_dtype_bytes(ctx: CheckContext) -> None:
    for dtype, fill in (("|S1", b"z"), ("|S5", b"ab"), ("|S5", b"a\x00b"), ("|S3", b"")):
        _check_create_dtype(ctx, dtype, fill)


@contract(
    "ndbuffer.create.dtype_unicode",
    member="NDBufferClass.create",
    text="create honours fixed-length unicode dtypes (U) including their length and byte order.",
)
@quiet
def _create_dtype_unicode(ctx: CheckContext) -> None:
    for dtype, fill in (("<U1", "z"), ("<U4", "h\u00e9\u2713"), (">U3", "abc"), ("<U2", "")):
        _check_create_dtype(ctx, dtype, fill)


@contract(
    "ndbuffer.create.dtype_stringdtype",
    member="NDBufferClass.create",
    text="create honours NumPy's variable-length StringDType (where NumPy has it).",
)
@quiet
def _create_dtype_stringdtype(ctx: CheckContext) -> None:
    if STRING_DTYPE is None:  # NumPy < 2: nothing to check
        return
    for fill in ("", "h\u00e9llo w\u00f6rld, a string longer than sixteen bytes"):
        _check_create_dtype(ctx, STRING_DTYPE, fill)




@contract(
    "ndbuffer.create.dtype_structured",
    member="NDBufferClass.create",
    text="create honours structured dtypes; a record fill value (a NumPy structured scalar) is stored "
    "field by field.",
)
@quiet
def _create_dtype_structured(ctx: CheckContext) -> None:
    # The spec asks for structured fill values, not for a Python-tuple spelling of them:
    # the fill is the record NumPy itself hands out (``np.void``), as zarr passes it.
    for dtype, record in (
        (_STRUCTURED, (1, -0.0, b"xy", (3, -4))),
        (np.dtype([("x", "<f4"), ("y", "|b1")]), (float("nan"), True)),
    ):
        _check_create_dtype(ctx, dtype, np.array(record, dtype=dtype)[()])


@contract(
    "ndbuffer.create.dtype_datetime_units",
    member="NDBufferClass.create",
    text="create honours datetime64 and timedelta64 dtypes with units (byte order included) and their fill values.",
)
@quiet
def _create_dtype_datetime_units(ctx: CheckContext) -> None:
    cases: tuple[tuple[str, Any], ...] = (
        ("<M8[s]", np.datetime64("2020-01-02T03:04:05", "s")),
        (">M8[D]", np.datetime64("1999-12-31", "D")),
        ("<m8[ms]", np.timedelta64(-5, "ms")),
        (">m8[ns]", np.timedelta64(7, "ns")),
        ("<M8[us]", "2001-02-03T04:05:06.000007"),
    )
    for dtype, fill in cases:
        _check_create_dtype(ctx, dtype, fill)


@contract(
    "ndbuffer.create.dtype_datetime_generic",
    member="NDBufferClass.create",
    text="create keeps datetime64/timedelta64 dtypes with generic units exactly, byte order included.",
)
@quiet
def _create_dtype_datetime_generic(ctx: CheckContext) -> None:
    for dtype in ("<M8", ">M8", "<m8", ">m8"):
        for fill in (None, np.datetime64("NaT") if "M" in dtype else np.timedelta64("NaT")):
            nd = create(ctx, shape=(2, 2), dtype=dtype, fill_value=fill)
            what = f"create(dtype={dtype!r}, fill_value={src(fill)})"
            expect_dtype(ctx, nd, dtype, what)
            if fill is not None:
                expect_array(ctx, nd, full((2, 2), dtype, fill), what)


@contract(
    "ndbuffer.create.dtype_object",
    member="NDBufferClass.create",
    text="create honours the object dtype, every element equal to the fill value.",
)
@quiet
def _create_dtype_object(ctx: CheckContext) -> None:
    for fill in ("abc", 12345678901234567890, 1.5):
        nd = create(ctx, shape=(3,), dtype="|O", fill_value=fill)
        what = f"create(dtype='|O', fill_value={fill!r})"
        expect_dtype(ctx, nd, "|O", what)
        got = ctx.host(nd).tolist()
        ctx.expect(got == [fill] * 3, f"{what} holds {got!r}, expected {[fill] * 3!r}")


# -- create: order ---------------------------------------------------------------------------


_ORDER_CASES: tuple[tuple[str, Any], ...] = (("<f8", 1.5), (">i2", 3), ("|S3", b"ab"), (">M8", None), ("<c8", None))


def _supported_order_cases(ctx: CheckContext) -> tuple[tuple[str, Any], ...]:
    """The order cases whose dtype the target can hold (the create.dtype_* contracts report the others)."""
    return tuple(case for case in _ORDER_CASES if supports(ctx, case[0]))


@contract(
    "ndbuffer.create.order_contiguity",
    member="NDBufferClass.create",
    text="create(order='C') makes C-contiguous memory and order='F' Fortran-contiguous memory.",
    needs=("host_memory",),
)
@quiet
def _create_order_contiguity(ctx: CheckContext) -> None:
    for dtype, fill in _supported_order_cases(ctx):
        for order in ("C", "F"):
            nd = create(ctx, shape=(2, 3, 4), dtype=dtype, order=order, fill_value=fill)
            flags = ctx.host(nd).flags
            good = flags.c_contiguous if order == "C" else flags.f_contiguous
            ctx.expect(
                good,
                f"create(shape=(2, 3, 4), dtype={dtype!r}, order={order!r}, fill_value={src(fill)}) is not "
                f"{order}-contiguous (C: {flags.c_contiguous}, F: {flags.f_contiguous})",
            )


@contract(
    "ndbuffer.create.order_values",
    member="NDBufferClass.create",
    text="create(order='F') gives the same shape, dtype and values as order='C'.",
)
@quiet
def _create_order_values(ctx: CheckContext) -> None:
    for dtype, fill in _supported_order_cases(ctx):
        for order in ("C", "F"):
            nd = create(ctx, shape=(2, 3, 4), dtype=dtype, order=order, fill_value=fill)
            what = f"create(dtype={dtype!r}, order={order!r})"
            host = ctx.host(nd)
            ctx.expect(host.shape == (2, 3, 4), f"{what}.as_numpy_array() has shape {host.shape}, expected (2, 3, 4)")
            expect_dtype(ctx, nd, dtype, what)
            if fill is not None:
                expect_array(ctx, nd, full((2, 3, 4), dtype, fill), what)


# -- create: fill values -------------------------------------------------------------------


@contract(
    "ndbuffer.create.fill_negative_zero",
    member="NDBufferClass.create",
    text="create(fill_value=-0.0) keeps the sign bit of every element.",
)
@quiet
def _create_negative_zero(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f8", "<f4", "<f2", ">f8")):
        for fill in (-0.0, np.float64(-0.0)):
            nd = create(ctx, shape=(3,), dtype=dtype, fill_value=fill)
            host = ctx.host(nd)
            ctx.expect(
                bool((host == 0).all() and np.signbit(host).all()),
                f"create(dtype={dtype!r}, fill_value={src(fill)}) lost the sign bit: {show(host)}",
            )


@contract(
    "ndbuffer.create.fill_nan",
    member="NDBufferClass.create",
    text="create(fill_value=nan) makes every element NaN, for real and complex dtypes.",
)
@quiet
def _create_fill_nan(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f2", "<f4", ">f8")):
        for fill in (float("nan"), np.float32("nan")):
            _check_create_dtype(ctx, dtype, fill)
    _check_create_dtype(ctx, "<c16", complex(float("nan"), 1.0))
    _check_create_dtype(ctx, "<c8", complex(0.0, float("nan")))


@contract(
    "ndbuffer.create.fill_infinity",
    member="NDBufferClass.create",
    text="create(fill_value=inf or -inf) stores the infinity with its sign.",
)
@quiet
def _create_fill_infinity(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f2", "<f4", ">f8")):
        for fill in (float("inf"), float("-inf")):
            _check_create_dtype(ctx, dtype, fill)
    _check_create_dtype(ctx, "<c16", complex(float("-inf"), float("inf")))


@contract(
    "ndbuffer.create.fill_complex_signed_zero",
    member="NDBufferClass.create",
    text="create with a complex fill value keeps the sign of zero in the real and the imaginary part.",
)
@quiet
def _create_fill_complex_signed_zero(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<c8", "<c16", ">c16")):
        for fill in (complex(-0.0, -0.0), complex(0.0, -0.0), complex(-0.0, 0.0), np.complex128(complex(-0.0, 1.0))):
            _check_create_dtype(ctx, dtype, fill)


@contract(
    "ndbuffer.create.fill_strings",
    member="NDBufferClass.create",
    text="create stores string and bytes fill values exactly (bytes for S, text for U and StringDType).",
)
@quiet
def _create_fill_strings(ctx: CheckContext) -> None:
    cases: list[tuple[Any, Any]] = [
        ("|S4", b"\x01\xffz"), ("|S4", "ab"), ("<U3", "\u00e9\u4e2d\U0001f600"), (">U2", "ok"), ("<U3", np.str_("xy")),
    ]
    if STRING_DTYPE is not None:
        cases.append((STRING_DTYPE, "\u00e9" * 20))
    for dtype, fill in cases:
        _check_create_dtype(ctx, dtype, fill)


@contract(
    "ndbuffer.create.fill_nat",
    member="NDBufferClass.create",
    text="create(fill_value=NaT) makes every element NaT, for units and generic units.",
)
@quiet
def _create_fill_nat(ctx: CheckContext) -> None:
    cases: tuple[tuple[str, Any], ...] = (
        ("<M8[s]", np.datetime64("NaT", "s")),
        (">M8[ns]", np.datetime64("NaT")),
        ("<m8[ms]", np.timedelta64("NaT", "ms")),
        (">m8", np.timedelta64("NaT")),
        ("<M8", np.datetime64("NaT")),
        ("<M8[D]", "NaT"),
    )
    for dtype, fill in cases:
        nd = create(ctx, shape=(2, 3), dtype=dtype, fill_value=fill)
        what = f"create(dtype={dtype!r}, fill_value={src(fill)})"
        expect_dtype(ctx, nd, dtype, what)
        host = ctx.host(nd)
        # Not numpy.isnat: it misses NaT in non-native generic-unit arrays.
        nat = bool((int_view(host) == np.iinfo(np.int64).min).all())
        ctx.expect(nat, f"{what} holds {show(host)}, expected NaT everywhere")


@contract(
    "ndbuffer.create.fill_none",
    member="NDBufferClass.create",
    text="create(fill_value=None) is allowed for every dtype; shape and dtype are honoured (the contents "
    "are unspecified).",
)
@quiet
def _create_fill_none(ctx: CheckContext) -> None:
    dtypes: list[Any] = ["|b1", "<i8", ">f8", "<c8", "|S3", ">U2", "<M8[s]", ">m8", "|O", _STRUCTURED]
    if STRING_DTYPE is not None:
        dtypes.append(STRING_DTYPE)
    for dtype in supported(ctx, dtypes):
        for shape in ((2, 3), ()):
            nd = create(ctx, shape=shape, dtype=dtype, fill_value=None)
            what = f"create(shape={shape}, dtype={dtype_src(dtype)}, fill_value=None)"
            expect_dtype(ctx, nd, dtype, what)
            host = ctx.host(nd)
            ctx.expect(host.shape == shape, f"{what}.as_numpy_array() has shape {host.shape}, expected {shape}")


@contract(
    "ndbuffer.create.fill_bit_exact",
    member="NDBufferClass.create",
    text="create stores any fill value of the dtype bit-exactly in every element (property).",
    examples=True,
)
@quiet
def _create_fill_bit_exact(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    fill = ctx.draw(from_dtype(dtype), "fill_value")
    shape = ctx.draw(SHAPES, "shape")
    order = ctx.draw(sampled("C", "F"), "order")
    nd = create(ctx, shape=shape, dtype=dtype, order=order, fill_value=fill)
    expect_dtype(ctx, nd, dtype, "create(...)")
    expect_array(ctx, nd, full(shape, dtype, fill), f"create(fill_value={src(fill)})")


@contract(
    "ndbuffer.create.new_memory",
    member="NDBufferClass.create",
    text="create returns new memory: writing to one created buffer never changes another.",
    needs=("writable",),
)
@quiet
def _create_new_memory(ctx: CheckContext) -> None:
    for fill in (None, 0, 1):
        first = create(ctx, shape=(4,), dtype="<i4", fill_value=fill)
        second = create(ctx, shape=(4,), dtype="<i4", fill_value=fill)
        before = snapshot(ctx, second)
        ctx.record("nd[...] = 7")
        first[...] = 7
        expect_unchanged(ctx, second, before, f"writing to another create(fill_value={fill}) buffer")


# -- create: errors ----------------------------------------------------------------------------


@contract(
    "ndbuffer.create.rejects_negative_dim",
    member="NDBufferClass.create",
    text="create with a negative dimension raises ValueError naming shape.",
    level=Level.SHOULD,
)
@quiet
def _create_rejects_negative_dim(ctx: CheckContext) -> None:
    for shape in ((-1,), (2, -3)):
        for fill in (None, 1.0):
            ctx.record(f"NDBuffer.create(shape={shape!r}, dtype='<f8', fill_value={fill})  # must raise ValueError")
            ctx.expect_raises(
                ValueError, lambda: ctx.NDBuffer.create(shape=shape, dtype="<f8", fill_value=fill),
                what=f"create(shape={shape!r})", argument="shape",
            )


@contract(
    "ndbuffer.create.rejects_non_iterable_shape",
    member="NDBufferClass.create",
    text="create with a shape that is not an iterable of integers (3, None, 2.5, (2, 1.5)) raises TypeError "
    "naming shape.",
    level=Level.SHOULD,
)
@quiet
def _create_rejects_non_iterable_shape(ctx: CheckContext) -> None:
    for shape in (3, None, 2.5, (2, 1.5)):
        ctx.record(f"NDBuffer.create(shape={shape!r}, dtype='<f8')  # must raise TypeError")
        ctx.expect_raises(
            TypeError, lambda: ctx.NDBuffer.create(shape=shape, dtype="<f8"),
            what=f"create(shape={shape!r})", argument="shape",
        )


@contract(
    "ndbuffer.create.rejects_bad_order",
    member="NDBufferClass.create",
    text="create with an order other than 'C' or 'F' raises ValueError naming order.",
    level=Level.SHOULD,
)
@quiet
def _create_rejects_bad_order(ctx: CheckContext) -> None:
    for order in ("K", "A", "X"):
        ctx.record(f"NDBuffer.create(shape=(2,), dtype='<f8', order={order!r})  # must raise ValueError")
        ctx.expect_raises(
            ValueError, lambda: ctx.NDBuffer.create(shape=(2,), dtype="<f8", order=order),
            what=f"create(order={order!r})", argument="order",
        )


@contract(
    "ndbuffer.create.rejects_bad_dtype",
    member="NDBufferClass.create",
    text="create with something that is not a dtype raises TypeError naming dtype.",
    level=Level.SHOULD,
)
@quiet
def _create_rejects_bad_dtype(ctx: CheckContext) -> None:
    for dtype, text in (("not-a-dtype", "'not-a-dtype'"), (object(), "object()")):
        ctx.record(f"NDBuffer.create(shape=(2,), dtype={text})  # must raise TypeError")
        ctx.expect_raises(
            TypeError, lambda: ctx.NDBuffer.create(shape=(2,), dtype=dtype),
            what=f"create(dtype={text})", argument="dtype",
        )


@contract(
    "ndbuffer.create.rejects_unstorable_fill",
    member="NDBufferClass.create",
    text="create with a fill value that cannot be stored in the dtype raises ValueError naming fill_value.",
    level=Level.SHOULD,
)
@quiet
def _create_rejects_unstorable_fill(ctx: CheckContext) -> None:
    cases: tuple[tuple[Any, Any], ...] = (
        ("<i4", "abc"), ("|u1", 300), ("<M8[s]", "not a date"), ([("a", "<i4"), ("b", "<f8")], (1, 2, 3)),
    )
    for dtype, fill in cases:
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        ctx.record(f"NDBuffer.create(shape=(2,), dtype={dtype_src(dtype)}, fill_value={fill!r})  # must raise ValueError")
        ctx.expect_raises(
            ValueError, lambda: ctx.NDBuffer.create(shape=(2,), dtype=dtype, fill_value=fill),
            what=f"create(dtype={dtype_src(dtype)}, fill_value={fill!r})", argument="fill_value",
        )


# -- empty -------------------------------------------------------------------------------------


@contract(
    "ndbuffer.empty.shape_dtype",
    member="NDBufferClass.empty",
    text="empty returns a buffer of the class with exactly the given shape and dtype.",
)
@quiet
def _empty_shape_dtype(ctx: CheckContext) -> None:
    dtypes: list[Any] = ["|b1", ">f8", "<U3", ">M8", "<m8[s]", [("a", "<i4"), ("b", "S2")]]
    if STRING_DTYPE is not None:
        dtypes.append(STRING_DTYPE)
    for dtype in supported(ctx, dtypes):
        for shape in ((), (0,), (2, 3)):
            nd = empty(ctx, shape, dtype)
            what = f"empty({shape}, {dtype_src(dtype)})"
            ctx.expect_type(nd, ctx.NDBuffer, what)
            expect_dtype(ctx, nd, dtype, what)
            host = ctx.host(nd)
            ctx.expect(host.shape == shape, f"{what}.as_numpy_array() has shape {host.shape}, expected {shape}")


@contract(
    "ndbuffer.empty.order_contiguity",
    member="NDBufferClass.empty",
    text="empty(order='C') makes C-contiguous memory and order='F' Fortran-contiguous memory.",
    needs=("host_memory",),
)
@quiet
def _empty_order_contiguity(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f8", ">M8", "|S2")):
        for order in ("C", "F"):
            nd = empty(ctx, (2, 3, 4), dtype, order)
            flags = ctx.host(nd).flags
            good = flags.c_contiguous if order == "C" else flags.f_contiguous
            ctx.expect(
                good,
                f"empty((2, 3, 4), {dtype!r}, order={order!r}) is not {order}-contiguous "
                f"(C: {flags.c_contiguous}, F: {flags.f_contiguous})",
            )


@contract(
    "ndbuffer.empty.new_memory",
    member="NDBufferClass.empty",
    text="empty returns new memory: writing to one empty buffer never changes another.",
    needs=("writable",),
)
@quiet
def _empty_new_memory(ctx: CheckContext) -> None:
    first = empty(ctx, (4,), "<i4")
    second = empty(ctx, (4,), "<i4")
    ctx.record("nd2[...] = 2; nd[...] = 1")
    second[...] = 2
    first[...] = 1
    expect_array(ctx, second, full((4,), "<i4", 2), "nd2 after writing to nd")


@contract(
    "ndbuffer.empty.rejects_bad_arguments",
    member="NDBufferClass.empty",
    text="empty raises like create: ValueError naming shape or order, TypeError naming dtype.",
    level=Level.SHOULD,
)
@quiet
def _empty_rejects_bad_arguments(ctx: CheckContext) -> None:
    cases: tuple[tuple[type[Exception], str, dict[str, Any]], ...] = (
        (ValueError, "shape", {"shape": (2, -1), "dtype": "<f8"}),
        (ValueError, "order", {"shape": (2,), "dtype": "<f8", "order": "K"}),
        (TypeError, "dtype", {"shape": (2,), "dtype": "not-a-dtype"}),
    )
    for exc, argument, kwargs in cases:
        text = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
        ctx.record(f"NDBuffer.empty({text})  # must raise {exc.__name__}")
        ctx.expect_raises(exc, lambda: ctx.NDBuffer.empty(**kwargs), what=f"empty({text})", argument=argument)
