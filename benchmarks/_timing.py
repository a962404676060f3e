"""Timing and machine-info helpers for ``bench.py`` (standard library only).

Method: every side of a row (bufferspec, zarr, NumPy, pure-Python floor) is a
``timeit.Timer`` over a *string* statement (no lambda overhead; ``timeit``
turns GC off while timing).  Each side gets one untimed warm-up call and is
calibrated to batches of at least ``min_batch_s``; then the sides run in
rotating, interleaved batches (the order rotates by one every round) and the
per-call time of a side is the median of its batches.  Noise from other
processes therefore hits all sides of a row alike, and ratios stay stable.
"""

from __future__ import annotations

import importlib
import os
import platform
import statistics
import sys
import timeit
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["Config", "machine_info", "measure"]


@dataclass(frozen=True)
class Config:
    """How hard to measure."""

    min_batch_s: float
    rounds: int
    slow_rounds: int  # for sides whose single call takes >= ``slow_call_s``
    slow_call_s: float
    max_number: int = 1_000_000


FULL = Config(min_batch_s=0.005, rounds=21, slow_rounds=7, slow_call_s=0.002)
QUICK = Config(min_batch_s=0.0002, rounds=3, slow_rounds=2, slow_call_s=0.001)


def _calibrate(timer: timeit.Timer, config: Config) -> tuple[int, float]:
    """The smallest loop count (1, 2, 5, 10, ...) whose batch takes >= ``min_batch_s``."""
    number = 1
    while True:
        for factor in (1, 2, 5):
            count = number * factor
            elapsed = timer.timeit(count)
            if elapsed >= config.min_batch_s or count >= config.max_number:
                return count, elapsed / count
        number *= 10


def measure(
    statements: Mapping[str, str],
    namespace: dict[str, object],
    config: Config,
    *,
    before_batch: Callable[[], object] | None = None,
    rounds: int | None = None,
) -> dict[str, float]:
    """Median seconds per call of every statement, timed in rotating interleaved batches.

    *before_batch*, when given, runs (untimed) before every batch, e.g. to
    let the allocator settle after a large side.
    """
    names = list(statements)
    timers = {name: timeit.Timer(statements[name], globals=namespace) for name in names}
    numbers: dict[str, int] = {}
    slowest = 0.0
    for name in names:
        timers[name].timeit(1)  # warm-up (caches, first-touch page faults)
        if before_batch is not None:
            before_batch()
        numbers[name], per_call = _calibrate(timers[name], config)
        slowest = max(slowest, per_call)
    if rounds is None:
        rounds = config.slow_rounds if slowest >= config.slow_call_s else config.rounds
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_index in range(rounds):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            if before_batch is not None:
                before_batch()
            number = numbers[name]
            samples[name].append(timers[name].timeit(number) / number)
    return {name: statistics.median(values) for name, values in samples.items()}


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(module: str) -> str:
    try:
        return str(getattr(importlib.import_module(module), "__version__", "?"))
    except ImportError:
        return "not installed"


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def machine_info() -> list[tuple[str, str]]:
    """(item, value) pairs describing the machine and the software measured."""
    try:
        affinity = str(len(os.sched_getaffinity(0)))
    except AttributeError:
        affinity = "?"
    env_names = (
        "OPENBLAS_CORETYPE",
        "OPENBLAS_L2_SIZE",
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
    )
    env = ", ".join(f"{name}={os.environ.get(name, 'unset')}" for name in env_names)
    return [
        ("CPU", _cpu_model()),
        ("cores", f"os.cpu_count()={os.cpu_count()}, sched_getaffinity={affinity}"),
        ("OS", f"{platform.system()} {platform.release()} {platform.machine()}"),
        ("Python", f"{platform.python_implementation()} {sys.version.split()[0]}"),
        ("numpy", _version("numpy")),
        ("zarr", _version("zarr")),
        ("bufferspec", _version("bufferspec")),
        ("BLAS/OpenMP env", env),
        ("load average (1/5/15 min) at start", _loadavg()),
    ]
