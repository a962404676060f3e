"""The ``ndbuffer.copy.*`` contracts: ``NDBuffer.copy``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_type
from bufferspec.conformance._inputs.domains import LARGE, draw_array, draw_subject, every_subject
from bufferspec.conformance._inputs.ndbuffer_steps import draw_dtype, expect_array, quiet
from bufferspec.conformance._inputs.strategies import VALUE_DTYPES

__all__: list[str] = []


@contract(
    "ndbuffer.copy.values",
    member="NDBuffer.copy",
    text="copy returns a buffer of the class with the same shape, exact dtype and values, for strided "
    "inputs too (property).",
    examples=True,
)
@quiet
def check_values(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    draw_array(ctx, dtype)
    draw_subject(ctx)
    ctx.run("result = src.copy()")
    expect_type(ctx, "result", "src.copy()", "NDBuffer")
    expect_array(ctx, "result", "expected", "src.copy()")
    ctx.run("grid = pattern_array((3, 4), dtype, 7)")
    for made_as in every_subject(ctx, array="grid"):  # and every layout of a 2-d array, every time
        ctx.run("result = src.copy()")
        expect_array(ctx, "result", "expected", f"({esc(made_as)}).copy()")


@contract(
    "ndbuffer.copy.independent",
    member="NDBuffer.copy",
    text="copy never shares memory: writing to the copy leaves the buffer unchanged and vice versa.",
    needs=("writable",),
)
@quiet
def check_independent(ctx: CheckContext) -> None:
    for shape in ((3, 4), (), (1,), (1, 1), (LARGE,)):
        ctx.run(f"array = arange({shape!r}, '<f8')")
        views = ("nd", "nd[...]", "nd.transpose(None)") + (("nd[::2]", "nd[::-1]") if shape else ())
        for text in views:
            with ctx.case():
                ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
                ctx.run(f"result = {text}.copy()")
                ctx.run("expected = full(host(result).shape, '<f8', -1.0)")
                ctx.run("result[...] = -1")
                expect_array(ctx, "nd", "array", f"nd after writing to {text}.copy() (shape {shape})")
                ctx.run("nd[...] = 5")
                expect_array(ctx, "result", "expected", f"{text}.copy() after writing to nd (shape {shape})")
    if "host_memory" in ctx.has:  # the copy of read-only memory is new memory too
        for shape in ((3, 4), (), (1,)):
            with ctx.case():
                ctx.run(f"frozen = NDBuffer.from_numpy_array(read_only(arange({shape!r}, '<f8')))")
                ctx.run("result = frozen.copy()")
                ctx.check("not np.shares_memory(host(result), host(frozen))",
                          f"frozen.copy() shares memory with frozen, a read-only buffer of shape {shape}")


@contract(
    "ndbuffer.copy.keeps_layout",
    member="NDBuffer.copy",
    text="For host memory, copy keeps the memory layout: a Fortran-ordered buffer (or a transposed view of a "
    "C-ordered one) gives a Fortran-contiguous copy, as NumPy's copy(order='K').",
    needs=("host_memory",),
    level=Level.SHOULD,
)
@quiet
def check_keeps_layout(ctx: CheckContext) -> None:
    for source in ("np.asfortranarray(np.arange(6.0).reshape(2, 3))", "np.arange(6.0).reshape(2, 3).T",
                   "np.arange(24, dtype='<i2').reshape(2, 3, 4).T"):
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array({source})")
            ctx.run("result = nd.copy()")
            ctx.check("host(result).flags.f_contiguous",
                      esc(f"NDBuffer.from_numpy_array({source}).copy() is not Fortran-contiguous"))
