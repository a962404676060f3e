"""The ``ndbuffer.create.*`` contracts: ``NDBufferClass.create``."""

from __future__ import annotations

from typing import Any

import numpy as np

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._core.source import dtype_source, source_of
from bufferspec.conformance._core.step_helpers import dtype_text
from bufferspec.conformance._inputs.buffer_steps import expect_type
from bufferspec.conformance._inputs.domains import LARGE, any_size_shapes
from bufferspec.conformance._inputs.ndbuffer_steps import (
    create,
    draw_dtype,
    expect_array,
    expect_contiguous,
    expect_dtype,
    expect_unchanged,
    quiet,
    snapshot,
    supported,
    supports,
)
from bufferspec.conformance._inputs.strategies import STRING_DTYPE, VALUE_DTYPES, from_dtype, sampled
from bufferspec.conformance._inputs.strategies import STRUCTURED as _STRUCTURED
from bufferspec.conformance._inputs.values import NON_SCALARS, STORABLE, UNSTORABLE, supported_cases, value_source

__all__: list[str] = []


def _dtype_arg(ctx: CheckContext, dtype: Any) -> tuple[str, str]:
    """``(source, text)`` of the dtype argument as the check passes it.

    A string or a list is written as it is; a dtype object (structured, StringDType) is
    bound by a step ``dtype = np.dtype(...)`` and passed as ``dtype``.  *text* names it in
    messages (an f-string body).
    """
    if isinstance(dtype, np.dtype):
        ctx.let("dtype", dtype)
        return "dtype", esc(dtype_text(dtype))
    return dtype_source(dtype), esc(dtype_source(dtype))


def _expect_dtype(ctx: CheckContext, source: str, dtype: Any, what: str) -> None:
    """Step: ``host(nd).dtype`` is exactly *dtype*, passed as *source* (see :func:`_dtype_arg`)."""
    if source != "dtype":
        expect_dtype(ctx, "nd", dtype, what)
        return
    ctx.check("host(nd).dtype == dtype",
              f"{what}.as_numpy_array() has dtype {{dtype_text(host(nd).dtype)}}, expected {{dtype_text(dtype)}}")


def _create_filled(
    ctx: CheckContext, dtype: Any, fill: Any, shape: tuple[int, ...] = (2, 3), *, fill_src: str | None = None
) -> tuple[str, str]:
    """Steps ``fill = <fill>`` (or ``fill = <fill_src>``) and ``nd = NDBuffer.create(..., fill_value=fill)``.

    Returns the dtype's source (see :func:`_dtype_arg`) and the call as text for messages.
    """
    source, text = _dtype_arg(ctx, dtype)
    if fill_src is None:
        ctx.let("fill", fill)
        fill_text = esc(source_of(fill))
    else:
        ctx.run(f"fill = {fill_src}")
        fill_text = "fill"
    ctx.run(f"nd = NDBuffer.create(shape={shape!r}, dtype={source}, fill_value=fill)")
    return source, f"create(dtype={text}, fill_value={fill_text})"


def _check_create_dtype(
    ctx: CheckContext, dtype: Any, fill: Any, shape: tuple[int, ...] = (2, 3), *, fill_src: str | None = None
) -> None:
    """One case: ``create(shape, dtype, fill_value=fill)`` is an NDBuffer of exactly *dtype*, *fill* everywhere."""
    with ctx.case():
        source, what = _create_filled(ctx, dtype, fill, shape, fill_src=fill_src)
        expect_type(ctx, "nd", what, "NDBuffer")
        _expect_dtype(ctx, source, dtype, what)
        ctx.run(f"expected = full({shape!r}, {source}, fill)")
        expect_array(ctx, "nd", "expected", what)


_ORDER_CASES: tuple[tuple[str, Any], ...] = (("<f8", 1.5), (">i2", 3), ("|S3", b"ab"), (">M8", None), ("<c8", None))


def _supported_order_cases(ctx: CheckContext) -> tuple[tuple[str, Any], ...]:
    """The order cases whose dtype the target can hold (the create.dtype_* contracts report the others)."""
    return tuple(case for case in _ORDER_CASES if supports(ctx, case[0]))


@contract(
    "ndbuffer.create.keyword_only",
    member="NDBufferClass.create",
    text="create takes its arguments by keyword only: positional arguments raise TypeError.",
)
@quiet
def check_keyword_only(ctx: CheckContext) -> None:
    ctx.raises("NDBuffer.create((2, 3), '<f8')", TypeError)


@contract(
    "ndbuffer.create.shape_iterables",
    member="NDBufferClass.create",
    text="create accepts any iterable of integers as shape (tuple, list, generator, range, NumPy integers) "
    "and the buffer's shape is that tuple.",
)
@quiet
def check_shape_iterables(ctx: CheckContext) -> None:
    for text in ("(2, 3)", "[2, 3]", "(d for d in (2, 3))", "range(2, 4)", "(np.int64(2), np.intp(3))",
                 "np.array([2, 3])"):
        for fill in (None, 7):
            with ctx.case():
                create(ctx, shape=None, shape_src=text, dtype="<i4", fill_value=fill)
                what = esc(f"create(shape={text}, fill_value={fill})")
                expect_type(ctx, "nd", what, "NDBuffer")
                ctx.check("type(nd.shape) is tuple and nd.shape == (2, 3) and all(type(d) is int for d in nd.shape)",
                          f"{what}.shape is {{nd.shape!r}}, expected the tuple (2, 3)")
                ctx.check("host(nd).shape == (2, 3)",
                          f"{what}.as_numpy_array() has shape {{host(nd).shape}}, expected (2, 3)")
                if fill is not None:
                    ctx.run(f"expected = full((2, 3), '<i4', {fill})")
                    expect_array(ctx, "nd", "expected", what)


@contract(
    "ndbuffer.create.shape_zero_d",
    member="NDBufferClass.create",
    text="create(shape=()) makes a 0-d buffer holding one element.",
)
@quiet
def check_shape_zero_d(ctx: CheckContext) -> None:
    for text in ("()", "[]"):
        with ctx.case():
            create(ctx, shape=None, shape_src=text, dtype="<f8", fill_value=2.5)
            ctx.check("nd.shape == ()", f"create(shape={text}).shape is {{nd.shape!r}}, expected ()")
            ctx.run("expected = full((), '<f8', 2.5)")
            expect_array(ctx, "nd", "expected", f"create(shape={text}, fill_value=2.5)")


@contract(
    "ndbuffer.create.shape_zero_length",
    member="NDBufferClass.create",
    text="create accepts zero-length dimensions and makes a buffer with no elements.",
)
@quiet
def check_shape_zero_length(ctx: CheckContext) -> None:
    for shape in ((0,), (3, 0), (0, 2, 4)):
        for fill in (None, 1.5):
            with ctx.case():
                create(ctx, shape=shape, dtype="<f8", fill_value=fill)
                ctx.check(f"nd.shape == {shape!r}", f"create(shape={shape!r}).shape is {{nd.shape!r}}")
                ctx.run(f"expected = full({shape!r}, '<f8', None)")
                expect_array(ctx, "nd", "expected", f"create(shape={shape!r}, fill_value={fill})")


@contract(
    "ndbuffer.create.dtype_bool",
    member="NDBufferClass.create",
    text="create honours a boolean dtype and fill value.",
)
@quiet
def check_dtype_bool(ctx: CheckContext) -> None:
    for fill in (True, False, np.True_):
        _check_create_dtype(ctx, "|b1", fill)


@contract(
    "ndbuffer.create.dtype_integers",
    member="NDBufferClass.create",
    text="create honours every signed and unsigned integer dtype and stores the fill value exactly, "
    "extremes included.",
)
@quiet
def check_dtype_integers(ctx: CheckContext) -> None:
    for code in ("i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"):
        info = np.iinfo(code)
        for fill in (int(info.min), int(info.max), 1):
            _check_create_dtype(ctx, f"{'|' if code[1] == '1' else '<'}{code}", fill)


@contract(
    "ndbuffer.create.dtype_floats",
    member="NDBufferClass.create",
    text="create honours float16, float32 and float64 dtypes and stores the fill value exactly, rounded once "
    "as NumPy rounds it (never through a narrower float first).",
)
@quiet
def check_dtype_floats(ctx: CheckContext) -> None:
    for code in ("<f2", "<f4", "<f8"):
        for fill in (1.5, -2.25, float(np.finfo(code).max), float(np.finfo(code).smallest_subnormal)):
            _check_create_dtype(ctx, code, fill)
    # Python floats that round differently when converted through a narrower float first: one rounding only.
    for code, fill in (("<f2", 1 + 2**-11 + 2**-40), ("<f2", -(1 + 2**-11 + 2**-30)), ("<f4", 1 + 2**-24 + 2**-60)):
        _check_create_dtype(ctx, code, fill)


@contract(
    "ndbuffer.create.dtype_complex",
    member="NDBufferClass.create",
    text="create honours complex64 and complex128 dtypes and stores both parts of the fill value exactly.",
)
@quiet
def check_dtype_complex(ctx: CheckContext) -> None:
    for code in ("<c8", "<c16"):
        for fill in (complex(1.5, -2.5), 3, 0.5j):
            _check_create_dtype(ctx, code, fill)


@contract(
    "ndbuffer.create.dtype_big_endian",
    member="NDBufferClass.create",
    text="create keeps a big-endian dtype: the buffer stores the fill value's big-endian bytes.",
)
@quiet
def check_dtype_big_endian(ctx: CheckContext) -> None:
    for dtype, fill in ((">i4", 0x01020304), (">f8", 1.5), (">u2", 0xABCD), (">c8", complex(1.0, -2.0))):
        with ctx.case():
            _, what = _create_filled(ctx, dtype, fill, (3,))
            expect_dtype(ctx, "nd", dtype, what)
            ctx.run("got = np.ascontiguousarray(host(nd)).tobytes()")
            ctx.run(f"expected = np.full(3, fill, dtype={dtype!r}).tobytes()")
            ctx.check("got == expected", f"{what} stores the bytes {{got.hex()}}, expected {{expected.hex()}}")


@contract(
    "ndbuffer.create.dtype_bytes",
    member="NDBufferClass.create",
    text="create honours fixed-length bytes dtypes (S) including their length.",
)
@quiet
def check_dtype_bytes(ctx: CheckContext) -> None:
    for dtype, fill in (("|S1", b"z"), ("|S5", b"ab"), ("|S5", b"a\x00b"), ("|S3", b"")):
        _check_create_dtype(ctx, dtype, fill)


@contract(
    "ndbuffer.create.dtype_unicode",
    member="NDBufferClass.create",
    text="create honours fixed-length unicode dtypes (U) including their length and byte order.",
)
@quiet
def check_dtype_unicode(ctx: CheckContext) -> None:
    for dtype, fill in (("<U1", "z"), ("<U4", "h\u00e9\u2713"), (">U3", "abc"), ("<U2", "")):
        _check_create_dtype(ctx, dtype, fill)


@contract(
    "ndbuffer.create.dtype_stringdtype",
    member="NDBufferClass.create",
    text="create honours NumPy's variable-length StringDType (where NumPy has it).",
)
@quiet
def check_dtype_stringdtype(ctx: CheckContext) -> None:
    if STRING_DTYPE is None:
        ctx.skip("this NumPy has no StringDType (NumPy < 2)")
    for fill in ("", "h\u00e9llo w\u00f6rld, a string longer than sixteen bytes"):
        _check_create_dtype(ctx, STRING_DTYPE, fill)


@contract(
    "ndbuffer.create.dtype_structured",
    member="NDBufferClass.create",
    text="create honours structured dtypes; a record fill value (a NumPy structured scalar) is stored "
    "field by field.",
)
@quiet
def check_dtype_structured(ctx: CheckContext) -> None:
    # The spec asks for structured fill values, not for a Python-tuple spelling of them:
    # the fill is the record NumPy itself hands out (``np.void``), as zarr passes it.
    for dtype, record in (
        (_STRUCTURED, (1, -0.0, b"xy", (3, -4))),
        (np.dtype([("x", "<f4"), ("y", "|b1")]), (float("nan"), True)),
    ):
        _check_create_dtype(ctx, dtype, None, fill_src=f"np.array({source_of(record)}, dtype=dtype)[()]")


@contract(
    "ndbuffer.create.dtype_datetime_units",
    member="NDBufferClass.create",
    text="create honours datetime64 and timedelta64 dtypes with units (byte order included) and their fill values.",
)
@quiet
def check_dtype_datetime_units(ctx: CheckContext) -> None:
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
def check_dtype_datetime_generic(ctx: CheckContext) -> None:
    fills: dict[str, tuple[Any, ...]] = {"M": (None, np.datetime64("NaT"), "NaT", "nat"),
                                         "m": (None, np.timedelta64("NaT"), "NaT", 5, -7)}
    for dtype in ("<M8", ">M8", "<m8", ">m8"):
        for fill in fills[dtype[1]]:
            with ctx.case():
                _, what = _create_filled(ctx, dtype, fill, (2, 2))
                expect_dtype(ctx, "nd", dtype, what)
                if fill is not None:
                    ctx.run(f"expected = full((2, 2), {dtype!r}, fill)")
                    expect_array(ctx, "nd", "expected", what)


@contract(
    "ndbuffer.create.dtype_object",
    member="NDBufferClass.create",
    text="create honours the object dtype, every element equal to the fill value.",
)
@quiet
def check_dtype_object(ctx: CheckContext) -> None:
    for fill in ("abc", 12345678901234567890, 1.5):
        with ctx.case():
            _, what = _create_filled(ctx, "|O", fill, (3,))
            expect_dtype(ctx, "nd", "|O", what)
            ctx.run("got = host(nd).tolist()")
            ctx.check("got == [fill] * 3", f"{what} holds {{got!r}}, expected {{[fill] * 3!r}}")


@contract(
    "ndbuffer.create.order_contiguity",
    member="NDBufferClass.create",
    text="create(order='C') makes C-contiguous memory and order='F' Fortran-contiguous memory.",
    needs=("host_memory",),
)
@quiet
def check_order_contiguity(ctx: CheckContext) -> None:
    for dtype, fill in _supported_order_cases(ctx):
        for order in ("C", "F"):
            with ctx.case():
                create(ctx, shape=(2, 3, 4), dtype=dtype, order=order, fill_value=fill)
                expect_contiguous(ctx, order, esc(f"create(shape=(2, 3, 4), dtype={dtype!r}, order={order!r}, "
                                                   f"fill_value={source_of(fill)})"))


@contract(
    "ndbuffer.create.order_values",
    member="NDBufferClass.create",
    text="create(order='F') gives the same shape, dtype and values as order='C'.",
)
@quiet
def check_order_values(ctx: CheckContext) -> None:
    for dtype, fill in _supported_order_cases(ctx):
        for order in ("C", "F"):
            with ctx.case():
                create(ctx, shape=(2, 3, 4), dtype=dtype, order=order, fill_value=fill)
                what = f"create(dtype={dtype!r}, order={order!r})"
                ctx.check("host(nd).shape == (2, 3, 4)",
                          f"{what}.as_numpy_array() has shape {{host(nd).shape}}, expected (2, 3, 4)")
                expect_dtype(ctx, "nd", dtype, what)
                if fill is not None:
                    ctx.run(f"expected = full((2, 3, 4), {dtype!r}, {source_of(fill)})")
                    expect_array(ctx, "nd", "expected", what)


@contract(
    "ndbuffer.create.fill_negative_zero",
    member="NDBufferClass.create",
    text="create(fill_value=-0.0) keeps the sign bit of every element.",
)
@quiet
def check_fill_negative_zero(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f8", "<f4", "<f2", ">f8")):
        for fill, shape in ((-0.0, (3,)), (np.float64(-0.0), (3,)), (-0.0, (LARGE,)), (-0.0, ())):
            with ctx.case():
                create(ctx, shape=shape, dtype=dtype, fill_value=fill)
                ctx.run("actual = host(nd)")
                ctx.check("(actual == 0).all() and np.signbit(actual).all()",
                          esc(f"create(dtype={dtype!r}, fill_value={source_of(fill)})") +
                          " lost the sign bit: {show(actual)}")


@contract(
    "ndbuffer.create.fill_nan",
    member="NDBufferClass.create",
    text="create(fill_value=nan) makes every element NaN, for real and complex dtypes; a NaN fill value that is "
    "not the canonical one (negative, with a payload) is stored bit for bit.",
)
@quiet
def check_fill_nan(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f2", "<f4", ">f8")):
        for fill in (float("nan"), np.float32("nan")):
            _check_create_dtype(ctx, dtype, fill)
    _check_create_dtype(ctx, "<c16", complex(float("nan"), 1.0))
    _check_create_dtype(ctx, "<c8", complex(0.0, float("nan")))
    # NaNs that are not the canonical one, compared bit for bit: negative, with a payload, in each part.
    for dtype in supported(ctx, ("<f2", "<f4", ">f8", "<c8", ">c16")):
        size = np.dtype(dtype).itemsize
        for bits in (b"\xff" * size, b"\x01" + b"\xff" * (size - 1)):
            _check_create_dtype(ctx, dtype, None, fill_src=f"np.frombuffer({bits!r}, {dtype!r})[0]")


@contract(
    "ndbuffer.create.fill_infinity",
    member="NDBufferClass.create",
    text="create(fill_value=inf or -inf) stores the infinity with its sign.",
)
@quiet
def check_fill_infinity(ctx: CheckContext) -> None:
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
def check_fill_complex_signed_zero(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<c8", "<c16", ">c16")):
        for fill in (complex(-0.0, -0.0), complex(0.0, -0.0), complex(-0.0, 0.0), np.complex128(complex(-0.0, 1.0))):
            _check_create_dtype(ctx, dtype, fill)


@contract(
    "ndbuffer.create.fill_strings",
    member="NDBufferClass.create",
    text="create stores string and bytes fill values exactly (bytes for S, text for U and StringDType).",
)
@quiet
def check_fill_strings(ctx: CheckContext) -> None:
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
def check_fill_nat(ctx: CheckContext) -> None:
    cases: tuple[tuple[str, Any], ...] = (
        ("<M8[s]", np.datetime64("NaT", "s")),
        (">M8[ns]", np.datetime64("NaT")),
        ("<m8[ms]", np.timedelta64("NaT", "ms")),
        (">m8", np.timedelta64("NaT")),
        ("<M8", np.datetime64("NaT")),
        ("<M8[D]", "NaT"),
    )
    for dtype, fill in cases:
        with ctx.case():
            _, what = _create_filled(ctx, dtype, fill)
            expect_dtype(ctx, "nd", dtype, what)
            ctx.run("actual = host(nd)")
            # Not numpy.isnat: it misses NaT in non-native generic-unit arrays.
            ctx.check("(int_view(actual) == np.iinfo(np.int64).min).all()",
                      f"{what} holds {{show(actual)}}, expected NaT everywhere")


@contract(
    "ndbuffer.create.fill_none",
    member="NDBufferClass.create",
    text="create(fill_value=None) is allowed for every dtype; shape and dtype are honoured (the contents "
    "are unspecified).",
)
@quiet
def check_fill_none(ctx: CheckContext) -> None:
    dtypes: list[Any] = ["|b1", "<i8", ">f8", "<c8", "|S3", ">U2", "<M8[s]", ">m8", "|O", _STRUCTURED]
    if STRING_DTYPE is not None:
        dtypes.append(STRING_DTYPE)
    for dtype in supported(ctx, dtypes):
        for shape in ((2, 3), ()):
            with ctx.case():
                source, text = _dtype_arg(ctx, dtype)
                ctx.run(f"nd = NDBuffer.create(shape={shape!r}, dtype={source}, fill_value=None)")
                what = f"create(shape={shape!r}, dtype={text}, fill_value=None)"
                _expect_dtype(ctx, source, dtype, what)
                ctx.check(f"host(nd).shape == {shape!r}",
                          f"{what}.as_numpy_array() has shape {{host(nd).shape}}, expected {shape!r}")


@contract(
    "ndbuffer.create.fill_bit_exact",
    member="NDBufferClass.create",
    text="create stores any fill value of the dtype bit-exactly in every element (property).",
    examples=True,
)
@quiet
def check_fill_bit_exact(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    fill = ctx.draw(from_dtype(dtype), "fill")
    ctx.draw(any_size_shapes(), "shape")
    ctx.draw(sampled("C", "F"), "order")
    ctx.run("nd = NDBuffer.create(shape=shape, dtype=dtype, order=order, fill_value=fill)")
    what = esc(f"create(dtype={source_of(dtype)}, fill_value={source_of(fill)})")
    _expect_dtype(ctx, "dtype", dtype, what)
    ctx.run("expected = full(shape, dtype, fill)")
    expect_array(ctx, "nd", "expected", what)


@contract(
    "ndbuffer.create.new_memory",
    member="NDBufferClass.create",
    text="create returns new memory: writing to one created buffer never changes another.",
    needs=("writable",),
)
@quiet
def check_new_memory(ctx: CheckContext) -> None:
    for shape in ((4,), (), (1,), (1, 1)):  # a cached 0-d or size-1 buffer is shared memory too
        for fill in (None, 0, 1):
            with ctx.case():
                create(ctx, shape=shape, dtype="<i4", fill_value=fill)
                create(ctx, "nd2", shape=shape, dtype="<i4", fill_value=fill)
                snapshot(ctx, "nd2")
                ctx.run("nd[...] = ~before  # differs from nd2 in every element, whatever nd2 holds")
                expect_unchanged(ctx, "nd2", f"writing to another create(shape={shape}, fill_value={fill}) buffer")


@contract(
    "ndbuffer.create.rejects_negative_dim",
    member="NDBufferClass.create",
    text="create with a negative dimension, or a shape whose size no memory can hold, raises ValueError.",
    level=Level.SHOULD,
    names_argument="shape",
)
@quiet
def check_rejects_negative_dim(ctx: CheckContext) -> None:
    for shape in ((-1,), (2, -3)):
        for fill in (None, 1.0):
            with ctx.case():
                ctx.raises(f"NDBuffer.create(shape={shape!r}, dtype='<f8', fill_value={fill})", ValueError,
                           argument="shape")
    for fill in (None, 1.0):  # a size no memory holds: refused as a bad shape, before any allocation
        with ctx.case():
            ctx.raises(f"NDBuffer.create(shape=(2**62, 2**62), dtype='<f8', fill_value={fill})", ValueError,
                       argument="shape")


@contract(
    "ndbuffer.create.rejects_non_iterable_shape",
    member="NDBufferClass.create",
    text="create with a shape that is not an iterable of integers (3, None, 2.5, (2, 1.5)) raises TypeError.",
    level=Level.SHOULD,
    names_argument="shape",
)
@quiet
def check_rejects_non_iterable_shape(ctx: CheckContext) -> None:
    for shape in ("3", "None", "2.5", "(2, 1.5)", "np.array(3)"):
        with ctx.case():
            ctx.raises(f"NDBuffer.create(shape={shape}, dtype='<f8')", TypeError, argument="shape")


@contract(
    "ndbuffer.create.rejects_bad_order",
    member="NDBufferClass.create",
    text="create with an order other than 'C' or 'F' raises ValueError.",
    level=Level.SHOULD,
    names_argument="order",
)
@quiet
def check_rejects_bad_order(ctx: CheckContext) -> None:
    for order in ("K", "A", "X", "c", "f", "CF", ""):
        with ctx.case():
            ctx.raises(f"NDBuffer.create(shape=(2, 2), dtype='<f8', order={order!r})", ValueError, argument="order")
    with ctx.case():
        ctx.raises("NDBuffer.create(shape=(2, 2), dtype='<f8', order=5)", (ValueError, TypeError), argument="order")


@contract(
    "ndbuffer.create.rejects_bad_dtype",
    member="NDBufferClass.create",
    text="create with something that is not a dtype raises TypeError.",
    level=Level.SHOULD,
    names_argument="dtype",
)
@quiet
def check_rejects_bad_dtype(ctx: CheckContext) -> None:
    # 3.5 stands for "any object": object() would put its address in NumPy's message, so the
    # reproducer could not fail with the reason the report shows.
    for dtype in ("'not-a-dtype'", "3.5"):
        with ctx.case():
            ctx.raises(f"NDBuffer.create(shape=(2,), dtype={dtype})", TypeError, argument="dtype")


@contract(
    "ndbuffer.create.rejects_unstorable_fill",
    member="NDBufferClass.create",
    text="create with a fill value that cannot be stored in the dtype (beyond a float's range, a complex value "
    "with a non-zero imaginary part for real data, NaN or infinity for integers, a date for a generic-unit "
    "datetime) or that is not one scalar (an array of values, a list) raises ValueError.",
    level=Level.SHOULD,
    names_argument="fill_value",
)
@quiet
def check_rejects_unstorable_fill(ctx: CheckContext) -> None:

    cases: tuple[tuple[Any, Any], ...] = (
        ("<i4", "abc"), ("|u1", 300), ("<M8[s]", "not a date"), ([("a", "<i4"), ("b", "<f8")], (1, 2, 3)),
        *UNSTORABLE, *(("<f8", value) for value in NON_SCALARS),
    )
    for dtype, fill in cases:
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        with ctx.case():
            ctx.raises(f"NDBuffer.create(shape=(2,), dtype={dtype_source(dtype)}, fill_value={value_source(fill)})",
                       ValueError, argument="fill_value")


@contract(
    "ndbuffer.create.fill_value_conversion",
    member="NDBufferClass.create",
    text="create stores a fill value of another type (a Python int, float, bool or str, a NumPy scalar of "
    "another dtype, a 0-d array) as NumPy converts it to the dtype: the integer 0 is '0' in a string dtype, "
    "the epoch in a datetime; values at the edge of a float's range round to its largest finite value.",
)
@quiet
def check_fill_value_conversion(ctx: CheckContext) -> None:
    for dtype, value in supported_cases(ctx, STORABLE):
        with ctx.case():
            ctx.let("value", value)
            create(ctx, shape=(2, 3), dtype=dtype, fill_value=value)
            ctx.run(f"expected = full((2, 3), {dtype_source(dtype)}, value)")
            expect_array(ctx, "nd", "expected", esc(f"NDBuffer.create(shape=(2, 3), dtype={dtype_source(dtype)}, "
                                                   f"fill_value={source_of(value)})"))
