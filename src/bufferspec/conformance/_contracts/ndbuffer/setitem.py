"""The ``ndbuffer.setitem.*`` contracts: ``NDBuffer.__setitem__``."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._core.source import dtype_source, source_of
from bufferspec.conformance._inputs.domains import LARGE
from bufferspec.conformance._inputs.indexing import arange_nd, basic_indices, indexing_shapes
from bufferspec.conformance._inputs.ndbuffer_steps import (
    create,
    expect_array,
    expect_unchanged,
    key_src,
    quiet,
    snapshot,
    supported_or_skip,
    supports,
)
from bufferspec.conformance._inputs.strategies import cached, sampled
from bufferspec.conformance._inputs.values import (
    NAN,
    UNSTORABLE,
    kind_scalar,
    kind_values,
    kinds,
    supported_cases,
    value_source,
)

__all__: list[str] = []


#: (the initial array's source, its dtype, key, value) of ``ndbuffer.setitem.scalar``.
_SCALAR_CASES: tuple[tuple[str, str, Any, Any], ...] = (
    ("np.ones((3, 4), '<f8')", "<f8", (1, 2), 5),
    ("np.ones((3, 4), '<f8')", "<f8", (slice(None), 1), -0.0),
    ("np.ones((3, 4), '>f8')", ">f8", 0, NAN),
    ("np.ones((3, 4), '<f4')", "<f4", (Ellipsis, slice(None, None, -2)), np.float32(-0.0)),
    ("np.ones(3, '<c16')", "<c16", 1, complex(-0.0, -0.0)),
    ("np.full(3, 'ab', '<U3')", "<U3", slice(1, None), "xyz"),
    ("np.full(3, b'ab', '|S2')", "|S2", 0, b"q"),
    ("np.zeros(3, '<M8[s]')", "<M8[s]", 2, np.datetime64("NaT", "s")),
    ("np.zeros(3, '|b1')", "|b1", slice(None, None, 2), True),
    ("np.zeros((2, 3), '<i2')", "<i2", Ellipsis, 7),
    ("np.zeros(4, '<i8')", "<i8", slice(None, None, -2), np.int64(-4)),
    # Into data holding objects the scalar itself is stored (not a 0-d array of it), as NumPy does.
    ("np.full(3, None, object)", "|O", 1, np.int64(5)),
    ("np.full((), None, object)", "|O", (), np.float32(-0.0)),
    ("np.full(2, 'x', object)", "|O", Ellipsis, np.str_("y")),
)


#: (key, the value's source, whether it is assigned transposed) of the setitem value checks.
_ARRAY_CASES: tuple[tuple[Any, str, bool], ...] = (
    (Ellipsis, "np.array([[1.0, 2.0, 3.0, 4.0]], '<f8')", False),  # broadcast (1, 4) -> (3, 4)
    ((slice(1, None), slice(None, None, 2)), "np.array([[1.5, -0.0], [float('nan'), 3.0]], '<f8')", False),
    (0, "np.arange(4, dtype='>f8') - 0.5", False),  # byte order converted
    ((slice(None), 1), "np.array([7, 8, 9], '<i4')", False),  # dtype converted
    ((2, 3), "np.array(-0.0, '<f8')", False),  # 0-d
    ((slice(None), slice(0, 3)), "np.arange(9.0).reshape(3, 3) * -1", True),  # strided value
)


def _check_setitem_values(ctx: CheckContext, make: str, kind: str) -> None:
    """Assign the values of :data:`_ARRAY_CASES` in turn, each made by the expression *make* of ``values``.

    *kind* says what the value is, for messages.
    """
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros((3, 4), '<f8'))")
    ctx.run("expected = np.zeros((3, 4), '<f8')")
    for key, values, transpose in _ARRAY_CASES:
        ctx.run(f"values = {values}")
        ctx.run(f"value = {make}")
        text = key_src(key)
        assigned, expected = ("value.transpose(None)", "values.T") if transpose else ("value", "values")
        ctx.run(f"nd[{text}] = {assigned}")
        ctx.run(f"expected[{text}] = {expected}")
        expect_array(ctx, "nd", "expected",
                     f"nd after nd[{esc(text)}] = {assigned} ({kind} holding {{show({expected})}})")
    if supports(ctx, object):  # an object array holds anything: the value must still be unwrapped
        with ctx.case():
            ctx.run("objects = NDBuffer.from_numpy_array(np.array([None, None], dtype=object))")
            ctx.run("values = np.array([1, 'a'], dtype=object)")
            ctx.run(f"value = {make}")
            ctx.run("objects[...] = value")
            ctx.run("got = host(objects).tolist()")
            ctx.check("got == [1, 'a']", f"objects[...] = value ({kind} holding [1, 'a'], object dtype) stores "
                      "{got!r}, expected [1, 'a']")


@st.composite
def _broadcastable_to(draw: Any, shape: tuple[int, ...]) -> tuple[int, ...]:
    """A shape that broadcasts to *shape*: leading dimensions dropped, some set to 1."""
    drop = draw(st.integers(0, len(shape)))
    kept = shape[drop:]
    ones = draw(st.lists(st.booleans(), min_size=len(kept), max_size=len(kept)))
    return tuple(1 if one else d for d, one in zip(kept, ones))


@contract(
    "ndbuffer.setitem.sequence_values",
    member="NDBuffer.__setitem__",
    text="Assigning a Python list or tuple writes its elements as NumPy converts them; into an object array "
    "the elements themselves are stored, not the sequence.",
    needs=("writable",),
)
@quiet
def check_sequence_values(ctx: CheckContext) -> None:
    cases: tuple[tuple[Any, str], ...] = (
        ("|O", "[1, 'a']"), ("|O", "(2.5, None)"), ("<f8", "[1, 2.5]"), ("<f8", "(np.float32(0.1), 3)"),
        ("<i2", "[True, -7]"), ("<U2", "['ab', 5]"), ("<M8[s]", "['2020-01-01', 'NaT']"),
    )
    for dtype, value in supported_cases(ctx, cases):
        with ctx.case():
            create(ctx, shape=(2,), dtype=dtype, fill_value=None)
            ctx.run(f"nd[...] = {value}")
            ctx.run(f"expected = np.empty(2, {dtype_source(dtype)})")
            ctx.run(f"expected[...] = {value}")
            if dtype == "|O":
                ctx.run("got = host(nd).tolist()")
                ctx.check("[type(x) for x in got] == [type(x) for x in expected.tolist()] and got == expected.tolist()",
                          f"nd[...] = {esc(value)} (object dtype) stores {{got!r}}, expected {{expected.tolist()!r}}")
            else:
                expect_array(ctx, "nd", "expected", f"nd[...] = {esc(value)} (dtype {esc(dtype_source(dtype))})")


@contract(
    "ndbuffer.setitem.rejects_unstorable",
    member="NDBuffer.__setitem__",
    text="Assigning a value the dtype cannot hold (beyond a float's range, a complex value with a non-zero "
    "imaginary part into real data or records with real fields, NaN or infinity into integers, a date into a "
    "generic-unit datetime), as a scalar, a sequence, an array or an NDBuffer, raises ValueError and leaves the "
    "buffer unchanged.",
    needs=("writable",),
    level=Level.SHOULD,
    names_argument="value",
)
@quiet
def check_rejects_unstorable(ctx: CheckContext) -> None:
    for dtype, value in supported_cases(ctx, UNSTORABLE):
        for key in ("0", "..."):
            with ctx.case():
                create(ctx, shape=(2,), dtype=dtype, fill_value=None)
                snapshot(ctx, "nd")
                ctx.raises(f"nd[{key}] = {value_source(value)}", ValueError, argument="value",
                           what=esc(f"nd[{key}] = {value_source(value)} (dtype {dtype_source(dtype)})"))
                expect_unchanged(ctx, "nd", esc(f"nd[{key}] = {value_source(value)}"))
    arrays: tuple[tuple[Any, str], ...] = (
        ("<f8", "np.array([1 + 1j, 2])"), ("<f8", "[np.complex128(1 + 1j), 2.0]"),
        ("<f8", "(np.complex128(1 + 1j), 2.0)"), ("<f4", "np.array([1e300 + 0j, 1])"),
        ("<f4", "np.array([1.0, 1e300])"), ("<i4", "np.array([np.nan, 1.0])"),
        ("<i4", "NDBuffer.from_numpy_array(np.array([1.0, np.nan]))"),
        ([("a", "<f8")], "np.array([1 + 1j, 2])"), ([("a", "<f8", (2,))], "np.array([1 + 1j, 2])"),
    )
    for dtype, value in arrays:
        if not supports(ctx, dtype):
            continue
        with ctx.case():
            create(ctx, shape=(2,), dtype=dtype, fill_value=None)
            snapshot(ctx, "nd")
            ctx.raises(f"nd[...] = {value}", ValueError, argument="value",
                       what=esc(f"nd[...] = {value} (dtype {dtype_source(dtype)})"))
            expect_unchanged(ctx, "nd", esc(f"nd[...] = {value}"))


@contract(
    "ndbuffer.setitem.stores_zero_imaginary",
    member="NDBuffer.__setitem__",
    text="Assigning complex values whose imaginary parts are all zero to real data stores their real parts "
    "(only a non-zero imaginary part is lost data).",
    needs=("writable",),
    level=Level.SHOULD,
)
@quiet
def check_stores_zero_imaginary(ctx: CheckContext) -> None:
    for value in ("np.array([1 + 0j, 2 - 0j])", "[np.complex128(3), 4.0]", "np.complex128(5)", "6 + 0j",
                  "[7 + 0j, 8.0]"):
        with ctx.case():
            create(ctx, shape=(2,), dtype="<f8", fill_value=None)
            ctx.run(f"nd[...] = {value}")
            ctx.run(f"expected = np.broadcast_to(np.real(np.asarray({value})), (2,)).astype('<f8')")
            expect_array(ctx, "nd", "expected", esc(f"nd[...] = {value} (dtype float64)"), exact=False)


@contract(
    "ndbuffer.setitem.rejects_out_of_range",
    member="NDBuffer.__setitem__",
    text="Assigning to an out-of-range index (one beyond the platform's integers included) or with too many "
    "indices raises IndexError and leaves the buffer unchanged, as in NumPy.",
    needs=("writable",),
    level=Level.SHOULD,
    names_argument="key",
)
@quiet
def check_rejects_out_of_range(ctx: CheckContext) -> None:
    for key in ("5", "-6", "2**70", "(0, 0)", "(slice(None), 2**70)"):
        with ctx.case():
            ctx.run("nd = NDBuffer.from_numpy_array(np.arange(5.0))")
            snapshot(ctx, "nd")
            ctx.raises(f"nd[{key}] = 1.0", IndexError, argument="key")
            expect_unchanged(ctx, "nd", esc(f"nd[{key}] = 1.0"))


@contract(
    "ndbuffer.setitem.every_dtype_kind",
    member="NDBuffer.__setitem__",
    text="nd[key] = values (an array of the buffer's dtype) and nd[key] = scalar write exactly those values, "
    "bit for bit, for every dtype kind the backend holds, at every size.",
    needs=("writable",),
)
@quiet
def check_every_dtype_kind(ctx: CheckContext) -> None:
    for dtype in kinds(ctx):
        for shape, key in (((3, 4), "1:, ::2"), ((LARGE,), "-5:"), ((LARGE,), "::3")):
            with ctx.case():
                kind_values(ctx, dtype, shape, 1)
                kind_values(ctx, dtype, shape, 2, "values")
                ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
                ctx.run(f"nd[{key}] = values[{key}]")
                ctx.run("expected = array.copy()")
                ctx.run(f"expected[{key}] = values[{key}]")
                expect_array(ctx, "nd", "expected", f"nd[{key}] = values[{key}] of dtype {esc(dtype_source(dtype))}")
                kind_scalar(ctx, dtype, 3)
                ctx.run("nd[0] = value")
                ctx.run("expected[0] = value")
                expect_array(ctx, "nd", "expected", f"nd[0] = value of dtype {esc(dtype_source(dtype))}")


@contract(
    "ndbuffer.setitem.atomic",
    member="NDBuffer.__setitem__",
    text="An assignment that fails (a Python sequence with one element that cannot be converted, a value "
    "that does not broadcast, a cast the backend refuses) raises ValueError or TypeError and leaves the buffer "
    "unchanged: no element is written; an assignment it accepts writes what NumPy writes.",
    needs=("writable",),
)
@quiet
def check_atomic(ctx: CheckContext) -> None:
    supported_or_skip(ctx, ("<i4", "<f8", "|u1", "<M8[s]", "<i8", "<f2", "<f4", "|i1", "<u2"))
    cases = (
        ("<i4", "(4,)", "...", "[1, 2, 3, 'x']"),
        ("<i4", "(4,)", "...", "[1, 2, 3, None]"),
        ("<f8", "(2, 3)", "...", "[[1.0, 2.0, 3.0], [4.0, 5.0, 'x']]"),
        ("<f8", "(2, 3)", "0", "(1.0, 2.0, object())"),
        ("|u1", "(4,)", "1:", "[1, 2, 'three']"),
        ("<M8[s]", "(3,)", "...", "['2020-01-01', '2020-01-02', 'not a date']"),
        ("<i4", "(2, 3)", "...", "[[1, 2, 3], [4, 5]]"),
        ("<i8", "(3,)", ":", "[1, 2, 2**70]"),  # the last element overflows
    )
    for dtype, shape, key, value in cases:
        if not supports(ctx, dtype):
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(arange({shape}, {dtype!r}))")
            snapshot(ctx, "nd")
            statement = f"nd[{key}] = {value}"
            ctx.raises(statement, (ValueError, TypeError))
            expect_unchanged(ctx, "nd", esc(statement))
    # Assignments NumPy performs with a defined result (an overflowing cast gives inf, an integer wraps
    # modulo 2**8, a float is truncated): a backend may refuse
    # them, but then it must refuse before writing; if it accepts them, it writes what NumPy writes.
    maybe = (
        ("<f2", "(3,)", ":", "np.array([1.0, 2.0, 1e300])"),
        ("<f4", "(2, 2)", "...", "np.array([[1.0, 2.0], [3.0, -1e300]])"),
        ("|i1", "(3,)", ":", "np.array([1, 2, 300])"),
        ("<u2", "(3,)", "1:", "np.array([7.5, 65535.75])"),  # truncated; no negative float: its cast is undefined
    )
    for dtype, shape, key, value in maybe:
        if not supports(ctx, dtype):
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array(arange({shape}, {dtype!r}))")
            snapshot(ctx, "nd")
            statement = f"nd[{key}] = {value}"
            ctx.run(f"try:\n    {statement}\nexcept (ValueError, TypeError):\n    refused = True\n"
                    "else:\n    refused = False")
            ctx.run(f"expected = before.copy()\nif not refused:\n    expected[{key}] = {value}")
            ctx.run("after = host(nd)")
            ctx.check("same_values(after, expected)",
                      f"after {esc(statement)} ({{'refused' if refused else 'accepted'}}) the buffer holds "
                      "{show(after)}, expected {show(expected)}")


@contract(
    "ndbuffer.setitem.scalar",
    member="NDBuffer.__setitem__",
    text="Assigning a scalar writes it, converted to the dtype bit-exactly (signed zeros, NaN, strings, "
    "NaT), to every selected element.",
    needs=("writable",),
)
@quiet
def check_scalar(ctx: CheckContext) -> None:
    for initial, dtype, key, value in _SCALAR_CASES:
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        with ctx.case():
            ctx.run(f"array = {initial}")
            ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
            assignment = f"[{key_src(key)}] = {source_of(value)}"
            ctx.run(f"nd{assignment}")
            ctx.run("expected = array.copy()")
            ctx.run(f"expected{assignment}")
            expect_array(ctx, "nd", "expected", f"nd after nd{esc(assignment)}")


@contract(
    "ndbuffer.setitem.numpy_array",
    member="NDBuffer.__setitem__",
    text="For host memory, assigning a NumPy array writes its values, broadcast and converted as in NumPy.",
    needs=("host_memory", "writable"),
)
@quiet
def check_numpy_array(ctx: CheckContext) -> None:
    _check_setitem_values(ctx, "values.copy()", "a NumPy array")


@contract(
    "ndbuffer.setitem.ndarray_like",
    member="NDBuffer.__setitem__",
    text="Assigning an array the backend itself produced (as_ndarray_like()) writes its values, broadcast "
    "and converted as in NumPy.",
    needs=("writable",),
)
@quiet
def check_ndarray_like(ctx: CheckContext) -> None:
    _check_setitem_values(ctx, "NDBuffer.from_numpy_array(values.copy()).as_ndarray_like()", "the backend's array")


@contract(
    "ndbuffer.setitem.own_ndbuffer",
    member="NDBuffer.__setitem__",
    text="Assigning an NDBuffer of the same class writes its contents (unwrapped, into object arrays too), "
    "broadcast and converted as in NumPy.",
    needs=("writable",),
)
@quiet
def check_own_ndbuffer(ctx: CheckContext) -> None:
    _check_setitem_values(ctx, "NDBuffer.from_numpy_array(values.copy())", "an NDBuffer")


@contract(
    "ndbuffer.setitem.foreign_ndbuffer",
    member="NDBuffer.__setitem__",
    text="Assigning a conforming NDBuffer of another implementation writes its contents (unwrapped through "
    "its protocol), broadcast and converted as in NumPy.",
    needs=("writable",),
)
@quiet
def check_foreign_ndbuffer(ctx: CheckContext) -> None:
    _check_setitem_values(ctx, "ForeignNDBuffer.from_numpy_array(values.copy())",
                          f"a {esc(ctx.target.foreign_nd_buffer.__qualname__)}")


@contract(
    "ndbuffer.setitem.region_property",
    member="NDBuffer.__setitem__",
    text="Assigning a scalar or a broadcastable NDBuffer to a basic-index region changes exactly that region "
    "as in NumPy (property).",
    needs=("writable",),
    examples=True,
)
@quiet
def check_region_property(ctx: CheckContext) -> None:
    shape = ctx.draw(indexing_shapes(), "shape")
    key = ctx.draw(cached(basic_indices, shape), "key")
    region = np.empty(shape, np.int8)[key].shape
    kind = ctx.draw(sampled("scalar", "same shape", "broadcast"), "kind")
    arange_nd(ctx, writes=True)
    ctx.run("expected = array.copy()")
    if kind == "scalar":
        ctx.run("nd[key] = -7")
        ctx.run("expected[key] = -7")
    else:
        if kind == "same shape":
            ctx.let("value_shape", region)
        else:
            ctx.draw(cached(_broadcastable_to, region), "value_shape")
        ctx.run("values = -1 - arange(value_shape, '<i4')")
        ctx.run("value = NDBuffer.from_numpy_array(values.copy())")
        ctx.run("nd[key] = value")
        ctx.run("expected[key] = values")
    expect_array(ctx, "nd", "expected", f"nd after nd[key] = {'-7' if kind == 'scalar' else 'value'}")


@contract(
    "ndbuffer.setitem.fancy_keys",
    member="NDBuffer.__setitem__",
    text="Assigning through integer-array and boolean-mask keys writes the selected elements as in NumPy.",
    needs=("writable",),
)
@quiet
def check_fancy_keys(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros((3, 4), '<i4'))")
    ctx.run("expected = np.zeros((3, 4), '<i4')")
    mask = np.array([[True, False, False, True], [False, True, False, False], [False, False, False, True]])
    cases: tuple[tuple[Any, Any], ...] = (
        (np.array([0, 2]), 5),
        ((np.array([True, False, True]), 1), np.array([7, 8], "<i4")),
        (mask, 3),
        ((np.array([0, 1]), np.array([3, -2])), np.array([1, 2], "<i4")),
    )
    for key, value in cases:
        ctx.let("key", key)
        if isinstance(value, np.ndarray):
            ctx.let("values", value)
            ctx.run("nd[key] = NDBuffer.from_numpy_array(values.copy())")
            ctx.run("expected[key] = values")
        else:
            ctx.run(f"nd[key] = {value!r}")
            ctx.run(f"expected[key] = {value!r}")
        shown = "an NDBuffer holding {show(values)}" if isinstance(value, np.ndarray) else repr(value)
        expect_array(ctx, "nd", "expected", f"nd after nd[{esc(key_src(key))}] = {shown}")


@contract(
    "ndbuffer.setitem.rejects_non_broadcastable",
    member="NDBuffer.__setitem__",
    text="Assigning a value that does not broadcast to the region, or cannot be converted to the dtype, raises "
    "ValueError and leaves the buffer unchanged.",
    needs=("writable",),
    level=Level.SHOULD,
    names_argument="value",
)
@quiet
def check_rejects_non_broadcastable(ctx: CheckContext) -> None:
    arange_nd(ctx, "(3, 4)", "'<f8'")
    snapshot(ctx, "nd")
    cases: tuple[tuple[Any, str, str], ...] = (
        (0, "NDBuffer.from_numpy_array(np.ones(3))", "an NDBuffer of shape (3,)"),
        (slice(None, 2), "NDBuffer.from_numpy_array(np.ones((3, 4)))", "an NDBuffer of shape (3, 4)"),
        (Ellipsis, "NDBuffer.from_numpy_array(np.ones((2, 4)))", "an NDBuffer of shape (2, 4)"),
        ((slice(None), 0), "NDBuffer.from_numpy_array(np.ones(4))", "an NDBuffer of shape (4,)"),
        (0, "'abc'", "'abc'"),
    )
    for key, value, label in cases:
        with ctx.case():
            ctx.run(f"value = {value}")
            text = key_src(key)
            ctx.raises(f"nd[{text}] = value", ValueError, argument="value",
                       what=f"nd[{esc(text)}] = {esc(label)} on shape (3, 4)")
            expect_unchanged(ctx, "nd", f"nd[{esc(text)}] = {esc(label)}")
