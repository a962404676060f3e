"""Memory safety of the reference Buffer: immutable memory is never writable, closed memory never read.

Every path that hands out the memory of a buffer made from ``bytes`` (or
other read-only memory) must hand it out read-only, so that nothing can
write through it; and a buffer over an ``mmap`` that is closed must fail
cleanly (or the close must be refused), never read freed memory.
"""

from __future__ import annotations

import mmap
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from bufferspec import cpu

SOURCE = b"immutable bytes!"


def read_only_buffer() -> cpu.Buffer:
    return cpu.Buffer.from_bytes(SOURCE)


def views_of(buf: cpu.Buffer) -> dict[str, Any]:
    """Every object through which the bytes of *buf* are handed out."""
    views: dict[str, Any] = {
        "as_array_like()": buf.as_array_like(),
        "as_numpy_array()": buf.as_numpy_array(),
        "as_buffer_like()": buf.as_buffer_like(),
        "memoryview(as_buffer_like())": memoryview(buf.as_buffer_like()),
        "slice [2:8]": buf[2:8].as_numpy_array(),
        "slice [:]": buf[:].as_numpy_array(),
        "from_buffer": cpu.Buffer.from_buffer(buf).as_numpy_array(),
        "from_bytes(as_buffer_like())": cpu.Buffer.from_bytes(buf.as_buffer_like()).as_numpy_array(),
        "from_bytes(as_numpy_array())": cpu.Buffer.from_bytes(buf.as_numpy_array()).as_numpy_array(),
        "from_array_like(as_array_like())": cpu.Buffer.from_array_like(buf.as_array_like()).as_numpy_array(),
        "NDBuffer view": cpu.NDBuffer.from_numpy_array(buf.as_numpy_array().view(np.int32)).as_numpy_array(),
        "NDBuffer view, reshaped": cpu.NDBuffer.from_numpy_array(buf.as_numpy_array())
        .reshape((2, len(buf) // 2))
        .as_numpy_array(),
        "NDBuffer view, indexed": cpu.NDBuffer.from_numpy_array(buf.as_numpy_array())[3].as_numpy_array(),
    }
    if sys.version_info >= (3, 12):
        exported: Any = buf  # the type checker sees __buffer__ only when it targets 3.12+
        views["memoryview(buf) (__buffer__)"] = memoryview(exported)
        views["np.frombuffer(buf)"] = np.frombuffer(exported, np.uint8)
    return views


def write_attempts(view: Any) -> list[Callable[[], object]]:
    """Ways to write through *view*."""
    if isinstance(view, memoryview):
        return [lambda: view.__setitem__(0, 0x41), lambda: view.__setitem__(slice(0, 1), b"A")]
    return [
        lambda: view.__setitem__((0,) * view.ndim, 0x41),
        lambda: view.fill(0x41),
        lambda: np.copyto(view, 0x41),
        lambda: np.add(view, 1, out=view),
    ]


def test_every_view_of_a_bytes_buffer_is_read_only_and_unwritable() -> None:
    buf = read_only_buffer()
    for name, view in views_of(buf).items():
        if isinstance(view, memoryview):
            assert view.readonly, name
        else:
            assert not view.flags.writeable, name
            with pytest.raises(ValueError):
                view.flags.writeable = True  # memory owned by bytes cannot be made writable
        for attempt in write_attempts(view):
            with pytest.raises((TypeError, ValueError)):
                attempt()
    assert bytes(SOURCE) == b"immutable bytes!"
    assert buf.to_bytes() == SOURCE


def test_buffer_and_ndbuffer_writes_to_bytes_memory_are_refused() -> None:
    buf = read_only_buffer()
    with pytest.raises(ValueError, match="read-only"):
        buf[0:2] = b"XY"
    with pytest.raises(ValueError, match="read-only"):
        buf[:] = cpu.Buffer.from_bytes(bytearray(len(SOURCE)))
    sliced = buf[4:]
    with pytest.raises(ValueError, match="read-only"):
        sliced[0:1] = b"Z"
    nd = cpu.NDBuffer.from_numpy_array(buf.as_numpy_array())
    with pytest.raises(ValueError, match="read-only"):
        nd[0] = 1
    with pytest.raises(ValueError, match="read-only"):
        nd.fill(1)
    with pytest.raises(ValueError, match="read-only"):
        nd[...] = np.zeros(len(SOURCE), np.uint8)
    assert SOURCE == b"immutable bytes!" and buf.to_bytes() == SOURCE


def test_from_array_like_of_a_read_only_array_stays_read_only() -> None:
    array = np.arange(8, dtype=np.uint8)
    array.flags.writeable = False
    buf = cpu.Buffer.from_array_like(array)
    assert not buf.as_numpy_array().flags.writeable
    assert buf.as_buffer_like().readonly
    with pytest.raises(ValueError, match="read-only"):
        buf[0:1] = b"x"
    assert array.tolist() == list(range(8))


def test_copies_of_read_only_buffers_are_writable_and_independent() -> None:
    """The only way to writable memory is a copy, which never aliases the bytes."""
    buf = read_only_buffer()
    combined = buf.combine([])
    combined[0:1] = b"X"
    copied = cpu.Buffer.from_bytes(bytearray(buf.as_buffer_like()))
    copied[0:1] = b"Y"
    assert buf.to_bytes() == SOURCE
    assert not np.shares_memory(combined.as_numpy_array(), buf.as_numpy_array())


def test_writable_memory_stays_writable_and_aliased() -> None:
    """The converse: bytearray memory is exported writable, and writes reach the bytearray."""
    source = bytearray(b"writable")
    buf = cpu.Buffer.from_bytes(source)
    for name, view in views_of(buf).items():
        writable = not view.readonly if isinstance(view, memoryview) else view.flags.writeable
        assert writable, name
    buf[0:1] = b"W"
    assert source == bytearray(b"Writable")


# -- mmap ----------------------------------------------------------------------------------------


def test_closing_an_mmap_under_a_buffer_is_refused_and_the_data_stays_valid() -> None:
    mapped = mmap.mmap(-1, 4096)
    mapped.write(b"mapped!")
    buf = cpu.Buffer.from_bytes(mapped)
    assert buf[:7].to_bytes() == b"mapped!"
    with pytest.raises(BufferError):
        mapped.close()  # the buffer holds an exported pointer: Python refuses to unmap
    assert buf[:7].to_bytes() == b"mapped!"
    buf[0:1] = b"M"
    assert mapped[:7] == b"Mapped!"
    del buf
    import gc

    gc.collect()
    mapped.close()  # with the buffer gone, closing works
    assert mapped.closed


def test_a_closed_mmap_is_refused_cleanly_everywhere() -> None:
    mapped = mmap.mmap(-1, 64)
    mapped.close()
    with pytest.raises(ValueError, match="bytes_like"):
        cpu.Buffer.from_bytes(mapped)
    buf = cpu.Buffer.from_bytes(bytearray(b"abcdefgh"))
    with pytest.raises((TypeError, ValueError), match="value"):
        buf[0:2] = mapped
    with pytest.raises(ValueError, match="others"):
        buf.combine(mapped)  # type: ignore[arg-type]
    assert buf.to_bytes() == b"abcdefgh"


def test_a_released_view_of_a_closed_mmap_is_refused_cleanly() -> None:
    mapped = mmap.mmap(-1, 64)
    view = memoryview(mapped)
    view.release()
    mapped.close()
    with pytest.raises(ValueError, match="bytes_like"):
        cpu.Buffer.from_bytes(view)
    buf = cpu.Buffer.from_bytes(bytearray(b"abcdefgh"))
    with pytest.raises((TypeError, ValueError), match="value"):
        buf[0:2] = view
    assert buf.to_bytes() == b"abcdefgh"


def test_ndbuffer_over_an_mmap_keeps_it_open() -> None:
    mapped = mmap.mmap(-1, 64)
    nd = cpu.NDBuffer.from_numpy_array(np.frombuffer(mapped, dtype=np.float64))
    nd.fill(1.5)
    with pytest.raises(BufferError):
        mapped.close()
    assert nd.all_equal(1.5)
    del nd
    import gc

    gc.collect()
    mapped.close()
