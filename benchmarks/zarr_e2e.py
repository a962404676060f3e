"""End to end: zarr array writes and reads with bufferspec's buffers against zarr's own, in one process.

Usage::

    python benchmarks/zarr_e2e.py [--quick] [--markdown PATH]

Every case writes a whole 1024 x 1024 ``float64`` array (8 MiB) into a
``MemoryStore`` and reads it back: many small chunks (32 x 32, 1024 chunks),
few large chunks (256 x 256, 16 chunks), a half-empty array (half of the
chunks hold only the fill value and are skipped on write, so ``all_equal``
decides), and the large chunks again with zstd compression.

The two sides run in interleaved, rotating batches: before each batch the
process switches zarr to that side's buffers (``bufferspec.zarr.enable()`` /
``disable()``, untimed), so load from other processes hits both sides alike.
Each side writes to and reads from an array of its own, created under its own
buffers.  A side's time is the median of its batches; the ratio is
bufferspec / zarr (below 1: bufferspec is faster).  Nothing is asserted about
times; exit status 1 if a case raised or the two sides read different data.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import timeit
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import machine_info  # noqa: E402 - the benchmarks folder is not a package

import bufferspec.zarr  # noqa: E402

SHAPE = (1024, 1024)
SIDES = ("zarr", "bufferspec")


@dataclass(frozen=True)
class Case:
    """One array layout and the data written into it."""

    name: str
    chunks: tuple[int, int]
    half_empty: bool = False
    zstd: bool = False


CASES = (
    Case("many small chunks (32x32)", (32, 32)),
    Case("few large chunks (256x256)", (256, 256)),
    Case("half-empty array (64x64)", (64, 64), half_empty=True),
    Case("zstd, large chunks (256x256)", (256, 256), zstd=True),
)


def _data(case: Case) -> np.ndarray[Any, np.dtype[np.float64]]:
    data = np.random.default_rng(0).standard_normal(SHAPE)
    if case.half_empty:
        data[SHAPE[0] // 2:] = 0.0
    return data


def _select(side: str) -> None:
    if side == "bufferspec":
        if not bufferspec.zarr.is_enabled():
            bufferspec.zarr.enable()
    elif bufferspec.zarr.is_enabled():
        bufferspec.zarr.disable()


def _array(case: Case) -> Any:
    import zarr
    import zarr.codecs

    compressors: Any = (zarr.codecs.ZstdCodec(level=1),) if case.zstd else None
    return zarr.create_array(zarr.storage.MemoryStore(), shape=SHAPE, chunks=case.chunks, dtype="f8",
                             fill_value=0.0, compressors=compressors, config={"write_empty_chunks": False})


def _calibrate(timer: timeit.Timer, min_batch_s: float) -> int:
    number = 1
    while timer.timeit(number) < min_batch_s and number < 10_000:
        number *= 2
    return number


def _interleaved(statements: dict[str, Callable[[], object]], rounds: int, min_batch_s: float) -> dict[str, float]:
    """Median seconds per call of each side, each batch run with its side's buffers selected."""
    timers = {side: timeit.Timer(statements[side]) for side in SIDES}
    numbers = {}
    for side in SIDES:
        _select(side)
        timers[side].timeit(1)  # warm-up
        numbers[side] = _calibrate(timers[side], min_batch_s)
    samples: dict[str, list[float]] = {side: [] for side in SIDES}
    for index in range(rounds):
        order = SIDES[index % 2:] + SIDES[:index % 2]
        for side in order:
            _select(side)
            samples[side].append(timers[side].timeit(numbers[side]) / numbers[side])
    return {side: statistics.median(values) for side, values in samples.items()}


def run_case(case: Case, rounds: int, min_batch_s: float) -> list[tuple[str, float, float]]:
    """``(operation, zarr seconds, bufferspec seconds)`` for the write and the read of *case*."""
    data = _data(case)
    arrays = {}
    for side in SIDES:
        _select(side)
        arrays[side] = _array(case)
        arrays[side][:] = data
    readback = {}
    for side in SIDES:
        _select(side)
        readback[side] = np.asarray(arrays[side][:])
    if not (np.array_equal(readback["zarr"], data) and np.array_equal(readback["bufferspec"], data)):
        raise AssertionError(f"{case.name}: the sides read back different data")

    def writer(side: str) -> Callable[[], object]:
        def write() -> None:
            arrays[side][:] = data
        return write

    def reader(side: str) -> Callable[[], object]:
        return lambda: arrays[side][:]

    write = _interleaved({side: writer(side) for side in SIDES}, rounds, min_batch_s)
    read = _interleaved({side: reader(side) for side in SIDES}, rounds, min_batch_s)
    return [("write", write["zarr"], write["bufferspec"]), ("read", read["zarr"], read["bufferspec"])]


def main(argv: list[str] | None = None) -> int:
    """Run every case; print the table (and write it as Markdown with ``--markdown``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 rounds of short batches (a smoke test)")
    parser.add_argument("--rounds", type=int, default=None, help="batches per side (default 11; --quick: 2)")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    args = parser.parse_args(argv)
    rounds = args.rounds or (2 if args.quick else 11)
    min_batch_s = 0.01 if args.quick else 0.2
    info = machine_info()
    for key, value in info:
        print(f"{key}: {value}")
    command = "python benchmarks/zarr_e2e.py" + (" --quick" if args.quick else "") + (
        f" --rounds {args.rounds}" if args.rounds else "")
    rows: list[str] = []
    status = 0
    for case in CASES:
        try:
            results = run_case(case, rounds, min_batch_s)
        except Exception as exc:  # noqa: BLE001 - a broken case is reported; a broken case is reported, the others still run
            print(f"{case.name}: error: {exc!r}", file=sys.stderr)
            rows.append(f"| {case.name} | error | | | |")
            status = 1
            continue
        for operation, zarr_s, ours_s in results:
            rows.append(f"| {case.name} | {operation} | {zarr_s * 1e3:.2f} | {ours_s * 1e3:.2f} | "
                        f"{ours_s / zarr_s:.2f}x |")
    _select("zarr")
    header = ["| case | operation | zarr's buffers (ms) | bufferspec (ms) | bufferspec / zarr |",
              "|---|---|---|---|---|"]
    print("\n".join(header + rows))
    if args.markdown:
        lines = ["Machine: " + "; ".join(f"{k}: {v}" for k, v in info), "", f"Command: `{command}`", "",
                 *header, *rows, ""]
        args.markdown.write_text("\n".join(lines), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
