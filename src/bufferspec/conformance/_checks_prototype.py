"""Contracts of ``BufferPrototype`` and ``as_numpy_array_wrapper``.

The prototype contracts need both classes of the target; the wrapper
contracts check the reference ``as_numpy_array_wrapper`` when it is given the
target's Buffers and prototype (the wrapper is how host-only codecs reach any
backend, so it must work with every conforming one).

Checks are written as steps (see :class:`CheckContext`); ``BufferPrototype``
(:mod:`bufferspec.protocols`) and ``as_numpy_array_wrapper``
(:mod:`bufferspec.cpu`) are bound for them, and the reproducer imports them
from there.
"""

from __future__ import annotations

from bufferspec.conformance._checks_buffer import expect_type, make
from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import contract
from bufferspec.cpu import as_numpy_array_wrapper
from bufferspec.protocols import BufferPrototype

__all__: list[str] = []


def _prototype(ctx: CheckContext) -> None:
    """Step ``prototype = BufferPrototype(buffer=Buffer, nd_buffer=...)``.

    The nd_buffer is the target's NDBuffer class, or, for a target that has
    only a Buffer class, the foreign NDBuffer class (the wrapper only uses
    ``prototype.buffer``).
    """
    ctx.bind("BufferPrototype", BufferPrototype, "from bufferspec.protocols import BufferPrototype")
    nd_buffer = "NDBuffer" if ctx.NDBuffer is not None else "ForeignNDBuffer"
    ctx.run(f"prototype = BufferPrototype(buffer=Buffer, nd_buffer={nd_buffer})")


def _wrapper(ctx: CheckContext) -> None:
    """Make ``as_numpy_array_wrapper`` available to the steps."""
    ctx.bind("as_numpy_array_wrapper", as_numpy_array_wrapper, "from bufferspec.cpu import as_numpy_array_wrapper")


@contract(
    "prototype.classes.satisfy_protocols",
    member="BufferPrototype",
    text="A prototype's buffer satisfies BufferClass and its nd_buffer satisfies NDBufferClass at runtime.",
    needs=("buffer", "nd_buffer"),
)
def _classes_satisfy_protocols(ctx: CheckContext) -> None:
    ctx.check("issubclass(Buffer, protocols.BufferClass)", "the Buffer class does not satisfy protocols.BufferClass")
    ctx.check("issubclass(NDBuffer, protocols.NDBufferClass)",
              "the NDBuffer class does not satisfy protocols.NDBufferClass")


@contract(
    "prototype.value.pickle_hash_equality",
    member="BufferPrototype",
    text="A prototype is picklable, hashable and compared by value.",
    needs=("buffer", "nd_buffer"),
)
def _pickle_hash_equality(ctx: CheckContext) -> None:
    _prototype(ctx)
    ctx.run("try:\n    restored = pickle.loads(pickle.dumps(prototype))\nexcept Exception as exc:\n"
            "    raise AssertionError(f\"the prototype does not pickle: {type(exc).__name__}: {exc}\")")
    ctx.check("restored == prototype", "an unpickled prototype is not equal to the original")
    ctx.check("hash(restored) == hash(prototype)", "equal prototypes hash differently")
    ctx.run("twin = BufferPrototype(buffer=Buffer, nd_buffer=NDBuffer)")
    ctx.check("twin == prototype and {prototype: 1}[twin] == 1", "prototypes are not compared by value")


@contract(
    "prototype.allocate.through_classes",
    member="BufferPrototype",
    text="Buffers made through prototype.buffer and prototype.nd_buffer are instances of those classes.",
    needs=("buffer", "nd_buffer"),
)
def _allocate_through_classes(ctx: CheckContext) -> None:
    _prototype(ctx)
    ctx.run("buf = prototype.buffer.from_bytes(b'abc')")
    ctx.run("nd = prototype.nd_buffer.create(shape=(2,), dtype='<i4', fill_value=7)")
    expect_type(ctx, "buf", "prototype.buffer.from_bytes(b'abc')")
    expect_type(ctx, "nd", "prototype.nd_buffer.create(...)", cls="NDBuffer")
    ctx.run("values = host(nd).tolist()")
    ctx.check("values == [7, 7]", "prototype.nd_buffer.create(fill_value=7) holds {values}, expected [7, 7]")


@contract(
    "wrapper.as_numpy_array_wrapper.roundtrip",
    member="as_numpy_array_wrapper",
    text="as_numpy_array_wrapper(func, buf, prototype) returns prototype.buffer holding the bytes func returns.",
    needs=("buffer",),
)
def _wrapper_roundtrip(ctx: CheckContext) -> None:
    _wrapper(ctx)
    ctx.run("payload = b'wrapper payload ' * 4")
    ctx.run(f"buf = Buffer.from_bytes({'bytearray(payload)' if 'writable' in ctx.has else 'payload'})")
    _prototype(ctx)
    ctx.run("out = as_numpy_array_wrapper(lambda a: zlib.compress(a.tobytes()), buf, prototype)")
    expect_type(ctx, "out", "as_numpy_array_wrapper(...)")
    ctx.run("got = host_bytes(out)")
    ctx.check("got == zlib.compress(payload)",
              "the wrapped result does not hold func's bytes: it holds {got!r}, expected {zlib.compress(payload)!r}")


@contract(
    "wrapper.as_numpy_array_wrapper.ndarray_result",
    member="as_numpy_array_wrapper",
    text="When func returns a NumPy array, the result holds that array's raw bytes.",
    needs=("buffer",),
)
def _wrapper_ndarray_result(ctx: CheckContext) -> None:
    _wrapper(ctx)
    make(ctx, "buf", b"\x01\x02\x03\x04")
    _prototype(ctx)
    ctx.run("out = as_numpy_array_wrapper(lambda a: np.arange(3, dtype='<f8'), buf, prototype)")
    ctx.run("got = host_bytes(out)")
    ctx.check("got == np.arange(3, dtype='<f8').tobytes()",
              "the result does not hold the array's raw bytes: it holds {got!r}, "
              "expected {np.arange(3, dtype='<f8').tobytes()!r}")
