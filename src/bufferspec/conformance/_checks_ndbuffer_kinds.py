"""Contracts that every member writing or converting NDBuffer values works for every dtype kind, and
the value, layout, atomicity and pickling rules that need the exact case to be caught.

A member that silently does nothing for one kind of dtype (booleans, one
integer size, half floats, complex, a datetime unit, bytes, strings,
structured records, objects) is the commonest backend bug a small dtype
sample misses, so the ``*.every_dtype_kind`` contracts loop over
:data:`ALL_KINDS` (each dtype the backend supports; ``create.dtype_*`` report
the others) with pseudo-random values (``pattern_array``: NaN payloads and
signed zeros included), compared bit for bit.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bufferspec.conformance._axes import LARGE
from bufferspec.conformance._checks_buffer import esc, expect_type
from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import Level, contract
from bufferspec.conformance._ndbuffer_support import (
    STRING_DTYPE,
    STRUCTURED,
    expect_array,
    expect_unchanged,
    quiet,
    snapshot,
    supported,
    supported_or_skip,
    supports,
)
from bufferspec.conformance._source import dtype_source, source_of

__all__ = ["ALL_KINDS"]

#: One dtype of every kind and size a backend may hold (both byte orders for some).
ALL_KINDS: tuple[np.dtype[Any], ...] = tuple(
    np.dtype(d)
    for d in ("|b1", "|i1", "<i2", "<i4", "<i8", ">i4", "|u1", "<u2", "<u4", "<u8", "<f2", "<f4", "<f8", ">f8",
              "<c8", "<c16", "<M8[D]", "<M8[ns]", ">M8[s]", "<m8[s]", "<m8[ms]", "|S5", "<U3", "|V4", STRUCTURED,
              object)
) + ((STRING_DTYPE,) if STRING_DTYPE is not None else ())

#: The wider dtype of the same kind that ``astype.every_dtype_kind`` converts to (None: the same dtype).
_WIDER = {"b": None, "i": "<i8", "u": "<u8", "f": "<f8", "c": "<c16", "S": "|S8", "U": "<U6"}


def _kinds(ctx: CheckContext) -> tuple[np.dtype[Any], ...]:
    kinds = supported(ctx, ALL_KINDS)
    if not kinds:
        ctx.skip("the backend supports none of the dtypes (the ndbuffer.create.dtype_* contracts report which)")
    return kinds


def _values(ctx: CheckContext, dtype: np.dtype[Any], shape: tuple[int, ...], seed: int, name: str = "array") -> None:
    """Step ``name = pattern_array(shape, dtype, seed)``."""
    ctx.run(f"{name} = pattern_array({shape!r}, {dtype_source(dtype)}, {seed})")


def _scalar(ctx: CheckContext, dtype: np.dtype[Any], seed: int, name: str = "value") -> None:
    """Step ``name``: one pseudo-random value of *dtype* (a NumPy scalar, or the element for objects and strings)."""
    ctx.run(f"{name} = pattern_array((1,), {dtype_source(dtype)}, {seed})[0]")


@contract(
    "ndbuffer.fill.every_dtype_kind",
    member="NDBuffer.fill",
    text="fill(value) stores value bit for bit in every element for every dtype kind the backend holds "
    "(bool, every integer size, f2/f4/f8, complex, datetime and timedelta units, bytes, str, void, "
    "structured, object), at every size.",
    needs=("writable",),
)
@quiet
def _fill_every_kind(ctx: CheckContext) -> None:
    for dtype in _kinds(ctx):
        for shape in ((3, 4), (), (LARGE,)):
            with ctx.case():
                _values(ctx, dtype, shape, 1)
                _scalar(ctx, dtype, 2)
                ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
                ctx.run("nd.fill(value)")
                ctx.run("expected = array.copy()")
                ctx.run("expected.fill(value)")
                expect_array(ctx, "nd", "expected", f"nd.fill(value) of dtype {esc(dtype_source(dtype))}, shape {shape}")


@contract(
    "ndbuffer.setitem.every_dtype_kind",
    member="NDBuffer.__setitem__",
    text="nd[key] = values (an array of the buffer's dtype) and nd[key] = scalar write exactly those values, "
    "bit for bit, for every dtype kind the backend holds, at every size.",
    needs=("writable",),
)
@quiet
def _setitem_every_kind(ctx: CheckContext) -> None:
    for dtype in _kinds(ctx):
        for shape, key in (((3, 4), "1:, ::2"), ((LARGE,), "-5:"), ((LARGE,), "::3")):
            with ctx.case():
                _values(ctx, dtype, shape, 1)
                _values(ctx, dtype, shape, 2, "values")
                ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
                ctx.run(f"nd[{key}] = values[{key}]")
                ctx.run("expected = array.copy()")
                ctx.run(f"expected[{key}] = values[{key}]")
                expect_array(ctx, "nd", "expected", f"nd[{key}] = values[{key}] of dtype {esc(dtype_source(dtype))}")
                _scalar(ctx, dtype, 3)
                ctx.run("nd[0] = value")
                ctx.run("expected[0] = value")
                expect_array(ctx, "nd", "expected", f"nd[0] = value of dtype {esc(dtype_source(dtype))}")


@contract(
    "ndbuffer.empty.every_dtype_kind",
    member="NDBufferClass.empty",
    text="empty(shape, dtype) returns a buffer of exactly that dtype (byte order, unit and fields included) "
    "and shape for every dtype kind the backend holds, and it can be written and read back.",
    needs=("writable",),
)
@quiet
def _empty_every_kind(ctx: CheckContext) -> None:
    for dtype in _kinds(ctx):
        with ctx.case():
            ctx.run(f"nd = NDBuffer.empty(shape=(2, 3), dtype={dtype_source(dtype)})")
            ctx.check(f"host(nd).dtype == {dtype_source(dtype)} and host(nd).shape == (2, 3)",
                      f"NDBuffer.empty(shape=(2, 3), dtype={esc(dtype_source(dtype))}) holds dtype "
                      "{dtype_text(host(nd).dtype)} and shape {host(nd).shape}")
            _values(ctx, dtype, (2, 3), 4)
            ctx.run("nd[...] = array")
            # Not the contents in the message: where the write did not happen they are uninitialised memory,
            # which differs from run to run, and the reproducer must fail with the same message.
            ctx.check("same_bits(host(nd), array)", f"an empty buffer of dtype {esc(dtype_source(dtype))} does not "
                      "hold the values written with nd[...] = array")


@contract(
    "ndbuffer.astype.every_dtype_kind",
    member="NDBuffer.astype",
    text="astype to the same dtype and to a wider dtype of the same kind converts the values as NumPy does "
    "for every dtype kind the backend holds (the same dtype bit for bit).",
)
@quiet
def _astype_every_kind(ctx: CheckContext) -> None:
    for dtype in _kinds(ctx):
        wider = _WIDER.get(dtype.kind)
        targets = [dtype] + ([np.dtype(wider)] if wider is not None and supports(ctx, wider) else [])
        if dtype.kind in "mM":
            unit = "[ms]" if np.datetime_data(dtype)[0] in ("s", "D") else ""
            if unit and supports(ctx, np.dtype(f"<{dtype.kind}8{unit}")):
                targets.append(np.dtype(f"<{dtype.kind}8{unit}"))
        for target in targets:
            with ctx.case():
                _values(ctx, dtype, (3, 4), 5)
                ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
                call = f"nd.astype({dtype_source(target)})"
                ctx.run(f"result = {call}")
                ctx.run(f"expected = array.astype({dtype_source(target)})")
                expect_array(ctx, "result", "expected", f"{esc(call)} of dtype {esc(dtype_source(dtype))}",
                             exact=target == dtype)


@contract(
    "ndbuffer.all_equal.every_dtype_kind",
    member="NDBuffer.all_equal",
    text="all_equal(value) is True for a buffer holding only value and False when its last element differs, "
    "for every dtype kind the backend holds, at every size (beyond any block size too).",
)
@quiet
def _all_equal_every_kind(ctx: CheckContext) -> None:
    for dtype in _kinds(ctx):
        if dtype.kind == "V" and dtype.names is None:
            continue  # unstructured void: no scalar NumPy compares
        value, other = _distinct_values(dtype)
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


def _distinct_values(dtype: np.dtype[Any]) -> tuple[Any, Any]:
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


# -- all_equal: others a cast would change; complex NaN -----------------------------------------


_CAST_CASES: tuple[tuple[str, str, Any], ...] = (
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


@contract(
    "ndbuffer.all_equal.uncast_other",
    member="NDBuffer.all_equal",
    text="all_equal compares with other as given, never with other cast to the buffer's dtype: a string "
    "longer than the dtype's length, an integer out of its range, a wider float or a finer datetime that the "
    "cast would change are not equal.",
)
@quiet
def _all_equal_uncast_other(ctx: CheckContext) -> None:
    supported_or_skip(ctx, {_dtype_of(data) for data, _, _ in _CAST_CASES})
    for data, other, expected in _CAST_CASES:
        if not supports(ctx, _dtype_of(data)):
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array({data})")
            ctx.run(f"result = nd.all_equal({other})")
            ctx.check(f"bool(result) is {expected}",
                      f"NDBuffer.from_numpy_array({esc(data)}).all_equal({esc(other)}) is {{result!r}}, expected {expected}")


def _dtype_of(source: str) -> np.dtype[Any]:
    return np.dtype(source.rsplit("'", 2)[-2])


_COMPLEX_NAN_CASES: tuple[tuple[complex, complex, bool], ...] = (
    (complex(float("nan"), 0.0), complex(float("nan"), 0.0), True),
    (complex(0.0, float("nan")), complex(0.0, float("nan")), True),
    (complex(float("nan"), float("nan")), complex(float("nan"), float("nan")), True),
    (complex(float("nan"), 0.0), complex(0.0, float("nan")), False),
    (complex(1.0, float("nan")), complex(float("nan"), float("nan")), False),
    (complex(float("nan"), 1.0), complex(float("nan"), 2.0), False),
    (complex(1.0, 0.0), complex(1.0, float("nan")), False),
)


@contract(
    "ndbuffer.all_equal.complex_nan",
    member="NDBuffer.all_equal",
    text="For complex data NaN counts in each part separately: with equal_nan, a part that is NaN equals "
    "only a NaN in the same part, and the other part must be equal too; without equal_nan nothing with a "
    "NaN part is equal.",
)
@quiet
def _all_equal_complex_nan(ctx: CheckContext) -> None:
    for dtype in supported_or_skip(ctx, ("<c8", "<c16", ">c16")):
        for data, other, expected in _COMPLEX_NAN_CASES:
            with ctx.case():
                ctx.run(f"nd = NDBuffer.from_numpy_array(np.full(3, {source_of(data)}, {dtype!r}))")
                ctx.let("other", other)
                for equal_nan, want in ((True, expected), (False, expected and not _has_nan(other))):
                    call = f"nd.all_equal(other, equal_nan={equal_nan})"
                    ctx.run(f"result = {call}")
                    ctx.check(f"bool(result) is {want}",
                              f"{call} is {{result!r}}, expected {want} (nd holds {esc(source_of(data))}, "
                              f"dtype {dtype}; other is {esc(source_of(other))})")


def _has_nan(value: complex) -> bool:
    return value.real != value.real or value.imag != value.imag


# -- atomic assignment ----------------------------------------------------------------------------


@contract(
    "ndbuffer.setitem.atomic",
    member="NDBuffer.__setitem__",
    text="An assignment that fails (a Python sequence with one element that cannot be converted, a value "
    "that does not broadcast, a cast the backend refuses) raises ValueError or TypeError and leaves the buffer "
    "unchanged: no element is written; an assignment it accepts writes what NumPy writes.",
    needs=("writable",),
)
@quiet
def _setitem_atomic(ctx: CheckContext) -> None:
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


# -- pickle out of band -----------------------------------------------------------------------------


@contract(
    "ndbuffer.pickle.out_of_band_zero_copy",
    member="NDBuffer",
    text="For host memory, an NDBuffer over contiguous memory (C or Fortran order) unpickled out of band "
    "(protocol 5, pickle.loads(..., buffers=...)) shares memory with the out-of-band buffers (no copy), "
    "keeps dtype, shape and values, and is read-only exactly when the pickled buffer was.",
    level=Level.SHOULD,
    needs=("host_memory",),
)
@quiet
def _pickle_out_of_band_zero_copy(ctx: CheckContext) -> None:
    sources = ("array.copy()", "np.asfortranarray(array)", "read_only(array.copy())")
    for dtype in supported_or_skip(ctx, ("<f8", ">i4", "<c8", "<M8[s]")):
        for source in sources:
            with ctx.case():
                _values(ctx, np.dtype(dtype), (64, 33), 6)
                ctx.run(f"nd = NDBuffer.from_numpy_array({source})")
                ctx.run("buffers = []")
                ctx.run("stream = pickle.dumps(nd, protocol=5, buffer_callback=buffers.append)")
                ctx.run("back = pickle.loads(stream, buffers=buffers)")
                what = f"NDBuffer.from_numpy_array({esc(source)}) (dtype {dtype}) unpickled out of band"
                expect_type(ctx, "back", what, "NDBuffer")
                expect_array(ctx, "back", "array", what)
                ctx.check("any(np.shares_memory(host(back), np.frombuffer(b, np.uint8)) for b in buffers)",
                          f"{what} copied the out-of-band buffers ({{len(buffers)}} of them; no shared memory)")
                ctx.run("writeable = bool(host(nd).flags.writeable)")
                ctx.check("bool(host(back).flags.writeable) == writeable",
                          f"{what} is {{'writeable' if host(back).flags.writeable else 'read-only'}}, but the "
                          "pickled buffer was {'writeable' if writeable else 'read-only'}")


# -- astype keeps the layout --------------------------------------------------------------------------


@contract(
    "ndbuffer.astype.order_keeps_layout",
    member="NDBuffer.astype",
    text="For host memory, astype lays the result out as NumPy's astype with the same order does: the "
    "default 'K' and 'A' keep a Fortran-ordered source (or a transposed view) Fortran-contiguous, and "
    "a C-ordered one C-contiguous.",
    needs=("host_memory",),
)
@quiet
def _astype_order_keeps_layout(ctx: CheckContext) -> None:
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



# -- all_equal against a plain model ------------------------------------------------------------------

#: Dtypes of the model property: every kind the model covers, both byte orders.
_MODEL_DTYPES = tuple(np.dtype(d) for d in ("<f2", "<f4", ">f8", "<c8", ">c16", "<i2", "|u1", ">i8", "|b1",
                                            "<M8[s]", ">m8[ms]", "|S3", "<U2", np.longdouble, np.clongdouble,
                                            [("a", "<f4"), ("b", ">i2", (2,)), ("c", "<c8")]))
#: How *other* is written: the drawn NumPy scalar, a Python scalar, a 0-d array, a scalar of a wider dtype
#: of the same kind, a row that broadcasts, a full array.
_FORMS = ("scalar", "python", "zero_d", "wider", "row", "array", "other_kind")
_WIDER_OF = {"f": "<f8", "c": "<c16", "i": "<i8", "u": "<u8", "M": "<M8[ms]", "m": "<m8[us]", "S": "|S6", "U": "<U5"}


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
def _all_equal_model(ctx: CheckContext) -> None:
    from bufferspec.conformance._axes import any_size_shapes, draw_subject
    from bufferspec.conformance._ndbuffer_support import draw_dtype, from_dtype, sampled

    dtype = draw_dtype(ctx, _MODEL_DTYPES)
    ctx.draw(from_dtype(dtype), "value")
    shape = ctx.draw(any_size_shapes(), "shape")
    ctx.run("array = full(shape, dtype, value)")
    if int(np.prod(shape)) and ctx.choose(sampled(False, True), "one_differs"):
        ctx.draw(from_dtype(dtype), "different")
        ctx.draw(_flat_index(int(np.prod(shape))), "at")
        ctx.run("array.reshape(-1)[at] = different")
    draw_subject(ctx)
    form = ctx.choose(sampled(*_FORMS), "form")
    if form == "python" and dtype.kind not in "biufc":
        form = "scalar"
    if form == "wider" and (dtype.kind not in _WIDER_OF or not supports(ctx, _WIDER_OF[dtype.kind])):
        form = "zero_d"
    if form in ("row", "array") and not ctx["expected"].ndim:
        form = "zero_d"
    if form == "other_kind" and dtype.kind not in "fciu":
        form = "scalar"
    other = {
        "scalar": "other = full((), dtype, value)[()]",
        "python": "other = full((), dtype, value)[()].item()",
        "zero_d": "other = full((), dtype, value)",
        "wider": f"other = full((), dtype, value).astype({_WIDER_OF.get(dtype.kind, '')!r})[()]",
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


def _flat_index(size: int) -> Any:
    from hypothesis import strategies as st

    return st.sampled_from((0, size - 1)) | st.integers(0, size - 1)
