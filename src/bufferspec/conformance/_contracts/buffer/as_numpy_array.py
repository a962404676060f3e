"""The ``buffer.as_numpy_array.*`` contracts: ``Buffer.as_numpy_array``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_shares_memory
from bufferspec.conformance._inputs.domains import buffer_subjects, draw_data

__all__: list[str] = []


@contract(
    "buffer.as_numpy_array.host_uint8",
    member="Buffer.as_numpy_array",
    text="as_numpy_array() returns a one-dimensional uint8 numpy.ndarray of len(buf) elements holding the buffer's bytes.",
    examples=True,
)
def check_host_uint8(ctx: CheckContext) -> None:
    draw_data(ctx)
    for made_as in buffer_subjects(ctx):
        what = f"({esc(made_as)}).as_numpy_array()"
        ctx.run("array = buf.as_numpy_array()")
        ctx.check("isinstance(array, np.ndarray)", f"{what} is {{type(array).__qualname__}}, expected numpy.ndarray")
        ctx.check("array.dtype == np.uint8 and array.ndim == 1",
                  f"{what} has dtype {{array.dtype}} and ndim {{array.ndim}}, expected 1-d uint8")
        ctx.check("array.size == len(data)", f"{what} has {{array.size}} elements, expected {{len(data)}}")
        ctx.check("array.tobytes() == data", f"{what} holds other bytes than data")


@contract(
    "buffer.as_numpy_array.no_copy",
    member="Buffer.as_numpy_array",
    text="For host memory, as_numpy_array() does not copy: it shares memory with the buffer "
    "(with its as_array_like() when that exports its memory).",
    needs=("host_memory",),
)
def check_no_copy(ctx: CheckContext) -> None:
    ctx.run("data = b'abcdef'")
    exported = 0
    for made_as in buffer_subjects(ctx):
        ctx.run("stored = host_view(buf.as_array_like())")
        if ctx["stored"] is not None:
            exported += 1
            expect_shares_memory(ctx, "host(buf)", "stored", f"({esc(made_as)}).as_numpy_array()")
    if exported:
        return
    # An array type that does not export its memory: compare with the memory the
    # buffer was made from instead (a host buffer made from a bytearray aliases it).
    ctx.run("source = bytearray(b'abcdef')")
    ctx.run("buf = Buffer.from_bytes(source)")
    expect_shares_memory(ctx, "host(buf)", "np.frombuffer(source, np.uint8)", "buf.as_numpy_array()")
