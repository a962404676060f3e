"""Contracts of ``BufferPrototype`` and ``as_numpy_array_wrapper``.

The prototype contracts need both classes of the target; the wrapper
contracts check the reference ``as_numpy_array_wrapper`` when it is given the
target's Buffers and prototype (the wrapper is how host-only codecs reach any
backend, so it must work with every conforming one).
"""

from __future__ import annotations

import pickle
import zlib

import numpy as np

from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import contract
from bufferspec.cpu import as_numpy_array_wrapper
from bufferspec.protocols import BufferClass, BufferPrototype, NDBufferClass


def _prototype(ctx: CheckContext) -> BufferPrototype:
    ctx.record("prototype = BufferPrototype(buffer=Buffer, nd_buffer=NDBuffer)")
    return BufferPrototype(buffer=ctx.Buffer, nd_buffer=ctx.NDBuffer)


@contract(
    "prototype.classes.satisfy_protocols",
    member="BufferPrototype",
    text="A prototype's buffer satisfies BufferClass and its nd_buffer satisfies NDBufferClass at runtime.",
    needs=("buffer", "nd_buffer"),
)
def _classes_satisfy_protocols(ctx: CheckContext) -> None:
    ctx.record("assert issubclass(Buffer, BufferClass) and issubclass(NDBuffer, NDBufferClass)")
    ctx.expect(issubclass(ctx.Buffer, BufferClass), "the Buffer class does not satisfy protocols.BufferClass")
    ctx.expect(issubclass(ctx.NDBuffer, NDBufferClass), "the NDBuffer class does not satisfy protocols.NDBufferClass")


@contract(
    "prototype.value.pickle_hash_equality",
    member="BufferPrototype",
    text="A prototype is picklable, hashable and compared by value.",
    needs=("buffer", "nd_buffer"),
)
def _pickle_hash_equality(ctx: CheckContext) -> None:
    prototype = _prototype(ctx)
    ctx.record("assert pickle.loads(pickle.dumps(prototype)) == prototype")
    try:
        restored = pickle.loads(pickle.dumps(prototype))
    except Exception as exc:
        ctx.fail(f"the prototype does not pickle: {type(exc).__name__}: {exc}")
    ctx.expect(restored == prototype, "an unpickled prototype is not equal to the original")
    ctx.expect(hash(restored) == hash(prototype), "equal prototypes hash differently")
    twin = BufferPrototype(buffer=ctx.Buffer, nd_buffer=ctx.NDBuffer)
    ctx.expect(twin == prototype and {prototype: 1}[twin] == 1, "prototypes are not compared by value")


@contract(
    "prototype.allocate.through_classes",
    member="BufferPrototype",
    text="Buffers made through prototype.buffer and prototype.nd_buffer are instances of those classes.",
    needs=("buffer", "nd_buffer"),
)
def _allocate_through_classes(ctx: CheckContext) -> None:
    prototype = _prototype(ctx)
    buf = ctx.call("buf = prototype.buffer.from_bytes(b'abc')", prototype.buffer.from_bytes, b"abc")
    nd = ctx.call(
        "nd = prototype.nd_buffer.create(shape=(2,), dtype='<i4', fill_value=7)",
        prototype.nd_buffer.create, shape=(2,), dtype="<i4", fill_value=7,
    )
    ctx.expect_type(buf, ctx.Buffer, "prototype.buffer.from_bytes(b'abc')")
    ctx.expect_type(nd, ctx.NDBuffer, "prototype.nd_buffer.create(...)")
    ctx.expect(ctx.host(nd).tolist() == [7, 7], "prototype.nd_buffer.create(fill_value=7) has wrong contents")


@contract(
    "wrapper.as_numpy_array_wrapper.roundtrip",
    member="as_numpy_array_wrapper",
    text="as_numpy_array_wrapper(func, buf, prototype) returns prototype.buffer holding the bytes func returns.",
    needs=("buffer",),
)
def _wrapper_roundtrip(ctx: CheckContext) -> None:
    payload = b"wrapper payload " * 4
    buf = ctx.buffer(payload)
    prototype = BufferPrototype(buffer=ctx.Buffer, nd_buffer=ctx.NDBuffer or ctx.target.foreign_nd_buffer)
    ctx.record("out = as_numpy_array_wrapper(lambda a: zlib.compress(a.tobytes()), buf, prototype)")
    out = as_numpy_array_wrapper(lambda a: zlib.compress(a.tobytes()), buf, prototype)
    ctx.expect_type(out, ctx.Buffer, "as_numpy_array_wrapper(...)")
    ctx.expect(zlib.decompress(ctx.host_bytes(out)) == payload, "the wrapped result does not hold func's bytes")


@contract(
    "wrapper.as_numpy_array_wrapper.ndarray_result",
    member="as_numpy_array_wrapper",
    text="When func returns a NumPy array, the result holds that array's raw bytes.",
    needs=("buffer",),
)
def _wrapper_ndarray_result(ctx: CheckContext) -> None:
    buf = ctx.buffer(b"\x01\x02\x03\x04")
    prototype = BufferPrototype(buffer=ctx.Buffer, nd_buffer=ctx.NDBuffer or ctx.target.foreign_nd_buffer)
    expected = np.arange(3, dtype="<f8")
    ctx.record("out = as_numpy_array_wrapper(lambda a: np.arange(3, dtype='<f8'), buf, prototype)")
    out = as_numpy_array_wrapper(lambda a: np.arange(3, dtype="<f8"), buf, prototype)
    ctx.expect(ctx.host_bytes(out) == expected.tobytes(), "the result does not hold the array's raw bytes")
