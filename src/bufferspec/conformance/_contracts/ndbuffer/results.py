"""The ``ndbuffer.results.*`` contracts: ``NDBuffer``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_type
from bufferspec.conformance._inputs.ndbuffer_steps import quiet

__all__: list[str] = []


@contract(
    "ndbuffer.results.type_self",
    member="NDBuffer",
    text="Every constructor and every method that returns a buffer returns an instance of type(self), "
    "subclasses included.",
)
@quiet
def check_type_self(ctx: CheckContext) -> None:
    ctx.run("class Sub(NDBuffer):\n    pass")
    ctx.run("nd = Sub.create(shape=(2, 3), dtype='<f8', fill_value=1.0)")
    calls = (
        "nd",
        "Sub.empty((2,), '<i4')",
        "Sub.from_numpy_array(np.array([1, 2]))",
        "Sub.from_ndarray_like(nd.as_ndarray_like())",
        "nd.reshape(-1)",
        "nd.reshape((3, 2))",
        "nd[None].squeeze((0,))",
        "nd.transpose(None)",
        "nd.transpose((1, 0))",
        "nd.astype('<i4')",
        "nd.copy()",
        "nd[0]",
        "nd[0, 1]",
        "nd[:, ::2]",
        "nd[np.array([0, 1])]",
        "nd[np.array([[True, False, True], [False, True, False]])]",
    )
    for call in calls:
        with ctx.case():
            ctx.run(f"result = {call}")
            what = "Sub.create(shape=(2, 3), dtype='<f8', fill_value=1.0)" if call == "nd" else esc(call)
            expect_type(ctx, "result", what, "Sub")
