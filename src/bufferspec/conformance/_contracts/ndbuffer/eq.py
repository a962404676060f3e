"""The ``ndbuffer.eq.*`` contracts: ``NDBuffer``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.ndbuffer_steps import quiet

__all__: list[str] = []


@contract(
    "ndbuffer.eq.identity",
    member="NDBuffer",
    text="NDBuffers are hashable and compare by identity: == between two buffers with equal contents is False "
    "(contents are compared with all_equal).",
    level=Level.SHOULD,
)
@quiet
def check_identity(ctx: CheckContext) -> None:
    ctx.run("nd = NDBuffer.from_numpy_array(np.arange(3))")
    ctx.run("nd2 = NDBuffer.from_numpy_array(np.arange(3))")
    ctx.run("try:\n    hash(nd)\nexcept TypeError as exc:\n    raise AssertionError(f'hash(nd) raised TypeError: {exc}')")
    ctx.run("same = nd == nd")
    ctx.check("type(same) is bool and same", "nd == nd gave {same!r}, expected True")
    ctx.run("other = nd == nd2")
    ctx.check("type(other) is bool and not other", "nd == nd2 (equal contents) gave {other!r}, expected False")
    ctx.check("(nd != nd2) is True", "nd != nd2 is not True")
    ctx.check("len({nd, nd2, nd}) == 2", "a set of nd, nd2, nd does not hold two buffers")
