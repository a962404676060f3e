"""A tour of the reference buffers: run ``python examples/quickstart.py``.

Every line below is checked: the script exits non-zero if any claim is false.
"""

from __future__ import annotations

import numpy as np

from bufferspec import cpu, protocols

# Flat bytes: zero-copy from any bytes-like object.
payload = bytearray(b"chunk-data")
buf = cpu.Buffer.from_bytes(payload)
assert np.shares_memory(buf.as_numpy_array(), np.frombuffer(payload, np.uint8))
assert buf[0:5].to_bytes() == b"chunk"  # slices are views of the same class
assert (buf + cpu.Buffer.from_bytes(b"!")).to_bytes() == b"chunk-data!"
assert isinstance(buf, protocols.Buffer)  # fast, cached structural check

# N-dimensional buffers: fill values are exact, -0.0 keeps its sign.
chunk = cpu.NDBuffer.create(shape=(2, 3), dtype="<f8", fill_value=-0.0)
assert np.signbit(chunk.as_numpy_array()).all()
assert chunk.all_equal(-0.0) and not chunk.all_equal(0.0)  # no lost chunks
assert chunk[0, 1].as_scalar() == 0.0 and chunk.byteorder == "little"

# Strict input checking: errors name the argument.
try:
    cpu.Buffer(np.arange(10, dtype=np.uint8)[::2])
except ValueError as error:
    print(f"rejected as expected: {error}")

print("prototype:", cpu.buffer_prototype)
print("buffer:", buf)
print("ndbuffer:", chunk)
print("all checks passed")
