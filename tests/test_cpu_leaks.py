"""No leaks: a long loop over every kind of operation keeps traced memory flat.

The loop runs twice as long as it needs to warm up: caches (dtype cache,
isinstance cache, NumPy's own) fill in the first half, so only growth from
the first half's end to the second half's end counts.
"""

from __future__ import annotations

import gc
import pickle
import tracemalloc

import numpy as np

from bufferspec import cpu
from tests.foreign import ForeignBuffer

ROUNDS = 3000
ALLOWED_GROWTH = 16 * 1024  # bytes; measured 0.2-2 KiB, and one leaked object per round is over 40 KiB


def one_round(i: int) -> None:
    buf = cpu.Buffer.from_bytes(bytearray(b"x" * 256))
    part = buf[i % 100 : i % 100 + 50]
    combined = buf.combine([part, ForeignBuffer(np.frombuffer(b"ab", np.uint8).copy())])
    _ = combined + part
    _ = pickle.loads(pickle.dumps(combined, 5))
    _ = buf == part
    nd = cpu.NDBuffer.create(shape=(8, 8), dtype="f4", fill_value=1.5)
    _ = nd.all_equal(1.5)
    _ = nd.all_equal(np.float32(2.0))
    _ = nd.astype(">f8")[2:4].reshape(-1)
    _ = pickle.loads(pickle.dumps(nd, 5))
    nd[0] = nd[1]
    try:  # the error paths must not leak either
        cpu.NDBuffer.create(shape=(2,), dtype="f2", fill_value=1e300)
    except ValueError:
        pass
    try:
        buf[0:1] = "not bytes"
    except TypeError:
        pass


def traced_after(rounds: range) -> int:
    for i in rounds:
        one_round(i)
    gc.collect()
    current, _peak = tracemalloc.get_traced_memory()
    return current


def test_memory_stays_flat_over_a_long_loop() -> None:
    tracemalloc.start()
    try:
        traced_after(range(ROUNDS // 2))  # warm-up, not measured
        first = traced_after(range(ROUNDS // 2, ROUNDS))
        second = traced_after(range(ROUNDS, ROUNDS + ROUNDS // 2))
    finally:
        tracemalloc.stop()
    growth = second - first
    assert growth < ALLOWED_GROWTH, f"traced memory grew by {growth} bytes over {ROUNDS // 2} rounds"
