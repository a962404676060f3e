"""The ``buffer.combine.*`` contracts: ``Buffer.combine``."""

from __future__ import annotations

from hypothesis import strategies as st

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import (
    drawn_bytes_argument,
    expect_bytes,
    expect_bytes_unchanged,
    expect_type,
    make,
    make_foreign,
)
from bufferspec.conformance._inputs.domains import buffer_subjects, draw_data

__all__: list[str] = []


#: Up to three short byte strings (the ``others`` of ``combine``).
small_parts: st.SearchStrategy[list[bytes]] = st.lists(st.binary(max_size=16), max_size=3)


def expect_no_shared_memory(ctx: CheckContext, a: str, b: str, what: str) -> None:
    """Step: the host arrays *a* and *b* share no memory (a must-copy contract); empty arrays pass."""
    ctx.check(f"{a}.size == 0 or {b}.size == 0 or not np.shares_memory({a}, {b})",
              f"{what} shares memory with its input, expected a copy")


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
    "buffer.combine.concatenation",
    member="Buffer.combine",
    text="buf.combine(others) holds the bytes of buf followed by the bytes of each of others, in order.",
    examples=True,
)
def check_concatenation(ctx: CheckContext) -> None:
    draw_data(ctx)
    ctx.draw(small_parts, "parts")
    ctx.run(f"others = [Buffer.from_bytes({drawn_bytes_argument(ctx, 'part')}) for part in parts]")
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
def check_returns_type_self(ctx: CheckContext) -> None:
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
def check_empty_others(ctx: CheckContext) -> None:
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
def check_iterable(ctx: CheckContext) -> None:
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
def check_foreign(ctx: CheckContext) -> None:
    make(ctx, "buf", b"ab")
    make_foreign(ctx, "foreign", b"cd")
    make(ctx, "own", b"ef")
    make_foreign(ctx, "foreign_empty", b"")
    ctx.run("result = buf.combine([foreign, own, foreign_empty])")
    expect_bytes(ctx, "result", "b'abcdef'", "buf.combine([foreign, own, foreign_empty])")


@contract(
    "buffer.combine.no_alias",
    member="Buffer.combine",
    text="buf.combine(others) is a new buffer: writing to it does not change buf or any of others, and writing "
    "to them does not change it, even when others is empty.",
    needs=("writable",),
)
def check_no_alias(ctx: CheckContext) -> None:
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
def check_no_shared_memory(ctx: CheckContext) -> None:
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
def check_rejects_non_buffer(ctx: CheckContext) -> None:
    for others in ("[b'x']", "[own, 3]", "[None]"):
        with ctx.case():
            make(ctx, "buf", b"abc")
            make(ctx, "own", b"de")
            statement = f"buf.combine({others})"
            ctx.raises(statement, TypeError, argument="others")
            expect_bytes_unchanged(ctx, "buf", b"abc", statement)
            expect_bytes_unchanged(ctx, "own", b"de", statement)


@contract(
    "buffer.combine.rejects_non_iterable",
    member="Buffer.combine",
    text="buf.combine(others) with an others that is not an iterable of Buffers at all (an int, None, a single "
    "Buffer, which is to be wrapped in a list) raises TypeError and changes no input.",
    names_argument="others",
)
def check_rejects_non_iterable(ctx: CheckContext) -> None:
    for others in ("5", "None", "own"):
        with ctx.case():
            make(ctx, "buf", b"abc")
            make(ctx, "own", b"de")
            statement = f"buf.combine({others})"
            ctx.raises(statement, TypeError, argument="others",
                       what=statement + (" (a single Buffer)" if others == "own" else ""))
            expect_bytes_unchanged(ctx, "buf", b"abc", statement)
            expect_bytes_unchanged(ctx, "own", b"de", statement)
