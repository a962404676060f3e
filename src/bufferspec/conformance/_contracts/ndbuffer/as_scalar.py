"""The ``ndbuffer.as_scalar.*`` contracts: ``NDBuffer.as_scalar``."""

from __future__ import annotations

from hypothesis import strategies as st

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.ndbuffer_steps import (
    create,
    draw_dtype,
    expect_unchanged,
    quiet,
    snapshot,
    supports,
)
from bufferspec.conformance._inputs.strategies import STRING_DTYPE, VALUE_DTYPES, from_dtype

__all__: list[str] = []


_ONE_ELEMENT_SHAPES = st.sampled_from([(), (1,), (1, 1), (1, 1, 1), (1, 1, 1, 1)])


def _expect_scalar(ctx: CheckContext, name: str, kind: str) -> None:
    """Steps: ``scalar = name.as_scalar()`` is the element as a scalar.

    The expected element is ``expected`` (a 0-d array of ``dtype``) for NumPy
    scalar kinds, ``element`` (the object itself) for object dtype and ``text``
    (a ``str``) for StringDType.
    """
    what = f"{name}.as_scalar()"
    ctx.run(f"scalar = {what}")
    ctx.check("not isinstance(scalar, np.ndarray)", f"{what} returned an array {{scalar!r}}, expected a scalar")
    if kind == "O":
        ctx.check("scalar is element",
                  f"{what} returned another object (a {{type(scalar).__name__}}), expected the element itself")
        return
    if kind == "T":
        ctx.check("type(scalar) is str and scalar == text", f"{what} returned {{scalar!r}}, expected the str {{text!r}}")
        return
    ctx.check("type(scalar) is dtype.type",
              f"{what} returned {{type(scalar).__name__}}, expected a NumPy scalar {{dtype.type.__name__}}")
    if kind in "biufcmM":
        ctx.check("np.dtype(scalar.dtype).newbyteorder('=') == dtype.newbyteorder('=')",
                  f"{what} has dtype {{np.dtype(scalar.dtype).newbyteorder('=')}}, expected {{dtype}}")
    ctx.check("same_bits(full((), dtype, scalar), expected)",
              f"{what} returned {{scalar!r}}, expected {{expected[()]!r}} (bit for bit)")


@contract(
    "ndbuffer.as_scalar.size_one",
    member="NDBuffer.as_scalar",
    text="as_scalar returns the only element as a scalar of the buffer's dtype, never an array, for every "
    "size-1 shape (property).",
    examples=True,
)
@quiet
def check_size_one(ctx: CheckContext) -> None:
    dtype = draw_dtype(ctx, VALUE_DTYPES)
    ctx.draw(from_dtype(dtype), "value")
    ctx.draw(_ONE_ELEMENT_SHAPES, "shape")
    with ctx.case():
        ctx.run("nd = NDBuffer.from_numpy_array(full(shape, dtype, value))")
        ctx.run("expected = full((), dtype, value)")
        _expect_scalar(ctx, "nd", dtype.kind)
    if dtype.kind in "fc":  # the bit patterns a drawn value rarely is: -0.0, a negative NaN with a full payload
        for edge in ("-np.zeros((), dtype)[()]", "np.frombuffer(b'\\xff' * dtype.itemsize, dtype)[0]"):
            with ctx.case():
                ctx.run(f"value = {edge}")
                ctx.run("nd = NDBuffer.from_numpy_array(full(shape, dtype, value))")
                ctx.run("expected = full((), dtype, value)")
                _expect_scalar(ctx, "nd", dtype.kind)
    if supports(ctx, object):
        with ctx.case():
            ctx.run("element = object()")
            ctx.run("nd = NDBuffer.from_numpy_array(np.array([element], dtype=object).reshape(shape))")
            _expect_scalar(ctx, "nd", "O")
    if STRING_DTYPE is not None and supports(ctx, STRING_DTYPE):
        with ctx.case():
            ctx.run("text = 'h\\u00e9llo'")
            ctx.run("nd = NDBuffer.from_numpy_array(np.array([text], dtype=np.dtypes.StringDType()).reshape(shape))")
            _expect_scalar(ctx, "nd", "T")


@contract(
    "ndbuffer.as_scalar.rejects_size_not_one",
    member="NDBuffer.as_scalar",
    text="as_scalar raises ValueError unless the buffer holds exactly one element.",
)
@quiet
def check_rejects_size_not_one(ctx: CheckContext) -> None:
    for shape in ((0,), (2,), (2, 3), (1, 0), (1, 2)):
        with ctx.case():
            create(ctx, shape=shape, dtype="<f8", fill_value=1.0)
            snapshot(ctx, "nd")
            ctx.raises("nd.as_scalar()", ValueError, what=f"as_scalar() of shape {shape}")
            expect_unchanged(ctx, "nd", "as_scalar()")
