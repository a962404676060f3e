"""The ``ndbuffer.byteorder.*`` contracts: ``NDBuffer.byteorder``."""

from __future__ import annotations

from typing import Any

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._core.source import source_of
from bufferspec.conformance._inputs.ndbuffer_steps import quiet, supports

__all__: list[str] = []


@contract(
    "ndbuffer.byteorder.values",
    member="NDBuffer.byteorder",
    text="byteorder is 'little' for dtype byte order '<', 'big' for '>', and sys.byteorder for '=' and '|'.",
)
@quiet
def check_values(ctx: CheckContext) -> None:
    host = "sys.byteorder"
    cases: tuple[tuple[Any, str], ...] = (
        ("<f8", "'little'"), (">f8", "'big'"), ("=f8", host), ("f8", host), ("|u1", host), ("|b1", host),
        ("|S3", host), ("<U2", "'little'"), (">U2", "'big'"), (">M8", "'big'"), ("<m8[s]", "'little'"),
        (">c8", "'big'"), ([("a", "<i4"), ("b", ">f8")], host), (">i8", "'big'"),
    )
    for dtype, expected in cases:
        if not supports(ctx, dtype):  # create.dtype_* reports unsupported dtypes
            continue
        with ctx.case():
            ctx.run(f"nd = NDBuffer.create(shape=(2,), dtype={source_of(dtype)})")
            shown = "{sys.byteorder!r}" if expected == host else expected
            ctx.check(f"nd.byteorder == {expected}",
                      f"byteorder of dtype {esc(source_of(dtype))} is {{nd.byteorder!r}}, expected {shown}")
    if not supports(ctx, ">i2"):
        return
    ctx.run("nd = NDBuffer.from_numpy_array(np.zeros((2, 3), '>i2'))")
    for text in ("nd", "nd.transpose(None)", "nd[1:]"):
        with ctx.case():
            ctx.run(f"view = {text}")
            ctx.check("view.byteorder == 'big'",
                      f"{text}.byteorder of dtype '>i2' is {{view.byteorder!r}}, expected 'big'")
