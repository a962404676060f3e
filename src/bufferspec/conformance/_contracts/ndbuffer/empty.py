"""The ``ndbuffer.empty.*`` contracts: ``NDBufferClass.empty``."""

from __future__ import annotations

from typing import Any

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._core.source import dtype_source
from bufferspec.conformance._inputs.buffer_steps import expect_type
from bufferspec.conformance._inputs.domains import LARGE
from bufferspec.conformance._inputs.ndbuffer_steps import (
    empty,
    expect_array,
    expect_contiguous,
    expect_dtype,
    quiet,
    supported,
)
from bufferspec.conformance._inputs.strategies import STRING_DTYPE
from bufferspec.conformance._inputs.values import kind_values, kinds

__all__: list[str] = []


@contract(
    "ndbuffer.empty.shape_dtype",
    member="NDBufferClass.empty",
    text="empty returns a buffer of the class with exactly the given shape and dtype.",
)
@quiet
def check_shape_dtype(ctx: CheckContext) -> None:
    dtypes: list[Any] = ["|b1", ">f8", "<U3", ">M8", "<m8[s]", [("a", "<i4"), ("b", "S2")]]
    if STRING_DTYPE is not None:
        dtypes.append(STRING_DTYPE)
    for dtype in supported(ctx, dtypes):
        for shape in ((), (0,), (2, 3), (2, 3)):  # the same call twice: a dtype cache must give the same dtype
            with ctx.case():
                empty(ctx, shape, dtype)
                what = esc(f"empty({shape!r}, {dtype_source(dtype)})")
                expect_type(ctx, "nd", what, "NDBuffer")
                expect_dtype(ctx, "nd", dtype, what)
                ctx.check(f"host(nd).shape == {shape!r}",
                          f"{what}.as_numpy_array() has shape {{host(nd).shape}}, expected {shape!r}")


@contract(
    "ndbuffer.empty.order_contiguity",
    member="NDBufferClass.empty",
    text="empty(order='C') makes C-contiguous memory and order='F' Fortran-contiguous memory.",
    needs=("host_memory",),
)
@quiet
def check_order_contiguity(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f8", ">M8", "|S2")):
        for order in ("C", "F"):
            with ctx.case():
                empty(ctx, (2, 3, 4), dtype, order)
                expect_contiguous(ctx, order, f"empty((2, 3, 4), {dtype!r}, order={order!r})")


@contract(
    "ndbuffer.empty.new_memory",
    member="NDBufferClass.empty",
    text="empty returns new memory: writing to one empty buffer never changes another.",
    needs=("writable",),
)
@quiet
def check_new_memory(ctx: CheckContext) -> None:
    # a reused scratch buffer for tiny shapes is shared memory too, and so is a scratch arena for large ones
    for shape in ((4,), (), (1,), (1, 1), (LARGE,)):
        with ctx.case():
            empty(ctx, shape, "<i4")
            empty(ctx, shape, "<i4", name="nd2")
            ctx.run("nd2[...] = 2")
            ctx.run("nd[...] = 1")
            ctx.run(f"expected = full({shape!r}, '<i4', 2)")
            expect_array(ctx, "nd2", "expected", f"nd2 after writing to nd (both NDBuffer.empty({shape!r}, '<i4'))")


@contract(
    "ndbuffer.empty.rejects_bad_arguments",
    member="NDBufferClass.empty",
    text="empty raises like create: ValueError for a bad shape or order, TypeError for a bad dtype.",
    level=Level.SHOULD,
    names_argument="shape, order or dtype",
)
@quiet
def check_rejects_bad_arguments(ctx: CheckContext) -> None:
    cases: tuple[tuple[type[Exception], str, str], ...] = (
        (ValueError, "shape", "shape=(2, -1), dtype='<f8'"),
        (ValueError, "order", "shape=(2,), dtype='<f8', order='K'"),
        (ValueError, "order", "shape=(2, 2), dtype='<f8', order='c'"),
        (ValueError, "order", "shape=(2, 2), dtype='<f8', order='CF'"),
        (ValueError, "order", "shape=(2, 2), dtype='<f8', order=''"),
        (TypeError, "dtype", "shape=(2,), dtype='not-a-dtype'"),
    )
    for exc, argument, arguments in cases:
        with ctx.case():
            ctx.raises(f"NDBuffer.empty({arguments})", exc, argument=argument)


@contract(
    "ndbuffer.empty.every_dtype_kind",
    member="NDBufferClass.empty",
    text="empty(shape, dtype) returns a buffer of exactly that dtype (byte order, unit and fields included) "
    "and shape for every dtype kind the backend holds, and it can be written and read back.",
    needs=("writable",),
)
@quiet
def check_every_dtype_kind(ctx: CheckContext) -> None:
    for dtype in kinds(ctx):
        with ctx.case():
            ctx.run(f"nd = NDBuffer.empty(shape=(2, 3), dtype={dtype_source(dtype)})")
            ctx.check(f"host(nd).dtype == {dtype_source(dtype)} and host(nd).shape == (2, 3)",
                      f"NDBuffer.empty(shape=(2, 3), dtype={esc(dtype_source(dtype))}) holds dtype "
                      "{dtype_text(host(nd).dtype)} and shape {host(nd).shape}")
            kind_values(ctx, dtype, (2, 3), 4)
            ctx.run("nd[...] = array")
            # Not the contents in the message: where the write did not happen they are uninitialised memory,
            # which differs from run to run, and the reproducer must fail with the same message.
            ctx.check("same_bits(host(nd), array)", f"an empty buffer of dtype {esc(dtype_source(dtype))} does not "
                      "hold the values written with nd[...] = array")
