"""The ``ndbuffer.all_equal.*`` contracts: ``NDBuffer.all_equal``."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._core.source import dtype_source, source_of
from bufferspec.conformance._inputs.all_equal_cases import (
    ARRAY_CASES,
    CAST_CASES,
    COMPLEX_CASES,
    COMPLEX_NAN_CASES,
    FORMS,
    INCOMPARABLE_CASES,
    LAYOUT_CASES,
    MIXED_RECORD,
    MODEL_DTYPES,
    NARROWING_CASES,
    NONEMPTY_SHAPES_0D,
    NUMBER_CASES,
    STRUCTURED_CASES,
    WIDER_OF,
    axes,
    distinct_values,
    dtype_of,
    expect_all_equal,
    fill_and_difference,
    flat_index,
    has_nan,
    longdouble_cases,
    position_lists,
    positions,
    run_cases,
    same_scalar,
    steps,
)
from bufferspec.conformance._inputs.domains import LARGE, any_size_shapes, draw_subject
from bufferspec.conformance._inputs.indexing import indexing_shapes
from bufferspec.conformance._inputs.ndbuffer_steps import draw_dtype, quiet, supported, supported_or_skip, supports
from bufferspec.conformance._inputs.strategies import STRING_DTYPE, cached, from_dtype, sampled
from bufferspec.conformance._inputs.values import NAN, kinds

__all__: list[str] = []


@contract(
    "ndbuffer.all_equal.every_dtype_kind",
    member="NDBuffer.all_equal",
    text="all_equal(value) is True for a buffer holding only value and False when its last element differs, "
    "for every dtype kind the backend holds, at every size (beyond any block size too).",
)
@quiet
def check_every_dtype_kind(ctx: CheckContext) -> None:
    for dtype in kinds(ctx):
        if dtype.kind == "V" and dtype.names is None:
            continue  # unstructured void: no scalar NumPy compares
        value, other = distinct_values(dtype)
        for shape in ((3, 4), (), (LARGE,)):
            with ctx.case():
                ctx.let("value", value)
                ctx.let("other", other)
                ctx.run(f"array = np.empty({shape!r}, {dtype_source(dtype)})")
                ctx.run("array[...] = value")
                ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
                what = f"nd.all_equal(value) (dtype {esc(dtype_source(dtype))}, shape {shape})"
                ctx.run("result = nd.all_equal(value)")
                ctx.check("bool(result) is True", f"{what} is {{result!r}}, expected True")
                ctx.run("array.reshape(-1)[-1] = other")
                ctx.run("changed = NDBuffer.from_numpy_array(array.copy())")
                ctx.run("result = changed.all_equal(value)")
                ctx.check("bool(result) is False", f"{what} with the last element changed is {{result!r}}, expected False")


@contract(
    "ndbuffer.all_equal.uncast_other",
    member="NDBuffer.all_equal",
    text="all_equal compares with other as given, never with other cast to the buffer's dtype: a string "
    "longer than the dtype's length, an integer out of its range, a wider float or a finer datetime that the "
    "cast would change are not equal.",
)
@quiet
def check_uncast_other(ctx: CheckContext) -> None:
    supported_or_skip(ctx, {dtype_of(data) for data, _, _ in NARROWING_CASES})
    for data, other, expected in NARROWING_CASES:
        if not supports(ctx, dtype_of(data)):
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array({data})")
            ctx.run(f"result = nd.all_equal({other})")
            ctx.check(f"bool(result) is {expected}",
                      f"NDBuffer.from_numpy_array({esc(data)}).all_equal({esc(other)}) is {{result!r}}, expected {expected}")


@contract(
    "ndbuffer.all_equal.complex_nan",
    member="NDBuffer.all_equal",
    text="For complex data NaN counts in each part separately: with equal_nan, a part that is NaN equals "
    "only a NaN in the same part, and the other part must be equal too; without equal_nan nothing with a "
    "NaN part is equal.",
)
@quiet
def check_complex_nan(ctx: CheckContext) -> None:
    for dtype in supported_or_skip(ctx, ("<c8", "<c16", ">c16")):
        for data, other, expected in COMPLEX_NAN_CASES:
            with ctx.case():
                ctx.run(f"nd = NDBuffer.from_numpy_array(np.full(3, {source_of(data)}, {dtype!r}))")
                ctx.let("other", other)
                for equal_nan, want in ((True, expected), (False, expected and not has_nan(other))):
                    call = f"nd.all_equal(other, equal_nan={equal_nan})"
                    ctx.run(f"result = {call}")
                    ctx.check(f"bool(result) is {want}",
                              f"{call} is {{result!r}}, expected {want} (nd holds {esc(source_of(data))}, "
                              f"dtype {dtype}; other is {esc(source_of(other))})")


@contract(
    "ndbuffer.all_equal.model",
    member="NDBuffer.all_equal",
    text="all_equal agrees with the plain model of the spec for every dtype kind, every form of other (NumPy "
    "scalar, Python scalar, 0-d array, a scalar of a wider dtype, a broadcasting row, a full array), with "
    "and without equal_nan, on every layout and size, whether the buffer holds only other or differs in one "
    "element anywhere (property).",
    examples=True,
)
@quiet
def check_model(ctx: CheckContext) -> None:

    dtype = draw_dtype(ctx, MODEL_DTYPES)
    value = ctx.draw(from_dtype(dtype), "value")
    shape = ctx.draw(any_size_shapes(), "shape")
    ctx.run("array = full(shape, dtype, value)")
    if int(np.prod(shape)) and ctx.choose(sampled(True, False), "one_differs"):
        # A value that differs from the fill (Hypothesis would often draw the same simple one twice).
        ctx.draw(from_dtype(dtype).filter(lambda other: not same_scalar(other, value, dtype)), "different")
        ctx.draw(flat_index(int(np.prod(shape))), "at")
        ctx.run("array.reshape(-1)[at] = different")
    draw_subject(ctx)
    form = ctx.choose(sampled(*FORMS), "form")
    if form == "python" and dtype.kind not in "biufc":
        form = "scalar"
    if form == "wider" and (dtype.kind not in WIDER_OF or not supports(ctx, WIDER_OF[dtype.kind])):
        form = "zero_d"
    if form in ("row", "array") and not ctx["expected"].ndim:
        form = "zero_d"
    if form == "other_kind" and dtype.kind not in "fciu":
        form = "scalar"
    other = {
        "scalar": "other = full((), dtype, value)[()]",
        "python": "other = full((), dtype, value)[()].item()",
        "zero_d": "other = full((), dtype, value)",
        "wider": f"other = full((), dtype, value).astype({WIDER_OF.get(dtype.kind, '')!r})[()]",
        "row": "other = full(expected.shape[-1:], dtype, value)",
        "array": "other = full(expected.shape, dtype, value)",
        # real data against a complex number and complex data against a real one; integers against one
        # beyond 64 bits
        "other_kind": {"f": "other = complex(full((), dtype, value)[()])",
                       "c": "other = float(full((), dtype, value)[()].real)",
                       "i": "other = int(full((), dtype, value)[()]) + 2**70",
                       "u": "other = int(full((), dtype, value)[()]) + 2**70"}.get(dtype.kind, ""),
    }[form]
    ctx.run(other)
    equal_nan = ctx.choose(sampled(None, True, False), "equal_nan")
    call = "src.all_equal(other)" if equal_nan is None else f"src.all_equal(other, equal_nan={equal_nan})"
    ctx.run(f"result = {call}")
    ctx.run(f"want = model_all_equal(expected, other{'' if equal_nan is None else f', {equal_nan}'})")
    ctx.check("bool(result) is want",
              f"{call} is {{result!r}}, expected {{want}} (src holds {{show(expected)}}; other is {{other!r}})")


@contract(
    "ndbuffer.all_equal.none_false",
    member="NDBuffer.all_equal",
    text="all_equal(None) is False, for every buffer (empty buffers and object buffers of None included).",
)
@quiet
def check_none_false(ctx: CheckContext) -> None:
    arrays = (("np.zeros(3, '<f8')", "<f8"), ("np.zeros((0,), '<f8')", "<f8"),
              ("np.array([None, None], dtype=object)", object), ("np.zeros(())", "<f8"))
    for array, dtype in arrays:
        if not supports(ctx, dtype):
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array({array})")
            expect_all_equal(ctx, "nd", False, None)


@contract(
    "ndbuffer.all_equal.nan",
    member="NDBuffer.all_equal",
    text="NaN equals NaN exactly when equal_nan is true (the default), for real and complex dtypes.",
)
@quiet
def check_nan(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f2", "<f4", ">f8")):
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.full((2, 3), float('nan'), {dtype!r}))")
            expect_all_equal(ctx, "nd", True, NAN)
            expect_all_equal(ctx, "nd", True, NAN, equal_nan=True)
            expect_all_equal(ctx, "nd", False, NAN, equal_nan=False)
            expect_all_equal(ctx, "nd", True, np.float32(NAN))
            expect_all_equal(ctx, "nd", False, 1.0)
            ctx.run(f"mixed = NDBuffer.from_numpy_array(np.array([float('nan'), 1.0], {dtype!r}))")
            expect_all_equal(ctx, "mixed", False, NAN)
            ctx.run(f"ones = NDBuffer.from_numpy_array(np.ones(3, {dtype!r}))")
            expect_all_equal(ctx, "ones", False, NAN)
            ctx.run(f"array = np.full({LARGE}, float('nan'), {dtype!r})\narray[-1] = 1.0")
            ctx.run("tail = NDBuffer.from_numpy_array(array)  # the one number beyond any 64 Ki block")
            expect_all_equal(ctx, "tail", False, NAN)
    for value in (complex(NAN, 0.0), complex(1.0, NAN)):
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.full(3, {source_of(value)}, '<c16'))")
            expect_all_equal(ctx, "nd", True, value)
            expect_all_equal(ctx, "nd", False, value, equal_nan=False)


@contract(
    "ndbuffer.all_equal.nat",
    member="NDBuffer.all_equal",
    text="NaT equals NaT exactly when equal_nan is true (the default), for datetime64 and timedelta64.",
)
@quiet
def check_nat(ctx: CheckContext) -> None:
    cases: tuple[tuple[str, Any, Any], ...] = (
        ("<M8[s]", np.datetime64("NaT", "s"), np.datetime64(0, "s")),
        (">m8[ns]", np.timedelta64("NaT", "ns"), np.timedelta64(5, "ns")),
        ("<M8", np.datetime64("NaT"), None),
        (">M8", np.datetime64("NaT"), None),
        (">m8", np.timedelta64("NaT"), None),
    )
    for dtype, nat, value in cases:
        with ctx.case():
            nat_src, value_src = source_of(nat), source_of(value)
            ctx.run(f"nd = NDBuffer.from_numpy_array(full((2, 3), {dtype!r}, {nat_src}))")
            expect_all_equal(ctx, "nd", True, nat)
            expect_all_equal(ctx, "nd", False, nat, equal_nan=False)
            if value is None:
                continue
            expect_all_equal(ctx, "nd", False, value)
            ctx.run(f"mixed_array = full((2,), {dtype!r}, {nat_src})")
            ctx.run(f"mixed_array[1] = {value_src}")
            ctx.run("mixed = NDBuffer.from_numpy_array(mixed_array)")
            expect_all_equal(ctx, "mixed", False, nat)
            ctx.run(f"values = NDBuffer.from_numpy_array(full((3,), {dtype!r}, {value_src}))")
            expect_all_equal(ctx, "values", True, value)
            expect_all_equal(ctx, "values", False, nat)


@contract(
    "ndbuffer.all_equal.signed_zero",
    member="NDBuffer.all_equal",
    text="-0.0 never equals 0.0, in either direction: -0.0 data vs a 0.0 fill and 0.0 data vs a -0.0 fill "
    "are both not equal.",
)
@quiet
def check_signed_zero(ctx: CheckContext) -> None:
    for dtype in supported(ctx, ("<f2", "<f4", "<f8", ">f8")):
        with ctx.case():
            ctx.run(f"negative = NDBuffer.from_numpy_array(np.full((2, 3), -0.0, {dtype!r}))")
            ctx.run(f"positive = NDBuffer.from_numpy_array(np.zeros((2, 3), {dtype!r}))")
            for other in (0.0, np.float64(0.0), np.dtype(dtype).type(0.0)):
                expect_all_equal(ctx, "negative", False, other)
                expect_all_equal(ctx, "positive", True, other)
        with ctx.case():  # the one -0.0 (or 0.0) beyond any 64 Ki block
            ctx.run(f"array = np.zeros({LARGE}, {dtype!r})\narray[-1] = -0.0")
            ctx.run("tail = NDBuffer.from_numpy_array(array)")
            expect_all_equal(ctx, "tail", False, 0.0)
            ctx.run(f"array = np.full({LARGE}, -0.0, {dtype!r})\narray[-1] = 0.0")
            ctx.run("tail = NDBuffer.from_numpy_array(array)")
            expect_all_equal(ctx, "tail", False, -0.0)
        with ctx.case():  # a strided view: the -0.0 inside it counts, the one outside does not
            ctx.run(f"array = np.zeros((4, 6), {dtype!r})\narray[3, 4] = -0.0")
            ctx.run("view = NDBuffer.from_numpy_array(array)[:, ::2]")
            expect_all_equal(ctx, "view", False, 0.0)
            ctx.run(f"array = np.zeros((4, 6), {dtype!r})\narray[3, 3] = -0.0")
            ctx.run("view = NDBuffer.from_numpy_array(array)[:, ::2]")
            expect_all_equal(ctx, "view", True, 0.0)
        with ctx.case():
            ctx.run(f"negative = NDBuffer.from_numpy_array(np.full((2, 3), -0.0, {dtype!r}))")
            ctx.run(f"positive = NDBuffer.from_numpy_array(np.zeros((2, 3), {dtype!r}))")
            for other in (-0.0, np.float64(-0.0), np.dtype(dtype).type(-0.0)):
                expect_all_equal(ctx, "positive", False, other)
                expect_all_equal(ctx, "negative", True, other)
            expect_all_equal(ctx, "positive", False, -0.0, equal_nan=False)
            ctx.run(f"mixed = NDBuffer.from_numpy_array(np.array([0.0, 0.0, -0.0], {dtype!r}))")
            expect_all_equal(ctx, "mixed", False, 0.0)


@contract(
    "ndbuffer.all_equal.int_zero_vs_negative_zero",
    member="NDBuffer.all_equal",
    text="An integer 0 (a +0.0) does not equal -0.0 float or complex data.",
)
@quiet
def check_int_zero_vs_negative_zero(ctx: CheckContext) -> None:
    for dtype, negative_value in (("<f8", -0.0), ("<f4", -0.0), ("<c16", complex(-0.0, 0.0))):
        with ctx.case():
            ctx.run(f"negative = NDBuffer.from_numpy_array(np.full(3, {source_of(negative_value)}, {dtype!r}))")
            ctx.run(f"positive = NDBuffer.from_numpy_array(np.zeros(3, {dtype!r}))")
            for other in (0, np.int64(0)):
                expect_all_equal(ctx, "negative", False, other)
                expect_all_equal(ctx, "positive", True, other)


@contract(
    "ndbuffer.all_equal.complex_signed_zero",
    member="NDBuffer.all_equal",
    text="For complex data the sign of zero counts in the real and in the imaginary part.",
)
@quiet
def check_complex_signed_zero(ctx: CheckContext) -> None:
    values = (complex(0.0, 0.0), complex(-0.0, 0.0), complex(0.0, -0.0), complex(-0.0, -0.0))
    for dtype in supported(ctx, ("<c8", "<c16", ">c16")):
        for data in values:
            with ctx.case():
                ctx.run(f"nd = NDBuffer.from_numpy_array(np.full(3, {source_of(data)}, {dtype!r}))")
                for other in values:
                    same = math.copysign(1, data.real) == math.copysign(1, other.real) and (
                        math.copysign(1, data.imag) == math.copysign(1, other.imag))
                    expect_all_equal(ctx, "nd", same, other)
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.full(3, complex(0.0, -0.0), {dtype!r}))")
            expect_all_equal(ctx, "nd", False, 0.0)


@contract(
    "ndbuffer.all_equal.strings",
    member="NDBuffer.all_equal",
    text="Unicode strings (U and StringDType) compare element by element: equal only to the same string.",
)
@quiet
def check_strings(ctx: CheckContext) -> None:
    dtypes: list[Any] = ["<U3", ">U3"]
    if STRING_DTYPE is not None:
        dtypes.append(STRING_DTYPE)
    for dtype in supported(ctx, dtypes):
        with ctx.case():
            dt = dtype_source(dtype)
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.array(['ab', 'ab'], dtype={dt}))")
            expect_all_equal(ctx, "nd", True, "ab")
            expect_all_equal(ctx, "nd", True, np.str_("ab"))
            for other in ("abc", "a", "", "AB"):
                expect_all_equal(ctx, "nd", False, other)
            ctx.run(f"mixed = NDBuffer.from_numpy_array(np.array(['ab', 'ab', 'ac'], dtype={dt}))")
            expect_all_equal(ctx, "mixed", False, "ab")
            ctx.run(f"blank = NDBuffer.from_numpy_array(np.array(['', ''], dtype={dt}))")
            expect_all_equal(ctx, "blank", True, "")
            expect_all_equal(ctx, "blank", False, "a")


@contract(
    "ndbuffer.all_equal.bytes",
    member="NDBuffer.all_equal",
    text="Fixed-length bytes (S) compare element by element: equal only to the same bytes.",
)
@quiet
def check_bytes(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(np.array([b'ab', b'ab'], '|S3'))")
    expect_all_equal(ctx, "nd", True, b"ab")
    expect_all_equal(ctx, "nd", True, np.bytes_(b"ab"))
    for other in (b"abc", b"a", b"", b"AB"):
        expect_all_equal(ctx, "nd", False, other)
    ctx.run("mixed = NDBuffer.from_numpy_array(np.array([b'ab', b'\\xffb'], '|S3'))")
    expect_all_equal(ctx, "mixed", False, b"ab")
    ctx.run("blank = NDBuffer.from_numpy_array(np.zeros(2, '|S3'))")
    expect_all_equal(ctx, "blank", True, b"")
    expect_all_equal(ctx, "blank", False, b"a")


@contract(
    "ndbuffer.all_equal.bool",
    member="NDBuffer.all_equal",
    text="Booleans compare element by element.",
)
@quiet
def check_bool(ctx: CheckContext) -> None:
    ctx.run("trues = NDBuffer.from_numpy_array(np.ones((2, 2), '|b1'))")
    expect_all_equal(ctx, "trues", True, True)
    expect_all_equal(ctx, "trues", True, np.True_)
    expect_all_equal(ctx, "trues", False, False)
    ctx.run("falses = NDBuffer.from_numpy_array(np.zeros((2, 2), '|b1'))")
    expect_all_equal(ctx, "falses", True, False)
    expect_all_equal(ctx, "falses", False, True)
    ctx.run("mixed = NDBuffer.from_numpy_array(np.array([True, True, False]))")
    expect_all_equal(ctx, "mixed", False, True)


@contract(
    "ndbuffer.all_equal.structured",
    member="NDBuffer.all_equal",
    text="Structured values compare field by field, each field by its own rules (-0.0 vs 0.0 differ, NaN "
    "equal with equal_nan).",
)
@quiet
def check_structured(ctx: CheckContext) -> None:
    cases: tuple[tuple[tuple[Any, ...], tuple[Any, ...], bool, bool | None], ...] = (
        ((1.5, 2, b"x"), (1.5, 2, b"x"), True, None),
        ((1.5, 2, b"x"), (1.5, 3, b"x"), False, None),
        ((1.5, 2, b"x"), (1.5, 2, b"y"), False, None),
        ((-0.0, 1, b""), (0.0, 1, b""), False, None),
        ((0.0, 1, b""), (-0.0, 1, b""), False, None),
        ((-0.0, 1, b""), (-0.0, 1, b""), True, None),
        ((NAN, 1, b""), (NAN, 1, b""), True, None),
        ((NAN, 1, b""), (NAN, 1, b""), False, False),
    )
    ctx.let("record", MIXED_RECORD)
    for data, other, expected, equal_nan in cases:
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(full((2, 2), record, {source_of(data)}))")
            expect_all_equal(ctx, "nd", expected, other_src=f"np.array({source_of(other)}, dtype=record)[()]",
                              equal_nan=equal_nan)
            expect_all_equal(ctx, "nd", expected, other_src=source_of(other), equal_nan=equal_nan)  # a plain tuple


@contract(
    "ndbuffer.all_equal.empty_true",
    member="NDBuffer.all_equal",
    text="An empty buffer is equal to anything except None.",
)
@quiet
def check_empty_true(ctx: CheckContext) -> None:
    for shape, dtype in (((0,), "<f8"), ((3, 0), "<i4"), ((0, 2), "<U2")):
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.zeros({shape!r}, {dtype!r}))")
            for other in (0, NAN, -0.0, "x", 12345):
                expect_all_equal(ctx, "nd", True, other)
            expect_all_equal(ctx, "nd", True, NAN, equal_nan=False)


@contract(
    "ndbuffer.all_equal.zero_d",
    member="NDBuffer.all_equal",
    text="A 0-d buffer compares its one element by the same rules.",
)
@quiet
def check_zero_d(ctx: CheckContext) -> None:
    cases: tuple[tuple[Any, str, Any, bool, bool | None], ...] = (
        (5, "<i4", 5, True, None),
        (5, "<i4", 6, False, None),
        (-0.0, ">f8", 0.0, False, None),
        (-0.0, ">f8", -0.0, True, None),
        (NAN, "<f4", NAN, True, None),
        (NAN, "<f4", NAN, False, False),
        ("ab", "<U2", "ab", True, None),
    )
    for value, dtype, other, expected, equal_nan in cases:
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(np.array({source_of(value)}, {dtype!r}))")
            expect_all_equal(ctx, "nd", expected, other, equal_nan=equal_nan)


@contract(
    "ndbuffer.all_equal.broadcast_array",
    member="NDBuffer.all_equal",
    text="all_equal accepts an array (one the backend made) that broadcasts to the buffer's shape and "
    "compares element by element with the same rules.",
)
@quiet
def check_broadcast_array(ctx: CheckContext) -> None:
    ctx.run("row = np.array([0.0, 1.5, -0.0, float('nan')])")
    ctx.run("nd = NDBuffer.from_numpy_array(np.tile(row, (3, 1)))")
    cases: tuple[tuple[str, bool, bool | None], ...] = (
        ("row", True, None),
        ("row", False, False),
        ("np.array([0.0, 1.5, 0.0, float('nan')])", False, None),
        ("np.array([-0.0, 1.5, -0.0, float('nan')])", False, None),
        ("np.array([0.0, 1.5, -0.0, 2.0])", False, None),
        ("np.tile(row, (3, 1))", True, None),
        ("np.tile(row, (3, 1))[:, :1].copy()", False, None),
        ("row[None, :].copy()", True, None),
    )
    for other, expected, equal_nan in cases:
        expect_all_equal(ctx, "nd", expected, other_src=f"NDBuffer.from_numpy_array({other}).as_ndarray_like()",
                          equal_nan=equal_nan)
    ctx.run("ints = NDBuffer.from_numpy_array(np.tile(np.arange(4, dtype='<i4'), (2, 1)))")
    for other, expected in (("np.arange(4, dtype='<i4')", True), ("np.array([0, 1, 2, 4], '<i4')", False)):
        expect_all_equal(ctx, "ints", expected, other_src=f"NDBuffer.from_numpy_array({other}).as_ndarray_like()")


@contract(
    "ndbuffer.all_equal.rejects_non_broadcastable",
    member="NDBuffer.all_equal",
    text="all_equal with an array that does not broadcast to the buffer's shape raises ValueError.",
    level=Level.SHOULD,
    names_argument="other",
)
@quiet
def check_rejects_non_broadcastable(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros((3, 4)))")
    for shape in ((5,), (3,), (2, 4)):
        with ctx.case():
            ctx.run(f"other = NDBuffer.from_numpy_array(np.zeros({shape!r})).as_ndarray_like()")
            ctx.raises("nd.all_equal(other)", ValueError, argument="other",
                       what=f"nd.all_equal(other) with other of shape {shape} on shape (3, 4)")


@contract(
    "ndbuffer.all_equal.finds_difference",
    member="NDBuffer.all_equal",
    text="all_equal(fill) is True for a buffer holding only the fill value and False when one element "
    "differs, wherever it is: first, last or anywhere (property).",
    examples=True,
)
@quiet
def check_finds_difference(ctx: CheckContext) -> None:
    fill_and_difference(ctx)
    shape = ctx.draw(NONEMPTY_SHAPES_0D, "shape")
    ctx.draw(cached(positions, shape), "index")
    ctx.run("array = full(shape, dtype, fill)")
    ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
    ctx.run("other = scalar_of(fill, dtype)")
    expect_all_equal(ctx, "nd", True)
    ctx.run("array[index] = scalar_of(difference, dtype)")
    ctx.run("changed = NDBuffer.from_numpy_array(array.copy())")
    expect_all_equal(ctx, "changed", False)


@contract(
    "ndbuffer.all_equal.strided",
    member="NDBuffer.all_equal",
    text="all_equal of a strided or transposed view (made with getitem steps and transpose) compares "
    "exactly the view's elements (property).",
    examples=True,
)
@quiet
def check_strided(ctx: CheckContext) -> None:
    fill_and_difference(ctx)
    shape = ctx.draw(indexing_shapes(6), "shape")
    ctx.draw(cached(position_lists, shape), "positions")
    ctx.draw(cached(steps, len(shape)), "steps")
    ctx.draw(cached(axes, len(shape)), "axes")
    kind = ctx.draw(sampled("steps", "transpose", "both"), "kind")
    view = {"steps": "[steps]", "transpose": ".transpose(axes)", "both": "[steps].transpose(axes)"}[kind]
    ctx.run("array = full(shape, dtype, fill)")
    ctx.run("for index in positions:\n    array[index] = scalar_of(difference, dtype)")
    ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
    ctx.run(f"view = nd{view}")
    ctx.run(f"array_view = array{view}")
    ctx.run("expected = same_values(array_view, full(array_view.shape, dtype, fill))")
    ctx.run("other = scalar_of(fill, dtype)")
    expect_all_equal(ctx, "view", "expected")


@contract(
    "ndbuffer.all_equal.large_layouts",
    member="NDBuffer.all_equal",
    text="Every element counts, whatever the buffer's size and memory layout: a difference in the first or "
    "last element of C-ordered, Fortran-ordered and strided data beyond any block size (many short rows, rows "
    "longer than a block) is found, elements outside a strided view do not count, and so for an array other "
    "with rows longer than a block (NaN equal to NaN exactly with equal_nan).",
)
@quiet
def check_large_layouts(ctx: CheckContext) -> None:
    run_cases(ctx, LAYOUT_CASES, "every element counts, in every layout and size")


@contract(
    "ndbuffer.all_equal.array_other",
    member="NDBuffer.all_equal",
    text="An array other compares element by element by the rules of a scalar: a difference in the first "
    "element counts, NaT equals NaT exactly with equal_nan and no date, complex numbers compare both parts "
    "(NaN in each part on its own), -0.0 differs from 0.0, integer data compares with float elements as NumPy "
    "compares them.",
)
@quiet
def check_array_other(ctx: CheckContext) -> None:
    run_cases(ctx, ARRAY_CASES, "an array other compares element by element")


@contract(
    "ndbuffer.all_equal.real_vs_complex",
    member="NDBuffer.all_equal",
    text="Real data compares with a complex other, and complex data with a real other (scalar or array), as "
    "complex numbers whose imaginary part is +0.0: equal only when the imaginary part is +0.0 and the real "
    "parts are equal (signs of zero and NaN by the usual rules).",
)
@quiet
def check_real_vs_complex(ctx: CheckContext) -> None:
    run_cases(ctx, COMPLEX_CASES, "the real side has an imaginary part of +0.0")


@contract(
    "ndbuffer.all_equal.python_numbers",
    member="NDBuffer.all_equal",
    text="A Python int, float or complex other is compared as NumPy compares it with the data (NEP 50): a "
    "Python float or complex in the data's precision; an integer beyond 64 bits equals no integer element, "
    "compares with float elements as a Python float of its value and with object elements by ==, and beyond "
    "float64's range equals no float element.",
)
@quiet
def check_python_numbers(ctx: CheckContext) -> None:
    run_cases(ctx, NUMBER_CASES, "a Python number compares as NumPy compares it")


@contract(
    "ndbuffer.all_equal.longdouble",
    member="NDBuffer.all_equal",
    text="longdouble and clongdouble data compare with values in their own precision, never rounded to "
    "float64: equal values are equal, -0.0 differs from 0.0, NaN equals NaN exactly with equal_nan, and a "
    "longdouble below float64's range is not zero.",
)
@quiet
def check_longdouble(ctx: CheckContext) -> None:
    run_cases(ctx, longdouble_cases(), "longdouble values keep their precision")


@contract(
    "ndbuffer.all_equal.structured_other",
    member="NDBuffer.all_equal",
    text="For structured data a tuple is one record, and a structured scalar or array with the same field "
    "names is compared field by field, each field as given (a field value beyond the data's range is not "
    "equal); a record the data cannot hold is not equal.  Every field counts by its own rules, sub-array "
    "fields element by element, in data of any number of dimensions.  For other data a tuple is an array, "
    "compared as given.",
)
@quiet
def check_structured_other(ctx: CheckContext) -> None:
    run_cases(ctx, STRUCTURED_CASES, "structured values compare record by record, field by field")


@contract(
    "ndbuffer.all_equal.structured_cast",
    member="NDBuffer.all_equal",
    text="A structured other whose field names differ from the data's is compared after NumPy's cast to the "
    "data's dtype, field by position, as NumPy assigns records.",
    level=Level.SHOULD,
)
@quiet
def check_structured_cast(ctx: CheckContext) -> None:
    run_cases(ctx, CAST_CASES, "records with other field names are cast by field position")


@contract(
    "ndbuffer.all_equal.incomparable",
    member="NDBuffer.all_equal",
    text="An element that cannot be compared with other (its == raises, or the comparison gives no "
    "element-wise answer) is not equal: all_equal answers False instead of raising.",
)
@quiet
def check_incomparable(ctx: CheckContext) -> None:
    run_cases(ctx, INCOMPARABLE_CASES, "what cannot be compared is not equal")


@contract(
    "ndbuffer.all_equal.equal_nan_type",
    member="NDBuffer.all_equal",
    text="equal_nan is a bool: NumPy bools act as the bools they are, and any other value (an int, a string, "
    "None) raises TypeError.",
    level=Level.SHOULD,
    names_argument="equal_nan",
)
@quiet
def check_equal_nan_type(ctx: CheckContext) -> None:
    if not supports(ctx, "<f8"):
        ctx.skip("the backend cannot hold float64")
    ctx.run("nd = NDBuffer.from_numpy_array(np.array([np.nan, np.nan]))")
    for flag, expected in (("np.True_", True), ("np.False_", False)):
        with ctx.case():
            call = f"nd.all_equal(np.nan, equal_nan={flag})"
            ctx.run(f"result = {call}")
            ctx.check(f"bool(result) is {expected}", f"{esc(call)} is {{result!r}}, expected {expected}")
    for flag in ("1", "0", "'yes'", "None"):
        with ctx.case():
            ctx.raises(f"nd.all_equal(np.nan, equal_nan={flag})", TypeError, argument="equal_nan")


@contract(
    "ndbuffer.all_equal.rejects_unconvertible",
    member="NDBuffer.all_equal",
    text="all_equal with an other NumPy cannot make an array of (a ragged nested list) raises ValueError.",
    level=Level.SHOULD,
    names_argument="other",
)
@quiet
def check_rejects_unconvertible(ctx: CheckContext) -> None:
    if not supports(ctx, "<f8"):
        ctx.skip("the backend cannot hold float64")
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros(3))")
    for other in ("[[1.0], [1.0, 2.0]]", "[0.0, [0.0, 0.0], 0.0]"):
        with ctx.case():
            ctx.raises(f"nd.all_equal({other})", ValueError, argument="other")
