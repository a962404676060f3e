"""The ``buffer.pickle.*`` contracts: ``Buffer``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_bytes, expect_type, fail_on_error
from bufferspec.conformance._inputs.domains import BUFFER_SIZES, buffer_subjects

__all__: list[str] = []


@contract(
    "buffer.pickle.roundtrip",
    member="Buffer",
    text="A buffer pickles: pickle.loads(pickle.dumps(buf, protocol)) has the same class and bytes, "
    "for protocols 2 and 5.",
    level=Level.SHOULD,
)
def check_roundtrip(ctx: CheckContext) -> None:
    for size in BUFFER_SIZES:
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx):
            for protocol in (2, 5):
                with ctx.case():
                    fail_on_error(ctx, f"restored = pickle.loads(pickle.dumps(buf, protocol={protocol}))",
                                  f"pickling buf = {esc(made_as)} with protocol {protocol}")
                    expect_type(ctx, "restored", f"an unpickled buffer (protocol {protocol})")
                    ctx.run("got = host_bytes(restored)")
                    ctx.check("got == data", f"buf = {esc(made_as)} unpickled (protocol {protocol}) holds "
                              "{show_bytes(got)}, expected {show_bytes(data)}")


@contract(
    "buffer.pickle.out_of_band",
    member="Buffer",
    text="For host memory, pickle protocol 5 with a buffer_callback passes the bytes out of band "
    "(as PickleBuffers, not in the pickle stream) and pickle.loads(..., buffers=...) restores class and bytes.",
    level=Level.SHOULD,
    needs=("host_memory",),
)
def check_out_of_band(ctx: CheckContext) -> None:
    for source in ("data", "bytearray(data)"):
        with ctx.case():
            ctx.run("data = bytes(range(256)) * 16")
            ctx.run(f"buf = Buffer.from_bytes({source})")
            ctx.run("buffers = []")
            fail_on_error(ctx, "stream = pickle.dumps(buf, protocol=5, buffer_callback=buffers.append)",
                          "pickle.dumps(buf, protocol=5, buffer_callback=...)")
            ctx.check("buffers and len(stream) < len(data)",
                      "protocol 5 kept the {len(data)} bytes in band ({len(buffers)} out-of-band buffers, "
                      "a {len(stream)}-byte stream)")
            ctx.run("restored = pickle.loads(stream, buffers=buffers)")
            expect_type(ctx, "restored", "a buffer unpickled out of band")
            expect_bytes(ctx, "restored", "data", "a buffer unpickled out of band")


@contract(
    "buffer.pickle.out_of_band_zero_copy",
    member="Buffer",
    text="For host memory, a buffer unpickled out of band (protocol 5, pickle.loads(..., buffers=...)) shares "
    "memory with the out-of-band buffers (no copy) and is read-only exactly when the pickled buffer was.",
    level=Level.SHOULD,
    needs=("host_memory",),
)
def check_out_of_band_zero_copy(ctx: CheckContext) -> None:
    ctx.run("data = bytes(range(256)) * 16")
    for made_as in buffer_subjects(ctx):
        what = f"buf = {esc(made_as)} unpickled out of band"
        ctx.run("buffers = []")
        fail_on_error(ctx, "stream = pickle.dumps(buf, protocol=5, buffer_callback=buffers.append)",
                      "pickle.dumps(buf, protocol=5, buffer_callback=...)")
        ctx.run("restored = pickle.loads(stream, buffers=buffers)")
        ctx.check("host_bytes(restored) == data", f"{what} holds other bytes than data")
        ctx.check("any(np.shares_memory(host(restored), np.frombuffer(b, np.uint8)) for b in buffers)",
                  f"{what} copied the out-of-band buffers (no shared memory)")
        ctx.run("writeable = bool(host(buf).flags.writeable)")
        ctx.check("bool(host(restored).flags.writeable) == writeable",
                  f"{what} is {{'writeable' if host(restored).flags.writeable else 'read-only'}}, but the pickled "
                  "buffer was {'writeable' if writeable else 'read-only'}")
