"""The ``buffer.eq.*`` contracts: ``Buffer.__eq__``."""

from __future__ import annotations

from hypothesis import strategies as st

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import drawn_bytes_argument, fail_on_error, make
from bufferspec.conformance._inputs.domains import buffer_subjects, draw_data
from bufferspec.conformance._inputs.strategies import byte_strings

__all__: list[str] = []


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


@contract(
    "buffer.eq.content",
    member="Buffer.__eq__",
    text="a == b for two buffers of the class is True exactly when they hold the same bytes (and != is its negation).",
    examples=True,
)
def check_content(ctx: CheckContext) -> None:
    left = draw_data(ctx, "left")
    ctx.draw(related(left), "right")
    ctx.run(f"b = Buffer.from_bytes({drawn_bytes_argument(ctx, 'right')})")
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
def check_foreign(ctx: CheckContext) -> None:
    left = ctx.draw(byte_strings, "left")
    ctx.draw(related(left), "right")
    ctx.run(f"a = Buffer.from_bytes({drawn_bytes_argument(ctx, 'left')})")
    ctx.run(f"b = ForeignBuffer.from_bytes({drawn_bytes_argument(ctx, 'right')})")
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
def check_different_lengths(ctx: CheckContext) -> None:
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
def check_empty(ctx: CheckContext) -> None:
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
def check_non_buffer(ctx: CheckContext) -> None:
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
