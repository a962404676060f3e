"""Concurrency: many threads reading, slicing, writing and isinstance-checking shared buffers.

Every thread must get the answers one thread gets, the isinstance cache of
:mod:`bufferspec._runtime_check` included (hammered with many distinct types
while other threads ``register()`` and clear the caches), and writes to
disjoint slices of one buffer must all land.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from bufferspec import cpu
from bufferspec.protocols import ArrayLike, Buffer, NDArrayLike, NDBuffer, clear_instance_check_caches

THREADS = 12
ROUNDS = 200


def run_in_threads(work: Callable[[int], Any], threads: int = THREADS) -> list[Any]:
    """Run ``work(i)`` for every thread index at once (started together by a barrier)."""
    barrier = threading.Barrier(threads)

    def start(index: int) -> Any:
        barrier.wait()
        return work(index)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(start, range(threads)))


def test_concurrent_reads_and_slices_agree_with_one_thread() -> None:
    buf = cpu.Buffer.from_bytes(bytes(range(256)) * 64)
    nd = cpu.NDBuffer.from_numpy_array(np.arange(4096.0).reshape(64, 64))

    def observe(_: int) -> list[Any]:
        seen: list[Any] = []
        for i in range(ROUNDS):
            start = (i * 37) % len(buf)
            seen.append(buf[start : start + 100].to_bytes())
            seen.append(len(buf[start:]))
            seen.append(buf == cpu.Buffer.from_bytes(bytes(range(256)) * 64))
            row = nd[i % 64]
            seen.append(row.as_numpy_array().sum())
            seen.append(nd.transpose(None)[i % 64, :3].as_numpy_array().tolist())
            seen.append(nd.all_equal(1.0))
        return seen

    expected = observe(0)
    assert run_in_threads(observe) == [expected] * THREADS


def test_no_lost_writes_on_disjoint_slices() -> None:
    chunk = 4096
    buf = cpu.Buffer.from_bytes(bytearray(chunk * THREADS))
    nd = cpu.NDBuffer.create(shape=(THREADS, chunk), dtype="i8", fill_value=0)

    def write(index: int) -> None:
        for i in range(ROUNDS):
            value = (index * 31 + i) % 251
            buf[index * chunk : (index + 1) * chunk] = bytes([value]) * chunk
            nd[index] = value
            nd[index, i % chunk] = value

    run_in_threads(write)
    for index in range(THREADS):
        final = (index * 31 + ROUNDS - 1) % 251
        assert buf[index * chunk : (index + 1) * chunk].to_bytes() == bytes([final]) * chunk
        assert (nd.as_numpy_array()[index] == final).all()


def _distinct_types(count: int) -> list[tuple[object, dict[str, bool]]]:
    """Instances of many distinct classes with the expected isinstance answers."""
    made: list[tuple[object, dict[str, bool]]] = []
    for i in range(count):
        kind = i % 4
        obj: object
        if kind == 0:  # an ndarray subclass: an ArrayLike and an NDArrayLike
            obj = np.zeros(2, np.uint8).view(type(f"Sub{i}", (np.ndarray,), {}))
            answers = {"ArrayLike": True, "NDArrayLike": True, "Buffer": False, "NDBuffer": False}
        elif kind == 1:  # a Buffer subclass
            buffer_class: type[cpu.Buffer] = type(f"Buf{i}", (cpu.Buffer,), {"__slots__": ()})
            obj = buffer_class.from_bytes(b"ab")
            answers = {"ArrayLike": False, "NDArrayLike": False, "Buffer": True, "NDBuffer": False}
        elif kind == 2:  # an NDBuffer subclass
            nd_class: type[cpu.NDBuffer] = type(f"ND{i}", (cpu.NDBuffer,), {"__slots__": ()})
            obj = nd_class.from_numpy_array(np.zeros(2))
            answers = {"ArrayLike": False, "NDArrayLike": False, "Buffer": False, "NDBuffer": True}
        else:  # an unrelated class, with (i % 8 == 3) and without (i % 8 == 7) a __dict__
            obj = type(f"Plain{i}", (), {} if i % 8 == 3 else {"__slots__": ()})()
            answers = {"ArrayLike": False, "NDArrayLike": False, "Buffer": False, "NDBuffer": False}
        made.append((obj, answers))
    return made


PROTOCOLS: dict[str, type] = {"ArrayLike": ArrayLike, "NDArrayLike": NDArrayLike, "Buffer": Buffer, "NDBuffer": NDBuffer}


def test_isinstance_cache_under_concurrent_checks_register_and_clear() -> None:
    """Three phases separated by barriers: check while one thread clears the caches; check while
    one thread registers virtual Buffers; check again, when the registrations must be seen by all."""
    objects = _distinct_types(400)
    # Slotted unrelated classes: their negative answers are cached in phase 1, so a register()
    # that forgot to clear the caches would leave them stale in phase 3.
    to_register = {type(obj) for obj, _ in objects[7::8]}
    phase_done = threading.Barrier(THREADS)

    def check(obj: object, answers: dict[str, bool], registered: bool | None) -> list[str]:
        wrong: list[str] = []
        for name, proto in PROTOCOLS.items():
            expected = answers[name]
            if name == "Buffer" and type(obj) in to_register:
                if registered is None:
                    continue  # True or False, depending on the race with register()
                expected = registered
            if isinstance(obj, proto) is not expected:
                wrong.append(f"{type(obj).__name__} vs {name}")
        return wrong

    def hammer(index: int) -> list[str]:
        wrong: list[str] = []
        for position, (obj, answers) in enumerate(objects):  # phase 1
            if index == 0 and position % 50 == 0:
                clear_instance_check_caches(*PROTOCOLS.values())
            wrong += check(obj, answers, registered=False)
        phase_done.wait()
        for position, (obj, answers) in enumerate(objects):  # phase 2
            if index == 1 and type(obj) in to_register:
                Buffer.register(type(obj))  # must clear every protocol's cache
            wrong += check(obj, answers, registered=None)
        phase_done.wait()
        for _ in range(2):  # phase 3
            for obj, answers in objects:
                wrong += check(obj, answers, registered=True)
        return wrong

    assert run_in_threads(hammer) == [[]] * THREADS
