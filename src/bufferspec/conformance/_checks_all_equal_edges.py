"""Contracts of ``NDBuffer.all_equal`` for the cases a small random sample rarely reaches.

``all_equal`` decides whether zarr may skip writing a chunk, so a wrong
``True`` loses data.  The rules are those of the spec (the docstring of
:meth:`bufferspec.protocols.NDBuffer.all_equal`); these contracts check them
where implementations take special paths: buffers beyond any block size in
every layout, ``longdouble`` data, structured data of another dtype or with
sub-array fields, real and complex data against each other, Python numbers
(NEP 50, integers beyond 64 bits), elements that cannot be compared, and the
arguments all_equal refuses.

Each contract loops over a table of deterministic cases.  A case is a setup
(steps that bind the buffers and values) and calls with the answer the spec
gives, so a failure's reproducer is the setup and the one call that failed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bufferspec.conformance._axes import LARGE
from bufferspec.conformance._checks_buffer import esc
from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import Level, contract
from bufferspec.conformance._ndbuffer_support import quiet, supported, supports

__all__: list[str] = []

#: A case: the dtypes it needs, its setup steps, and ``(call, expected answer)`` pairs.
Case = tuple[tuple[Any, ...], str, tuple[tuple[str, bool], ...]]

#: Elements beyond every block size an implementation plausibly uses (256 Ki), with a ragged tail.
_HUGE = 300_000


def _run_cases(ctx: CheckContext, cases: tuple[Case, ...], rule: str) -> None:
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


# -- every element, whatever the size and layout ------------------------------------------------------


def _scalar_layout(shape: tuple[int, ...], view: str, order: str, changes: tuple[tuple[str, bool], ...]) -> Case:
    """Zeros of *shape* seen through *view* (made by the backend): equal to 0.0; then each change alone."""
    make = f"NDBuffer.from_numpy_array(np.zeros({shape!r}, order={order!r}))" + view
    setup = f"nd = {make}"
    calls = [("nd.all_equal(0.0)", True)]
    for index, (at, counts) in enumerate(changes):
        setup += (f"\narray_{index} = np.zeros({shape!r}, order={order!r})\narray_{index}[{at}] = 1.0"
                  f"\nchanged_{index} = NDBuffer.from_numpy_array(array_{index}){view}")
        calls.append((f"changed_{index}.all_equal(0.0)  # array_{index}[{at}] = 1.0", not counts))
    return ("<f8",), setup, tuple(calls)


def _array_layout(shape: tuple[int, ...], changes: tuple[str, ...]) -> Case:
    """Distinct values of *shape* against an equal copy, then against a copy that differs at each index."""
    size = int(np.prod(shape))
    setup = f"array = np.arange({size}.0).reshape({shape!r})\nnd = NDBuffer.from_numpy_array(array)"
    calls = [("nd.all_equal(array.copy())", True)]
    for index, at in enumerate(changes):
        setup += f"\nother_{index} = array.copy()\nother_{index}[{at}] = -1.0"
        calls.append((f"nd.all_equal(other_{index})  # other_{index}[{at}] = -1.0", False))
    return ("<f8",), setup, tuple(calls)


_LAYOUT_CASES: tuple[Case, ...] = (
    _scalar_layout((_HUGE,), "", "C", (("-1", True), ("0", True))),
    _scalar_layout((600, 500), "", "F", (("-1, -1", True), ("0, 0", True))),
    _scalar_layout((300, 300), "[:, ::2]", "C", (("-1, -2", True), ("0, 0", True), ("-1, -1", False))),
    _scalar_layout((3, _HUGE), "[:, ::2]", "C", (("-1, -2", True), ("0, 0", True), ("0, 1", False))),
    _scalar_layout((_HUGE, 4), "[:, ::2]", "C", (("-1, 0", True), ("0, 2", True), ("-1, 3", False))),
    _array_layout((2 * _HUGE,), ("-1", "0")),
    _array_layout((2, _HUGE), ("1, -1", "0, 0", "0, -1")),
    (("<i4",), f"array = np.zeros({LARGE}, '<i4')\nnd = NDBuffer.from_numpy_array(array)\n"
     "last = array.copy()\nlast[-1] = 1\nchanged = NDBuffer.from_numpy_array(last)",
     (("nd.all_equal(0)", True), ("changed.all_equal(0)  # integers against a Python int, the last one differs",
                                   False))),
    (("<f8",), f"array = np.full((2, {_HUGE}), np.nan)\nnd = NDBuffer.from_numpy_array(array)",
     (("nd.all_equal(array.copy())", True), ("nd.all_equal(array.copy(), equal_nan=False)", False))),
)


@contract(
    "ndbuffer.all_equal.large_layouts",
    member="NDBuffer.all_equal",
    text="Every element counts, whatever the buffer's size and memory layout: a difference in the first or "
    "last element of C-ordered, Fortran-ordered and strided data beyond any block size (many short rows, rows "
    "longer than a block) is found, elements outside a strided view do not count, and so for an array other "
    "with rows longer than a block (NaN equal to NaN exactly with equal_nan).",
)
@quiet
def _all_equal_large_layouts(ctx: CheckContext) -> None:
    _run_cases(ctx, _LAYOUT_CASES, "every element counts, in every layout and size")


# -- an array other: the same rules element by element ------------------------------------------------

_ARRAY_CASES: tuple[Case, ...] = (
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


@contract(
    "ndbuffer.all_equal.array_other",
    member="NDBuffer.all_equal",
    text="An array other compares element by element by the rules of a scalar: a difference in the first "
    "element counts, NaT equals NaT exactly with equal_nan and no date, complex numbers compare both parts "
    "(NaN in each part on its own), -0.0 differs from 0.0, integer data compares with float elements as NumPy "
    "compares them.",
)
@quiet
def _all_equal_array_other(ctx: CheckContext) -> None:
    _run_cases(ctx, _ARRAY_CASES, "an array other compares element by element")


# -- real against complex ----------------------------------------------------------------------------

_COMPLEX_CASES: tuple[Case, ...] = (
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


@contract(
    "ndbuffer.all_equal.real_vs_complex",
    member="NDBuffer.all_equal",
    text="Real data compares with a complex other, and complex data with a real other (scalar or array), as "
    "complex numbers whose imaginary part is +0.0: equal only when the imaginary part is +0.0 and the real "
    "parts are equal (signs of zero and NaN by the usual rules).",
)
@quiet
def _all_equal_real_vs_complex(ctx: CheckContext) -> None:
    _run_cases(ctx, _COMPLEX_CASES, "the real side has an imaginary part of +0.0")


# -- Python numbers ----------------------------------------------------------------------------------

_NUMBER_CASES: tuple[Case, ...] = (
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


@contract(
    "ndbuffer.all_equal.python_numbers",
    member="NDBuffer.all_equal",
    text="A Python int, float or complex other is compared as NumPy compares it with the data (NEP 50): a "
    "Python float or complex in the data's precision; an integer beyond 64 bits equals no integer element, "
    "compares with float elements as a Python float of its value and with object elements by ==, and beyond "
    "float64's range equals no float element.",
)
@quiet
def _all_equal_python_numbers(ctx: CheckContext) -> None:
    _run_cases(ctx, _NUMBER_CASES, "a Python number compares as NumPy compares it")


# -- longdouble --------------------------------------------------------------------------------------


def _longdouble_cases() -> tuple[Case, ...]:
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


@contract(
    "ndbuffer.all_equal.longdouble",
    member="NDBuffer.all_equal",
    text="longdouble and clongdouble data compare with values in their own precision, never rounded to "
    "float64: equal values are equal, -0.0 differs from 0.0, NaN equals NaN exactly with equal_nan, and a "
    "longdouble below float64's range is not zero.",
)
@quiet
def _all_equal_longdouble(ctx: CheckContext) -> None:
    _run_cases(ctx, _longdouble_cases(), "longdouble values keep their precision")


# -- structured data --------------------------------------------------------------------------------

_RECORD = "[('a', '<i4'), ('b', '<f8')]"
_SUB = "[('a', '<f8', (2,))]"
_RECORD_DTYPE = np.dtype([("a", "<i4"), ("b", "<f8")])
_SUB_DTYPE = np.dtype([("a", "<f8", (2,))])

_STRUCTURED_CASES: tuple[Case, ...] = (
    ((_SUB_DTYPE,), f"nd = NDBuffer.from_numpy_array(np.zeros((2, 3), {_SUB}))\n"
     f"array = np.zeros((2, 3), {_SUB})\narray['a'][1, 2, 1] = 1.0\nchanged = NDBuffer.from_numpy_array(array)\n"
     f"signed = np.zeros((2, 3), {_SUB})\nsigned['a'][1, 2, 1] = -0.0",
     (("nd.all_equal(((0.0, 0.0),))", True), (f"nd.all_equal(np.zeros((2, 3), {_SUB}))", True),
      ("nd.all_equal(np.zeros((), " + _SUB + "))", True), ("changed.all_equal(((0.0, 0.0),))", False),
      (f"changed.all_equal(np.zeros((2, 3), {_SUB}))", False), ("nd.all_equal(array)", False),
      ("nd.all_equal(signed)", False), ("nd.all_equal(((0.0, -0.0),))", False))),
    ((_SUB_DTYPE,), f"array = np.full(3, np.nan, {_SUB})\nnd = NDBuffer.from_numpy_array(array)",
     (("nd.all_equal(((np.nan, np.nan),))", True), ("nd.all_equal(((np.nan, np.nan),), equal_nan=False)", False),
      ("nd.all_equal(array.copy())", True), ("nd.all_equal(((np.nan, 0.0),))", False))),
    ((_RECORD_DTYPE,), f"nd = NDBuffer.from_numpy_array(np.zeros(3, {_RECORD}))",
     (("nd.all_equal((0, 0.0))  # one record", True), ("nd.all_equal((0, 1.0))", False),
      ("nd.all_equal(('x', 0.0))  # a record the dtype cannot hold", False),
      ("nd.all_equal(np.zeros((), [('a', '<i8'), ('b', '<f4')]))", True),
      ("nd.all_equal(np.ones((), [('a', '<i8'), ('b', '<f4')]))", False),
      ("nd.all_equal(np.array((2**32, 0.0), [('a', '<i8'), ('b', '<f4')]))  # a field beyond the data's range",
       False),
      ("nd.all_equal(np.zeros(3, [('a', '<i8'), ('b', '<f4')]))", True),
      ("nd.all_equal(np.ones(3, [('a', '<i8'), ('b', '<f4')]))", False),
      ("nd.all_equal(np.array([('x',), ('y',), ('z',)], [('a', '<U1')]))  # cannot be cast", False))),
    ((_RECORD_DTYPE,), f"array = np.zeros(3, {_RECORD})\narray['b'] = np.nan\nnd = NDBuffer.from_numpy_array(array)\n"
     "other = array.copy()\nother['a'][0] = 1\nsigned = np.zeros(3, " + _RECORD + ")\nsigned['b'][2] = -0.0",
     (("nd.all_equal(array.copy())", True), ("nd.all_equal(array.copy(), equal_nan=False)", False),
      ("nd.all_equal(other)", False),
      ("NDBuffer.from_numpy_array(np.zeros(3, " + _RECORD + ")).all_equal(signed)", False))),
    (("<i8",), "nd = NDBuffer.from_numpy_array(np.array([1, 2]))",
     (("nd.all_equal((1.5, 2.5))  # an array, compared as given", False), ("nd.all_equal((1, 2))", True))),
    ((_RECORD_DTYPE,), f"nd = NDBuffer.from_numpy_array(np.zeros(3, {_RECORD}))\n"
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
def _all_equal_structured_other(ctx: CheckContext) -> None:
    _run_cases(ctx, _STRUCTURED_CASES, "structured values compare record by record, field by field")


_CAST_CASES: tuple[Case, ...] = (
    ((_RECORD_DTYPE,), f"nd = NDBuffer.from_numpy_array(np.zeros(3, {_RECORD}))",
     (("nd.all_equal(np.zeros((), [('x', '<i4'), ('y', '<f8')])[()])", True),
      ("nd.all_equal(np.zeros(3, [('x', '<i4'), ('y', '<f8')]))", True),
      ("nd.all_equal(np.ones(3, [('x', '<i4'), ('y', '<f8')]))", False))),
    ((np.dtype([("s", [("x", "<i4")]), ("b", "<f8")]),),
     "nd = NDBuffer.from_numpy_array(np.zeros(2, [('s', [('x', '<i4')]), ('b', '<f8')]))",
     (("nd.all_equal(np.zeros(2, [('s', [('y', '<i4')]), ('b', '<f8')]))  # a nested record, renamed", True),)),
)


@contract(
    "ndbuffer.all_equal.structured_cast",
    member="NDBuffer.all_equal",
    text="A structured other whose field names differ from the data's is compared after NumPy's cast to the "
    "data's dtype, field by position, as NumPy assigns records.",
    level=Level.SHOULD,
)
@quiet
def _all_equal_structured_cast(ctx: CheckContext) -> None:
    _run_cases(ctx, _CAST_CASES, "records with other field names are cast by field position")


# -- what cannot be compared ------------------------------------------------------------------------

_RAISING = ("class Raising:\n    def __eq__(self, other):\n        raise TypeError('cannot compare')\n\n"
            "    __hash__ = None\n")

_INCOMPARABLE_CASES: tuple[Case, ...] = (
    ((object,), _RAISING + "nd = NDBuffer.from_numpy_array(np.array([Raising(), Raising()], dtype=object))",
     (("nd.all_equal(1)", False), ("nd.all_equal(np.array([Raising(), Raising()], dtype=object))", False))),
    (("<f8",), "class Opaque:\n    __array_ufunc__ = None\n\nnd = NDBuffer.from_numpy_array(np.zeros(2))",
     (("nd.all_equal(Opaque())  # NumPy's == gives no element-wise answer", False),)),
    ((np.dtype([("a", "O"), ("b", "<f8")]),), _RAISING + "records = np.zeros(2, [('a', 'O'), ('b', '<f8')])\n"
     "records['a'] = [Raising(), Raising()]\nnd = NDBuffer.from_numpy_array(records)",
     (("nd.all_equal(records.copy())  # a field whose == raises", False),)),
)


@contract(
    "ndbuffer.all_equal.incomparable",
    member="NDBuffer.all_equal",
    text="An element that cannot be compared with other (its == raises, or the comparison gives no "
    "element-wise answer) is not equal: all_equal answers False instead of raising.",
)
@quiet
def _all_equal_incomparable(ctx: CheckContext) -> None:
    _run_cases(ctx, _INCOMPARABLE_CASES, "what cannot be compared is not equal")


# -- arguments all_equal refuses --------------------------------------------------------------------


@contract(
    "ndbuffer.all_equal.equal_nan_type",
    member="NDBuffer.all_equal",
    text="equal_nan is a bool: NumPy bools act as the bools they are, and any other value (an int, a string, "
    "None) raises TypeError.",
    level=Level.SHOULD,
    names_argument="equal_nan",
)
@quiet
def _all_equal_equal_nan_type(ctx: CheckContext) -> None:
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
def _all_equal_rejects_unconvertible(ctx: CheckContext) -> None:
    if not supports(ctx, "<f8"):
        ctx.skip("the backend cannot hold float64")
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros(3))")
    for other in ("[[1.0], [1.0, 2.0]]", "[0.0, [0.0, 0.0], 0.0]"):
        with ctx.case():
            ctx.raises(f"nd.all_equal({other})", ValueError, argument="other")
