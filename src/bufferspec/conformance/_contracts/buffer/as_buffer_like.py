"""The ``buffer.as_buffer_like.*`` contracts: ``Buffer.as_buffer_like``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_shares_memory
from bufferspec.conformance._inputs.domains import BUFFER_SIZES, buffer_subjects

__all__: list[str] = []


@contract(
    "buffer.as_buffer_like.contiguous",
    member="Buffer.as_buffer_like",
    text="as_buffer_like() exports the buffer protocol over the buffer's bytes: C-contiguous, len(buf) bytes, same contents.",
)
def check_contiguous(ctx: CheckContext) -> None:
    for size in BUFFER_SIZES:
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx):
            what = f"({esc(made_as)}).as_buffer_like()"
            ctx.run("view = memoryview(buf.as_buffer_like())")
            ctx.check("view.c_contiguous", f"{what} is not C-contiguous")
            ctx.check("view.nbytes == len(data)", f"{what} has {{view.nbytes}} bytes, expected {{len(data)}}")
            ctx.check("view.tobytes() == data", f"{what} holds other bytes than data")


@contract(
    "buffer.as_buffer_like.no_copy",
    member="Buffer.as_buffer_like",
    text="For host memory, as_buffer_like() does not copy: it shares memory with as_numpy_array().",
    needs=("host_memory",),
)
def check_no_copy(ctx: CheckContext) -> None:
    for size in BUFFER_SIZES[1:]:
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx):
            ctx.run("exported = np.frombuffer(memoryview(buf.as_buffer_like()), np.uint8)")
            expect_shares_memory(ctx, "exported", "host(buf)", f"({esc(made_as)}).as_buffer_like()")


@contract(
    "buffer.as_buffer_like.read_only_iff",
    member="Buffer.as_buffer_like",
    text="For host memory, as_buffer_like() is read-only exactly when the buffer's memory is: "
    "read-only for a buffer made from bytes, writable when as_numpy_array() is writeable.",
    needs=("host_memory",),
)
def check_read_only_iff(ctx: CheckContext) -> None:
    for size in ("b'abcdef'", "b''"):  # empty buffers have a mode too
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx):
            ctx.run("readonly = memoryview(buf.as_buffer_like()).readonly")
            ctx.run("writeable = bool(host(buf).flags.writeable)")
            ctx.check("readonly != writeable",
                      f"({esc(made_as)}).as_buffer_like() is {{'read-only' if readonly else 'writable'}} but the "
                      "buffer's memory is {'writeable' if writeable else 'read-only'}")
