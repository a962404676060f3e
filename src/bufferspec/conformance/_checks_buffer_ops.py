"""Contracts of ``Buffer`` operations: slicing, assignment, combine/+, ==, hash, PEP 688, pickle.

The construction and read-back contracts, and the helpers used here, are in
:mod:`bufferspec.conformance._checks_buffer`.
"""

from __future__ import annotations

import io
import pickle
import sys
import zlib
from functools import partial
from operator import add, getitem
from typing import Any

import numpy as np
from hypothesis import strategies as st

from bufferspec.conformance._checks_buffer import (
    expect_bytes,
    expect_unchanged,
    make,
    make_foreign,
    slice_source,
    uint8_value,
)
from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import Level, contract
from bufferspec.conformance._strategies import byte_strings, slice_bounds

__all__: list[str] = []

#: Python honours a Python-level ``__buffer__`` (PEP 688) from 3.12 on.
_HAS_PEP688: bool = sys.version_info >= (3, 12)

#: Up to three short byte strings (the ``others`` of ``combine``).
small_parts: st.SearchStrategy[list[bytes]] = st.lists(st.binary(max_size=16), max_size=3)


def edge_keys(length: int) -> list[slice]:
    """The edge cases of Python's slice rules for a sequence of *length* items."""
    return [
        slice(None, None),
        slice(-1, None),
        slice(None, -1),
        slice(-2, -1),
        slice(0, length + 1),
        slice(length + 1, None),
        slice(-length - 1, None),
        slice(-length - 5, 2),
        slice(length // 2, length // 2),
        slice(3, 1),
    ]


def keys(length: int) -> st.SearchStrategy[slice]:
    """A step-1 slice: one of :func:`edge_keys`, or any bounds around the length."""
    return st.one_of(st.sampled_from(edge_keys(length)), slice_bounds(length))


def related(data: bytes) -> st.SearchStrategy[bytes]:
    """Byte strings to compare *data* with: itself, one byte changed, a prefix, an extension, anything."""
    options: list[st.SearchStrategy[bytes]] = [st.just(data), st.just(data + b"\x00"), byte_strings]
    if data:
        options.append(st.just(data[:-1]))
        options.append(
            st.builds(
                lambda i, d: data[:i] + bytes([(data[i] + d) % 256]) + data[i + 1 :],
                st.integers(0, len(data) - 1),
                st.integers(1, 255),
            )
        )
    return st.one_of(options)


# -- __getitem__ ---------------------------------------------------------------------------


@contract(
    "buffer.getitem.slice_semantics",
    member="Buffer.__getitem__",
    text="buf[a:b] holds exactly the bytes Python's slice rules select (negative bounds count from the end, "
    "out-of-range bounds are clamped, stop = len + 1 is fine).",
    examples=True,
)
def _getitem_semantics(ctx: CheckContext) -> None:
    data = ctx.draw(byte_strings, "data")
    first = ctx.draw(slice_bounds(len(data)), "key")
    more = ctx.draw(st.lists(slice_bounds(len(data)), max_size=5), "more_keys")
    buf, name = make(ctx, data)
    for key in (first, *more, *edge_keys(len(data))):
        ctx.record(f"assert {name}[{slice_source(key)}].as_numpy_array().tobytes() == {data[key]!r}")
        expect_bytes(ctx, buf[key], data[key], f"{name}[{slice_source(key)}]")


@contract(
    "buffer.getitem.returns_cls",
    member="Buffer.__getitem__",
    text="buf[a:b] returns an instance of exactly the buffer's class, also when the slice is empty.",
)
def _getitem_returns_cls(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"0123456789")
    for key in (slice(2, 6), slice(None, None), slice(5, 2), slice(-3, None)):
        ctx.record(f"assert type({name}[{slice_source(key)}]) is Buffer")
        ctx.expect_type(buf[key], ctx.Buffer, f"{name}[{slice_source(key)}]")


@contract(
    "buffer.getitem.view",
    member="Buffer.__getitem__",
    text="For host memory, a slice is a view: it shares memory with the buffer.",
    needs=("host_memory",),
)
def _getitem_view(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"0123456789")
    ctx.record(f"assert np.shares_memory({name}[2:6].as_numpy_array(), {name}.as_numpy_array())")
    ctx.expect_shares_memory(ctx.host(buf[2:6]), ctx.host(buf), f"{name}[2:6]")


@contract(
    "buffer.getitem.write_through",
    member="Buffer.__getitem__",
    text="A slice is a view: a write through the slice is visible in the buffer, and a write to the buffer "
    "is visible in the slice.",
    needs=("writable",),
)
def _getitem_write_through(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"0123456789")
    ctx.record(f"part = {name}[2:6]; part[0:2] = np.frombuffer(b'ab', np.uint8).copy(); assert {name}.as_numpy_array().tobytes() == b'01ab456789'")
    part = buf[2:6]
    part[0:2] = uint8_value(b"ab")
    got = ctx.host_bytes(buf)
    ctx.expect(got == b"01ab456789", f"a write to {name}[2:6] is not visible in the buffer ({got!r}): the slice is a copy")
    ctx.record(f"{name}[4:6] = np.frombuffer(b'cd', np.uint8).copy(); assert part.as_numpy_array().tobytes() == b'abcd'")
    buf[4:6] = uint8_value(b"cd")
    got = ctx.host_bytes(part)
    ctx.expect(got == b"abcd", f"a write to the buffer is not visible in the slice {name}[2:6] ({got!r}): it is a copy")


@contract(
    "buffer.getitem.rejects_step",
    member="Buffer.__getitem__",
    text="A slice step other than None or 1 raises ValueError whose message names key.",
)
def _getitem_rejects_step(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"0123456789")
    for step in (2, -1, 0):
        ctx.record(f"{name}[::{step}]  # must raise ValueError naming key")
        ctx.expect_raises(ValueError, partial(getitem, buf, slice(None, None, step)), what=f"{name}[::{step}]", argument="key")
    expect_unchanged(ctx, buf, b"0123456789", "a rejected slice")


@contract(
    "buffer.getitem.rejects_non_slice",
    member="Buffer.__getitem__",
    text="A key that is not a slice (an int, a tuple, None) raises TypeError whose message names key.",
)
def _getitem_rejects_non_slice(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"0123456789")
    for key in (0, (0, 1), None):
        ctx.record(f"{name}[{key!r}]  # must raise TypeError naming key")
        ctx.expect_raises(TypeError, partial(getitem, buf, key), what=f"{name}[{key!r}]", argument="key")
    expect_unchanged(ctx, buf, b"0123456789", "a rejected key")


# -- __setitem__ ---------------------------------------------------------------------------


@contract(
    "buffer.setitem.bytes_like",
    member="Buffer.__setitem__",
    text="buf[a:b] = value, with a bytes, bytearray or memoryview value of exactly the selected length, "
    "overwrites the bytes Python's slice rules select, in place, and no others.",
    needs=("writable",),
    examples=True,
)
def _setitem_bytes_like(ctx: CheckContext) -> None:
    data = ctx.draw(byte_strings, "data")
    buf, name = make(ctx, data)
    model = bytearray(data)
    for index in range(ctx.draw(st.integers(1, 4), "assignments")):
        key = ctx.draw(keys(len(data)), f"key{index}")
        size = len(model[key])
        value = ctx.draw(st.binary(min_size=size, max_size=size), f"value{index}")
        kind = ctx.draw(st.sampled_from(["bytes", "bytearray", "memoryview"]), f"kind{index}")
        obj: Any = value if kind == "bytes" else bytearray(value) if kind == "bytearray" else memoryview(value)
        source = repr(value) if kind == "bytes" else f"{kind}({value!r})"
        ctx.record(f"{name}[{slice_source(key)}] = {source}")
        buf[key] = obj
        model[key] = value
        ctx.record(f"assert {name}.as_numpy_array().tobytes() == {bytes(model)!r}")
        expect_bytes(ctx, buf, bytes(model), f"after {name}[{slice_source(key)}] = {source}, {name}")


@contract(
    "buffer.setitem.uint8_array",
    member="Buffer.__setitem__",
    text="For host memory, buf[a:b] = value accepts a one-dimensional uint8 NumPy array as value and copies its bytes.",
    needs=("host_memory", "writable"),
)
def _setitem_uint8_array(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"abcdef")
    ctx.record(f"{name}[1:3] = np.array([88, 89], dtype=np.uint8)")
    buf[1:3] = np.array([88, 89], dtype=np.uint8)
    ctx.record(f"{name}[-2:] = np.frombuffer(b'12', np.uint8)")
    buf[-2:] = np.frombuffer(b"12", np.uint8)
    ctx.record(f"assert {name}.as_numpy_array().tobytes() == b'aXYd12'")
    expect_bytes(ctx, buf, b"aXYd12", f"after {name}[1:3] = np.array([88, 89], dtype=np.uint8), {name}")


@contract(
    "buffer.setitem.buffer_value",
    member="Buffer.__setitem__",
    text="buf[a:b] = value accepts a Buffer of the same class as value and copies its bytes.",
    needs=("writable",),
)
def _setitem_buffer_value(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"abcdef")
    value, value_name = make(ctx, b"XY", writable=False)
    ctx.record(f"{name}[1:3] = {value_name}; {name}[-2:] = {value_name}")
    buf[1:3] = value
    buf[-2:] = value
    ctx.record(f"assert {name}.as_numpy_array().tobytes() == b'aXYdXY'")
    expect_bytes(ctx, buf, b"aXYdXY", f"after {name}[1:3] = {value_name}; {name}[-2:] = {value_name}, {name}")


@contract(
    "buffer.setitem.foreign_buffer",
    member="Buffer.__setitem__",
    text="buf[a:b] = value accepts a conforming Buffer of another implementation as value and copies its bytes.",
    needs=("writable",),
)
def _setitem_foreign_buffer(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"abcdef")
    value, value_name = make_foreign(ctx, b"XY")
    ctx.record(f"{name}[1:3] = {value_name}; {name}[-2:] = {value_name}")
    buf[1:3] = value
    buf[-2:] = value
    ctx.record(f"assert {name}.as_numpy_array().tobytes() == b'aXYdXY'")
    expect_bytes(ctx, buf, b"aXYdXY", f"after {name}[1:3] = {value_name} (foreign); {name}[-2:] = {value_name}, {name}")


@contract(
    "buffer.setitem.overlapping",
    member="Buffer.__setitem__",
    text="buf[a:b] = value with a value that overlaps the buffer (a slice of itself) writes the bytes the value "
    "held before the assignment.",
    needs=("writable",),
)
def _setitem_overlapping(ctx: CheckContext) -> None:
    for target, source, expected in ((slice(1, 5), slice(0, 4), b"aabcdf"), (slice(0, 4), slice(1, 5), b"bcdeef")):
        buf, name = make(ctx, b"abcdef")
        ctx.record(f"{name}[{slice_source(target)}] = {name}[{slice_source(source)}]")
        ctx.record(f"assert {name}.as_numpy_array().tobytes() == {expected!r}")
        buf[target] = buf[source]
        expect_bytes(ctx, buf, expected, f"after {name}[{slice_source(target)}] = {name}[{slice_source(source)}], {name}")


@contract(
    "buffer.setitem.rejects_wrong_length",
    member="Buffer.__setitem__",
    text="buf[a:b] = value with a value whose length differs from the number of selected bytes raises ValueError "
    "whose message names value, and leaves the buffer unchanged.",
    needs=("writable",),
)
def _setitem_rejects_wrong_length(ctx: CheckContext) -> None:
    data = b"0123456789"
    buf, name = make(ctx, data)
    longer, longer_name = make(ctx, b"xyz")
    cases: tuple[tuple[slice, Any, str], ...] = (
        (slice(0, 2), b"xyz", "b'xyz'"),
        (slice(0, 2), b"x", "b'x'"),
        (slice(8, 20), b"abc", "b'abc'"),
        (slice(0, 0), b"x", "b'x'"),
        (slice(0, 2), longer, longer_name),
    )
    for key, value, label in cases:
        what = f"{name}[{slice_source(key)}] = {label}"
        ctx.record(f"{what}  # must raise ValueError naming value")

        def assign(k: slice = key, v: Any = value) -> None:
            buf[k] = v

        ctx.expect_raises(ValueError, assign, what=what, argument="value")
        expect_unchanged(ctx, buf, data, what)


@contract(
    "buffer.setitem.rejects_read_only",
    member="Buffer.__setitem__",
    text="For host memory, assigning to a read-only buffer (one made from bytes) raises ValueError "
    "and leaves it unchanged.",
    needs=("host_memory",),
)
def _setitem_rejects_read_only(ctx: CheckContext) -> None:
    data = b"abcdef"
    buf, name = make(ctx, data, writable=False)
    value, value_name = make(ctx, b"XY")
    for key, obj, label in ((slice(0, 2), b"zz", "b'zz'"), (slice(-2, None), value, value_name)):
        what = f"{name}[{slice_source(key)}] = {label}"
        ctx.record(f"{what}  # must raise ValueError")

        def assign(k: slice = key, v: Any = obj) -> None:
            buf[k] = v

        ctx.expect_raises(ValueError, assign, what=f"{what} on a read-only buffer")
        expect_unchanged(ctx, buf, data, what)


@contract(
    "buffer.setitem.rejects_non_bytes",
    member="Buffer.__setitem__",
    text="buf[a:b] = value with a value that is neither bytes-like, a uint8 array nor a Buffer "
    "(an int, a float, a str, None) raises TypeError whose message names value, and leaves the buffer unchanged.",
    needs=("writable",),
)
def _setitem_rejects_non_bytes(ctx: CheckContext) -> None:
    data = b"abcdef"
    buf, name = make(ctx, data)
    for value in (7, 1.5, "ab", None):
        what = f"{name}[0:2] = {value!r}"
        ctx.record(f"{what}  # must raise TypeError naming value")

        def assign(v: Any = value) -> None:
            buf[0:2] = v

        ctx.expect_raises(TypeError, assign, what=what, argument="value")
        expect_unchanged(ctx, buf, data, what)


@contract(
    "buffer.setitem.rejects_step",
    member="Buffer.__setitem__",
    text="Assigning to a slice whose step is not None or 1 raises ValueError whose message names key, "
    "and leaves the buffer unchanged.",
    needs=("writable",),
)
def _setitem_rejects_step(ctx: CheckContext) -> None:
    data = b"abcdef"
    buf, name = make(ctx, data)
    for key, value in ((slice(None, None, 2), b"XYZ"), (slice(None, None, -1), b"fedcba")):
        what = f"{name}[{slice_source(key)}] = {value!r}"
        ctx.record(f"{what}  # must raise ValueError naming key")

        def assign(k: slice = key, v: bytes = value) -> None:
            buf[k] = v

        ctx.expect_raises(ValueError, assign, what=what, argument="key")
        expect_unchanged(ctx, buf, data, what)


@contract(
    "buffer.setitem.rejects_non_slice",
    member="Buffer.__setitem__",
    text="Assigning with a key that is not a slice (an int, a tuple) raises TypeError whose message names key, "
    "and leaves the buffer unchanged.",
    needs=("writable",),
)
def _setitem_rejects_non_slice(ctx: CheckContext) -> None:
    data = b"abcdef"
    buf, name = make(ctx, data)
    for key in (0, (0, 1)):
        what = f"{name}[{key!r}] = b'z'"
        ctx.record(f"{what}  # must raise TypeError naming key")

        def assign(k: Any = key) -> None:
            buf[k] = b"z"

        ctx.expect_raises(TypeError, assign, what=what, argument="key")
        expect_unchanged(ctx, buf, data, what)


# -- combine -------------------------------------------------------------------------------


@contract(
    "buffer.combine.concatenation",
    member="Buffer.combine",
    text="buf.combine(others) holds the bytes of buf followed by the bytes of each of others, in order.",
    examples=True,
)
def _combine_concatenation(ctx: CheckContext) -> None:
    data = ctx.draw(byte_strings, "data")
    parts = ctx.draw(small_parts, "others")
    buf, name = make(ctx, data)
    others = [make(ctx, part) for part in parts]
    ctx.record(f"result = {name}.combine([{', '.join(n for _, n in others)}])")
    result = buf.combine([o for o, _ in others])
    expected = data + b"".join(parts)
    ctx.record(f"assert result.as_numpy_array().tobytes() == {expected!r}")
    expect_bytes(ctx, result, expected, "combine(...)")


@contract(
    "buffer.combine.returns_type_self",
    member="Buffer.combine",
    text="buf.combine(others) returns an instance of exactly type(buf), whatever the classes in others.",
)
def _combine_returns_type_self(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"abc")
    own, own_name = make(ctx, b"de")
    other, other_name = make_foreign(ctx, b"fg")
    for others, label in (([own], own_name), ([other], other_name), ([other, own], f"{other_name}, {own_name}"), ([], "")):
        ctx.record(f"assert type({name}.combine([{label}])) is Buffer")
        ctx.expect_type(buf.combine(others), ctx.Buffer, f"{name}.combine([{label}])")


@contract(
    "buffer.combine.empty_others",
    member="Buffer.combine",
    text="buf.combine([]) holds the bytes of buf (an empty others adds nothing).",
)
def _combine_empty_others(ctx: CheckContext) -> None:
    for data in (b"abc", b""):
        buf, name = make(ctx, data)
        ctx.record(f"assert {name}.combine([]).as_numpy_array().tobytes() == {data!r}")
        expect_bytes(ctx, buf.combine([]), data, f"{name}.combine([])")
        ctx.record(f"assert {name}.combine(()).as_numpy_array().tobytes() == {data!r}")
        expect_bytes(ctx, buf.combine(()), data, f"{name}.combine(())")


@contract(
    "buffer.combine.iterable",
    member="Buffer.combine",
    text="buf.combine(others) accepts any iterable of Buffers, including a one-shot generator and a tuple.",
)
def _combine_iterable(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"ab")
    b, b_name = make(ctx, b"cd")
    c, c_name = make(ctx, b"ef")
    ctx.record(f"assert {name}.combine(x for x in ({b_name}, {c_name})).as_numpy_array().tobytes() == b'abcdef'")
    expect_bytes(ctx, buf.combine(x for x in (b, c)), b"abcdef", f"{name}.combine(<generator>)")
    ctx.record(f"assert {name}.combine(({b_name}, {c_name})).as_numpy_array().tobytes() == b'abcdef'")
    expect_bytes(ctx, buf.combine((b, c)), b"abcdef", f"{name}.combine(<tuple>)")


@contract(
    "buffer.combine.foreign",
    member="Buffer.combine",
    text="buf.combine(others) accepts conforming Buffers of other implementations in others, mixed with its own class.",
)
def _combine_foreign(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"ab")
    f1, f1_name = make_foreign(ctx, b"cd")
    own, own_name = make(ctx, b"ef")
    f2, f2_name = make_foreign(ctx, b"")
    ctx.record(f"result = {name}.combine([{f1_name}, {own_name}, {f2_name}])")
    ctx.record("assert result.as_numpy_array().tobytes() == b'abcdef'")
    expect_bytes(ctx, buf.combine([f1, own, f2]), b"abcdef", f"{name}.combine([<foreign>, <own>, <foreign empty>])")


def _poke(ctx: CheckContext, buf: Any, name: str, value: bytes) -> None:
    """Write *value* at the start of *buf*: with ``__setitem__`` for the target's class, and
    through the host array for the foreign class (a host-memory reference implementation)."""
    if type(buf) is ctx.Buffer:
        ctx.record(f"{name}[0:1] = np.frombuffer({value!r}, np.uint8).copy()")
        buf[0:1] = uint8_value(value)
    else:
        ctx.record(f"{name}.as_numpy_array()[0] = {value[0]}")
        buf.as_numpy_array()[0] = value[0]


@contract(
    "buffer.combine.no_alias",
    member="Buffer.combine",
    text="buf.combine(others) is a new buffer: writing to it does not change buf or any of others, and writing "
    "to them does not change it, even when others is empty.",
    needs=("writable",),
)
def _combine_no_alias(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"abc")
    own, own_name = make(ctx, b"de")
    other, other_name = make_foreign(ctx, b"fg")
    for others, label in (([own, other], f"{own_name}, {other_name}"), ([], "")):
        inputs = [(buf, name), *zip(others, label.split(", "))]
        ctx.record(f"result = {name}.combine([{label}])")
        result = buf.combine(others)
        snapshot = ctx.host_bytes(result)
        before = [ctx.host_bytes(x) for x, _ in inputs]
        size = len(snapshot)
        ctx.record(f"result[0:{size}] = np.frombuffer({b'!' * size!r}, np.uint8).copy()")
        result[0:size] = uint8_value(b"!" * size)
        for (x, x_name), old in zip(inputs, before, strict=True):
            ctx.record(f"assert {x_name}.as_numpy_array().tobytes() == {old!r}")
            ctx.expect(
                ctx.host_bytes(x) == old, f"a write to {name}.combine([{label}]) changed its input {x_name}: it aliases it"
            )
        ctx.record(f"result[0:{size}] = np.frombuffer({snapshot!r}, np.uint8).copy()")
        result[0:size] = uint8_value(snapshot)
        for x, x_name in inputs:
            _poke(ctx, x, x_name, b"?")
        ctx.record(f"assert result.as_numpy_array().tobytes() == {snapshot!r}")
        got = ctx.host_bytes(result)
        ctx.expect(got == snapshot, f"writes to the inputs changed {name}.combine([{label}]) to {got!r}: it aliases them")
        for (x, x_name), old in zip(inputs, before, strict=True):
            _poke(ctx, x, x_name, old[:1])


@contract(
    "buffer.combine.no_shared_memory",
    member="Buffer.combine",
    text="For host memory, buf.combine(others) shares no memory with buf or any of others, even when others is empty.",
    needs=("host_memory",),
)
def _combine_no_shared_memory(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"abc")
    own, own_name = make(ctx, b"de")
    other, other_name = make_foreign(ctx, b"fg")
    for others, label in (([own, other], f"{own_name}, {other_name}"), ([], "")):
        ctx.record(f"result = {name}.combine([{label}])")
        result = buf.combine(others)
        for x, x_name in [(buf, name), *zip(others, label.split(", "))]:
            ctx.record(f"assert not np.shares_memory(result.as_numpy_array(), {x_name}.as_numpy_array())")
            ctx.expect_no_shared_memory(ctx.host(result), ctx.host(x), f"{name}.combine([{label}]) (input {x_name})")


@contract(
    "buffer.combine.rejects_non_buffer",
    member="Buffer.combine",
    text="buf.combine(others) with an element of others that is not a Buffer (bytes, an int, None) raises TypeError "
    "whose message names others, and changes no input.",
)
def _combine_rejects_non_buffer(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"abc")
    own, own_name = make(ctx, b"de")
    for others, label in (([b"x"], "b'x'"), ([own, 3], f"{own_name}, 3"), ([None], "None")):
        what = f"{name}.combine([{label}])"
        ctx.record(f"{what}  # must raise TypeError naming others")
        ctx.expect_raises(TypeError, partial(buf.combine, others), what=what, argument="others")
        expect_unchanged(ctx, buf, b"abc", what)
        expect_unchanged(ctx, own, b"de", what)


# -- __add__ ----------------------------------------------------------------------------------


@contract(
    "buffer.add.equals_combine",
    member="Buffer.__add__",
    text="a + b equals a.combine([b]): the bytes of a then those of b, in a buffer of type(a), "
    "also when b is of another implementation.",
    examples=True,
)
def _add_equals_combine(ctx: CheckContext) -> None:
    left = ctx.draw(byte_strings, "left")
    right = ctx.draw(byte_strings, "right")
    foreign = ctx.draw(st.booleans(), "foreign")
    a, a_name = make(ctx, left)
    b, b_name = make_foreign(ctx, right) if foreign else make(ctx, right)
    ctx.record(f"result = {a_name} + {b_name}; assert type(result) is Buffer")
    result = a + b
    ctx.expect_type(result, ctx.Buffer, f"{a_name} + {b_name}")
    ctx.record(f"assert result.as_numpy_array().tobytes() == {a_name}.combine([{b_name}]).as_numpy_array().tobytes()")
    expect_bytes(ctx, result, ctx.host_bytes(a.combine([b])), f"{a_name} + {b_name}")
    ctx.record(f"assert result.as_numpy_array().tobytes() == {left + right!r}")
    expect_bytes(ctx, result, left + right, f"{a_name} + {b_name}")


@contract(
    "buffer.add.rejects_non_buffer",
    member="Buffer.__add__",
    text="buf + other with an operand that is not a Buffer (an int, bytes, a str) raises TypeError "
    "and leaves buf unchanged.",
)
def _add_rejects_non_buffer(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"abc")
    for other in (3, b"x", "x"):
        what = f"{name} + {other!r}"
        ctx.record(f"{what}  # must raise TypeError")
        ctx.expect_raises(TypeError, partial(add, buf, other), what=what)
        expect_unchanged(ctx, buf, b"abc", what)


# -- __eq__ and __hash__ ---------------------------------------------------------------------


@contract(
    "buffer.eq.content",
    member="Buffer.__eq__",
    text="a == b for two buffers of the class is True exactly when they hold the same bytes (and != is its negation).",
    examples=True,
)
def _eq_content(ctx: CheckContext) -> None:
    left = ctx.draw(byte_strings, "left")
    right = ctx.draw(related(left), "right")
    a, a_name = make(ctx, left)
    b, b_name = make(ctx, right)
    expected = left == right
    ctx.record(f"assert ({a_name} == {b_name}) is {expected}")
    ctx.expect(bool(a == b) is expected, f"{a_name} == {b_name} is {a == b!r} for {left!r} and {right!r}")
    ctx.expect(bool(a != b) is not expected, f"{a_name} != {b_name} is {a != b!r} for {left!r} and {right!r}")


@contract(
    "buffer.eq.foreign",
    member="Buffer.__eq__",
    text="Equality with a conforming Buffer of another implementation compares contents, in both directions; "
    "buf.__eq__(other) itself answers (it does not return NotImplemented).",
    examples=True,
)
def _eq_foreign(ctx: CheckContext) -> None:
    left = ctx.draw(byte_strings, "left")
    right = ctx.draw(related(left), "right")
    a, a_name = make(ctx, left)
    b, b_name = make_foreign(ctx, right)
    expected = left == right
    ctx.record(f"assert {a_name}.__eq__({b_name}) is {expected}")
    direct = a.__eq__(b)
    ctx.expect(
        direct is not NotImplemented,
        f"{a_name}.__eq__({b_name}) returned NotImplemented for a conforming foreign Buffer",
    )
    ctx.expect(bool(direct) is expected, f"{a_name}.__eq__({b_name}) (foreign) is {direct!r} for {left!r} and {right!r}")
    ctx.record(f"assert ({a_name} == {b_name}) is {expected} and ({b_name} == {a_name}) is {expected}")
    ctx.expect(bool(a == b) is expected, f"{a_name} == {b_name} (foreign) is {a == b!r} for {left!r} and {right!r}")
    ctx.expect(bool(b == a) is expected, f"{b_name} (foreign) == {a_name} is {b == a!r} for {right!r} and {left!r}")


@contract(
    "buffer.eq.different_lengths",
    member="Buffer.__eq__",
    text="Buffers of different lengths are unequal, also when one is a prefix of the other.",
)
def _eq_different_lengths(ctx: CheckContext) -> None:
    for left, right in ((b"abc", b"ab"), (b"ab", b"abc"), (b"", b"a"), (b"a", b"")):
        a, a_name = make(ctx, left)
        b, b_name = make(ctx, right)
        ctx.record(f"assert not ({a_name} == {b_name})")
        ctx.expect(not bool(a == b), f"{a_name} == {b_name} is true for {left!r} and {right!r}")


@contract(
    "buffer.eq.empty",
    member="Buffer.__eq__",
    text="Two empty buffers are equal, however they were made.",
)
def _eq_empty(ctx: CheckContext) -> None:
    a, a_name = make(ctx, b"", writable=False)
    b, b_name = make(ctx, b"")
    c = ctx.call("empty = Buffer.create_zero_length()", ctx.Buffer.create_zero_length)
    for x, x_name, y, y_name in ((a, a_name, b, b_name), (a, a_name, c, "empty"), (c, "empty", a, a_name)):
        ctx.record(f"assert {x_name} == {y_name}")
        ctx.expect(bool(x == y), f"{x_name} == {y_name} is false for two empty buffers")


@contract(
    "buffer.eq.non_buffer",
    member="Buffer.__eq__",
    text="buf.__eq__(other) returns NotImplemented for an object that is not a Buffer, "
    "so buf == b'...' is False (never an error), also when the bytes are the same.",
)
def _eq_non_buffer(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"abc")
    # bytearray and memoryview compare with any buffer-protocol object once __eq__
    # returns NotImplemented (PEP 688), so for them only NotImplemented is checked.
    for other, plain_false in ((b"abc", True), ("abc", True), (None, True), (3, True), (bytearray(b"abc"), False)):
        try:
            direct = buf.__eq__(other)
            compared = buf == other
            differs = buf != other
        except Exception as exc:
            ctx.fail(f"comparing {name} with {other!r} raised {type(exc).__name__}: {exc}")
        ctx.record(f"assert {name}.__eq__({other!r}) is NotImplemented")
        ctx.expect(direct is NotImplemented, f"{name}.__eq__({other!r}) returned {direct!r}, expected NotImplemented")
        if plain_false:
            ctx.record(f"assert ({name} == {other!r}) is False and ({name} != {other!r}) is True")
            ctx.expect(compared is False, f"{name} == {other!r} is {compared!r}, expected False")
            ctx.expect(differs is True, f"{name} != {other!r} is {differs!r}, expected True")


@contract(
    "buffer.hash.unhashable",
    member="Buffer",
    text="Buffers are mutable and therefore unhashable: hash(buf) raises TypeError.",
)
def _hash_unhashable(ctx: CheckContext) -> None:
    for writable in (False, True):
        buf, name = make(ctx, b"abc", writable=writable)
        ctx.record(f"hash({name})  # must raise TypeError")
        ctx.expect_raises(TypeError, partial(hash, buf), what=f"hash({name})")


# -- PEP 688 and pickle ---------------------------------------------------------------------


@contract(
    "buffer.pep688.buffer_export",
    member="Buffer.__buffer__",
    text="For host memory, a buffer exports PEP 688 __buffer__, so memoryview(buf), numpy.frombuffer(buf), "
    "file.write(buf) and zlib.compress(buf) work without a copy (checked on Python 3.12+; "
    "earlier Pythons ignore __buffer__, so there the contract is skipped).",
    level=Level.SHOULD,
    needs=("host_memory",),
    unavailable=None if _HAS_PEP688 else "Python < 3.12 ignores a Python-level __buffer__ (PEP 688)",
)
def _pep688_buffer_export(ctx: CheckContext) -> None:
    for writable in (False, True):
        buf, name = make(ctx, b"abcdef", writable=writable)
        ctx.record(f"view = memoryview({name}); assert np.shares_memory(np.frombuffer(view, np.uint8), {name}.as_numpy_array())")
        try:
            view = memoryview(buf)
        except TypeError as exc:
            ctx.fail(f"memoryview({name}) raised TypeError ({exc}): no PEP 688 __buffer__")
        ctx.expect(view.tobytes() == b"abcdef", f"memoryview({name}) holds {view.tobytes()!r}, expected b'abcdef'")
        ctx.expect_shares_memory(np.frombuffer(view, np.uint8), ctx.host(buf), f"memoryview({name})")
        writeable = bool(ctx.host(buf).flags.writeable)
        ctx.expect(view.readonly != writeable, f"memoryview({name}).readonly is {view.readonly} but as_numpy_array() "
                   f"is {'writeable' if writeable else 'read-only'}")
        ctx.record(f"import zlib, io; zlib.compress({name}); io.BytesIO().write({name}); np.frombuffer({name}, np.uint8)")
        ctx.expect(np.frombuffer(buf, np.uint8).tobytes() == b"abcdef", f"np.frombuffer({name}) has the wrong bytes")
        ctx.expect(zlib.compress(buf) == zlib.compress(b"abcdef"), f"zlib.compress({name}) differs from the bytes'")
        sink = io.BytesIO()
        ctx.expect(sink.write(buf) == 6 and sink.getvalue() == b"abcdef", f"file.write({name}) wrote the wrong bytes")


@contract(
    "buffer.pickle.roundtrip",
    member="Buffer",
    text="A buffer pickles: pickle.loads(pickle.dumps(buf, protocol)) has the same class and bytes, "
    "for protocols 2 and 5.",
    level=Level.SHOULD,
)
def _pickle_roundtrip(ctx: CheckContext) -> None:
    ctx.record("import pickle")
    for data, writable in ((b"abcdef", False), (b"abcdef", True), (b"", None)):
        buf, name = make(ctx, data, writable=writable)
        for protocol in (2, 5):
            ctx.record(f"copy = pickle.loads(pickle.dumps({name}, protocol={protocol}))")
            try:
                copy = pickle.loads(pickle.dumps(buf, protocol=protocol))
            except Exception as exc:
                ctx.fail(f"pickling {name} with protocol {protocol} raised {type(exc).__name__}: {exc}")
            ctx.record(f"assert type(copy) is Buffer and copy.as_numpy_array().tobytes() == {data!r}")
            ctx.expect_type(copy, ctx.Buffer, f"an unpickled buffer (protocol {protocol})")
            expect_bytes(ctx, copy, data, f"an unpickled buffer (protocol {protocol})")


@contract(
    "buffer.pickle.out_of_band",
    member="Buffer",
    text="For host memory, pickle protocol 5 with a buffer_callback passes the bytes out of band "
    "(as PickleBuffers, not in the pickle stream) and pickle.loads(..., buffers=...) restores class and bytes.",
    level=Level.SHOULD,
    needs=("host_memory",),
)
def _pickle_out_of_band(ctx: CheckContext) -> None:
    data = bytes(range(256)) * 16
    for writable in (False, True):
        source = bytearray(data) if writable else data
        ctx.record(f"import pickle; buf = Buffer.from_bytes({type(source).__name__}(bytes(range(256)) * 16)); buffers = []")
        buf = ctx.Buffer.from_bytes(source)
        ctx.record("stream = pickle.dumps(buf, protocol=5, buffer_callback=buffers.append)")
        buffers: list[pickle.PickleBuffer] = []
        try:
            stream = pickle.dumps(buf, protocol=5, buffer_callback=buffers.append)
        except Exception as exc:
            ctx.fail(f"pickle.dumps(buf, protocol=5, buffer_callback=...) raised {type(exc).__name__}: {exc}")
        ctx.record(f"assert buffers and len(stream) < {len(data)}")
        ctx.expect(
            buffers and len(stream) < len(data),
            f"protocol 5 kept the {len(data)} bytes in band ({len(buffers)} out-of-band buffers, "
            f"a {len(stream)}-byte stream)",
        )
        ctx.record("copy = pickle.loads(stream, buffers=buffers); assert type(copy) is Buffer")
        copy = pickle.loads(stream, buffers=buffers)
        ctx.expect_type(copy, ctx.Buffer, "a buffer unpickled out of band")
        expect_bytes(ctx, copy, data, "a buffer unpickled out of band")
