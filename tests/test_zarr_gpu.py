"""``bufferspec.zarr.enable(device="gpu")``: zarr on ``bufferspec.gpu`` buffers.

On a CUDA device when there is one, else on the CPU stand-in for CuPy
(``tests/fake_cupy``, see ``tests/test_gpu.py``).  A zarr array is written
from a device array and read back, the store receiving ``bufferspec.gpu``
Buffers; everything is put back by ``disable()``.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

zarr = pytest.importorskip("zarr", reason="the zarr extra is not installed: pip install 'bufferspec[zarr]'")

import bufferspec.zarr  # noqa: E402
from tests.test_gpu import STAND_IN, gpu  # noqa: E402,F401 - the fixture: bufferspec.gpu on a device or the stand-in


@pytest.fixture
def on_gpu(gpu: ModuleType) -> Iterator[ModuleType]:  # noqa: F811 - the imported fixture
    """zarr switched to bufferspec.gpu for one test, and back."""
    before = {key: zarr.config.get(key) for key in ("buffer", "ndbuffer")}
    bufferspec.zarr.enable(device="gpu")
    try:
        yield gpu
    finally:
        bufferspec.zarr.disable()
        assert {key: zarr.config.get(key) for key in ("buffer", "ndbuffer")} == before


@pytest.mark.parametrize("compressors", [None, "auto"], ids=["uncompressed", "default compressor"])
def test_a_zarr_array_round_trips_through_gpu_buffers(on_gpu: ModuleType, compressors: Any) -> None:
    cp = sys.modules["cupy"]
    stored: dict[str, Any] = {}
    array = zarr.create_array(zarr.storage.MemoryStore(stored), shape=(8, 8), chunks=(4, 4), dtype="f8",
                              fill_value=0.0, compressors=compressors)
    data = np.arange(64.0).reshape(8, 8)
    array[:] = cp.asarray(data)
    assert {type(value) for value in stored.values()} == {on_gpu.Buffer}
    back = array[:]
    assert isinstance(back, cp.ndarray)
    np.testing.assert_array_equal(cp.asnumpy(back), data)
    np.testing.assert_array_equal(cp.asnumpy(array[1:3, 2]), data[1:3, 2])


def test_chunks_of_only_the_fill_value_are_skipped_on_the_device(on_gpu: ModuleType) -> None:
    cp = sys.modules["cupy"]
    stored: dict[str, Any] = {}
    array = zarr.create_array(zarr.storage.MemoryStore(stored), shape=(8, 8), chunks=(4, 4), dtype="f4",
                              fill_value=-0.0, config={"write_empty_chunks": False})
    data = np.full((8, 8), -0.0, "f4")
    data[:4, :4] = 0.0  # +0.0 is not the fill value -0.0: this chunk must be written
    array[:] = cp.asarray(data)
    assert sorted(key for key in stored if key != "zarr.json") == ["c/0/0"]


def test_enable_gpu_selects_and_disable_restores(on_gpu: ModuleType) -> None:
    assert zarr.config.get("buffer") == bufferspec.zarr.GPU_BUFFER_KEY == "bufferspec.gpu.Buffer"
    assert zarr.config.get("ndbuffer") == bufferspec.zarr.GPU_NDBUFFER_KEY
    assert bufferspec.zarr.is_enabled()
    zarr_buffer = importlib.import_module("zarr.abc.buffer").Buffer
    assert isinstance(on_gpu.Buffer.from_bytes(b"x"), zarr_buffer)  # stores accept it


def test_host_arrays_written_in_gpu_mode_are_refused_clearly(on_gpu: ModuleType) -> None:
    array = zarr.create_array(zarr.storage.MemoryStore(), shape=(4,), chunks=(2,), dtype="i4")
    with pytest.raises(TypeError, match="ndarray_like: .*host memory"):
        array[:] = np.arange(4, dtype="i4")


def test_an_unknown_device_is_refused_and_changes_nothing() -> None:
    before = {key: zarr.config.get(key) for key in ("buffer", "ndbuffer")}
    with pytest.raises(ValueError, match="^device: expected 'cpu' or 'gpu', got 'tpu'"):
        bufferspec.zarr.enable(device="tpu")  # type: ignore[arg-type]
    assert {key: zarr.config.get(key) for key in ("buffer", "ndbuffer")} == before
    assert not bufferspec.zarr.is_enabled()


def test_without_a_device_enable_gpu_raises_import_error_and_changes_nothing() -> None:
    code = textwrap.dedent("""
        import sys
        sys.modules['cupy'] = None  # as if CuPy were not installed
        import zarr, bufferspec.zarr
        before = zarr.config.get('buffer')
        try:
            bufferspec.zarr.enable(device='gpu')
        except ImportError as exc:
            print('ImportError:', exc)
        assert zarr.config.get('buffer') == before and not bufferspec.zarr.is_enabled()
        assert not bufferspec.zarr.is_connected()
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                          cwd=Path(__file__).parent, check=False)
    assert done.returncode == 0, done.stderr
    assert "ImportError: bufferspec.gpu needs CuPy" in done.stdout


def test_the_environment_can_select_the_gpu_classes() -> None:
    code = textwrap.dedent("""
        import numpy as np, zarr, cupy as cp
        stored = {}
        array = zarr.create_array(zarr.storage.MemoryStore(stored), shape=(4,), chunks=(2,), dtype='i4')
        array[:] = cp.asarray(np.arange(4, dtype='i4'))
        print(sorted({type(v).__module__ + '.' + type(v).__name__ for v in stored.values()}))
    """)
    path = [] if os.environ.get("BUFFERSPEC_GPU") != "stand-in" and _has_real_cupy() else [str(STAND_IN)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in path + sys.path if p),
           "ZARR_BUFFER": "bufferspec.gpu.Buffer", "ZARR_NDBUFFER": "bufferspec.gpu.NDBuffer"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                          cwd=Path(__file__).parent, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['bufferspec.gpu.Buffer']"


def _has_real_cupy() -> bool:
    from tests.test_gpu import _real_device

    return _real_device()
