"""bufferspec buffers on a real ``distributed.LocalCluster``: 2 worker processes on 127.0.0.1.

Values made on a worker and gathered, scattered from the client, and moved
from one worker to another arrive bit-exact with their class, dtype (byte
order included), memory order and read-only flag; a zarr array written and
read through dask.array uses bufferspec's buffers on the workers, with a spy
in the store, before and after ``client.restart(timeout=WAIT)``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'bufferspec[dask]'")
da = pytest.importorskip("dask.array", reason="the dask extra is not installed: pip install 'bufferspec[dask]'")
pytest.importorskip("zarr", reason="the zarr extra is not installed")

import bufferspec.dask  # noqa: E402
from bufferspec import cpu  # noqa: E402
from tests import dask_spy  # noqa: E402

#: seconds any one cluster operation may take before the test fails instead of hanging
WAIT = 120

KINDS = ("Buffer", "Buffer read-only", "NDBuffer C", "NDBuffer F", "NDBuffer big-endian", "NDBuffer read-only")


def make(kind: str) -> Any:
    """The value of *kind*, the same in every process (runs on workers)."""
    array = np.arange(64 * 1024, dtype="f8").reshape(256, 256)
    if kind.startswith("Buffer"):
        raw = np.frombuffer(bytearray(array.tobytes()), dtype="B")
        raw.flags.writeable = "read-only" not in kind
        return cpu.Buffer.from_array_like(raw)
    if kind.endswith(" F"):
        array = np.asfortranarray(array)
    elif kind.endswith("big-endian"):
        array = array.astype(">f8")
    elif kind.endswith("read-only"):
        array.flags.writeable = False
    return cpu.NDBuffer.from_numpy_array(array)


def describe(value: Any) -> tuple[str, str, bool, bool, str]:
    """Class, dtype, Fortran order, writability and a digest of the bytes (runs on workers)."""
    array = value.as_numpy_array()
    fortran = array.ndim > 1 and array.flags.f_contiguous and not array.flags.c_contiguous
    digest = hashlib.sha256(array.tobytes(order="A")).hexdigest()
    return f"{type(value).__module__}.{type(value).__qualname__}", array.dtype.str, fortran, \
        bool(array.flags.writeable), digest


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, worker_dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as connected:
        yield connected


def _wait_for_exactly(client: Any, count: int) -> None:
    deadline = time.monotonic() + WAIT
    while len(client.scheduler_info()["workers"]) != count:
        assert time.monotonic() < deadline, f"the cluster did not settle at {count} workers"
        time.sleep(0.1)


def _workers(client: Any) -> list[str]:
    client.wait_for_workers(2, timeout=WAIT)
    workers = sorted(client.scheduler_info()["workers"])
    assert len(workers) >= 2
    return workers[:2]


@pytest.mark.parametrize("kind", KINDS)
def test_gather_of_a_value_made_on_a_worker(client: Any, kind: str) -> None:
    future = client.submit(make, kind, workers=_workers(client)[:1], pure=False)
    assert describe(future.result(timeout=WAIT)) == describe(make(kind))


@pytest.mark.parametrize("kind", KINDS)
def test_scatter_then_worker_to_worker(client: Any, kind: str) -> None:
    first, second = _workers(client)
    [scattered] = client.scatter([make(kind)], workers=[first])
    seen_on_second = client.submit(describe, scattered, workers=[second], allow_other_workers=False, pure=False)
    assert seen_on_second.result(timeout=WAIT) == describe(make(kind))
    who_has = client.who_has(scattered)
    assert second in who_has[scattered.key]  # really moved to the second worker


def test_workers_have_the_serializers_without_set_up(client: Any) -> None:
    assert set(client.run(bufferspec.dask.is_registered).values()) == {True}


def _zarr_round_trip(client: Any, path: Path) -> None:
    client.run(dask_spy.clear)
    data = np.arange(200 * 200, dtype="f8").reshape(200, 200)
    store = dask_spy.SpyStore(str(path))
    da.from_array(data, chunks=(50, 50)).to_zarr(store, component="a", overwrite=True, compute=True)
    read = da.from_zarr(dask_spy.SpyStore(str(path)), component="a").compute()
    np.testing.assert_array_equal(read, data)


def _seen(client: Any) -> set[str]:
    seen: set[str] = set()
    for names in client.run(dask_spy.seen).values():
        seen.update(names)
    return seen


def test_without_the_plugin_workers_keep_zarrs_buffers(client: Any, tmp_path: Path) -> None:
    if _has_plugin(client):
        client.unregister_worker_plugin(bufferspec.dask.ZarrBuffers.name)
    _zarr_round_trip(client, tmp_path / "plain.zarr")
    seen = _seen(client)
    assert seen and not any(name.startswith("bufferspec.") for name in seen), seen


def _has_plugin(client: Any) -> bool:
    plugins = client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.worker_plugins))
    return bufferspec.dask.ZarrBuffers.name in plugins


def test_the_plugin_puts_zarr_on_bufferspec_buffers_before_and_after_restart(client: Any, tmp_path: Path) -> None:
    client.register_plugin(bufferspec.dask.ZarrBuffers())
    try:
        _zarr_round_trip(client, tmp_path / "before.zarr")
        assert _seen(client) == {"set bufferspec.cpu.Buffer", "get bufferspec.cpu.Buffer"}
        client.restart(timeout=WAIT)
        _zarr_round_trip(client, tmp_path / "after.zarr")
        assert _seen(client) == {"set bufferspec.cpu.Buffer", "get bufferspec.cpu.Buffer"}
        client.cluster.scale(3)  # a worker that joins later
        client.wait_for_workers(3, timeout=WAIT)
        assert list(client.run(bufferspec.zarr.is_enabled).values()) == [True, True, True]
    finally:
        client.unregister_worker_plugin(bufferspec.dask.ZarrBuffers.name)
        client.cluster.scale(2)
        _wait_for_exactly(client, 2)
    assert set(client.run(bufferspec.zarr.is_enabled).values()) == {False}
