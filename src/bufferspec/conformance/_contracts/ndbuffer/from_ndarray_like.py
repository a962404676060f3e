"""The ``ndbuffer.from_ndarray_like.*`` contracts: ``NDBufferClass.from_ndarray_like``."""

from __future__ import annotations

import numpy as np

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_type
from bufferspec.conformance._inputs.ndbuffer_steps import expect_array, quiet

__all__: list[str] = []


@contract(
    "ndbuffer.from_ndarray_like.no_copy",
    member="NDBufferClass.from_ndarray_like",
    text="from_ndarray_like(x).as_ndarray_like() is x: wrapping never copies, nor converts (an ndarray subclass "
    "stays itself when NumPy arrays are the backend's arrays).",
)
@quiet
def check_no_copy(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(arange((2, 3), '<f8'))")
    for text in ("nd", "nd.transpose(None)"):
        with ctx.case():
            ctx.run(f"native = {text}.as_ndarray_like()")
            ctx.run("wrapped = NDBuffer.from_ndarray_like(native)")
            what = f"NDBuffer.from_ndarray_like({text}.as_ndarray_like())"
            expect_type(ctx, "wrapped", what, "NDBuffer")
            ctx.check("wrapped.as_ndarray_like() is native", f"{what}.as_ndarray_like() is not the array it wrapped")
            ctx.run(f"expected = host({text}).copy()")
            expect_array(ctx, "wrapped", "expected", what)
    ctx.run("native = nd.as_ndarray_like()")
    if isinstance(ctx["native"], np.ndarray):  # NumPy arrays are the backend's own: so are their subclasses
        with ctx.case():
            ctx.run("class SubArray(np.ndarray):\n    pass")
            ctx.run("native = arange((2, 3), '<f8').view(SubArray)")
            ctx.run("wrapped = NDBuffer.from_ndarray_like(native)")
            ctx.check("wrapped.as_ndarray_like() is native",
                      "NDBuffer.from_ndarray_like(x).as_ndarray_like() is not x for x of an ndarray subclass")


@contract(
    "ndbuffer.from_ndarray_like.rejects_non_array",
    member="NDBufferClass.from_ndarray_like",
    text="from_ndarray_like of something that is not an array of the backend (a list, a bytes object, None) "
    "raises TypeError; from_numpy_array is the method that converts.",
    level=Level.SHOULD,
    names_argument="ndarray_like",
)
@quiet
def check_rejects_non_array(ctx: CheckContext) -> None:
    for value in ("[1, 2]", "b'ab'", "None"):
        with ctx.case():
            ctx.raises(f"NDBuffer.from_ndarray_like({value})", TypeError, argument="ndarray_like")
