"""The ``ndbuffer.fill.*`` contracts: ``NDBuffer.fill``."""

from __future__ import annotations

from typing import Any

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._core.source import dtype_source, source_of
from bufferspec.conformance._inputs.domains import LARGE, any_size_shapes, draw_subject
from bufferspec.conformance._inputs.ndbuffer_steps import (
    create,
    draw_dtype,
    expect_array,
    expect_unchanged,
    quiet,
    snapshot,
    supported,
    supports,
)
from bufferspec.conformance._inputs.strategies import VALUE_DTYPES, from_dtype
from bufferspec.conformance._inputs.values import (
    NON_SCALARS,
    STORABLE,
    UNSTORABLE,
    kind_scalar,
    kind_values,
    kinds,
    supported_cases,
    value_source,
)

__all__: list[str] = []


@contract(
    "ndbuffer.fill.in_place",
    member="NDBuffer.fill",
    text="fill sets every element in place: views of the buffer, and the buffer a view came from, see it.",
    needs=("writable",),
)
@quiet
def check_in_place(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros((4, 5), '<i4'))")
    ctx.run("view = nd[1:3, ::2]")
    ctx.run("returned = view.fill(7)")
    ctx.check("returned is None", "nd[1:3, ::2].fill(7) returned {returned!r}, expected None")
    ctx.run("expected = np.zeros((4, 5), '<i4')")
    ctx.run("expected[1:3, ::2] = 7")
    expect_array(ctx, "nd", "expected", "nd after nd[1:3, ::2].fill(7)")
    ctx.run("other = nd[1:]")
    ctx.run("nd.fill(3)")
    expect_array(ctx, "other", "full((3, 5), '<i4', 3)", "nd[1:] after nd.fill(3)")
    for key in ("2, 4, ...", "0, 0, ...", "-1, 1, ..."):  # a 0-d view writes through as well
        with ctx.case():
            ctx.run("nd = NDBuffer.from_numpy_array(full((4, 5), '<i4', 3))")
            ctx.run(f"nd[{key}].fill(-5)")
            ctx.run(f"expected = full((4, 5), '<i4', 3)\nexpected[{key}] = -5")
            expect_array(ctx, "nd", "expected", f"nd after nd[{key}].fill(-5) (a 0-d view)")
    for dtype, value in (("<U3", "'b'"), ("|S3", "b'b'")):  # every dtype kind writes in place
        if not supports(ctx, dtype):
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.array(['a', 'cc', 'ddd'], {dtype!r}))")
            ctx.run("view = nd[0:2]")
            ctx.run(f"nd.fill({value})")
            ctx.run(f"expected = np.array([{value}, {value}], {dtype!r})")
            expect_array(ctx, "view", "expected", f"nd[0:2] after nd.fill({value}) (dtype {dtype})")


@contract(
    "ndbuffer.fill.negative_zero",
    member="NDBuffer.fill",
    text="fill(-0.0) keeps the sign bit, in real and complex parts.",
    needs=("writable",),
)
@quiet
def check_negative_zero(ctx: CheckContext) -> None:
    cases = [("(2, 3)", dtype, "-0.0") for dtype in supported(ctx, ("<f2", "<f4", "<f8", ">f8"))]
    cases += [("(3,)", dtype, source_of(value)) for dtype in supported(ctx, ("<c8", ">c16"))
              for value in (complex(-0.0, -0.0), complex(0.0, -0.0), complex(-0.0, 0.0))]
    for shape, dtype, value in cases:
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.ones({shape}, {dtype!r}))")
            ctx.run(f"nd.fill({value})")
            expect_array(ctx, "nd", f"full({shape}, {dtype!r}, {value})", f"nd.fill({value}) of dtype {dtype!r}")


@contract(
    "ndbuffer.fill.bit_exact",
    member="NDBuffer.fill",
    text="fill stores any value of the dtype bit-exactly in every element (property).",
    needs=("writable",),
    examples=True,
)
@quiet
def check_bit_exact(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    ctx.draw(from_dtype(dtype), "value")
    ctx.draw(any_size_shapes(), "shape")
    ctx.run("array = full(shape, dtype, None)")
    draw_subject(ctx, writes=True)
    ctx.run("src.fill(value)")
    expect_array(ctx, "src", "full(expected.shape, dtype, value)", "src.fill({value!r})")


@contract(
    "ndbuffer.fill.rejects_unstorable",
    member="NDBuffer.fill",
    text="fill with a value that cannot be stored in the dtype (as for create's fill_value) or that is not one "
    "scalar raises ValueError and leaves the buffer unchanged.",
    needs=("writable",),
    level=Level.SHOULD,
    names_argument="value",
)
@quiet
def check_rejects_unstorable(ctx: CheckContext) -> None:

    cases: tuple[tuple[Any, Any], ...] = (
        ("<i4", "abc"), ("|u1", 300), ("<M8[s]", "not a date"), *UNSTORABLE,
        *(("<f8", value) for value in NON_SCALARS),
    )
    for dtype, value in cases:
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        with ctx.case():
            create(ctx, shape=(3,), dtype=dtype, fill_value=None)
            snapshot(ctx, "nd")
            what = esc(f"fill({value_source(value)}) of dtype {dtype_source(dtype)}")
            ctx.raises(f"nd.fill({value_source(value)})", ValueError, argument="value", what=what)
            expect_unchanged(ctx, "nd", what)


@contract(
    "ndbuffer.fill.value_conversion",
    member="NDBuffer.fill",
    text="fill stores a value of another type (a Python scalar, a NumPy scalar of another dtype, a 0-d array) "
    "as NumPy converts it to the dtype, in every element.",
    needs=("writable",),
)
@quiet
def check_value_conversion(ctx: CheckContext) -> None:
    for dtype, value in supported_cases(ctx, STORABLE):
        with ctx.case():
            ctx.let("value", value)
            create(ctx, shape=(3,), dtype=dtype, fill_value=None)
            ctx.run("nd.fill(value)")
            ctx.run(f"expected = full((3,), {dtype_source(dtype)}, value)")
            expect_array(ctx, "nd", "expected", esc(f"nd.fill({source_of(value)}) of dtype {dtype_source(dtype)}"))


@contract(
    "ndbuffer.fill.every_dtype_kind",
    member="NDBuffer.fill",
    text="fill(value) stores value bit for bit in every element for every dtype kind the backend holds "
    "(bool, every integer size, f2/f4/f8, complex, datetime and timedelta units, bytes, str, void, "
    "structured, object), at every size.",
    needs=("writable",),
)
@quiet
def check_every_dtype_kind(ctx: CheckContext) -> None:
    for dtype in kinds(ctx):
        for shape in ((3, 4), (), (LARGE,)):
            with ctx.case():
                kind_values(ctx, dtype, shape, 1)
                kind_scalar(ctx, dtype, 2)
                ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
                ctx.run("nd.fill(value)")
                ctx.run("expected = array.copy()")
                ctx.run("expected.fill(value)")
                expect_array(ctx, "nd", "expected", f"nd.fill(value) of dtype {esc(dtype_source(dtype))}, shape {shape}")
