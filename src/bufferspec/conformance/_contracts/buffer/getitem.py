"""The ``buffer.getitem.*`` contracts: ``Buffer.__getitem__``."""

from __future__ import annotations

from hypothesis import strategies as st

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import (
    edge_keys,
    expect_bytes_unchanged,
    expect_shares_memory,
    expect_type,
    make,
)
from bufferspec.conformance._inputs.domains import BUFFER_SIZES, buffer_subjects, draw_data
from bufferspec.conformance._inputs.strategies import slice_bounds

__all__: list[str] = []


@contract(
    "buffer.getitem.slice_semantics",
    member="Buffer.__getitem__",
    text="buf[a:b] holds exactly the bytes Python's slice rules select (negative bounds count from the end, "
    "out-of-range bounds are clamped, stop = len + 1 is fine).",
    examples=True,
)
def check_slice_semantics(ctx: CheckContext) -> None:
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
def check_returns_cls(ctx: CheckContext) -> None:
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
def check_view(ctx: CheckContext) -> None:
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
def check_write_through(ctx: CheckContext) -> None:
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
def check_rejects_step(ctx: CheckContext) -> None:
    for step in (2, -1, 0):
        with ctx.case():
            make(ctx, "buf", b"0123456789")
            ctx.raises(f"buf[::{step}]", ValueError, argument="key")
            expect_bytes_unchanged(ctx, "buf", b"0123456789", f"a rejected slice buf[::{step}]")


@contract(
    "buffer.getitem.rejects_non_slice",
    member="Buffer.__getitem__",
    text="A key that is not a slice (an int, a tuple, None) raises TypeError.",
    names_argument="key",
)
def check_rejects_non_slice(ctx: CheckContext) -> None:
    for key in ("0", "(0, 1)", "None"):
        with ctx.case():
            make(ctx, "buf", b"0123456789")
            ctx.raises(f"buf[{key}]", TypeError, argument="key")
            expect_bytes_unchanged(ctx, "buf", b"0123456789", f"a rejected key buf[{key}]")


@contract(
    "buffer.getitem.rejects_bad_bounds",
    member="Buffer.__getitem__",
    text="A slice whose bounds are neither integers nor None (buf[1.5:2], buf['a':]) raises TypeError, "
    "as Python's slice rules do.",
    names_argument="key",
)
def check_rejects_bad_bounds(ctx: CheckContext) -> None:
    for key in ("1.5:2", "'a':", ":2.0"):
        with ctx.case():
            make(ctx, "buf", b"0123456789")
            ctx.raises(f"buf[{key}]", TypeError, argument="key")
            expect_bytes_unchanged(ctx, "buf", b"0123456789", f"a rejected key buf[{key}]")
