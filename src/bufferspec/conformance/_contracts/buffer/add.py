"""The ``buffer.add.*`` contracts: ``Buffer.__add__``."""

from __future__ import annotations

from hypothesis import strategies as st

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import (
    drawn_bytes_argument,
    expect_bytes,
    expect_bytes_unchanged,
    expect_type,
    fail_on_error,
    make,
)
from bufferspec.conformance._inputs.strategies import byte_strings

__all__: list[str] = []


@contract(
    "buffer.add.equals_combine",
    member="Buffer.__add__",
    text="a + b equals a.combine([b]): the bytes of a then those of b, in a buffer of type(a), "
    "also when b is of another implementation.",
    examples=True,
)
def check_equals_combine(ctx: CheckContext) -> None:
    ctx.draw(byte_strings, "left")
    ctx.draw(byte_strings, "right")
    foreign = ctx.draw(st.booleans(), "foreign")
    ctx.run(f"a = Buffer.from_bytes({drawn_bytes_argument(ctx, 'left')})")
    ctx.run(f"b = {'ForeignBuffer' if foreign else 'Buffer'}.from_bytes({drawn_bytes_argument(ctx, 'right')})")
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
def check_rejects_non_buffer(ctx: CheckContext) -> None:
    for other in ("3", "b'x'", "'x'"):
        with ctx.case():
            make(ctx, "buf", b"abc")
            statement = f"buf + {other}"
            ctx.raises(statement, TypeError)
            expect_bytes_unchanged(ctx, "buf", b"abc", statement)
            fail_on_error(ctx, f"direct = buf.__add__({other})", f"buf.__add__({esc(other)})")
            ctx.check("direct is NotImplemented",
                      f"buf.__add__({esc(other)}) returned {{direct!r}}, expected NotImplemented")
    make(ctx, "buf", b"abc")
    ctx.run("class Right:\n    def __radd__(self, other):\n        return 'radd'")
    fail_on_error(ctx, "result = buf + Right()", "buf + Right() (an operand with __radd__)")
    ctx.check("result == 'radd'", "buf + Right() gave {result!r}, expected Right().__radd__(buf), 'radd'")
    expect_bytes_unchanged(ctx, "buf", b"abc", "buf + Right()")
