"""The ``buffer.construction_paths.*`` contracts: ``Buffer``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_type
from bufferspec.conformance._inputs.domains import BUFFER_SIZES, buffer_subjects

__all__: list[str] = []


@contract(
    "buffer.construction_paths.contents",
    member="Buffer",
    text="Every construction path works and gives a buffer of exactly the class holding exactly the bytes: "
    "from_bytes of writable and read-only memory, interior and full slices, from_array_like of a view, "
    "from_buffer of the same and of another class, and combine and + results, at every size (empty, one "
    "byte, small, beyond two 64 KiB blocks).",
)
def check_contents(ctx: CheckContext) -> None:
    for size in BUFFER_SIZES:
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx, required=True):
            expect_type(ctx, "buf", esc(made_as))
            ctx.run("got = host_bytes(buf)")
            ctx.check("got == data", f"{esc(made_as)} holds {{show_bytes(got)}}, expected {{show_bytes(data)}}")
