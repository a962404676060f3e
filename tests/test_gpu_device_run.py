"""``python -m conformance.gpu_device_run``, rehearsed on the CPU with the CuPy stand-in.

A GPU machine is lent rarely and briefly, so the one script it runs is
rehearsed here: every step runs, writes what it promises, and a step that
fails (the zarr side of the benchmark: zarr's own GPU buffers need real
CuPy) is recorded without stopping the others.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.matrix import render
from tests.test_gpu import STAND_IN

pytest.importorskip("zarr", reason="the zarr extra is not installed: pip install 'bufferspec[zarr]'")

ROOT = Path(__file__).resolve().parent.parent


def test_the_device_script_runs_every_step_and_writes_the_gpu_column(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(STAND_IN), *(p for p in sys.path if p)])}
    done = subprocess.run([sys.executable, "-m", "conformance.gpu_device_run", "--out", str(out), "--quick"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    status = json.loads((out / "status.json").read_text(encoding="utf-8"))
    assert list(status) == ["environment", "kit on bufferspec.gpu", "kit on zarr.buffer.gpu", "tests", "benchmark"]
    for step in ("environment", "kit on bufferspec.gpu", "kit on zarr.buffer.gpu", "tests"):
        assert status[step]["ok"], (step, status[step], done.stdout[-2000:])
    assert done.returncode == (0 if status["benchmark"]["ok"] else 1)

    column = json.loads((out / "matrix" / "gpu.json").read_text(encoding="utf-8"))
    assert column["device"]["cupy"].endswith("+fake") and column["column"] == "gpu"
    assert sum(1 for s in column["statuses"].values() if s == "XFAIL") == 14
    assert not {"FAIL", "ERROR", "XPASS"} & set(column["statuses"].values())
    assert "| gpu | fake cupy device (CPU memory) |" in render([column], list(column["statuses"]))
    assert (out / "reports" / "zarr-gpu.json").is_file()
    draft = next((out / "expected").glob("zarr-gpu-*.toml")).read_text(encoding="utf-8")
    assert draft.count("\n\"") >= 1 and "[expected_failures]" in draft
    assert "passed" in (out / "pytest.log").read_text(encoding="utf-8")
    bench = (out / "bench.md").read_text(encoding="utf-8")
    for row in ("Buffer.from_bytes", "NDBuffer.from_numpy_array", "NDBuffer.as_numpy_array", "all_equal(0.0)",
                "Buffer.combine"):
        assert f"| {row}" in bench
