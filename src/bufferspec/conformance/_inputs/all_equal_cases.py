"""The inputs of the ``ndbuffer.all_equal.*`` contracts: case tables, special values, positions, step builders.

``all_equal`` decides whether zarr may skip writing a chunk, so its contracts try more inputs than any
other member's: these tables are data, kept apart from the contracts that use them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.source import source_of
from bufferspec.conformance._core.step_helpers import full, same_values
from bufferspec.conformance._inputs.domains import LARGE, LARGE_SHAPES
from bufferspec.conformance._inputs.indexing import RICH_SHAPES
from bufferspec.conformance._inputs.ndbuffer_steps import draw_dtype, supported
from bufferspec.conformance._inputs.strategies import cached, from_dtype
from bufferspec.conformance._inputs.values import NAN

__all__ = [
    "ARRAY_CASES",
    "BOUND",
    "CAST_CASES",
    "COMPLEX_CASES",
    "COMPLEX_NAN_CASES",
    "Case",
    "FORMS",
    "HUGE",
    "FAILING",
    "INCOMPARABLE_CASES",
    "INDEX",
    "INF",
    "LAYOUT_CASES",
    "MIXED_RECORD",
    "MODEL_DTYPES",
    "NARROWING_CASES",
    "NONEMPTY_SHAPES_0D",
    "NUMBER_CASES",
    "RAISING",
    "RECORD",
    "RECORD_DTYPE",
    "SMALL_NONEMPTY",
    "SPECIALS",
    "SPECIAL_DTYPES",
    "STEPS",
    "STRUCTURED_CASES",
    "SUB",
    "SUB_DTYPE",
    "WIDER_OF",
    "array_layout",
    "axes",
    "distinct_values",
    "dtype_of",
    "expect_all_equal",
    "fill_and_difference",
    "fills",
    "flat_index",
    "has_nan",
    "longdouble_cases",
    "position_lists",
    "positions",
    "run_cases",
    "same_scalar",
    "scalar_layout",
    "steps",
]


def distinct_values(dtype: np.dtype[Any]) -> tuple[Any, Any]:
    """Two values of *dtype* (non-NaN, non-NaT) that all_equal must tell apart."""
    if dtype.kind == "O":
        return 7, 8
    if dtype.kind == "b":
        return np.True_, np.False_
    if dtype.kind in "SUT":
        return ("ab", "ac") if dtype.kind != "S" else (b"ab", b"ac")
    if dtype.names is not None:
        first = np.zeros((), dtype)
        second = np.zeros((), dtype)
        second[dtype.names[-1]] = 1 if second[dtype.names[-1]].dtype.kind != "S" else b"z"
        return first[()], second[()]
    if dtype.kind in "mM":
        return np.array(3, dtype)[()], np.array(4, dtype)[()]
    return np.array(3, dtype)[()], np.array(5, dtype)[()]


NARROWING_CASES: tuple[tuple[str, str, Any], ...] = (
    ("np.array(['ab', 'ab'], '<U2')", "'abc'", False),
    ("np.array([b'ab', b'ab'], '|S2')", "b'abc'", False),
    ("np.array([44, 44], '|u1')", "300", False),
    ("np.array([255, 255], '|u1')", "-1", False),
    ("np.array([-128], '|i1')", "128", False),
    ("np.array([0.1, 0.1], '<f4')", "np.float64(0.1)", False),
    ("np.array([0.1, 0.1], '<f2')", "np.float32(0.1)", False),
    ("np.array([1, 1], '<M8[s]')", "np.datetime64(1500, 'ms')", False),
    ("np.array([1, 1], '<m8[s]')", "np.timedelta64(1001, 'ms')", False),
    ("np.array([1.5, 1.5], '<f4')", "np.float64(1.5)", True),
    ("np.array([1, 1], '<M8[s]')", "np.datetime64(1000, 'ms')", True),
)


def dtype_of(source: str) -> np.dtype[Any]:
    return np.dtype(source.rsplit("'", 2)[-2])


COMPLEX_NAN_CASES: tuple[tuple[complex, complex, bool], ...] = (
    (complex(float("nan"), 0.0), complex(float("nan"), 0.0), True),
    (complex(0.0, float("nan")), complex(0.0, float("nan")), True),
    (complex(float("nan"), float("nan")), complex(float("nan"), float("nan")), True),
    (complex(float("nan"), 0.0), complex(0.0, float("nan")), False),
    (complex(1.0, float("nan")), complex(float("nan"), float("nan")), False),
    (complex(float("nan"), 1.0), complex(float("nan"), 2.0), False),
    (complex(1.0, 0.0), complex(1.0, float("nan")), False),
)


def has_nan(value: complex) -> bool:
    return value.real != value.real or value.imag != value.imag


#: Dtypes of the model property: every kind the model covers, both byte orders.
MODEL_DTYPES = tuple(np.dtype(d) for d in ("<f2", "<f4", ">f8", "<c8", ">c16", "<i2", "|u1", ">i8", "|b1",
                                            "<M8[s]", ">m8[ms]", "|S3", "<U2", np.longdouble, np.clongdouble,
                                            [("a", "<f4"), ("b", ">i2", (2,)), ("c", "<c8")]))


#: How *other* is written: the drawn NumPy scalar, a Python scalar, a 0-d array, a scalar of a wider dtype
#: of the same kind, a row that broadcasts, a full array.
FORMS = ("scalar", "python", "zero_d", "wider", "row", "array", "other_kind")


WIDER_OF = {"f": "<f8", "c": "<c16", "i": "<i8", "u": "<u8", "M": "<M8[ms]", "m": "<m8[us]", "S": "|S6", "U": "<U5"}


def flat_index(size: int) -> Any:
    from hypothesis import strategies as st

    return st.sampled_from((0, size - 1)) | st.integers(0, size - 1)


INF = float("inf")


SMALL_NONEMPTY = hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=6) | RICH_SHAPES


#: Non-empty shapes, 0-d included; one draw in five over 64 Ki elements (a difference in the last block).
NONEMPTY_SHAPES_0D = st.one_of(SMALL_NONEMPTY, SMALL_NONEMPTY, SMALL_NONEMPTY, SMALL_NONEMPTY, LARGE_SHAPES)


BOUND: Any = object()


def expect_all_equal(
    ctx: CheckContext,
    nd: str,
    expected: bool | str,
    other: Any = BOUND,
    *,
    equal_nan: bool | None = None,
    other_src: str | None = None,
) -> None:
    """Steps: ``result = nd.all_equal(other)`` is a bool and is *expected* (a bool, or the name of one).

    ``other`` is bound exactly to *other* (``ctx.let``), or to the expression
    *other_src*, or (neither given) is a name earlier steps bound.
    """
    with ctx.case():
        if other_src is not None:
            ctx.run(f"other = {other_src}")
            shown = other_src
        elif other is not BOUND:
            ctx.let("other", other)
            shown = source_of(other)
        else:
            shown = "other"
        extra = "" if equal_nan is None else f", equal_nan={equal_nan}"
        ctx.run(f"result = {nd}.all_equal(other{extra})")
        call = esc(f"{nd}.all_equal({shown}{extra})")
        ctx.check("isinstance(result, (bool, np.bool_))", f"{call} returned {{type(result).__name__}}, expected bool")
        want, want_text = (expected, f"{{{expected}}}") if isinstance(expected, str) else (repr(expected),) * 2
        ctx.check(f"bool(result) is {want}",
                  f"{call} is {{bool(result)}}, expected {want_text} ({nd} holds {{show(host({nd}))}})")


MIXED_RECORD = np.dtype([("a", "<f8"), ("b", "<i4"), ("c", "S2")])


#: dtype -> special values for the all_equal properties (each distinguishable from the others).
SPECIALS: dict[np.dtype[Any], tuple[Any, ...]] = {
    np.dtype("<f8"): (0.0, -0.0, NAN, INF, -INF, 1.5),
    np.dtype("<f2"): (0.0, -0.0, NAN, 1.0),
    np.dtype(">f4"): (0.0, -0.0, NAN, -INF),
    np.dtype("<c16"): (0j, complex(-0.0, 0.0), complex(0.0, -0.0), complex(NAN, 0.0), 1j),
    np.dtype(">i4"): (0, -1, 7),
    np.dtype("|u1"): (0, 255),
    np.dtype("|b1"): (False, True),
    np.dtype("|S3"): (b"", b"a", b"abc"),
    np.dtype("<U2"): ("", "a", "ab"),
    np.dtype("<M8[s]"): (np.datetime64("NaT", "s"), np.datetime64(0, "s"), np.datetime64(1, "s")),
    np.dtype(">m8[ns]"): (np.timedelta64("NaT", "ns"), np.timedelta64(0, "ns"), np.timedelta64(-5, "ns")),
    np.dtype([("a", "<f8"), ("b", "<i2")]): ((0.0, 1), (-0.0, 1), (0.0, 2), (NAN, 1)),
}


SPECIAL_DTYPES = tuple(SPECIALS)


def same_scalar(a: Any, b: Any, dtype: np.dtype[Any]) -> bool:
    return same_values(full((), dtype, a), full((), dtype, b))


INDEX = st.integers(0, 1 << 16)


def fills(dtype: np.dtype[Any]) -> Any:
    return st.sampled_from(SPECIALS[dtype]) | hnp.from_dtype(dtype)


def fill_and_difference(ctx: CheckContext) -> None:
    """Draw ``dtype`` (one the target supports), ``fill`` and a value of it that differs, bound as ``difference``."""
    dtype = draw_dtype(ctx, SPECIAL_DTYPES)
    fill = ctx.draw(cached(fills, dtype), "fill")
    drawn = ctx.draw(from_dtype(dtype), "drawn")
    candidates = [v for v in (*SPECIALS[dtype], drawn) if not same_scalar(v, fill, dtype)]
    difference = candidates[ctx.draw(INDEX, "difference_index") % len(candidates)]
    ctx.let("difference", difference)


@st.composite
def positions(draw: Any, shape: tuple[int, ...]) -> tuple[int, ...]:
    where = draw(st.sampled_from(["first", "last", "random"]))
    if where == "first":
        return tuple(0 for _ in shape)
    if where == "last":
        return tuple(d - 1 for d in shape)
    return tuple(draw(st.integers(0, d - 1)) for d in shape)


def position_lists(shape: tuple[int, ...]) -> Any:
    return st.lists(positions(shape), max_size=3)


STEPS = st.sampled_from([slice(None), slice(None, None, 2), slice(1, None, 2), slice(None, None, -1),
                          slice(None, None, -2), slice(1, None, 3)])


def steps(ndim: int) -> Any:
    return st.tuples(*[STEPS] * ndim)


def axes(ndim: int) -> Any:
    return st.permutations(range(ndim)).map(tuple)


#: A case: the dtypes it needs, its setup steps, and ``(call, expected answer)`` pairs.
Case = tuple[tuple[Any, ...], str, tuple[tuple[str, bool], ...]]


#: Elements beyond every block size an implementation plausibly uses (256 Ki), with a ragged tail.
HUGE = 300_000


def run_cases(ctx: CheckContext, cases: tuple[Case, ...], rule: str) -> None:
    """Run each case the target can hold (all its dtypes supported), each call checked against its answer."""
    ran = False
    for dtypes, setup, calls in cases:
        if len(supported(ctx, dtypes)) < len(dtypes):
            continue
        ran = True
        with ctx.case():
            ctx.run(setup)
            for step, expected in calls:
                call, _, note = step.partition("  # ")
                ctx.run(f"result = {step}")
                ctx.check(f"bool(result) is {expected}",
                          f"{esc(call)} is {{result!r}}, expected {expected} ({esc(note + '; ' if note else '')}"
                          f"{esc(rule)}; setup: {esc(' / '.join(setup.splitlines()))})")
    if not ran:
        ctx.skip("the backend supports none of the dtypes of this contract's cases")


def scalar_layout(shape: tuple[int, ...], view: str, order: str, changes: tuple[tuple[str, bool], ...]) -> Case:
    """Zeros of *shape* seen through *view* (made by the backend): equal to 0.0; then each change alone."""
    make = f"NDBuffer.from_numpy_array(np.zeros({shape!r}, order={order!r}))" + view
    setup = f"nd = {make}"
    calls = [("nd.all_equal(0.0)", True)]
    for index, (at, counts) in enumerate(changes):
        setup += (f"\narray_{index} = np.zeros({shape!r}, order={order!r})\narray_{index}[{at}] = 1.0"
                  f"\nchanged_{index} = NDBuffer.from_numpy_array(array_{index}){view}")
        calls.append((f"changed_{index}.all_equal(0.0)  # array_{index}[{at}] = 1.0", not counts))
    return ("<f8",), setup, tuple(calls)


def array_layout(shape: tuple[int, ...], changes: tuple[str, ...]) -> Case:
    """Distinct values of *shape* against an equal copy, then against a copy that differs at each index."""
    size = int(np.prod(shape))
    setup = f"array = np.arange({size}.0).reshape({shape!r})\nnd = NDBuffer.from_numpy_array(array)"
    calls = [("nd.all_equal(array.copy())", True)]
    for index, at in enumerate(changes):
        setup += f"\nother_{index} = array.copy()\nother_{index}[{at}] = -1.0"
        calls.append((f"nd.all_equal(other_{index})  # other_{index}[{at}] = -1.0", False))
    return ("<f8",), setup, tuple(calls)


LAYOUT_CASES: tuple[Case, ...] = (
    scalar_layout((HUGE,), "", "C", (("-1", True), ("0", True))),
    scalar_layout((600, 500), "", "F", (("-1, -1", True), ("0, 0", True))),
    scalar_layout((300, 300), "[:, ::2]", "C", (("-1, -2", True), ("0, 0", True), ("-1, -1", False))),
    scalar_layout((3, HUGE), "[:, ::2]", "C", (("-1, -2", True), ("0, 0", True), ("0, 1", False))),
    scalar_layout((HUGE, 4), "[:, ::2]", "C", (("-1, 0", True), ("0, 2", True), ("-1, 3", False))),
    array_layout((2 * HUGE,), ("-1", "0")),
    array_layout((2, HUGE), ("1, -1", "0, 0", "0, -1")),
    (("<i4",), f"array = np.zeros({LARGE}, '<i4')\nnd = NDBuffer.from_numpy_array(array)\n"
     "last = array.copy()\nlast[-1] = 1\nchanged = NDBuffer.from_numpy_array(last)",
     (("nd.all_equal(0)", True), ("changed.all_equal(0)  # integers against a Python int, the last one differs",
                                   False))),
    (("<f8",), f"array = np.full((2, {HUGE}), np.nan)\nnd = NDBuffer.from_numpy_array(array)",
     (("nd.all_equal(array.copy())", True), ("nd.all_equal(array.copy(), equal_nan=False)", False))),
    # Records with a sub-array field, more of them than fit in the first blocks (a scan that reads one
    # block past the end must not raise), against one record and against an array of records.
    ((np.dtype([("a", "<f8", (3,)), ("b", "<i2")]),),
     "records = np.zeros(12_288, [('a', '<f8', (3,)), ('b', '<i2')])\nnd = NDBuffer.from_numpy_array(records)\n"
     "last = records.copy()\nlast['a'][-1, 2] = 1.0\nchanged = NDBuffer.from_numpy_array(last)",
     (("nd.all_equal(records[0])", True), ("nd.all_equal(records.copy())", True),
      ("changed.all_equal(records[0])  # the last record's sub-array differs", False),
      ("changed.all_equal(records.copy())", False))),
)


ARRAY_CASES: tuple[Case, ...] = (
    (("<f8",), "array = np.zeros(10)\nnd = NDBuffer.from_numpy_array(array)\nother = array.copy()\nother[0] = 1.0",
     (("nd.all_equal(other)", False), ("nd.all_equal(array.copy())", True),
      ("nd.all_equal(np.array([0.0, -0.0] * 5))", False))),
    (("<M8[D]", "<m8[s]"),
     "dates = np.array(['NaT', '2020-01-01'], '<M8[D]')\nnd = NDBuffer.from_numpy_array(dates)\n"
     "spans = np.array(['NaT', 5], '<m8[s]')\nnd_spans = NDBuffer.from_numpy_array(spans)",
     (("nd.all_equal(dates.copy())", True), ("nd.all_equal(dates.copy(), equal_nan=False)", False),
      ("nd_spans.all_equal(spans.copy())", True), ("nd_spans.all_equal(spans.copy(), equal_nan=False)", False),
      ("nd.all_equal(np.array(['2020-01-01', '2020-01-01'], '<M8[D]'))", False),
      ("NDBuffer.from_numpy_array(np.array(['NaT'], '<M8[D]')).all_equal(np.array(['2020-01-01'], '<M8[D]'))",
       False))),
    (("<c16",), "nd = NDBuffer.from_numpy_array(np.array([1 + 2j, 1 + 2j]))",
     (("nd.all_equal(np.array([1 + 2j, 1 + 3j]))", False), ("nd.all_equal(np.array([1 + 2j, 2 + 2j]))", False),
      ("nd.all_equal(np.array([1 + 2j, 1 + 2j]))", True))),
    (("<c16",), "array = np.array([complex(np.nan, 1.0), complex(1.0, np.nan)])\n"
     "nd = NDBuffer.from_numpy_array(array)",
     (("nd.all_equal(array.copy())", True), ("nd.all_equal(array.copy(), equal_nan=False)", False),
      ("nd.all_equal(array[::-1].copy())", False))),
    (("<i8",), "nd = NDBuffer.from_numpy_array(np.array([0, 1]))",
     (("nd.all_equal(np.array([-0.0, 1.0]))  # NumPy: 0 == -0.0; the sign of zero counts for float data",
       True), ("nd.all_equal(np.array([0.5, 1.0]))", False))),
)


COMPLEX_CASES: tuple[Case, ...] = (
    (("<f8",), "nd = NDBuffer.from_numpy_array(np.ones(2))",
     (("nd.all_equal(1 + 0j)", True), ("nd.all_equal(np.complex64(1))", True), ("nd.all_equal(1 + 1j)", False),
      ("nd.all_equal(complex(1.0, -0.0))", False), ("nd.all_equal(np.array([1 + 0j, 1 + 0j]))", True),
      ("nd.all_equal(np.array([1 + 0j, 1 + 1j]))", False),
      ("nd.all_equal(np.array([1 + 0j, complex(1.0, -0.0)]))", False))),
    (("<c16",), "nd = NDBuffer.from_numpy_array(np.full(2, complex(1.0, 0.0)))",
     (("nd.all_equal(1.0)", True), ("nd.all_equal(np.float32(1.0))", True),
      ("nd.all_equal(np.array([1.0, 1.0]))", True),
      ("nd.all_equal(np.array([1.0, 2.0]))", False))),
    (("<c16",), "nd = NDBuffer.from_numpy_array(np.full(2, complex(-0.0, -0.0)))",
     (("nd.all_equal(-0.0)", False), ("nd.all_equal(0.0)", False), ("nd.all_equal(np.array([-0.0, -0.0]))", False),
      ("nd.all_equal(complex(-0.0, -0.0))", True))),
    (("<c16",), "nd = NDBuffer.from_numpy_array(np.full(2, complex(1.0, -0.0)))",
     (("nd.all_equal(1.0)", False), ("nd.all_equal(np.array([1.0, 1.0]))", False))),
    (("<c16",), "nd = NDBuffer.from_numpy_array(np.full(2, complex(np.nan, 5.0)))",
     (("nd.all_equal(np.nan)", False), ("nd.all_equal(complex(np.nan, 5.0))", True))),
)


NUMBER_CASES: tuple[Case, ...] = (
    (("<f4",), "nd = NDBuffer.from_numpy_array(np.full(3, 0.1, '<f4'))",
     (("nd.all_equal(0.1)  # NEP 50: a Python float in the data's precision", True),
      ("nd.all_equal(0.2)", False))),
    (("<c8",), "nd = NDBuffer.from_numpy_array(np.full(3, 0.1 + 0.1j, '<c8'))",
     (("nd.all_equal(0.1 + 0.1j)  # NEP 50: a Python complex in the data's precision", True),
      ("nd.all_equal(0.1 + 0.2j)", False))),
    (("<f8",), "nd = NDBuffer.from_numpy_array(np.array([2.0 ** 70, 2.0 ** 70]))",
     (("nd.all_equal(2 ** 70)", True), ("nd.all_equal(2 ** 71)", False))),
    (("<f8",), "nd = NDBuffer.from_numpy_array(np.array([1.0, 1.0]))\n"
     "infinite = NDBuffer.from_numpy_array(np.array([np.inf, np.inf]))",
     (("nd.all_equal(10 ** 400)", False), ("infinite.all_equal(10 ** 400)", False))),
    (("<i8", "<u8"), "nd = NDBuffer.from_numpy_array(np.array([2 ** 63 - 1, 2 ** 63 - 1]))\n"
     "unsigned = NDBuffer.from_numpy_array(np.array([2 ** 64 - 1, 2 ** 64 - 1], '<u8'))",
     (("nd.all_equal(2 ** 63)", False), ("unsigned.all_equal(2 ** 64)", False),
      ("nd.all_equal(2 ** 63 - 1)", True))),
    ((object,), "nd = NDBuffer.from_numpy_array(np.array([2 ** 70, 2 ** 70], dtype=object))\n"
     "mixed = NDBuffer.from_numpy_array(np.array([2 ** 70, 7], dtype=object))",
     (("nd.all_equal(2 ** 70)", True), ("nd.all_equal(2 ** 70 + 1)", False), ("mixed.all_equal(2 ** 70)", False),
      ("nd.all_equal(np.array([2 ** 70, 2 ** 70], dtype=object))", True))),
)


def longdouble_cases() -> tuple[Case, ...]:
    ld = "np.longdouble"
    one = "nd = NDBuffer.from_numpy_array(np.array([np.longdouble(1), np.longdouble(1)]))"
    cases: list[Case] = [
        ((np.longdouble,), one,
         ((f"nd.all_equal({ld}(1))", True), (f"nd.all_equal({ld}(0))", False), (f"nd.all_equal({ld}(2))", False))),
        ((np.longdouble,), f"nd = NDBuffer.from_numpy_array(np.array([{ld}(-1)] * 3))",
         ((f"nd.all_equal({ld}('-0.0'))", False), (f"nd.all_equal({ld}(-1))", True))),
        ((np.longdouble,), f"negative = NDBuffer.from_numpy_array(np.array([{ld}('-0.0')] * 3))\n"
         f"positive = NDBuffer.from_numpy_array(np.array([{ld}(0)] * 3))",
         (("negative.all_equal(np.longdouble('-0.0'))", True), ("negative.all_equal(np.longdouble(0))", False),
          ("positive.all_equal(np.longdouble(0))", True), ("positive.all_equal(np.longdouble('-0.0'))", False),
          ("negative.all_equal(0.0)", False), ("positive.all_equal(-0.0)", False))),
        ((np.longdouble,), f"nd = NDBuffer.from_numpy_array(np.array([{ld}('nan')] * 3))",
         ((f"nd.all_equal({ld}('nan'))", True), (f"nd.all_equal({ld}('nan'), equal_nan=False)", False),
          (f"nd.all_equal({ld}(0))", False))),
        ((np.clongdouble,), "nd = NDBuffer.from_numpy_array(np.full(3, np.clongdouble(complex(1.0, -0.0))))",
         (("nd.all_equal(np.clongdouble(complex(1.0, -0.0)))", True), ("nd.all_equal(np.clongdouble(1))", False),
          ("nd.all_equal(np.longdouble(1))", False))),
    ]
    if np.longdouble("1e-4000") != 0:  # longdouble wider than float64 (x87 extended, quad)
        cases.append(((np.longdouble,), f"tiny = {ld}('1e-4000')\n"
                      "nd = NDBuffer.from_numpy_array(np.array([tiny] * 3))\n"
                      f"zeros = NDBuffer.from_numpy_array(np.zeros(3, {ld}))",
                      (("nd.all_equal(tiny)", True), (f"nd.all_equal({ld}(0))", False),
                       ("zeros.all_equal(tiny)", False))))
    return tuple(cases)


RECORD = "[('a', '<i4'), ('b', '<f8')]"


SUB = "[('a', '<f8', (2,))]"


RECORD_DTYPE = np.dtype([("a", "<i4"), ("b", "<f8")])


SUB_DTYPE = np.dtype([("a", "<f8", (2,))])


STRUCTURED_CASES: tuple[Case, ...] = (
    ((SUB_DTYPE,), f"nd = NDBuffer.from_numpy_array(np.zeros((2, 3), {SUB}))\n"
     f"array = np.zeros((2, 3), {SUB})\narray['a'][1, 2, 1] = 1.0\nchanged = NDBuffer.from_numpy_array(array)\n"
     f"signed = np.zeros((2, 3), {SUB})\nsigned['a'][1, 2, 1] = -0.0",
     (("nd.all_equal(((0.0, 0.0),))", True), (f"nd.all_equal(np.zeros((2, 3), {SUB}))", True),
      ("nd.all_equal(np.zeros((), " + SUB + "))", True), ("changed.all_equal(((0.0, 0.0),))", False),
      (f"changed.all_equal(np.zeros((2, 3), {SUB}))", False), ("nd.all_equal(array)", False),
      ("nd.all_equal(signed)", False), ("nd.all_equal(((0.0, -0.0),))", False))),
    ((SUB_DTYPE,), f"array = np.full(3, np.nan, {SUB})\nnd = NDBuffer.from_numpy_array(array)",
     (("nd.all_equal(((np.nan, np.nan),))", True), ("nd.all_equal(((np.nan, np.nan),), equal_nan=False)", False),
      ("nd.all_equal(array.copy())", True), ("nd.all_equal(((np.nan, 0.0),))", False))),
    ((RECORD_DTYPE,), f"nd = NDBuffer.from_numpy_array(np.zeros(3, {RECORD}))",
     (("nd.all_equal((0, 0.0))  # one record", True), ("nd.all_equal((0, 1.0))", False),
      ("nd.all_equal(('x', 0.0))  # a record the dtype cannot hold", False),
      ("nd.all_equal(np.zeros((), [('a', '<i8'), ('b', '<f4')]))", True),
      ("nd.all_equal(np.ones((), [('a', '<i8'), ('b', '<f4')]))", False),
      ("nd.all_equal(np.array((2**32, 0.0), [('a', '<i8'), ('b', '<f4')]))  # a field beyond the data's range",
       False),
      ("nd.all_equal(np.zeros(3, [('a', '<i8'), ('b', '<f4')]))", True),
      ("nd.all_equal(np.ones(3, [('a', '<i8'), ('b', '<f4')]))", False),
      ("nd.all_equal(np.array([('x',), ('y',), ('z',)], [('a', '<U1')]))  # cannot be cast", False))),
    ((RECORD_DTYPE,), f"array = np.zeros(3, {RECORD})\narray['b'] = np.nan\nnd = NDBuffer.from_numpy_array(array)\n"
     "other = array.copy()\nother['a'][0] = 1\nsigned = np.zeros(3, " + RECORD + ")\nsigned['b'][2] = -0.0",
     (("nd.all_equal(array.copy())", True), ("nd.all_equal(array.copy(), equal_nan=False)", False),
      ("nd.all_equal(other)", False),
      ("NDBuffer.from_numpy_array(np.zeros(3, " + RECORD + ")).all_equal(signed)", False))),
    (("<i8",), "nd = NDBuffer.from_numpy_array(np.array([1, 2]))",
     (("nd.all_equal((1.5, 2.5))  # an array, compared as given", False), ("nd.all_equal((1, 2))", True))),
    ((RECORD_DTYPE,), f"nd = NDBuffer.from_numpy_array(np.zeros(3, {RECORD}))\n"
     "wide = np.zeros(3, [('a', '<i8'), ('b', '<f4')])\nwide['a'][1] = 2**32",
     (("nd.all_equal(wide)  # an array of records: each field as given", False),
      ("nd.all_equal(np.zeros(3, [('a', '<i8'), ('b', '<f4')]))", True))),
    ((np.dtype([("a", "<f4"), ("b", "<f8")]),),
     "tenth = np.array((0.1, 0.0), [('a', '<f4'), ('b', '<f8')])\nnd = NDBuffer.from_numpy_array(np.full(3, tenth))",
     (("nd.all_equal(np.array((0.1, 0.0), [('a', '<f8'), ('b', '<f8')])[()])  # float64 0.1 is not float32 0.1",
       False), ("nd.all_equal(tenth[()])", True))),
    ((np.dtype([("s", [("x", "<i4")]), ("b", "<f8")]),),
     "nd = NDBuffer.from_numpy_array(np.zeros(2, [('s', [('x', '<i4')]), ('b', '<f8')]))",
     (("nd.all_equal(np.zeros(2, [('s', [('y', '<U1')]), ('b', '<f8')]))  # a nested record it cannot hold",
       False),)),
)


CAST_CASES: tuple[Case, ...] = (
    ((RECORD_DTYPE,), f"nd = NDBuffer.from_numpy_array(np.zeros(3, {RECORD}))",
     (("nd.all_equal(np.zeros((), [('x', '<i4'), ('y', '<f8')])[()])", True),
      ("nd.all_equal(np.zeros(3, [('x', '<i4'), ('y', '<f8')]))", True),
      ("nd.all_equal(np.ones(3, [('x', '<i4'), ('y', '<f8')]))", False))),
    ((np.dtype([("s", [("x", "<i4")]), ("b", "<f8")]),),
     "nd = NDBuffer.from_numpy_array(np.zeros(2, [('s', [('x', '<i4')]), ('b', '<f8')]))",
     (("nd.all_equal(np.zeros(2, [('s', [('y', '<i4')]), ('b', '<f8')]))  # a nested record, renamed", True),)),
)


RAISING = ("class Raising:\n    def __eq__(self, other):\n        raise TypeError('cannot compare')\n\n"
            "    __hash__ = None\n")


#: An element whose ``==`` raises something other than TypeError (NumPy passes it on).
FAILING = ("class Failing:\n    def __eq__(self, other):\n        raise RuntimeError('comparison failed')\n\n"
           "    __hash__ = None\n")


INCOMPARABLE_CASES: tuple[Case, ...] = (
    ((object,), FAILING + "nd = NDBuffer.from_numpy_array(np.array([Failing(), Failing()], dtype=object))",
     (("nd.all_equal(0)  # an element's == raises RuntimeError", False),
      ("nd.all_equal(np.array([Failing(), Failing()], dtype=object))", False))),
    ((np.dtype([("a", "O"), ("b", "<i4")]),), FAILING + "records = np.zeros(2, [('a', 'O'), ('b', '<i4')])\n"
     "records['a'] = [Failing(), Failing()]\nnd = NDBuffer.from_numpy_array(records)",
     (("nd.all_equal(records[0])  # a field whose == raises RuntimeError", False),
      ("nd.all_equal(records.copy())", False))),
    ((object,), RAISING + "nd = NDBuffer.from_numpy_array(np.array([Raising(), Raising()], dtype=object))",
     (("nd.all_equal(1)", False), ("nd.all_equal(np.array([Raising(), Raising()], dtype=object))", False))),
    (("<f8",), "class Opaque:\n    __array_ufunc__ = None\n\nnd = NDBuffer.from_numpy_array(np.zeros(2))",
     (("nd.all_equal(Opaque())  # NumPy's == gives no element-wise answer", False),)),
    ((np.dtype([("a", "O"), ("b", "<f8")]),), RAISING + "records = np.zeros(2, [('a', 'O'), ('b', '<f8')])\n"
     "records['a'] = [Raising(), Raising()]\nnd = NDBuffer.from_numpy_array(records)",
     (("nd.all_equal(records.copy())  # a field whose == raises", False),)),
)
