"""The ``ndbuffer.pickle.*`` contracts: ``NDBuffer``."""

from __future__ import annotations

import numpy as np

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_type
from bufferspec.conformance._inputs.ndbuffer_steps import expect_array, quiet, supported_or_skip, supports
from bufferspec.conformance._inputs.strategies import STRING_DTYPE
from bufferspec.conformance._inputs.values import kind_values

__all__: list[str] = []


def _pickle_cases() -> list[tuple[str, str]]:
    """(the array's source, the view of it pickled) of ``ndbuffer.pickle.roundtrip``."""
    nat = "np.iinfo(np.int64).min"
    cases = [
        ("np.array([[1.5, -0.0], [float('nan'), -float('inf')]], '<f8')", ""),
        ("np.arange(6, dtype='>i4').reshape(2, 3)", ""),
        ("np.arange(6, dtype='>f8').reshape(2, 3)", ".transpose(None)"),
        ("np.arange(12, dtype='<i2').reshape(3, 4)", "[::2, 1::2]"),
        ("np.array(-0.0, '>f8')", ""),
        ("np.zeros((0, 3), '<c8')", ""),
        ("np.array(['ab', 'c'], '>U2')", ""),
        ("np.array([b'x', b''], '|S2')", ""),
        ("full((2,), [('a', '<f8'), ('b', '>i2')], (-0.0, 7))", ""),
        (f"np.array([{nat}, 5], '>i8').view('>M8')", ""),
        (f"np.array([{nat}, 5], '<i8').view('<m8[ms]')", ""),
        ("np.array([1, 'a', None], dtype=object)", ""),
        ("np.array([7], '|u1')", ""),
        ("read_only(np.arange(3.0))", ""),
    ]
    if STRING_DTYPE is not None:
        cases.append(("np.array(['h\\u00e9llo', ''], dtype=np.dtypes.StringDType())", ""))
    return cases


@contract(
    "ndbuffer.pickle.out_of_band_zero_copy",
    member="NDBuffer",
    text="For host memory, an NDBuffer over contiguous memory (C or Fortran order) unpickled out of band "
    "(protocol 5, pickle.loads(..., buffers=...)) shares memory with the out-of-band buffers (no copy), "
    "keeps dtype, shape and values, and is read-only exactly when the pickled buffer was.",
    level=Level.SHOULD,
    needs=("host_memory",),
)
@quiet
def check_out_of_band_zero_copy(ctx: CheckContext) -> None:
    sources = ("array.copy()", "np.asfortranarray(array)", "read_only(array.copy())")
    for dtype in supported_or_skip(ctx, ("<f8", ">i4", "<c8", "<M8[s]")):
        for source in sources:
            with ctx.case():
                kind_values(ctx, np.dtype(dtype), (64, 33), 6)
                ctx.run(f"nd = NDBuffer.from_numpy_array({source})")
                ctx.run("buffers = []")
                ctx.run("stream = pickle.dumps(nd, protocol=5, buffer_callback=buffers.append)")
                ctx.run("back = pickle.loads(stream, buffers=buffers)")
                what = f"NDBuffer.from_numpy_array({esc(source)}) (dtype {dtype}) unpickled out of band"
                expect_type(ctx, "back", what, "NDBuffer")
                expect_array(ctx, "back", "array", what)
                ctx.check("any(np.shares_memory(host(back), np.frombuffer(b, np.uint8)) for b in buffers)",
                          f"{what} copied the out-of-band buffers ({{len(buffers)}} of them; no shared memory)")
                ctx.run("writeable = bool(host(nd).flags.writeable)")
                ctx.check("bool(host(back).flags.writeable) == writeable",
                          f"{what} is {{'writeable' if host(back).flags.writeable else 'read-only'}}, but the "
                          "pickled buffer was {'writeable' if writeable else 'read-only'}")


@contract(
    "ndbuffer.pickle.roundtrip",
    member="NDBuffer",
    text="Pickling round-trips (protocols 2, 4 and 5, in-band and out-of-band) keeping the class, the exact "
    "dtype (byte order included), the shape and the values; for host memory the result is writable exactly "
    "when the pickled buffer was.",
    level=Level.SHOULD,
)
@quiet
def check_roundtrip(ctx: CheckContext) -> None:
    trips = (
        ("back = pickle.loads(pickle.dumps(src, protocol=2))", "protocol 2"),
        ("back = pickle.loads(pickle.dumps(src, protocol=4))", "protocol 4"),
        ("back = pickle.loads(pickle.dumps(src, protocol=5))", "protocol 5"),
        ("buffers = []\nback = pickle.loads(pickle.dumps(src, protocol=5, buffer_callback=buffers.append), "
         "buffers=buffers)", "protocol 5, out-of-band"),
    )
    for array, view in _pickle_cases():
        with ctx.case():
            ctx.run(f"array = {array}")
            if not supports(ctx, ctx["array"].dtype):  # create.dtype_* reports unsupported dtypes
                continue
            wrapped = "array" if array.startswith("read_only(") else "array.copy()"
            ctx.run(f"nd = NDBuffer.from_numpy_array({wrapped})")
            ctx.run(f"src = nd{view}")
            ctx.run(f"expected = array{view}")
            for trip, label in trips:
                with ctx.case():
                    ctx.run(trip)
                    what = f"pickle round trip ({label}) of nd{esc(view)}"
                    expect_type(ctx, "back", what, cls="NDBuffer")
                    ctx.check("back.byteorder == src.byteorder",
                              f"{what} changed byteorder {{src.byteorder!r}} to {{back.byteorder!r}}")
                    expect_array(ctx, "back", "expected", what)
                    if "host_memory" in ctx.has:
                        ctx.check("host(back).flags.writeable == host(src).flags.writeable",
                                  f"{what} is {{'writable' if host(back).flags.writeable else 'read-only'}}, "
                                  f"expected {{'writable' if host(src).flags.writeable else 'read-only'}} as src")
