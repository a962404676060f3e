"""Everything of the GPU work that needs a CUDA device, in one run: ``python -m conformance.gpu_device_run``.

Usage (on the device machine, from the repository root)::

    python -m conformance.gpu_device_run --out "$OUT" [--wheels DIR] [--quick]

Steps, each recorded even when another fails (``status.json`` says which
passed), all output under ``--out``:

1. ``environment.json``: device, compute capability, CUDA driver and runtime,
   CuPy, NumPy, Python, zarr.
2. The kit on ``bufferspec.gpu`` with ``conformance/expected/gpu.toml``:
   ``matrix/gpu.json``, the matrix column to commit as
   ``conformance/matrix/gpu.json`` (then ``python -m conformance.matrix
   --write`` elsewhere re-renders the page from it).  Also
   ``reports/gpu.json``, the full report without expected failures.
3. The kit on zarr's ``zarr.buffer.gpu``: ``reports/zarr-gpu.json``, and a
   draft ``expected/zarr-gpu-X.Y.toml`` with the kit's own reason for every
   failure, to review and commit (then ``matrix/zarr-gpu-X.Y.json``, if that
   file already exists in the checkout, is recorded too).
4. ``pytest tests/test_gpu.py tests/test_zarr_gpu.py`` on device memory:
   ``pytest.log`` and ``pytest.xml``.
5. ``bench.md`` / ``bench.json``: host-to-device and device-to-host copies,
   ``all_equal`` and ``combine`` on the device, against raw CuPy; and zarr
   writes and reads through ``bufferspec.gpu`` against ``zarr.buffer.gpu``.

The device machine has CuPy, NumPy, pytest and hypothesis but no package
index: ``--wheels DIR`` installs what else is needed (typing-extensions,
zarr and its pure-Python dependencies, numcodecs for the device's Python)
from a folder of wheels brought along, with ``pip install --no-index``.
bufferspec itself is used from ``src/`` (no install needed).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import json
import platform
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _install_wheels(wheels: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-index", "--find-links", str(wheels),
                           "typing-extensions", "zarr"], capture_output=True, text=True, check=False)
    return done.stdout[-2000:] + done.stderr[-2000:]


def environment() -> dict[str, Any]:
    """The device and the software versions the results belong to."""
    import numpy as np

    gpu = importlib.import_module("bufferspec.gpu")
    info: dict[str, Any] = {"python": platform.python_version(), "numpy": np.__version__,
                            "device": gpu.device_description()}
    try:
        info["zarr"] = importlib.metadata.version("zarr")
    except importlib.metadata.PackageNotFoundError:
        info["zarr"] = None
    return info


def _folders(out: Path) -> None:
    for name in ("matrix", "reports", "expected"):
        (out / name).mkdir(exist_ok=True)


def kit_gpu(out: Path) -> dict[str, Any]:
    """Step 2: the kit on bufferspec.gpu: the matrix column, and the full report without expected failures."""
    from bufferspec.conformance import run
    from conformance.matrix import column_data
    from conformance.suites import Availability, expected_failures

    _folders(out)
    gpu = importlib.import_module("bufferspec.gpu")
    target = "bufferspec.gpu:buffer_prototype"
    available = Availability("gpu", importlib.metadata.version("bufferspec"), device=gpu.device_description())
    report = run(target, expected_failures=expected_failures("gpu"))
    (out / "matrix" / "gpu.json").write_text(
        json.dumps(column_data(target, available, report), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (out / "reports" / "gpu.json").write_text(run(target).to_json() + "\n", encoding="utf-8")
    return {"summary": report.summary_line()}


def kit_zarr_gpu(out: Path) -> dict[str, Any]:
    """Step 3: the kit on zarr.buffer.gpu: the full report, a draft expected file, the column if one is committed."""
    from bufferspec.conformance import Status, run
    from conformance.matrix import column_data
    from conformance.suites import EXPECTED_DIR, Availability, expected_failures

    _folders(out)
    gpu = importlib.import_module("bufferspec.gpu")
    zarr_version = importlib.metadata.version("zarr")
    column = "zarr-gpu-" + ".".join(zarr_version.split(".")[:2])
    target = "zarr.buffer.gpu:buffer_prototype"
    raw = run(target)
    (out / "reports" / "zarr-gpu.json").write_text(raw.to_json() + "\n", encoding="utf-8")
    device = gpu.device_description()
    lines = [f"# zarr-python {zarr_version} zarr.buffer.gpu, checked with the default examples on {device['device']}",
             "# (CuPy " + device["cupy"] + "): the kit's own reason for each failure. A draft: review it.", "",
             "[expected_failures]"]
    for result in raw.results:
        if result.status in (Status.FAIL, Status.ERROR):
            reason = " ".join(result.reason.split())[:400].replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'"{result.id}" = "zarr {zarr_version}: {reason}"')
    (out / "expected" / f"{column}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = {"without expected failures": raw.summary_line()}
    if (EXPECTED_DIR / f"{column}.toml").is_file():  # a reviewed file is committed: record the column too
        available = Availability(column, zarr_version, device=device)
        recorded = run(target, expected_failures=expected_failures(column))
        (out / "matrix" / f"{column}.json").write_text(
            json.dumps(column_data(target, available, recorded), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        summary[column] = recorded.summary_line()
    return summary


def device_tests(out: Path) -> dict[str, Any]:
    """Step 4: this repository's GPU tests on real device memory."""
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rA",
                           f"--junitxml={out / 'pytest.xml'}", "tests/test_gpu.py", "tests/test_zarr_gpu.py"],
                          cwd=ROOT, capture_output=True, text=True, check=False, timeout=600)
    (out / "pytest.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        raise RuntimeError(f"pytest exited {done.returncode}; see pytest.log")
    return {"pytest": done.stdout.strip().splitlines()[-1]}


def _median_seconds(action: Callable[[], object], sync: Callable[[], None], repeat: int) -> float:
    action()
    sync()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        sync()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def benchmark(out: Path, quick: bool) -> dict[str, Any]:
    """Step 5: bufferspec.gpu against raw CuPy, and zarr through bufferspec.gpu against zarr.buffer.gpu."""
    import cupy as cp
    import numpy as np

    gpu = importlib.import_module("bufferspec.gpu")
    sync = cp.cuda.Device().synchronize
    repeat = 5 if quick else 25
    nbytes = (4 if quick else 64) << 20
    host_bytes = np.random.default_rng(0).integers(0, 255, nbytes, dtype=np.uint8).tobytes()
    host_array = np.frombuffer(host_bytes, dtype="f8").reshape(-1, 1024).copy()
    device_array = cp.asarray(host_array)
    zeros = cp.zeros(nbytes // 8)
    nd_zeros = gpu.NDBuffer.from_ndarray_like(zeros)
    pieces = [cp.asarray(np.frombuffer(host_bytes[i << 20:(i + 1) << 20], dtype="B")) for i in range(10)]
    buffers = [gpu.Buffer.from_array_like(piece) for piece in pieces]
    size = f"{nbytes >> 20} MiB"
    rows: list[tuple[str, str, float, float]] = []

    def row(name: str, ours: Callable[[], object], raw: Callable[[], object], raw_text: str) -> None:
        rows.append((name, raw_text, _median_seconds(ours, sync, repeat), _median_seconds(raw, sync, repeat)))

    row(f"Buffer.from_bytes (host to device, {size})", lambda: gpu.Buffer.from_bytes(host_bytes),
        lambda: cp.asarray(np.frombuffer(host_bytes, dtype="B")), "cp.asarray(np.frombuffer(b, 'B'))")
    row(f"NDBuffer.from_numpy_array (host to device, {size})", lambda: gpu.NDBuffer.from_numpy_array(host_array),
        lambda: cp.asarray(host_array), "cp.asarray(a)")
    nd = gpu.NDBuffer.from_ndarray_like(device_array)
    row(f"NDBuffer.as_numpy_array (device to host, {size})", nd.as_numpy_array, lambda: cp.asnumpy(device_array),
        "cp.asnumpy(a)")
    row(f"all_equal(0.0) on the device, {size} of zeros (a full scan)", lambda: nd_zeros.all_equal(np.float64(0.0)),
        lambda: bool((zeros == 0.0).all()), "bool((a == 0.0).all())")
    row("Buffer.combine, 10 x 1 MiB on the device", lambda: buffers[0].combine(buffers[1:]),
        lambda: cp.concatenate(pieces), "cp.concatenate(pieces)")
    lines = [f"Device: {json.dumps(gpu.device_description())}; {repeat} timed runs per row, medians", "",
             "| operation | raw CuPy | bufferspec.gpu | CuPy | bufferspec / CuPy |", "|---|---|---:|---:|---:|"]
    lines += [f"| {name} | `{raw_text}` | {ours * 1e3:.3f} ms | {raw * 1e3:.3f} ms | {ours / raw:.2f}x |"
              for name, raw_text, ours, raw in rows]
    document: dict[str, Any] = {"rows": rows, "repeat": repeat}
    try:  # the first table is kept even if zarr fails
        zarr_rows = _zarr_benchmark(gpu, cp, np, sync, quick)
    except Exception as exc:
        lines += ["", f"zarr rows failed: {type(exc).__name__}: {exc}"]
        raise
    else:
        lines += ["", "| zarr on the device | zarr.buffer.gpu | bufferspec.gpu | bufferspec / zarr |",
                  "|---|---:|---:|---:|"]
        lines += [f"| {name} | {theirs * 1e3:.2f} ms | {ours * 1e3:.2f} ms | {ours / theirs:.2f}x |"
                  for name, theirs, ours in zarr_rows]
        document["zarr"] = zarr_rows
    finally:
        (out / "bench.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (out / "bench.json").write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    return {"bench": f"{len(rows)} rows, {len(zarr_rows)} zarr rows"}


def _zarr_benchmark(gpu: Any, cp: Any, np: Any, sync: Callable[[], None], quick: bool) -> list[tuple[str, float, float]]:
    import zarr

    import bufferspec.zarr

    side, chunk = (1024, 256) if quick else (4096, 512)
    data = cp.random.default_rng(0).random((side, side), dtype="f4")
    expected = cp.asnumpy(data)
    times: dict[tuple[str, str], list[float]] = {}
    for index in range(3 if quick else 7):
        for side_name in ("zarr", "bufferspec"):
            if side_name == "zarr":
                context: Any = zarr.config.enable_gpu()
            else:
                context = bufferspec.zarr.enabled(device="gpu")
            with context:
                array = zarr.create_array(zarr.storage.MemoryStore(), shape=(side, side), chunks=(chunk, chunk),
                                          dtype="f4", compressors=None)
                started = time.perf_counter()
                array[:] = data
                sync()
                written = time.perf_counter()
                back = array[:]
                sync()
                done = time.perf_counter()
            if not np.array_equal(cp.asnumpy(back), expected):
                raise AssertionError(f"zarr on {side_name}'s GPU buffers read back different data")
            if index:
                times.setdefault(("write", side_name), []).append(written - started)
                times.setdefault(("read", side_name), []).append(done - written)
    shape = f"{side}x{side} f4, {chunk}x{chunk} chunks, uncompressed"
    return [(f"{operation} ({shape})", statistics.median(times[(operation, "zarr")]),
             statistics.median(times[(operation, "bufferspec")])) for operation in ("write", "read")]


def main(argv: list[str] | None = None) -> int:
    """Run every step; exit 1 if any failed (the others still ran)."""
    parser = argparse.ArgumentParser(prog="python -m conformance.gpu_device_run", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for every result")
    parser.add_argument("--wheels", type=Path, help="folder of wheels to install first (no package index)")
    parser.add_argument("--quick", action="store_true", help="smaller benchmark (a smoke test)")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    status: dict[str, Any] = {}
    if args.wheels is not None:
        status["wheels"] = {"ok": True, "log": _install_wheels(args.wheels)}
    steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("environment", lambda: environment()),
        ("kit on bufferspec.gpu", lambda: kit_gpu(out)),
        ("kit on zarr.buffer.gpu", lambda: kit_zarr_gpu(out)),
        ("tests", lambda: device_tests(out)),
        ("benchmark", lambda: benchmark(out, args.quick)),
    ]
    for name, step in steps:
        started = time.perf_counter()
        try:
            result = step()
            status[name] = {"ok": True, "seconds": round(time.perf_counter() - started, 1), **result}
            if name == "environment":
                (out / "environment.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        except Exception:  # noqa: BLE001 - every step is recorded, even a failing one
            status[name] = {"ok": False, "seconds": round(time.perf_counter() - started, 1),
                            "error": traceback.format_exc()[-3000:]}
        print(f"{name}: {'ok' if status[name]['ok'] else 'FAILED'} ({status[name]['seconds']} s)", flush=True)
    (out / "status.json").write_text(json.dumps(status, indent=1, default=str) + "\n", encoding="utf-8")
    return 0 if all(step.get("ok") for step in status.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
