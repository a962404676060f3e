"""The ``buffer.from_array_like.*`` contracts: ``BufferClass.from_array_like``."""

from __future__ import annotations

import numpy as np

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_bytes, expect_bytes_unchanged, expect_type, make

__all__: list[str] = []


def _own_array(ctx: CheckContext, data: bytes) -> None:
    """Steps: ``buf`` made from *data*, and ``array``, its own ``as_array_like()``."""
    make(ctx, "buf", data)
    ctx.run("array = buf.as_array_like()")


def _rejects_array(ctx: CheckContext, derivations: tuple[str, ...], label: str) -> None:
    """``from_array_like`` of arrays derived from the target's own (``array.reshape(2, 4)``, ...) must raise ValueError.

    When the target's array type cannot express such an array (no ``reshape``,
    say) there is nothing to check for that derivation, and the contract is
    SKIP when no derivation can be made; when the derived array is of another
    type (a NumPy view of a non-NumPy array), it is not "an array of the kind
    this class stores", for which ``TypeError`` is right too.
    """
    checked = 0
    for derivation in derivations:
        with ctx.case():
            _own_array(ctx, b"abcdefgh")
            try:
                ctx.run(f"bad = {derivation}")
            except (AttributeError, TypeError, ValueError):
                continue  # the backend's arrays have no such form
            same_kind = type(ctx["bad"]) is type(ctx["array"])
            expected: tuple[type[Exception], ...] = (ValueError,) if same_kind else (ValueError, TypeError)
            ctx.raises("Buffer.from_array_like(bad)", expected, argument="array_like",
                       what=f"Buffer.from_array_like({derivation}) ({label})")
            expect_bytes_unchanged(ctx, "buf", b"abcdefgh", f"Buffer.from_array_like({derivation})")
            checked += 1
    if not checked:
        ctx.skip(f"the backend's arrays cannot be made into {label} ({', '.join(derivations)} failed)")


@contract(
    "buffer.from_array_like.no_copy",
    member="BufferClass.from_array_like",
    text="from_array_like(a).as_array_like() is a: wrapping never copies nor converts, read-only arrays and "
    "ndarray subclasses (when NumPy arrays are the backend's arrays) included.",
)
def check_no_copy(ctx: CheckContext) -> None:
    for data in ("b'abcd'", "bytearray(b'abcd')"):  # the array of a read-only buffer too
        with ctx.case():
            ctx.run(f"array = Buffer.from_bytes({data}).as_array_like()")
            ctx.run("wrapped = Buffer.from_array_like(array)")
            ctx.check("wrapped.as_array_like() is array",
                      f"Buffer.from_array_like(array).as_array_like() is not array (array of Buffer.from_bytes({data}))")
    ctx.run("array = Buffer.from_bytes(b'abcd').as_array_like()")
    if isinstance(ctx["array"], np.ndarray):  # NumPy arrays are the backend's own: so are their subclasses
        with ctx.case():
            ctx.run("class SubArray(np.ndarray):\n    pass")
            ctx.run("array = np.frombuffer(bytearray(b'abcd'), np.uint8).view(SubArray)")
            ctx.run("wrapped = Buffer.from_array_like(array)")
            ctx.check("wrapped.as_array_like() is array",
                      "Buffer.from_array_like(a).as_array_like() is not a for a of an ndarray subclass")


@contract(
    "buffer.from_array_like.returns_cls",
    member="BufferClass.from_array_like",
    text="from_array_like returns an instance of exactly the class it is called on, holding the array's bytes.",
)
def check_returns_cls(ctx: CheckContext) -> None:
    _own_array(ctx, b"abcd")
    ctx.run("wrapped = Buffer.from_array_like(array)")
    expect_type(ctx, "wrapped", "Buffer.from_array_like(array)")
    expect_bytes(ctx, "wrapped", "b'abcd'", "Buffer.from_array_like(array)")


@contract(
    "buffer.from_array_like.rejects_ndim",
    member="BufferClass.from_array_like",
    text="from_array_like of an array that is not one-dimensional raises ValueError.",
    needs=("host_memory",),
    names_argument="array_like",
)
def check_rejects_ndim(ctx: CheckContext) -> None:
    _rejects_array(ctx, ("array.reshape(2, 4)",), "a 2-d uint8 array")


@contract(
    "buffer.from_array_like.rejects_dtype",
    member="BufferClass.from_array_like",
    text="from_array_like of an array whose dtype is not uint8 raises ValueError.",
    needs=("host_memory",),
    names_argument="array_like",
)
def check_rejects_dtype(ctx: CheckContext) -> None:
    _rejects_array(ctx, ("array.view(np.int8)", "array.view('<u2')"), "an array of another dtype")


@contract(
    "buffer.from_array_like.rejects_non_contiguous",
    member="BufferClass.from_array_like",
    text="from_array_like of a non-contiguous array raises ValueError.",
    needs=("host_memory",),
    names_argument="array_like",
)
def check_rejects_non_contiguous(ctx: CheckContext) -> None:
    _rejects_array(ctx, ("array[::2]", "array[::-1]"), "a strided or reversed uint8 array")


@contract(
    "buffer.from_array_like.rejects_non_array",
    member="BufferClass.from_array_like",
    text="from_array_like of an object that is not an array (bytes, a list) raises TypeError.",
    names_argument="array_like",
)
def check_rejects_non_array(ctx: CheckContext) -> None:
    for value in ("b'abcd'", "[97, 98]"):
        with ctx.case():
            ctx.raises(f"Buffer.from_array_like({value})", TypeError, argument="array_like")
