"""The ``wrapper.as_numpy_array_wrapper.*`` contracts: ``as_numpy_array_wrapper``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_type, make, make_prototype

__all__: list[str] = []


def _wrapper(ctx: CheckContext) -> None:
    """Make the target's own ``as_numpy_array_wrapper`` available to the steps (the contract's subject)."""
    target = ctx.target
    ctx.bind("as_numpy_array_wrapper", target.wrapper, f"from {target.wrapper_module} import as_numpy_array_wrapper")


@contract(
    "wrapper.as_numpy_array_wrapper.roundtrip",
    member="as_numpy_array_wrapper",
    text="as_numpy_array_wrapper(func, buf, prototype) returns prototype.buffer holding the bytes func returns.",
    needs=("buffer", "wrapper"),
)
def check_roundtrip(ctx: CheckContext) -> None:
    _wrapper(ctx)
    ctx.run("payload = b'wrapper payload ' * 4")
    ctx.run(f"buf = Buffer.from_bytes({'bytearray(payload)' if 'writable' in ctx.has else 'payload'})")
    make_prototype(ctx)
    ctx.run("out = as_numpy_array_wrapper(lambda a: zlib.compress(a.tobytes()), buf, prototype)")
    expect_type(ctx, "out", "as_numpy_array_wrapper(...)")
    ctx.run("got = host_bytes(out)")
    ctx.check("got == zlib.compress(payload)",
              "the wrapped result does not hold func's bytes: it holds {got!r}, expected {zlib.compress(payload)!r}")


@contract(
    "wrapper.as_numpy_array_wrapper.ndarray_result",
    member="as_numpy_array_wrapper",
    text="When func returns a NumPy array, the result holds that array's raw bytes.",
    needs=("buffer", "wrapper"),
)
def check_ndarray_result(ctx: CheckContext) -> None:
    _wrapper(ctx)
    make(ctx, "buf", b"\x01\x02\x03\x04")
    make_prototype(ctx)
    ctx.run("out = as_numpy_array_wrapper(lambda a: np.arange(3, dtype='<f8'), buf, prototype)")
    ctx.run("got = host_bytes(out)")
    ctx.check("got == np.arange(3, dtype='<f8').tobytes()",
              "the result does not hold the array's raw bytes: it holds {got!r}, "
              "expected {np.arange(3, dtype='<f8').tobytes()!r}")
