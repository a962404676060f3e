"""Slicing, ``+``, ``transpose`` and ``reshape`` give Buffers and NDBuffers again, for every checker."""

from __future__ import annotations

import numpy as np
from typing_extensions import assert_type

from bufferspec import cpu, protocols


def takes_nd(n: protocols.NDBuffer) -> tuple[int, ...]:
    return n.shape


# The example of the "Type checking" page.
takes_nd(cpu.NDBuffer.create(shape=(2, 2), dtype="f8", fill_value=0.0))
a: protocols.NDArrayLike = np.zeros(3)

buf = cpu.Buffer.from_bytes(b"abcd")
nd = cpu.NDBuffer.create(shape=(2, 3), dtype="f8", fill_value=0.0)

# The reference classes keep their own type ...
assert_type(buf[1:3], cpu.Buffer)
assert_type(buf + buf, cpu.Buffer)
assert_type(nd[0:1], cpu.NDBuffer)
assert_type(nd.transpose((1, 0)), cpu.NDBuffer)
assert_type(nd.transpose(None), cpu.NDBuffer)
assert_type(nd.reshape((3, 2)), cpu.NDBuffer)
assert_type(nd.reshape(-1), cpu.NDBuffer)

# ... and every result is a Buffer or NDBuffer of the specification.
results: list[protocols.Buffer] = [buf[1:3], buf + buf, buf.combine([buf])]
nd_results: list[protocols.NDBuffer] = [nd[0:1], nd[0, 1], nd.transpose((1, 0)), nd.transpose(None),
                                        nd.reshape((3, 2)), nd.reshape(-1), nd.squeeze(()), nd.astype("f4"),
                                        nd.copy()]


def through_the_protocols(
    b: protocols.Buffer, n: protocols.NDBuffer
) -> tuple[list[protocols.NDArrayLike], protocols.ArrayLike]:
    assert_type(b[0:1], protocols.Buffer)
    assert_type(b + b, protocols.Buffer)
    assert_type(n.transpose(None), protocols.NDBuffer)
    assert_type(n.reshape(-1), protocols.NDBuffer)
    assert_type(n[0], protocols.NDBuffer)
    return [n.as_ndarray_like(), n.as_numpy_array()], b.as_array_like()


through_the_protocols(buf, nd)
prototype = protocols.BufferPrototype(buffer=cpu.Buffer, nd_buffer=cpu.NDBuffer)
assert_type(prototype.nd_buffer.create(shape=(1,), dtype="u1").reshape(-1), protocols.NDBuffer)
