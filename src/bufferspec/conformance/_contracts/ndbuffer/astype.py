"""The ``ndbuffer.astype.*`` contracts: ``NDBuffer.astype``."""

from __future__ import annotations

from typing import Any

import numpy as np

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._core.source import dtype_source
from bufferspec.conformance._inputs.buffer_steps import expect_type
from bufferspec.conformance._inputs.domains import draw_array, draw_subject
from bufferspec.conformance._inputs.ndbuffer_steps import (
    draw_dtype,
    expect_array,
    expect_dtype,
    expect_unchanged,
    quiet,
    snapshot,
    supported,
    supported_or_skip,
    supports,
)
from bufferspec.conformance._inputs.strategies import NUMERIC_DTYPES, sampled
from bufferspec.conformance._inputs.values import kind_values, kinds

__all__: list[str] = []


def _castable(source: np.dtype[Any], target: np.dtype[Any]) -> bool:
    # Float to integer casts of NaN/inf are undefined; everything else is well defined.
    return not (source.kind in "fc" and target.kind in "iu")


#: The wider dtype of the same kind that ``astype.every_dtype_kind`` converts to (None: the same dtype).
_WIDER = {"b": None, "i": "<i8", "u": "<u8", "f": "<f8", "c": "<c16", "S": "|S8", "U": "<U6"}


@contract(
    "ndbuffer.astype.values",
    member="NDBuffer.astype",
    text="astype(dtype) converts the values as NumPy does, to exactly that dtype (property).",
    examples=True,
)
@quiet
def check_values(ctx: CheckContext) -> None:
    source = draw_dtype(ctx, NUMERIC_DTYPES, "source_dtype")
    target = draw_dtype(ctx, (d for d in NUMERIC_DTYPES if _castable(source, d)))
    order = ctx.draw(sampled(None, "C", "F", "K", "A"), "order")
    draw_array(ctx, source)
    draw_subject(ctx)
    ctx.run("result = src.astype(dtype)" if order is None else "result = src.astype(dtype, order=order)")
    what = f"src.astype({esc(dtype_source(target))})"
    expect_type(ctx, "result", what, "NDBuffer")
    expect_array(ctx, "result", "expected.astype(dtype)", what, exact=False)


@contract(
    "ndbuffer.astype.always_copies",
    member="NDBuffer.astype",
    text="astype always returns new memory, even to the same dtype: writing to the result never changes "
    "the buffer.",
    needs=("writable",),
)
@quiet
def check_always_copies(ctx: CheckContext) -> None:
    ctx.run("array = arange((2, 3), '<i4')")
    ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
    calls = [
        f"{text}.astype({dtype!r})" if order is None else f"{text}.astype({dtype!r}, order={order!r})"
        for text, dtype in (("nd", "<i4"), ("nd", "<f8"), ("nd.transpose(None)", "<i4"), ("nd[:, ::2]", "<i4"))
        for order in (None, "K", "C")
    ]
    for call in (*calls, "nd.astype(nd.dtype)"):
        with ctx.case():
            ctx.run(f"result = {call}")
            ctx.run("result[...] = 9")
            expect_array(ctx, "nd", "array", f"nd after writing to {call}")
    if "host_memory" in ctx.has:  # read-only memory is copied too (the result's own memory is new)
        ctx.run("frozen = NDBuffer.from_numpy_array(read_only(array.copy()))")
        for call in ("frozen.astype('<i4')", "frozen.astype(frozen.dtype)", "frozen.astype('<i4', order='K')"):
            with ctx.case():
                ctx.run(f"result = {call}")
                ctx.check("not np.shares_memory(host(result), host(frozen))", f"{call} shares memory with frozen")


@contract(
    "ndbuffer.astype.byte_order",
    member="NDBuffer.astype",
    text="astype converts the byte order too: astype('>f8') stores big-endian bytes (generic datetimes included).",
)
@quiet
def check_byte_order(ctx: CheckContext) -> None:
    nat = "np.iinfo(np.int64).min"
    cases = (
        ("np.array([1.5, -0.0, 2.0**40 + 1], '<f8')", "<f8", ">f8"),
        ("np.array([1, -2, 0x01020304], '>i4')", ">i4", "<i4"),
        ("np.array([1, -2, 3], '<i2')", "<i2", ">f4"),
        (f"np.array([0, 5, {nat}], '<i8').view('<M8[s]')", "<M8[s]", ">M8[s]"),
        (f"np.array([0, 5, {nat}], '<i8').view('<M8')", "<M8", ">M8"),
        (f"np.array([0, 5, {nat}], '>i8').view('>m8')", ">m8", "<m8"),
    )
    for make, before, dtype in cases:
        with ctx.case():
            ctx.run(f"array = {make}")
            ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
            ctx.run(f"result = nd.astype({dtype!r})")
            what = f"nd.astype({dtype!r}) of dtype {before}"
            expect_dtype(ctx, "result", dtype, what)
            if np.dtype(before).kind in "mM":  # NumPy casts only the counts' bytes exactly: compare those
                ctx.run(f"expected = int_view(array).astype('{dtype[0]}i8').tobytes()")
            else:
                ctx.run(f"expected = array.astype({dtype!r}).tobytes()")
            ctx.run("got = np.ascontiguousarray(host(result)).tobytes()")
            ctx.check("got == expected", f"{what} stores the bytes {{got.hex()}}, expected {{expected.hex()}}")


@contract(
    "ndbuffer.astype.order",
    member="NDBuffer.astype",
    text="For host memory, astype(dtype, order='C'/'F') lays the result out C-/Fortran-contiguously.",
    needs=("host_memory",),
)
@quiet
def check_order(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(arange((2, 3, 4)))")
    for text in ("nd", "nd.transpose(None)"):
        for dtype in supported(ctx, ("<i4", ">f8")):
            for order, flag in (("C", "c_contiguous"), ("F", "f_contiguous")):
                with ctx.case():
                    call = f"{text}.astype({dtype!r}, order={order!r})"
                    ctx.run(f"flags = host({call}).flags")
                    ctx.check(f"flags.{flag}", f"{call} is not {order}-contiguous")


@contract(
    "ndbuffer.astype.generic_unit",
    member="NDBuffer.astype",
    text="astype to a generic-unit datetime or timedelta ('M8', '>M8') of data of the same kind keeps the "
    "values and the data's unit (generic data stays generic), stores the requested byte order, lays the "
    "result out as order says and copies.",
)
@quiet
def check_generic_unit(ctx: CheckContext) -> None:
    if not any(supports(ctx, source) for source in ("<M8", "<M8[s]", ">m8[ms]")):
        ctx.skip("the backend holds no datetime or timedelta dtype (the ndbuffer.create.dtype_* contracts "
                 "report which)")
    for source in ("<M8", "<M8[s]", ">m8[ms]"):
        kind = np.dtype(source).kind
        for target in (f">{kind}8", f"<{kind}8", f"{kind}8"):
            for order in ("C", "F", "K"):
                if not (supports(ctx, source) and supports(ctx, target)):
                    continue
                with ctx.case():
                    ctx.run(f"array = np.arange(1, 7, dtype='{source[0]}i8').reshape(2, 3).view({source!r})")
                    ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
                    ctx.run(f"result = nd.astype({target!r}, order={order!r})")
                    order_char = np.dtype(target).byteorder.replace("=", "<" if np.little_endian else ">")
                    unit = source[3:]
                    want = f"{order_char}{kind}8{unit}"
                    ctx.run(f"expected = int_view(array).astype({order_char + 'i8'!r}).view({want!r})")
                    expect_array(ctx, "result", "expected", esc(f"nd.astype({target!r}, order={order!r}) of dtype "
                                                                f"{source}"))
                    if order in "CF":
                        flag = "c_contiguous" if order == "C" else "f_contiguous"
                        ctx.check(f"host(result).flags.{flag}",
                                  esc(f"nd.astype({target!r}, order={order!r}) is not {flag.replace('_', '-')}"))
                    ctx.check("not np.shares_memory(host(result), host(nd))",
                              esc(f"nd.astype({target!r}, order={order!r}) shares memory with nd"))


@contract(
    "ndbuffer.astype.rejects_unconvertible",
    member="NDBuffer.astype",
    text="astype of values that cannot be converted to the dtype (the string 'abc' to an integer, a date to a "
    "string too short for it) raises ValueError or TypeError (not NumPy's RuntimeError for the date) and leaves "
    "the buffer unchanged.",
    level=Level.SHOULD,
    names_argument="dtype",
)
@quiet
def check_rejects_unconvertible(ctx: CheckContext) -> None:
    cases = (("np.array(['abc', '1'], '<U3')", "<U3", "<i4"), ("np.array(['2020-01-01'], '<M8[D]')", "<M8[D]", "<U2"),
             ("np.array(['1', 'x'], '|S1')", "|S1", "<f8"))
    chosen = [(array, dtype) for array, source, dtype in cases if supports(ctx, source) and supports(ctx, dtype)]
    if not chosen:
        ctx.skip("the backend holds none of the dtypes converted (the ndbuffer.create.dtype_* contracts report them)")
    for array, dtype in chosen:
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array({array})")
            snapshot(ctx, "nd")
            ctx.raises(f"nd.astype({dtype!r})", (ValueError, TypeError), argument="dtype")
            expect_unchanged(ctx, "nd", esc(f"nd.astype({dtype!r})"))


@contract(
    "ndbuffer.astype.every_dtype_kind",
    member="NDBuffer.astype",
    text="astype to the same dtype and to a wider dtype of the same kind converts the values as NumPy does "
    "for every dtype kind the backend holds (the same dtype bit for bit).",
)
@quiet
def check_every_dtype_kind(ctx: CheckContext) -> None:
    for dtype in kinds(ctx):
        wider = _WIDER.get(dtype.kind)
        targets = [dtype] + ([np.dtype(wider)] if wider is not None and supports(ctx, wider) else [])
        if dtype.kind in "mM":
            unit = "[ms]" if np.datetime_data(dtype)[0] in ("s", "D") else ""
            if unit and supports(ctx, np.dtype(f"<{dtype.kind}8{unit}")):
                targets.append(np.dtype(f"<{dtype.kind}8{unit}"))
        for target in targets:
            with ctx.case():
                kind_values(ctx, dtype, (3, 4), 5)
                ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
                call = f"nd.astype({dtype_source(target)})"
                ctx.run(f"result = {call}")
                ctx.run(f"expected = array.astype({dtype_source(target)})")
                expect_array(ctx, "result", "expected", f"{esc(call)} of dtype {esc(dtype_source(dtype))}",
                             exact=target == dtype)


@contract(
    "ndbuffer.astype.order_keeps_layout",
    member="NDBuffer.astype",
    text="For host memory, astype lays the result out as NumPy's astype with the same order does: the "
    "default 'K' and 'A' keep a Fortran-ordered source (or a transposed view) Fortran-contiguous, and "
    "a C-ordered one C-contiguous.",
    needs=("host_memory",),
)
@quiet
def check_order_keeps_layout(ctx: CheckContext) -> None:
    sources = ("NDBuffer.from_numpy_array(np.asfortranarray(arange((3, 4, 5))))",
               "NDBuffer.from_numpy_array(arange((3, 4, 5))).transpose(None)",
               "NDBuffer.from_numpy_array(arange((3, 4, 5)))")
    dtypes = supported_or_skip(ctx, ("<i4", ">f8"))
    for source in sources:
        for dtype in dtypes:
            for order in (None, "K", "A"):
                with ctx.case():
                    ctx.run(f"src = {source}")
                    arguments = repr(dtype) if order is None else f"{dtype!r}, order={order!r}"
                    ctx.run(f"flags = host(src.astype({arguments})).flags")
                    ctx.run(f"expected = host(src).astype({arguments}).flags")
                    ctx.check("(flags.c_contiguous, flags.f_contiguous) == (expected.c_contiguous, expected.f_contiguous)",
                              f"({esc(source)}).astype({esc(arguments)}) is "
                              "{'C' if flags.c_contiguous else 'F' if flags.f_contiguous else 'non'}-contiguous, "
                              "NumPy's is {'C' if expected.c_contiguous else 'F'}-contiguous")
