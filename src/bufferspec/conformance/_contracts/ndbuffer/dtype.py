"""The ``ndbuffer.dtype.*`` contracts: ``NDBuffer.dtype``."""

from __future__ import annotations

import numpy as np

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.ndbuffer_steps import draw_dtype, quiet
from bufferspec.conformance._inputs.strategies import SHAPES, STRING_DTYPE, VALUE_DTYPES
from bufferspec.conformance._inputs.strategies import STRUCTURED as _STRUCTURED

__all__: list[str] = []


_EXACT_DTYPES = (*VALUE_DTYPES, _STRUCTURED, np.dtype(">M8"), np.dtype(">m8"), np.dtype(">U2"), np.dtype("|O"),
                 *(() if STRING_DTYPE is None else (STRING_DTYPE,)))


@contract(
    "ndbuffer.dtype.exact",
    member="NDBuffer.dtype",
    text="dtype is the exact NumPy dtype of the elements, byte order included (property).",
    examples=True,
)
@quiet
def check_exact(ctx: CheckContext) -> None:
    draw_dtype(ctx, _EXACT_DTYPES)
    ctx.draw(SHAPES, "shape")
    for make, text in (("NDBuffer.from_numpy_array(full(shape, dtype, None))", "from_numpy_array"),
                       ("NDBuffer.create(shape=shape, dtype=dtype)", "create")):
        with ctx.case():
            ctx.run(f"nd = {make}")
            ctx.check("isinstance(nd.dtype, np.dtype)",
                      f"{text}(...).dtype is {{type(nd.dtype).__name__}}, expected numpy.dtype")
            ctx.check("nd.dtype == dtype", f"{text}(...).dtype is {{dtype_text(nd.dtype)}}, expected {{dtype_text(dtype)}}")
