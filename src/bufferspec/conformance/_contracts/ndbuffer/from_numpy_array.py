"""The ``ndbuffer.from_numpy_array.*`` contracts: ``NDBufferClass.from_numpy_array``."""

from __future__ import annotations

import numpy as np

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_shares_memory, expect_type
from bufferspec.conformance._inputs.domains import draw_array
from bufferspec.conformance._inputs.ndbuffer_steps import draw_dtype, expect_array, quiet, supports
from bufferspec.conformance._inputs.strategies import VALUE_DTYPES

__all__: list[str] = []


@contract(
    "ndbuffer.from_numpy_array.array_likes",
    member="NDBufferClass.from_numpy_array",
    text="from_numpy_array accepts anything numpy.asanyarray does (lists, tuples, scalars, strided arrays) "
    "and holds the same shape, dtype and values.",
)
@quiet
def check_array_likes(ctx: CheckContext) -> None:
    cases = (
        "[1, 2, 3]",
        "[[1.5, -0.0], [2.0, float('inf')]]",
        "(1, 2)",
        "5",
        "2.5",
        "True",
        "np.float32(1.5)",
        "[b'ab', b'c']",
        "['x', 'yz']",
        "np.arange(12, dtype='>i4').reshape(3, 4).T[::2]",
    )
    for text in cases:
        dtype = np.asanyarray(eval(text, {"np": np})).dtype  # noqa: S307 - the kit's own literals
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.from_numpy_array({text})")
            ctx.run(f"expected = np.asanyarray({text})")
            what = f"NDBuffer.from_numpy_array({esc(text)})"
            expect_type(ctx, "nd", what, "NDBuffer")
            expect_array(ctx, "nd", "expected", what)


@contract(
    "ndbuffer.from_numpy_array.roundtrip",
    member="NDBufferClass.from_numpy_array",
    text="from_numpy_array(a).as_numpy_array() holds a's shape, exact dtype and values bit for bit (property).",
    examples=True,
)
@quiet
def check_roundtrip(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    draw_array(ctx, dtype)
    ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
    expect_type(ctx, "nd", "NDBuffer.from_numpy_array(array)", "NDBuffer")
    expect_array(ctx, "nd", "array", "NDBuffer.from_numpy_array(array)")


@contract(
    "ndbuffer.from_numpy_array.no_copy",
    member="NDBufferClass.from_numpy_array",
    text="For host memory, from_numpy_array wraps a writable NumPy array without copying it, whatever its layout "
    "(strided, reversed, transposed, Fortran-ordered, unaligned).",
    needs=("host_memory",),
)
@quiet
def check_no_copy(ctx: CheckContext) -> None:
    ctx.run("a = np.arange(12, dtype='<f8').reshape(3, 4)")
    for text, dtype in (("a", "<f8"), ("a[:, ::2]", "<f8"), ("a.T", "<f8"), ("a.astype('>i4')", ">i4"),
                        ("np.asfortranarray(a)", "<f8"), ("np.frombuffer(bytearray(33), 'u1')[1:].view('<f8')", "<f8"),
                        ("a[::-1]", "<f8"), ("a[::-1, ::-2]", "<f8"), ("a.reshape(-1)[::-1]", "<f8")):
        if not supports(ctx, dtype):  # other dtypes: the create.dtype_* contracts report them
            continue
        with ctx.case():
            ctx.run(f"source = {text}")
            ctx.run("nd = NDBuffer.from_numpy_array(source)")
            expect_shares_memory(ctx, "host(nd)", "source", f"NDBuffer.from_numpy_array({text})")


@contract(
    "ndbuffer.from_numpy_array.read_only_no_copy",
    member="NDBufferClass.from_numpy_array",
    text="For host memory, from_numpy_array wraps a read-only NumPy array without copying it, and the buffer "
    "stays read-only (a backend whose arrays cannot be read-only copies instead).",
    needs=("host_memory",),
    level=Level.SHOULD,
)
@quiet
def check_read_only_no_copy(ctx: CheckContext) -> None:
    for text in ("read_only(np.arange(12, dtype='<f8').reshape(3, 4))",
                 "np.frombuffer(bytes(range(12)), '|u1').reshape(3, 4)",
                 "read_only(np.asfortranarray(np.arange(12, dtype='<f8').reshape(3, 4)))"):
        with ctx.case():
            ctx.run(f"source = {text}")
            ctx.run("nd = NDBuffer.from_numpy_array(source)")
            expect_shares_memory(ctx, "host(nd)", "source", f"NDBuffer.from_numpy_array({esc(text)})")
            ctx.check("not host(nd).flags.writeable",
                      f"NDBuffer.from_numpy_array({esc(text)}) made writable memory of a read-only array")


@contract(
    "ndbuffer.from_numpy_array.rejects_unconvertible",
    member="NDBufferClass.from_numpy_array",
    text="from_numpy_array of something numpy.asanyarray refuses (a ragged nested list) raises ValueError.",
    level=Level.SHOULD,
    names_argument="array_like",
)
@quiet
def check_rejects_unconvertible(ctx: CheckContext) -> None:
    for value in ("[[1], [1, 2]]", "[[1, 2], 3]"):
        with ctx.case():
            ctx.raises(f"NDBuffer.from_numpy_array({value})", ValueError, argument="array_like")
