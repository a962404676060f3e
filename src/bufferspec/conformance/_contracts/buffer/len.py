"""The ``buffer.len.*`` contracts: ``Buffer.__len__``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.domains import buffer_subjects, draw_data

__all__: list[str] = []


@contract(
    "buffer.len.nbytes",
    member="Buffer.__len__",
    text="len(buf) is the number of bytes: the size of as_numpy_array().",
    examples=True,
)
def check_nbytes(ctx: CheckContext) -> None:
    with ctx.case():  # items wider than a byte: the length counts bytes, not items
        ctx.run("source = np.arange(3, dtype='<i4')")
        ctx.check("len(Buffer.from_bytes(source)) == 12",
                  "len(Buffer.from_bytes(np.arange(3, dtype='<i4'))) is {len(Buffer.from_bytes(source))}, expected 12")
        ctx.check("len(Buffer.from_bytes(pyarray.array('H', [1, 2]))) == 4",
                  "len(Buffer.from_bytes(pyarray.array('H', [1, 2]))) is not 4 (the bytes, not the items)")
    draw_data(ctx)
    for made_as in buffer_subjects(ctx):
        what = f"len({esc(made_as)})"
        ctx.check("len(buf) == len(data)", f"{what} is {{len(buf)}}, expected {{len(data)}}")
        ctx.check("len(buf) == host(buf).size",
                  f"{what} is {{len(buf)}} but its as_numpy_array() has {{host(buf).size}} elements")
