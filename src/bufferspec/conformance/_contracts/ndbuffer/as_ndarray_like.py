"""The ``ndbuffer.as_ndarray_like.*`` contracts: ``NDBuffer.as_ndarray_like``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.ndbuffer_steps import create, quiet

__all__: list[str] = []


@contract(
    "ndbuffer.as_ndarray_like.no_copy",
    member="NDBuffer.as_ndarray_like",
    text="as_ndarray_like never copies: it returns the same object every time, for every layout (C, Fortran, "
    "read-only, transposed and stepped views).",
)
@quiet
def check_no_copy(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(arange((2, 3)))")
    create(ctx, "nd2", shape=(3,), dtype="<f8", fill_value=1.0)
    ctx.run("fortran = NDBuffer.from_numpy_array(np.asfortranarray(arange((2, 3))))")
    ctx.run("frozen = NDBuffer.from_numpy_array(read_only(arange((2, 3))))")
    for text in ("nd", "nd[1:]", "nd2", "fortran", "frozen", "nd.transpose(None)", "nd[:, ::-2]"):
        with ctx.case():
            ctx.run(f"buffer = {text}")
            ctx.check("buffer.as_ndarray_like() is buffer.as_ndarray_like()",
                      f"{text}.as_ndarray_like() returned a different object each time")
