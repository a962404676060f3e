"""``benchmarks/bench.py --quick`` runs and prints every operation row (no timing assertions)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "bench.py"

# Every operation the performance issue lists (one row per operation and size).
EXPECTED_OPS = [
    "Buffer.from_bytes(bytes)",
    "Buffer.from_array_like(ndarray)",
    "Buffer.from_buffer(Buffer)",
    "Buffer.as_numpy_array()",
    "Buffer.as_array_like()",
    "Buffer.as_buffer_like()",
    "Buffer.to_bytes()",
    "len(Buffer)",
    "Buffer[a:b] slice",
    "Buffer[a:b] = ndarray slice-assign",
    "Buffer + Buffer",
    "Buffer.combine(others)",
    "Buffer == Buffer (equal, separate memory)",
    "NDBuffer.create(fill_value=0)",
    "NDBuffer.create(fill_value=1.5)",
    "NDBuffer.create(fill_value=None)",
    "NDBuffer.empty",
    "NDBuffer.from_numpy_array",
    "NDBuffer.as_numpy_array",
    "NDBuffer.reshape(flat)",
    "NDBuffer.transpose((1, 0))",
    "NDBuffer.astype('float32')",
    "NDBuffer.copy()",
    "NDBuffer[region] getitem",
    "NDBuffer[region] = scalar",
    "NDBuffer[region] = NDBuffer",
    "all_equal(1.5) uniform",
    "all_equal(nan) uniform NaN",
    "all_equal(0.0) bitwise",
    "all_equal(1.5) first element differs",
    "NDBuffer.as_scalar() 0-d",
    "isinstance(ndarray, NDArrayLike)",
    "isinstance(ndarray, ArrayLike)",
    "isinstance(list, NDArrayLike)",
    "conformance kit on the reference",
]


def test_bench_quick_runs_every_row(tmp_path: Path) -> None:
    markdown = tmp_path / "perf.md"
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--markdown", str(markdown)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    table = completed.stdout.split("\nop ", 1)[-1]  # the aligned table printed at the end
    lines = table.splitlines()
    for op in EXPECTED_OPS:
        rows = [line for line in lines if line.startswith(op + " ")]
        assert rows, f"no row for {op!r} in:\n{table}"
        assert not any(" error" in row for row in rows), rows
    assert "zero-copy" in completed.stdout
    for item in ("CPU", "Python", "numpy", "zarr"):
        assert f"{item}:" in completed.stdout
    if importlib.util.find_spec("zarr") is None:
        # Without zarr its columns say n/a, and the run still succeeds.
        from_bytes = next(line for line in lines if line.startswith("Buffer.from_bytes(bytes) "))
        assert "n/a" in from_bytes
    text = markdown.read_text(encoding="utf-8")
    assert "| op |" in text and "Buffer.from_bytes(bytes)" in text


def test_bench_runs_reports_median_and_range() -> None:
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--runs", "2", "--only", "Buffer.from_bytes"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    assert "--- run 2 of 2 ---" in completed.stdout
    table = completed.stdout.split("\nop ", 1)[-1]
    rows = [line for line in table.splitlines() if line.startswith("Buffer.from_bytes(bytes) ")]
    sizes = [row.split()[1] + row.split()[2] for row in rows]
    assert rows and len(sizes) == len(set(sizes)), table  # one line per size, not one per run
    assert all("–" in row for row in rows), rows  # each ratio followed by its range over runs


def test_bench_rejects_bad_runs() -> None:
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--runs", "0"], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 2
    assert "--runs" in completed.stderr and "positive integer" in completed.stderr


def test_breakdown_quick_prints_every_ladder() -> None:
    breakdown = ROOT / "benchmarks" / "breakdown.py"
    completed = subprocess.run(
        [sys.executable, str(breakdown), "--quick", "--runs", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    for operation in (
        "Buffer.from_array_like(ndarray)",
        "Buffer.from_buffer(Buffer)",
        "Buffer[a:b] slice",
        "NDBuffer.from_numpy_array(ndarray)",
        "NDBuffer[region] getitem",
    ):
        section = completed.stdout.split(f"\n{operation}\n", 1)
        assert len(section) == 2, f"no ladder for {operation!r}"
        table = section[1].split("\n\n", 1)[0]
        assert table.count("\n| ") >= 4, table  # header, separator, NumPy, floor, steps
        assert "| numpy: " in table and "| floor: " in table
        # --runs 2: every ratio comes with its range over the two passes
        rows = [row for row in table.splitlines() if row.startswith("| ") and not row.startswith("| step")]
        assert rows and all("x (" in row for row in rows), table


def test_breakdown_refuses_zero_runs() -> None:
    breakdown = ROOT / "benchmarks" / "breakdown.py"
    completed = subprocess.run(
        [sys.executable, str(breakdown), "--runs", "0"], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 2
    assert "--runs" in completed.stderr


def test_zarr_end_to_end_quick_runs_every_case(tmp_path: Path) -> None:
    if importlib.util.find_spec("zarr") is None:
        import pytest

        pytest.skip("zarr is not installed: pip install 'bufferspec[zarr]'")
    markdown = tmp_path / "e2e.md"
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "zarr_e2e.py"), "--quick", "--markdown", str(markdown)],
        capture_output=True, text=True, timeout=600, cwd=ROOT, check=False,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    for case in ("many small chunks", "few large chunks", "half-empty array", "zstd"):
        for operation in ("write", "read"):
            rows = [line for line in completed.stdout.splitlines() if line.startswith(f"| {case}")
                    and f"| {operation} |" in line]
            assert len(rows) == 1 and rows[0].rstrip().endswith("x |"), (case, operation, completed.stdout[-2000:])
    assert "| case | operation |" in markdown.read_text(encoding="utf-8")


def test_dask_transport_quick_runs_every_row(tmp_path: Path) -> None:
    if importlib.util.find_spec("distributed") is None or importlib.util.find_spec("zarr") is None:
        import pytest

        pytest.skip("the dask and zarr extras are not installed: pip install 'bufferspec[dask,zarr]'")
    markdown = tmp_path / "dask.md"
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "dask_transport.py"), "--quick", "--markdown", str(markdown)],
        capture_output=True, text=True, timeout=600, cwd=ROOT, check=False,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    lines = completed.stdout.splitlines()
    for operation in ("serialize", "deserialize", "gather", "scatter"):
        for value in ("NDBuffer", "Buffer"):
            rows = [line for line in lines if line.startswith(f"| {operation} | {value} ")]
            assert len(rows) == 1 and rows[0].rstrip().endswith("x |"), (operation, value, completed.stdout[-2000:])
    for operation in ("write", "read"):
        rows = [line for line in lines if line.startswith(f"| {operation} (")]
        assert len(rows) == 1 and rows[0].rstrip().endswith("x |"), (operation, completed.stdout[-2000:])
    assert "| operation | value |" in markdown.read_text(encoding="utf-8")
