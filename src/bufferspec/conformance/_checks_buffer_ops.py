"""Contracts of ``Buffer`` operations: slicing, assignment, combine/+, ==, hash, PEP 688, pickle.

The construction and read-back contracts, and the step builders used here
(:func:`make`, :func:`expect_bytes`, ...), are in
:mod:`bufferspec.conformance._checks_buffer`.

Checks are written as steps (see :class:`CheckContext`): each ``ctx.run`` /
``ctx.check`` / ``ctx.raises`` is Python source that runs as the check and is
also the reproducer.  A check with several independent cases makes its
buffers inside each ``ctx.case()``, so that a failing case's reproducer
builds everything it uses and no passing case's writes leak into the next.
Contracts that only need *some* write use a uint8 NumPy array as the value
(``np.frombuffer(b'..', np.uint8).copy()``), so that a backend whose
``__setitem__`` mishandles ``bytes`` fails ``buffer.setitem.bytes_like`` alone.
"""

from __future__ import annotations

import sys

from hypothesis import strategies as st

from bufferspec.conformance._checks_buffer import (
    esc,
    expect_bytes,
    expect_shares_memory,
    expect_type,
    expect_unchanged,
    make,
    make_foreign,
)
from bufferspec.conformance._axes import BUFFER_PATHS, BUFFER_SIZES, buffer_subjects, draw_data
from bufferspec.conformance._context import CheckContext, fstring
from bufferspec.conformance._contract import Level, contract
from bufferspec.conformance._strategies import byte_strings, slice_bounds

__all__: list[str] = []

#: Python honours a Python-level ``__buffer__`` (PEP 688) from 3.12 on.
_HAS_PEP688: bool = sys.version_info >= (3, 12)

#: Up to three short byte strings (the ``others`` of ``combine``).
small_parts: st.SearchStrategy[list[bytes]] = st.lists(st.binary(max_size=16), max_size=3)


_WRITABLE_PATHS = st.sampled_from([path for path in BUFFER_PATHS if path.writable])


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


def drawn(ctx: CheckContext, name: str) -> str:
    """The source of the argument that makes a Buffer of the drawn bytes *name*, as :func:`make` would.

    ``bytearray(name)`` when the target is writable (so its buffers can be
    written to), else the bytes themselves.
    """
    return f"bytearray({name})" if "writable" in ctx.has else name


def expect_no_shared_memory(ctx: CheckContext, a: str, b: str, what: str) -> None:
    """Step: the host arrays *a* and *b* share no memory (a must-copy contract); empty arrays pass."""
    ctx.check(f"{a}.size == 0 or {b}.size == 0 or not np.shares_memory({a}, {b})",
              f"{what} shares memory with its input, expected a copy")


def fail_on_error(ctx: CheckContext, source: str, what: str) -> None:
    """Step: run *source*; an exception it raises is a violation, reported as ``what raised X: message``.

    For operations that the contract requires to work but that are not the
    contract's own member (``pickle.dumps``, ``memoryview``, ``==``), whose
    exceptions would otherwise count as errors of the check.
    """
    body = "\n".join("    " + line for line in source.splitlines())
    message = fstring(f"{what} raised {{type(exc).__name__}}: {{exc}}")
    ctx.run(f"try:\n{body}\nexcept Exception as exc:\n    raise AssertionError({message})")


# -- __getitem__ ---------------------------------------------------------------------------


@contract(
    "buffer.getitem.slice_semantics",
    member="Buffer.__getitem__",
    text="buf[a:b] holds exactly the bytes Python's slice rules select (negative bounds count from the end, "
    "out-of-range bounds are clamped, stop = len + 1 is fine).",
    examples=True,
)
def _getitem_semantics(ctx: CheckContext) -> None:
    data = draw_data(ctx)
    first = ctx.draw(slice_bounds(len(data)), "key")
    more = ctx.draw(st.lists(slice_bounds(len(data)), max_size=5), "more_keys")
    for made_as in buffer_subjects(ctx):
        for index, key in enumerate((first, *more, *edge_keys(len(data)))):
            with ctx.case():
                if index:
                    ctx.let("key", key)
                ctx.run("part = buf[key]")
                ctx.run("got = host_bytes(part)")
                ctx.check("got == data[key]", f"({esc(made_as)})[{{key}}] holds {{show_bytes(got)}}, "
                          "expected {show_bytes(data[key])}")


@contract(
    "buffer.getitem.returns_cls",
    member="Buffer.__getitem__",
    text="buf[a:b] returns an instance of exactly the buffer's class, also when the slice is empty.",
)
def _getitem_returns_cls(ctx: CheckContext) -> None:
    make(ctx, "buf", b"0123456789")
    for key in ("2:6", ":", "5:2", "-3:"):
        with ctx.case():
            ctx.run(f"part = buf[{key}]")
            expect_type(ctx, "part", f"buf[{key}]")


@contract(
    "buffer.getitem.view",
    member="Buffer.__getitem__",
    text="For host memory, a slice is a view: it shares memory with the buffer.",
    needs=("host_memory",),
)
def _getitem_view(ctx: CheckContext) -> None:
    for size in ("b'0123456789'", BUFFER_SIZES[-1]):
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx):
            ctx.run("part = buf[2:-1]")
            expect_shares_memory(ctx, "host(part)", "host(buf)", f"({esc(made_as)})[2:-1]")


@contract(
    "buffer.getitem.write_through",
    member="Buffer.__getitem__",
    text="A slice is a view: a write through the slice is visible in the buffer, and a write to the buffer "
    "is visible in the slice.",
    needs=("writable",),
)
def _getitem_write_through(ctx: CheckContext) -> None:
    ctx.run("data = b'0123456789'")
    for made_as in buffer_subjects(ctx, writes=True):
        ctx.run("part = buf[2:6]")
        ctx.run("part[0:2] = np.frombuffer(b'ab', np.uint8).copy()")
        ctx.run("got = host_bytes(buf)")
        ctx.check("got == b'01ab456789'",
                  f"a write to buf[2:6] is not visible in buf = {esc(made_as)} ({{got!r}}): the slice is a copy")
        ctx.run("buf[4:6] = np.frombuffer(b'cd', np.uint8).copy()")
        ctx.run("got = host_bytes(part)")
        ctx.check("got == b'abcd'",
                  f"a write to buf = {esc(made_as)} is not visible in the slice buf[2:6] ({{got!r}}): it is a copy")


@contract(
    "buffer.getitem.rejects_step",
    member="Buffer.__getitem__",
    text="A slice step other than None or 1 raises ValueError.",
    names_argument="key",
)
def _getitem_rejects_step(ctx: CheckContext) -> None:
    for step in (2, -1, 0):
        with ctx.case():
            make(ctx, "buf", b"0123456789")
            ctx.raises(f"buf[::{step}]", ValueError, argument="key")
            expect_unchanged(ctx, "buf", b"0123456789", f"a rejected slice buf[::{step}]")


@contract(
    "buffer.getitem.rejects_non_slice",
    member="Buffer.__getitem__",
    text="A key that is not a slice (an int, a tuple, None) raises TypeError.",
    names_argument="key",
)
def _getitem_rejects_non_slice(ctx: CheckContext) -> None:
    for key in ("0", "(0, 1)", "None"):
        with ctx.case():
            make(ctx, "buf", b"0123456789")
            ctx.raises(f"buf[{key}]", TypeError, argument="key")
            expect_unchanged(ctx, "buf", b"0123456789", f"a rejected key buf[{key}]")


@contract(
    "buffer.getitem.rejects_bad_bounds",
    member="Buffer.__getitem__",
    text="A slice whose bounds are neither integers nor None (buf[1.5:2], buf['a':]) raises TypeError, "
    "as Python's slice rules do.",
    names_argument="key",
)
def _getitem_rejects_bad_bounds(ctx: CheckContext) -> None:
    for key in ("1.5:2", "'a':", ":2.0"):
        with ctx.case():
            make(ctx, "buf", b"0123456789")
            ctx.raises(f"buf[{key}]", TypeError, argument="key")
            expect_unchanged(ctx, "buf", b"0123456789", f"a rejected key buf[{key}]")


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
    data = draw_data(ctx)
    path = ctx.choose(_WRITABLE_PATHS, None)
    ctx.draws.append(("made_as", repr(path.name)))
    ctx.run(f"buf = {path.source('data', 'bytearray')}")
    ctx.run("model = bytearray(data)")
    model = bytearray(data)  # only to size the values drawn; the verdict compares with the step's model
    for index in range(ctx.draw(st.integers(1, 4), "assignments")):
        key = ctx.draw(keys(len(data)), f"key{index}")
        size = len(model[key])
        value = ctx.draw(st.binary(min_size=size, max_size=size), f"value{index}")
        model[key] = value
        kind = ctx.draw(st.sampled_from(["bytes", "bytearray", "memoryview"]), f"kind{index}")
        source = f"value{index}" if kind == "bytes" else f"{kind}(value{index})"
        shown = f"{{value{index}!r}}" if kind == "bytes" else f"{kind}({{value{index}!r}})"
        ctx.run(f"buf[key{index}] = {source}")
        ctx.run(f"model[key{index}] = value{index}")
        expect_bytes(ctx, "buf", "bytes(model)", f"after buf[{{key{index}}}] = {shown}, buf")
    if len(data) >= 4:  # bytes-like values whose items are wider than a byte: their bytes count, not items
        for wide in ("pyarray.array('H', [0x4142, 0x4344])", "memoryview(b'WXYZ').cast('I')"):
            with ctx.case():
                ctx.run(f"buf[0:4] = {wide}")
                ctx.run(f"model[0:4] = bytes({wide})")
                expect_bytes(ctx, "buf", "bytes(model)", f"after buf[0:4] = {esc(wide)}, buf")


@contract(
    "buffer.setitem.uint8_array",
    member="Buffer.__setitem__",
    text="For host memory, buf[a:b] = value accepts a one-dimensional uint8 NumPy array as value and copies its bytes.",
    needs=("host_memory", "writable"),
)
def _setitem_uint8_array(ctx: CheckContext) -> None:
    make(ctx, "buf", b"abcdef")
    ctx.run("buf[1:3] = np.array([88, 89], dtype=np.uint8)")
    ctx.run("buf[-2:] = np.frombuffer(b'12', np.uint8)")
    expect_bytes(ctx, "buf", "b'aXYd12'",
                 "after buf[1:3] = np.array([88, 89], dtype=np.uint8); buf[-2:] = np.frombuffer(b'12', np.uint8), buf")


@contract(
    "buffer.setitem.buffer_value",
    member="Buffer.__setitem__",
    text="buf[a:b] = value accepts a Buffer of the same class as value and copies its bytes.",
    needs=("writable",),
)
def _setitem_buffer_value(ctx: CheckContext) -> None:
    make(ctx, "buf", b"abcdef")
    make(ctx, "value", b"XY", writable=False)
    ctx.run("buf[1:3] = value")
    ctx.run("buf[-2:] = value")
    expect_bytes(ctx, "buf", "b'aXYdXY'", "after buf[1:3] = value; buf[-2:] = value, buf")


@contract(
    "buffer.setitem.foreign_buffer",
    member="Buffer.__setitem__",
    text="buf[a:b] = value accepts a conforming Buffer of another implementation as value and copies its bytes.",
    needs=("writable",),
)
def _setitem_foreign_buffer(ctx: CheckContext) -> None:
    make(ctx, "buf", b"abcdef")
    make_foreign(ctx, "value", b"XY")
    ctx.run("buf[1:3] = value")
    ctx.run("buf[-2:] = value")
    expect_bytes(ctx, "buf", "b'aXYdXY'", "after buf[1:3] = value (foreign); buf[-2:] = value, buf")


@contract(
    "buffer.setitem.overlapping",
    member="Buffer.__setitem__",
    text="buf[a:b] = value with a value that overlaps the buffer (a slice of itself) writes the bytes the value "
    "held before the assignment.",
    needs=("writable",),
)
def _setitem_overlapping(ctx: CheckContext) -> None:
    for target, source, expected in (("1:5", "0:4", b"aabcdf"), ("0:4", "1:5", b"bcdeef")):
        with ctx.case():
            make(ctx, "buf", b"abcdef")
            ctx.run(f"buf[{target}] = buf[{source}]")
            expect_bytes(ctx, "buf", repr(expected), f"after buf[{target}] = buf[{source}], buf")


@contract(
    "buffer.setitem.rejects_wrong_length",
    member="Buffer.__setitem__",
    text="buf[a:b] = value with a value whose number of bytes differs from the number of selected bytes raises "
    "ValueError and leaves the buffer unchanged: a value is never broadcast (not even one byte, a one-byte Buffer "
    "or uint8 array), an array of wider items counts its bytes, a strided memoryview is no exception; a NumPy "
    "scalar, which the spec lets an implementation refuse, may raise TypeError instead.",
    needs=("writable",),
    names_argument="value",
)
def _setitem_rejects_wrong_length(ctx: CheckContext) -> None:
    data = b"0123456789"
    cases = [("0:2", "b'xyz'"), ("0:2", "b'x'"), ("8:20", "b'abc'"), ("0:0", "b'x'"), ("0:2", "longer"),
             ("0:4", "one"), ("0:3", "memoryview(b'abcd')[::2]")]
    if "host_memory" in ctx.has:  # NumPy values: what a host buffer is assigned from
        cases += [("0:4", "np.array([7], np.uint8)"), ("0:2", "np.array([1, 2], '<i2')"), ("0:2", "np.uint8(5)")]
    for key, value in cases:
        with ctx.case():
            make(ctx, "buf", data)
            if value in ("longer", "one"):
                make(ctx, value, b"xyz" if value == "longer" else b"x", writable=False)
            statement = f"buf[{key}] = {value}"
            what = statement + {"longer": " (a Buffer of 3 bytes)", "one": " (a Buffer of 1 byte)"}.get(value, "")
            # A NumPy scalar may be refused as such (TypeError) or counted as its one byte (ValueError).
            expected: tuple[type[Exception], ...] = (ValueError, TypeError) if "uint8(" in value else (ValueError,)
            ctx.raises(statement, expected, argument="value", what=what)
            expect_unchanged(ctx, "buf", data, statement)


@contract(
    "buffer.setitem.rejects_read_only",
    member="Buffer.__setitem__",
    text="For host memory, assigning to a read-only buffer (one made from bytes) raises ValueError "
    "and leaves it unchanged.",
    needs=("host_memory",),
)
def _setitem_rejects_read_only(ctx: CheckContext) -> None:
    data = b"abcdef"
    for key, value in (("0:2", "b'zz'"), ("-2:", "value"), ("1:1", "b''")):  # an empty slice too
        with ctx.case():
            make(ctx, "buf", data, writable=False)
            if value == "value":
                make(ctx, "value", b"XY")
            statement = f"buf[{key}] = {value}"
            ctx.raises(statement, ValueError, what=f"{statement} on a read-only buffer")
            expect_unchanged(ctx, "buf", data, statement)


@contract(
    "buffer.setitem.rejects_non_bytes",
    member="Buffer.__setitem__",
    text="buf[a:b] = value with a value that is neither bytes-like, a uint8 array nor a Buffer "
    "(an int, a float, a str, None) raises TypeError and leaves the buffer unchanged.",
    needs=("writable",),
    names_argument="value",
)
def _setitem_rejects_non_bytes(ctx: CheckContext) -> None:
    data = b"abcdef"
    for value in ("7", "1.5", "'ab'", "None"):
        with ctx.case():
            make(ctx, "buf", data)
            statement = f"buf[0:2] = {value}"
            ctx.raises(statement, TypeError, argument="value")
            expect_unchanged(ctx, "buf", data, statement)


@contract(
    "buffer.setitem.rejects_step",
    member="Buffer.__setitem__",
    text="Assigning to a slice whose step is not None or 1 raises ValueError and leaves the buffer unchanged.",
    needs=("writable",),
    names_argument="key",
)
def _setitem_rejects_step(ctx: CheckContext) -> None:
    data = b"abcdef"
    # Values of the selected length (a Buffer too): the step alone is wrong.
    for key, value in (("::2", "b'XYZ'"), ("::-1", "b'fedcba'"), ("::2", "value"), ("1::2", "value")):
        with ctx.case():
            make(ctx, "buf", data)
            if value == "value":
                make(ctx, "value", b"XYZ", writable=False)
            statement = f"buf[{key}] = {value}"
            what = statement + (" (a Buffer of 3 bytes)" if value == "value" else "")
            ctx.raises(statement, ValueError, argument="key", what=what)
            expect_unchanged(ctx, "buf", data, statement)


@contract(
    "buffer.setitem.rejects_non_slice",
    member="Buffer.__setitem__",
    text="Assigning with a key that is not a slice (an int, a tuple) raises TypeError and leaves the buffer unchanged.",
    needs=("writable",),
    names_argument="key",
)
def _setitem_rejects_non_slice(ctx: CheckContext) -> None:
    data = b"abcdef"
    for key in ("0", "(0, 1)"):
        with ctx.case():
            make(ctx, "buf", data)
            statement = f"buf[{key}] = b'z'"
            ctx.raises(statement, TypeError, argument="key")
            expect_unchanged(ctx, "buf", data, statement)


# -- combine -------------------------------------------------------------------------------


@contract(
    "buffer.combine.concatenation",
    member="Buffer.combine",
    text="buf.combine(others) holds the bytes of buf followed by the bytes of each of others, in order.",
    examples=True,
)
def _combine_concatenation(ctx: CheckContext) -> None:
    draw_data(ctx)
    ctx.draw(small_parts, "parts")
    ctx.run(f"others = [Buffer.from_bytes({drawn(ctx, 'part')}) for part in parts]")
    for made_as in buffer_subjects(ctx):
        ctx.run("result = buf.combine(others)")
        ctx.run("got = host_bytes(result)")
        ctx.check("got == data + b''.join(parts)",
                  f"({esc(made_as)}).combine(others) holds {{show_bytes(got)}}, "
                  "expected {show_bytes(data + b''.join(parts))}")


@contract(
    "buffer.combine.returns_type_self",
    member="Buffer.combine",
    text="buf.combine(others) returns an instance of exactly type(buf), whatever the classes in others.",
)
def _combine_returns_type_self(ctx: CheckContext) -> None:
    make(ctx, "buf", b"abc")
    make(ctx, "own", b"de")
    make_foreign(ctx, "other", b"fg")
    for others in ("[own]", "[other]", "[other, own]", "[]"):
        with ctx.case():
            ctx.run(f"result = buf.combine({others})")
            expect_type(ctx, "result", f"buf.combine({others})")


@contract(
    "buffer.combine.empty_others",
    member="Buffer.combine",
    text="buf.combine([]) holds the bytes of buf (an empty others adds nothing).",
)
def _combine_empty_others(ctx: CheckContext) -> None:
    for data in (b"abc", b""):
        for others in ("[]", "()"):
            with ctx.case():
                make(ctx, "buf", data)
                ctx.run(f"result = buf.combine({others})")
                expect_bytes(ctx, "result", repr(data), f"buf.combine({others})")


@contract(
    "buffer.combine.iterable",
    member="Buffer.combine",
    text="buf.combine(others) accepts any iterable of Buffers, including a one-shot generator and a tuple.",
)
def _combine_iterable(ctx: CheckContext) -> None:
    make(ctx, "buf", b"ab")
    make(ctx, "second", b"cd")
    make(ctx, "third", b"ef")
    for others, label in (("(x for x in (second, third))", "<generator>"), ("(second, third)", "<tuple>")):
        with ctx.case():
            ctx.run(f"result = buf.combine({others})")
            expect_bytes(ctx, "result", "b'abcdef'", f"buf.combine({label})")


@contract(
    "buffer.combine.foreign",
    member="Buffer.combine",
    text="buf.combine(others) accepts conforming Buffers of other implementations in others, mixed with its own class.",
)
def _combine_foreign(ctx: CheckContext) -> None:
    make(ctx, "buf", b"ab")
    make_foreign(ctx, "foreign", b"cd")
    make(ctx, "own", b"ef")
    make_foreign(ctx, "foreign_empty", b"")
    ctx.run("result = buf.combine([foreign, own, foreign_empty])")
    expect_bytes(ctx, "result", "b'abcdef'", "buf.combine([foreign, own, foreign_empty])")


def _inputs(ctx: CheckContext, others: tuple[str, ...], *, empty_self: bool = False) -> None:
    """Steps: ``buf`` (b'abc', or zero-length with *empty_self*) and, as named in *others*, ``own`` (b'de'),
    ``other`` (b'fg', foreign), ``empty`` (``Buffer.create_zero_length()``) and ``foreign_empty`` (a
    zero-length foreign buffer)."""
    if empty_self:
        ctx.run("buf = Buffer.create_zero_length()")
    else:
        make(ctx, "buf", b"abc")
    if "own" in others:
        make(ctx, "own", b"de")
    if "other" in others:
        make_foreign(ctx, "other", b"fg")
    if "empty" in others:
        ctx.run("empty = Buffer.create_zero_length()")
    if "foreign_empty" in others:
        make_foreign(ctx, "foreign_empty", b"")


#: The ``others`` of the must-copy checks: two non-empty, none, and only zero-length buffers (``buf`` b'abc');
#: then one non-empty buffer combined onto a zero-length ``buf`` (the result must still be new memory).
_COPY_CASES: tuple[tuple[tuple[str, ...], bool], ...] = (
    (("own", "other"), False), ((), False), (("empty",), False), (("empty", "foreign_empty"), False),
    (("own",), True), (("other",), True), (("empty", "own"), True),
)


def _poke(ctx: CheckContext, name: str, char: str) -> None:
    """Step: write *char* at the start of the buffer *name*: with ``__setitem__`` for the target's class,
    and through the host array for the foreign class (a host-memory reference implementation)."""
    if name == "other":
        ctx.run(f"{name}.as_numpy_array()[0] = ord({char!r})")
    else:
        ctx.run(f"{name}[0:1] = np.frombuffer({char.encode()!r}, np.uint8).copy()")


@contract(
    "buffer.combine.no_alias",
    member="Buffer.combine",
    text="buf.combine(others) is a new buffer: writing to it does not change buf or any of others, and writing "
    "to them does not change it, even when others is empty.",
    needs=("writable",),
)
def _combine_no_alias(ctx: CheckContext) -> None:
    for others, empty_self in _COPY_CASES:
        call = f"buf.combine([{', '.join(others)}])"
        label = call + (" (buf zero-length)" if empty_self else "")
        with ctx.case():
            _inputs(ctx, others, empty_self=empty_self)
            ctx.run(f"result = {call}")
            ctx.run("snapshot = host_bytes(result)")
            for name in ("buf", *others):
                ctx.run(f"before_{name} = host_bytes({name})")
            ctx.run("result[0:len(snapshot)] = np.frombuffer(b'!' * len(snapshot), np.uint8).copy()")
            for name in ("buf", *others):
                ctx.check(f"host_bytes({name}) == before_{name}",
                          f"a write to {label} changed its input {name}: it aliases it")
            ctx.run("result[0:len(snapshot)] = np.frombuffer(snapshot, np.uint8).copy()")
            for name in ("buf", *others):
                if "empty" not in name and not (name == "buf" and empty_self):
                    _poke(ctx, name, "?")
            ctx.run("got = host_bytes(result)")
            ctx.check("got == snapshot", f"writes to the inputs changed {label} to {{got!r}}: it aliases them")


@contract(
    "buffer.combine.no_shared_memory",
    member="Buffer.combine",
    text="For host memory, buf.combine(others) shares no memory with buf or any of others, even when others is empty.",
    needs=("host_memory",),
)
def _combine_no_shared_memory(ctx: CheckContext) -> None:
    for others, empty_self in _COPY_CASES:
        call = f"buf.combine([{', '.join(others)}])"
        label = call + (" (buf zero-length)" if empty_self else "")
        with ctx.case():
            _inputs(ctx, others, empty_self=empty_self)
            ctx.run(f"result = {call}")
            for name in ("buf", *others):
                expect_no_shared_memory(ctx, "host(result)", f"host({name})", f"{label} (input {name})")


@contract(
    "buffer.combine.rejects_non_buffer",
    member="Buffer.combine",
    text="buf.combine(others) with an element of others that is not a Buffer (bytes, an int, None) raises TypeError "
    "and changes no input.",
    names_argument="others",
)
def _combine_rejects_non_buffer(ctx: CheckContext) -> None:
    for others in ("[b'x']", "[own, 3]", "[None]"):
        with ctx.case():
            make(ctx, "buf", b"abc")
            make(ctx, "own", b"de")
            statement = f"buf.combine({others})"
            ctx.raises(statement, TypeError, argument="others")
            expect_unchanged(ctx, "buf", b"abc", statement)
            expect_unchanged(ctx, "own", b"de", statement)


@contract(
    "buffer.combine.rejects_non_iterable",
    member="Buffer.combine",
    text="buf.combine(others) with an others that is not an iterable of Buffers at all (an int, None, a single "
    "Buffer, which is to be wrapped in a list) raises TypeError and changes no input.",
    names_argument="others",
)
def _combine_rejects_non_iterable(ctx: CheckContext) -> None:
    for others in ("5", "None", "own"):
        with ctx.case():
            make(ctx, "buf", b"abc")
            make(ctx, "own", b"de")
            statement = f"buf.combine({others})"
            ctx.raises(statement, TypeError, argument="others",
                       what=statement + (" (a single Buffer)" if others == "own" else ""))
            expect_unchanged(ctx, "buf", b"abc", statement)
            expect_unchanged(ctx, "own", b"de", statement)


# -- __add__ ----------------------------------------------------------------------------------


@contract(
    "buffer.add.equals_combine",
    member="Buffer.__add__",
    text="a + b equals a.combine([b]): the bytes of a then those of b, in a buffer of type(a), "
    "also when b is of another implementation.",
    examples=True,
)
def _add_equals_combine(ctx: CheckContext) -> None:
    ctx.draw(byte_strings, "left")
    ctx.draw(byte_strings, "right")
    foreign = ctx.draw(st.booleans(), "foreign")
    ctx.run(f"a = Buffer.from_bytes({drawn(ctx, 'left')})")
    ctx.run(f"b = {'ForeignBuffer' if foreign else 'Buffer'}.from_bytes({drawn(ctx, 'right')})")
    ctx.run("result = a + b")
    expect_type(ctx, "result", "a + b")
    expect_bytes(ctx, "result", "left + right", "a + b")
    ctx.run("combined = host_bytes(a.combine([b]))")
    ctx.check("got == combined", "a + b holds {got!r} but a.combine([b]) holds {combined!r}")


@contract(
    "buffer.add.rejects_non_buffer",
    member="Buffer.__add__",
    text="buf + other with an operand that is not a Buffer (an int, bytes, a str) raises TypeError "
    "and leaves buf unchanged: buf.__add__(other) returns NotImplemented, so an operand with __radd__ answers.",
)
def _add_rejects_non_buffer(ctx: CheckContext) -> None:
    for other in ("3", "b'x'", "'x'"):
        with ctx.case():
            make(ctx, "buf", b"abc")
            statement = f"buf + {other}"
            ctx.raises(statement, TypeError)
            expect_unchanged(ctx, "buf", b"abc", statement)
            fail_on_error(ctx, f"direct = buf.__add__({other})", f"buf.__add__({esc(other)})")
            ctx.check("direct is NotImplemented",
                      f"buf.__add__({esc(other)}) returned {{direct!r}}, expected NotImplemented")
    make(ctx, "buf", b"abc")
    ctx.run("class Right:\n    def __radd__(self, other):\n        return 'radd'")
    fail_on_error(ctx, "result = buf + Right()", "buf + Right() (an operand with __radd__)")
    ctx.check("result == 'radd'", "buf + Right() gave {result!r}, expected Right().__radd__(buf), 'radd'")
    expect_unchanged(ctx, "buf", b"abc", "buf + Right()")


# -- __eq__ and __hash__ ---------------------------------------------------------------------


@contract(
    "buffer.eq.content",
    member="Buffer.__eq__",
    text="a == b for two buffers of the class is True exactly when they hold the same bytes (and != is its negation).",
    examples=True,
)
def _eq_content(ctx: CheckContext) -> None:
    left = draw_data(ctx, "left")
    ctx.draw(related(left), "right")
    ctx.run(f"b = Buffer.from_bytes({drawn(ctx, 'right')})")
    for made_as in buffer_subjects(ctx, "a", "left"):
        what = f"for a = {esc(made_as)}"
        ctx.check("bool(a == b) is (left == right)", f"a == b is {{a == b!r}} {what} and b holding right")
        ctx.check("bool(a != b) is (left != right)", f"a != b is {{a != b!r}} {what} and b holding right")
    if len(left) > 65536:  # one byte changed anywhere in a large buffer, not only on a sampling grid
        for at in (len(left) - 1, len(left) // 2 + 1, 4097):
            with ctx.case():
                ctx.run(f"changed = bytearray(left)\nchanged[{at}] ^= 0x01")
                ctx.run("a = Buffer.from_bytes(left)")
                ctx.check("not (a == Buffer.from_bytes(changed))",
                          f"a == b for two large buffers that differ only at byte {at}")


@contract(
    "buffer.eq.foreign",
    member="Buffer.__eq__",
    text="Equality with a conforming Buffer of another implementation compares contents, in both directions; "
    "buf.__eq__(other) itself answers (it does not return NotImplemented).",
    examples=True,
)
def _eq_foreign(ctx: CheckContext) -> None:
    left = ctx.draw(byte_strings, "left")
    ctx.draw(related(left), "right")
    ctx.run(f"a = Buffer.from_bytes({drawn(ctx, 'left')})")
    ctx.run(f"b = ForeignBuffer.from_bytes({drawn(ctx, 'right')})")
    ctx.run("direct = a.__eq__(b)")
    ctx.check("direct is not NotImplemented", "a.__eq__(b) returned NotImplemented for a conforming foreign Buffer")
    ctx.check("bool(direct) is (left == right)", "a.__eq__(b) (foreign) is {direct!r} for {left!r} and {right!r}")
    ctx.check("bool(a == b) is (left == right)", "a == b (foreign) is {a == b!r} for {left!r} and {right!r}")
    ctx.check("bool(b == a) is (left == right)", "b (foreign) == a is {b == a!r} for {right!r} and {left!r}")


@contract(
    "buffer.eq.different_lengths",
    member="Buffer.__eq__",
    text="Buffers of different lengths are unequal, also when one is a prefix of the other.",
)
def _eq_different_lengths(ctx: CheckContext) -> None:
    for left, right in ((b"abc", b"ab"), (b"ab", b"abc"), (b"", b"a"), (b"a", b"")):
        with ctx.case():
            make(ctx, "a", left)
            make(ctx, "b", right)
            ctx.check("not (a == b)", f"a == b is true for {esc(repr(left))} and {esc(repr(right))}")


@contract(
    "buffer.eq.empty",
    member="Buffer.__eq__",
    text="Two empty buffers are equal, however they were made.",
)
def _eq_empty(ctx: CheckContext) -> None:
    make(ctx, "a", b"", writable=False)
    make(ctx, "b", b"")
    ctx.run("empty = Buffer.create_zero_length()")
    for x, y in (("a", "b"), ("a", "empty"), ("empty", "a")):
        with ctx.case():
            ctx.check(f"{x} == {y}", f"{x} == {y} is false for two empty buffers")


@contract(
    "buffer.eq.non_buffer",
    member="Buffer.__eq__",
    text="buf.__eq__(other) returns NotImplemented for an object that is not a Buffer, "
    "so buf == b'...' is False (never an error), also when the bytes are the same.",
)
def _eq_non_buffer(ctx: CheckContext) -> None:
    make(ctx, "buf", b"abc")
    # bytearray and memoryview compare with any buffer-protocol object once __eq__
    # returns NotImplemented (PEP 688), so for them only NotImplemented is checked.
    for other, plain_false in ((b"abc", True), ("abc", True), (None, True), (3, True), (bytearray(b"abc"), False)):
        with ctx.case():
            ctx.let("other", other)
            fail_on_error(ctx, "direct = buf.__eq__(other)\ncompared = buf == other\ndiffers = buf != other",
                          "comparing buf with {other!r}")
            ctx.check("direct is NotImplemented", "buf.__eq__({other!r}) returned {direct!r}, expected NotImplemented")
            if plain_false:
                ctx.check("compared is False", "buf == {other!r} is {compared!r}, expected False")
                ctx.check("differs is True", "buf != {other!r} is {differs!r}, expected True")


@contract(
    "buffer.hash.unhashable",
    member="Buffer",
    text="Buffers are mutable and therefore unhashable: hash(buf) raises TypeError.",
)
def _hash_unhashable(ctx: CheckContext) -> None:
    for writable in (False, True):
        with ctx.case():
            make(ctx, "buf", b"abc", writable=writable)
            ctx.raises("hash(buf)", TypeError)


# -- PEP 688 and pickle ---------------------------------------------------------------------


@contract(
    "buffer.pep688.buffer_export",
    member="Buffer.__buffer__",
    text="For host memory, a buffer exports PEP 688 __buffer__, so memoryview(buf), numpy.frombuffer(buf), "
    "file.write(buf) and zlib.compress(buf) work without a copy (checked on Python 3.12+; "
    "earlier Pythons ignore __buffer__, so there the contract is skipped).",
    level=Level.SHOULD,
    needs=("host_memory",),
    unavailable=None if _HAS_PEP688 else (
        f"not checked on Python {sys.version_info[0]}.{sys.version_info[1]}: Python < 3.12 ignores a Python-level "
        "__buffer__ (PEP 688), so a run on it cannot see PEP 688 bugs; run the kit on Python 3.12+ too"),
)
def _pep688_buffer_export(ctx: CheckContext) -> None:
    ctx.run("data = b'abcdef'")
    for _ in buffer_subjects(ctx):  # every construction path
        ctx.run("try:\n    view = memoryview(buf)\nexcept TypeError as exc:\n"
                "    raise AssertionError(f\"memoryview(buf) raised TypeError ({exc}): no PEP 688 __buffer__\")")
        ctx.check("view.tobytes() == b'abcdef'", "memoryview(buf) holds {view.tobytes()!r}, expected b'abcdef'")
        expect_shares_memory(ctx, "np.frombuffer(view, np.uint8)", "host(buf)", "memoryview(buf)")
        ctx.run("writeable = bool(host(buf).flags.writeable)")
        ctx.check("view.readonly != writeable", "memoryview(buf).readonly is {view.readonly} but as_numpy_array() "
                  "is {'writeable' if writeable else 'read-only'}")
        ctx.check("np.frombuffer(buf, np.uint8).tobytes() == b'abcdef'",
                  "np.frombuffer(buf) holds {np.frombuffer(buf, np.uint8).tobytes()!r}, expected b'abcdef'")
        ctx.check("zlib.compress(buf) == zlib.compress(b'abcdef')",
                  "zlib.compress(buf) differs from zlib.compress(b'abcdef')")
        ctx.run("sink = io.BytesIO()")
        ctx.run("written = sink.write(buf)")
        ctx.check("written == 6 and sink.getvalue() == b'abcdef'",
                  "file.write(buf) wrote {sink.getvalue()!r} (returned {written!r}), expected b'abcdef' (6)")


@contract(
    "buffer.pickle.roundtrip",
    member="Buffer",
    text="A buffer pickles: pickle.loads(pickle.dumps(buf, protocol)) has the same class and bytes, "
    "for protocols 2 and 5.",
    level=Level.SHOULD,
)
def _pickle_roundtrip(ctx: CheckContext) -> None:
    for size in BUFFER_SIZES:
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx):
            for protocol in (2, 5):
                with ctx.case():
                    fail_on_error(ctx, f"restored = pickle.loads(pickle.dumps(buf, protocol={protocol}))",
                                  f"pickling buf = {esc(made_as)} with protocol {protocol}")
                    expect_type(ctx, "restored", f"an unpickled buffer (protocol {protocol})")
                    ctx.run("got = host_bytes(restored)")
                    ctx.check("got == data", f"buf = {esc(made_as)} unpickled (protocol {protocol}) holds "
                              "{show_bytes(got)}, expected {show_bytes(data)}")


@contract(
    "buffer.pickle.out_of_band",
    member="Buffer",
    text="For host memory, pickle protocol 5 with a buffer_callback passes the bytes out of band "
    "(as PickleBuffers, not in the pickle stream) and pickle.loads(..., buffers=...) restores class and bytes.",
    level=Level.SHOULD,
    needs=("host_memory",),
)
def _pickle_out_of_band(ctx: CheckContext) -> None:
    for source in ("data", "bytearray(data)"):
        with ctx.case():
            ctx.run("data = bytes(range(256)) * 16")
            ctx.run(f"buf = Buffer.from_bytes({source})")
            ctx.run("buffers = []")
            fail_on_error(ctx, "stream = pickle.dumps(buf, protocol=5, buffer_callback=buffers.append)",
                          "pickle.dumps(buf, protocol=5, buffer_callback=...)")
            ctx.check("buffers and len(stream) < len(data)",
                      "protocol 5 kept the {len(data)} bytes in band ({len(buffers)} out-of-band buffers, "
                      "a {len(stream)}-byte stream)")
            ctx.run("restored = pickle.loads(stream, buffers=buffers)")
            expect_type(ctx, "restored", "a buffer unpickled out of band")
            expect_bytes(ctx, "restored", "data", "a buffer unpickled out of band")


@contract(
    "buffer.pickle.out_of_band_zero_copy",
    member="Buffer",
    text="For host memory, a buffer unpickled out of band (protocol 5, pickle.loads(..., buffers=...)) shares "
    "memory with the out-of-band buffers (no copy) and is read-only exactly when the pickled buffer was.",
    level=Level.SHOULD,
    needs=("host_memory",),
)
def _pickle_out_of_band_zero_copy(ctx: CheckContext) -> None:
    ctx.run("data = bytes(range(256)) * 16")
    for made_as in buffer_subjects(ctx):
        what = f"buf = {esc(made_as)} unpickled out of band"
        ctx.run("buffers = []")
        fail_on_error(ctx, "stream = pickle.dumps(buf, protocol=5, buffer_callback=buffers.append)",
                      "pickle.dumps(buf, protocol=5, buffer_callback=...)")
        ctx.run("restored = pickle.loads(stream, buffers=buffers)")
        ctx.check("host_bytes(restored) == data", f"{what} holds other bytes than data")
        ctx.check("any(np.shares_memory(host(restored), np.frombuffer(b, np.uint8)) for b in buffers)",
                  f"{what} copied the out-of-band buffers (no shared memory)")
        ctx.run("writeable = bool(host(buf).flags.writeable)")
        ctx.check("bool(host(restored).flags.writeable) == writeable",
                  f"{what} is {{'writeable' if host(restored).flags.writeable else 'read-only'}}, but the pickled "
                  "buffer was {'writeable' if writeable else 'read-only'}")
