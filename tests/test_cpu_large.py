"""A Buffer larger than 2 GiB: lengths and offsets beyond 2**31 never overflow.

Peak memory stays below about 5 GiB: the source is an anonymous ``mmap``
(untouched pages cost nothing), and one ``combine`` result and one
``to_bytes`` copy of 2 GiB + 16 MiB are alive at most at the same time
(slices are views).  Its run time is that of the two unavoidable 2 GiB
copies.  Skipped, with the reason, when the
machine has less than 8 GiB available (``MemAvailable`` in ``/proc/meminfo``).
"""

from __future__ import annotations

import gc
import mmap
from pathlib import Path

import numpy as np
import pytest

from bufferspec import cpu

GIB = 1 << 30
SIZE = 2 * GIB + 16 * 1024 * 1024  # every offset past 2 GiB overflows a signed 32-bit int


def available_bytes() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


AVAILABLE = available_bytes()
pytestmark = pytest.mark.skipif(
    AVAILABLE is not None and AVAILABLE < 8 * GIB,
    reason=f"needs 8 GiB of available memory, /proc/meminfo MemAvailable is {(AVAILABLE or 0) / GIB:.1f} GiB",
)


def test_a_buffer_over_2_gib_round_trips_through_slices_combine_and_to_bytes() -> None:
    source = mmap.mmap(-1, SIZE)  # zero pages: cheap until written
    marks = {0: b"head", 2**31 - 2: b"<>", 2**31: b"past2G", SIZE - 4: b"tail"}
    for offset, mark in marks.items():
        source[offset : offset + len(mark)] = mark

    buf = cpu.Buffer.from_bytes(source)
    assert len(buf) == SIZE and len(buf) > 2**31
    assert np.shares_memory(buf.as_numpy_array(), np.frombuffer(source, np.uint8))
    for offset, mark in marks.items():
        assert buf[offset : offset + len(mark)].to_bytes() == mark

    tail = buf[2**31 :]  # a view starting beyond 2**31
    assert len(tail) == SIZE - 2**31
    assert tail[:6].to_bytes() == b"past2G"
    assert tail[-4:].to_bytes() == b"tail"
    assert buf[-(SIZE - 2**31) : 2**31 + 6].to_bytes() == b"past2G"  # negative start beyond 2**31
    tail[6:8] = b"!!"  # writes through a view at an offset > 2**31
    assert source[2**31 + 6 : 2**31 + 8] == b"!!"

    head = buf[: 2**31]
    combined = head.combine([tail])  # 2.25 GiB result, from a 2 GiB and a 0.25 GiB part
    assert len(combined) == SIZE
    assert not np.shares_memory(combined.as_numpy_array(), buf.as_numpy_array())
    for offset, mark in marks.items():
        assert combined[offset : offset + len(mark)].to_bytes() == mark
    del head, tail, combined
    gc.collect()

    data = buf.to_bytes()
    assert len(data) == SIZE
    assert data[2**31 : 2**31 + 8] == b"past2G!!" and data[-4:] == b"tail" and data[:4] == b"head"
    del data, buf
    gc.collect()
    source.close()
