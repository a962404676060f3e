"""Indexing inputs of the NDBuffer contracts: shapes with real strides, basic index keys, an ``arange`` subject."""

from __future__ import annotations

from typing import Any

from hypothesis.extra import numpy as hnp

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._inputs.domains import draw_subject

__all__ = [
    "INDEXING_SHAPES",
    "RICH_SHAPES",
    "arange_nd",
    "basic_indices",
    "indexing_shapes",
]

RICH_SHAPES = hnp.array_shapes(min_dims=2, max_dims=4, min_side=2, max_side=5)


INDEXING_SHAPES = {
    side: hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=side) | RICH_SHAPES for side in (5, 6)
}


def indexing_shapes(max_side: int = 5) -> Any:
    return INDEXING_SHAPES[max_side]


def basic_indices(shape: tuple[int, ...]) -> Any:
    return hnp.basic_indices(shape, allow_newaxis=True, allow_ellipsis=True)


def arange_nd(ctx: CheckContext, shape: str = "shape", dtype: str = "'<i4'", *, writes: bool = False) -> None:
    """Steps ``array = arange(shape, dtype)`` (distinct values) and ``nd`` holding a copy of it: in a
    property check made through a drawn source (C or Fortran order, read-only memory unless *writes*,
    a reshaped view, a copy; see :func:`draw_subject`), else from a C-ordered copy."""
    ctx.run(f"array = arange({shape}, {dtype})")
    if ctx.drawing:
        draw_subject(ctx, writes=writes, same_shape=True)
    else:
        ctx.run("nd = NDBuffer.from_numpy_array(array.copy())")
