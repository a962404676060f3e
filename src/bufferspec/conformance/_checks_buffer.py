"""Contracts of ``Buffer`` and ``BufferClass``: construction and reading back.

Slicing, assignment, ``combine``/``+``, equality, hashing, :pep:`688` and
pickling are in :mod:`bufferspec.conformance._checks_buffer_ops`.

Every check makes its inputs only with the target's own constructors
(``from_bytes`` through ``ctx.buffer``, ``create_zero_length``, and
``from_array_like`` with an array the target produced) and reads results only
through ``as_numpy_array`` (``ctx.host``/``ctx.host_bytes``) or ``to_bytes``,
so the same checks run on device backends.  Checks that look at memory
identity, or feed NumPy arrays made from the target's arrays, need
``host_memory``; checks that write need ``writable``.
"""

from __future__ import annotations

import array
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import contract
from bufferspec.conformance._strategies import byte_strings

__all__: list[str] = []

# -- helpers shared with _checks_buffer_ops -------------------------------------------


def make(ctx: CheckContext, data: bytes, *, cls: Any = None, writable: bool | None = None) -> tuple[Any, str]:
    """``ctx.buffer(data)`` and the name the reproducer gives it (``buf``, ``buf2``, ...)."""
    if cls is not None and cls is not ctx.Buffer:
        line = f"import {cls.__module__}"
        if line not in ctx.lines:
            ctx.record(line)
    buf = ctx.buffer(data, cls=cls, writable=writable)
    return buf, ctx.lines[-1].split(" = ", 1)[0]


def make_foreign(ctx: CheckContext, data: bytes, *, writable: bool | None = None) -> tuple[Any, str]:
    """A buffer of the target's *foreign* conforming class (another implementation)."""
    return make(ctx, data, cls=ctx.target.foreign_buffer, writable=writable)


def expect_bytes(ctx: CheckContext, buf: Any, expected: bytes, what: str) -> None:
    """Fail unless *buf* holds *expected*, read back through ``as_numpy_array``."""
    got = ctx.host_bytes(buf)
    ctx.expect(got == expected, f"{what} holds {got!r}, expected {expected!r}")


def expect_unchanged(ctx: CheckContext, buf: Any, before: bytes, what: str) -> None:
    """Fail unless *buf* still holds *before* after an operation that raised."""
    after = ctx.host_bytes(buf)
    ctx.expect(after == before, f"{what} changed the buffer from {before!r} to {after!r}")


def host_view(array_like: Any) -> npt.NDArray[Any] | None:
    """A NumPy view of a host-memory array-like (no copy), or None if it does not export its memory."""
    if isinstance(array_like, np.ndarray):
        return array_like
    try:
        return np.frombuffer(memoryview(array_like), np.uint8)
    except (TypeError, ValueError):
        return None


def slice_source(key: slice) -> str:
    """``a:b`` / ``a:b:c`` as written between brackets."""
    parts = ["" if key.start is None else str(key.start), "" if key.stop is None else str(key.stop)]
    if key.step is not None:
        parts.append(str(key.step))
    return ":".join(parts)


def uint8_value(data: bytes) -> npt.NDArray[np.uint8]:
    """A writable uint8 array of *data*: the assignment value every backend accepts.

    Contracts that only need *some* write use it, so that a backend whose
    ``__setitem__`` mishandles ``bytes`` fails ``buffer.setitem.bytes_like``
    alone, not every contract that writes.
    """
    return np.frombuffer(data, np.uint8).copy()


# -- from_bytes ----------------------------------------------------------------------


@contract(
    "buffer.from_bytes.roundtrip",
    member="BufferClass.from_bytes",
    text="from_bytes(b) holds exactly the bytes of b, in order, as read back through as_numpy_array().",
    examples=True,
)
def _from_bytes_roundtrip(ctx: CheckContext) -> None:
    data = ctx.draw(byte_strings, "data")
    buf, name = make(ctx, data)
    ctx.record(f"assert {name}.as_numpy_array().tobytes() == {data!r}")
    expect_bytes(ctx, buf, data, f"from_bytes({data!r})")


@contract(
    "buffer.from_bytes.returns_cls",
    member="BufferClass.from_bytes",
    text="from_bytes returns an instance of exactly the class it is called on.",
)
def _from_bytes_returns_cls(ctx: CheckContext) -> None:
    for data, writable in ((b"abc", False), (b"abc", None), (b"", None)):
        buf, name = make(ctx, data, writable=writable)
        ctx.record(f"assert type({name}) is Buffer")
        ctx.expect_type(buf, ctx.Buffer, f"from_bytes({data!r})")


@contract(
    "buffer.from_bytes.empty",
    member="BufferClass.from_bytes",
    text="from_bytes of an empty bytes-like object returns an empty buffer (length 0, no bytes).",
)
def _from_bytes_empty(ctx: CheckContext) -> None:
    for writable in (False, True):
        buf, name = make(ctx, b"", writable=writable)
        ctx.record(f"assert len({name}) == 0")
        ctx.expect(len(buf) == 0, f"from_bytes of empty input has len {len(buf)}")
        expect_bytes(ctx, buf, b"", "from_bytes of empty input")
    ctx.record(f"{ctx.name('buf')} = Buffer.from_bytes(memoryview(b''))")
    expect_bytes(ctx, ctx.Buffer.from_bytes(memoryview(b"")), b"", "from_bytes(memoryview(b''))")


@contract(
    "buffer.from_bytes.rejects_str",
    member="BufferClass.from_bytes",
    text="from_bytes(str) raises TypeError whose message names bytes_like (text must be encoded first).",
)
def _from_bytes_rejects_str(ctx: CheckContext) -> None:
    for text in ("text", ""):
        ctx.record(f"Buffer.from_bytes({text!r})  # must raise TypeError naming bytes_like")
        ctx.expect_raises(
            TypeError, partial(ctx.Buffer.from_bytes, text), what=f"from_bytes({text!r})", argument="bytes_like"
        )


@contract(
    "buffer.from_bytes.rejects_non_buffer",
    member="BufferClass.from_bytes",
    text="from_bytes of an object that does not export the buffer protocol (an int, a list, None) "
    "raises TypeError whose message names bytes_like.",
)
def _from_bytes_rejects_non_buffer(ctx: CheckContext) -> None:
    for value in (3, [1, 2, 3], None):
        ctx.record(f"Buffer.from_bytes({value!r})  # must raise TypeError naming bytes_like")
        ctx.expect_raises(
            TypeError, partial(ctx.Buffer.from_bytes, value), what=f"from_bytes({value!r})", argument="bytes_like"
        )


@contract(
    "buffer.from_bytes.rejects_non_contiguous",
    member="BufferClass.from_bytes",
    text="from_bytes of non-contiguous memory (a strided memoryview or array) raises ValueError "
    "whose message names bytes_like.",
)
def _from_bytes_rejects_non_contiguous(ctx: CheckContext) -> None:
    cases: tuple[tuple[object, str], ...] = (
        (memoryview(b"abcdef")[::2], "memoryview(b'abcdef')[::2]"),
        (np.arange(6, dtype=np.uint8)[::2], "np.arange(6, dtype='u1')[::2]"),
    )
    for source, label in cases:
        ctx.record(f"Buffer.from_bytes({label})  # must raise ValueError naming bytes_like")
        ctx.expect_raises(
            ValueError, partial(ctx.Buffer.from_bytes, source), what=f"from_bytes({label})", argument="bytes_like"
        )


@contract(
    "buffer.from_bytes.any_buffer_protocol",
    member="BufferClass.from_bytes",
    text="from_bytes accepts any C-contiguous buffer-protocol object (bytes, bytearray, memoryview, "
    "array.array, a multi-dimensional memoryview) and holds its raw bytes.",
)
def _from_bytes_any_buffer_protocol(ctx: CheckContext) -> None:
    shorts = array.array("h", [1, -2, 300])
    grid = memoryview(bytes(range(6))).cast("B", (2, 3))
    cases: tuple[tuple[object, bytes, str], ...] = (
        (b"xyz", b"xyz", "b'xyz'"),
        (bytearray(b"q"), b"q", "bytearray(b'q')"),
        (memoryview(b"xyz"), b"xyz", "memoryview(b'xyz')"),
        (memoryview(b"-xyz-")[1:4], b"xyz", "memoryview(b'-xyz-')[1:4]"),
        (shorts, shorts.tobytes(), "array.array('h', [1, -2, 300])"),
        (grid, bytes(range(6)), "memoryview(bytes(range(6))).cast('B', (2, 3))"),
    )
    ctx.record("import array")
    for source, expected, label in cases:
        ctx.record(f"assert Buffer.from_bytes({label}).as_numpy_array().tobytes() == {expected!r}")
        expect_bytes(ctx, ctx.Buffer.from_bytes(source), expected, f"from_bytes({label})")


@contract(
    "buffer.from_bytes.ndarray_raw_bytes",
    member="BufferClass.from_bytes",
    text="from_bytes of a C-contiguous NumPy array of any dtype and shape holds the array's raw bytes "
    "(its memory, byte order included), not its values converted to uint8.",
)
def _from_bytes_ndarray_raw_bytes(ctx: CheckContext) -> None:
    cases: tuple[tuple[npt.NDArray[Any], str], ...] = (
        (np.arange(3, dtype="<f8"), "np.arange(3, dtype='<f8')"),
        (np.arange(3, dtype=">i2"), "np.arange(3, dtype='>i2')"),
        (np.arange(6, dtype="<u2").reshape(2, 3), "np.arange(6, dtype='<u2').reshape(2, 3)"),
        (np.array(7, dtype="<i4"), "np.array(7, dtype='<i4')"),
        (np.array([b"ab", b"c"], dtype="S2"), "np.array([b'ab', b'c'], dtype='S2')"),
    )
    for source, label in cases:
        expected = source.tobytes()
        ctx.record(f"assert Buffer.from_bytes({label}).as_numpy_array().tobytes() == {expected!r}")
        expect_bytes(ctx, ctx.Buffer.from_bytes(source), expected, f"from_bytes({label})")


@contract(
    "buffer.from_bytes.no_copy",
    member="BufferClass.from_bytes",
    text="For host memory, from_bytes does not copy: the buffer shares memory with the bytes, "
    "bytearray, memoryview or NumPy array it was made from.",
    needs=("host_memory",),
)
def _from_bytes_no_copy(ctx: CheckContext) -> None:
    raw = np.arange(4, dtype="<u4")
    cases: tuple[tuple[Any, str], ...] = (
        (b"abcdef", "b'abcdef'"),
        (bytearray(b"abcdef"), "bytearray(b'abcdef')"),
        (memoryview(bytearray(b"abcdef")), "memoryview(bytearray(b'abcdef'))"),
        (raw, "np.arange(4, dtype='<u4')"),
    )
    for source, label in cases:
        ctx.record(f"source = {label}; buf = Buffer.from_bytes(source)")
        ctx.record("assert np.shares_memory(buf.as_numpy_array(), np.frombuffer(source, np.uint8))")
        buf = ctx.Buffer.from_bytes(source)
        ctx.expect_shares_memory(ctx.host(buf), np.frombuffer(source, np.uint8), f"from_bytes({label})")


@contract(
    "buffer.from_bytes.bytes_read_only",
    member="BufferClass.from_bytes",
    text="For host memory, a buffer made from bytes is read-only: its as_numpy_array() is not writeable.",
    needs=("host_memory",),
)
def _from_bytes_bytes_read_only(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"abcd", writable=False)
    ctx.record(f"assert not {name}.as_numpy_array().flags.writeable")
    ctx.expect(not ctx.host(buf).flags.writeable, "from_bytes(b'abcd').as_numpy_array() is writeable")


@contract(
    "buffer.from_bytes.bytearray_aliases",
    member="BufferClass.from_bytes",
    text="For host memory, a buffer made from a bytearray aliases it: writes to either one are visible in the other.",
    needs=("host_memory", "writable"),
)
def _from_bytes_bytearray_aliases(ctx: CheckContext) -> None:
    source = bytearray(b"abcdef")
    ctx.record("source = bytearray(b'abcdef'); buf = Buffer.from_bytes(source)")
    buf = ctx.Buffer.from_bytes(source)
    ctx.record("source[0] = ord('z'); assert buf.as_numpy_array().tobytes() == b'zbcdef'")
    source[0] = ord("z")
    got = ctx.host_bytes(buf)
    ctx.expect(got == b"zbcdef", f"a write to the bytearray is not visible in the buffer (it holds {got!r}): it copied")
    ctx.record("buf[5:6] = np.frombuffer(b'!', np.uint8).copy(); assert source == bytearray(b'zbcde!')")
    buf[5:6] = uint8_value(b"!")
    ctx.expect(source == bytearray(b"zbcde!"), f"a write to the buffer is not visible in the bytearray ({source!r})")


# -- from_array_like -------------------------------------------------------------------


def _own_array(ctx: CheckContext, data: bytes) -> tuple[Any, Any, str]:
    """A buffer, its own ``as_array_like()`` array, and the buffer's reproducer name."""
    buf, name = make(ctx, data)
    ctx.record(f"array = {name}.as_array_like()")
    return buf, buf.as_array_like(), name


@contract(
    "buffer.from_array_like.no_copy",
    member="BufferClass.from_array_like",
    text="from_array_like(a).as_array_like() is a: wrapping never copies.",
)
def _from_array_like_identity(ctx: CheckContext) -> None:
    _, array_like, _ = _own_array(ctx, b"abcd")
    ctx.record("assert Buffer.from_array_like(array).as_array_like() is array")
    wrapped = ctx.Buffer.from_array_like(array_like)
    ctx.expect(wrapped.as_array_like() is array_like, "from_array_like(a).as_array_like() is not a")


@contract(
    "buffer.from_array_like.returns_cls",
    member="BufferClass.from_array_like",
    text="from_array_like returns an instance of exactly the class it is called on, holding the array's bytes.",
)
def _from_array_like_returns_cls(ctx: CheckContext) -> None:
    _, array_like, _ = _own_array(ctx, b"abcd")
    ctx.record("wrapped = Buffer.from_array_like(array); assert type(wrapped) is Buffer")
    wrapped = ctx.Buffer.from_array_like(array_like)
    ctx.expect_type(wrapped, ctx.Buffer, "from_array_like(array)")
    expect_bytes(ctx, wrapped, b"abcd", "from_array_like(array)")


def _rejects_array(ctx: CheckContext, derive: Callable[[Any], Any], source: str, label: str) -> None:
    """``from_array_like`` of an array derived from the target's own must raise ValueError.

    When the target's array type cannot express such an array (no ``reshape``,
    say) there is nothing to check; when the derived array is of another type
    (a NumPy view of a non-NumPy array), it is not "an array of the kind this
    class stores", for which ``TypeError`` is right too.
    """
    buf, array_like, _ = _own_array(ctx, b"abcdefgh")
    before = ctx.host_bytes(buf)
    try:
        bad = derive(array_like)
    except (AttributeError, TypeError, ValueError):
        return  # the backend's arrays have no such form
    same_kind = type(bad) is type(array_like)
    expected: tuple[type[Exception], ...] = (ValueError,) if same_kind else (ValueError, TypeError)
    ctx.record(f"Buffer.from_array_like({source})  # must raise ValueError naming array_like")
    ctx.expect_raises(
        expected, partial(ctx.Buffer.from_array_like, bad), what=f"from_array_like({label})", argument="array_like"
    )
    expect_unchanged(ctx, buf, before, f"from_array_like({label})")


@contract(
    "buffer.from_array_like.rejects_ndim",
    member="BufferClass.from_array_like",
    text="from_array_like of an array that is not one-dimensional raises ValueError whose message names array_like.",
    needs=("host_memory",),
)
def _from_array_like_rejects_ndim(ctx: CheckContext) -> None:
    _rejects_array(ctx, lambda a: a.reshape(2, 4), "array.reshape(2, 4)", "a 2-d uint8 array")


@contract(
    "buffer.from_array_like.rejects_dtype",
    member="BufferClass.from_array_like",
    text="from_array_like of an array whose dtype is not uint8 raises ValueError whose message names array_like.",
    needs=("host_memory",),
)
def _from_array_like_rejects_dtype(ctx: CheckContext) -> None:
    _rejects_array(ctx, lambda a: a.view(np.int8), "array.view(np.int8)", "an int8 array")
    _rejects_array(ctx, lambda a: a.view("<u2"), "array.view('<u2')", "a uint16 array")


@contract(
    "buffer.from_array_like.rejects_non_contiguous",
    member="BufferClass.from_array_like",
    text="from_array_like of a non-contiguous array raises ValueError whose message names array_like.",
    needs=("host_memory",),
)
def _from_array_like_rejects_non_contiguous(ctx: CheckContext) -> None:
    _rejects_array(ctx, lambda a: a[::2], "array[::2]", "a strided uint8 array")


@contract(
    "buffer.from_array_like.rejects_non_array",
    member="BufferClass.from_array_like",
    text="from_array_like of an object that is not an array (bytes, a list) raises TypeError "
    "whose message names array_like.",
)
def _from_array_like_rejects_non_array(ctx: CheckContext) -> None:
    for value in (b"abcd", [97, 98]):
        ctx.record(f"Buffer.from_array_like({value!r})  # must raise TypeError naming array_like")
        ctx.expect_raises(
            TypeError,
            partial(ctx.Buffer.from_array_like, value),
            what=f"from_array_like({value!r})",
            argument="array_like",
        )


# -- from_buffer -------------------------------------------------------------------------


@contract(
    "buffer.from_buffer.contents",
    member="BufferClass.from_buffer",
    text="from_buffer(b) of a buffer of the same class holds exactly the bytes of b.",
    examples=True,
)
def _from_buffer_contents(ctx: CheckContext) -> None:
    data = ctx.draw(byte_strings, "data")
    source, name = make(ctx, data)
    ctx.record(f"assert Buffer.from_buffer({name}).as_numpy_array().tobytes() == {data!r}")
    expect_bytes(ctx, ctx.Buffer.from_buffer(source), data, f"from_buffer({name})")


@contract(
    "buffer.from_buffer.foreign",
    member="BufferClass.from_buffer",
    text="from_buffer(b) accepts a conforming Buffer of another implementation and holds exactly its bytes.",
    examples=True,
)
def _from_buffer_foreign(ctx: CheckContext) -> None:
    data = ctx.draw(byte_strings, "data")
    other, name = make_foreign(ctx, data)
    ctx.record(f"assert Buffer.from_buffer({name}).as_numpy_array().tobytes() == {data!r}")
    expect_bytes(ctx, ctx.Buffer.from_buffer(other), data, f"from_buffer(foreign {name})")


@contract(
    "buffer.from_buffer.returns_cls",
    member="BufferClass.from_buffer",
    text="from_buffer returns an instance of exactly the class it is called on, whatever the class of its argument.",
)
def _from_buffer_returns_cls(ctx: CheckContext) -> None:
    own, own_name = make(ctx, b"abc")
    other, other_name = make_foreign(ctx, b"abc")
    for source, name in ((own, own_name), (other, other_name)):
        ctx.record(f"assert type(Buffer.from_buffer({name})) is Buffer")
        ctx.expect_type(ctx.Buffer.from_buffer(source), ctx.Buffer, f"from_buffer({name})")


@contract(
    "buffer.from_buffer.no_copy",
    member="BufferClass.from_buffer",
    text="For host memory, from_buffer of a buffer of the same class does not copy: the result shares its memory.",
    needs=("host_memory",),
)
def _from_buffer_no_copy(ctx: CheckContext) -> None:
    source, name = make(ctx, b"abcdef")
    ctx.record(f"assert np.shares_memory(Buffer.from_buffer({name}).as_numpy_array(), {name}.as_numpy_array())")
    result = ctx.Buffer.from_buffer(source)
    ctx.expect_shares_memory(ctx.host(result), ctx.host(source), f"from_buffer({name})")


@contract(
    "buffer.from_buffer.foreign_no_copy",
    member="BufferClass.from_buffer",
    text="For host memory, from_buffer of a host-memory Buffer of another implementation does not copy: "
    "the result shares memory with its as_numpy_array().",
    needs=("host_memory",),
)
def _from_buffer_foreign_no_copy(ctx: CheckContext) -> None:
    source, name = make_foreign(ctx, b"abcdef")
    ctx.record(f"assert np.shares_memory(Buffer.from_buffer({name}).as_numpy_array(), {name}.as_numpy_array())")
    result = ctx.Buffer.from_buffer(source)
    ctx.expect_shares_memory(ctx.host(result), ctx.host(source), f"from_buffer(foreign {name})")


@contract(
    "buffer.from_buffer.rejects_non_buffer",
    member="BufferClass.from_buffer",
    text="from_buffer of an object that is not a Buffer (bytes, a NumPy array) raises TypeError "
    "whose message names buffer.",
)
def _from_buffer_rejects_non_buffer(ctx: CheckContext) -> None:
    raw = np.frombuffer(bytearray(b"abcd"), np.uint8)
    cases: tuple[tuple[object, str], ...] = ((b"abcd", "b'abcd'"), (raw, "np.frombuffer(bytearray(b'abcd'), np.uint8)"))
    for value, label in cases:
        ctx.record(f"Buffer.from_buffer({label})  # must raise TypeError naming buffer")
        ctx.expect_raises(
            TypeError, partial(ctx.Buffer.from_buffer, value), what=f"from_buffer({label})", argument="buffer"
        )
    ctx.expect(raw.tobytes() == b"abcd", "from_buffer(ndarray) changed the array it rejected")


# -- create_zero_length ------------------------------------------------------------------


@contract(
    "buffer.create_zero_length.empty",
    member="BufferClass.create_zero_length",
    text="create_zero_length() returns an empty buffer: length 0 and no bytes.",
)
def _create_zero_length(ctx: CheckContext) -> None:
    buf = ctx.call("empty = Buffer.create_zero_length(); assert len(empty) == 0", ctx.Buffer.create_zero_length)
    ctx.expect(len(buf) == 0, f"len(create_zero_length()) is {len(buf)}")
    expect_bytes(ctx, buf, b"", "create_zero_length()")


@contract(
    "buffer.create_zero_length.returns_cls",
    member="BufferClass.create_zero_length",
    text="create_zero_length() returns an instance of exactly the class it is called on.",
)
def _create_zero_length_returns_cls(ctx: CheckContext) -> None:
    buf = ctx.call("empty = Buffer.create_zero_length(); assert type(empty) is Buffer", ctx.Buffer.create_zero_length)
    ctx.expect_type(buf, ctx.Buffer, "create_zero_length()")


@contract(
    "buffer.create_zero_length.combine_template",
    member="BufferClass.create_zero_length",
    text="create_zero_length().combine(others) holds exactly the bytes of others: the empty buffer is a usable "
    "starting point for concatenation.",
)
def _create_zero_length_combine_template(ctx: CheckContext) -> None:
    a, a_name = make(ctx, b"abc")
    b, b_name = make(ctx, b"de")
    empty = ctx.call("empty = Buffer.create_zero_length()", ctx.Buffer.create_zero_length)
    ctx.record(f"result = empty.combine([{a_name}, {b_name}]); assert result.as_numpy_array().tobytes() == b'abcde'")
    result = empty.combine([a, b])
    expect_bytes(ctx, result, b"abcde", "create_zero_length().combine([b'abc', b'de'])")


# -- reading back --------------------------------------------------------------------------


@contract(
    "buffer.as_array_like.no_copy",
    member="Buffer.as_array_like",
    text="as_array_like() returns the very array the buffer stores: calling it twice gives the same object.",
)
def _as_array_like_no_copy(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"abcd")
    ctx.record(f"assert {name}.as_array_like() is {name}.as_array_like()")
    ctx.expect(buf.as_array_like() is buf.as_array_like(), "as_array_like() returns a new object on each call")


@contract(
    "buffer.as_numpy_array.host_uint8",
    member="Buffer.as_numpy_array",
    text="as_numpy_array() returns a one-dimensional uint8 numpy.ndarray of len(buf) elements holding the buffer's bytes.",
    examples=True,
)
def _as_numpy_array_host_uint8(ctx: CheckContext) -> None:
    data = ctx.draw(byte_strings, "data")
    buf, name = make(ctx, data)
    ctx.record(f"array = {name}.as_numpy_array(); assert array.dtype == np.uint8 and array.shape == ({len(data)},)")
    array_ = ctx.host(buf)
    ctx.expect(
        array_.dtype == np.uint8 and array_.ndim == 1,
        f"as_numpy_array() has dtype {array_.dtype} and ndim {array_.ndim}, expected 1-d uint8",
    )
    ctx.expect(array_.size == len(data), f"as_numpy_array() has {array_.size} elements, expected {len(data)}")
    ctx.expect(array_.tobytes() == data, f"as_numpy_array() holds {array_.tobytes()!r}, expected {data!r}")


@contract(
    "buffer.as_numpy_array.no_copy",
    member="Buffer.as_numpy_array",
    text="For host memory, as_numpy_array() does not copy: it shares memory with the buffer "
    "(with its as_array_like() when that exports its memory).",
    needs=("host_memory",),
)
def _as_numpy_array_no_copy(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"abcdef")
    stored = host_view(buf.as_array_like())
    if stored is not None:
        ctx.record(f"assert np.shares_memory({name}.as_numpy_array(), np.asarray({name}.as_array_like()))")
        ctx.expect_shares_memory(ctx.host(buf), stored, "as_numpy_array()")
        return
    # An array type that does not export its memory: compare with the memory the
    # buffer was made from instead (a host buffer made from a bytearray aliases it).
    source = bytearray(b"abcdef")
    ctx.record("source = bytearray(b'abcdef'); buf = Buffer.from_bytes(source)")
    ctx.record("assert np.shares_memory(buf.as_numpy_array(), np.frombuffer(source, np.uint8))")
    buf = ctx.Buffer.from_bytes(source)
    ctx.expect_shares_memory(ctx.host(buf), np.frombuffer(source, np.uint8), "as_numpy_array()")


@contract(
    "buffer.as_buffer_like.contiguous",
    member="Buffer.as_buffer_like",
    text="as_buffer_like() exports the buffer protocol over the buffer's bytes: C-contiguous, len(buf) bytes, same contents.",
)
def _as_buffer_like(ctx: CheckContext) -> None:
    for data in (b"abcdef", b""):
        buf, name = make(ctx, data)
        ctx.record(f"view = memoryview({name}.as_buffer_like()); assert view.c_contiguous and view.tobytes() == {data!r}")
        view = memoryview(buf.as_buffer_like())
        ctx.expect(view.c_contiguous, "as_buffer_like() is not C-contiguous")
        ctx.expect(view.nbytes == len(data), f"as_buffer_like() has {view.nbytes} bytes, expected {len(data)}")
        ctx.expect(view.tobytes() == data, f"as_buffer_like() holds {view.tobytes()!r}, expected {data!r}")


@contract(
    "buffer.as_buffer_like.no_copy",
    member="Buffer.as_buffer_like",
    text="For host memory, as_buffer_like() does not copy: it shares memory with as_numpy_array().",
    needs=("host_memory",),
)
def _as_buffer_like_no_copy(ctx: CheckContext) -> None:
    for writable in (False, True):
        buf, name = make(ctx, b"abcdef", writable=writable)
        ctx.record(
            f"assert np.shares_memory(np.frombuffer({name}.as_buffer_like(), np.uint8), {name}.as_numpy_array())"
        )
        exported = np.frombuffer(memoryview(buf.as_buffer_like()), np.uint8)
        ctx.expect_shares_memory(exported, ctx.host(buf), f"{name}.as_buffer_like()")


@contract(
    "buffer.as_buffer_like.read_only_iff",
    member="Buffer.as_buffer_like",
    text="For host memory, as_buffer_like() is read-only exactly when the buffer's memory is: "
    "read-only for a buffer made from bytes, writable when as_numpy_array() is writeable.",
    needs=("host_memory",),
)
def _as_buffer_like_read_only_iff(ctx: CheckContext) -> None:
    ro, ro_name = make(ctx, b"abcdef", writable=False)
    rw, rw_name = make(ctx, b"abcdef", writable=True)
    for buf, name in ((ro, ro_name), (rw, rw_name), (rw[1:4], f"{rw_name}[1:4]")):
        ctx.record(
            f"assert memoryview({name}.as_buffer_like()).readonly == (not {name}.as_numpy_array().flags.writeable)"
        )
        readonly = memoryview(buf.as_buffer_like()).readonly
        writeable = bool(ctx.host(buf).flags.writeable)
        ctx.expect(
            readonly != writeable,
            f"{name}.as_buffer_like() is {'read-only' if readonly else 'writable'} but the buffer's memory is "
            f"{'writeable' if writeable else 'read-only'}",
        )


@contract(
    "buffer.to_bytes.contents",
    member="Buffer.to_bytes",
    text="to_bytes() returns the buffer's bytes, equal to as_numpy_array().tobytes().",
    examples=True,
)
def _to_bytes_contents(ctx: CheckContext) -> None:
    data = ctx.draw(byte_strings, "data")
    buf, name = make(ctx, data)
    ctx.record(f"assert {name}.to_bytes() == {data!r}")
    got = buf.to_bytes()
    ctx.expect(got == data, f"to_bytes() gave {got!r}, expected {data!r}")


@contract(
    "buffer.to_bytes.new_object",
    member="Buffer.to_bytes",
    text="to_bytes() returns a new bytes object on every call, never the object the buffer was made from.",
)
def _to_bytes_new_object(ctx: CheckContext) -> None:
    source = b"abcdef"
    ctx.record("source = b'abcdef'; buf = Buffer.from_bytes(source)")
    buf = ctx.Buffer.from_bytes(source)
    ctx.record("first = buf.to_bytes(); assert type(first) is bytes and first is not source")
    first = buf.to_bytes()
    ctx.expect(type(first) is bytes, f"to_bytes() returned {type(first).__qualname__}, expected bytes")
    ctx.expect(first is not source, "to_bytes() returned the bytes object the buffer was made from")
    ctx.record("assert buf.to_bytes() is not first")
    ctx.expect(buf.to_bytes() is not first, "to_bytes() returned the same object twice")


@contract(
    "buffer.to_bytes.snapshot",
    member="Buffer.to_bytes",
    text="to_bytes() is a copy: writing to the buffer afterwards does not change the bytes it returned.",
    needs=("writable",),
)
def _to_bytes_snapshot(ctx: CheckContext) -> None:
    buf, name = make(ctx, b"abcdef")
    ctx.record(f"snapshot = {name}.to_bytes(); {name}[0:2] = np.frombuffer(b'zz', np.uint8).copy()")
    snapshot = buf.to_bytes()
    before = bytes(snapshot)
    buf[0:2] = uint8_value(b"zz")
    ctx.expect(bytes(snapshot) == before, f"to_bytes() result changed to {bytes(snapshot)!r} after a write to the buffer")


@contract(
    "buffer.len.nbytes",
    member="Buffer.__len__",
    text="len(buf) is the number of bytes: the size of as_numpy_array().",
    examples=True,
)
def _len_nbytes(ctx: CheckContext) -> None:
    data = ctx.draw(byte_strings, "data")
    buf, name = make(ctx, data)
    ctx.record(f"assert len({name}) == {len(data)}")
    ctx.expect(len(buf) == len(data), f"len() is {len(buf)}, expected {len(data)}")
    ctx.expect(len(buf) == ctx.host(buf).size, f"len() is {len(buf)} but as_numpy_array() has {ctx.host(buf).size} elements")


@contract(
    "buffer.protocol.runtime_check",
    member="Buffer",
    text="Instances satisfy isinstance(buf, bufferspec.protocols.Buffer) and the class satisfies "
    "issubclass(cls, bufferspec.protocols.BufferClass), so other implementations accept them.",
)
def _protocol_runtime_check(ctx: CheckContext) -> None:
    from bufferspec.protocols import Buffer, BufferClass

    buf, name = make(ctx, b"abc")
    ctx.record("from bufferspec.protocols import Buffer as BufferProtocol, BufferClass")
    ctx.record(f"assert isinstance({name}, BufferProtocol) and issubclass(Buffer, BufferClass)")
    ctx.expect(isinstance(buf, Buffer), "an instance does not satisfy isinstance(buf, protocols.Buffer)")
    ctx.expect(issubclass(ctx.Buffer, BufferClass), "the class does not satisfy issubclass(cls, protocols.BufferClass)")
