"""Contracts of ``NDBuffer`` and ``NDBufferClass``."""

from __future__ import annotations

import numpy as np

from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import contract


@contract(
    "ndbuffer.create.fill_negative_zero",
    member="NDBufferClass.create",
    text="create(fill_value=-0.0) keeps the sign bit of every element.",
)
def _create_negative_zero(ctx: CheckContext) -> None:
    nd = ctx.call(
        "nd = NDBuffer.create(shape=(3,), dtype='<f8', fill_value=-0.0)",
        ctx.NDBuffer.create, shape=(3,), dtype="<f8", fill_value=-0.0,
    )
    ctx.expect(np.signbit(ctx.host(nd)).all(), "create(fill_value=-0.0) lost the sign bit")
