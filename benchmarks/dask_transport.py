"""bufferspec buffers on dask.distributed, against NumPy arrays and zarr's own buffers, in one run.

Usage::

    python benchmarks/dask_transport.py [--quick] [--rounds N] [--markdown PATH]

Three row sets, each side timed in interleaved batches and reported as the
median and as a ratio (below 1: bufferspec is faster):

* **serialize / deserialize** of a 64 MiB value with distributed's own
  ``serialize`` and ``deserialize`` as the scheduler's connections call them
  (pickle protocol 4): ``cpu.NDBuffer`` and ``cpu.Buffer`` against the same
  bytes as a NumPy array (the target is 1.1x NumPy or less), and, for
  comparison, an ``NDBuffer`` through distributed's pickle family, which is
  what it used before bufferspec registered serializers;
* **gather / scatter** of 64 MiB on a ``LocalCluster`` of 2 worker processes
  on 127.0.0.1: ``future.result()`` of a value held by a worker, and
  ``client.scatter`` to one worker;
* **dask + zarr end to end**: ``da.to_zarr`` and ``da.from_zarr`` of a
  4000 x 4000 ``float64`` array in 500 x 500 chunks on a ``LocalStore``, with
  the workers on zarr's buffers against the workers on bufferspec's
  (``bufferspec.dask.ZarrBuffers``).

``--quick`` uses 1 MiB values, a 400 x 400 array and 2 rounds (a smoke test).
Nothing is asserted about times; exit status 1 if a case raised or read back
wrong data.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dask.array as da  # noqa: E402
import distributed  # noqa: E402
from _timing import machine_info  # noqa: E402 - the benchmarks folder is not a package
from distributed.protocol import deserialize, serialize  # noqa: E402

import bufferspec.dask  # noqa: E402
from bufferspec import cpu  # noqa: E402

SCHEDULER = {"pickle-protocol": 4}


def values(nbytes: int) -> dict[str, Any]:
    """The same bytes as a NumPy array, a reference NDBuffer and a reference Buffer."""
    array = np.random.default_rng(0).integers(0, 255, nbytes, dtype=np.uint8).view("f8").reshape(-1, 1024)
    return {"numpy": array, "NDBuffer": cpu.NDBuffer.from_numpy_array(array),
            "Buffer": cpu.Buffer.from_array_like(array.reshape(-1).view(np.uint8))}


def _batch(action: Callable[[], object], number: int) -> float:
    started = time.perf_counter()
    for _ in range(number):
        action()
    return (time.perf_counter() - started) / number


def interleaved(actions: dict[str, Callable[[], object]], rounds: int, min_batch_s: float = 0.05) -> dict[str, float]:
    """Median seconds per call of each action; the actions take turns, in rotated order each round.

    Each batch repeats its action until it lasts *min_batch_s* (one call for
    the cluster operations, which take longer than that).
    """
    names = list(actions)
    numbers = {}
    for name in names:
        number = 1
        while _batch(actions[name], number) * number < min_batch_s and number < 100_000:
            number *= 2
        numbers[name] = number
    samples: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        for name in names[index % len(names):] + names[:index % len(names)]:
            samples[name].append(_batch(actions[name], numbers[name]))
    return {name: statistics.median(times) for name, times in samples.items()}


def serialize_rows(nbytes: int, rounds: int) -> list[tuple[str, str, float, float]]:
    """``(operation, side, seconds, numpy seconds)`` for serialize and deserialize."""
    sides = values(nbytes)
    messages = {name: serialize(value, context=SCHEDULER) for name, value in sides.items()}
    for name, (header, _) in messages.items():
        if header["serializer"] != "dask":
            raise AssertionError(f"{name} went through {header['serializer']!r}, not distributed's dask family")
    received = {name: (header, [bytearray(frame) for frame in frames]) for name, (header, frames) in messages.items()}
    dumps = interleaved({name: partial(serialize, value, context=SCHEDULER) for name, value in sides.items()},
                        rounds)
    loads = interleaved({name: partial(deserialize, *message) for name, message in received.items()}, rounds)
    # what distributed did before bufferspec registered serializers: pickle, protocol 4, bytes in band
    pickled = interleaved({"numpy": partial(serialize, sides["numpy"], context=SCHEDULER),
                           "NDBuffer": partial(serialize, sides["NDBuffer"], serializers=["pickle"],
                                               context=SCHEDULER)}, rounds)
    rows = []
    for operation, times in (("serialize", dumps), ("deserialize", loads)):
        rows += [(operation, name, times[name], times["numpy"]) for name in ("NDBuffer", "Buffer")]
    rows.append(("serialize without bufferspec's serializers (pickle, in band)", "NDBuffer", pickled["NDBuffer"],
                 pickled["numpy"]))
    return rows


def _made_on_worker(kind: str, nbytes: int) -> Any:
    return values(nbytes)[kind]


def cluster_rows(client: Any, nbytes: int, rounds: int) -> list[tuple[str, str, float, float]]:
    """gather (``future.result()``) and scatter of *nbytes* for each side."""
    worker = sorted(client.scheduler_info()["workers"])[0]
    held = {kind: client.submit(_made_on_worker, kind, nbytes, workers=[worker], pure=False)
            for kind in ("numpy", "NDBuffer", "Buffer")}
    distributed.wait(list(held.values()))
    local = values(nbytes)
    expected = local["numpy"].tobytes()
    for kind, future in held.items():
        got = future.result()
        raw = got.tobytes() if kind == "numpy" else got.to_bytes() if kind == "Buffer" else \
            got.as_numpy_array().tobytes()
        if raw != expected:
            raise AssertionError(f"gather of {kind} read back different bytes")
    gather = interleaved({kind: future.result for kind, future in held.items()}, rounds)

    def scatter(kind: str) -> Callable[[], object]:
        def action() -> None:
            [future] = client.scatter([local[kind]], workers=[worker], hash=False)
            distributed.wait(future)
            future.release()
        return action

    scattered = interleaved({kind: scatter(kind) for kind in held}, rounds)
    rows = []
    for operation, times in (("gather", gather), ("scatter", scattered)):
        rows += [(operation, name, times[name], times["numpy"]) for name in ("NDBuffer", "Buffer")]
    return rows


def zarr_rows(client: Any, side: int, chunk: int, rounds: int) -> list[tuple[str, float, float]]:
    """``(operation, zarr seconds, bufferspec seconds)`` of da.to_zarr / da.from_zarr through the workers."""
    # made on the workers, chunk by chunk: the graph stays small and the data never passes the client
    source = da.random.default_rng(1).standard_normal(size=(side, side), chunks=(chunk, chunk))
    data = source.compute()
    samples: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for index in range(rounds + 1):  # round 0 is the warm-up
            order = ("zarr", "bufferspec") if index % 2 == 0 else ("bufferspec", "zarr")
            for buffers in order:
                if buffers == "bufferspec":
                    client.register_plugin(bufferspec.dask.ZarrBuffers())
                elif bufferspec.dask.ZarrBuffers.name in client.run_on_scheduler(_plugins):
                    client.unregister_worker_plugin(bufferspec.dask.ZarrBuffers.name)
                path = str(Path(folder) / f"{buffers}-{index}.zarr")
                started = time.perf_counter()
                source.to_zarr(path, overwrite=True)
                written = time.perf_counter()
                back = da.from_zarr(path).compute()
                done = time.perf_counter()
                if not np.array_equal(back, data):
                    raise AssertionError(f"dask + zarr on {buffers}'s buffers read back different data")
                if index:
                    samples.setdefault(("write", buffers), []).append(written - started)
                    samples.setdefault(("read", buffers), []).append(done - written)
        if bufferspec.dask.ZarrBuffers.name in client.run_on_scheduler(_plugins):
            client.unregister_worker_plugin(bufferspec.dask.ZarrBuffers.name)
    return [(operation, statistics.median(samples[(operation, "zarr")]),
             statistics.median(samples[(operation, "bufferspec")])) for operation in ("write", "read")]


def _plugins(dask_scheduler: Any) -> list[str]:
    return list(dask_scheduler.worker_plugins)


def _time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    return f"{seconds * 1e3:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    """Run every row set; print the tables (and write them as Markdown with ``--markdown``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 MiB values, a small array, 2 rounds (a smoke test)")
    parser.add_argument("--rounds", type=int, default=None, help="batches per side (default 9; --quick: 2)")
    parser.add_argument("--markdown", type=Path, help="also write the tables as Markdown to this file")
    args = parser.parse_args(argv)
    if args.rounds is not None and args.rounds < 1:
        parser.error(f"--rounds: expected a positive number, got {args.rounds}")
    rounds = args.rounds or (2 if args.quick else 9)
    nbytes = (1 if args.quick else 64) << 20
    side, chunk = (400, 100) if args.quick else (4000, 500)
    info = machine_info()
    info += [("dask", _version("dask")), ("distributed", distributed.__version__)]
    for key, value in info:
        print(f"{key}: {value}")
    command = "python benchmarks/dask_transport.py" + (" --quick" if args.quick else "") + (
        f" --rounds {args.rounds}" if args.rounds else "")
    size = f"{nbytes >> 20} MiB"
    transport = ["| operation | value | bufferspec | numpy | bufferspec / numpy |", "|---|---|---|---|---|"]
    end_to_end = ["| dask + zarr | zarr's buffers | bufferspec | bufferspec / zarr |", "|---|---|---|---|"]
    status = 0
    try:
        for operation, name, ours, numpy_s in serialize_rows(nbytes, rounds):
            transport.append(f"| {operation} | {name} {size} | {_time(ours)} | {_time(numpy_s)} | "
                             f"{ours / numpy_s:.2f}x |")
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None, worker_dashboard_address=None,
                                      silence_logs=40) as cluster, distributed.Client(cluster) as client:
            for operation, name, ours, numpy_s in cluster_rows(client, nbytes, rounds):
                transport.append(f"| {operation} | {name} {size} | {_time(ours)} | {_time(numpy_s)} | "
                                 f"{ours / numpy_s:.2f}x |")
            shape = f"{side}x{side} f8, {chunk}x{chunk} chunks"
            for operation, zarr_s, ours in zarr_rows(client, side, chunk, rounds):
                end_to_end.append(f"| {operation} ({shape}) | {_time(zarr_s)} | {_time(ours)} | "
                                  f"{ours / zarr_s:.2f}x |")
    except Exception as exc:  # noqa: BLE001 - a failing row is reported; the rows so far are still printed
        print(f"error: {exc!r}", file=sys.stderr)
        status = 1
    print("\n".join(transport))
    print("\n".join(end_to_end))
    if args.markdown:
        lines = ["Machine: " + "; ".join(f"{k}: {v}" for k, v in info), "", f"Command: `{command}`", "",
                 *transport, "", *end_to_end, ""]
        args.markdown.write_text("\n".join(lines), encoding="utf-8")
    return status


def _version(module: str) -> str:
    from importlib.metadata import version

    return version(module)


if __name__ == "__main__":
    sys.exit(main())
