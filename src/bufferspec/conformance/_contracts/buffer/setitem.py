"""The ``buffer.setitem.*`` contracts: ``Buffer.__setitem__``."""

from __future__ import annotations

from hypothesis import strategies as st

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import (
    edge_keys,
    expect_bytes,
    expect_bytes_unchanged,
    make,
    make_foreign,
)
from bufferspec.conformance._inputs.domains import BUFFER_PATHS, draw_data
from bufferspec.conformance._inputs.strategies import slice_bounds

__all__: list[str] = []


_WRITABLE_PATHS = st.sampled_from([path for path in BUFFER_PATHS if path.writable])


def keys(length: int) -> st.SearchStrategy[slice]:
    """A step-1 slice: one of :func:`edge_keys`, or any bounds around the length."""
    return st.one_of(st.sampled_from(edge_keys(length)), slice_bounds(length))


@contract(
    "buffer.setitem.bytes_like",
    member="Buffer.__setitem__",
    text="buf[a:b] = value, with a bytes, bytearray or memoryview value of exactly the selected length, "
    "overwrites the bytes Python's slice rules select, in place, and no others; a bytes-like value of wider "
    "items or more dimensions (a uint16 NumPy array) counts its bytes.",
    needs=("writable",),
    examples=True,
)
def check_bytes_like(ctx: CheckContext) -> None:
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
        for wide in ("pyarray.array('H', [0x4142, 0x4344])", "memoryview(b'WXYZ').cast('I')",
                     "np.array([0x4142, 0x4344], dtype='<u2')", "np.frombuffer(b'WXYZ', np.uint8).reshape(2, 2)"):
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
def check_uint8_array(ctx: CheckContext) -> None:
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
def check_buffer_value(ctx: CheckContext) -> None:
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
def check_foreign_buffer(ctx: CheckContext) -> None:
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
def check_overlapping(ctx: CheckContext) -> None:
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
def check_rejects_wrong_length(ctx: CheckContext) -> None:
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
            expect_bytes_unchanged(ctx, "buf", data, statement)


@contract(
    "buffer.setitem.rejects_read_only",
    member="Buffer.__setitem__",
    text="For host memory, assigning to a read-only buffer (one made from bytes) raises ValueError "
    "and leaves it unchanged.",
    needs=("host_memory",),
)
def check_rejects_read_only(ctx: CheckContext) -> None:
    data = b"abcdef"
    for key, value in (("0:2", "b'zz'"), ("-2:", "value"), ("1:1", "b''")):  # an empty slice too
        with ctx.case():
            make(ctx, "buf", data, writable=False)
            if value == "value":
                make(ctx, "value", b"XY")
            statement = f"buf[{key}] = {value}"
            ctx.raises(statement, ValueError, what=f"{statement} on a read-only buffer")
            expect_bytes_unchanged(ctx, "buf", data, statement)


@contract(
    "buffer.setitem.rejects_non_bytes",
    member="Buffer.__setitem__",
    text="buf[a:b] = value with a value that is neither bytes-like, a uint8 array nor a Buffer "
    "(an int, a float, a str, None) raises TypeError and leaves the buffer unchanged.",
    needs=("writable",),
    names_argument="value",
)
def check_rejects_non_bytes(ctx: CheckContext) -> None:
    data = b"abcdef"
    for value in ("7", "1.5", "'ab'", "None"):
        with ctx.case():
            make(ctx, "buf", data)
            statement = f"buf[0:2] = {value}"
            ctx.raises(statement, TypeError, argument="value")
            expect_bytes_unchanged(ctx, "buf", data, statement)


@contract(
    "buffer.setitem.rejects_step",
    member="Buffer.__setitem__",
    text="Assigning to a slice whose step is not None or 1 raises ValueError and leaves the buffer unchanged.",
    needs=("writable",),
    names_argument="key",
)
def check_rejects_step(ctx: CheckContext) -> None:
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
            expect_bytes_unchanged(ctx, "buf", data, statement)


@contract(
    "buffer.setitem.rejects_non_slice",
    member="Buffer.__setitem__",
    text="Assigning with a key that is not a slice (an int, a tuple) raises TypeError and leaves the buffer unchanged.",
    needs=("writable",),
    names_argument="key",
)
def check_rejects_non_slice(ctx: CheckContext) -> None:
    data = b"abcdef"
    for key in ("0", "(0, 1)"):
        with ctx.case():
            make(ctx, "buf", data)
            statement = f"buf[{key}] = b'z'"
            ctx.raises(statement, TypeError, argument="key")
            expect_bytes_unchanged(ctx, "buf", data, statement)
