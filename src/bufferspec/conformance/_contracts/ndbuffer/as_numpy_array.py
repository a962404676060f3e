"""The ``ndbuffer.as_numpy_array.*`` contracts: ``NDBuffer.as_numpy_array``."""

from __future__ import annotations

import numpy as np

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_shares_memory
from bufferspec.conformance._inputs.domains import draw_array, draw_subject, every_subject
from bufferspec.conformance._inputs.ndbuffer_steps import draw_dtype, expect_array, quiet
from bufferspec.conformance._inputs.strategies import VALUE_DTYPES

__all__: list[str] = []


@contract(
    "ndbuffer.as_numpy_array.matches_buffer",
    member="NDBuffer.as_numpy_array",
    text="as_numpy_array returns a numpy.ndarray with the buffer's shape, dtype and values, bit for bit, for "
    "every construction path and layout: C, Fortran, read-only, reshaped and copied buffers, and their views "
    "(itself, [...], transposed, stepped, reversed) (property).",
    examples=True,
)
@quiet
def check_matches_buffer(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    draw_array(ctx, dtype)
    draw_subject(ctx, required=True)
    ctx.run("got = host(src)")
    ctx.check("got.shape == src.shape", "src.as_numpy_array().shape {got.shape} differs from src.shape {src.shape}")
    ctx.check("got.dtype == src.dtype",
              "src.as_numpy_array().dtype {dtype_text(got.dtype)} differs from src.dtype {src.dtype!r}")
    expect_array(ctx, "src", "expected", "src")
    ctx.run("grid = pattern_array((3, 4), dtype, 7)")
    for made_as in every_subject(ctx, array="grid"):  # and every layout of a 2-d array, every time
        expect_array(ctx, "src", "expected", esc(made_as))


@contract(
    "ndbuffer.as_numpy_array.no_copy",
    member="NDBuffer.as_numpy_array",
    text="For host memory, as_numpy_array never copies: repeated calls share the buffer's memory, for read-only, "
    "Fortran-ordered and strided buffers too.",
    needs=("host_memory",),
)
@quiet
def check_no_copy(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(arange((3, 4), '<f8'))")
    ctx.run("frozen = NDBuffer.from_numpy_array(read_only(arange((3, 4), '<f8')))")
    ctx.run("fortran = NDBuffer.from_numpy_array(np.asfortranarray(arange((3, 4), '<f8')))")
    for text in ("nd", "nd[:, ::2]", "frozen", "frozen.transpose(None)", "fortran", "fortran[::-1]"):
        with ctx.case():
            ctx.run(f"buffer = {text}")
            ctx.run("first = host(buffer)")
            ctx.run("second = host(buffer)")
            expect_shares_memory(ctx, "first", "second", f"{text}.as_numpy_array()")
            ctx.run("native = buffer.as_ndarray_like()")
            if isinstance(ctx["native"], np.ndarray):
                expect_shares_memory(ctx, "first", "native", f"{text}.as_numpy_array() (vs as_ndarray_like())")
